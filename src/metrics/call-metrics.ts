/** Per-call measurements, from a call's events alone. */
import type { CallEvent, CallStatus } from './events.ts';
import { selfInterruptions } from './self-interruptions.ts';
import { turnMetrics, type TurnMetrics } from './turn-metrics.ts';

/** Mutual silence longer than this, once the conversation has begun, counts as dead air. */
export const DEAD_AIR_THRESHOLD_MS = 2000;

export interface CallMetrics {
  /** The stream opened (a `call_started` event). A call that never connected has no timings: it adds no samples to any distribution. */
  connected: boolean;
  status: CallStatus;
  reason: string | null;
  endedBy: 'caller' | 'agent' | 'harness';
  durationMs: number;
  turns: TurnMetrics[];
  /** When the agent first became audible (its greeting). */
  firstAgentSpeechMs: number | null;
  /** Time the agent was audible while the caller was speaking. */
  talkOverMs: number;
  /** Total of mutual-silence gaps longer than DEAD_AIR_THRESHOLD_MS between the first and last speech. */
  deadAirMs: number;
  longestSilenceMs: number;
  violations: number;
  violationCounts: Record<string, number>;
  replyTimeouts: number;
  /** Clears that flushed the agent's audible audio while the caller was silent (self-interruptions.ts). */
  selfInterruptions: number;
  framesSent: number;
  framesLate5ms: number;
  // ---- webhook-first calls (issue #13) ----
  /** How long the voice webhook took to answer (webhook-first calls only). */
  webhookResponseMs?: number;
  // ---- end webhook-first calls ----
}

type Interval = [number, number];

export function callMetrics(events: readonly CallEvent[]): CallMetrics {
  const end = events.find(
    (e): e is Extract<CallEvent, { type: 'call_ended' }> => e.type === 'call_ended',
  );
  const durationMs = end?.tMs ?? events.at(-1)?.tMs ?? 0;
  const caller = intervals(events, 'caller_speech_started', 'caller_speech_ended', durationMs);
  const agent = intervals(events, 'agent_speech_started', 'agent_speech_ended', durationMs);
  const gaps = silences([...caller, ...agent]);
  const counts = end?.violationCounts ?? {};
  return {
    connected: events.some((e) => e.type === 'call_started'),
    status: end?.status ?? 'error',
    // A passed call's reason is null, so `??` would not do here.
    reason: end ? end.reason : 'the call has no call_ended event',
    endedBy: end?.endedBy ?? 'harness',
    durationMs: round1(durationMs),
    turns: turnMetrics(events),
    firstAgentSpeechMs: agent.length ? round1(agent[0][0]) : null,
    talkOverMs: round1(overlap(caller, agent)),
    deadAirMs: round1(gaps.filter((g) => g > DEAD_AIR_THRESHOLD_MS).reduce((a, b) => a + b, 0)),
    longestSilenceMs: round1(gaps.length ? Math.max(...gaps) : 0),
    violations: Object.values(counts).reduce((a, b) => a + (b ?? 0), 0),
    violationCounts: Object.fromEntries(
      Object.entries(counts).filter((e): e is [string, number] => typeof e[1] === 'number'),
    ),
    replyTimeouts: events.filter((e) => e.type === 'reply_timeout').length,
    selfInterruptions: selfInterruptions(events).length,
    framesSent: end?.framesSent ?? 0,
    framesLate5ms: end?.framesLate5ms ?? 0,
    ...webhookMetrics(events),
  };
}

// ---- webhook-first calls (issue #13) ----
function webhookMetrics(events: readonly CallEvent[]): Pick<CallMetrics, 'webhookResponseMs'> {
  const answered = events.find((e) => e.type === 'webhook_answered');
  return answered?.type === 'webhook_answered' ? { webhookResponseMs: answered.responseMs } : {};
}
// ---- end webhook-first calls ----

function intervals(
  events: readonly CallEvent[],
  startType: CallEvent['type'],
  endType: CallEvent['type'],
  callEndMs: number,
): Interval[] {
  const out: Interval[] = [];
  let open: number | null = null;
  for (const e of events) {
    if (e.type === startType && open === null) open = e.tMs;
    else if (e.type === endType && open !== null) {
      out.push([open, e.tMs]);
      open = null;
    }
  }
  if (open !== null) out.push([open, callEndMs]);
  return out;
}

/** Total length of the intersection of two sets of intervals (each set non-overlapping). */
export function overlap(a: readonly Interval[], b: readonly Interval[]): number {
  let total = 0;
  for (const [s1, e1] of a)
    for (const [s2, e2] of b) total += Math.max(0, Math.min(e1, e2) - Math.max(s1, s2));
  return total;
}

/** Gaps between speech (either side), from the first speech to the last. */
export function silences(speech: readonly Interval[]): number[] {
  const sorted = [...speech].sort((x, y) => x[0] - y[0]);
  const gaps: number[] = [];
  let reach = -Infinity;
  for (const [s, e] of sorted) {
    if (reach !== -Infinity && s > reach) gaps.push(s - reach);
    reach = Math.max(reach, e);
  }
  return gaps;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
