/**
 * What a finished call leaves behind in a load run: its calls.csv row and the few numbers the
 * histograms and rates need. Built where the call ran (a worker thread, possibly), and small
 * enough to post to the main thread; the call's event log is dropped after this.
 */
import type { ScoredCall } from '../../results/scored-call.ts';
import type { CallStatus } from '../../metrics/events.ts';
import { callRow } from '../../report/csv.ts';

export type CsvCell = string | number | boolean | null;

export interface CallOutcome {
  callId: string;
  scenario: string;
  voice: string;
  status: CallStatus;
  reason: string | null;
  /** The run's calls.csv columns (src/report/csv.ts), without the load columns. */
  row: Record<string, CsvCell>;
  turnLatenciesMs: number[];
  ttfbsMs: number[];
  /** null when the call never connected: it has no duration to measure. */
  durationMs: number | null;
  entityExact: boolean[];
  framesSent: number;
  framesLate5ms: number;
}

export function outcomeOf(call: ScoredCall, voice: string): CallOutcome {
  const turns = call.metrics.turns;
  return {
    callId: call.callId,
    scenario: call.scenario,
    voice,
    status: call.status,
    reason: call.reason,
    row: callRow(call),
    turnLatenciesMs: turns.map((t) => t.latencyMs).filter((x): x is number => x !== null),
    ttfbsMs: turns.map((t) => t.ttfbMs).filter((x): x is number => x !== null),
    durationMs: call.metrics.connected ? call.metrics.durationMs : null,
    entityExact: (call.entities ?? []).map((e) => e.exact),
    framesSent: call.metrics.framesSent,
    framesLate5ms: call.metrics.framesLate5ms,
  };
}
