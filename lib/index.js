// The package's import entry (`import { runSuite } from 'callbench'`). Like bin/callbench.js, it runs
// the TypeScript sources through tsx rather than a compiled copy: the harness starts worker threads
// from its .ts files, so one way of running keeps the CLI and the API identical. Registering tsx
// here lets this process import .ts files (src/index.ts is the API; its types are in dist/types/).
// The names below must match src/index.ts's value exports (src/public-api.test.ts checks).
import { register } from 'tsx/esm/api';

register();
const api = await import('../src/index.ts');

export const {
  runSuite,
  checkAgentUrl,
  runPassed,
  consoleReporter,
  ReporterError,
  formatSummary,
  runLoad,
  mergeDirectories,
  formatLoadSummary,
  rebuildReports,
  rebuildLoadReports,
  isLoadRunDir,
  loadScenarios,
  loadScenarioFile,
  formatScenarioError,
  ScenarioError,
  ScenarioLoadError,
  parseThresholdOption,
  parseThresholdExpression,
} = api;
