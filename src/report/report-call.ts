/**
 * A scored call as the reports read it. `expectations` and `heard` are being added to ScoredCall
 * by other work; the reports read them defensively through this type (both optional), so they
 * render whatever a call carries and nothing breaks while the fields do not exist yet.
 */
import type { ExpectationResult, HeardUtterance } from '../expectations/types.ts';
import type { ScoredCall } from '../metrics/run-summary.ts';
import type { AgentStageTiming } from './agent-stages.ts';

export interface ReportCall extends ScoredCall {
  expectations?: ExpectationResult[];
  heard?: HeardUtterance[];
  /** Per-turn stage timings from the agent's side channel, when it reports them. */
  agentStages?: AgentStageTiming[];
}
