import { describe, expect, it } from 'vitest';
import { summarizeRun } from '../../summary/run-summary.ts';
import type { ScoredCall } from '../../results/scored-call.ts';
import { syntheticCall } from '../test-calls.ts';
import { renderReport } from './page.ts';

const NASTY = `<script>alert("x")</script> & 'q'`;

function render(calls: ScoredCall[], opts: { redacted?: boolean } = {}): string {
  const summary = summarizeRun(calls, {
    agentUrl: 'ws://127.0.0.1:1/media',
    startedAt: new Date(0),
    finishedAt: new Date(60_000),
    interrupted: false,
  });
  return renderReport({
    summary,
    calls,
    load: null,
    recordings: new Map([['call-0002', 'recordings/call-0002.wav']]),
    redacted: opts.redacted ?? false,
  });
}

describe('report.html', () => {
  const failed: ScoredCall = {
    ...syntheticCall({
      callId: 'call-0002',
      scenario: NASTY,
      status: 'failed',
      reason: `agent said ${NASTY}`,
      turns: [{ callerMs: [500, 1500], agentMs: [2100, 3000] }],
      entities: [
        {
          turn: 1,
          name: 'order_id',
          type: 'code',
          expected: 'AB3792',
          captured: `<b>AB3793</b>`,
          exact: false,
          cer: 0.5,
          source: 'side_channel',
        },
      ],
    }),
    heard: [{ startMs: 2100, endMs: 3000, text: `Your order ${NASTY}`, source: 'side_channel' }],
    expectations: [
      {
        turn: 1,
        kind: 'says',
        description: 'reads the order back',
        passed: false,
        reason: 'said something else',
        source: 'transcript',
        at: { file: 'orders.yaml', line: 7, column: 5 },
      },
      {
        turn: null,
        kind: 'call_ends',
        description: 'the agent hangs up',
        passed: true,
        reason: null,
        source: 'events',
        at: { file: 'orders.yaml', line: 9, column: 3 },
      },
    ],
    agentStages: [
      { turn: 1, sttFinalMs: 260, brainFirstTextMs: 40, ttsFirstAudioMs: 120, responseMs: 430 },
    ],
  };
  const passed = syntheticCall({
    callId: 'call-0001',
    turns: [{ callerMs: [500, 1500], agentMs: [2000, 3000] }],
  });

  it('escapes every untrusted text: scenario names, reasons, transcripts, entity values', () => {
    const html = render([passed, failed]);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>AB3793</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;');
    expect(html).toContain('Your order &lt;script&gt;');
    expect(html).toContain('<code>&lt;b&gt;AB3793&lt;/b&gt;</code>');
  });

  it('is self-contained: no external URL, and a policy that forbids fetching any', () => {
    const html = render([passed, failed]);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain(`content="default-src 'none';`);
  });

  it('shows failed expectations with their reasons and evidence, entity misses expected vs captured, and the stage breakdown', () => {
    const html = render([passed, failed]);
    expect(html).toMatch(
      /<b>turn 1<\/b> <code>says<\/code>: reads the order back — <span class="failed">said something else<\/span> <span class="muted">\(evidence: transcript; orders\.yaml:7:5\)/,
    );
    expect(html).not.toContain('the agent hangs up');
    expect(html).toMatch(/<td><code>AB3792<\/code><\/td><td><code>&lt;b&gt;AB3793/);
    expect(html).toMatch(/<td>STT final<\/td><td class="num">1<\/td><td class="num">260<\/td>/);
    expect(html).toContain('<a class="call-link" href="#call-call-0002">call-0002</a>');
    expect(html).toContain('<section class="timeline" id="call-call-0002">');
    expect(html).toContain('<audio controls preload="none" src="recordings/call-0002.wav">');
  });

  it("names a transcript's transcriber and says which segments could not be transcribed", () => {
    const heardCall: ScoredCall = {
      ...failed,
      heard: [
        {
          startMs: 2100,
          endMs: 2600,
          text: 'your order',
          source: 'transcript',
          transcriber: 'openai:whisper-1',
        },
        {
          startMs: 2700,
          endMs: 3000,
          text: '',
          source: 'transcript',
          transcriber: 'openai:whisper-1',
          error:
            'segment 2 (2700–3000 ms) could not be transcribed by whisper-1 at x: HTTP 500: boom',
        },
      ],
    };
    const html = render([heardCall]);
    expect(html).toContain('<td>your order</td><td>transcript (openai:whisper-1)</td>');
    expect(html).toContain(
      '<td>(not transcribed: segment 2 (2700–3000 ms) could not be transcribed by whisper-1 at x: HTTP 500: boom)</td>',
    );
  });

  it('says when the agent offers no stage timings, and when timelines are sampled', () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      syntheticCall({
        callId: `call-${String(i).padStart(4, '0')}`,
        turns: [{ callerMs: [500, 1500], agentMs: [2000, 2500] }],
      }),
    );
    const html = render(many);
    expect(html).toContain('The agent reported no per-stage timings');
    expect(html).toContain(
      'Sampled: showing 50 of 120 calls — 0 of 0 failed calls and an even sample of 50 of 120 passing calls.',
    );
    expect(html.match(/<section class="timeline"/g)).toHaveLength(50);
  });
});
