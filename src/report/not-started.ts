/**
 * A planned call the run never dialed because it was interrupted first. It is recorded like any
 * other call (calls.jsonl, calls.csv, summary.json counts) so an interrupted run accounts for
 * every call it planned; it has no events, so it adds no samples to any metric.
 */
import { callMetrics } from '../metrics/call-metrics.ts';
import type { ScoredCall } from '../results/scored-call.ts';

export const NOT_STARTED_REASON = 'not started: the run was interrupted first';

export function notStartedCall(
  scenario: { name: string; file: string },
  callId: string,
): ScoredCall {
  return {
    callId,
    scenario: scenario.name,
    file: scenario.file,
    callSid: '',
    streamSid: '',
    status: 'not_started',
    reason: NOT_STARTED_REASON,
    events: [],
    metrics: {
      ...callMetrics([]),
      status: 'not_started',
      reason: NOT_STARTED_REASON,
      endedBy: 'harness',
    },
  };
}
