import { describe, expect, it } from 'vitest';
import { FRAME_BYTES, MULAW_SILENCE } from './constants.ts';
import { MulawFrameLog } from './frame-log.ts';

describe('MulawFrameLog', () => {
  it('keeps frame k at 160k, copies the reused buffer, grows past its first size and fills gaps with silence', () => {
    const log = new MulawFrameLog(1); // 50 frames before it grows
    const reused = new Uint8Array(FRAME_BYTES).fill(1);
    log.write(0, reused);
    reused.fill(2);
    log.write(120, reused);
    expect(log.frameCount).toBe(121);
    expect(log.mulaw.length).toBe(121 * FRAME_BYTES);
    expect(log.mulaw[0]).toBe(1);
    expect(log.mulaw[FRAME_BYTES]).toBe(MULAW_SILENCE);
    expect(log.mulaw[120 * FRAME_BYTES + 159]).toBe(2);
  });
});
