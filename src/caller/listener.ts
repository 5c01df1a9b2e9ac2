/**
 * Hears the agent the way the caller does: runs voice activity detection over the audio as it
 * leaves the playback buffer, 20 ms at a time, and reports speech segments with sample
 * precision, by the same rule `voicedExtent` (src/audio/level.ts) applies to the caller's own
 * clips, so both ends of a latency are measured alike:
 *
 * 1. A frame is speech when the VAD says so and it holds an audible sample; `minSpeechFrames`
 *    of them in a row confirm a segment, `hangoverFrames` of non-speech end it.
 * 2. The segment's region grows over adjacent loud frames (RMS at the audible threshold; the VAD
 *    misses unvoiced word edges), at most `maxExtendFrames` each side, plus one margin frame.
 * 3. Its first and last audible samples in that region are the onset and the end.
 *
 * This is why latency is measured on what was heard rather than on bytes received: agents
 * prepend silence, send faster than real time, or queue audio behind earlier audio.
 */
import { FRAME_SAMPLES } from '../audio/constants.ts';
import { AUDIBLE_THRESHOLD_DBFS, dbfsToAmplitude } from '../audio/level.ts';
import { mulawDecodeInto } from '../audio/mulaw.ts';
import type { Vad } from '../audio/vad.ts';

export interface ListenerOptions {
  /** Consecutive speech frames that confirm a segment (guards against clicks). */
  minSpeechFrames: number;
  /** Consecutive non-speech frames that end a segment. */
  hangoverFrames: number;
  /** How far a segment's region may grow over adjacent loud frames, each side. */
  maxExtendFrames: number;
}

export const DEFAULT_LISTENER_OPTIONS: ListenerOptions = {
  minSpeechFrames: 2,
  hangoverFrames: 15,
  maxExtendFrames: 10,
};

export interface ListenerEvents {
  /** `sample`: the first audible sample of the segment. */
  onSpeechStarted(sample: number): void;
  /** `sample`: one past the last audible sample of the segment. */
  onSpeechEnded(sample: number): void;
}

/** What is kept of each heard frame. */
interface FrameInfo {
  startSample: number;
  speech: boolean;
  loud: boolean;
  firstAudible: number; // absolute sample index, -1 when none
  lastAudible: number;
}

const AUDIBLE_AMPLITUDE = Math.round(dbfsToAmplitude(AUDIBLE_THRESHOLD_DBFS));
/** Mean square of a frame at the audible threshold: a frame at least this loud is "loud". */
const LOUD_MEAN_SQUARE = dbfsToAmplitude(AUDIBLE_THRESHOLD_DBFS) ** 2;
const SILENT: Omit<FrameInfo, 'startSample'> = {
  speech: false,
  loud: false,
  firstAudible: -1,
  lastAudible: -1,
};

export class Listener {
  private readonly pcm = new Int16Array(FRAME_SAMPLES);
  /** Recent frames, oldest first: enough to look back past a confirmation, or ahead of a segment's last speech frame. */
  private readonly recent: FrameInfo[] = [];
  private readonly keep: number;
  private speechRun = 0;
  private silenceRun = 0;
  private inSpeech = false;
  private lastAudible = -1;

  constructor(
    private readonly vad: Vad,
    private readonly events: ListenerEvents,
    private readonly options: ListenerOptions = DEFAULT_LISTENER_OPTIONS,
  ) {
    this.keep = Math.max(
      options.minSpeechFrames + options.maxExtendFrames + 1,
      options.hangoverFrames + 1,
    );
  }

  get speaking(): boolean {
    return this.inSpeech;
  }

  /**
   * Feeds one heard 20 ms frame (mu-law) starting at `startSample`. `hadAudio` false means
   * nothing played during it (the buffer was empty), which skips decoding and VAD.
   */
  pushFrame(startSample: number, mulaw: Uint8Array, hadAudio: boolean): void {
    const info: FrameInfo = hadAudio
      ? this.analyze(startSample, mulaw)
      : { startSample, ...SILENT };
    this.recent.push(info);
    if (this.recent.length > this.keep) this.recent.shift();
    if (this.inSpeech) this.continueSegment(info);
    else this.awaitSegment(info);
  }

  /** Ends an open segment (the call is over), so every start has an end. */
  flush(): void {
    if (this.inSpeech) this.endSegment(this.recent.length - 1 - this.silenceRun);
  }

  private analyze(startSample: number, mulaw: Uint8Array): FrameInfo {
    const pcm = this.pcm;
    mulawDecodeInto(mulaw, pcm, 0);
    let firstAudible = -1;
    let lastAudible = -1;
    let sumSquares = 0;
    for (let i = 0; i < FRAME_SAMPLES; i++) {
      const v = pcm[i];
      sumSquares += v * v;
      if (v >= AUDIBLE_AMPLITUDE || v <= -AUDIBLE_AMPLITUDE) {
        if (firstAudible < 0) firstAudible = startSample + i;
        lastAudible = startSample + i;
      }
    }
    // WebRTC VAD calls quiet frames speech at times (from a fresh state, the first frames of any
    // steady sound): a frame only counts as speech when it is also audible.
    const speech = this.vad.isSpeech(pcm) && firstAudible >= 0;
    return {
      startSample,
      speech,
      loud: sumSquares / FRAME_SAMPLES >= LOUD_MEAN_SQUARE,
      firstAudible,
      lastAudible,
    };
  }

  private awaitSegment(info: FrameInfo): void {
    if (!info.speech) {
      this.speechRun = 0;
      return;
    }
    this.speechRun++;
    if (this.speechRun < this.options.minSpeechFrames) return;
    const recent = this.recent;
    let first = recent.length - this.speechRun; // the run's first speech frame
    for (let n = 0; n < this.options.maxExtendFrames && first > 0 && recent[first - 1].loud; n++)
      first--;
    const from = Math.max(0, first - 1); // one margin frame
    let onset = -1;
    for (let i = from; i < recent.length && onset < 0; i++) onset = recent[i].firstAudible;
    this.lastAudible = Math.max(onset, ...recent.slice(from).map((f) => f.lastAudible));
    this.inSpeech = true;
    this.silenceRun = 0;
    this.speechRun = 0;
    this.events.onSpeechStarted(onset);
  }

  private continueSegment(info: FrameInfo): void {
    if (info.speech) {
      this.silenceRun = 0;
      if (info.lastAudible > this.lastAudible) this.lastAudible = info.lastAudible;
      return;
    }
    this.silenceRun++;
    if (this.silenceRun >= this.options.hangoverFrames)
      this.endSegment(this.recent.length - 1 - this.silenceRun);
  }

  /** Ends the segment whose last speech frame is recent[lastSpeech]. */
  private endSegment(lastSpeech: number): void {
    const recent = this.recent;
    let last = lastSpeech;
    for (
      let n = 0;
      n < this.options.maxExtendFrames && last + 1 < recent.length && recent[last + 1].loud;
      n++
    )
      last++;
    const to = Math.min(recent.length - 1, last + 1); // one margin frame
    for (let i = Math.max(0, lastSpeech); i <= to; i++)
      if (recent[i].lastAudible > this.lastAudible) this.lastAudible = recent[i].lastAudible;
    this.inSpeech = false;
    this.silenceRun = 0;
    this.events.onSpeechEnded(this.lastAudible + 1);
  }
}
