/**
 * Which scenario files a list of paths means: files as given, directories searched recursively
 * for *.yaml / *.yml (skipping dot-files and dot-directories such as recordings/.cache), sorted so
 * runs are repeatable.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ScenarioError } from './errors.ts';
import { fileProblem } from './wav-check.ts';
import { SUITE_FILE_NAMES } from './suite-file.ts';

export interface DiscoveredFiles {
  /** Absolute paths, each once, in the order the paths were given (directories sorted within). */
  files: string[];
  /** Suite files (callbench.yaml) found in the directories searched. */
  suiteFiles: string[];
  errors: ScenarioError[];
}

const SCENARIO_EXTENSION = /\.ya?ml$/i;

function wholeFileError(file: string, code: ScenarioError['code'], detail: string): ScenarioError {
  return new ScenarioError({ file, line: 0, column: 0, field: '', code, detail });
}

/** Compares paths segment by segment, so `a/b.yaml` sorts with `a/…`, not between `a-x` and `a.x`. */
function comparePaths(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i] < right[i] ? -1 : 1;
  }
  return left.length - right.length;
}

/** Relative paths (with '/') of the scenario files under `dir`; `seen` holds real paths of visited directories (symlink loops). */
async function walk(dir: string, prefix: string, seen: Set<string>): Promise<string[]> {
  const real = await realpath(dir);
  if (seen.has(real)) return [];
  seen.add(real);
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(full).catch(() => undefined);
      isDirectory = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }
    if (isDirectory) found.push(...(await walk(full, rel, seen)));
    else if (isFile && SCENARIO_EXTENSION.test(entry.name)) found.push(rel); // suite files too: split off by the caller
  }
  return found;
}

export async function discoverScenarioFiles(paths: readonly string[]): Promise<DiscoveredFiles> {
  const files: string[] = [];
  const suiteFiles: string[] = [];
  const errors: ScenarioError[] = [];
  const add = (file: string): void => {
    const list = SUITE_FILE_NAMES.some((n) => file.endsWith(`/${n}`)) ? suiteFiles : files;
    if (!list.includes(file)) list.push(file);
  };
  for (const given of paths) {
    const path = resolve(given);
    try {
      const info = await stat(path);
      if (!info.isDirectory()) {
        add(path);
        continue;
      }
      const found = (await walk(path, '', new Set())).sort(comparePaths);
      if (found.every((rel) => SUITE_FILE_NAMES.some((n) => rel === n || rel.endsWith(`/${n}`))))
        errors.push(
          wholeFileError(
            path,
            'no_scenarios',
            `no scenario files (*.yaml, *.yml) in directory ${path}`,
          ),
        );
      for (const rel of found) add(join(path, rel));
    } catch (error) {
      const problem = fileProblem(error, 'scenario path', path);
      errors.push(wholeFileError(path, problem.code, problem.detail));
    }
  }
  return { files, suiteFiles, errors };
}
