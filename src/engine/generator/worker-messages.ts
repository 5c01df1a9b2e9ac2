/** What the main thread and load worker threads say to each other (structured-cloned). */
import type { CallOutcome } from './call-outcome.ts';
import type { PreparedVariant } from './call-runner.ts';
import type { ThreadSample } from './thread-monitor.ts';

export interface LoadWorkerData {
  thread: string;
  agentUrl: string;
  variants: PreparedVariant[];
}

export type ToWorker =
  | { type: 'run'; callId: string; variant: number }
  | { type: 'abort'; callId: string }
  | { type: 'sample'; id: number };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; callId: string; outcome: CallOutcome }
  | { type: 'sample'; id: number; sample: ThreadSample; lateness: string };
