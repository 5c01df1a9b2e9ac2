import { describe, expect, test } from 'vitest';
import { PlaybackBuffer } from './playback-buffer.ts';

const bytes = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);

describe('PlaybackBuffer', () => {
  test('audio arriving while empty plays from its arrival; later audio queues behind it', () => {
    const b = new PlaybackBuffer();
    expect(b.enqueue(bytes(800, 1), 1000).startSample).toBe(1000);
    // Arrives at 1200, but 1000..1800 is still playing: it starts at 1800.
    expect(b.enqueue(bytes(400, 2), 1200).startSample).toBe(1800);
    expect(b.tailSample).toBe(2200);
    expect(b.isPlaying(2199)).toBe(true);
    expect(b.isPlaying(2200)).toBe(false);
    // After a gap, audio starts at its arrival again.
    expect(b.enqueue(bytes(160, 3), 5000).startSample).toBe(5000);
  });

  test('read returns exactly what played in a stretch, silence (0xff) elsewhere', () => {
    const b = new PlaybackBuffer();
    b.enqueue(bytes(100, 7), 50);
    const out = new Uint8Array(160);
    expect(b.read(0, out)).toBe(true);
    expect([...out.subarray(0, 50)].every((v) => v === 0xff)).toBe(true);
    expect([...out.subarray(50, 150)].every((v) => v === 7)).toBe(true);
    expect([...out.subarray(150)].every((v) => v === 0xff)).toBe(true);
    expect(b.read(160, out)).toBe(false);
  });

  test('a burst faster than real time is heard at 8000 bytes/s', () => {
    const b = new PlaybackBuffer();
    // 1 s of audio in one message at t = 0 plays for 1 s.
    const audio = new Uint8Array(8000).map((_, i) => i % 200);
    b.enqueue(audio, 0);
    const out = new Uint8Array(160);
    for (let k = 0; k < 50; k++) {
      expect(b.read(k * 160, out)).toBe(true);
      expect([...out]).toEqual([...audio.subarray(k * 160, k * 160 + 160)]);
    }
    expect(b.read(8000, out)).toBe(false);
  });

  test('a mark is echoed at once when nothing is queued', () => {
    const b = new PlaybackBuffer();
    expect(b.mark('m0', 100)).toBe(true);
    b.enqueue(bytes(160, 1), 100);
    b.read(100, new Uint8Array(160));
    expect(b.mark('m1', 260)).toBe(true);
  });

  test('a mark is echoed when all audio queued before it has played, in order', () => {
    const b = new PlaybackBuffer();
    b.enqueue(bytes(800, 1), 0);
    expect(b.mark('a', 10)).toBe(false);
    b.enqueue(bytes(800, 1), 20);
    expect(b.mark('b', 30)).toBe(false);
    expect(b.takeDueMarks(799)).toEqual([]);
    expect(b.takeDueMarks(800).map((m) => m.name)).toEqual(['a']);
    expect(b.takeDueMarks(1599)).toEqual([]);
    expect(b.takeDueMarks(1600).map((m) => m.name)).toEqual(['b']);
  });

  test('a mark sent while an earlier mark is pending waits its turn even when nothing new is queued', () => {
    const b = new PlaybackBuffer();
    b.enqueue(bytes(800, 1), 0);
    b.mark('a', 0);
    // At 900 the audio has played but "a" has not been taken yet: "b" must not overtake it.
    expect(b.mark('b', 900)).toBe(false);
    expect(b.takeDueMarks(900).map((m) => m.name)).toEqual(['a', 'b']);
  });

  test('clear drops what has not played, keeps what has, and releases pending marks in order', () => {
    const b = new PlaybackBuffer();
    b.enqueue(bytes(1600, 5), 0);
    b.mark('x', 0);
    b.enqueue(bytes(1600, 6), 0);
    b.mark('y', 0);
    const r = b.clear(1000);
    expect(r.flushedSamples).toBe(2200);
    expect(r.echoedMarks).toEqual(['x', 'y']);
    expect(b.tailSample).toBe(1000);
    expect(b.takeDueMarks(1_000_000)).toEqual([]);
    const out = new Uint8Array(160);
    expect(b.read(880, out)).toBe(true);
    expect([...out.subarray(0, 120)].every((v) => v === 5)).toBe(true);
    expect([...out.subarray(120)].every((v) => v === 0xff)).toBe(true);
    // New audio after a clear plays from its arrival.
    expect(b.enqueue(bytes(160, 9), 1100).startSample).toBe(1100);
  });

  test('clear on an empty buffer flushes nothing', () => {
    const b = new PlaybackBuffer();
    expect(b.clear(500)).toEqual({ flushedSamples: 0, echoedMarks: [] });
  });

  test('more than 10 minutes queued: further media is dropped', () => {
    const b = new PlaybackBuffer(8000); // a 1 s cap keeps the test small
    expect(b.enqueue(bytes(6000, 1), 0).droppedBytes).toBe(0);
    expect(b.enqueue(bytes(4000, 1), 0)).toEqual({ startSample: -1, droppedBytes: 4000 });
    // Once some has played there is room again.
    expect(b.enqueue(bytes(4000, 1), 3000).droppedBytes).toBe(0);
  });

  test('reads over a long call keep memory bounded (played chunks are forgotten)', () => {
    const b = new PlaybackBuffer();
    const out = new Uint8Array(160);
    for (let k = 0; k < 5000; k++) {
      b.enqueue(bytes(160, 1), k * 160);
      b.read(k * 160, out);
    }
    // @ts-expect-error reading a private field to check the compaction
    expect(b.chunks.length).toBeLessThan(200);
  });
});
