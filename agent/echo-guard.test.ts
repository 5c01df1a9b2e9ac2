import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES, MULAW_SILENCE } from '../src/audio/constants.ts';
import { mulawEncode } from '../src/audio/mulaw.ts';
import { EchoGuard } from './echo-guard.ts';

const toneFrame = (amp: number): Uint8Array => mulawEncode(Int16Array.from({ length: FRAME_SAMPLES }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * 500 * i) / 8000))));
const isSilent = (f: Uint8Array): boolean => f.every((b) => b === MULAW_SILENCE);

describe('EchoGuard', () => {
  it('passes everything while the agent is quiet', () => {
    const guard = new EchoGuard();
    expect(isSilent(guard.filter(toneFrame(300), 20))).toBe(false);
  });

  it('suppresses the agent’s own audio coming back quieter and later, but not a louder caller', () => {
    const guard = new EchoGuard();
    // The agent sends 1 s of loud audio at inbound position 1000 ms: it plays over 1000–2000 ms.
    const reply = new Uint8Array(8000);
    for (let i = 0; i < 50; i++) reply.set(toneFrame(16000), i * FRAME_SAMPLES);
    guard.played(reply, 1000);
    // Its echo, 15 dB down, 120 ms later.
    for (let end = 1140; end <= 2100; end += 20) expect(isSilent(guard.filter(toneFrame(16000 * 0.18), end))).toBe(true);
    // The caller talking over it, as loud as the agent.
    expect(isSilent(guard.filter(toneFrame(14000), 2120))).toBe(false);
    // Hangover: a quieter frame right after the caller was detected still passes.
    expect(isSilent(guard.filter(toneFrame(2000), 2140))).toBe(false);
    expect(guard.suppressedFrames).toBe(49);
  });

  it('after a clear, audio that never played is not expected back', () => {
    const guard = new EchoGuard();
    guard.played(new Uint8Array(16000).fill(toneFrame(16000)[3]), 0); // 2 s queued
    guard.cleared(500);
    expect(isSilent(guard.filter(toneFrame(3000), 1500))).toBe(false);
  });
});
