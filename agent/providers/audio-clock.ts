/**
 * Relates positions in the caller's inbound audio (ms of audio received) to wall-clock time on
 * this machine, so a recognizer's "speech ended at 12 340 ms of audio" becomes "speech ended at
 * performance.now() = …" for stage timings. Inbound media arrives in real time, 20 ms a frame;
 * the earliest arrival relative to its audio position is the best estimate of the offset
 * (later arrivals include network and event-loop delay).
 */
export class AudioClock {
  private audioMs = 0;
  private offsetMs = Infinity; // wall time minus audio time, at its minimum

  /** Records a 20 ms frame arriving now; returns the audio position of its end. */
  frameArrived(nowMs: number, frameMs = 20): number {
    this.audioMs += frameMs;
    this.offsetMs = Math.min(this.offsetMs, nowMs - this.audioMs);
    return this.audioMs;
  }

  get receivedAudioMs(): number {
    return this.audioMs;
  }

  /** The wall time at which the caller's audio position `audioMs` happened; NaN before any audio. */
  wallTime(audioMs: number): number {
    return Number.isFinite(this.offsetMs) ? audioMs + this.offsetMs : NaN;
  }
}
