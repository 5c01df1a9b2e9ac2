/**
 * The Free Spoken Digit Dataset (FSDD) as a source of real human digits: files named
 * `<digit>_<speaker>_<take>.wav` in one directory. This module finds the directory, lists what it
 * holds, and makes the deterministic choices (speaker, take per digit position) that keep a
 * scenario's audio the same on every run. Reading and splicing the audio is src/caller/recorded-digits.ts.
 *
 * The dataset is not part of the repository (CC BY-SA, and a fresh clone has no ../shared), so
 * "not there" is a normal state: the loader then skips its speaker checks and preparation skips
 * the scenario (ScenarioSkipped), rather than either failing.
 */
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FSDD_DIR_ENV = 'CALLBENCH_FSDD_DIR';

/** callbench's checkout root (the directory with its package.json), two levels above this file. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Where the FSDD recordings are: `$CALLBENCH_FSDD_DIR` (relative to the working directory) when
 * set, else `../shared/data/fsdd` next to the callbench checkout. The checkout, not the working
 * directory, because the dataset sits beside the repository whatever directory a run starts in.
 * Only the CLI should read process.env; callers that have an env map pass it in.
 */
export function resolveFsddDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const fromEnv = env[FSDD_DIR_ENV];
  if (fromEnv) return resolve(fromEnv);
  return resolve(PACKAGE_ROOT, '..', 'shared', 'data', 'fsdd');
}

/** The reason a scenario needing the dataset is skipped when it is absent (reports show it verbatim). */
export function fsddSkipReason(dir: string): string {
  return `needs ../shared/data/fsdd (FSDD recordings), not found at ${dir}; set ${FSDD_DIR_ENV}`;
}

export interface FsddIndex {
  dir: string;
  /** Speakers with at least one recording, sorted by name. */
  speakers: string[];
  /** Take numbers of one speaker's recordings of one digit, ascending; empty when there are none. */
  takes(speaker: string, digit: string): number[];
  /** The file of one take. */
  file(digit: string, speaker: string, take: number): string;
}

const FILE_PATTERN = /^([0-9])_([A-Za-z0-9-]+)_([0-9]+)\.wav$/;

function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/**
 * Lists the dataset. Null when `dir` does not exist (the dataset is simply not installed); other
 * failures (permissions) throw, since they are a broken setup rather than an absent one.
 * Files not named like FSDD recordings (README.md, …) are ignored.
 */
export async function readFsddIndex(dir: string): Promise<FsddIndex | null> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
  const takes = new Map<string, number[]>(); // `${speaker}/${digit}` → takes
  const speakers = new Set<string>();
  for (const name of names) {
    const match = FILE_PATTERN.exec(name);
    if (!match) continue;
    const [, digit, speaker, take] = match;
    speakers.add(speaker);
    const key = `${speaker}/${digit}`;
    const list = takes.get(key) ?? [];
    list.push(Number(take));
    takes.set(key, list);
  }
  for (const list of takes.values()) list.sort((a, b) => a - b);
  return {
    dir,
    speakers: [...speakers].sort(),
    takes: (speaker, digit) => takes.get(`${speaker}/${digit}`) ?? [],
    file: (digit, speaker, take) => join(dir, `${digit}_${speaker}_${take}.wav`),
  };
}

/** Digits of `digits` that `speaker` has no recording of, each once, in order of appearance. */
export function missingDigits(index: FsddIndex, speaker: string, digits: string): string[] {
  return [...new Set(digits)].filter((digit) => index.takes(speaker, digit).length === 0);
}

/**
 * The speaker used when a scenario names none: the first by name who recorded every digit needed.
 * By name rather than at random or by hash so that it is obvious which voice a scenario gets, and
 * stays the same as long as the dataset does. Undefined when nobody recorded them all.
 */
export function defaultSpeaker(index: FsddIndex, digits: string): string | undefined {
  return index.speakers.find((speaker) => missingDigits(index, speaker, digits).length === 0);
}

/**
 * The recording for each digit position: position i uses the speaker's (i mod n)-th take of that
 * digit (takes in ascending order). Repeated digits ("555") thus get different takes, as a person
 * never says a digit twice the same way, and the same scenario always gets the same files.
 * Throws when the speaker has no recording of a digit (the loader reports that case first).
 */
export function chooseTakes(index: FsddIndex, speaker: string, digits: string): string[] {
  return [...digits].map((digit, position) => {
    const takes = index.takes(speaker, digit);
    if (takes.length === 0)
      throw new Error(`FSDD has no recording of the digit ${digit} by ${speaker} in ${index.dir}`);
    return index.file(digit, speaker, takes[position % takes.length]);
  });
}
