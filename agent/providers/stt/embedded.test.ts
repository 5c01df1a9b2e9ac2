import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulawEncode } from '../../../src/audio/mulaw.ts';
import { lineNoise, mixInto } from '../../../src/audio/noise.ts';
import { FliteTts } from '../../../src/speech/flite.ts';
import { normalizeTranscript } from '../../../src/speech/recognizer/normalize.ts';
import { concatBytes, silenceMulaw, twilioFrames } from '../testing/audio-fixtures.ts';
import type { SttContext, SttEvent } from '../types.ts';
import { EmbeddedStt } from './embedded.ts';

let tts: FliteTts;
let stt: EmbeddedStt;

beforeAll(async () => {
  [tts, stt] = await Promise.all([FliteTts.create({ workers: 1 }), EmbeddedStt.create()]);
});
afterAll(async () => {
  await tts.close();
});

/** Says `text` (slt voice) with `leadMs` of silence before and `tailMs` after, through a stream; returns its events. */
async function hear(
  text: string,
  context: SttContext,
  leadMs = 300,
  tailMs = 2000,
): Promise<{ events: SttEvent[]; speechMs: number }> {
  const speech = mulawEncode(await tts.synthesize(text, { voice: 'slt', rate: 1 }));
  const stream = await stt.open(context, new AbortController().signal);
  for (const frame of twilioFrames(
    concatBytes([silenceMulaw(leadMs), speech, silenceMulaw(tailMs)]),
  ))
    if (frame.length === 160) stream.push(frame);
  await stream.close();
  const events: SttEvent[] = [];
  for await (const e of stream.events) events.push(e);
  return { events, speechMs: speech.length / 8 };
}

function finals(events: SttEvent[]) {
  return events.flatMap((e) => (e.type === 'final' ? [e] : []));
}

describe('EmbeddedStt', () => {
  it('hears a spelled order code with the grammar of its shape and ends the turn soon after a complete code', async () => {
    const { events, speechMs } = await hear('A as in apple, B as in boy, 3 7 9 2', {
      expectation: 'code',
      shape: 'LLDDDD',
    });
    const [final] = finals(events);
    expect(final).toBeDefined();
    expect(normalizeTranscript('code', final.text, { shape: 'LLDDDD' })).toBe('AB3792');
    const started = events.find((e) => e.type === 'speech_started');
    expect(started?.type === 'speech_started' && started.atAudioMs).toBeGreaterThanOrEqual(200);
    // The speech ends within the synthesized audio (flite pads a little silence at the end).
    expect(final.speechEndAudioMs).toBeLessThanOrEqual(300 + speechMs + 40);
    expect(final.speechEndAudioMs).toBeGreaterThan(300 + speechMs - 400);
    expect(final.atAudioMs - final.speechEndAudioMs).toBeLessThan(400);
  });

  it('hears a ten-digit phone number and a yes', async () => {
    const phone = finals((await hear('4 1 5, 5 5 5, 0 1 3 4', { expectation: 'phone' })).events);
    expect(phone.map((f) => normalizeTranscript('phone', f.text))).toEqual(['4155550134']);
    const yes = finals((await hear('yes, that is right', { expectation: 'yes_no' })).events);
    expect(yes.map((f) => normalizeTranscript('yes_no', f.text))).toEqual(['yes']);
  });

  it('hears a correction in the same breath at a read-back, and still a plain yes or no', async () => {
    const readback = {
      expectation: 'yes_no',
      correction: { expectation: 'code', shape: 'LLDDDD' },
    } as const;
    const corrected = finals(
      (await hear("no, it's A as in apple, B as in boy, 3 7 9 2", readback)).events,
    );
    expect(corrected).toHaveLength(1);
    expect(normalizeTranscript('code', corrected[0].text, { shape: 'LLDDDD' })).toBe('AB3792');
    expect(normalizeTranscript('yes_no', corrected[0].text)).toBe('no');
    for (const answer of ['yes', 'no'] as const) {
      const plain = finals(
        (await hear(answer === 'yes' ? 'yes, that is right' : 'no', readback)).events,
      );
      expect(
        plain.map((f) => normalizeTranscript('yes_no', f.text)),
        `${answer}: ${plain.map((f) => f.text).join(' / ')}`,
      ).toEqual([answer]);
    }
  });

  it('waits longer after digits that do not yet make a phone number (callers pause between groups)', async () => {
    const [final] = finals((await hear('4 1 5', { expectation: 'phone' })).events);
    expect(final.atAudioMs - final.speechEndAudioMs).toBeGreaterThanOrEqual(1200);
  });

  it('takes no onset from line noise, not even while the VAD adapts at the start of a stream', async () => {
    for (const dbfs of [-60, -45, -35]) {
      const stream = await stt.open({ expectation: 'free' }, new AbortController().signal);
      for (const frame of twilioFrames(mulawEncode(lineNoise(8000 * 3, dbfs, 7))))
        stream.push(frame);
      await stream.close();
      const events: SttEvent[] = [];
      for await (const e of stream.events) events.push(e);
      expect(events, `line noise at ${dbfs} dBFS`).toEqual([]);
    }
  });

  it('still hears a caller over a noisy line (−40 dBFS)', async () => {
    const speech = await tts.synthesize('9 4 1 1 0', { voice: 'kal', rate: 1 });
    const pcm = new Int16Array(8000 * 5);
    pcm.set(speech, 8000);
    mixInto(pcm, lineNoise(pcm.length, -40, 5), 0);
    const stream = await stt.open({ expectation: 'zip' }, new AbortController().signal);
    for (const frame of twilioFrames(mulawEncode(pcm))) stream.push(frame);
    await stream.close();
    const events: SttEvent[] = [];
    for await (const e of stream.events) events.push(e);
    expect(finals(events).map((f) => normalizeTranscript('zip', f.text))).toEqual(['94110']);
  });

  it('emits nothing for silence, and applies a new context from the next utterance', async () => {
    const stream = await stt.open({ expectation: 'free' }, new AbortController().signal);
    stream.setContext({ expectation: 'zip' });
    const speech = mulawEncode(await tts.synthesize('9 4 1 1 0', { voice: 'slt', rate: 1 }));
    for (const frame of twilioFrames(silenceMulaw(3000))) stream.push(frame);
    for (const frame of twilioFrames(concatBytes([silenceMulaw(200), speech, silenceMulaw(1500)])))
      if (frame.length === 160) stream.push(frame);
    await stream.close();
    const events: SttEvent[] = [];
    for await (const e of stream.events) events.push(e);
    expect(finals(events).map((f) => normalizeTranscript('zip', f.text))).toEqual(['94110']);
    expect(events.filter((e) => e.type === 'speech_started')).toHaveLength(1);
  });

  it('hears a phone number said in groups with a long pause (the pause is not decoded; its last frames go back in as pre-roll)', async () => {
    const first = mulawEncode(await tts.synthesize('4 1 5', { voice: 'slt', rate: 1 }));
    const second = mulawEncode(await tts.synthesize('5 5 5 0 1 3 4', { voice: 'slt', rate: 1 }));
    const stream = await stt.open({ expectation: 'phone' }, new AbortController().signal);
    for (const frame of twilioFrames(
      concatBytes([silenceMulaw(300), first, silenceMulaw(500), second, silenceMulaw(2000)]),
    ))
      if (frame.length === 160) stream.push(frame);
    await stream.close();
    const events: SttEvent[] = [];
    for await (const e of stream.events) events.push(e);
    expect(finals(events).map((f) => normalizeTranscript('phone', f.text))).toEqual(['4155550134']);
    // Partials only at pauses (and every second of continuous speech), not every few frames.
    expect(events.filter((e) => e.type === 'partial').length).toBeLessThanOrEqual(4);
  });
});
