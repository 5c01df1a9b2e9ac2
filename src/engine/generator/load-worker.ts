/**
 * A load worker thread: owns a share of the calls, on its own scheduler and event loop, and
 * answers the main thread's samples with its own measurements. Started by worker-pool.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadVad } from '../../audio/vad.ts';
import { ThreadCallRunner } from './call-runner.ts';
import { encodeHistogram } from '../../metrics/histograms.ts';
import type { FromWorker, LoadWorkerData, ToWorker } from './worker-messages.ts';
import { CallerCache, type ReplyCache } from '../../caller/converse/caller-cache.ts';
import { llmPolicyForThread } from './llm-caller-policy.ts';

const data = workerData as LoadWorkerData;
const port = parentPort;
if (!port) throw new Error('load-worker.ts must run in a worker thread');
const post = (m: FromWorker): void => port.postMessage(m);
const llmPolicy = data.llmCallers
  ? llmPolicyForThread(
      data.llmCallers,
      relayedCache(data.llmCallers.cacheFile),
      data.llmRequestShare,
    )
  : undefined;
const runner = new ThreadCallRunner(
  data.variants,
  data.agentUrl,
  await loadVad(),
  data.thread,
  llmPolicy,
);
const aborts = new Map<string, AbortController>();

/** The cache file as read at start, plus this thread's new replies; the main thread writes them (one writer per file). */
function relayedCache(file: string): ReplyCache {
  const cache = new CallerCache(file);
  return {
    get: (key) => cache.get(key),
    set: async (key, reply) => {
      await cache.remember(key, reply);
      post({ type: 'cache', key, reply });
    },
  };
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'run': {
      const ctl = new AbortController();
      aborts.set(m.callId, ctl);
      void runner.run({ callId: m.callId, variant: m.variant }, ctl.signal).then((outcome) => {
        aborts.delete(m.callId);
        post({ type: 'done', callId: m.callId, outcome });
      });
      return;
    }
    case 'abort':
      aborts.get(m.callId)?.abort();
      return;
    case 'sample': {
      const { sample, lateness } = runner.monitor.sample();
      post({ type: 'sample', id: m.id, sample, lateness: encodeHistogram(lateness) });
      return;
    }
  }
});
post({ type: 'ready' });
