import { expect, test } from 'vitest';
import { FRAME_BYTES, MULAW_SILENCE } from './constants.ts';
import { padPcmToFrames, padToFrames, toFrames } from './frames.ts';

test('toFrames cuts 160-byte frames and pads the last with mu-law silence', () => {
  const bytes = Uint8Array.from({ length: 350 }, (_, i) => i % 200);
  const frames = toFrames(bytes);
  expect(frames.map((f) => f.length)).toEqual([160, 160, 160]);
  expect(Array.from(frames[1])).toEqual(Array.from(bytes.subarray(160, 320)));
  expect(Array.from(frames[2].subarray(0, 30))).toEqual(Array.from(bytes.subarray(320)));
  expect(frames[2].subarray(30).every((b) => b === MULAW_SILENCE)).toBe(true);
  expect(toFrames(new Uint8Array(0))).toEqual([]);
  expect(toFrames(new Uint8Array(FRAME_BYTES * 2))).toHaveLength(2);
});

test('padToFrames / padPcmToFrames pad to whole frames and keep whole input as is', () => {
  const whole = new Uint8Array(320);
  expect(padToFrames(whole)).toBe(whole);
  const padded = padToFrames(Uint8Array.of(1, 2, 3));
  expect(padded.length).toBe(160);
  expect(padded[3]).toBe(MULAW_SILENCE);
  expect(padToFrames(new Uint8Array(0)).length).toBe(160);
  const pcm = padPcmToFrames(Int16Array.of(5, -5));
  expect(pcm.length).toBe(160);
  expect(Array.from(pcm.subarray(0, 3))).toEqual([5, -5, 0]);
});
