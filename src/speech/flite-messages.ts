/** Messages between FliteTts (main thread) and flite-worker.ts. */

/** The in-memory directory flite writes to, and the file: FliteTts passes `-o /out/speech.wav`. */
export const FLITE_OUT_DIR = '/out';
export const FLITE_OUTPUT_FILE = 'speech.wav';

export type FliteWorkerData = {
  /** flite.wasm, compiled once in the parent and shared (compiled code is not duplicated). */
  module: unknown;
};

export interface FliteRequest {
  id: number;
  /** flite's command line, args[0] = "flite". */
  args: string[];
}

export type FliteWorkerMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; samples: Int16Array; sourceRate: number; computeMs: number }
  | { type: 'error'; id: number; message: string };
