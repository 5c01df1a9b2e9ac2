/**
 * Deterministic 8 kHz mu-law audio for provider tests: tones (stand-ins for speech that fakes
 * "recognize" by script), silence, and 20 ms frames as Twilio sends them.
 */
import { FRAME_BYTES, MULAW_SILENCE, SAMPLE_RATE } from '../../../src/audio/constants.ts';
import { mulawEncode } from '../../../src/audio/mulaw.ts';
import { concatAudio } from '../../../src/audio/concat.ts';

/** A sine tone as 16-bit PCM at `sampleRate`. */
export function tonePcm(
  durationMs: number,
  frequencyHz = 440,
  sampleRate = SAMPLE_RATE,
  amplitude = 8000,
): Int16Array {
  const n = Math.round((durationMs * sampleRate) / 1000);
  const pcm = new Int16Array(n);
  for (let i = 0; i < n; i++)
    pcm[i] = Math.round(amplitude * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRate));
  return pcm;
}

export function toneMulaw(durationMs: number, frequencyHz = 440): Uint8Array {
  return mulawEncode(tonePcm(durationMs, frequencyHz));
}

export function silenceMulaw(durationMs: number): Uint8Array {
  return new Uint8Array(Math.round((durationMs * SAMPLE_RATE) / 1000)).fill(MULAW_SILENCE);
}

/** Splits audio into Twilio's 20 ms frames (the last one may be short). */
export function twilioFrames(audio: Uint8Array): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let i = 0; i < audio.length; i += FRAME_BYTES)
    frames.push(audio.subarray(i, i + FRAME_BYTES));
  return frames;
}

/** Concatenates byte arrays. */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  return concatAudio(parts, (n) => new Uint8Array(n));
}
