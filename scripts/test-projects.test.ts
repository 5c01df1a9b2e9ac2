/**
 * The split of the suite into `unit` (files in parallel) and `realtime` (one file at a time) stays
 * true to the code: a test file that places paced calls or reads the clock is realtime unless a
 * list in scripts/test-projects.ts says why not, and every listed file exists.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  isRealtime,
  REALTIME_BESIDE_CODE,
  REALTIME_DIR,
  TEST_ROOTS,
  UNIT_IN_TEST_DIR,
  UNIT_WITH_LOOSE_CLOCK_BOUNDS,
} from './test-projects.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What makes a file realtime: it starts an agent or a fixture agent and calls it in real time. */
const PLACES_CALLS =
  /\bmakeKit\(|fixtures\/[\w-]*agent\.ts|fixtures\/fixture-server\.ts|\bstartReferenceAgent\(|\bstartAgentServer\(|\brunSuite\(/;
/** …or it times something on the wall clock. */
const READS_CLOCK = /\bperformance\.now\(|\bDate\.now\(/;

async function testFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const root of TEST_ROOTS) {
    const entries = await readdir(join(ROOT, root), { recursive: true });
    for (const entry of entries)
      if (entry.endsWith('.test.ts'))
        files.push(
          relative(ROOT, join(ROOT, root, entry))
            .split(sep)
            .join('/'),
        );
  }
  return files.sort();
}

describe('the unit/realtime split of the test suite (scripts/test-projects.ts)', () => {
  test('a test file that places calls, or reads the clock, is realtime (or listed as bounding a wait loosely)', async () => {
    const misplaced: string[] = [];
    for (const file of await testFiles()) {
      // Files of test/ listed as unit were looked at one by one, each with its reason.
      if (isRealtime(file) || UNIT_IN_TEST_DIR.includes(file)) continue;
      const source = await readFile(join(ROOT, file), 'utf8');
      if (PLACES_CALLS.test(source)) misplaced.push(`${file}: places calls`);
      else if (READS_CLOCK.test(source) && !UNIT_WITH_LOOSE_CLOCK_BOUNDS.includes(file))
        misplaced.push(`${file}: reads the clock`);
    }
    expect(misplaced, 'add these to REALTIME_BESIDE_CODE (or move them to test/)').toEqual([]);
  });

  test('every file the lists name exists, in the place its list is about', async () => {
    const files = new Set(await testFiles());
    const listed = [...REALTIME_BESIDE_CODE, ...UNIT_IN_TEST_DIR, ...UNIT_WITH_LOOSE_CLOCK_BOUNDS];
    expect(listed.filter((f) => !files.has(f))).toEqual([]);
    expect(UNIT_IN_TEST_DIR.filter((f) => !f.startsWith(REALTIME_DIR))).toEqual([]);
    expect(REALTIME_BESIDE_CODE.filter((f) => f.startsWith(REALTIME_DIR))).toEqual([]);
    expect(UNIT_WITH_LOOSE_CLOCK_BOUNDS.filter(isRealtime)).toEqual([]);
  });

  test('the predicate agrees with the lists', () => {
    expect(isRealtime('test/reference-agent.test.ts')).toBe(true);
    expect(isRealtime('test/package.test.ts')).toBe(false);
    expect(isRealtime('src/cli/run.test.ts')).toBe(true);
    expect(isRealtime('src/scenario/load.test.ts')).toBe(false);
  });
});
