/** Preparing a goal-driven scenario: its rules table (the scenario's own `caller.rules` first, then the shipped one). */
import { formatScenarioError } from '../../scenario/errors.ts';
import type { Scenario } from '../../scenario/types.ts';
import type { PreparedConverse } from './start.ts';
import { rulesFor } from './rules-table.ts';

/** null for a scripted scenario; a message (with file:line:column) when the rules table is bad. */
export async function prepareConverse(
  scenario: Scenario,
  ttsCacheDir: string,
): Promise<PreparedConverse | null | string> {
  const goal = scenario.caller.goal;
  if (goal === undefined) return null;
  const { table, errors } = await rulesFor(goal.rulesFile);
  if (table === undefined)
    return `caller.rules: ${errors.map((e) => formatScenarioError(e)).join('; ')}`;
  return { table, ttsCacheDir };
}
