import { describe, expect, test } from 'vitest';
import wavefilePkg from 'wavefile';
import {
  decodeMulawSample,
  encodeMulawSample,
  mulawDecode,
  mulawDecodeInto,
  mulawEncode,
} from './mulaw.ts';

const { WaveFile } = wavefilePkg;
const ALL_CODES = Uint8Array.from({ length: 256 }, (_, i) => i);
const ALL_SAMPLES = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);

describe('G.711 mu-law', () => {
  test('decodes the G.711 reference points', () => {
    expect(decodeMulawSample(0xff)).toBe(0); // positive zero
    expect(decodeMulawSample(0x7f)).toBe(0); // negative zero
    expect(decodeMulawSample(0x80)).toBe(32124); // largest positive
    expect(decodeMulawSample(0x00)).toBe(-32124); // largest negative
    expect(decodeMulawSample(0xfe)).toBe(8); // smallest step of segment 0
    expect(decodeMulawSample(0xef)).toBe(132); // start of segment 1
    expect(decodeMulawSample(0xce)).toBe(988);
    expect(decodeMulawSample(0x4e)).toBe(-988);
  });

  test('encodes the G.711 reference points', () => {
    expect(encodeMulawSample(0)).toBe(0xff);
    expect(encodeMulawSample(-1)).toBe(0x7f);
    expect(encodeMulawSample(32767)).toBe(0x80);
    expect(encodeMulawSample(-32768)).toBe(0x00);
    expect(encodeMulawSample(1000)).toBe(0xce);
    expect(encodeMulawSample(-1000)).toBe(0x4e);
    // Out-of-range and fractional input is clamped / truncated, never wrapped.
    expect(encodeMulawSample(100000)).toBe(0x80);
    expect(encodeMulawSample(-100000)).toBe(0x00);
    expect(encodeMulawSample(1000.7)).toBe(0xce);
  });

  // wavefile embeds alawmulaw's codec, which decodes bit-identically to sox: an independent oracle.
  test('matches alawmulaw (via wavefile) on all 256 codes and all 65536 samples', () => {
    const dec = new WaveFile();
    dec.fromScratch(1, 8000, '8m', ALL_CODES);
    dec.fromMuLaw('16');
    expect(Array.from(mulawDecode(ALL_CODES))).toEqual(
      Array.from(dec.getSamples(false, Int16Array)),
    );

    const enc = new WaveFile();
    enc.fromScratch(1, 8000, '16', ALL_SAMPLES);
    enc.toMuLaw();
    const expected = enc.getSamples(false, Uint8Array);
    const actual = mulawEncode(ALL_SAMPLES);
    let mismatches = 0;
    for (let i = 0; i < actual.length; i++) if (actual[i] !== expected[i]) mismatches++;
    expect(mismatches).toBe(0);
  });

  test('array and single-sample functions agree', () => {
    const encoded = mulawEncode(ALL_SAMPLES);
    for (let i = 0; i < ALL_SAMPLES.length; i += 97)
      expect(encoded[i]).toBe(encodeMulawSample(ALL_SAMPLES[i]));
    const decoded = mulawDecode(ALL_CODES);
    for (let b = 0; b < 256; b++) expect(decoded[b]).toBe(decodeMulawSample(b));
  });

  test('re-encoding a decoded code gives the code back (except negative zero)', () => {
    for (let b = 0; b < 256; b++)
      expect(encodeMulawSample(decodeMulawSample(b))).toBe(b === 0x7f ? 0xff : b);
  });

  test('round trip keeps ~38 dB SNR on a -10 dBFS tone and error within half a step', () => {
    const n = 8000;
    const pcm = new Int16Array(n);
    for (let i = 0; i < n; i++)
      pcm[i] = Math.round(10362 * Math.sin((2 * Math.PI * 1004 * i) / 8000));
    const back = mulawDecode(mulawEncode(pcm));
    let signal = 0;
    let error = 0;
    for (let i = 0; i < n; i++) {
      signal += pcm[i] ** 2;
      error += (pcm[i] - back[i]) ** 2;
    }
    const snrDb = 10 * Math.log10(signal / error);
    expect(snrDb).toBeGreaterThan(35);
    expect(snrDb).toBeLessThan(42); // 8-bit companding cannot do better; catches a pass-through bug
  });

  test('mulawDecodeInto writes at the offset without touching the rest', () => {
    const out = new Int16Array(6).fill(7);
    mulawDecodeInto(Uint8Array.of(0x80, 0x00, 0xce), out, 2);
    expect(Array.from(out)).toEqual([7, 7, 32124, -32124, 988, 7]);
    expect(() => mulawDecodeInto(new Uint8Array(5), out, 2)).toThrow(RangeError);
  });
});
