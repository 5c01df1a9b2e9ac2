/**
 * The reference agent's echo suppressor: a caller on a speakerphone sends the agent's own voice
 * back, a little later and quieter. Without this, the agent's recognizer hears that echo as the
 * caller talking — the agent "barges in" on itself and cuts its own reply off.
 *
 * How (a Geigel double-talk detector, the classic one in line echo cancellers, driving a plain
 * suppressor): the agent knows what it sent and — Twilio plays queued audio at 8000 bytes/s —
 * when that audio plays, on the timeline of the caller's inbound audio (which arrives in real
 * time, so it is the agent's clock). An inbound 20 ms frame counts as the caller speaking only if
 * its peak exceeds a margin times the loudest agent audio played in the last `tailMs` (the echo
 * path's delay: loudspeaker to microphone plus the network both ways). The margin adapts to the
 * line: it starts at half (-6 dB, any echo path) and, once 0.5 s of the agent talking alone has
 * been heard, is twice the loudest echo measured in the last 2 s of it, never below `minMargin` — so on a
 * line without echo the caller can cut in softly, and on a speakerphone the echo stays out.
 * Anything quieter is taken for echo and the recognizer gets comfort noise instead: noise at the
 * line's own noise floor, as echo suppressors do (digital silence would tell a recognizer that
 * tracks the noise floor the line had gone dead). Once the caller is
 * detected, frames pass for `hangoverMs` so quieter sounds inside their words are not chopped.
 *
 * The price, as with every echo suppressor: while the agent talks, a caller quieter than the
 * agent's own echo bound is not heard. `--fault barge-in-on-echo` turns this off.
 */
import { FRAME_MS, FRAME_SAMPLES, MULAW_SILENCE } from '../src/audio/constants.ts';
import { rmsDbfs } from '../src/audio/level.ts';
import { decodeMulawSample, mulawDecode, mulawEncode } from '../src/audio/mulaw.ts';
import { lineNoise } from '../src/audio/noise.ts';

export interface EchoGuardOptions {
  tailMs: number;
  /** Near-end peak must exceed this fraction of the far-end peak to count as the caller, before the echo is measured. */
  margin: number;
  /** The margin never falls below this (an echo-free line still needs the caller above the agent's bleed). */
  minMargin: number;
  hangoverMs: number;
}

export const DEFAULT_ECHO_GUARD: EchoGuardOptions = {
  tailMs: 600,
  margin: 0.5,
  minMargin: 0.02,
  hangoverMs: 100,
};
/** Per frame of agent-only audio, the echo estimate falls this much towards what is measured. */
/** The echo estimate is the largest echo seen in the last this many agent-only frames (2 s)… */
const ECHO_WINDOW_FRAMES = 100;
/** …once this many (0.5 s) have been seen; before that the pessimistic default holds. */
const ECHO_MIN_FRAMES = 25;

const SILENT_FRAME = new Uint8Array(FRAME_SAMPLES).fill(MULAW_SILENCE);
const COMFORT_FRAMES = 50;
/** Comfort noise by level (whole dBFS), built on first use and shared by every call. */
const comfortNoise = new Map<number, Uint8Array>();

function comfortFrame(dbfs: number, index: number): Uint8Array {
  if (!Number.isFinite(dbfs) || dbfs < -80) return SILENT_FRAME;
  const level = Math.round(dbfs);
  let noise = comfortNoise.get(level);
  if (!noise)
    comfortNoise.set(
      level,
      (noise = mulawEncode(lineNoise(COMFORT_FRAMES * FRAME_SAMPLES, level, 0xc0f))),
    );
  const at = (index % COMFORT_FRAMES) * FRAME_SAMPLES;
  return noise.subarray(at, at + FRAME_SAMPLES);
}

export class EchoGuard {
  /** Peak of the agent's audio per 20 ms slot of the inbound timeline (slot = floor(ms / 20)). */
  private readonly farPeaks = new Map<number, number>();
  /** Where the agent's queued audio ends, in inbound-audio ms. */
  private queueEndMs = 0;
  private passUntilMs = -Infinity;
  /** Echo gain (near peak / far peak) of recent frames where only the agent talked (a ring). */
  private readonly echoRatios = new Float64Array(ECHO_WINDOW_FRAMES);
  private echoFrames = 0;
  /** The inbound line's noise floor (dBFS): falls at once, rises 1 dB a second. */
  private floorDb = 0;
  /** Frames replaced by silence so far (for the call record). */
  suppressedFrames = 0;

  constructor(private readonly options: EchoGuardOptions = DEFAULT_ECHO_GUARD) {}

  /** How loud this line's echo is, relative to the agent's audio; pessimistic until measured. */
  private get echoGain(): number {
    if (this.echoFrames < ECHO_MIN_FRAMES) return this.options.margin / 2;
    let max = 0;
    for (const r of this.echoRatios) max = Math.max(max, r);
    return max;
  }

  /** The fraction of the agent's peak a frame must exceed to count as the caller. */
  get margin(): number {
    return Math.max(this.options.minMargin, Math.min(this.options.margin, 2 * this.echoGain));
  }

  /** The agent sent `mulaw` when the caller's inbound audio stood at `nowMs`. */
  played(mulaw: Uint8Array, nowMs: number): void {
    let at = Math.max(nowMs, this.queueEndMs);
    for (let i = 0; i < mulaw.length; i += FRAME_SAMPLES) {
      let peak = 0;
      const end = Math.min(mulaw.length, i + FRAME_SAMPLES);
      for (let j = i; j < end; j++) peak = Math.max(peak, Math.abs(decodeMulawSample(mulaw[j])));
      const slot = Math.floor(at / FRAME_MS);
      this.farPeaks.set(slot, Math.max(this.farPeaks.get(slot) ?? 0, peak));
      // A chunk not on the 20 ms grid can straddle two slots: count its peak in both.
      const endSlot = Math.floor((at + (end - i) / 8 - 0.001) / FRAME_MS);
      if (endSlot !== slot)
        this.farPeaks.set(endSlot, Math.max(this.farPeaks.get(endSlot) ?? 0, peak));
      at += (end - i) / 8;
    }
    this.queueEndMs = at;
  }

  /** The agent sent `clear` at `nowMs`: audio queued after it never plays. */
  cleared(nowMs: number): void {
    for (const slot of this.farPeaks.keys())
      if (slot * FRAME_MS >= nowMs) this.farPeaks.delete(slot);
    this.queueEndMs = nowMs;
  }

  /** The inbound frame ending at `endMs`, or silence when it is only the agent's echo. */
  filter(frame: Uint8Array, endMs: number): Uint8Array {
    const startMs = endMs - (frame.length / FRAME_SAMPLES) * FRAME_MS;
    const level = rmsDbfs(mulawDecode(frame));
    this.floorDb = level < this.floorDb ? level : this.floorDb + 0.02;
    const far = this.farPeak(startMs - this.options.tailMs, endMs);
    if (far === 0 || endMs <= this.passUntilMs) return frame;
    let near = 0;
    for (const b of frame) near = Math.max(near, Math.abs(decodeMulawSample(b)));
    if (near > this.margin * far) {
      this.passUntilMs = endMs + this.options.hangoverMs;
      return frame;
    }
    // Only the agent is talking: this frame is what its echo looks like on this line.
    this.echoRatios[this.echoFrames++ % ECHO_WINDOW_FRAMES] = near / far;
    this.suppressedFrames++;
    return frame.length === FRAME_SAMPLES
      ? comfortFrame(this.floorDb, this.suppressedFrames)
      : new Uint8Array(frame.length).fill(MULAW_SILENCE);
  }

  private farPeak(fromMs: number, toMs: number): number {
    let peak = 0;
    const last = Math.floor((toMs - 0.001) / FRAME_MS);
    for (let slot = Math.floor(fromMs / FRAME_MS); slot <= last; slot++)
      peak = Math.max(peak, this.farPeaks.get(slot) ?? 0);
    // Forget what is too old to echo any more.
    const oldest = Math.floor((fromMs - this.options.tailMs) / FRAME_MS);
    if (this.farPeaks.size > 4 * Math.ceil(this.options.tailMs / FRAME_MS))
      for (const slot of this.farPeaks.keys()) if (slot < oldest) this.farPeaks.delete(slot);
    return peak;
  }
}
