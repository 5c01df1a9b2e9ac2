/**
 * What the metric registry and thresholds read from a scored call. ScoredCall
 * (src/results/scored-call.ts) extends it; it is spelled out here, from metrics/ types only, because
 * ScoredCall also carries the caller's, entities' and expectations' types, and those folders (and
 * scenario validation, which checks threshold metrics against the registry) sit above metrics/.
 */
import type { CallMetrics } from './call-metrics.ts';
import type { CallStatus } from './events.ts';

export interface MeasuredCall {
  /** The scenario the call ran (a matrix variant's name carries its condition). */
  scenario: string;
  status: CallStatus;
  metrics: CallMetrics;
  entities?: readonly { exact: boolean; cer: number }[];
  /** Whether the call did its task; null/absent when the scenario has no success criteria. */
  complete?: boolean | null;
  expectations?: readonly { passed: boolean; skipped?: boolean }[];
}
