import { describe, expect, it } from 'vitest';
import type { AgentReport } from '../entities/side-channel.ts';
import type { CallEvent } from '../metrics/events.ts';
import { turnMetrics } from '../metrics/turn-metrics.ts';
import { parseScenario } from '../scenario/parse-scenario.ts';
import type { Scenario } from '../scenario/types.ts';
import { judgeCall, type CallEvidence } from './evaluate.ts';
import type { HeardUtterance } from './types.ts';

function scenario(yaml: string): Scenario {
  const parsed = parseScenario(yaml, '/tmp/s.yaml');
  if (!parsed.scenario) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.scenario;
}

const ended = (tMs: number, endedBy: 'caller' | 'agent' = 'caller'): CallEvent => ({
  type: 'call_ended',
  tMs,
  status: 'passed',
  reason: null,
  endedBy,
  violationCounts: {},
  framesSent: 0,
  bytesReceived: 0,
  framesLate5ms: 0,
});

/** A greeting (listen), one say turn answered after 400 ms, and an interrupt the agent stops for after 150 ms. */
const EVENTS: CallEvent[] = [
  { type: 'caller_turn_started', tMs: 110, turn: 0, kind: 'listen' },
  { type: 'agent_speech_started', tMs: 300 },
  { type: 'agent_speech_ended', tMs: 2000 },
  { type: 'caller_turn_ended', tMs: 3000, turn: 0 },
  { type: 'caller_turn_started', tMs: 3000, turn: 1, kind: 'say' },
  { type: 'caller_speech_started', tMs: 3000, turn: 1 },
  { type: 'caller_speech_ended', tMs: 4000, turn: 1 },
  { type: 'agent_speech_started', tMs: 4400 },
  { type: 'caller_turn_ended', tMs: 4500, turn: 1 },
  { type: 'caller_turn_started', tMs: 4500, turn: 2, kind: 'interrupt' },
  { type: 'interrupt_started', tMs: 5000, turn: 2, agentOnsetMs: 4400 },
  { type: 'caller_speech_started', tMs: 5000, turn: 2 },
  { type: 'clear_received', tMs: 5150, flushedMs: 2000 },
  { type: 'agent_speech_ended', tMs: 5150 },
  { type: 'caller_speech_ended', tMs: 5600, turn: 2 },
  { type: 'caller_turn_ended', tMs: 7000, turn: 2 },
  { type: 'caller_turn_started', tMs: 7000, turn: 3, kind: 'silence' },
  { type: 'agent_speech_started', tMs: 9500 },
  { type: 'agent_speech_ended', tMs: 10500 },
  { type: 'caller_turn_ended', tMs: 12000, turn: 3 },
  { type: 'ws_closed', tMs: 12500, code: 1000, reason: '', by: 'agent' },
  ended(12500, 'agent'),
];

const YAML = `name: s
success:
  tool_called: { name: lookup_order, args: { order_id: AB3792 } }
  transferred: false
turns:
  - listen: {}
    expect: { says: "how can I help" }
  - say: { text: "A B 3 7 9 2", entities: { order_id: AB3792 } }
    expect: { reads_back: order_id, within_ms: 500, tool_called: lookup_order }
  - interrupt: { after_ms: 500, say: "wait" }
    expect: { stops_within_ms: 200 }
  - silence: 5000
    expect: { reprompts: { within_ms: 3000 }, ends_call: hangup }
`;

const AGENT: AgentReport = {
  toolCalls: [{ name: 'lookup_order', arguments: { order_id: 'ab-3792' }, atMs: 4100 }],
  said: [
    { atMs: 5, text: 'Thanks for calling Acme. How can I help?' },
    { atMs: 4100, text: 'I heard A as in apple, B as in boy, 3, 7, 9, 2. Is that right?' },
    { atMs: 9400, text: 'Are you still there?' },
  ],
  endReason: 'caller said goodbye',
};

function evidence(overrides: Partial<CallEvidence> = {}): CallEvidence {
  return { events: EVENTS, turns: turnMetrics(EVENTS), agent: AGENT, heard: null, ...overrides };
}

const verdicts = (j: Awaited<ReturnType<typeof judgeCall>>) =>
  j.expectations.map((e) => [e.turn, e.kind, e.passed, e.source]);

describe('judging a call against its expectations', () => {
  it('passes a call that does what the scenario expects, each verdict naming its evidence', async () => {
    const judged = await judgeCall(scenario(YAML), evidence());
    expect(verdicts(judged)).toEqual([
      [1, 'says', true, 'side_channel'],
      [2, 'reads_back', true, 'side_channel'],
      [2, 'within_ms', true, 'events'],
      [2, 'tool_called', true, 'side_channel'],
      [3, 'stops_within_ms', true, 'events'],
      [4, 'reprompts', true, 'events'],
      [4, 'ends_call', true, 'side_channel'],
      [null, 'tool_called', true, 'side_channel'],
      [null, 'transferred', true, 'side_channel'],
    ]);
    expect(judged.complete).toBe(true);
  });

  it('fails exactly what went wrong: a misheard digit, a slow reply, no stop, a transfer', async () => {
    const slowEvents = EVENTS.map((e) =>
      e.type === 'agent_speech_started' && e.tMs === 4400 ? { ...e, tMs: 4450 } : e,
    ).filter(
      (e) => e.type !== 'clear_received' && !(e.type === 'agent_speech_ended' && e.tMs === 5150),
    );
    const agent: AgentReport = {
      toolCalls: [
        { name: 'lookup_order', arguments: { order_id: 'AB3793' }, atMs: 4100 },
        { name: 'transfer_to_human', arguments: {}, atMs: 11000 },
      ],
      said: AGENT.said.map((u) => ({ ...u, text: u.text.replace('9, 2', '9, 3') })),
      endReason: 'transferred to a human',
    };
    const judged = await judgeCall(
      scenario(YAML.replace('within_ms: 500', 'within_ms: 400')),
      evidence({ events: slowEvents, turns: turnMetrics(slowEvents), agent }),
    );
    const failed = judged.expectations.filter((e) => !e.passed);
    expect(failed.map((e) => [e.turn, e.kind])).toEqual([
      [2, 'reads_back'],
      [2, 'within_ms'],
      [3, 'stops_within_ms'],
      [4, 'ends_call'],
      [null, 'tool_called'],
      [null, 'transferred'],
    ]);
    expect(failed[0].reason).toContain('I heard A as in apple, B as in boy, 3, 7, 9, 3');
    expect(failed[1].reason).toBe('the agent replied after 450 ms (budget 400 ms)');
    expect(failed[2].reason).toBe(
      'the agent never stopped talking while the caller talked over it',
    );
    expect(failed[4].reason).toBe(
      'lookup_order was called with order_id = "AB3793", expected "AB3792"',
    );
    expect(failed[5].reason).toBe('the call was transferred (tool transfer_to_human)');
    expect(judged.complete).toBe(false);
  });

  it('judges a black-box agent from the transcript of what the caller heard, and says what it cannot judge', async () => {
    const heard: HeardUtterance[] = [
      {
        startMs: 300,
        endMs: 2000,
        text: 'thanks for calling how can i help',
        source: 'transcript',
      },
      {
        startMs: 4400,
        endMs: 5150,
        text: 'i heard a as in apple b as in boy three seven nine two',
        source: 'transcript',
      },
    ];
    const judged = await judgeCall(scenario(YAML), evidence({ agent: null, heard }));
    expect(verdicts(judged)).toEqual([
      [1, 'says', true, 'transcript'],
      [2, 'reads_back', true, 'transcript'],
      [2, 'within_ms', true, 'events'],
      [2, 'tool_called', false, 'none'],
      [3, 'stops_within_ms', true, 'events'],
      [4, 'reprompts', true, 'events'],
      [4, 'ends_call', false, 'none'],
      [null, 'tool_called', false, 'none'],
      [null, 'transferred', false, 'none'],
    ]);
    expect(judged.expectations[3].reason).toMatch(/no side channel/);
    expect(judged.complete).toBe(false);
  });

  it('a segment the transcriber failed on makes a miss in its turn unjudged (source none, the error given), not a pass elsewhere undone', async () => {
    const error =
      'segment 2 (4400–5150 ms) could not be transcribed by whisper-1 at x: HTTP 500: boom';
    const heard: HeardUtterance[] = [
      {
        startMs: 300,
        endMs: 2000,
        text: 'thanks for calling how can i help',
        source: 'transcript',
      },
      { startMs: 4400, endMs: 5150, text: '', source: 'transcript', error },
    ];
    const judged = await judgeCall(scenario(YAML), evidence({ agent: null, heard }));
    expect(judged.expectations.find((e) => e.kind === 'says')).toMatchObject({
      passed: true,
      source: 'transcript',
    });
    expect(judged.expectations.find((e) => e.kind === 'reads_back')).toMatchObject({
      passed: false,
      source: 'none',
      reason: `the caller heard nothing here; ${error}`,
    });
    const both = await judgeCall(scenario(YAML), evidence({ heard, speech: 'both' }));
    expect(both.expectations.find((e) => e.kind === 'reads_back')).toMatchObject({
      passed: false,
      source: 'none',
      reason: `the caller heard nothing here; ${error}`,
    });
  });

  it('with both sources, a read-back must be in what the agent reports and in what the caller heard', async () => {
    const heard: HeardUtterance[] = [
      { startMs: 4400, endMs: 5150, text: 'i heard a as in apple', source: 'transcript' },
    ];
    const judged = await judgeCall(scenario(YAML), evidence({ heard, speech: 'both' }));
    const readBack = judged.expectations.find((e) => e.kind === 'reads_back');
    expect(readBack).toMatchObject({
      passed: false,
      source: 'both',
      reason: 'the caller heard: "i heard a as in apple"',
    });
  });

  it('a turn the call never reached has its expectations skipped, saying why; judge criteria are skipped without a judge and used with one', async () => {
    const short = EVENTS.filter((e) => e.tMs < 4500 || e.type === 'call_ended');
    const yaml = `${YAML}  - say: "bye"\n    expect: { says: goodbye }\n`.replace(
      'success:\n',
      'success:\n  judge: "The agent was polite"\n',
    );
    const judged = await judgeCall(
      scenario(yaml),
      evidence({ events: short, turns: turnMetrics(short) }),
    );
    expect(judged.expectations.find((e) => e.turn === 5)).toMatchObject({
      skipped: true,
      passed: false,
      reason: 'skipped: turn 5 never ran (the call ended before it)',
    });
    const judge = judged.expectations.find((e) => e.kind === 'judge');
    expect(judge).toMatchObject({ skipped: true, passed: false, source: 'none' });

    const asked: string[] = [];
    const withJudge = await judgeCall(scenario(yaml), evidence(), async (criterion) => {
      asked.push(criterion);
      return { passed: false, reason: 'the agent interrupted the caller' };
    });
    expect(asked).toEqual(['The agent was polite']);
    expect(withJudge.expectations.find((e) => e.kind === 'judge')).toMatchObject({
      passed: false,
      source: 'judge',
      reason: 'the agent interrupted the caller',
    });
    expect(withJudge.complete).toBe(false);
  });

  it('a goodbye then a hang-up before the closing listen ran satisfies its ends_call; its other expectations still fail', async () => {
    const events: CallEvent[] = [
      { type: 'caller_turn_started', tMs: 120, turn: 0, kind: 'say' },
      { type: 'caller_speech_started', tMs: 120, turn: 0 },
      { type: 'caller_speech_ended', tMs: 900, turn: 0 },
      { type: 'agent_speech_started', tMs: 1500 },
      { type: 'agent_speech_ended', tMs: 2500 },
      { type: 'ws_closed', tMs: 2900, code: 1000, reason: '', by: 'agent' },
      ended(2900, 'agent'),
    ];
    const yaml = `name: bye\nturns:\n  - say: "no, that's all"\n  - listen: {}\n    expect: { ends_call: true, says: "see you" }\n`;
    const judged = await judgeCall(scenario(yaml), {
      events,
      turns: turnMetrics(events),
      agent: null,
      heard: [],
    });
    expect(verdicts(judged)).toHaveLength(2);
    expect(verdicts(judged)).toContainEqual([2, 'ends_call', true, 'events']);
    expect(verdicts(judged)).toContainEqual([2, 'says', false, 'events']);
  });

  it("a first listen turn's within_ms counts from the stream opening, so an early greeting is on time", async () => {
    const events: CallEvent[] = [
      { type: 'agent_speech_started', tMs: 20 },
      { type: 'caller_turn_started', tMs: 124, turn: 0, kind: 'listen' },
      { type: 'agent_speech_ended', tMs: 1500 },
      { type: 'caller_turn_ended', tMs: 2600, turn: 0 },
      ended(2600),
    ];
    const fast = await judgeCall(
      scenario('name: g\nturns:\n  - listen: {}\n    expect: { within_ms: 100 }\n'),
      { events, turns: turnMetrics(events), agent: null, heard: null },
    );
    expect(fast.expectations[0]).toMatchObject({ passed: true });
    const late = events.map((e) => (e.type === 'agent_speech_started' ? { ...e, tMs: 700 } : e));
    const slow = await judgeCall(
      scenario('name: g\nturns:\n  - listen: {}\n    expect: { within_ms: 500 }\n'),
      { events: late, turns: turnMetrics(late), agent: null, heard: null },
    );
    expect(slow.expectations[0]).toMatchObject({
      passed: false,
      reason: 'the agent replied after 700 ms (budget 500 ms)',
    });
  });
});
