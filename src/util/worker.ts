import { Worker, type WorkerOptions } from 'node:worker_threads';

const bootstrapUrl = new URL('./ts-worker-bootstrap.mjs', import.meta.url);

/**
 * Starts a worker thread whose entry is a TypeScript module (`entryUrl`), passing `data` as
 * its workerData (plus the private `__entry` field the bootstrap reads).
 */
export function startTsWorker(
  entryUrl: URL,
  data: Record<string, unknown> = {},
  options: Omit<WorkerOptions, 'workerData'> = {},
): Worker {
  return new Worker(bootstrapUrl, { ...options, workerData: { ...data, __entry: entryUrl.href } });
}
