import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { FRAME_SAMPLES } from './constants.ts';
import { mulawDecode, mulawEncode } from './mulaw.ts';
import { lineNoise } from './noise.ts';
import type { Vad, VadFactory, VadMode } from './vad.ts';
import { readWavAs8kMono } from './wav.ts';

function decisions(vad: Vad, x: Int16Array): boolean[] {
  const out: boolean[] = [];
  for (let i = 0; i + FRAME_SAMPLES <= x.length; i += FRAME_SAMPLES)
    out.push(vad.isSpeech(x.subarray(i, i + FRAME_SAMPLES)));
  return out;
}

describe('loading', () => {
  test('getLoadedVadFactory throws until loadVad() has resolved; loadVad is cached', async () => {
    vi.resetModules(); // a fresh copy of the module, as in a new thread
    const fresh = await import('./vad.ts');
    expect(() => fresh.getLoadedVadFactory()).toThrow(/await loadVad\(\)/);
    const first = fresh.loadVad();
    expect(fresh.loadVad()).toBe(first);
    const factory = await first;
    expect(fresh.getLoadedVadFactory()).toBe(factory);
  });
});

describe('WebRTC VAD', () => {
  let factory: VadFactory;
  beforeAll(async () => {
    factory = await (await import('./vad.ts')).loadVad();
  });

  test('digital silence is never speech', () => {
    const vad = factory.create();
    expect(decisions(vad, new Int16Array(8000 * 5)).some(Boolean)).toBe(false);
    vad.dispose();
  });

  test('line noise at -55 dBFS is not speech (after the VAD’s 100 ms start-up burst)', () => {
    for (const mode of [0, 1, 2, 3] as VadMode[]) {
      const vad = factory.create(mode);
      for (const seed of [1, 2, 3]) {
        vad.reset();
        const noise = lineNoise(8000 * 10, -55, seed);
        const d = decisions(vad, noise);
        // WebRTC VAD starts with a default noise model: the first frame of any steady noise reads as
        // speech, plus its hangover. Everything after must be quiet.
        expect(d.indexOf(false), `mode ${mode} seed ${seed}`).toBeLessThanOrEqual(5);
        expect(d.slice(5).some(Boolean), `mode ${mode} seed ${seed}`).toBe(false);
        // Through the phone path (mu-law) too.
        vad.reset();
        expect(
          decisions(vad, mulawDecode(mulawEncode(noise)))
            .slice(5)
            .some(Boolean),
        ).toBe(false);
      }
      vad.dispose();
    }
  });

  test('rejects frames that are not 160 samples, use after dispose, and bad modes', () => {
    const vad = factory.create();
    expect(() => vad.isSpeech(new Int16Array(159))).toThrow(/exactly 160/);
    vad.dispose();
    vad.dispose(); // idempotent
    expect(() => vad.isSpeech(new Int16Array(160))).toThrow(/dispose/);
    expect(() => factory.create(7 as VadMode)).toThrow(/invalid mode 7/);
  });

  const FSDD = '/work/shared/data/fsdd';
  describe.skipIf(!existsSync(FSDD))(
    'on real speech (skipped: /work/shared/data/fsdd absent)',
    () => {
      const clips = (): Int16Array[] => {
        const files = readdirSync(FSDD)
          .filter((n) => n.endsWith('.wav'))
          .sort()
          .filter((_, i) => i % 10 === 0);
        return files.map((name) => {
          const clip = readWavAs8kMono(readFileSync(`${FSDD}/${name}`), name).samples;
          const x = new Int16Array(1600 + clip.length + 1600); // 200 ms of silence either side
          x.set(clip, 1600);
          return x;
        });
      };

      test('finds speech in every FSDD clip, and most frames of it', () => {
        const vad = factory.create();
        let speechFrames = 0;
        let clipFrames = 0;
        for (const x of clips()) {
          vad.reset();
          const d = decisions(vad, x);
          const inClip = d.slice(10, d.length - 10);
          expect(inClip.some(Boolean)).toBe(true);
          speechFrames += inClip.filter(Boolean).length;
          clipFrames += inClip.length;
        }
        expect(speechFrames / clipFrames).toBeGreaterThan(0.85);
        vad.dispose();
      });

      test('reset() gives the same decisions as a new instance, in every mode', () => {
        const [clip] = clips();
        for (const mode of [0, 1, 2, 3] as VadMode[]) {
          const fresh = decisions(factory.create(mode), clip);
          const reused = factory.create(mode);
          decisions(reused, lineNoise(8000, -30, 1)); // put some state in it
          reused.reset();
          expect(decisions(reused, clip), `mode ${mode}`).toEqual(fresh);
        }
        // Modes really differ on this clip, so the comparison above can tell them apart.
        expect(decisions(factory.create(0), clip)).not.toEqual(decisions(factory.create(3), clip));
      });

      test('still correct after WASM memory grows (many instances): the heap view is re-read', () => {
        const [clip] = clips();
        const vad = factory.create();
        const before = decisions(vad, clip);
        const many = Array.from({ length: 30_000 }, () => factory.create()); // grows the emscripten heap
        vad.reset();
        expect(decisions(vad, clip)).toEqual(before);
        for (const v of many) v.dispose();
        vad.dispose();
      });

      test('instances keep separate state: interleaved use gives the same decisions as alone', () => {
        const [a, b] = clips();
        const alone = [decisions(factory.create(), a), decisions(factory.create(), b)];
        const vadA = factory.create();
        const vadB = factory.create();
        const interleaved: boolean[][] = [[], []];
        for (let i = 0; i + FRAME_SAMPLES <= Math.max(a.length, b.length); i += FRAME_SAMPLES) {
          if (i + FRAME_SAMPLES <= a.length)
            interleaved[0].push(vadA.isSpeech(a.subarray(i, i + FRAME_SAMPLES)));
          if (i + FRAME_SAMPLES <= b.length)
            interleaved[1].push(vadB.isSpeech(b.subarray(i, i + FRAME_SAMPLES)));
        }
        expect(interleaved).toEqual(alone);
      });
    },
  );
});
