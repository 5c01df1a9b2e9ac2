/**
 * Twilio's playback buffer for audio the agent sends, modelled on a sample timeline.
 *
 * Positions are sample indices on the call's timeline (8 samples per ms since the stream
 * started). Audio that arrives while the buffer is empty starts playing at its arrival; audio
 * that arrives while earlier audio is still queued plays right after it, at 8000 bytes/s,
 * whatever the arrival rate. Because playback is a pure function of time, what the caller hears
 * at any instant is known exactly, without a ticking drain: `read()` returns the heard bytes for
 * a stretch of the timeline once that stretch is in the past.
 *
 * Marks: echoed once every sample queued before them has played (at once when nothing is
 * queued). `clear` drops every sample not yet played and echoes the pending marks, in order.
 */
import { MULAW_SILENCE } from '../audio/constants.ts';

interface Chunk {
  startSample: number;
  bytes: Uint8Array;
}

interface PendingMark {
  name: string;
  /** The mark is echoed when playback reaches this sample. */
  dueSample: number;
}

export interface EnqueueResult {
  /** Where this audio starts playing on the timeline; -1 when it was dropped. */
  startSample: number;
  droppedBytes: number;
}

export interface ClearResult {
  flushedSamples: number;
  echoedMarks: string[];
}

/** Twilio drops further media once more than 10 minutes are queued (warning 31931). */
export const MAX_QUEUED_SAMPLES = 10 * 60 * 8000;

export class PlaybackBuffer {
  private chunks: Chunk[] = [];
  private head = 0; // index of the first chunk that may still be heard
  private pendingMarks: PendingMark[] = [];
  private tail = 0; // the sample where queued audio ends

  constructor(private readonly maxQueuedSamples: number = MAX_QUEUED_SAMPLES) {}

  /** The sample at which everything queued so far will have played. */
  get tailSample(): number {
    return this.tail;
  }

  /** Whether audio is still playing (queued and not yet played) at `nowSample`. */
  isPlaying(nowSample: number): boolean {
    return this.tail > nowSample;
  }

  enqueue(bytes: Uint8Array, nowSample: number): EnqueueResult {
    if (bytes.length === 0) return { startSample: Math.max(nowSample, this.tail), droppedBytes: 0 };
    const queued = Math.max(0, this.tail - nowSample);
    if (queued + bytes.length > this.maxQueuedSamples)
      return { startSample: -1, droppedBytes: bytes.length };
    const startSample = Math.max(nowSample, this.tail);
    this.chunks.push({ startSample, bytes });
    this.tail = startSample + bytes.length;
    return { startSample, droppedBytes: 0 };
  }

  /** Queues a mark; returns true when it must be echoed at once (nothing left to play). */
  mark(name: string, nowSample: number): boolean {
    if (this.tail <= nowSample && this.pendingMarks.length === 0) return true;
    this.pendingMarks.push({ name, dueSample: Math.max(this.tail, nowSample) });
    return false;
  }

  /** Marks whose audio has finished playing by `nowSample`, in the order they were sent. */
  takeDueMarks(nowSample: number): { name: string; dueSample: number }[] {
    let n = 0;
    while (n < this.pendingMarks.length && this.pendingMarks[n].dueSample <= nowSample) n++;
    return n === 0 ? [] : this.pendingMarks.splice(0, n);
  }

  /** Drops all audio not yet played at `nowSample` and releases every pending mark. */
  clear(nowSample: number): ClearResult {
    const flushedSamples = Math.max(0, this.tail - nowSample);
    if (flushedSamples > 0) {
      // Keep only what precedes nowSample: truncate the chunk that straddles it, drop the rest.
      const kept: Chunk[] = [];
      for (let i = this.head; i < this.chunks.length; i++) {
        const c = this.chunks[i];
        if (c.startSample >= nowSample) break;
        const playable = Math.min(c.bytes.length, nowSample - c.startSample);
        kept.push(
          playable === c.bytes.length
            ? c
            : { startSample: c.startSample, bytes: c.bytes.subarray(0, playable) },
        );
      }
      this.chunks = kept;
      this.head = 0;
      this.tail = nowSample;
    }
    const echoedMarks = this.pendingMarks.map((m) => m.name);
    this.pendingMarks = [];
    return { flushedSamples, echoedMarks };
  }

  /**
   * Copies what the caller heard over samples [from, from + out.length) into `out` (mu-law;
   * silence where nothing played) and forgets audio before `from + out.length`. Reads must move
   * forward in time. Returns whether any agent audio overlapped the stretch.
   */
  read(from: number, out: Uint8Array): boolean {
    const to = from + out.length;
    out.fill(MULAW_SILENCE);
    let any = false;
    let i = this.head;
    for (; i < this.chunks.length; i++) {
      const c = this.chunks[i];
      const cEnd = c.startSample + c.bytes.length;
      if (cEnd <= from) continue; // already heard in an earlier read
      if (c.startSample >= to) break;
      const s = Math.max(from, c.startSample);
      const e = Math.min(to, cEnd);
      out.set(c.bytes.subarray(s - c.startSample, e - c.startSample), s - from);
      any = true;
    }
    // Drop chunks that end before the next read can begin.
    while (
      this.head < this.chunks.length &&
      this.chunks[this.head].startSample + this.chunks[this.head].bytes.length <= to
    )
      this.head++;
    if (this.head > 64 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
    return any;
  }
}
