/**
 * Which test files may share the machine (vitest project `unit`, files in parallel) and which must
 * run alone (project `realtime`, one file at a time, after `unit`): vitest.config.ts reads this.
 *
 * A file is realtime when what it checks depends on wall-clock time: it places calls whose audio
 * is paced in real time (20 ms Twilio frames) against an agent on 127.0.0.1, or it asserts how long
 * something took (a latency, a pacing, an abort within N ms). Run beside other test files on two
 * cores, such a file would measure the runner instead of the code. Everything else (parsing,
 * arithmetic on recorded events, audio in audio time, fake clocks) is `unit`.
 *
 * The rule of thumb: full-stack tests live in test/ and are realtime; a realtime test beside the
 * code is listed below, with what makes it so. scripts/test-projects.test.ts fails when a file
 * that places calls or reads the clock is in neither list, so a new one cannot slip into `unit`.
 */

/** Where the suite's test files are. */
export const TEST_ROOTS = ['src/', 'agent/', 'test/', 'scripts/'];

/** The full-stack directory: every test file in it is realtime unless listed in UNIT_IN_TEST_DIR. */
export const REALTIME_DIR = 'test/';

/** Files in test/ that neither place calls nor read the clock. */
export const UNIT_IN_TEST_DIR = [
  // npm pack, an offline install and tsc: heavy CPU but no clock (each child process has its own generous timeout).
  'test/package.test.ts',
  // Parses the shipped examples and runs their command lines with --dry-run: nothing is dialed.
  'test/examples.test.ts',
];

/** Realtime test files beside the code. */
export const REALTIME_BESIDE_CODE = [
  // Calls through the agent server; turn latency and barge-in stop within tens of milliseconds.
  'agent/server.test.ts',
  // Audio is sent paced (≥ 880 ms for a second of audio); an abort ends the stream within 500 ms.
  'agent/providers/stt/assemblyai.test.ts',
  // An abort ends the synthesis within 300 ms.
  'agent/providers/tts/elevenlabs.test.ts',
  'agent/providers/tts/openai-speech.test.ts',
  // Real timers: frames due every 20 ms, a blocked event loop seen as lateness.
  'src/caller/scheduler.test.ts',
  // Busy-waits to block the event loop and measures the blocking.
  'src/engine/generator/watchdog.test.ts',
  // `callbench run|load|report` end to end against fixture agents on 127.0.0.1 (real-time calls,
  // reply timeouts of a few hundred ms, latency bounds, signal deadlines).
  'src/cli/interrupted-run.test.ts',
  'src/cli/load-interrupt.test.ts',
  'src/cli/report.test.ts',
  'src/cli/run-matrix.test.ts',
  'src/cli/run-transcriber.test.ts',
  'src/cli/run.test.ts',
  'src/cli/shutdown.test.ts',
  'src/load/load-reporters.test.ts',
  'src/load/merge.test.ts',
  'src/report/html/load-report.test.ts',
];

/**
 * Unit files that read the clock only to bound a wait far above what it takes (a hang check:
 * "fails within 2 s" for a 150 ms timeout), which holds on a loaded machine.
 */
export const UNIT_WITH_LOOSE_CLOCK_BOUNDS = [
  'agent/providers/llm/openai-brain.test.ts',
  'agent/providers/stt/assemblyai-audio-sender.test.ts', // fake timers; Date.now is the fake clock
  'src/caller/call-setup.test.ts',
  'src/caller/converse/llm-policy.test.ts', // polls a condition for at most 5 s
  'src/expectations/judge.test.ts',
  'src/util/out-dir-check.test.ts',
];

/** vitest `include` and `exclude` of each project: together they hold every test file, once. */
export const UNIT_FILES = {
  include: [
    ...TEST_ROOTS.filter((root) => root !== REALTIME_DIR).map((root) => `${root}**/*.test.ts`),
    ...UNIT_IN_TEST_DIR,
  ],
  exclude: REALTIME_BESIDE_CODE,
};
export const REALTIME_FILES = {
  include: [`${REALTIME_DIR}**/*.test.ts`, ...REALTIME_BESIDE_CODE],
  exclude: UNIT_IN_TEST_DIR,
};

/** Whether a test file (path relative to the repository root, with /) belongs to `realtime`. */
export function isRealtime(file: string): boolean {
  if (file.startsWith(REALTIME_DIR)) return !UNIT_IN_TEST_DIR.includes(file);
  return REALTIME_BESIDE_CODE.includes(file);
}
