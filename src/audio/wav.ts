/**
 * WAV in and out.
 *
 * Reading is hand-parsed rather than done with `wavefile`: on 60 s of 44.1 kHz stereo wavefile
 * takes ~320 ms to read (~470 ms to write) where a typed-array walk takes a few ms, its errors
 * do not say what is wrong ("Not a supported format."), it accepts truncated files silently, and
 * it hands back mu-law as raw bytes. The tests use wavefile as an independent oracle instead: files
 * it writes in every supported format must decode here to the same values.
 */
import { SAMPLE_RATE } from './constants.ts';
import { mulawDecode } from './mulaw.ts';
import { resample } from './resample.ts';

export class WavFormatError extends Error {
  override readonly name = 'WavFormatError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

export interface DecodedWav {
  /** Mono, 8 kHz, 16-bit. */
  samples: Int16Array;
  sourceRate: number;
  sourceChannels: number;
  /** ffmpeg-style codec name: pcm_u8, pcm_s16le, pcm_s24le, pcm_s32le, pcm_f32le, pcm_f64le, mulaw. */
  sourceFormat: string;
}

const FORMAT_PCM = 1;
const FORMAT_IEEE_FLOAT = 3;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

const FORMAT_NAMES: Record<number, string> = {
  2: 'Microsoft ADPCM',
  6: 'A-law',
  0x11: 'IMA ADPCM',
  0x31: 'GSM 6.10',
  0x55: 'MP3',
};

function fourcc(view: DataView, offset: number): string {
  return String.fromCharCode(
    view.getUint8(offset),
    view.getUint8(offset + 1),
    view.getUint8(offset + 2),
    view.getUint8(offset + 3),
  );
}

/** Throws a WavFormatError naming the file; typed `never` so the compiler knows it does not return. */
type Fail = (problem: string) => never;

interface FmtChunk {
  format: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bitsPerSample: number;
}

/**
 * Decodes a WAV file (PCM 8/16/24/32-bit, float 32/64-bit, or mu-law; any rate; any channel count,
 * averaged to mono) to 8 kHz mono 16-bit. `name` is used in error messages.
 */
export function readWavAs8kMono(bytes: Uint8Array, name = 'WAV data'): DecodedWav {
  const fail: Fail = (problem) => {
    throw new WavFormatError(name, problem);
  };
  if (bytes.length < 12)
    fail(`not a WAV file: only ${bytes.length} bytes (a RIFF header alone is 12)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riff = fourcc(view, 0);
  if (riff === 'RIFX' || riff === 'RF64')
    fail(`${riff} WAV files are not supported; convert to a plain little-endian RIFF WAV`);
  if (riff !== 'RIFF' || fourcc(view, 8) !== 'WAVE')
    fail(`not a RIFF/WAVE file (starts with ${JSON.stringify(riff)})`);

  let fmt: FmtChunk | null = null;
  let dataStart = -1;
  let dataLength = 0;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = fourcc(view, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length)
        fail('truncated: the "fmt " chunk is shorter than 16 bytes');
      fmt = readFmt(view, body, size, fail);
    } else if (id === 'data') {
      dataStart = body;
      const available = bytes.length - body;
      // Streaming writers leave the size as 0 or 0xffffffff: then the data runs to the end.
      if (size === 0xffffffff || (size === 0 && available > 0)) dataLength = available;
      else if (size > available)
        fail(`truncated: the data chunk declares ${size} bytes but only ${available} are present`);
      else dataLength = size;
      break;
    }
    offset = body + size + (size & 1); // chunks are padded to even sizes
  }
  if (!fmt) fail('no "fmt " chunk before the audio data (is the file complete?)');
  if (dataStart < 0) fail('truncated: no "data" chunk found');
  const f = fmt;

  const sourceFormat = codecName(f, fail); // also checks the block size, so the division is safe
  const frames = Math.floor(dataLength / f.blockAlign);
  const data = bytes.subarray(dataStart, dataStart + frames * f.blockAlign);

  // Fast paths for what the harness reads most: 8 kHz mono mu-law and 16-bit.
  if (f.sampleRate === SAMPLE_RATE && f.channels === 1) {
    if (sourceFormat === 'mulaw')
      return {
        samples: mulawDecode(data),
        sourceRate: SAMPLE_RATE,
        sourceChannels: 1,
        sourceFormat,
      };
    if (sourceFormat === 'pcm_s16le') {
      const samples = new Int16Array(frames);
      const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
      for (let i = 0; i < frames; i++) samples[i] = dv.getInt16(i * 2, true);
      return { samples, sourceRate: SAMPLE_RATE, sourceChannels: 1, sourceFormat };
    }
  }
  const mono = decodeToMonoFloat(data, f, sourceFormat, frames);
  return {
    samples: resample(mono, f.sampleRate, SAMPLE_RATE),
    sourceRate: f.sampleRate,
    sourceChannels: f.channels,
    sourceFormat,
  };
}

function readFmt(view: DataView, body: number, size: number, fail: Fail): FmtChunk {
  let format = view.getUint16(body, true);
  const channels = view.getUint16(body + 2, true);
  const sampleRate = view.getUint32(body + 4, true);
  const blockAlign = view.getUint16(body + 12, true);
  const bitsPerSample = view.getUint16(body + 14, true);
  if (format === FORMAT_EXTENSIBLE) {
    // WAVE_FORMAT_EXTENSIBLE: the real format code is the first two bytes of the SubFormat GUID.
    if (size < 40 || body + 26 > view.byteLength)
      fail('truncated: WAVE_FORMAT_EXTENSIBLE "fmt " chunk is shorter than 40 bytes');
    format = view.getUint16(body + 24, true);
  }
  if (channels < 1) fail('the "fmt " chunk says 0 channels');
  if (sampleRate < 1) fail('the "fmt " chunk says a sample rate of 0 Hz');
  return { format, channels, sampleRate, blockAlign, bitsPerSample };
}

function codecName(f: FmtChunk, fail: Fail): string {
  const bits = f.bitsPerSample;
  const name = pcmOrFloatName(f.format, bits);
  if (name) {
    // Samples must fill their container exactly, else the byte layout is something else.
    if (f.blockAlign !== f.channels * (bits / 8))
      fail(
        `inconsistent "fmt " chunk: block size ${f.blockAlign} for ${f.channels} channel(s) of ${bits}-bit samples`,
      );
    return name;
  }
  if (f.format === FORMAT_PCM) fail(`unsupported PCM bit depth ${bits} (supported: 8, 16, 24, 32)`);
  if (f.format === FORMAT_IEEE_FLOAT)
    fail(`unsupported float bit depth ${bits} (supported: 32, 64)`);
  const known = FORMAT_NAMES[f.format];
  return fail(
    `unsupported codec ${known ? `${known} ` : ''}(format 0x${f.format.toString(16).padStart(4, '0')}); ` +
      'supported: PCM 8/16/24/32-bit, float 32/64-bit, mu-law. Convert it, e.g. `sox in.wav -e signed -b 16 out.wav`',
  );
}

function pcmOrFloatName(format: number, bits: number): string | null {
  if (format === FORMAT_PCM)
    return (
      (
        { 8: 'pcm_u8', 16: 'pcm_s16le', 24: 'pcm_s24le', 32: 'pcm_s32le' } as Record<number, string>
      )[bits] ?? null
    );
  if (format === FORMAT_IEEE_FLOAT)
    return ({ 32: 'pcm_f32le', 64: 'pcm_f64le' } as Record<number, string>)[bits] ?? null;
  if (format === FORMAT_MULAW && bits === 8) return 'mulaw';
  return null;
}

/** Decodes any supported codec and averages the channels, as normalized float (-1..1). */
function decodeToMonoFloat(
  data: Uint8Array,
  f: FmtChunk,
  codec: string,
  frames: number,
): Float32Array {
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const ch = f.channels;
  const bytesPerSample = f.blockAlign / ch;
  const out = new Float32Array(frames);
  const read = sampleReader(dv, codec);
  const gain = 1 / ch;
  for (let i = 0; i < frames; i++) {
    const frameOffset = i * f.blockAlign;
    let sum = 0;
    for (let c = 0; c < ch; c++) sum += read(frameOffset + c * bytesPerSample);
    out[i] = sum * gain;
  }
  return out;
}

const MULAW_FLOAT = Float32Array.from(
  mulawDecode(Uint8Array.from({ length: 256 }, (_, i) => i)),
  (v) => v / 32768,
);

function sampleReader(dv: DataView, codec: string): (offset: number) => number {
  switch (codec) {
    case 'pcm_u8':
      return (o) => (dv.getUint8(o) - 128) / 128;
    case 'pcm_s16le':
      return (o) => dv.getInt16(o, true) / 32768;
    case 'pcm_s24le':
      return (o) =>
        (dv.getUint8(o) | (dv.getUint8(o + 1) << 8) | (dv.getInt8(o + 2) << 16)) / 8388608;
    case 'pcm_s32le':
      return (o) => dv.getInt32(o, true) / 2147483648;
    case 'pcm_f32le':
      return (o) => dv.getFloat32(o, true);
    case 'pcm_f64le':
      return (o) => dv.getFloat64(o, true);
    case 'mulaw':
      return (o) => MULAW_FLOAT[dv.getUint8(o)];
    default:
      throw new Error(`internal: no reader for codec ${codec}`);
  }
}

/**
 * Allocates a WAV file for `dataBytes` bytes of audio and fills in its header: the canonical
 * 44-byte PCM header, or for mu-law the 18-byte fmt chunk plus a "fact" chunk that the format
 * spec asks of non-PCM files (as sox writes them). Returns where the audio starts.
 */
function allocateWav(
  format: number,
  channels: number,
  sampleRate: number,
  bitsPerSample: number,
  dataBytes: number,
): { out: Uint8Array; view: DataView; dataOffset: number } {
  const pcm = format === FORMAT_PCM;
  const fmtSize = pcm ? 16 : 18;
  const factBytes = pcm ? 0 : 12;
  const dataOffset = 12 + (8 + fmtSize) + factBytes + 8;
  const out = new Uint8Array(dataOffset + dataBytes + (dataBytes & 1));
  const view = new DataView(out.buffer);
  const ascii = (offset: number, s: string): void => {
    for (let i = 0; i < 4; i++) out[offset + i] = s.charCodeAt(i);
  };
  const blockAlign = (channels * bitsPerSample) / 8;
  ascii(0, 'RIFF');
  view.setUint32(4, out.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, fmtSize, true);
  view.setUint16(20, format, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, bitsPerSample, true);
  let offset = 20 + fmtSize;
  if (!pcm) {
    view.setUint16(36, 0, true); // cbSize: no extra format bytes
    ascii(offset, 'fact');
    view.setUint32(offset + 4, 4, true);
    view.setUint32(offset + 8, dataBytes / blockAlign, true);
    offset += 12;
  }
  ascii(offset, 'data');
  view.setUint32(offset + 4, dataBytes, true);
  return { out, view, dataOffset };
}

/** 16-bit PCM WAV. For stereo, `samples` are interleaved (L R L R …; see interleaveStereo). */
export function writePcmWav(
  samples: Int16Array,
  sampleRate: number,
  channels: 1 | 2 = 1,
): Uint8Array {
  if (samples.length % channels !== 0)
    throw new RangeError(
      `writePcmWav: ${samples.length} interleaved samples is not a whole number of ${channels}-channel frames`,
    );
  const { out, view, dataOffset } = allocateWav(
    FORMAT_PCM,
    channels,
    sampleRate,
    16,
    samples.length * 2,
  );
  for (let i = 0; i < samples.length; i++) view.setInt16(dataOffset + i * 2, samples[i], true);
  return out;
}

/** 8 kHz mono mu-law WAV around raw mu-law bytes (as sent on a Twilio media stream). */
export function writeMulawWav(bytes: Uint8Array): Uint8Array {
  const { out, dataOffset } = allocateWav(FORMAT_MULAW, 1, SAMPLE_RATE, 8, bytes.length);
  out.set(bytes, dataOffset);
  return out;
}

/** Interleaves two mono tracks into L R L R …; the shorter one is padded with zeros. */
export function interleaveStereo(left: Int16Array, right: Int16Array): Int16Array {
  const frames = Math.max(left.length, right.length);
  const out = new Int16Array(frames * 2);
  for (let i = 0; i < left.length; i++) out[2 * i] = left[i];
  for (let i = 0; i < right.length; i++) out[2 * i + 1] = right[i];
  return out;
}
