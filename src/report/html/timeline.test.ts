/** The timeline as drawn: TwiML audio before the stream is labelled as such, not drawn as the agent's speech. */
import { describe, expect, it } from 'vitest';
import { syntheticCall, syntheticTwimlCall } from '../test-calls.ts';
import { timelineData } from './timeline-data.ts';
import { timelineSection, timelineSvg } from './timeline.ts';

/** Each `<g class="twiml-audio">` group of the SVG. */
const twimlGroups = (svg: string): string[] =>
  svg.match(/<g class="twiml-audio"[^>]*>.*?<\/g>/g) ?? [];

describe('timeline SVG: TwiML audio before the stream', () => {
  const svg = timelineSvg(timelineData(syntheticTwimlCall()));

  it('draws each <Say>, <Pause> and <Play> as a labelled, dashed TwiML bar with its text or URL', () => {
    const groups = twimlGroups(svg);
    expect(groups.map((g) => /data-verb="(\w+)"/.exec(g)?.[1])).toEqual(['say', 'pause', 'play']);
    const [say, pause, play] = groups;
    // Labels and tooltips name the verb and what it said or played (escaped: it is markup).
    expect(say).toContain('&lt;Say&gt; &quot;Welcome to Acme Dental.&quot;');
    expect(say).toContain(
      '<title>TwiML &lt;Say&gt; before the stream (rendered offline by flite:slt): 0–2,400 ms (2,400 ms) — &quot;Welcome to Acme Dental.&quot;</title>',
    );
    expect(say).toContain('stroke-dasharray="4 2"');
    expect(play).toContain('>&lt;Play&gt; chime.'); // the file name, as much as fits
    expect(play).toContain('— https://example.com/chime.wav</title>');
    expect(play).toContain('<title>TwiML &lt;Play&gt; before the stream: 3,400–4,400 ms');
    // A pause is silence: outlined only.
    expect(pause).toContain('fill="none"');
    expect(say).not.toContain('fill="none"');
  });

  it('draws only the agent speech outside the TwiML audio as the agent speech heard', () => {
    const agentBars = [...svg.matchAll(/<title>agent speech as heard: ([^<]*)<\/title>/g)].map(
      (m) => m[1],
    );
    // The <Say> (200–2,300 ms) and the chime are TwiML; the streamed greeting goes on from 4,400 ms.
    expect(agentBars).toEqual(['4,400–6,200 ms (1,800 ms)', '8,600–9,800 ms (1,200 ms)']);
  });

  it('marks where the stream opened and says the clock starts at the answer', () => {
    expect(svg).toContain('<g class="stream-opened">');
    expect(svg).toContain('the media stream opened at 4,500 ms');
    expect(svg).toContain('time since the call was answered (s)');
    expect(svg).not.toContain('time since the stream opened');
  });

  it('adds TwiML to the legend only for calls that had it', () => {
    expect(timelineSection(syntheticTwimlCall(), null)).toContain(
      'TwiML &lt;Say&gt;/&lt;Play&gt; before the stream',
    );
    const plain = syntheticCall({
      callId: 'call-0001',
      turns: [{ callerMs: [500, 1500], agentMs: [2100, 3000] }],
    });
    const section = timelineSection(plain, null);
    expect(section).not.toContain('TwiML');
    expect(section).not.toContain('stream-opened');
    expect(section).toContain('time since the stream opened (s)');
    expect(twimlGroups(section)).toEqual([]);
  });

  it('shortens a long <Say> label to its bar and keeps the whole text in the tooltip', () => {
    const call = syntheticTwimlCall();
    const long = 'Thank you for calling Acme Dental, where your smile is our business. '.repeat(4);
    const events = call.events.map((e) =>
      e.type === 'twiml_audio' && e.verb === 'say' ? { ...e, what: long } : e,
    );
    const [say] = twimlGroups(timelineSvg(timelineData({ ...call, events })));
    const label = /<text[^>]*>([^<]*)<\/text>/.exec(say)?.[1] ?? '';
    expect(label.endsWith('…')).toBe(true);
    expect(label.length).toBeLessThan(long.length);
    expect(say).toContain(`${long}&quot;</title>`);
  });
});
