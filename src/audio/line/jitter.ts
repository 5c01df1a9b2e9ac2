/**
 * Jitter on the caller's uplink as a Media Streams WebSocket sees it: the stream runs over TCP,
 * so a delayed frame holds back every frame behind it (head-of-line blocking) and they all
 * arrive together once it gets through — frames come late and in bursts, never out of order.
 *
 * Model: at each frame a stall begins with probability `rate`; the stalled frame is held for a
 * uniform 20 ms … `maxDelayMs` (rounded up to whole frames, the pacing unit of the sender).
 * Frame k is released at tick max(k + its own hold, release of frame k-1).
 */
import { FRAME_MS } from '../constants.ts';
import { mulberry32 } from '../prng.ts';

export interface JitterSpec {
  /** Share of frames at which a stall begins, 0 < rate ≤ 1. */
  rate: number;
  /** Longest hold of one stall, ≥ 20 ms. */
  maxDelayMs: number;
}

export class FrameJitter {
  private readonly random: () => number;
  private readonly maxFrames: number;
  private lastRelease = -1;

  constructor(
    private readonly spec: JitterSpec,
    seed: number,
  ) {
    if (!(spec.rate > 0 && spec.rate <= 1))
      throw new RangeError(`jitter rate must be in (0, 1], got ${spec.rate}`);
    if (!(spec.maxDelayMs >= FRAME_MS))
      throw new RangeError(`jitter maxDelayMs must be ≥ ${FRAME_MS}, got ${spec.maxDelayMs}`);
    this.random = mulberry32(seed);
    this.maxFrames = Math.ceil(spec.maxDelayMs / FRAME_MS);
  }

  /** The tick (frame index) at which frame `k` is sent. Call once per frame, in order. */
  releaseTick(k: number): number {
    let hold = 0;
    if (this.random() < this.spec.rate) hold = 1 + Math.floor(this.random() * this.maxFrames);
    this.lastRelease = Math.max(k + hold, this.lastRelease);
    return this.lastRelease;
  }
}
