import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../src/audio/constants.ts';
import { mulawDecode, mulawEncode } from '../src/audio/mulaw.ts';
import { rmsDbfs } from '../src/audio/level.ts';
import { EchoGuard } from './echo-guard.ts';

const toneFrame = (amp: number): Uint8Array =>
  mulawEncode(
    Int16Array.from({ length: FRAME_SAMPLES }, (_, i) =>
      Math.round(amp * Math.sin((2 * Math.PI * 500 * i) / 8000)),
    ),
  );
const isSilent = (f: Uint8Array): boolean => rmsDbfs(mulawDecode(f)) < -50;

describe('EchoGuard', () => {
  it('passes everything while the agent is quiet', () => {
    const guard = new EchoGuard();
    expect(isSilent(guard.filter(toneFrame(300), 20))).toBe(false);
  });

  it('suppresses the agent’s own audio coming back quieter and later, but not a louder caller', () => {
    const guard = new EchoGuard();
    for (let end = 20; end <= 1000; end += 20) guard.filter(toneFrame(20), end); // a quiet line before the agent talks
    // The agent sends 1 s of loud audio at inbound position 1000 ms: it plays over 1000–2000 ms.
    const reply = new Uint8Array(8000);
    for (let i = 0; i < 50; i++) reply.set(toneFrame(16000), i * FRAME_SAMPLES);
    guard.played(reply, 1000);
    // Its echo, 15 dB down, 120 ms later.
    for (let end = 1140; end <= 2100; end += 20)
      expect(isSilent(guard.filter(toneFrame(16000 * 0.18), end))).toBe(true);
    // The caller talking over it, as loud as the agent.
    expect(isSilent(guard.filter(toneFrame(14000), 2120))).toBe(false);
    // Hangover: a quieter frame right after the caller was detected still passes.
    expect(isSilent(guard.filter(toneFrame(2000), 2140))).toBe(false);
    expect(guard.suppressedFrames).toBe(49);
  });

  it('fills suppressed frames with comfort noise at the line’s noise floor, not digital silence', () => {
    const guard = new EchoGuard();
    const floor = mulawEncode(
      Int16Array.from({ length: FRAME_SAMPLES }, (_, i) => (i % 2 ? 30 : -30)),
    ); // ≈ -61 dBFS
    for (let end = 20; end <= 400; end += 20) guard.filter(floor, end);
    guard.played(new Uint8Array(8000).fill(toneFrame(16000)[3]), 400);
    const out = guard.filter(toneFrame(1000), 560);
    expect(guard.suppressedFrames).toBe(1);
    expect(rmsDbfs(mulawDecode(out))).toBeGreaterThan(-64);
    expect(rmsDbfs(mulawDecode(out))).toBeLessThan(-57);
  });

  it('learns an echo-free line: after a second of the agent alone, a soft caller onset gets through', () => {
    const setUp = (): EchoGuard => {
      const guard = new EchoGuard();
      for (let end = 20; end <= 1000; end += 20) guard.filter(toneFrame(20), end);
      guard.played(new Uint8Array(16000).fill(toneFrame(16000)[3]), 1000); // 2 s of loud agent audio
      return guard;
    };
    const soft = toneFrame(3000); // 15 dB under the agent
    expect(isSilent(setUp().filter(soft, 1020))).toBe(true); // before the echo is measured: taken for echo
    const guard = setUp();
    for (let end = 1020; end <= 2000; end += 20) guard.filter(toneFrame(20), end); // the line carries no echo
    expect(guard.margin).toBeLessThan(0.1);
    expect(isSilent(guard.filter(soft, 2020))).toBe(false);
  });

  it('after a clear, audio that never played is not expected back', () => {
    const guard = new EchoGuard();
    guard.played(new Uint8Array(16000).fill(toneFrame(16000)[3]), 0); // 2 s queued
    guard.cleared(500);
    expect(isSilent(guard.filter(toneFrame(3000), 1500))).toBe(false);
  });
});
