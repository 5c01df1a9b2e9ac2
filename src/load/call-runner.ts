/**
 * Runs calls for a load run on one thread: one shared FrameScheduler paces every call on the
 * thread (shared/performance.md), a fresh VAD per call, metrics and entity scores computed as
 * soon as the call ends, and only the small CallOutcome kept. The thread's monitor watches the
 * scheduler's send lateness.
 */
import type { VadFactory } from '../audio/vad.ts';
import { runCall, type CallResult, type PreparedScenario } from '../caller/call.ts';
import { FrameScheduler } from '../caller/scheduler.ts';
import { fetchCapturedValues } from '../entities/side-channel.ts';
import { scoreEntity, type EntityResult } from '../entities/score.ts';
import { callMetrics } from '../metrics/call-metrics.ts';
import { outcomeOf, type CallOutcome } from './call-outcome.ts';
import type { Histogram } from './histograms.ts';
import { ThreadMonitor, type ThreadSample } from './thread-monitor.ts';

export interface CallJob {
  callId: string;
  variant: number;
}

export interface ThreadReport {
  sample: ThreadSample;
  /** Frame send lateness of the interval, µs. */
  lateness: Histogram;
}

/** Where a load run's calls run: this thread, or a pool of worker threads. */
export interface CallRunner {
  run(job: CallJob, signal: AbortSignal): Promise<CallOutcome & { thread: string }>;
  /** Every generator thread's measurements since the previous call. */
  sample(): Promise<ThreadReport[]>;
  close(): Promise<void>;
}

export interface PreparedVariant {
  plan: PreparedScenario;
  voice: string;
}

/** Runs calls on the current thread. */
export class ThreadCallRunner implements CallRunner {
  private readonly scheduler = new FrameScheduler();
  readonly monitor: ThreadMonitor;
  private readonly unwatch: () => void;

  constructor(
    private readonly variants: readonly PreparedVariant[],
    private readonly agentUrl: string,
    private readonly vadFactory: VadFactory,
    readonly thread = 'main',
  ) {
    this.monitor = new ThreadMonitor(thread);
    this.unwatch = this.monitor.watch(this.scheduler);
  }

  get activeCalls(): number {
    return this.scheduler.activeTasks;
  }

  async run(job: CallJob, signal: AbortSignal): Promise<CallOutcome & { thread: string }> {
    const variant = this.variants[job.variant];
    const vad = this.vadFactory.create();
    try {
      const result = await runCall(variant.plan, { url: this.agentUrl, scheduler: this.scheduler, vad, callId: job.callId, signal });
      const entities = await scoreEntities(variant.plan, result, this.agentUrl);
      return { ...outcomeOf({ ...result, metrics: callMetrics(result.events), ...(entities ? { entities } : {}) }, variant.voice), thread: this.thread };
    } finally {
      vad.dispose();
    }
  }

  async sample(): Promise<ThreadReport[]> {
    return [this.monitor.sample()];
  }

  async close(): Promise<void> {
    this.unwatch();
    this.monitor.close();
  }
}

/** The scenario's declared entities scored against the agent's side channel (as `callbench run` does). */
async function scoreEntities(plan: PreparedScenario, result: CallResult, agentUrl: string): Promise<EntityResult[] | null> {
  const declared = plan.scenario.turns.flatMap((turn, i) => (turn.kind === 'say' ? (turn.entities ?? []).map((e) => ({ turn: i + 1, e })) : []));
  if (declared.length === 0) return null;
  const captured = await fetchCapturedValues(agentUrl, result.callSid);
  return declared.map(({ turn, e }) => scoreEntity(turn, e, captured ?? [], captured ? 'side_channel' : 'none'));
}
