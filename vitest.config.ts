import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';
import { REALTIME_FILES, UNIT_FILES } from './scripts/test-projects.ts';

// Two projects, run one after the other (sequence.groupOrder): `unit` files in parallel, then
// `realtime` files one at a time. Realtime tests measure real-time pacing and latency; running
// other files beside them on two cores would measure the test runner instead of the code under
// test. Which file is which, and why: scripts/test-projects.ts.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: UNIT_FILES.include,
          exclude: [...configDefaults.exclude, ...UNIT_FILES.exclude],
          fileParallelism: true,
          // vitest's default (cores - 1) is one worker on a 2-core machine.
          maxWorkers: Math.max(2, availableParallelism()),
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'realtime',
          include: REALTIME_FILES.include,
          exclude: [...configDefaults.exclude, ...REALTIME_FILES.exclude],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
