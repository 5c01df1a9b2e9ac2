/**
 * G.711 mu-law, table driven. Decoding is bit-identical to sox / alawmulaw (the standard
 * formula, ±32124 full scale); encoding uses the classic biased-segment encoder (bias 0x84,
 * clip 32635). Both directions are a single typed-array lookup per sample, because the caller
 * and the agent run them on every 20 ms frame of every call.
 */

const BIAS = 0x84;
const CLIP = 32635;

/** mu-law byte → 16-bit linear sample. */
const DECODE_TABLE = new Int16Array(256);
for (let code = 0; code < 256; code++) {
  const u = ~code & 0xff;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
  DECODE_TABLE[code] = u & 0x80 ? -magnitude : magnitude;
}

function encodeSampleSlow(sample: number): number {
  let s = sample;
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  // Exponent = position of the highest set bit above bit 7 (segment number 0..7).
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** Indexed by the sample's 16-bit two's-complement pattern (sample & 0xffff). 64 KiB, built once. */
const ENCODE_TABLE = new Uint8Array(65536);
for (let i = 0; i < 65536; i++) ENCODE_TABLE[i] = encodeSampleSlow(i >= 32768 ? i - 65536 : i);

/** Encodes one 16-bit sample (values outside the int16 range are clamped). */
export function encodeMulawSample(s: number): number {
  const clamped = s > 32767 ? 32767 : s < -32768 ? -32768 : s | 0;
  return ENCODE_TABLE[clamped & 0xffff];
}

/** Decodes one mu-law byte (0..255) to a 16-bit sample. */
export function decodeMulawSample(b: number): number {
  return DECODE_TABLE[b & 0xff];
}

export function mulawEncode(pcm: Int16Array): Uint8Array {
  const out = new Uint8Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = ENCODE_TABLE[pcm[i] & 0xffff];
  return out;
}

export function mulawDecode(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = DECODE_TABLE[bytes[i]];
  return out;
}

/** Decodes into `out` starting at `outOffset`, allocating nothing (for per-frame loops). */
export function mulawDecodeInto(bytes: Uint8Array, out: Int16Array, outOffset = 0): void {
  if (outOffset < 0 || outOffset + bytes.length > out.length) {
    throw new RangeError(
      `mulawDecodeInto: ${bytes.length} samples do not fit in an output of ${out.length} at offset ${outOffset}`,
    );
  }
  for (let i = 0; i < bytes.length; i++) out[outOffset + i] = DECODE_TABLE[bytes[i]];
}
