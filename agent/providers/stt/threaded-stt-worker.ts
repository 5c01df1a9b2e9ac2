/**
 * A recognizer worker: hosts one SttProvider (built by the module named in workerData) and any
 * number of its streams, relaying frames in and events out. Decoding here keeps the main thread,
 * which paces every call's audio, free of the recognizer's CPU.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SttProvider, SttStream } from '../types.ts';
import type { FromWorker, SttWorkerData, ToWorker } from './threaded-stt-protocol.ts';

const data = workerData as SttWorkerData;
const port = parentPort;
if (!port) throw new Error('threaded-stt-worker must run in a worker thread');
const post = (m: FromWorker): void => port.postMessage(m);

const mod = (await import(data.providerModule)) as {
  createSttProvider(options: Record<string, unknown>): Promise<SttProvider>;
};
const provider = await mod.createSttProvider(data.options);
const streams = new Map<
  number,
  { stream: SttStream | null; abort: AbortController; pending: Uint8Array[] }
>();

port.on('message', (m: ToWorker) => {
  switch (m.t) {
    case 'open': {
      const entry = {
        stream: null as SttStream | null,
        abort: new AbortController(),
        pending: [] as Uint8Array[],
      };
      streams.set(m.id, entry);
      provider.open(m.context, entry.abort.signal).then(
        async (stream) => {
          entry.stream = stream;
          for (const f of entry.pending) stream.push(f);
          entry.pending = [];
          post({ t: 'opened', id: m.id });
          try {
            for await (const event of stream.events) post({ t: 'event', id: m.id, event });
          } catch (err) {
            post({
              t: 'event',
              id: m.id,
              event: {
                type: 'error',
                message: err instanceof Error ? err.message : String(err),
                fatal: true,
              },
            });
          }
          post({ t: 'closed', id: m.id });
        },
        (err: unknown) => {
          streams.delete(m.id);
          post({
            t: 'open_failed',
            id: m.id,
            message: err instanceof Error ? err.message : String(err),
          });
        },
      );
      return;
    }
    case 'push': {
      const entry = streams.get(m.id);
      if (!entry) return;
      if (entry.stream) entry.stream.push(m.frame);
      else entry.pending.push(m.frame);
      return;
    }
    case 'context':
      streams.get(m.id)?.stream?.setContext(m.context);
      return;
    case 'close': {
      const entry = streams.get(m.id);
      streams.delete(m.id);
      if (!entry) return;
      entry.abort.abort();
      void entry.stream?.close();
      return;
    }
  }
});
post({ t: 'ready' });
