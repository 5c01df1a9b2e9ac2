/**
 * Is there speech in this audio at all? A gate in front of the embedded recognizer: a grammar
 * recognizer given a tone, DTMF, music or noise still picks the likeliest words of its grammar
 * (it "heard" the word "a" in a pure tone). Speech, unlike those, is made of frames that are
 * - harmonic: voiced, with a pitch (normalized autocorrelation peak at a lag of 2.5–16 ms);
 * - not tonal: its energy is spread over many harmonics and formants, not one or two sinusoids
 *   (tones, DTMF, dial and busy tones, most music notes);
 * - not flat: a shaped spectrum, unlike white or line noise;
 * and a run of them long enough to be a syllable. Babble (several talkers at once) has such
 * frames too, but few: overlapping voices blur each other's pitch, so a share of speech-like
 * frames is required as well.
 * Thresholds were tuned on flite voices (kal, slt, awb, rms), AN4 and FSDD recordings against
 * tones (200–3000 Hz), DTMF, white noise and 4–8-talker babble: 73 of 77 speech clips pass (the
 * misses are single short words), no non-speech signal does (speech-gate.test.ts).
 */
import FFT from 'fft.js';
import { AUDIBLE_THRESHOLD_DBFS, dbfsToAmplitude } from './level.ts';

const RATE = 8000;
const WINDOW = 256; // 32 ms
const HOP = 160; // 20 ms
const MIN_LAG = Math.round(RATE / 400);
const MAX_LAG = Math.round(RATE / 62.5);
const BIN_HZ = RATE / WINDOW;
// Telephone band, where flatness is measured; tones are looked for from 60 Hz up.
const LOW_BIN = Math.ceil(200 / BIN_HZ);
const HIGH_BIN = Math.floor(3400 / BIN_HZ);
const TONE_LOW_BIN = Math.ceil(60 / BIN_HZ);
const TONE_HIGH_BIN = Math.floor(3800 / BIN_HZ);

export interface GateThresholds {
  /** A frame is harmonic when its autocorrelation peak in the pitch range reaches this. */
  harmonicity: number;
  /** …and not tonal: the two strongest spectral peaks (±1 bin) hold less than this share of the energy. */
  maxPeakShare: number;
  /** …and not flat: spectral flatness (geometric / arithmetic mean power) below this. */
  maxFlatness: number;
  /** Consecutive speech-like frames (20 ms apart) a segment needs somewhere: a syllable's worth. */
  minRun: number;
  /** …and the share of its audible frames that are speech-like. */
  minShare: number;
  /**
   * …and a level that comes and goes: the loud end (95th percentile of 20 ms frame levels) this
   * many dB above the quiet end (20th). A talker pauses between syllables and words; a crowd's
   * babble, a tone or a hiss does not.
   */
  minRangeDb: number;
}

export const DEFAULT_GATE: Readonly<GateThresholds> = {
  harmonicity: 0.8,
  maxPeakShare: 0.985,
  maxFlatness: 0.3,
  minRun: 3,
  minShare: 0.15,
  minRangeDb: 12,
};

export interface FrameFeatures {
  harmonicity: number;
  peakShare: number;
  flatness: number;
}

export interface GateVerdict {
  speech: boolean;
  /** Speech-like frames found, of `loudFrames` audible ones. */
  speechFrames: number;
  loudFrames: number;
  rangeDb: number;
}

const LOUD_MEAN_SQUARE = dbfsToAmplitude(AUDIBLE_THRESHOLD_DBFS) ** 2;

/** 95th minus 20th percentile of the 20 ms frame levels, in dB. */
function levelRangeDb(pcm: Int16Array): number {
  const levels: number[] = [];
  for (let at = 0; at + HOP <= pcm.length; at += HOP) {
    let e = 0;
    for (let i = at; i < at + HOP; i++) e += pcm[i] * pcm[i];
    levels.push(10 * Math.log10(e / HOP + 1));
  }
  if (levels.length === 0) return 0;
  levels.sort((a, b) => a - b);
  const at = (q: number): number => levels[Math.floor(q * (levels.length - 1))] ?? 0;
  return at(0.95) - at(0.2);
}

export class SpeechGate {
  private readonly fft = new FFT(WINDOW);
  private readonly spectrum = this.fft.createComplexArray();
  private readonly frame = new Float64Array(WINDOW);
  private readonly hann = Float64Array.from(
    { length: WINDOW },
    (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (WINDOW - 1)),
  );
  private readonly windowed = new Float64Array(WINDOW);

  constructor(private readonly thresholds: GateThresholds = DEFAULT_GATE) {}

  /** Whether 8 kHz `pcm` holds speech. */
  check(pcm: Int16Array): GateVerdict {
    const t = this.thresholds;
    let speechFrames = 0;
    let loudFrames = 0;
    let run = 0;
    let bestRun = 0;
    for (let at = 0; at + WINDOW <= pcm.length; at += HOP) {
      const f = this.features(pcm, at);
      if (f === null) {
        run = 0;
        continue;
      }
      loudFrames++;
      if (
        f.harmonicity >= t.harmonicity &&
        f.peakShare < t.maxPeakShare &&
        f.flatness < t.maxFlatness
      ) {
        speechFrames++;
        bestRun = Math.max(bestRun, ++run);
      } else {
        run = 0;
      }
    }
    // A syllable's worth of consecutive speech-like frames (scattered hits in noise do not add up),
    // enough of them overall, and a level that rises and falls as one talker's does.
    const rangeDb = levelRangeDb(pcm);
    const speech =
      bestRun >= t.minRun && speechFrames >= t.minShare * loudFrames && rangeDb >= t.minRangeDb;
    return { speech, speechFrames, loudFrames, rangeDb };
  }

  /** The frame at `at`'s features, or null when it is below the audible level. */
  features(pcm: Int16Array, at: number): FrameFeatures | null {
    const x = this.frame;
    let energy = 0;
    let mean = 0;
    for (let i = 0; i < WINDOW; i++) mean += pcm[at + i];
    mean /= WINDOW;
    for (let i = 0; i < WINDOW; i++) {
      const v = pcm[at + i] - mean;
      x[i] = v;
      energy += v * v;
    }
    if (energy / WINDOW < LOUD_MEAN_SQUARE) return null;
    return { harmonicity: this.harmonicity(x), ...this.spectralShape(x) };
  }

  /** Peak normalized autocorrelation over pitch lags. */
  private harmonicity(x: Float64Array): number {
    let best = 0;
    for (let lag = MIN_LAG; lag <= MAX_LAG; lag++) {
      let xy = 0;
      let xx = 0;
      let yy = 0;
      for (let i = 0; i + lag < WINDOW; i++) {
        const a = x[i];
        const b = x[i + lag];
        xy += a * b;
        xx += a * a;
        yy += b * b;
      }
      const r = xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : 0;
      if (r > best) best = r;
    }
    return best;
  }

  private spectralShape(x: Float64Array): { peakShare: number; flatness: number } {
    const w = this.windowed;
    for (let i = 0; i < WINDOW; i++) w[i] = x[i] * this.hann[i];
    this.fft.realTransform(this.spectrum, w);
    const s = this.spectrum;
    const power = (k: number): number => s[2 * k] * s[2 * k] + s[2 * k + 1] * s[2 * k + 1];
    let total = 0;
    let bandTotal = 0;
    let logSum = 0;
    let first = { k: -1, p: -1 };
    let second = { k: -1, p: -1 };
    for (let k = TONE_LOW_BIN; k <= TONE_HIGH_BIN; k++) {
      const p = power(k);
      total += p;
      if (k >= LOW_BIN && k <= HIGH_BIN) {
        bandTotal += p;
        logSum += Math.log(p + 1e-9);
      }
      const local = k > TONE_LOW_BIN && k < TONE_HIGH_BIN && p >= power(k - 1) && p >= power(k + 1);
      if (!local) continue;
      if (p > first.p) {
        second = first;
        first = { k, p };
      } else if (p > second.p) second = { k, p };
    }
    const n = HIGH_BIN - LOW_BIN + 1;
    if (total <= 0 || bandTotal <= 0) return { peakShare: 0, flatness: 1 };
    const around = (k: number): number => (k < 0 ? 0 : power(k - 1) + power(k) + power(k + 1));
    const peakShare =
      (around(first.k) + (Math.abs(second.k - first.k) > 2 ? around(second.k) : 0)) / total;
    const flatness = Math.exp(logSum / n) / (bandTotal / n);
    return { peakShare, flatness };
  }
}
