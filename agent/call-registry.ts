/**
 * What the agent knows about each live or recent call, for `GET /calls/:callSid`: what it heard
 * (with times), the tools it called, its dialog state, and per-turn stage timings. Memory is
 * bounded: finished calls expire after `retainMs` and at most `maxCalls` are kept.
 */
import type { Expectation, ToolCallRecord } from './providers/types.ts';

/** Times are ms since the call's stream started. */
export interface HeardRecord {
  type: 'partial' | 'final' | 'dtmf' | 'silence_timeout';
  text: string;
  atMs: number;
}

export interface TurnTiming {
  turn: number;
  /** When the reply started (ms since the stream started): lets a tester place it on its own timeline. */
  atMs: number;
  heard: string;
  source: 'speech' | 'dtmf' | 'silence_timeout' | 'greeting';
  /** The reply as generated, and as far as the caller heard it (barge-in cuts it). */
  reply: string;
  replyHeard: string | null;
  /** Recognizer final after the caller's speech ended. */
  stt_final_ms: number | null;
  /** From the turn's start (final transcript) to the brain's first text. */
  brain_first_text_ms: number | null;
  /** From the first text to the first audio from TTS. */
  tts_first_audio_ms: number | null;
  /** From the caller's speech end to the first audio sent to Twilio. */
  response_ms: number | null;
  interrupted: boolean;
}

export interface CallRecord {
  callSid: string;
  streamSid: string;
  startedAt: string;
  endedAt: string | null;
  parameters: Record<string, string>;
  providers: { stt: string; brain: string; tts: string };
  dialog: { expectation: Expectation | null; choices?: string[] };
  heard: HeardRecord[];
  toolCalls: ToolCallRecord[];
  turns: TurnTiming[];
  bargeIns: { atMs: number; heardText: string }[];
  errors: { atMs: number; message: string }[];
  endReason: string | null;
}

export interface CallRegistryOptions {
  retainMs: number;
  maxCalls: number;
  now?: () => number;
}

export class CallRegistry {
  private readonly calls = new Map<string, { record: CallRecord; endedAtMs: number | null }>();
  private readonly now: () => number;

  constructor(
    private readonly options: CallRegistryOptions = { retainMs: 10 * 60_000, maxCalls: 500 },
  ) {
    this.now = options.now ?? Date.now;
  }

  open(record: CallRecord): CallRecord {
    this.expire();
    this.calls.set(record.callSid, { record, endedAtMs: null });
    return record;
  }

  close(callSid: string, reason: string): void {
    const entry = this.calls.get(callSid);
    if (!entry || entry.endedAtMs !== null) return;
    entry.endedAtMs = this.now();
    entry.record.endedAt = new Date(entry.endedAtMs).toISOString();
    entry.record.endReason = reason;
  }

  get(callSid: string): CallRecord | undefined {
    this.expire();
    return this.calls.get(callSid)?.record;
  }

  list(): { callSid: string; startedAt: string; endedAt: string | null; turns: number }[] {
    this.expire();
    return [...this.calls.values()].map(({ record }) => ({
      callSid: record.callSid,
      startedAt: record.startedAt,
      endedAt: record.endedAt,
      turns: record.turns.length,
    }));
  }

  get liveCount(): number {
    let n = 0;
    for (const e of this.calls.values()) if (e.endedAtMs === null) n++;
    return n;
  }

  private expire(): void {
    const cutoff = this.now() - this.options.retainMs;
    for (const [sid, e] of this.calls)
      if (e.endedAtMs !== null && e.endedAtMs < cutoff) this.calls.delete(sid);
    // Over the cap, drop the oldest finished calls (live calls are never dropped).
    if (this.calls.size <= this.options.maxCalls) return;
    for (const [sid, e] of this.calls) {
      if (this.calls.size <= this.options.maxCalls) break;
      if (e.endedAtMs !== null) this.calls.delete(sid);
    }
  }
}
