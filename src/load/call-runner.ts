/**
 * Runs calls for a load run on one thread: one shared FrameScheduler paces every call on the
 * thread (shared/performance.md), a fresh VAD per call, metrics and entity scores computed as
 * soon as the call ends, and only the small CallOutcome kept. The thread's monitor watches the
 * scheduler's send lateness.
 */
import type { VadFactory } from '../audio/vad.ts';
import type { CallResult, PreparedScenario } from '../caller/call.ts';
import { placeCall } from '../caller/call-setup.ts';
import { FrameScheduler } from '../caller/scheduler.ts';
import { fetchSideChannel, parseAgentReport } from '../entities/side-channel.ts';
import { scoreCall } from '../scoring/score-call.ts';
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
      // A scenario's call.webhook places it webhook first (issue #13); otherwise the agent's WebSocket is dialled.
      const result = await placeCall(variant.plan, { url: this.agentUrl, scheduler: this.scheduler, vad, callId: job.callId, signal });
      // Scored as `callbench run` scores a call (entities, expectations, success criteria), except
      // that what the agent said is judged only from its side channel: transcribing every call's
      // audio would load the generator the run is measuring.
      const sideChannel = await fetchSideChannel(this.agentUrl, result.callSid);
      const agent = sideChannel === null ? null : parseAgentReport(sideChannel);
      const scored = await scoreCall(variant.plan, result, agent, { judge: undefined, heardMulaw: null, speech: 'side_channel' });
      return { ...outcomeOf(scored, variant.voice), thread: this.thread };
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
