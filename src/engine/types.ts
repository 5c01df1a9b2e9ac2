/**
 * What the engine hands to everything downstream (metrics, thresholds, reporters): a scored call,
 * a skipped scenario, a locally started agent. Defined here, not in metrics/ or report/, so those
 * folders read the engine's output without importing the caller, the scorer or each other.
 */
import type { CallResult } from '../caller/call.ts';
import type { AgentStageTiming } from '../entities/side-channel.ts';
import type { EntityResult } from '../entities/score.ts';
import type { ExpectationResult, HeardUtterance } from '../expectations/types.ts';
import type { CallMetrics } from '../metrics/call-metrics.ts';

export interface ScoredCall extends CallResult {
  metrics: CallMetrics;
  /** The scenario's declared entities, scored against what the agent captured. */
  entities?: EntityResult[];
  /** The scenario's expectations and success criteria, judged (absent when it has none). */
  expectations?: ExpectationResult[];
  /** Whether the call did its task (all success criteria held); null/absent when the scenario has none. */
  complete?: boolean | null;
  /** What the caller heard, transcribed, when the call was transcribed. */
  heard?: HeardUtterance[];
  /** Per-turn stage timings from the agent's side channel, when it reports them. */
  agentStages?: AgentStageTiming[];
}

/** A scenario not run because this machine lacks something it needs (e.g. the FSDD recordings). */
export interface SkippedScenario {
  scenario: string;
  file: string;
  reason: string;
}

/** An agent the session started itself (the embedded reference agent), stopped when the session ends. */
export interface LocalAgent {
  url: string;
  close(): Promise<void>;
}
