/**
 * Goal-driven callers in `callbench load` hear the agent through its side channel only:
 * transcribing every call's audio would load the generator being measured. Scenarios that must
 * hear a transcript are refused before anything is dialed, by name. (`policy: llm` callers run
 * from the reply cache or with --allow-llm-callers: see llm-callers.ts.)
 */
import type { Scenario } from '../scenario/types.ts';

export function goalCallerProblems(scenarios: readonly Scenario[]): string[] {
  const problems: string[] = [];
  for (const s of scenarios) {
    if (s.caller.goal?.hearing === 'transcript')
      problems.push(
        `${s.file}: scenario "${s.name}" has caller.hearing: transcript — load does not transcribe the agent's audio (it would load the generator); use auto or side_channel, or run it with callbench run`,
      );
  }
  return problems;
}
