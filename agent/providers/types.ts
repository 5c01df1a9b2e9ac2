/**
 * The seams between one call's pipeline (call-session.ts) and the providers behind it.
 * Every provider has an embedded offline default and may have a cloud adapter; all take an
 * AbortSignal, because barge-in, timeouts and hangup are all aborts.
 *
 * Times named `...AudioMs` are positions in the call's inbound audio (ms of audio pushed so far),
 * so a session can relate recognizer events to the caller's speech without wall clocks.
 */

/** What the dialog expects next; the embedded recognizer picks its grammar from it, cloud STT its key terms. */
export type Expectation =
  | 'free' // anything (open question, "how can I help")
  | 'yes_no'
  | 'code' // letters and digits, "A as in apple"
  | 'phone' // 10-digit phone number
  | 'date' // a date (and optionally a time)
  | 'time'
  | 'zip'
  | 'menu' // a choice among options named in `choices`
  | 'name'; // a person's name, from `choices` when known

export interface SttContext {
  expectation: Expectation;
  /** Menu options or known names: grammar words for the embedded STT, key terms for cloud STT. */
  choices?: string[];
  /** For codes: the expected shape, L a letter, D a digit, A either (e.g. `LLDDDD` for AB3792). */
  shape?: string;
  /**
   * At a read-back (yes_no): what the value itself sounds like, so the caller can correct it in
   * the same breath ("no, it's A as in apple B as in boy …") and be heard.
   */
  correction?: Omit<SttContext, 'correction'>;
}

export type SttEvent =
  | { type: 'speech_started'; atAudioMs: number }
  | { type: 'partial'; text: string; atAudioMs: number }
  /**
   * A final transcript for a stretch of speech. `endOfTurn` says the recognizer believes the
   * caller has finished (semantic/acoustic endpoint); `speechEndAudioMs` is where the speech ended.
   */
  | {
      type: 'final';
      text: string;
      atAudioMs: number;
      speechEndAudioMs: number;
      endOfTurn: boolean;
      confidence?: number;
    }
  | { type: 'error'; message: string; fatal: boolean };

export interface SttStream {
  /** 20 ms (160 bytes) of 8 kHz mu-law, in order, in real time. */
  push(mulawFrame: Uint8Array): void;
  /** Change what is expected from now on (next utterance). */
  setContext(context: SttContext): void;
  readonly events: AsyncIterable<SttEvent>;
  close(): Promise<void>;
}

export interface SttProvider {
  readonly name: string;
  open(context: SttContext, signal: AbortSignal): Promise<SttStream>;
}

export interface TtsProvider {
  readonly name: string;
  /** Speaks one utterance: 8 kHz mu-law, no header, in chunks of any size, as soon as available. */
  synthesize(text: string, signal: AbortSignal): AsyncIterable<Uint8Array>;
}

/** A tool the brain may call; the same definitions become OpenAI function tools. */
export interface ToolDefinition {
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

export interface ToolCallRecord {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
  result: unknown;
  atMs: number;
}

export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | {
      role: 'assistant';
      content: string;
      toolCalls?: { id: string; name: string; arguments: string }[];
    }
  | { role: 'tool'; toolCallId: string; content: string };

/** What the brain produces for one caller turn, streamed. */
export type BrainOutput =
  /**
   * A speakable piece of the reply: a sentence or clause, spoken as soon as it arrives (brains
   * that stream tokens chunk them first, with SentenceChunker). Pieces are joined with a space.
   */
  | { type: 'text'; text: string }
  | { type: 'tool_call'; call: ToolCallRecord }
  | { type: 'expect'; context: SttContext } // what to listen for next
  | { type: 'hangup' } // end the call after speaking what was produced
  | { type: 'transfer'; reason: string }; // hand off to a human after speaking

export interface Heard {
  /** What the caller said (final transcript), or DTMF digits. */
  text: string;
  source: 'speech' | 'dtmf' | 'silence_timeout';
}

export interface Brain {
  readonly name: string;
  /** The opening line(s) of the call. */
  greet(signal: AbortSignal): AsyncIterable<BrainOutput>;
  respond(turn: Heard, signal: AbortSignal): AsyncIterable<BrainOutput>;
  /**
   * The caller interrupted: only `heardText` of the last reply reached them. The brain keeps that,
   * not what it generated, in its history.
   */
  interrupted(heardText: string): void;
}

/** Runs the business tools (agent/tools) against the store; the brain calls through it. */
export interface ToolRunner {
  readonly definitions: ToolDefinition[];
  call(name: string, args: Record<string, unknown>): Promise<unknown>;
}
