/**
 * Cutting audio into the 20 ms frames the media stream carries.
 */
import { FRAME_BYTES, FRAME_SAMPLES, MULAW_SILENCE } from './constants.ts';

/** `mulaw` padded with MULAW_SILENCE to a whole number of frames (at least one). Returns the input itself when already whole. */
export function padToFrames(mulaw: Uint8Array): Uint8Array {
  const frames = Math.max(1, Math.ceil(mulaw.length / FRAME_BYTES));
  if (frames * FRAME_BYTES === mulaw.length) return mulaw;
  const padded = new Uint8Array(frames * FRAME_BYTES).fill(MULAW_SILENCE);
  padded.set(mulaw);
  return padded;
}

/** `pcm` padded with zeros to a whole number of frames (at least one). Returns the input itself when already whole. */
export function padPcmToFrames(pcm: Int16Array): Int16Array {
  const frames = Math.max(1, Math.ceil(pcm.length / FRAME_SAMPLES));
  if (frames * FRAME_SAMPLES === pcm.length) return pcm;
  const padded = new Int16Array(frames * FRAME_SAMPLES);
  padded.set(pcm);
  return padded;
}

/**
 * 160-byte frames; the last is padded with MULAW_SILENCE. The frames are views into one buffer
 * (no per-frame copies), so do not write into them if `mulaw` must stay unchanged. Empty input
 * gives no frames.
 */
export function toFrames(mulaw: Uint8Array): Uint8Array[] {
  if (mulaw.length === 0) return [];
  const padded = padToFrames(mulaw);
  const frames: Uint8Array[] = [];
  for (let offset = 0; offset < padded.length; offset += FRAME_BYTES)
    frames.push(padded.subarray(offset, offset + FRAME_BYTES));
  return frames;
}
