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
import { readFsddIndex, resolveFsddDir, type FsddIndex } from '../speech/fsdd.ts';
import { recordedDigitsProblems } from './recorded-digits-check.ts';
import type { Scenario, SourceLocation } from './types.ts';
import { checkAudioFile, fileProblem, type FileProblem } from './wav-check.ts';

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

export interface LoadOptions {
  /** Where the FSDD recordings are (recorded digits); default resolveFsddDir() (CALLBENCH_FSDD_DIR, else ../shared/data/fsdd). */
  fsddDir?: string;
}

/** File-system checks shared by every scenario of one load: one check per audio file, one dataset listing. */
interface LoadChecks {
  wav: Map<string, Promise<FileProblem | undefined>>;
  fsddDir: string;
  /** null: the dataset is not installed; an Error: it is there but cannot be listed. */
  fsdd?: Promise<FsddIndex | null | Error>;
}

function newChecks(options: LoadOptions): LoadChecks {
  return { wav: new Map(), fsddDir: options.fsddDir ?? resolveFsddDir() };
}

async function loadOne(file: string, checks: LoadChecks): Promise<LoadedFile> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    const { code, detail } = fileProblem(error, 'scenario file', file);
    return {
      file,
      errors: [new ScenarioError({ file, line: 0, column: 0, field: '', code, detail })],
    };
  }
  const parsed = parseScenario(source, file);
  const errors = [...parsed.errors];
  for (const reference of parsed.audio) {
    if (reference.kind === 'recorded_digits') {
      // An absent dataset is not an error here: the scenario loads, and preparing it skips it.
      checks.fsdd ??= readFsddIndex(checks.fsddDir).catch((error: unknown) =>
        error instanceof Error ? error : new Error(String(error)),
      );
      const index = await checks.fsdd;
      if (index instanceof Error) {
        const problem = fileProblem(index, 'FSDD directory', checks.fsddDir);
        errors.push(
          new ScenarioError({
            ...reference.at,
            field: formatFieldPath(reference.field),
            ...problem,
          }),
        );
      } else if (index !== null) errors.push(...recordedDigitsProblems(reference, index));
      continue;
    }
    let check = checks.wav.get(reference.path);
    if (check === undefined) {
      check = checkAudioFile(reference.path);
      checks.wav.set(reference.path, check);
    }
    const problem = await check;
    if (problem !== undefined)
      errors.push(
        new ScenarioError({ ...reference.at, field: formatFieldPath(reference.field), ...problem }),
      );
  }
  const loaded: LoadedFile = { file, errors };
  if (parsed.name !== undefined) loaded.name = parsed.name;
  if (errors.length === 0 && parsed.scenario !== undefined) loaded.scenario = parsed.scenario;
  return loaded;
}

/** Loads one scenario file; throws ScenarioLoadError listing every problem in it. */
export async function loadScenarioFile(path: string, options: LoadOptions = {}): Promise<Scenario> {
  const loaded = await loadOne(resolve(path), newChecks(options));
  if (loaded.scenario === undefined)
    throw new ScenarioLoadError(sortScenarioErrors(loaded.errors, [loaded.file]));
  return loaded.scenario;
}

/**
 * Loads scenario files and directories (searched recursively for *.yaml / *.yml, sorted).
 * Never throws for a bad scenario: every problem in every file comes back in `errors`.
 */
export async function loadScenarios(
  paths: readonly string[],
  options: LoadOptions = {},
): Promise<LoadResult> {
  const discovered = await discoverScenarioFiles(paths);
  const checks = newChecks(options);
  const loaded = await Promise.all(discovered.files.map((file) => loadOne(file, checks)));
  const suites = await Promise.all(discovered.suiteFiles.map(loadSuiteFile));
  const errors = [
    ...discovered.errors,
    ...suites.flatMap((s) => s.errors),
    ...loaded.flatMap((file) => file.errors),
  ];
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
  const scenarios = loaded.flatMap((file) =>
    file.scenario === undefined || clashing.has(file.file) ? [] : [file.scenario],
  );
  const thresholds = [
    ...suites.flatMap((s) => s.thresholds),
    ...scenarios.flatMap((s) => (s.thresholds ?? []).map((t) => ({ ...t, scenario: s.name }))),
  ];
  return {
    scenarios,
    thresholds,
    errors: sortScenarioErrors(errors, [
      ...discovered.suiteFiles,
      ...discovered.files,
      ...discovered.errors.map((e) => e.file),
    ]),
  };
}
