import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { PacedAudioSender } from './assemblyai-audio-sender.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function makeSender() {
  const sent: { atMs: number; data: Uint8Array | string }[] = [];
  const start = Date.now();
  const sender = new PacedAudioSender((data) => sent.push({ atMs: Date.now() - start, data }), {
    batchMs: 100,
    bytesPerMs: 8,
    now: () => Date.now(),
  });
  return { sender, sent };
}

const frame = (value = 1) => new Uint8Array(160).fill(value);

describe('PacedAudioSender', () => {
  test('batches 20 ms frames into 100 ms messages and paces a burst to real time', () => {
    const { sender, sent } = makeSender();
    for (let i = 0; i < 25; i++) sender.push(frame(i)); // 500 ms at once
    expect(sent.map((s) => s.atMs)).toEqual([0]);
    vi.advanceTimersByTime(1000);
    expect(sent.map((s) => s.atMs)).toEqual([0, 100, 200, 300, 400]);
    expect(sent.every((s) => s.data instanceof Uint8Array && s.data.length === 800)).toBe(true);
    // Frame order is kept across batches.
    const second = sent[1].data as Uint8Array;
    expect([second[0], second[799]]).toEqual([5, 9]);
    expect(sender.pushedMs).toBe(500);
  });

  test('audio that arrives late goes out at once (no extra delay after a stall)', () => {
    const { sender, sent } = makeSender();
    for (let i = 0; i < 5; i++) sender.push(frame());
    vi.advanceTimersByTime(350); // a stall: the next 100 ms arrive late
    for (let i = 0; i < 5; i++) sender.push(frame());
    expect(sent.map((s) => s.atMs)).toEqual([0, 350]);
  });

  test('control messages keep their place behind queued audio', () => {
    const { sender, sent } = makeSender();
    for (let i = 0; i < 10; i++) sender.push(frame());
    sender.control('{"type":"ForceEndpoint"}');
    expect(sent.map((s) => typeof s.data)).toEqual(['object']);
    vi.advanceTimersByTime(100);
    expect(sent.map((s) => (typeof s.data === 'string' ? s.data : s.data.length))).toEqual([
      800,
      800,
      '{"type":"ForceEndpoint"}',
    ]);
  });

  test('a tail is sent only when long enough, or padded with silence at the end', () => {
    const { sender, sent } = makeSender();
    sender.push(frame()); // 20 ms
    sender.flushPartial(false);
    expect(sent).toHaveLength(0);
    sender.push(frame());
    sender.push(frame()); // 60 ms
    sender.flushPartial(false);
    expect((sent[0].data as Uint8Array).length).toBe(480);
    sender.push(frame());
    sender.flushPartial(true);
    vi.advanceTimersByTime(100);
    const padded = sent[1].data as Uint8Array;
    expect(padded.length).toBe(400);
    expect(padded[399]).toBe(0xff);
  });

  test('drained() waits for the queue; stop() drops it', async () => {
    const { sender, sent } = makeSender();
    for (let i = 0; i < 15; i++) sender.push(frame());
    let drained = false;
    void sender.drained().then(() => (drained = true));
    await vi.advanceTimersByTimeAsync(150);
    expect(drained).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(drained).toBe(true);
    for (let i = 0; i < 15; i++) sender.push(frame());
    sender.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(3);
  });
});
