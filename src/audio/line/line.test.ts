import { describe, expect, test } from 'vitest';
import { FRAME_SAMPLES, SAMPLE_RATE } from '../constants.ts';
import { rmsDbfs } from '../level.ts';
import { activeLevelDbfs, overallLevelDbfs } from './snr.ts';
import { EchoPath } from './echo.ts';
import { FrameJitter } from './jitter.ts';
import { applyLevel } from './level-chain.ts';
import { FrameLoss } from './loss.ts';
import { generateNoise, NOISE_KINDS, scaleToLevel } from './background.ts';
import { parseNoiseShort } from './line-conditions.ts';

const tone = (hz: number, samples: number, amp = 8000): Int16Array =>
  Int16Array.from({ length: samples }, (_, i) =>
    Math.round(amp * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE)),
  );

describe('packet loss', () => {
  test('random loss reaches its rate and is independent (mean run ≈ 1 / (1 - rate))', () => {
    const loss = new FrameLoss({ rate: 0.1, model: 'random', burstFrames: 1, fill: 'silence' }, 7);
    const lost = Array.from({ length: 200_000 }, () => loss.next());
    const rate = lost.filter(Boolean).length / lost.length;
    expect(rate).toBeGreaterThan(0.095);
    expect(rate).toBeLessThan(0.105);
    expect(meanRun(lost)).toBeLessThan(1.2);
  });

  test('Gilbert–Elliott loss reaches its rate with runs of the set mean length', () => {
    const loss = new FrameLoss(
      { rate: 0.05, model: 'bursty', burstFrames: 4, fill: 'silence' },
      11,
    );
    const lost = Array.from({ length: 400_000 }, () => loss.next());
    const rate = lost.filter(Boolean).length / lost.length;
    expect(rate).toBeGreaterThan(0.045);
    expect(rate).toBeLessThan(0.055);
    expect(meanRun(lost)).toBeGreaterThan(3.6);
    expect(meanRun(lost)).toBeLessThan(4.4);
  });

  test('the same seed loses the same frames', () => {
    const pattern = (seed: number): boolean[] => {
      const loss = new FrameLoss(
        { rate: 0.2, model: 'bursty', burstFrames: 3, fill: 'silence' },
        seed,
      );
      return Array.from({ length: 500 }, () => loss.next());
    };
    expect(pattern(5)).toEqual(pattern(5));
    expect(pattern(5)).not.toEqual(pattern(6));
  });
});

function meanRun(lost: boolean[]): number {
  let runs = 0;
  let total = 0;
  for (let i = 0; i < lost.length; i++) {
    if (!lost[i]) continue;
    total++;
    if (i === 0 || !lost[i - 1]) runs++;
  }
  return total / runs;
}

describe('jitter', () => {
  test('keeps the order, delays frames by at most the set hold, and delivers them in bursts', () => {
    const jitter = new FrameJitter({ rate: 0.05, maxDelayMs: 200 }, 3);
    const release = Array.from({ length: 5000 }, (_, k) => jitter.releaseTick(k));
    for (let k = 0; k < release.length; k++) {
      expect(release[k]).toBeGreaterThanOrEqual(k);
      expect(release[k] - k).toBeLessThanOrEqual(10);
      if (k > 0) expect(release[k]).toBeGreaterThanOrEqual(release[k - 1]);
    }
    const perTick = new Map<number, number>();
    for (const t of release) perTick.set(t, (perTick.get(t) ?? 0) + 1);
    const bursts = [...perTick.values()].filter((n) => n > 1);
    expect(bursts.length).toBeGreaterThan(50);
    expect(Math.max(...bursts)).toBeGreaterThan(5);
    // Every frame is sent exactly once.
    expect([...perTick.values()].reduce((s, n) => s + n, 0)).toBe(5000);
  });
});

describe('speakerphone echo', () => {
  test('the played audio appears in the caller channel at the set delay and level', () => {
    const echo = new EchoPath({ delayMs: 120, levelDb: -20 });
    const played = new Int16Array(50 * FRAME_SAMPLES);
    played.set(tone(1000, 400, 10000), 10 * FRAME_SAMPLES); // a 50 ms burst from frame 10
    const sent = new Int16Array(played.length);
    for (let k = 0; k < 50; k++) {
      const frame = new Int16Array(FRAME_SAMPLES);
      echo.addEcho(frame);
      sent.set(frame, k * FRAME_SAMPLES);
      echo.pushPlayed(played.subarray(k * FRAME_SAMPLES, (k + 1) * FRAME_SAMPLES));
    }
    const first = sent.findIndex((v) => v !== 0);
    expect(first).toBe(10 * FRAME_SAMPLES + 120 * 8 + 1); // sin(0) = 0: the burst's first nonzero sample
    const start = 10 * FRAME_SAMPLES + 960;
    expect(
      rmsDbfs(sent, start, start + 400) -
        rmsDbfs(played, 10 * FRAME_SAMPLES, 10 * FRAME_SAMPLES + 400),
    ).toBeCloseTo(-20, 1);
    expect(rmsDbfs(sent, 0, start)).toBe(-Infinity);
  });

  test('refuses a delay shorter than a frame', () => {
    expect(() => new EchoPath({ delayMs: 10, levelDb: -20 })).toThrow('≥ 20');
  });
});

describe('level chain', () => {
  test('gain, clipping and the telephone band', () => {
    const x = tone(1000, 8000, 4000);
    expect(
      rmsDbfs(applyLevel(x, { gainDb: 6, clipDbfs: null, telephoneBand: false })) - rmsDbfs(x),
    ).toBeCloseTo(6, 1);
    const clipped = applyLevel(x, { gainDb: 12, clipDbfs: -12, telephoneBand: false });
    expect(Math.max(...clipped)).toBeLessThanOrEqual(Math.round(32768 * 10 ** (-12 / 20)));
    const band = { gainDb: 0, clipDbfs: null, telephoneBand: true };
    expect(Math.abs(rmsDbfs(applyLevel(x, band), 2000) - rmsDbfs(x, 2000))).toBeLessThan(1);
    expect(rmsDbfs(applyLevel(tone(100, 8000, 4000), band), 2000) - rmsDbfs(x, 2000)).toBeLessThan(
      -15,
    );
    expect(rmsDbfs(applyLevel(tone(3900, 8000, 4000), band), 2000) - rmsDbfs(x, 2000)).toBeLessThan(
      -6,
    );
  });
});

describe('background noise', () => {
  const talkers = [tone(220, 12000), tone(330, 9000), tone(180, 15000)].map((t) =>
    t.map((v, i) => (Math.floor(i / 800) % 2 === 0 ? v : 0)),
  );

  test.each(NOISE_KINDS)('%s is reproducible and scaled to its level', (kind) => {
    const a = scaleToLevel(generateNoise(kind, 40_000, 9, talkers), -35);
    expect(a).toEqual(scaleToLevel(generateNoise(kind, 40_000, 9, talkers), -35));
    expect(overallLevelDbfs(a)).toBeCloseTo(-35, 1);
  });

  test('babble reaches the set SNR against speech within 1 dB', () => {
    const speech = tone(440, 24_000, 6000).map((v, i) => (Math.floor(i / 1600) % 3 === 2 ? 0 : v)); // talk with pauses
    const speechLevel = activeLevelDbfs([speech]);
    for (const snr of [0, 10, 20]) {
      const noise = scaleToLevel(
        generateNoise('babble', speech.length, 4, talkers),
        speechLevel - snr,
      );
      expect(Math.abs(speechLevel - overallLevelDbfs(noise) - snr)).toBeLessThan(1);
    }
  });

  test('short forms', () => {
    expect(parseNoiseShort('babble:-35')).toEqual({
      kind: 'babble',
      level: { kind: 'dbfs', dbfs: -35 },
    });
    expect(parseNoiseShort('cafe:10dB')).toEqual({
      kind: 'cafe',
      level: { kind: 'snr', snrDb: 10 },
    });
    expect(() => parseNoiseShort('rain:-30')).toThrow('unknown noise kind "rain"');
    expect(() => parseNoiseShort('babble:-3')).toThrow('-90…-10 dBFS');
  });
});
