/**
 * Worker-thread side of FliteTts: runs flite.wasm once per request (a fresh instance each time:
 * a WASI command cannot be restarted), reads the WAV it wrote, and converts it to 8 kHz mono
 * here so the resampling costs the worker's time, not the caller's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readWavAs8kMono } from '../audio/wav.ts';
import {
  FLITE_OUT_DIR,
  FLITE_OUTPUT_FILE,
  type FliteRequest,
  type FliteWorkerData,
  type FliteWorkerMessage,
} from './flite-messages.ts';
import { isWasmModule, runWasiCommand, type WasmModule } from './flite-wasi-shim.ts';

const port = parentPort;
if (!port) throw new Error('flite-worker.ts must run as a worker thread (use FliteTts)');
const module = (workerData as FliteWorkerData).module;
if (!isWasmModule(module))
  throw new Error('flite-worker: workerData.module is not a compiled WebAssembly module');
const fliteModule: WasmModule = module;

function synthesize(request: FliteRequest): FliteWorkerMessage {
  const start = performance.now();
  const run = runWasiCommand(fliteModule, request.args, FLITE_OUT_DIR);
  const wav = run.files.get(FLITE_OUTPUT_FILE);
  if (run.exitCode !== 0 || !wav) {
    const detail = (run.stderr || run.stdout).trim();
    return {
      type: 'error',
      id: request.id,
      message: `flite exited with code ${run.exitCode} and ${wav ? 'a' : 'no'} WAV file${detail ? `: ${detail}` : ''}`,
    };
  }
  const decoded = readWavAs8kMono(wav, 'flite output');
  return {
    type: 'result',
    id: request.id,
    samples: decoded.samples,
    sourceRate: decoded.sourceRate,
    computeMs: performance.now() - start,
  };
}

port.on('message', (request: FliteRequest) => {
  let reply: FliteWorkerMessage;
  try {
    reply = synthesize(request);
  } catch (error) {
    reply = {
      type: 'error',
      id: request.id,
      message: error instanceof Error ? error.message : String(error),
    };
  }
  port.postMessage(reply, reply.type === 'result' ? [reply.samples.buffer as ArrayBuffer] : []);
});
port.postMessage({ type: 'ready' } satisfies FliteWorkerMessage);
