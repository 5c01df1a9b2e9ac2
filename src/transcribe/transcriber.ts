/**
 * Transcribes what the caller heard of an agent, offline, for agents that do not report what
 * they said: one worker thread with the embedded recognizer, started on first use. Texts come back
 * as a person would write them ("your order a as in apple b …"), words outside the grammar left out.
 */
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../util/worker.ts';
import type { HeardUtterance } from '../expectations/types.ts';
import type { AudioTranscriber } from './audio-transcriber.ts';
import type { HeardSegment } from './heard-audio.ts';
import type { TranscribeReply, TranscribeRequest } from './transcriber-protocol.ts';

const WORKER_URL = new URL('./transcriber-worker.ts', import.meta.url);

export class HeardTranscriber implements AudioTranscriber {
  readonly name = 'embedded';
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (texts: string[]) => void; reject: (e: Error) => void }
  >();

  async transcribe(
    segments: readonly HeardSegment[],
    phrases: readonly string[],
  ): Promise<HeardUtterance[]> {
    if (segments.length === 0) return [];
    const worker = this.start();
    const id = this.nextId++;
    const request: TranscribeRequest = {
      id,
      phrases: [...phrases],
      segments: segments.map((s) => ({ startMs: s.startMs, endMs: s.endMs, mulaw: s.mulaw })),
    };
    const texts = await new Promise<string[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(request);
    });
    return segments.map((s, i) => ({
      startMs: s.startMs,
      endMs: s.endMs,
      text: texts[i] ?? '',
      source: 'transcript',
      transcriber: this.name,
    }));
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = startTsWorker(WORKER_URL);
    worker.on('message', (reply: TranscribeReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.texts);
      else waiting.reject(new Error(`transcribing the agent's audio failed: ${reply.error}`));
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      if (code !== 0) this.failAll(new Error(`the transcriber thread exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
