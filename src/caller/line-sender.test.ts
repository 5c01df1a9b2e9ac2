import { describe, expect, test } from 'vitest';
import { FRAME_SAMPLES, MULAW_SILENCE } from '../audio/constants.ts';
import { FrameLoss } from '../audio/line/loss.ts';
import { mulawDecode, mulawEncode } from '../audio/mulaw.ts';
import { LineSender } from './line-sender.ts';

const toneFrames = (n: number): string[] =>
  Array.from({ length: n }, (_, k) => {
    const pcm = Int16Array.from({ length: FRAME_SAMPLES }, (_, i) =>
      Math.round(
        (3000 + (k % 300) * 10) * Math.sin((2 * Math.PI * 1013 * (k * FRAME_SAMPLES + i)) / 8000),
      ),
    );
    return Buffer.from(mulawEncode(pcm)).toString('base64');
  });
const SILENCE = Buffer.alloc(FRAME_SAMPLES, MULAW_SILENCE).toString('base64');

describe('LineSender', () => {
  test('a tone through loss keeps exactly the frames the loss pattern keeps; lost ones are silence', () => {
    const spec = { rate: 0.2, model: 'bursty' as const, burstFrames: 3, fill: 'silence' as const };
    const frames = toneFrames(500);
    const sender = new LineSender({ loss: spec, seed: 0 }, 42);
    const reference = new FrameLoss(spec, 42 ^ 0x1055);
    let lost = 0;
    for (const [k, payload] of frames.entries()) {
      const { due } = sender.send(k, payload);
      expect(due).toHaveLength(1);
      const isLost = reference.next();
      if (isLost) lost++;
      expect(due[0]).toEqual({ index: k, payload: isLost ? SILENCE : payload });
    }
    expect(sender.lostFrames).toBe(lost);
    expect(lost).toBeGreaterThan(60);
  });

  test('repeat fill conceals with the last delivered frame, then mutes after 60 ms', () => {
    const frames = toneFrames(2000);
    const sender = new LineSender(
      { loss: { rate: 0.3, model: 'bursty', burstFrames: 6, fill: 'repeat' }, seed: 0 },
      1,
    );
    let lastGood = SILENCE;
    let run = 0;
    for (const [k, payload] of frames.entries()) {
      const out = sender.send(k, payload).due[0].payload;
      if (out === payload) {
        lastGood = payload;
        run = 0;
      } else {
        run++;
        expect(out).toBe(run <= 3 ? lastGood : SILENCE);
      }
    }
  });

  test('jitter sends every frame once, in order, some in bursts', () => {
    const frames = toneFrames(3000);
    const sender = new LineSender({ jitter: { rate: 0.05, maxDelayMs: 200 }, seed: 0 }, 5);
    const sent: number[] = [];
    let burstTicks = 0;
    for (const [k, payload] of frames.entries()) {
      const { due } = sender.send(k, payload);
      if (due.length > 1) burstTicks++;
      for (const f of due) {
        expect(f.payload).toBe(frames[f.index]);
        sent.push(f.index);
      }
    }
    sent.push(...sender.flush().map((f) => f.index));
    expect(sent).toEqual(frames.map((_, k) => k));
    expect(burstTicks).toBeGreaterThan(20);
  });

  test('echo: what the caller heard comes back at the set delay and level', () => {
    const sender = new LineSender({ echo: { delayMs: 60, levelDb: -12 }, seed: 0 }, 1);
    const quiet = Buffer.alloc(FRAME_SAMPLES, MULAW_SILENCE).toString('base64');
    const heardTone = Buffer.from(toneFrames(1)[0], 'base64');
    const outputs: Int16Array[] = [];
    for (let k = 0; k < 8; k++) {
      outputs.push(mulawDecode(Buffer.from(sender.send(k, quiet).impaired, 'base64')));
      sender.played(k === 2 ? heardTone : Buffer.alloc(FRAME_SAMPLES, MULAW_SILENCE));
    }
    const peak = (x: Int16Array): number => Math.max(...x.map(Math.abs));
    // Heard during frame 2, back 60 ms (3 frames) later, in frame 5, at about a quarter of the amplitude.
    expect(outputs.map(peak).map((p, k) => (k === 5 ? p > 500 : p < 50))).toEqual(
      Array(8).fill(true),
    );
    expect(peak(outputs[5]) / peak(mulawDecode(heardTone))).toBeCloseTo(10 ** (-12 / 20), 1);
  });
});
