/**
 * Runs a CPU-heavy recognizer in worker threads so calls use both cores: each stream lives in
 * the least-loaded of `threads` workers, and the main thread only relays 20 ms frames and events.
 * Any provider can be hosted this way: its module exports `createSttProvider(options)`.
 * A worker that dies fails its own streams (fatal error events), never the process; the next
 * stream opened on that slot gets a fresh worker.
 */
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../../../src/util/worker.ts';
import { AsyncQueue } from '../async-queue.ts';
import { abortedError, ProviderError } from '../errors.ts';
import type { SttContext, SttEvent, SttProvider, SttStream } from '../types.ts';
import type { FromWorker, SttWorkerData, ToWorker } from './threaded-stt-protocol.ts';

const WORKER_URL = new URL('./threaded-stt-worker.ts', import.meta.url);

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  streams: Map<number, RemoteStream>;
}

export interface ThreadedSttOptions {
  name: string;
  providerModule: URL;
  providerOptions?: Record<string, unknown>;
  threads: number;
}

export class ThreadedStt implements SttProvider {
  readonly name: string;
  private readonly slots: (Slot | null)[];
  private nextId = 1;

  constructor(private readonly options: ThreadedSttOptions) {
    this.name = options.name;
    this.slots = Array.from({ length: Math.max(1, options.threads) }, () => null);
  }

  /** Starts every worker now (model loading takes a while), instead of on the first call. */
  async warm(): Promise<void> {
    await Promise.all(this.slots.map((_, i) => this.slot(i).ready));
  }

  async open(context: SttContext, signal: AbortSignal): Promise<SttStream> {
    if (signal.aborted) throw abortedError(this.name);
    let best = 0;
    for (let i = 1; i < this.slots.length; i++)
      if ((this.slots[i]?.streams.size ?? 0) < (this.slots[best]?.streams.size ?? 0)) best = i;
    const slot = this.slot(best);
    await slot.ready;
    const stream = new RemoteStream(this.nextId++, slot, this.name);
    slot.streams.set(stream.id, stream);
    const onAbort = () => stream.fail(abortedError(this.name));
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await stream.open(context);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    signal.addEventListener('abort', () => void stream.close(), { once: true });
    return stream;
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s?.worker.terminate()));
    this.slots.fill(null);
  }

  private slot(i: number): Slot {
    const existing = this.slots[i];
    if (existing) return existing;
    const data: SttWorkerData = {
      providerModule: this.options.providerModule.href,
      options: this.options.providerOptions ?? {},
    };
    const worker = startTsWorker(WORKER_URL, { ...data });
    const streams = new Map<number, RemoteStream>();
    let markReady: () => void = () => {};
    let markFailed: (e: Error) => void = () => {};
    const ready = new Promise<void>((res, rej) => {
      markReady = res;
      markFailed = rej;
    });
    ready.catch(() => {});
    const slot: Slot = { worker, ready, streams };
    worker.on('message', (m: FromWorker) => {
      if (m.t === 'ready') return markReady();
      streams.get(m.id)?.onMessage(m);
      if (m.t === 'closed' || m.t === 'open_failed') streams.delete(m.id);
    });
    const die = (message: string) => {
      const err = new ProviderError({ provider: this.name, kind: 'server', message });
      markFailed(err);
      for (const s of streams.values()) s.fail(err);
      streams.clear();
      if (this.slots[i] === slot) this.slots[i] = null;
    };
    worker.on('error', (e) => die(`recognizer worker failed: ${e.message}`));
    worker.on('exit', (code) => die(`recognizer worker exited (code ${code})`));
    worker.unref();
    this.slots[i] = slot;
    return slot;
  }
}

class RemoteStream implements SttStream {
  readonly events = new AsyncQueue<SttEvent>();
  private opened: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private closed = false;

  constructor(
    readonly id: number,
    private readonly slot: Slot,
    private readonly provider: string,
  ) {}

  open(context: SttContext): Promise<void> {
    return new Promise((resolve, reject) => {
      this.opened = { resolve, reject };
      this.send({ t: 'open', id: this.id, context });
    });
  }

  push(frame: Uint8Array): void {
    if (!this.closed) this.send({ t: 'push', id: this.id, frame });
  }

  setContext(context: SttContext): void {
    if (!this.closed) this.send({ t: 'context', id: this.id, context });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.send({ t: 'close', id: this.id });
    this.events.end();
  }

  onMessage(m: FromWorker): void {
    switch (m.t) {
      case 'opened':
        this.opened?.resolve();
        this.opened = null;
        return;
      case 'open_failed':
        return this.fail(
          new ProviderError({ provider: this.provider, kind: 'server', message: m.message }),
        );
      case 'event':
        this.events.push(m.event);
        return;
      case 'closed':
        this.closed = true;
        this.events.end();
        return;
    }
  }

  fail(err: Error): void {
    if (this.opened) {
      this.opened.reject(err);
      this.opened = null;
    } else if (!this.closed) {
      this.events.push({ type: 'error', message: err.message, fatal: true });
    }
    this.closed = true;
    this.events.end();
  }

  private send(m: ToWorker): void {
    try {
      this.slot.worker.postMessage(m);
    } catch {
      // the worker is gone; its exit handler fails this stream
    }
  }
}
