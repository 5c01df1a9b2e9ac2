/**
 * What the CLI calls, and what a program can call: run scenario suites against an agent, load-test
 * it, merge sharded load runs. A façade over the engine (src/engine/); nothing here touches process.*.
 */
export { runSuite, type RunSuiteOptions, type RunOutcome } from './engine/run-suite.ts';
export { checkAgentUrl } from './engine/session.ts';
export type { LocalAgent } from './engine/types.ts';
export type { TranscriptJudge } from './scoring/score-call.ts';
export { runLoad, type LoadRunOptions, type LoadOutcome, type LoadMode } from './load/run-load.ts';
export { mergeDirectories } from './load/merge.ts';
