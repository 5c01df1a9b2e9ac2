/**
 * Goal-driven callers in `callbench load`: they run with the rules policy, which decides on this
 * machine in well under a millisecond. An LLM caller would send a request per caller line from
 * every concurrent call (cost, rate limits, and latency measured as the agent's), and load hears
 * the agent through its side channel only (transcribing every call's audio would load the
 * generator being measured). Such scenarios are refused before anything is dialed, by name.
 */
import type { Scenario } from '../scenario/types.ts';

export function goalCallerProblems(scenarios: readonly Scenario[]): string[] {
  const problems: string[] = [];
  for (const s of scenarios) {
    const goal = s.caller.goal;
    if (goal === undefined) continue;
    if (goal.policy === 'llm')
      problems.push(
        `${s.file}: scenario "${s.name}" has caller.policy: llm — load runs goal-driven callers with the rules policy only (an LLM request per caller line from every call); use policy: rules, or run it with callbench run`,
      );
    if (goal.hearing === 'transcript')
      problems.push(
        `${s.file}: scenario "${s.name}" has caller.hearing: transcript — load does not transcribe the agent's audio (it would load the generator); use auto or side_channel, or run it with callbench run`,
      );
  }
  return problems;
}
