/**
 * `callbench load --dry-run`: everything a run checks before it dials — the options (already
 * parsed by then), the scenario files — and a description of what it would run. Used to check a
 * command line (a CI workflow, a Kubernetes Job) without an agent.
 */
import { checkAgentUrl } from '../engine/session.ts';
import type { Threshold } from '../thresholds/parse.ts';
import { checkLoadThresholds } from './budget.ts';
import { llmCallerSettingsOrDefault } from './llm-callers.ts';
import { loadMix } from './load-mix.ts';
import type { LlmCallerSettings } from '../engine/generator/llm-caller-policy.ts';
import type { MixEntry } from './parse-options.ts';
import type { LoadMode } from './run-load.ts';
import { formatShard, type Shard } from '../engine/executors/shard.ts';

export interface DryRunInput {
  mix: readonly MixEntry[];
  mode: LoadMode;
  shard: Shard;
  startAtMs: number | null;
  agentUrl?: string;
  thresholds: Threshold[];
  cwd?: string;
  llmCallers?: LlmCallerSettings;
}

export async function describeDryRun({
  mix,
  mode,
  shard,
  startAtMs,
  agentUrl,
  thresholds,
  cwd,
  llmCallers,
}: DryRunInput): Promise<{ errors: string[]; text: string }> {
  const errors: string[] = [...checkLoadThresholds('--threshold', thresholds)];
  if (mode.kind === 'find-limit') errors.push(...checkLoadThresholds('--budget', mode.budgets));
  const agentError = agentUrl === undefined ? null : checkAgentUrl(agentUrl);
  if (agentError) errors.push(agentError);
  const loaded = await loadMix(mix, llmCallerSettingsOrDefault(llmCallers, cwd), cwd);
  if ('errors' in loaded) errors.push(...loaded.errors);
  const count = 'weighted' in loaded ? loaded.weighted.length : 0;
  const what =
    mode.kind === 'find-limit'
      ? `find-limit, steps of ${mode.stepDurationMs / 1000} s${mode.stepRampMs > 0 ? ` (calls started over the first ${mode.stepRampMs / 1000} s)` : ''}`
      : `${mode.plan.executor}, ${mode.plan.stages.map((s) => `${s.durationMs / 1000}s:${s.target}`).join(',')}`;
  const lines = [
    `dry run — nothing dialed`,
    `  plan: ${what}`,
    `  agent: ${agentUrl ?? 'the embedded reference agent'}`,
    `  shard: ${formatShard(shard)}`,
    `  scenarios: ${count} file(s) from ${mix.map((m) => m.path).join(', ')}`,
    `  start: ${startAtMs === null ? 'as soon as ready' : new Date(startAtMs).toISOString()}`,
  ];
  return { errors, text: `${lines.join('\n')}\n` };
}
