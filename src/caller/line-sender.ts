/**
 * The caller's line while the call runs: the impairments that act frame by frame on what the
 * agent receives — speakerphone echo (needs what the caller just heard), packet loss and jitter.
 * The call hands it each frame it would have sent and sends what comes back, when it comes back;
 * nothing here owns a timer (jitter releases held frames on the call's own 20 ms ticks of the
 * shared scheduler, so the scheduler's work per tick does not grow).
 *
 * Order on the way out: echo is added at the microphone, then the packet is lost or not, then
 * the network holds it (jitter). A lost frame is still sent (see loss.ts): digital silence, or
 * with `fill: repeat` the last delivered frame again for up to 3 frames (60 ms, about what
 * G.711 Appendix I conceals before it mutes), silence after that.
 */
import { FRAME_SAMPLES, MULAW_SILENCE } from '../audio/constants.ts';
import { EchoPath } from '../audio/line/echo.ts';
import { FrameJitter } from '../audio/line/jitter.ts';
import type { LineConditions } from '../audio/line/line-conditions.ts';
import { FrameLoss, type LossFill } from '../audio/line/loss.ts';
import { mulawDecodeInto, mulawEncode } from '../audio/mulaw.ts';

export interface OutgoingFrame {
  /** The frame's index on the caller's timeline (its media chunk and timestamp). */
  index: number;
  payload: string;
}

const SILENCE_B64 = Buffer.alloc(FRAME_SAMPLES, MULAW_SILENCE).toString('base64');
const MAX_REPEATS = 3;

export class LineSender {
  private readonly loss: FrameLoss | null;
  private readonly fill: LossFill;
  private readonly jitter: FrameJitter | null;
  private readonly echo: EchoPath | null;
  private readonly pcm = new Int16Array(FRAME_SAMPLES);
  private readonly queue: { frame: OutgoingFrame; release: number }[] = [];
  private lastDelivered = SILENCE_B64;
  private repeats = 0;
  /** Frames lost so far (for the call's events). */
  lostFrames = 0;

  constructor(line: LineConditions, seed: number) {
    this.loss = line.loss ? new FrameLoss(line.loss, seed ^ 0x1055) : null;
    this.fill = line.loss?.fill ?? 'silence';
    this.jitter = line.jitter ? new FrameJitter(line.jitter, seed ^ 0x7177) : null;
    this.echo = line.echo ? new EchoPath(line.echo) : null;
  }

  /**
   * Frame `k` as the caller's phone produced it; returns what goes on the wire now (at tick k):
   * this frame, nothing (held by jitter), or several held frames at once. `impaired` is frame k
   * as the agent will receive it, whenever that is (for recordings).
   */
  send(k: number, payload: string): { impaired: string; due: OutgoingFrame[] } {
    let out = this.echo ? this.withEcho(payload) : payload;
    if (this.loss?.next()) {
      this.lostFrames++;
      out = this.fill === 'repeat' && this.repeats < MAX_REPEATS ? this.lastDelivered : SILENCE_B64;
      this.repeats++;
    } else {
      this.lastDelivered = out;
      this.repeats = 0;
    }
    const frame = { index: k, payload: out };
    if (!this.jitter) return { impaired: out, due: [frame] };
    this.queue.push({ frame, release: this.jitter.releaseTick(k) });
    let n = 0;
    while (n < this.queue.length && this.queue[n].release <= k) n++;
    return { impaired: out, due: this.queue.splice(0, n).map((q) => q.frame) };
  }

  /** What the caller's loudspeaker played during the frame just sent (mu-law), for the echo. */
  played(heard: Uint8Array): void {
    if (!this.echo) return;
    const pcm = new Int16Array(heard.length);
    mulawDecodeInto(heard, pcm);
    this.echo.pushPlayed(pcm);
  }

  /** Frames still held by the network (the call is ending: TCP delivers them before the close). */
  flush(): OutgoingFrame[] {
    return this.queue.splice(0).map((q) => q.frame);
  }

  private withEcho(payload: string): string {
    const bytes = Buffer.from(payload, 'base64');
    mulawDecodeInto(bytes, this.pcm);
    this.echo?.addEcho(this.pcm);
    const encoded = mulawEncode(this.pcm);
    return Buffer.from(encoded.buffer, encoded.byteOffset, encoded.length).toString('base64');
  }
}
