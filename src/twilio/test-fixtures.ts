/**
 * Audio fixtures for the src/twilio tests: real mu-law speech and silence (read from
 * /work/shared/data at test time, never copied into the repo), seeded line noise, and byte-exact
 * file headers built from the format specs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mulawEncode } from '../audio/mulaw.ts';
import { mulberry32 } from '../audio/prng.ts';
import { readWavAs8kMono } from '../audio/wav.ts';

export const FSDD_DIR = '/work/shared/data/fsdd';
export const AN4_DIR = '/work/shared/data/an4';
export const HAVE_FSDD = existsSync(FSDD_DIR);
export const HAVE_AN4 = existsSync(AN4_DIR);

/** Raw bytes of the `data` chunk of a mu-law WAV (format 7): the exact bytes on a phone line. */
export function rawMulawDataChunk(file: Uint8Array): Uint8Array {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const id = (at: number): string =>
    String.fromCharCode(file[at], file[at + 1], file[at + 2], file[at + 3]);
  if (id(0) !== 'RIFF' || id(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let format = -1;
  for (let at = 12; at + 8 <= file.length;) {
    const size = view.getUint32(at + 4, true);
    if (id(at) === 'fmt ') format = view.getUint16(at + 8, true);
    if (id(at) === 'data') {
      if (format !== 7) throw new Error(`expected mu-law (format 7), got format ${format}`);
      return file.subarray(at + 8, Math.min(file.length, at + 8 + size));
    }
    at += 8 + size + (size & 1);
  }
  throw new Error('no data chunk');
}

/** Every AN4 recording's mu-law bytes (948 utterances of real callers, silences included). */
export function an4Recordings(): Uint8Array[] {
  return readdirSync(AN4_DIR)
    .filter((name) => name.endsWith('.wav'))
    .sort()
    .map((name) => rawMulawDataChunk(readFileSync(`${AN4_DIR}/${name}`)));
}

/** FSDD spoken digits (16-bit PCM) encoded to mu-law, as a TTS-to-phone path would. */
export function fsddAsMulaw(limit: number): Uint8Array[] {
  return readdirSync(FSDD_DIR)
    .filter((name) => name.endsWith('.wav'))
    .sort()
    .slice(0, limit)
    .map((name) => mulawEncode(readWavAs8kMono(readFileSync(`${FSDD_DIR}/${name}`), name).samples));
}

/** Seeded low-level noise around zero, mu-law encoded: the quiet line where 0xFF 0xFx abounds. */
export function quietLineNoise(seed: number, samples: number, amplitude: number): Uint8Array {
  const random = mulberry32(seed);
  const pcm = new Int16Array(samples);
  for (let i = 0; i < samples; i++) {
    // Sum of two uniforms: a cheap triangular distribution, most samples near zero.
    pcm[i] = Math.round((random() + random() - 1) * amplitude);
  }
  return mulawEncode(pcm);
}

export function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

/**
 * MPEG audio frames with the given 4-byte header, each `frameLength` bytes long, bodies filled
 * with a fixed pseudo-random pattern (never 0xFF, so no accidental sync words inside).
 */
export function mpegFrames(
  header: readonly number[],
  frameLength: number,
  count: number,
): Uint8Array {
  const out = new Uint8Array(frameLength * count);
  const random = mulberry32(7);
  for (let f = 0; f < count; f++) {
    const at = f * frameLength;
    out.set(header, at);
    for (let i = 4; i < frameLength; i++) out[at + i] = Math.floor(random() * 255);
  }
  return out;
}

/** A Sun .snd header (24 bytes, big-endian) for 8 kHz mono mu-law, followed by `body`. */
export function sunAu(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(24 + body.length);
  const view = new DataView(out.buffer);
  out.set(ascii('.snd'), 0);
  view.setUint32(4, 24); // data offset
  view.setUint32(8, body.length);
  view.setUint32(12, 1); // 8-bit G.711 mu-law
  view.setUint32(16, 8000);
  view.setUint32(20, 1);
  out.set(body, 24);
  return out;
}

/** Prefixes `body` with raw header bytes. */
export function withHeader(header: readonly number[], body: Uint8Array): Uint8Array {
  const out = new Uint8Array(header.length + body.length);
  out.set(header, 0);
  out.set(body, header.length);
  return out;
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
