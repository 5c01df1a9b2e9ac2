/**
 * Runs calls for a load run on one thread: one shared FrameScheduler paces every call on the
 * thread (shared/performance.md), a fresh VAD per call, metrics and entity scores computed as
 * soon as the call ends, and only the small CallOutcome kept. The thread's monitor watches the
 * scheduler's send lateness.
 */
import type { VadFactory } from '../../audio/vad.ts';
import type { PreparedScenario } from '../../caller/call.ts';
import { FrameScheduler } from '../../caller/scheduler.ts';
import { dialAndScore } from '../pipeline.ts';
import { outcomeOf, type CallOutcome } from './call-outcome.ts';
import type { Histogram } from '../../metrics/histograms.ts';
import { ThreadMonitor, type ThreadSample } from './thread-monitor.ts';
import { ThreadLineSpeech } from '../../caller/converse/thread-line-speech.ts';
import type { PolicyFactory } from '../../caller/converse/start.ts';

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
  /** Goal-driven calls speak lines decided mid-call: one synthesizer per generator thread, started on first need. */
  private readonly lineSpeech: ThreadLineSpeech;
  readonly monitor: ThreadMonitor;
  private readonly unwatch: () => void;

  constructor(
    private readonly variants: readonly PreparedVariant[],
    private readonly agentUrl: string,
    private readonly vadFactory: VadFactory,
    readonly thread = 'main',
    /** For `policy: llm` callers (llm-caller-policy.ts); without it they fail their calls. */
    private readonly llmPolicy?: PolicyFactory,
  ) {
    this.monitor = new ThreadMonitor(thread);
    this.lineSpeech = new ThreadLineSpeech(vadFactory);
    this.unwatch = this.monitor.watch(this.scheduler);
  }

  get activeCalls(): number {
    return this.scheduler.activeTasks;
  }

  async run(job: CallJob, signal: AbortSignal): Promise<CallOutcome & { thread: string }> {
    const variant = this.variants[job.variant];
    // Scored as `callbench run` scores a call (entities, expectations, success criteria), except
    // that what the agent said is judged only from its side channel: transcribing every call's
    // audio would load the generator the run is measuring.
    const converse = variant.plan.converse
      ? {
          ...(await this.lineSpeech.options(variant.plan.converse.ttsCacheDir)),
          ...(this.llmPolicy ? { llmPolicy: this.llmPolicy } : {}),
        }
      : undefined;
    const scored = await dialAndScore({
      plan: variant.plan,
      ...(converse ? { converse } : {}),
      callId: job.callId,
      agentUrl: this.agentUrl,
      scheduler: this.scheduler,
      vadFactory: this.vadFactory,
      signal,
      scoring: () => ({ judge: undefined, heardMulaw: null, speech: 'side_channel' }),
    });
    return { ...outcomeOf(scored, variant.voice), thread: this.thread };
  }

  async sample(): Promise<ThreadReport[]> {
    return [this.monitor.sample()];
  }

  async close(): Promise<void> {
    this.unwatch();
    this.monitor.close();
    await this.lineSpeech.close();
  }
}
