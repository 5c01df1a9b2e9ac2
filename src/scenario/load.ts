/**
 * Loading scenario files from disk. loadScenarios collects every problem across every file
 * (syntax, schema, missing audio, duplicate names) before anything runs, so one run of
 * `callbench validate` shows them all.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { discoverScenarioFiles } from './discover.ts';
import { formatFieldPath } from './field-path.ts';
import { ScenarioError, ScenarioLoadError, sortScenarioErrors } from './errors.ts';
import { parseScenario } from './parse-scenario.ts';
import { loadSuiteFile } from './suite-file.ts';
import type { Threshold } from '../thresholds/parse.ts';
import type { Scenario, SourceLocation } from './types.ts';
import { checkWavFile, fileProblem, type FileProblem } from './wav-check.ts';

interface LoadedFile {
  file: string;
  scenario?: Scenario;
  errors: ScenarioError[];
  name?: { value: string; at: SourceLocation };
}

export interface LoadResult {
  /** The scenarios of files without errors, in file order (duplicate names left out). */
  scenarios: Scenario[];
  /** Every problem found, ordered by file then position. Run nothing unless this is empty. */
  errors: ScenarioError[];
  /** Thresholds for the whole run: the suite files' (callbench.yaml), then each scenario's own (scoped to it). */
  thresholds: Threshold[];
}

/** `wavChecks` shares one check per audio file across all scenarios of a load. */
async function loadOne(file: string, wavChecks: Map<string, Promise<FileProblem | undefined>>): Promise<LoadedFile> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    const { code, detail } = fileProblem(error, 'scenario file', file);
    return { file, errors: [new ScenarioError({ file, line: 0, column: 0, field: '', code, detail })] };
  }
  const parsed = parseScenario(source, file);
  const errors = [...parsed.errors];
  for (const reference of parsed.audio) {
    let check = wavChecks.get(reference.path);
    if (check === undefined) {
      check = checkWavFile(reference.path);
      wavChecks.set(reference.path, check);
    }
    const problem = await check;
    if (problem !== undefined) errors.push(new ScenarioError({ ...reference.at, field: formatFieldPath(reference.field), ...problem }));
  }
  const loaded: LoadedFile = { file, errors };
  if (parsed.name !== undefined) loaded.name = parsed.name;
  if (errors.length === 0 && parsed.scenario !== undefined) loaded.scenario = parsed.scenario;
  return loaded;
}

/** Loads one scenario file; throws ScenarioLoadError listing every problem in it. */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  const loaded = await loadOne(resolve(path), new Map());
  if (loaded.scenario === undefined) throw new ScenarioLoadError(sortScenarioErrors(loaded.errors, [loaded.file]));
  return loaded.scenario;
}

/**
 * Loads scenario files and directories (searched recursively for *.yaml / *.yml, sorted).
 * Never throws for a bad scenario: every problem in every file comes back in `errors`.
 */
export async function loadScenarios(paths: readonly string[]): Promise<LoadResult> {
  const discovered = await discoverScenarioFiles(paths);
  const wavChecks = new Map<string, Promise<FileProblem | undefined>>();
  const loaded = await Promise.all(discovered.files.map((file) => loadOne(file, wavChecks)));
  const suites = await Promise.all(discovered.suiteFiles.map(loadSuiteFile));
  const errors = [...discovered.errors, ...suites.flatMap((s) => s.errors), ...loaded.flatMap((file) => file.errors)];
  // Names are compared across every file that has a readable name, valid or not, so a clash is
  // reported in the same run as the files' other problems. The first file keeps the name.
  const firstByName = new Map<string, SourceLocation>();
  const clashing = new Set<string>();
  for (const file of loaded) {
    if (file.name === undefined) continue;
    const first = firstByName.get(file.name.value);
    if (first === undefined) {
      firstByName.set(file.name.value, file.name.at);
      continue;
    }
    clashing.add(file.file);
    errors.push(
      new ScenarioError({
        ...file.name.at,
        field: 'name',
        code: 'duplicate_name',
        detail: `name '${file.name.value}' is already used by ${first.file}:${first.line}:${first.column} — scenario names must be unique; rename one`,
      }),
    );
  }
  const scenarios = loaded.flatMap((file) => (file.scenario === undefined || clashing.has(file.file) ? [] : [file.scenario]));
  const thresholds = [...suites.flatMap((s) => s.thresholds), ...scenarios.flatMap((s) => (s.thresholds ?? []).map((t) => ({ ...t, scenario: s.name })))];
  return { scenarios, thresholds, errors: sortScenarioErrors(errors, [...discovered.suiteFiles, ...discovered.files, ...discovered.errors.map((e) => e.file)]) };
}
