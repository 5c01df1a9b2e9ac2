/**
 * Resampling speed and quality: 60 s from each common rate to 8 kHz, with the level of a 1 kHz
 * (pass) and a 5 kHz (must be cut) tone after conversion; wavefile's cubic+LPF for comparison.
 *   npx tsx bench/audio-resample.ts
 */
import wavefilePkg from 'wavefile';
import { rmsDbfs } from '../src/audio/level.ts';
import { resample } from '../src/audio/resample.ts';

const { WaveFile } = wavefilePkg;
const SECONDS = 60;

function tone(hz: number, rate: number, seconds: number): Int16Array {
  const out = new Int16Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++)
    out[i] = Math.round(10000 * Math.sin((2 * Math.PI * hz * i) / rate));
  return out;
}
const gainDb = (x: Int16Array, input: Int16Array): number =>
  rmsDbfs(x, 800, x.length - 800) - rmsDbfs(input);

console.log(`Resampling ${SECONDS} s to 8 kHz (Node ${process.version})`);
for (const rate of [11025, 16000, 22050, 24000, 44100, 48000]) {
  const input = tone(1000, rate, SECONDS);
  resample(input.subarray(0, rate), rate, 8000); // build the filter once, as real use does
  const start = performance.now();
  resample(input, rate, 8000);
  const ms = performance.now() - start;
  const pass = gainDb(resample(tone(1000, rate, 1), rate, 8000), tone(1000, rate, 1));
  const cut =
    rate > 10000 ? gainDb(resample(tone(5000, rate, 1), rate, 8000), tone(5000, rate, 1)) : NaN;
  console.log(
    `  ${String(rate).padStart(5)} Hz → 8 kHz: ${ms.toFixed(0).padStart(4)} ms   1 kHz ${pass.toFixed(2)} dB   5 kHz ${Number.isNaN(cut) ? '  n/a' : cut.toFixed(1)} dB`,
  );
}

const input = tone(1000, 22050, SECONDS);
const start = performance.now();
const w = new WaveFile();
w.fromScratch(1, 22050, '16', input);
w.toSampleRate(8000, { method: 'cubic', LPF: true });
console.log(
  `  wavefile cubic+LPF 22050 Hz → 8 kHz: ${(performance.now() - start).toFixed(0)} ms (for comparison)`,
);
