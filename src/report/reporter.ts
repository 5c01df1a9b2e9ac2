/**
 * Reporters are plain objects with optional hooks (as in vitest). None sits in a call's timing
 * path: they see a call only once it has finished. `onCallEnd` is awaited before the call counts
 * as done, so a finished call is on disk before the run moves on. What each hook receives is a
 * type parameter: `callbench run`'s reporters take RunEvents (the default), `callbench load`'s
 * take the load run's events (src/load/load-reporter.ts), whose `onInterval` gets each stats
 * interval's aggregates, the way k6 outputs receive periodic samples.
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

/** What each hook receives. */
export interface ReporterEvents {
  plan: unknown;
  call: unknown;
  interval: unknown;
  summary: unknown;
}

/** `callbench run`: it has no stats intervals, so its reporters are never given one. */
export interface RunEvents extends ReporterEvents {
  plan: RunPlan;
  call: ScoredCall;
  interval: never;
  summary: RunSummary;
}

export interface Reporter<E extends ReporterEvents = RunEvents> {
  readonly name: string;
  onRunStart?(plan: E['plan']): Promise<void> | void;
  onCallEnd?(call: E['call']): Promise<void> | void;
  /** Once per stats interval, after the interval has closed; awaited like the other hooks. */
  onInterval?(snapshot: E['interval']): Promise<void> | void;
  onRunEnd?(summary: E['summary']): Promise<void> | void;
}

export type ReporterHook = 'onRunStart' | 'onCallEnd' | 'onInterval' | 'onRunEnd';

/** A reporter's hook threw: the message names both; `cause` is what it threw. */
export class ReporterError extends Error {
  constructor(
    readonly reporter: string,
    readonly hook: ReporterHook,
    cause: unknown,
  ) {
    super(
      `reporter "${reporter}" failed in ${hook}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/**
 * Runs a hook on every reporter in order, each awaited before the next; one reporter failing
 * does not stop the others. Each failure comes back as a ReporterError.
 */
export async function notifyReporters<E extends ReporterEvents, K extends ReporterHook>(
  reporters: readonly Reporter<E>[],
  hook: K,
  arg: Parameters<NonNullable<Reporter<E>[K]>>[0],
): Promise<ReporterError[]> {
  const errors: ReporterError[] = [];
  for (const r of reporters) {
    const fn = r[hook] as ((a: typeof arg) => Promise<void> | void) | undefined;
    if (!fn) continue;
    try {
      await fn.call(r, arg);
    } catch (err) {
      errors.push(new ReporterError(r.name, hook, err));
    }
  }
  return errors;
}
