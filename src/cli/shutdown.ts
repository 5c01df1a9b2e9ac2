/**
 * What Ctrl-C and SIGTERM do. The first signal aborts the run (calls are hung up, what finished
 * is written) and starts a deadline: whatever is still stuck when it passes (a hung file system,
 * an agent that never closes), the process exits. A second signal exits at once. Exit codes are
 * the shell's: 130 for SIGINT, 143 for SIGTERM. main.ts wires this to process.*; tests drive it.
 */
import { ExitCode } from './exit-codes.ts';

export type ShutdownSignal = 'SIGINT' | 'SIGTERM';

/** How long the first signal lets the run hang up and write its reports. */
export const SHUTDOWN_GRACE_MS = 5000;

export interface ShutdownOptions {
  /** Tells the run to stop (the CLI's AbortController). */
  abort: () => void;
  exit: (code: number) => void;
  write: (text: string) => void;
  graceMs?: number;
  /** Starts the deadline; the real one is setTimeout, unref'd so it never keeps a finished run alive. */
  startTimer?: (fn: () => void, ms: number) => void;
}

export function exitCodeForSignal(signal: ShutdownSignal): number {
  return signal === 'SIGINT' ? ExitCode.Interrupted : ExitCode.Terminated;
}

export class Shutdown {
  private received: ShutdownSignal | null = null;

  constructor(private readonly options: ShutdownOptions) {}

  /** The first signal received, if any. */
  get signal(): ShutdownSignal | null {
    return this.received;
  }

  onSignal(signal: ShutdownSignal): void {
    if (this.received !== null) return this.options.exit(exitCodeForSignal(this.received)); // a second signal means "now"
    this.received = signal;
    const graceMs = this.options.graceMs ?? SHUTDOWN_GRACE_MS;
    const what = signal === 'SIGINT' ? 'interrupted' : 'terminated';
    this.options.write(
      `\ncallbench: ${what} — hanging up calls and writing what was done (at most ${seconds(graceMs)}; press Ctrl-C again to quit at once)\n`,
    );
    this.options.abort();
    const startTimer = this.options.startTimer ?? ((fn, ms) => void setTimeout(fn, ms).unref());
    startTimer(() => {
      this.options.write(
        `callbench: still not done ${seconds(graceMs)} after the ${signal}; exiting without waiting further (some reports may be missing)\n`,
      );
      this.options.exit(exitCodeForSignal(signal));
    }, graceMs);
  }

  /** The code to exit with once the command returned `code`: an interrupted run exits as its signal says. */
  finalCode(code: number): number {
    return this.received !== null && code === ExitCode.Interrupted
      ? exitCodeForSignal(this.received)
      : code;
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
