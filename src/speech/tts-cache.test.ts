import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { readWavAs8kMono } from '../audio/wav.ts';
import { FliteTts, type FliteVoiceSpec } from './flite.ts';
import { type CacheableTts, synthesizeCached, ttsCachePath } from './tts-cache.ts';

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'callbench-tts-cache-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fake engine: audio derived from the text, a call counter, and a gate to hold synthesis open. */
function fakeTts(
  engineId = 'fake@1',
): CacheableTts & { calls: number; release: () => void; gated: boolean } {
  let open: () => void = () => {};
  const fake = {
    engineId,
    calls: 0,
    gated: false,
    release: () => open(),
    async synthesize(text: string, voice: FliteVoiceSpec): Promise<Int16Array> {
      fake.calls++;
      if (fake.gated) await new Promise<void>((resolve) => (open = resolve));
      return Int16Array.from(
        { length: 400 + text.length },
        (_, i) => ((i * 31 + text.length * voice.rate * 100) % 2000) - 1000,
      );
    },
  };
  return fake;
}

const VOICE: FliteVoiceSpec = { voice: 'kal', rate: 1 };

describe('synthesizeCached with a fake engine', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await freshDir();
  });

  test('a miss synthesizes and writes an 8 kHz mono WAV; a hit returns the same samples without the engine', async () => {
    const tts = fakeTts();
    const first = await synthesizeCached(tts, 'hello', VOICE, dir);
    expect(tts.calls).toBe(1);
    const file = ttsCachePath(dir, tts.engineId, 'hello', VOICE);
    const wav = readWavAs8kMono(await readFile(file));
    expect(wav).toMatchObject({ sourceRate: 8000, sourceChannels: 1, sourceFormat: 'pcm_s16le' });
    expect(Array.from(wav.samples)).toEqual(Array.from(first));

    const again = await synthesizeCached(tts, 'hello', VOICE, dir);
    expect(tts.calls).toBe(1);
    expect(Array.from(again)).toEqual(Array.from(first));
    again[0] = 12345; // callers get copies
    expect((await synthesizeCached(tts, 'hello', VOICE, dir))[0]).toBe(first[0]);
  });

  test('the key covers engine id, voice, rate, pitch and text', () => {
    const base = ttsCachePath(dir, 'e@1', 'hi', { voice: 'kal', rate: 1 });
    const variants = [
      ttsCachePath(dir, 'e@2', 'hi', { voice: 'kal', rate: 1 }),
      ttsCachePath(dir, 'e@1', 'hi', { voice: 'slt', rate: 1 }),
      ttsCachePath(dir, 'e@1', 'hi', { voice: 'kal', rate: 1.1 }),
      ttsCachePath(dir, 'e@1', 'hi', { voice: 'kal', rate: 1, pitchHz: 120 }),
      ttsCachePath(dir, 'e@1', 'hi!', { voice: 'kal', rate: 1 }),
    ];
    expect(new Set([base, ...variants]).size).toBe(6);
    expect(ttsCachePath(dir, 'e@1', 'hi', { voice: 'kal', rate: 1 })).toBe(base);
    expect(
      ttsCachePath(dir, 'e@1', 'hi', { voice: '../evil', rate: 1 }).startsWith(
        join(dir, '___evil-'),
      ),
    ).toBe(true); // stays inside the cache dir
  });

  test('concurrent requests for one entry share a synthesis; the file appears only when complete', async () => {
    const tts = fakeTts();
    tts.gated = true;
    const requests = [1, 2, 3].map(() => synthesizeCached(tts, 'shared', VOICE, dir));
    await vi.waitFor(() => expect(tts.calls).toBe(1));
    expect(await readdir(dir)).toEqual([]); // nothing half-written in place while synthesizing
    tts.release();
    const results = await Promise.all(requests);
    expect(tts.calls).toBe(1);
    expect(new Set(results.map((r) => r.join(','))).size).toBe(1);
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^kal-[0-9a-f]{32}\.wav$/); // no temp files left behind
  });

  test('a corrupt cache file is replaced, not trusted', async () => {
    const tts = fakeTts();
    const file = ttsCachePath(dir, tts.engineId, 'fix me', VOICE);
    await writeFile(file, 'RIFF....not really');
    const samples = await synthesizeCached(tts, 'fix me', VOICE, dir);
    expect(tts.calls).toBe(1);
    expect(Array.from(readWavAs8kMono(await readFile(file)).samples)).toEqual(Array.from(samples));
  });

  test('abort ends the wait with an AbortError; the shared synthesis still lands in the cache', async () => {
    const tts = fakeTts();
    tts.gated = true;
    const controller = new AbortController();
    const waiting = synthesizeCached(tts, 'abandoned', VOICE, dir, controller.signal);
    await vi.waitFor(() => expect(tts.calls).toBe(1));
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    tts.release();
    await vi.waitFor(async () => expect(await readdir(dir)).toHaveLength(1));
    await synthesizeCached(tts, 'abandoned', VOICE, dir);
    expect(tts.calls).toBe(1);
  });
});

describe('synthesizeCached with flite', () => {
  test('a cache hit returns identical samples without invoking the engine', async () => {
    const dir = await freshDir();
    const tts = await FliteTts.create();
    try {
      const spy = vi.spyOn(tts, 'synthesize');
      const voice = { voice: 'slt', rate: 1.1, pitchHz: 200 };
      const first = await synthesizeCached(tts, 'Your code is A B 7.', voice, dir);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(first.length).toBeGreaterThan(8000);
      const second = await synthesizeCached(tts, 'Your code is A B 7.', voice, dir);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(Array.from(second)).toEqual(Array.from(first));
    } finally {
      await tts.close();
    }
  });
});
