/** Distinct exit codes, documented in the README, so CI can tell what went wrong. */
export const ExitCode = {
  /** Every call passed. */
  Passed: 0,
  /** The run completed, and at least one call failed (or errored: the agent could not be reached, broke protocol, did not answer). */
  Failed: 1,
  /** Bad input: a scenario file, option or audio file is invalid. Nothing was dialed. */
  InvalidInput: 2,
  /** callbench itself failed (a bug, or it could not write its output). */
  HarnessError: 3,
  /** Interrupted (Ctrl-C / SIGTERM); what finished was written. */
  Interrupted: 130,
  /** Terminated (SIGTERM); what finished was written, within the shutdown deadline. */
  Terminated: 143,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
