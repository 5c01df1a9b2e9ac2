/**
 * callbench's supported programmatic API: what `import … from 'callbench'` gives another project.
 * Everything else under src/ and agent/ is internal and may change without notice.
 *
 * This file only re-exports; nothing in the repository imports it (a test checks that), so it can
 * never become part of an import cycle.
 */

// ---- run scenario suites (`callbench run`) ----
export {
  runSuite,
  checkAgentUrl,
  type RunSuiteOptions,
  type RunOutcome,
  type LocalAgent,
  type TranscriptJudge,
} from './api.ts';
export type { ScoredCall, SkippedScenario } from './results/scored-call.ts';
export type { RunSummary, ScenarioSummary, EntityTypeSummary } from './summary/run-summary.ts';
export { runPassed } from './summary/run-summary.ts';

// ---- reporters: plug your own beside the files every run writes ----
export {
  ReporterError,
  type Reporter,
  type ReporterEvents,
  type RunEvents,
  type RunPlan,
} from './report/reporter.ts';
export { consoleReporter, formatSummary } from './report/console.ts';
export type { RecordMode } from './report/recording.ts';
export type { SpeechEvidence } from './expectations/evaluate.ts';
export type { AudioTranscriber } from './transcribe/audio-transcriber.ts';

// ---- load testing (`callbench load`, `callbench merge`) ----
export {
  runLoad,
  mergeDirectories,
  type LoadRunOptions,
  type LoadOutcome,
  type LoadMode,
} from './api.ts';
export type { LoadSummary } from './report/load-types.ts';
export type { LlmCallerSettings } from './engine/generator/llm-caller-policy.ts';
export type { CallerEndpoint } from './caller/converse/llm-from-env.ts';
export type {
  LoadReporter,
  LoadEvents,
  LoadRunStart,
  FinishedLoadCall,
  CallContext,
  IntervalSnapshot,
  LoadRunEnd,
} from './load/load-reporter.ts';
export type { AggregatesView, LoadCounts, HistogramName } from './load/aggregates.ts';
export { formatLoadSummary } from './load/load-console.ts';

// ---- reports from a saved run directory (`callbench report`) ----
export { rebuildReports, type RebuildResult } from './report/rebuild.ts';
export { rebuildLoadReports, isLoadRunDir, type LoadRebuildResult } from './load/rebuild-load.ts';

// ---- scenarios and their validation (`callbench validate`) ----
export {
  loadScenarios,
  loadScenarioFile,
  type LoadResult as LoadScenariosResult,
  type LoadOptions as LoadScenariosOptions,
} from './scenario/load.ts';
export {
  formatScenarioError,
  ScenarioError,
  ScenarioLoadError,
  type ScenarioErrorCode,
  type ScenarioErrorInfo,
} from './scenario/errors.ts';
export type {
  Scenario,
  Turn,
  Expectation,
  EntityExpectation,
  EntityType,
} from './scenario/types.ts';

// ---- thresholds in k6 syntax ----
export {
  parseThresholdOption,
  parseThresholdExpression,
  type Threshold,
} from './thresholds/parse.ts';
