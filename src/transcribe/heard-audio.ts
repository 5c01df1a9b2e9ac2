/**
 * What the caller heard of the agent, cut into the agent's speech segments as the listener found
 * them, for transcription after the call. The audio itself is kept by the call's CallRecorder
 * (src/report/recording.ts): one copy per frame serves both the recording and the transcript.
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

/**
 * The agent's speech segments (agent_speech_started → ended) cut out of what the caller heard
 * (`heard`: the call's played mu-law from frame 0, as CallRecorder keeps it; frame k covers call
 * time [(recordingStartMs ?? firstMediaMs) + 20k, +20)).
 */
export function heardSegments(heard: Uint8Array, events: readonly CallEvent[]): HeardSegment[] {
  const started = events.find(
    (e): e is Extract<CallEvent, { type: 'call_started' }> => e.type === 'call_started',
  );
  if (!started) return [];
  // With TwiML audio before the stream, the recording starts before frame 0 (it includes that audio).
  const offsetMs = started.recordingStartMs ?? started.firstMediaMs;
  const endOfAudioMs = offsetMs + (heard.length / FRAME_SAMPLES) * 20;
  const out: HeardSegment[] = [];
  let open: number | null = null;
  const cut = (startMs: number, endMs: number): void => {
    const from = Math.max(0, Math.floor(((startMs - CONTEXT_MS - offsetMs) * FRAME_SAMPLES) / 20));
    const to = Math.min(
      heard.length,
      Math.ceil(((endMs + CONTEXT_MS - offsetMs) * FRAME_SAMPLES) / 20),
    );
    if (to > from) out.push({ startMs, endMs, mulaw: heard.slice(from, to) });
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
