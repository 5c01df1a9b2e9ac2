/**
 * Packet loss on the caller's uplink, frame by frame (one 20 ms RTP packet per media frame).
 *
 * - `random`: each frame is lost independently with probability `rate` (a lightly loaded path).
 * - `bursty`: the two-state Gilbert–Elliott model as used for VoIP (ITU-T G.1050 / RFC 3611's
 *   burst metrics): a Good state that loses nothing and a Bad state that loses everything. The
 *   Bad state lasts `burstFrames` frames on average (leave it with r = 1 / burstFrames); the
 *   Good→Bad probability p is set so the long-run loss is `rate` (p / (p + r) = rate). This is
 *   what Wi-Fi retries, cell handovers and congested queues do: losses come in runs.
 *
 * What the agent receives for a lost frame: Twilio's media stream still delivers a frame every
 * 20 ms (its media server fills the gap before it reaches the WebSocket), so the frame is sent,
 * with either digital silence (`fill: silence`, the default and the harsher case: a hole in the
 * speech) or the previous frame repeated (`fill: repeat`, the crudest packet-loss concealment,
 * what many gateways do for a single lost packet).
 */
import { mulberry32 } from '../prng.ts';

export type LossModel = 'random' | 'bursty';
export type LossFill = 'silence' | 'repeat';

export interface LossSpec {
  /** Long-run share of frames lost, 0 ≤ rate < 1. */
  rate: number;
  model: LossModel;
  /** bursty: mean length of a run of lost frames (≥ 1). */
  burstFrames: number;
  fill: LossFill;
}

/** Decides, frame by frame and reproducibly from a seed, which frames are lost. */
export class FrameLoss {
  private readonly random: () => number;
  private readonly enterBad: number;
  private readonly leaveBad: number;
  private bad: boolean;

  constructor(
    private readonly spec: LossSpec,
    seed: number,
  ) {
    if (!(spec.rate >= 0 && spec.rate < 1))
      throw new RangeError(`loss rate must be in [0, 1), got ${spec.rate}`);
    if (!(spec.burstFrames >= 1))
      throw new RangeError(`loss burstFrames must be ≥ 1, got ${spec.burstFrames}`);
    this.random = mulberry32(seed);
    this.leaveBad = 1 / spec.burstFrames;
    this.enterBad = Math.min(1, (spec.rate * this.leaveBad) / (1 - spec.rate));
    // Start in the stationary distribution, so the first frames are as lossy as the rest.
    this.bad = spec.model === 'bursty' && this.random() < spec.rate;
  }

  /** Whether the next frame is lost. Call once per frame, in order. */
  next(): boolean {
    if (this.spec.model === 'random') return this.random() < this.spec.rate;
    const lost = this.bad;
    this.bad = this.bad ? this.random() >= this.leaveBad : this.random() < this.enterBad;
    return lost;
  }
}
