/**
 * Calls spread over worker threads, each with its own scheduler and event loop, so a load run
 * can use more than one core. The main thread only decides when calls start and writes results;
 * each call goes to the worker with the fewest calls in flight.
 */
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../../util/worker.ts';
import type { CallOutcome } from './call-outcome.ts';
import type { CallJob, CallRunner, PreparedVariant, ThreadReport } from './call-runner.ts';
import { decodeHistogram } from '../../metrics/histograms.ts';
import { ThreadMonitor } from './thread-monitor.ts';
import type { FromWorker, LoadWorkerData, ToWorker } from './worker-messages.ts';
import { CallerCache } from '../../caller/converse/caller-cache.ts';
import { requestShare, type LlmCallerSettings } from './llm-caller-policy.ts';

interface PoolWorker {
  worker: Worker;
  thread: string;
  inFlight: number;
}

export class WorkerPoolRunner implements CallRunner {
  private readonly pending = new Map<
    string,
    { resolve: (o: CallOutcome & { thread: string }) => void; thread: string }
  >();
  private readonly samples = new Map<
    number,
    { want: number; got: ThreadReport[]; resolve: (r: ThreadReport[]) => void }
  >();
  private nextSampleId = 0;
  /** The main thread measures itself too: a blocked main thread delays every call start. */
  private readonly mainMonitor = new ThreadMonitor('main');

  /** Writes the replies the workers' caller models gave (one writer per cache file). */
  private readonly callerCache: CallerCache | null;
  private cacheWrites: Promise<void> = Promise.resolve();

  private constructor(
    private readonly workers: PoolWorker[],
    llmCallers: LlmCallerSettings | null,
  ) {
    this.callerCache = llmCallers ? new CallerCache(llmCallers.cacheFile) : null;
    for (const w of workers) {
      w.worker.on('message', (m: FromWorker) => this.onMessage(w, m));
      // A crashed worker must not leave its calls (and the run) waiting forever.
      w.worker.on('error', (err) => this.failWorker(w, err.message));
      w.worker.on('exit', (code) => this.failWorker(w, `exited with code ${code}`));
    }
  }

  private closing = false;

  private failWorker(w: PoolWorker, why: string): void {
    if (this.closing) return;
    for (const [callId, p] of this.pending) {
      if (p.thread !== w.thread) continue;
      this.pending.delete(callId);
      p.resolve({
        ...crashedOutcome(callId, `load worker ${w.thread} failed: ${why}`),
        thread: w.thread,
      });
    }
    w.inFlight = Number.POSITIVE_INFINITY; // never chosen again
    for (const [id, s] of this.samples) {
      this.samples.delete(id);
      s.resolve(s.got);
    }
  }

  static async start(
    threads: number,
    variants: PreparedVariant[],
    agentUrl: string,
    llmCallers: LlmCallerSettings | null = null,
  ): Promise<WorkerPoolRunner> {
    const llmRequestShare = requestShare(llmCallers?.maxRequests ?? 1, threads);
    const workers = await Promise.all(
      Array.from({ length: threads }, async (_, i) => {
        const thread = `worker-${i + 1}`;
        const data: LoadWorkerData = { thread, agentUrl, variants, llmCallers, llmRequestShare };
        const worker = startTsWorker(new URL('./load-worker.ts', import.meta.url), { ...data });
        await new Promise<void>((resolve, reject) => {
          worker.once('error', reject);
          worker.once('message', (m: FromWorker) =>
            m.type === 'ready' ? resolve() : reject(new Error(`${thread} did not start`)),
          );
        });
        return { worker, thread, inFlight: 0 };
      }),
    );
    return new WorkerPoolRunner(workers, llmCallers);
  }

  run(job: CallJob, signal: AbortSignal): Promise<CallOutcome & { thread: string }> {
    const w = this.workers.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    if (w.inFlight === Number.POSITIVE_INFINITY)
      return Promise.resolve({
        ...crashedOutcome(job.callId, 'every load worker has failed'),
        thread: w.thread,
      });
    w.inFlight++;
    return new Promise((resolve) => {
      this.pending.set(job.callId, { resolve, thread: w.thread });
      const onAbort = (): void => this.send(w, { type: 'abort', callId: job.callId });
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      this.send(w, { type: 'run', callId: job.callId, variant: job.variant });
      const settle = this.pending.get(job.callId);
      if (settle) {
        settle.resolve = (o) => {
          signal.removeEventListener('abort', onAbort);
          resolve(o);
        };
      }
    });
  }

  sample(): Promise<ThreadReport[]> {
    const id = this.nextSampleId++;
    const main = this.mainMonitor.sample();
    return new Promise((resolve) => {
      this.samples.set(id, { want: this.workers.length, got: [main], resolve });
      for (const w of this.workers) this.send(w, { type: 'sample', id });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    this.mainMonitor.close();
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
    await this.cacheWrites;
  }

  private send(w: PoolWorker, m: ToWorker): void {
    w.worker.postMessage(m);
  }

  private onMessage(w: PoolWorker, m: FromWorker): void {
    if (m.type === 'done') {
      w.inFlight--;
      const p = this.pending.get(m.callId);
      this.pending.delete(m.callId);
      p?.resolve({ ...m.outcome, thread: w.thread });
    } else if (m.type === 'cache') {
      const cache = this.callerCache;
      if (!cache) return;
      // A reply that could not be written costs a later run a request (or a cache miss), not this call.
      this.cacheWrites = this.cacheWrites.then(() => cache.set(m.key, m.reply)).catch(() => {});
    } else if (m.type === 'sample') {
      const s = this.samples.get(m.id);
      if (!s) return;
      s.got.push({ sample: m.sample, lateness: decodeHistogram(m.lateness) });
      if (s.got.length === s.want + 1) {
        this.samples.delete(m.id);
        s.resolve(s.got);
      }
    }
  }
}

function crashedOutcome(callId: string, reason: string): CallOutcome {
  return {
    callId,
    scenario: '',
    voice: '',
    status: 'error',
    reason,
    row: { call_id: callId, status: 'error', reason },
    turnLatenciesMs: [],
    ttfbsMs: [],
    durationMs: 0,
    entityExact: [],
    framesSent: 0,
    framesLate5ms: 0,
  };
}
