import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import wavefilePkg from 'wavefile';
import { mulawEncode } from './mulaw.ts';
import {
  interleaveStereo,
  readWavAs8kMono,
  WavFormatError,
  writeMulawWav,
  writePcmWav,
} from './wav.ts';

const { WaveFile } = wavefilePkg;

function wavefileBytes(
  channels: number,
  rate: number,
  bitDepth: string,
  samples: ArrayLike<number>,
): Uint8Array {
  const w = new WaveFile();
  w.fromScratch(channels, rate, bitDepth, Array.from(samples));
  return w.toBuffer();
}

/** Expects `fn` to throw a WavFormatError whose message names the file and matches `what`. */
function expectWavError(fn: () => unknown, what: RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WavFormatError);
    expect((error as Error).message).toMatch(/^calls\/a\.wav: /);
    expect((error as Error).message).toMatch(what);
    return;
  }
  throw new Error('expected a WavFormatError');
}

describe('readWavAs8kMono at 8 kHz (exact values, files written by wavefile)', () => {
  const values16 = [0, 1000, -1000, 32767, -32768, 12345];
  test.each([
    ['8', 'pcm_u8', [128, 136, 120, 255, 0], [0, 2048, -2048, 32512, -32768]],
    ['16', 'pcm_s16le', values16, values16],
    ['24', 'pcm_s24le', [0, 256000, -256000, 8388607, -8388608], [0, 1000, -1000, 32767, -32768]],
    ['32', 'pcm_s32le', [0, 65536000, -65536000, -2147483648], [0, 1000, -1000, -32768]],
    ['32f', 'pcm_f32le', [0, 0.5, -0.5, 1, -1, 2], [0, 16384, -16384, 32767, -32768, 32767]],
    ['64', 'pcm_f64le', [0, 0.25, -0.25], [0, 8192, -8192]],
  ])('bit depth %s → %s', (bitDepth, format, input, expected) => {
    const decoded = readWavAs8kMono(wavefileBytes(1, 8000, bitDepth, input), 'x.wav');
    expect(decoded.sourceFormat).toBe(format);
    expect(decoded.sourceRate).toBe(8000);
    expect(decoded.sourceChannels).toBe(1);
    expect(Array.from(decoded.samples)).toEqual(expected);
  });

  test('mu-law (wavefile-encoded) decodes to the G.711 values', () => {
    const w = new WaveFile();
    w.fromScratch(1, 8000, '16', [0, 1000, -1000, 32767]);
    w.toMuLaw();
    const decoded = readWavAs8kMono(w.toBuffer());
    expect(decoded.sourceFormat).toBe('mulaw');
    expect(Array.from(decoded.samples)).toEqual([0, 988, -988, 32124]);
  });

  test('stereo is averaged to mono', () => {
    const decoded = readWavAs8kMono(
      writePcmWav(Int16Array.of(1000, -200, 30000, 30000, -7, 0), 8000, 2),
    );
    expect(decoded.sourceChannels).toBe(2);
    expect(Array.from(decoded.samples)).toEqual([400, 30000, -3]); // -3.5 rounds to nearest (half up)
  });
});

describe('readWavAs8kMono resamples other rates to 8 kHz', () => {
  test.each([11025, 16000, 22050, 24000, 44100, 48000])('%i Hz stereo 1 kHz tone', (rate) => {
    const seconds = 0.5;
    const n = rate * seconds;
    const left = new Int16Array(n);
    for (let i = 0; i < n; i++)
      left[i] = Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / rate));
    const decoded = readWavAs8kMono(writePcmWav(interleaveStereo(left, left), rate, 2));
    expect(decoded.sourceRate).toBe(rate);
    expect(decoded.samples.length).toBe(4000);
    // Same tone at 8 kHz: compare against the ideal in the middle (edges see the zero padding).
    let maxError = 0;
    for (let i = 500; i < 3500; i++)
      maxError = Math.max(
        maxError,
        Math.abs(decoded.samples[i] - 8000 * Math.sin((2 * Math.PI * 1000 * i) / 8000)),
      );
    expect(maxError).toBeLessThan(40); // 0.5% of the amplitude
  });
});

describe('writers', () => {
  test('writePcmWav round-trips and is readable by wavefile', () => {
    const samples = Int16Array.from({ length: 1001 }, (_, i) => ((i * 37) % 30000) - 15000);
    const bytes = writePcmWav(samples, 8000);
    expect(bytes.length).toBe(44 + 2002);
    expect(Array.from(readWavAs8kMono(bytes).samples)).toEqual(Array.from(samples));
    const w = new WaveFile(bytes);
    expect(w.fmt).toMatchObject({
      audioFormat: 1,
      numChannels: 1,
      sampleRate: 8000,
      bitsPerSample: 16,
    });
    expect(Array.from(w.getSamples(false, Int16Array))).toEqual(Array.from(samples));
  });

  test('writePcmWav stereo is readable by wavefile as two channels', () => {
    const stereo = interleaveStereo(Int16Array.of(1, 2, 3), Int16Array.of(-1));
    expect(Array.from(stereo)).toEqual([1, -1, 2, 0, 3, 0]);
    const w = new WaveFile(writePcmWav(stereo, 16000, 2));
    expect(w.fmt).toMatchObject({
      numChannels: 2,
      sampleRate: 16000,
      blockAlign: 4,
      byteRate: 64000,
    });
    const channels = w.getSamples(false, Int16Array) as unknown as Int16Array[];
    expect(Array.from(channels[0])).toEqual([1, 2, 3]);
    expect(Array.from(channels[1])).toEqual([-1, 0, 0]);
    expect(() => writePcmWav(Int16Array.of(1, 2, 3), 8000, 2)).toThrow(RangeError);
  });

  test('writeMulawWav wraps raw bytes; wavefile and our reader agree', () => {
    const mulaw = mulawEncode(Int16Array.of(0, 1000, -1000, 32767, 5, 0));
    const bytes = writeMulawWav(mulaw);
    const w = new WaveFile(bytes);
    expect(w.fmt).toMatchObject({
      audioFormat: 7,
      numChannels: 1,
      sampleRate: 8000,
      bitsPerSample: 8,
    });
    expect(Array.from(w.getSamples(false, Uint8Array))).toEqual(Array.from(mulaw));
    expect(Array.from(readWavAs8kMono(bytes).samples)).toEqual([0, 988, -988, 32124, 8, 0]);
    // Odd data length: the RIFF pad byte must not be read as audio.
    expect(readWavAs8kMono(writeMulawWav(mulaw.subarray(0, 3))).samples.length).toBe(3);
  });
});

describe('header parsing', () => {
  /** A WAV from hand-built chunks, so unusual layouts can be tested. */
  function riff(...chunks: [string, Uint8Array][]): Uint8Array {
    const parts: Uint8Array[] = [];
    for (const [id, body] of chunks) {
      const head = new Uint8Array(8);
      head.set(Buffer.from(id, 'latin1'));
      new DataView(head.buffer).setUint32(4, body.length, true);
      parts.push(head, body);
      if (body.length & 1) parts.push(new Uint8Array(1));
    }
    const total = parts.reduce((s, p) => s + p.length, 4);
    const out = Buffer.alloc(8 + total);
    out.write('RIFF', 0, 'latin1');
    out.writeUInt32LE(total, 4);
    out.write('WAVE', 8, 'latin1');
    let offset = 12;
    for (const p of parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return new Uint8Array(out);
  }
  function fmt(
    format: number,
    channels: number,
    rate: number,
    bits: number,
    extra?: Uint8Array,
    blockAlign = (channels * bits) / 8,
  ): Uint8Array {
    const b = Buffer.alloc(16 + (extra ? extra.length : 0));
    b.writeUInt16LE(format, 0);
    b.writeUInt16LE(channels, 2);
    b.writeUInt32LE(rate, 4);
    b.writeUInt32LE(rate * blockAlign, 8);
    b.writeUInt16LE(blockAlign, 12);
    b.writeUInt16LE(bits, 14);
    if (extra) b.set(extra, 16);
    return new Uint8Array(b);
  }
  const pcm16 = (values: number[]): Uint8Array => new Uint8Array(Int16Array.from(values).buffer);

  test('skips unknown and odd-sized chunks before the data', () => {
    const bytes = riff(
      ['LIST', new Uint8Array(5).fill(9)],
      ['fmt ', fmt(1, 1, 8000, 16)],
      ['junk', new Uint8Array(3)],
      ['data', pcm16([5, -5, 300])],
    );
    expect(Array.from(readWavAs8kMono(bytes).samples)).toEqual([5, -5, 300]);
  });

  test('WAVE_FORMAT_EXTENSIBLE uses the format code from the SubFormat GUID', () => {
    const extra = new Uint8Array(24);
    new DataView(extra.buffer).setUint16(0, 22, true); // cbSize
    new DataView(extra.buffer).setUint16(2, 16, true); // valid bits
    new DataView(extra.buffer).setUint16(8, 1, true); // SubFormat: PCM
    const bytes = riff(['fmt ', fmt(0xfffe, 1, 8000, 16, extra)], ['data', pcm16([42, -42])]);
    const decoded = readWavAs8kMono(bytes);
    expect(decoded.sourceFormat).toBe('pcm_s16le');
    expect(Array.from(decoded.samples)).toEqual([42, -42]);
  });

  test('a streaming data size (0xffffffff) means "to the end of the file"', () => {
    const bytes = riff(['fmt ', fmt(1, 1, 8000, 16)], ['data', pcm16([1, 2, 3])]);
    new DataView(bytes.buffer).setUint32(bytes.length - 6 - 4, 0xffffffff, true);
    expect(Array.from(readWavAs8kMono(bytes).samples)).toEqual([1, 2, 3]);
  });

  test('errors name the file and say what is wrong', () => {
    expectWavError(
      () => readWavAs8kMono(new Uint8Array(4), 'calls/a.wav'),
      /not a WAV file: only 4 bytes/,
    );
    expectWavError(
      () =>
        readWavAs8kMono(new TextEncoder().encode('ID3\u0003 this is an mp3 file'), 'calls/a.wav'),
      /not a RIFF\/WAVE file/,
    );
    const full = writePcmWav(new Int16Array(100), 8000);
    expectWavError(
      () => readWavAs8kMono(full.subarray(0, 120), 'calls/a.wav'),
      /truncated: the data chunk declares 200 bytes but only 76 are present/,
    );
    expectWavError(
      () => readWavAs8kMono(full.subarray(0, 36), 'calls/a.wav'),
      /truncated: no "data" chunk/,
    );
    expectWavError(
      () => readWavAs8kMono(full.subarray(0, 30), 'calls/a.wav'),
      /truncated: the "fmt " chunk/,
    );
    expectWavError(
      () => readWavAs8kMono(riff(['data', pcm16([1])]), 'calls/a.wav'),
      /no "fmt " chunk/,
    );
    const adpcm = riff(
      ['fmt ', fmt(0x11, 1, 8000, 4, undefined, 256)],
      ['data', new Uint8Array(512)],
    );
    expectWavError(
      () => readWavAs8kMono(adpcm, 'calls/a.wav'),
      /unsupported codec IMA ADPCM \(format 0x0011\)/,
    );
    expectWavError(
      () =>
        readWavAs8kMono(
          riff(['fmt ', fmt(1, 1, 8000, 12, undefined, 2)], ['data', new Uint8Array(8)]),
          'calls/a.wav',
        ),
      /unsupported PCM bit depth 12/,
    );
    expectWavError(
      () =>
        readWavAs8kMono(
          riff(['fmt ', fmt(1, 2, 8000, 16, undefined, 2)], ['data', new Uint8Array(8)]),
          'calls/a.wav',
        ),
      /block size 2 for 2 channel\(s\) of 16-bit/,
    );
    const error = (() => {
      try {
        readWavAs8kMono(new Uint8Array(4));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(WavFormatError);
    expect((error as WavFormatError).file).toBe('WAV data');
  });
});

const FSDD = '/work/shared/data/fsdd';
const AN4 = '/work/shared/data/an4';
describe.skipIf(!existsSync(FSDD) || !existsSync(AN4))(
  'real recordings (skipped: /work/shared/data/fsdd or an4 absent)',
  () => {
    test('reads FSDD (16-bit PCM) and AN4 (mu-law) files', () => {
      const fsddFile = readdirSync(FSDD).find((n) => n.endsWith('.wav'));
      const an4File = readdirSync(AN4).find((n) => n.endsWith('.wav'));
      expect(fsddFile && an4File).toBeTruthy();
      const digit = readWavAs8kMono(readFileSync(`${FSDD}/${fsddFile}`), fsddFile);
      expect(digit.sourceFormat).toBe('pcm_s16le');
      expect(digit.samples.length).toBeGreaterThan(1000);
      const an4 = readWavAs8kMono(readFileSync(`${AN4}/${an4File}`), an4File);
      expect(an4.sourceFormat).toBe('mulaw');
      expect(an4.sourceRate).toBe(8000);
      expect(an4.samples.length).toBeGreaterThan(4000);
    });
  },
);
