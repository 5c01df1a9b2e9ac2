/**
 * The `call_verdict` line of `events.jsonl`: the call's final verdict, written after its events
 * once expectations, success criteria and the judge have had their say. `call_ended` holds the
 * harness's own verdict (protocol, timing), which expectations can still overturn; a reader of the
 * event log alone (tail -f, jq, `callbench report`) takes the verdict from this line.
 */
import type { CallStatus } from '../metrics/events.ts';
import type { ScoredCall } from '../results/scored-call.ts';

export const CALL_VERDICT = 'call_verdict';

export interface CallVerdictRecord {
  call_id: string;
  scenario: string;
  type: typeof CALL_VERDICT;
  /** When the call ended (the `call_ended` event's time), so the line sorts after the call's events. */
  t_ms: number;
  status: CallStatus;
  reason: string | null;
  /** Whether the call completed its task (null when it had no success criteria to meet). */
  complete: boolean | null;
  expectations: { passed: number; failed: number; skipped: number };
}

export function callVerdictRecord(call: ScoredCall): CallVerdictRecord {
  const ended = call.events.findLast((e) => e.type === 'call_ended');
  const expectations = call.expectations ?? [];
  return {
    call_id: call.callId,
    scenario: call.scenario,
    type: CALL_VERDICT,
    t_ms: ended?.tMs ?? call.events.at(-1)?.tMs ?? 0,
    status: call.status,
    reason: call.reason,
    complete: call.complete ?? null,
    expectations: {
      passed: expectations.filter((e) => e.passed && !e.skipped).length,
      failed: expectations.filter((e) => !e.passed && !e.skipped).length,
      skipped: expectations.filter((e) => e.skipped).length,
    },
  };
}

const STATUSES: ReadonlySet<string> = new Set<CallStatus>(['passed', 'failed', 'error', 'aborted']);

/** The verdict a `call_verdict` line states, or a message saying which field is wrong. */
export function verdictFromRecord(
  record: Record<string, unknown>,
): { status: CallStatus; reason: string | null; complete: boolean | null } | string {
  const { status, reason, complete } = record;
  if (typeof status !== 'string' || !STATUSES.has(status))
    return `"status" must be one of ${[...STATUSES].join(', ')}, got ${JSON.stringify(status)}`;
  if (reason !== null && typeof reason !== 'string') return `"reason" must be a string or null`;
  if (complete !== undefined && complete !== null && typeof complete !== 'boolean')
    return `"complete" must be true, false or null`;
  return {
    status: status as CallStatus,
    reason,
    complete: typeof complete === 'boolean' ? complete : null,
  };
}
