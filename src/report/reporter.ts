/**
 * Reporters are plain objects with optional hooks (as in vitest). None sits in a call's timing
 * path: they see a call only once it has finished. `onCallEnd` is awaited before the call counts
 * as done, so a finished call is on disk before the run moves on.
 */
import type { RunSummary } from '../summary/run-summary.ts';
import type { ScoredCall } from '../results/scored-call.ts';

export interface RunPlan {
  agentUrl: string;
  outDir: string;
  scenarios: { name: string; file: string }[];
  totalCalls: number;
  concurrency: number;
}

export interface Reporter {
  readonly name: string;
  onRunStart?(plan: RunPlan): Promise<void> | void;
  onCallEnd?(call: ScoredCall): Promise<void> | void;
  onRunEnd?(summary: RunSummary): Promise<void> | void;
}

/** Runs a hook on every reporter in order; one reporter failing does not stop the others. */
export async function notifyReporters<K extends 'onRunStart' | 'onCallEnd' | 'onRunEnd'>(
  reporters: readonly Reporter[],
  hook: K,
  arg: Parameters<NonNullable<Reporter[K]>>[0],
): Promise<Error[]> {
  const errors: Error[] = [];
  for (const r of reporters) {
    const fn = r[hook] as ((a: typeof arg) => Promise<void> | void) | undefined;
    if (!fn) continue;
    try {
      await fn.call(r, arg);
    } catch (err) {
      errors.push(new Error(`reporter "${r.name}" failed in ${hook}: ${err instanceof Error ? err.message : String(err)}`));
    }
  }
  return errors;
}
