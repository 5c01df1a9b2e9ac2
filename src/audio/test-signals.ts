/**
 * Non-speech test signals at 8 kHz: tones, DTMF, white noise and babble, for the speech gate's
 * tests and the transcriber's (what a line can carry that is not a person talking).
 */
import { dbfsToAmplitude } from './level.ts';
import { mulberry32 } from './prng.ts';

const RATE = 8000;

/** A sine at `hz`, `ms` long, peak at `dbfs`. */
export function tone(hz: number, ms: number, dbfs: number): Int16Array {
  const a = dbfsToAmplitude(dbfs);
  return Int16Array.from({ length: (ms * RATE) / 1000 }, (_, i) =>
    Math.round(a * Math.sin((2 * Math.PI * hz * i) / RATE)),
  );
}

const DTMF_ROWS = [697, 770, 852, 941];
const DTMF_COLS = [1209, 1336, 1477];
const KEYS = '123456789*0#';

/** Keys as telephones send them: both tones for 100 ms, 100 ms apart; each tone peaks at `dbfs`. */
export function dtmf(keys: string, dbfs: number): Int16Array {
  const a = dbfsToAmplitude(dbfs);
  const per = 0.1 * RATE;
  const out = new Int16Array(keys.length * 2 * per);
  [...keys].forEach((key, n) => {
    const i = KEYS.indexOf(key);
    if (i < 0) throw new Error(`not a DTMF key: ${key}`);
    const [low, high] = [DTMF_ROWS[Math.floor(i / 3)] ?? 0, DTMF_COLS[i % 3] ?? 0];
    for (let j = 0; j < per; j++)
      out[n * 2 * per + j] = Math.round(
        a * (Math.sin((2 * Math.PI * low * j) / RATE) + Math.sin((2 * Math.PI * high * j) / RATE)),
      );
  });
  return out;
}

/** Uniform white noise, `ms` long, RMS at `dbfs`. */
export function whiteNoise(ms: number, dbfs: number, seed: number): Int16Array {
  const next = mulberry32(seed);
  const peak = dbfsToAmplitude(dbfs) * Math.sqrt(3); // uniform on [-p, p] has RMS p/√3
  return Int16Array.from({ length: (ms * RATE) / 1000 }, () => Math.round((next() * 2 - 1) * peak));
}

/** `talkers` clips summed, each starting a little later (as a crowd), scaled to stay in range. */
export function babble(clips: readonly Int16Array[], talkers: number): Int16Array {
  const used = Array.from(
    { length: talkers },
    (_, i) => clips[i % clips.length] ?? new Int16Array(0),
  );
  const length = Math.max(...used.map((c, i) => c.length + i * 137));
  const sum = new Float64Array(length);
  used.forEach((c, i) => c.forEach((v, j) => (sum[j + i * 137] += v)));
  const peak = Math.max(1, ...sum.map(Math.abs));
  const scale = Math.min(1, 20000 / peak);
  // The crowd's steady middle: where every talker is speaking at once.
  const from = (talkers - 1) * 137;
  const to = Math.min(...used.map((c, i) => c.length + i * 137));
  return Int16Array.from(sum.subarray(from, Math.max(from + 1, to)), (v) => Math.round(v * scale));
}
