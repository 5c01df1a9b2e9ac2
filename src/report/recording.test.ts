import { describe, expect, it } from 'vitest';
import { FRAME_BYTES } from '../audio/constants.ts';
import { mulawEncode } from '../audio/mulaw.ts';
import { WaveFile } from 'wavefile';
import { CallRecorder, shouldRecord } from './recording.ts';

function frameOf(value: number): Uint8Array {
  return mulawEncode(new Int16Array(FRAME_BYTES).fill(value));
}

describe('call recordings', () => {
  it('writes caller left and heard agent right, aligned frame by frame, 8 kHz 16-bit stereo', () => {
    const recorder = new CallRecorder();
    const heard = new Uint8Array(FRAME_BYTES);
    for (let k = 0; k < 3; k++) {
      // The call reuses one heard buffer: the recorder must copy it.
      heard.set(frameOf(k === 1 ? -8000 : 0));
      recorder.onFrames(k, Buffer.from(frameOf(k === 0 ? 4000 : 0)).toString('base64'), heard);
    }
    const wav = new WaveFile(recorder.toWav());
    const fmt = wav.fmt as { numChannels: number; sampleRate: number; bitsPerSample: number };
    expect([fmt.numChannels, fmt.sampleRate, fmt.bitsPerSample]).toEqual([2, 8000, 16]);
    const [left, right] = wav.getSamples(false, Int16Array) as unknown as Int16Array[];
    expect(left).toHaveLength(3 * FRAME_BYTES);
    const level = (x: Int16Array, k: number): number => x[k * FRAME_BYTES + 80];
    expect(
      [level(left, 0), level(left, 1), level(left, 2)].map(
        (v) => Math.sign(v) * Math.round(Math.abs(v) / 1000),
      ),
    ).toEqual([4, 0, 0]);
    expect(
      [level(right, 0), level(right, 1), level(right, 2)].map(
        (v) => Math.sign(v) * Math.round(Math.abs(v) / 1000),
      ),
    ).toEqual([0, -8, 0]);
  });

  it('grows past its first buffer without losing frames', () => {
    const recorder = new CallRecorder();
    const heard = frameOf(1000);
    const silence = Buffer.from(frameOf(0)).toString('base64');
    for (let k = 0; k < 50 * 70; k++) recorder.onFrames(k, silence, heard); // 70 s: grown four times
    const [, right] = new WaveFile(recorder.toWav()).getSamples(
      false,
      Int16Array,
    ) as unknown as Int16Array[];
    expect(right).toHaveLength(50 * 70 * FRAME_BYTES);
    expect(Math.round(right[right.length - 1] / 100)).toBe(10);
  });

  it('records failed calls by default, all with "all", none with "none"', () => {
    expect([
      shouldRecord('failed', 'passed'),
      shouldRecord('failed', 'failed'),
      shouldRecord('failed', 'error'),
    ]).toEqual([false, true, true]);
    expect([shouldRecord('all', 'passed'), shouldRecord('none', 'failed')]).toEqual([true, false]);
  });
});
