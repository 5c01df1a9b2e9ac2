/** What the main thread and load worker threads say to each other (structured-cloned). */
import type { CallOutcome } from './call-outcome.ts';
import type { PreparedVariant } from './call-runner.ts';
import type { ThreadSample } from './thread-monitor.ts';
import type { CachedReply } from '../../caller/converse/caller-cache.ts';
import type { LlmCallerSettings } from './llm-caller-policy.ts';

export interface LoadWorkerData {
  thread: string;
  agentUrl: string;
  variants: PreparedVariant[];
  /** How `policy: llm` callers run; null when the run has none. */
  llmCallers: LlmCallerSettings | null;
  /** This thread's part of the run's LLM request cap. */
  llmRequestShare: number;
}

export type ToWorker =
  | { type: 'run'; callId: string; variant: number }
  | { type: 'abort'; callId: string }
  | { type: 'sample'; id: number };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; callId: string; outcome: CallOutcome }
  /** A reply the caller model gave: the main thread writes it to the cache file. */
  | { type: 'cache'; key: string; reply: CachedReply }
  | { type: 'sample'; id: number; sample: ThreadSample; lateness: string };
