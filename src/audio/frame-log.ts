/**
 * Mu-law audio kept frame by frame as a call runs: frame k at bytes [160k, 160k + 160), silence
 * where no frame was written. 8 KB a second of call; the buffer grows by doubling, so a frame's
 * copy is all the 20 ms path pays.
 */
import { FRAME_BYTES, MULAW_SILENCE } from './constants.ts';

export class MulawFrameLog {
  private bytes: Uint8Array;
  private frames = 0;

  constructor(initialSeconds: number) {
    this.bytes = new Uint8Array(FRAME_BYTES * 50 * initialSeconds).fill(MULAW_SILENCE);
  }

  /** Copies `frame` (a reused buffer: it is copied now) as frame `frameIndex`. */
  write(frameIndex: number, frame: Uint8Array): void {
    const end = (frameIndex + 1) * FRAME_BYTES;
    if (end > this.bytes.length) {
      const grown = new Uint8Array(Math.max(end, this.bytes.length * 2)).fill(MULAW_SILENCE);
      grown.set(this.bytes.subarray(0, this.frames * FRAME_BYTES));
      this.bytes = grown;
    }
    this.bytes.set(frame.subarray(0, FRAME_BYTES), frameIndex * FRAME_BYTES);
    this.frames = Math.max(this.frames, frameIndex + 1);
  }

  get frameCount(): number {
    return this.frames;
  }

  /** Everything from frame 0 to the last written frame, without copying. */
  get mulaw(): Uint8Array {
    return this.bytes.subarray(0, this.frames * FRAME_BYTES);
  }
}
