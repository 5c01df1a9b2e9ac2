/**
 * PocketSphinx's compressed mixture weights ("sendump": one byte per weight, -log base 1.0001
 * shifted right by 10 bits) back to a SphinxTrain mixture_weights file, which `bw` and
 * `map_adapt` need and soundswallower's model does not ship. The inverse is SphinxTrain's
 * `mk_s2sendump -pocketsphinx yes`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export interface MixtureWeights {
  senones: number;
  features: number;
  densities: number;
  /** [senone][feature][density], each row summing to 1. */
  weights: Float32Array;
}

function readString(buf: Buffer, at: number): { text: string | null; next: number } {
  const length = buf.readUInt32LE(at);
  if (length === 0) return { text: null, next: at + 4 };
  return { text: buf.toString('latin1', at + 4, at + 4 + length - 1), next: at + 4 + length };
}

export function readSendump(file: string): MixtureWeights {
  const buf = readFileSync(file);
  let at = 0;
  const title = readString(buf, at);
  at = title.next;
  const header = new Map<string, number>();
  for (;;) {
    const s = readString(buf, at);
    at = s.next;
    if (s.text === null) break;
    const [key, value] = s.text.split(/\s+/);
    if (key && value !== undefined && /^\d+$/.test(value)) header.set(key, Number(value));
  }
  if ((header.get('cluster_count') ?? 0) !== 0)
    throw new Error(`${file}: clustered (4-bit) sendump files are not supported`);
  const features = header.get('feature_count') ?? 1;
  const mixwShift = header.get('mixw_shift') ?? 10;
  const densities = buf.readUInt32LE(at);
  const senones = buf.readUInt32LE(at + 4);
  const dataBytes = features * densities * senones;
  // The data is the file's tail (pocketsphinx pads the header for alignment).
  const dataStart = buf.length - dataBytes;
  if (dataStart < at + 8)
    throw new Error(
      `${file}: ${buf.length} bytes cannot hold ${features}×${densities}×${senones} weights`,
    );
  const weights = new Float32Array(senones * features * densities);
  let p = dataStart;
  for (let f = 0; f < features; f++) {
    for (let d = 0; d < densities; d++) {
      for (let s = 0; s < senones; s++)
        weights[(s * features + f) * densities + d] = Math.pow(1.0001, -(buf[p++] << mixwShift));
    }
  }
  for (let row = 0; row < senones * features; row++) {
    let sum = 0;
    for (let d = 0; d < densities; d++) sum += weights[row * densities + d];
    for (let d = 0; d < densities; d++) weights[row * densities + d] /= sum;
  }
  return { senones, features, densities, weights };
}

/** Writes a SphinxTrain 3-d parameter file (s3 header, byte-order mark, dimensions, floats). */
export function writeMixtureWeights(file: string, m: MixtureWeights): void {
  let header = 's3\nversion 1.0\n';
  const pad = (header.length + 'endhdr\n'.length) & 3;
  header += `${' '.repeat(pad ? 4 - pad : 0)}endhdr\n`;
  const body = Buffer.alloc(4 + 16 + m.weights.length * 4);
  body.writeInt32LE(0x11223344, 0);
  body.writeUInt32LE(m.senones, 4);
  body.writeUInt32LE(m.features, 8);
  body.writeUInt32LE(m.densities, 12);
  body.writeUInt32LE(m.weights.length, 16);
  Buffer.from(m.weights.buffer, m.weights.byteOffset, m.weights.byteLength).copy(body, 20);
  writeFileSync(file, Buffer.concat([Buffer.from(header, 'latin1'), body]));
}
