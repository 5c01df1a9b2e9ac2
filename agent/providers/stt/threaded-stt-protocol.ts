/** Messages between a ThreadedStt (main thread) and its recognizer workers. */
import type { SttContext, SttEvent } from '../types.ts';

export type ToWorker =
  | { t: 'open'; id: number; context: SttContext }
  | { t: 'push'; id: number; frame: Uint8Array }
  | { t: 'context'; id: number; context: SttContext }
  | { t: 'close'; id: number };

export type FromWorker =
  | { t: 'ready' }
  | { t: 'opened'; id: number }
  | { t: 'open_failed'; id: number; message: string }
  | { t: 'event'; id: number; event: SttEvent }
  | { t: 'closed'; id: number };

/** What a worker is told: which module builds the provider it hosts, and with what. */
export interface SttWorkerData {
  /** URL of a module exporting `createSttProvider(options): Promise<SttProvider>`. */
  providerModule: string;
  options: Record<string, unknown>;
}
