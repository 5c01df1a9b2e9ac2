/**
 * Keeps what the caller heard of the agent (the played mu-law, one 20 ms frame at a time) so it
 * can be transcribed after the call, cut into the agent's speech segments as the listener found
 * them. About 8 KB per second of call, released with the call.
 */
import { FRAME_SAMPLES } from '../audio/constants.ts';
import type { CallEvent } from '../metrics/events.ts';

export interface HeardSegment {
  startMs: number;
  endMs: number;
  /** 8 kHz mu-law, including a little context either side. */
  mulaw: Uint8Array;
}

const CONTEXT_MS = 100;

export class HeardAudio {
  private buffer = new Uint8Array(FRAME_SAMPLES * 50 * 60);
  private frames = 0;

  /** For CallOptions.onFrames: frame k covers call time [firstMediaMs + 20k, +20). */
  readonly onFrame = (k: number, _caller: string, heard: Uint8Array): void => {
    const need = (k + 1) * FRAME_SAMPLES;
    if (need > this.buffer.length) {
      const grown = new Uint8Array(Math.max(need, this.buffer.length * 2));
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer.set(heard.subarray(0, FRAME_SAMPLES), k * FRAME_SAMPLES);
    this.frames = Math.max(this.frames, k + 1);
  };

  /** The agent's speech segments (agent_speech_started → ended) with their audio. */
  segments(events: readonly CallEvent[]): HeardSegment[] {
    const started = events.find((e): e is Extract<CallEvent, { type: 'call_started' }> => e.type === 'call_started');
    if (!started) return [];
    const offsetMs = started.firstMediaMs;
    const endOfAudioMs = offsetMs + this.frames * 20;
    const out: HeardSegment[] = [];
    let open: number | null = null;
    const cut = (startMs: number, endMs: number): void => {
      const from = Math.max(0, Math.floor(((startMs - CONTEXT_MS - offsetMs) * FRAME_SAMPLES) / 20));
      const to = Math.min(this.frames * FRAME_SAMPLES, Math.ceil(((endMs + CONTEXT_MS - offsetMs) * FRAME_SAMPLES) / 20));
      if (to > from) out.push({ startMs, endMs, mulaw: this.buffer.slice(from, to) });
    };
    for (const e of events) {
      if (e.type === 'agent_speech_started') open = e.tMs;
      else if (e.type === 'agent_speech_ended' && open !== null) {
        cut(open, e.tMs);
        open = null;
      }
    }
    if (open !== null) cut(open, endOfAudioMs);
    return out;
  }
}
