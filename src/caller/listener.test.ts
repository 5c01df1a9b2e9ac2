import { describe, expect, test } from 'vitest';
import { FRAME_SAMPLES } from '../audio/constants.ts';
import { mulawEncode } from '../audio/mulaw.ts';
import type { Vad } from '../audio/vad.ts';
import { Listener } from './listener.ts';

/** A stand-in VAD that, like WebRTC's, misses quiet word edges: speech only above ~-30 dBFS RMS. */
function loudnessVad(): Vad {
  return {
    isSpeech(frame: Int16Array): boolean {
      let s = 0;
      for (const v of frame) s += v * v;
      return Math.sqrt(s / frame.length) > 1000;
    },
    reset() {},
    dispose() {},
  };
}

/** A tone burst of `amplitude` over [from, to) samples. */
function paint(buf: Int16Array, from: number, to: number, amplitude: number): void {
  for (let i = from; i < to; i++)
    buf[i] = Math.round(amplitude * Math.sin((2 * Math.PI * 440 * i) / 8000));
}

function listen(pcm: Int16Array, startSample = 0, audioPresent = (_frame: number) => true) {
  const got: { started: number[]; ended: number[] } = { started: [], ended: [] };
  const l = new Listener(loudnessVad(), {
    onSpeechStarted: (s) => got.started.push(s),
    onSpeechEnded: (s) => got.ended.push(s),
  });
  const mulaw = mulawEncode(pcm);
  for (let f = 0; f * FRAME_SAMPLES < pcm.length; f++) {
    l.pushFrame(
      startSample + f * FRAME_SAMPLES,
      mulaw.subarray(f * FRAME_SAMPLES, (f + 1) * FRAME_SAMPLES),
      audioPresent(f),
    );
  }
  l.flush();
  return got;
}

describe('Listener', () => {
  test('onset and end are the first and last audible samples, even where the VAD missed quiet edges', () => {
    const pcm = new Int16Array(8000 * 2);
    paint(pcm, 4003, 4003 + 8 * 45, 600); // 45 ms quiet onset: audible (> 260) but not "speech" to the VAD
    paint(pcm, 4363, 4363 + 8 * 500, 8000); // 500 ms loud
    paint(pcm, 8363, 8363 + 8 * 15, 500); // 15 ms quiet tail
    const got = listen(pcm, 1000);
    // The first sample of a sine is 0: the first audible sample is where |sin| first crosses 260/600.
    const firstAudible = 4003 + [...pcm.subarray(4003)].findIndex((v) => Math.abs(v) >= 260);
    let lastAudible = 8363 + 8 * 15 - 1;
    while (Math.abs(pcm[lastAudible]) < 260) lastAudible--;
    expect(got.started).toEqual([1000 + firstAudible]);
    expect(got.ended).toEqual([1000 + lastAudible + 1]);
  });

  test('a single loud click (one frame) is not speech', () => {
    const pcm = new Int16Array(8000);
    paint(pcm, 3200, 3360, 9000);
    expect(listen(pcm).started).toEqual([]);
  });

  test('pauses shorter than the hangover do not split a segment; longer ones do', () => {
    const pcm = new Int16Array(8000 * 3);
    paint(pcm, 800, 4800, 8000);
    paint(pcm, 4800 + 8 * 200, 9600, 8000); // 200 ms pause: same segment
    paint(pcm, 9600 + 8 * 500, 16000, 8000); // 500 ms pause: new segment
    const got = listen(pcm);
    expect(got.started).toHaveLength(2);
    expect(got.ended).toHaveLength(2);
  });

  test('frames with nothing played are silence without running the VAD', () => {
    const pcm = new Int16Array(8000);
    paint(pcm, 0, 8000, 8000);
    // Loud audio that is flagged as "not played" must not be heard.
    expect(listen(pcm, 0, () => false).started).toEqual([]);
  });

  test('a segment still open when the call ends is closed by flush', () => {
    const pcm = new Int16Array(8000);
    paint(pcm, 1600, 8000, 8000);
    const got = listen(pcm);
    expect(got.started).toHaveLength(1);
    expect(got.ended).toHaveLength(1);
  });
});
