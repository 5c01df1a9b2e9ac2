/**
 * mu-law and WAV speed on 60 s of 8 kHz speech-like audio: our table codec vs the per-sample
 * formula (what alawmulaw / wavefile run) and vs wavefile's whole-file path.
 *   npx tsx bench/audio-codec.ts
 */
import wavefilePkg from 'wavefile';
import { mulawDecode, mulawDecodeInto, mulawEncode } from '../src/audio/mulaw.ts';
import { lineNoise } from '../src/audio/noise.ts';
import { readWavAs8kMono, writeMulawWav, writePcmWav } from '../src/audio/wav.ts';

const { WaveFile } = wavefilePkg;
const SECONDS = 60;
const pcm = lineNoise(8000 * SECONDS, -20, 1);
const mulaw = mulawEncode(pcm);

/** Median wall time of `runs` calls, in ms. */
function time(runs: number, fn: () => unknown): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

// The classic per-sample G.711 formulas, written out, for comparison with the tables.
function formulaEncode(x: Int16Array): Uint8Array {
  const out = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) {
    let s = x[i];
    const sign = s < 0 ? 0x80 : 0;
    if (sign) s = -s;
    s = Math.min(s, 32635) + 0x84;
    const exponent = 31 - Math.clz32(s >> 7);
    out[i] = ~(sign | (exponent << 4) | ((s >> (exponent + 3)) & 0x0f)) & 0xff;
  }
  return out;
}
function formulaDecode(b: Uint8Array): Int16Array {
  const out = new Int16Array(b.length);
  for (let i = 0; i < b.length; i++) {
    const u = ~b[i] & 0xff;
    const e = (u >> 4) & 7;
    const m = ((((u & 0x0f) << 3) + 0x84) << e) - 0x84;
    out[i] = u & 0x80 ? -m : m;
  }
  return out;
}

const rows: [string, number][] = [];
rows.push(['mulawEncode (table)', time(20, () => mulawEncode(pcm))]);
rows.push(['mulawEncode (formula per sample)', time(20, () => formulaEncode(pcm))]);
rows.push(['mulawDecode (table)', time(20, () => mulawDecode(mulaw))]);
rows.push(['mulawDecode (formula per sample)', time(20, () => formulaDecode(mulaw))]);
const frame = new Int16Array(160);
rows.push([
  'mulawDecodeInto, 3000 frames of 160 (no allocation)',
  time(20, () => {
    for (let offset = 0; offset < mulaw.length; offset += 160)
      mulawDecodeInto(mulaw.subarray(offset, offset + 160), frame, 0);
  }),
]);
rows.push([
  'wavefile toMuLaw (16-bit → mu-law file)',
  time(5, () => {
    const w = new WaveFile();
    w.fromScratch(1, 8000, '16', pcm);
    w.toMuLaw();
  }),
]);

const pcmWav = writePcmWav(pcm, 8000);
const mulawWav = writeMulawWav(mulaw);
const stereo44 = new Int16Array(44100 * SECONDS * 2);
for (let i = 0; i < stereo44.length; i++) stereo44[i] = pcm[(i >> 1) % pcm.length];
const stereo44Wav = writePcmWav(stereo44, 44100, 2);
rows.push(['writePcmWav 8 kHz mono', time(10, () => writePcmWav(pcm, 8000))]);
rows.push(['readWavAs8kMono 8 kHz 16-bit', time(10, () => readWavAs8kMono(pcmWav))]);
rows.push(['readWavAs8kMono 8 kHz mu-law', time(10, () => readWavAs8kMono(mulawWav))]);
rows.push([
  'readWavAs8kMono 44.1 kHz stereo 16-bit (incl. resampling)',
  time(3, () => readWavAs8kMono(stereo44Wav)),
]);
rows.push([
  'wavefile read 44.1 kHz stereo 16-bit (no resampling)',
  time(3, () => new WaveFile(stereo44Wav).getSamples(true, Int16Array)),
]);

console.log(`Audio codec speed on ${SECONDS} s of audio (median ms, Node ${process.version})`);
for (const [name, ms] of rows) console.log(`  ${name.padEnd(62)} ${ms.toFixed(2).padStart(8)} ms`);
