/**
 * Pushes audio into a recognizer the way Twilio delivers it: 20 ms frames at fixed due times
 * (never "20 ms after the last callback", which drifts), until the audio ends or the signal fires.
 */
import { FRAME_MS } from '../../../src/audio/constants.ts';
import { twilioFrames } from './audio-fixtures.ts';

export function pushInRealTime(
  push: (frame: Uint8Array) => void,
  audio: Uint8Array,
  signal?: AbortSignal,
): Promise<void> {
  const frames = twilioFrames(audio);
  const start = performance.now();
  let index = 0;
  return new Promise((resolve) => {
    const tick = () => {
      if (signal?.aborted) return resolve();
      const due = Math.floor((performance.now() - start) / FRAME_MS) + 1;
      while (index < frames.length && index < due) push(frames[index++]);
      if (index >= frames.length) return resolve();
      setTimeout(tick, start + index * FRAME_MS - performance.now());
    };
    tick();
  });
}
