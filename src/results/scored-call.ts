/**
 * What the engine hands to everything downstream (metrics registry, thresholds, the run summary,
 * reporters): a scored call and a skipped scenario. A leaf: it imports only types from the layers
 * below it (caller, entities, expectations, metrics), none of which import it back, so the folders
 * that read the engine's output never import the engine that drives them.
 */
import type { CallResult } from '../caller/call.ts';
import type { AgentStageTiming } from '../entities/side-channel.ts';
import type { EntityResult } from '../entities/score.ts';
import type { ExpectationResult, HeardUtterance } from '../expectations/types.ts';
import type { CallMetrics } from '../metrics/call-metrics.ts';
import type { MeasuredCall } from '../metrics/measured-call.ts';

/** Extends MeasuredCall so that what the registry and thresholds read cannot drift from what is scored. */
export interface ScoredCall extends CallResult, MeasuredCall {
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
