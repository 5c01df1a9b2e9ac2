/**
 * Speakerphone echo: what the phone's loudspeaker plays (the agent's audio, as the caller hears
 * it) leaks back into its microphone and travels to the agent on the caller's channel, `delayMs`
 * later and `levelDb` quieter (a negative number; -20 dB is a poor speakerphone, -40 a handset
 * with a working echo canceller). The agent then hears its own words — an agent that takes them
 * for the caller barging in interrupts itself.
 *
 * Frame-synchronous: for frame k, `addEcho` is called before `pushPlayed` of frame k, so the
 * echo path can only reach back to audio already played: delayMs ≥ 20.
 */
import { FRAME_MS, FRAME_SAMPLES, SAMPLE_RATE } from '../constants.ts';

export interface EchoSpec {
  delayMs: number;
  /** Echo level relative to the played audio, in dB (≤ 0). */
  levelDb: number;
}

export class EchoPath {
  private readonly history: Int16Array;
  private readonly mask: number;
  private readonly delaySamples: number;
  private readonly gain: number;
  /** Samples pushed so far (absolute position of the next played sample). */
  private written = 0;

  constructor(spec: EchoSpec) {
    if (!(spec.delayMs >= FRAME_MS))
      throw new RangeError(`echo delayMs must be ≥ ${FRAME_MS}, got ${spec.delayMs}`);
    if (!(spec.levelDb <= 0)) throw new RangeError(`echo levelDb must be ≤ 0, got ${spec.levelDb}`);
    this.delaySamples = Math.round((spec.delayMs * SAMPLE_RATE) / 1000);
    this.gain = 10 ** (spec.levelDb / 20);
    let size = 1;
    while (size < this.delaySamples + FRAME_SAMPLES) size <<= 1;
    this.history = new Int16Array(size);
    this.mask = size - 1;
  }

  /** The 20 ms the loudspeaker has just played. */
  pushPlayed(frame: Int16Array): void {
    for (let i = 0; i < frame.length; i++) this.history[(this.written + i) & this.mask] = frame[i];
    this.written += frame.length;
  }

  /** Adds the echo into the caller's next frame (in place, saturating). */
  addEcho(frame: Int16Array): void {
    const start = this.written - this.delaySamples;
    for (let i = 0; i < frame.length; i++) {
      const at = start + i;
      if (at < 0 || at >= this.written) continue;
      const v = frame[i] + Math.round(this.history[at & this.mask] * this.gain);
      frame[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    }
  }
}
