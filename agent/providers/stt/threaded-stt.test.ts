import { afterEach, describe, expect, test } from 'vitest';
import { mulawEncode } from '../../../src/audio/mulaw.ts';
import { readUntil } from '../testing/async-iteration.ts';
import type { SttEvent } from '../types.ts';
import { ThreadedStt } from './threaded-stt.ts';

const MODULE = new URL('../testing/fake-stt-module.ts', import.meta.url);
const loud = mulawEncode(new Int16Array(160).fill(5000));
const quiet = mulawEncode(new Int16Array(160));
let stt: ThreadedStt | null = null;
afterEach(async () => {
  await stt?.close();
  stt = null;
});

describe('ThreadedStt', () => {
  test('streams opened on several workers each get their own events, in order', async () => {
    stt = new ThreadedStt({
      name: 'fake',
      providerModule: MODULE,
      providerOptions: { transcripts: ['hello'] },
      threads: 2,
    });
    const a = await stt.open({ expectation: 'free' }, new AbortController().signal);
    const b = await stt.open({ expectation: 'free' }, new AbortController().signal);
    for (let i = 0; i < 5; i++) a.push(loud);
    for (let i = 0; i < 10; i++) a.push(quiet);
    const got = await readUntil(
      a.events[Symbol.asyncIterator](),
      (e: SttEvent) => e.type === 'final',
      3000,
    );
    expect(got.items.map((e) => e.type)).toEqual(['speech_started', 'final']);
    expect(got.items[1]).toMatchObject({
      type: 'final',
      text: 'hello',
      endOfTurn: true,
      speechEndAudioMs: 100,
    });
    // b heard nothing.
    b.push(quiet);
    await b.close();
    const rest = await readUntil(b.events[Symbol.asyncIterator](), () => false, 500);
    expect(rest.items).toEqual([]);
    expect(rest.ended).toBe(true);
  });

  test('a provider that cannot load fails open() with a clear error, not the process', async () => {
    stt = new ThreadedStt({
      name: 'fake',
      providerModule: MODULE,
      providerOptions: { failToLoad: true },
      threads: 1,
    });
    await expect(stt.open({ expectation: 'free' }, new AbortController().signal)).rejects.toThrow(
      /model files missing|worker/,
    );
  });
});
