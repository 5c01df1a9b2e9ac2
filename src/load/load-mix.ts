/**
 * Reads a load run's scenario mix and says everything that keeps it from running, before anything
 * is dialled: scenario file errors, empty paths, goal-driven and `policy: llm` callers load cannot
 * run, and scenario names used twice. `callbench load` and its `--dry-run` both go through here,
 * so a dry run refuses exactly what the run would.
 */
import type { LlmCallerSettings } from '../engine/generator/llm-caller-policy.ts';
import { formatScenarioError } from '../scenario/errors.ts';
import { loadScenarios } from '../scenario/load.ts';
import { goalCallerProblems } from './goal-callers.ts';
import { llmCallerProblems } from './llm-callers.ts';
import { weighScenarios } from './mix.ts';
import type { MixEntry } from './parse-options.ts';

export async function loadMix(
  entries: readonly MixEntry[],
  llmCallers: LlmCallerSettings,
  cwd?: string,
): Promise<{ weighted: ReturnType<typeof weighScenarios> } | { errors: string[] }> {
  const groups = [];
  const errors: string[] = [];
  for (const entry of entries) {
    const { scenarios, errors: problems } = await loadScenarios([entry.path]);
    errors.push(...problems.map((e) => formatScenarioError(e, { relativeTo: cwd })));
    if (problems.length === 0 && scenarios.length === 0)
      errors.push(`no scenario files (*.yaml, *.yml) found in ${entry.path}`);
    errors.push(...goalCallerProblems(scenarios));
    errors.push(...(await llmCallerProblems(scenarios, llmCallers, cwd)));
    groups.push({ weight: entry.weight, scenarios });
  }
  const weighted = weighScenarios(groups);
  const names = new Map<string, string>();
  for (const { scenario } of weighted) {
    const other = names.get(scenario.name);
    if (other)
      errors.push(
        `scenario name "${scenario.name}" is used by both ${other} and ${scenario.file}: names must be unique within a load run`,
      );
    names.set(scenario.name, scenario.file);
  }
  return errors.length ? { errors } : { weighted };
}
