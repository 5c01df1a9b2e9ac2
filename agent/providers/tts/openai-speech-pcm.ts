/**
 * Streaming conversion of OpenAI's `pcm` speech output (24 kHz, 16-bit little-endian, mono,
 * no header) to what Twilio plays (8 kHz mu-law), chunk by chunk as the HTTP body arrives.
 *
 * The band-limiting resampler needs input on both sides of each output sample, so each call
 * converts only the outputs whose filter window is fully available and keeps a margin of input
 * for the next call. The result is identical to resampling the whole utterance at once (tested),
 * with no clicks at chunk boundaries, for ~10 ms of added latency. Chunks may split a sample
 * between two bytes; the odd byte waits for its partner.
 */
import { SAMPLE_RATE } from '../../../src/audio/constants.ts';
import { mulawEncode } from '../../../src/audio/mulaw.ts';
import { resample } from '../../../src/audio/resample.ts';

/** Input samples kept on each side of an output; must cover the resampler's filter half-width. */
const CONTEXT_MS = 10;

export class PcmToMulawStream {
  private readonly factor: number;
  private readonly context: number;
  /** Input samples from `bufferStart` (absolute index) on. */
  private buffer = new Int16Array(0);
  private bufferStart = 0;
  private nextOutput = 0;
  private oddByte: number | undefined;

  constructor(private readonly fromRate = 24000) {
    if (fromRate % SAMPLE_RATE !== 0)
      throw new RangeError(
        `PcmToMulawStream converts whole multiples of ${SAMPLE_RATE} Hz, not ${fromRate} Hz`,
      );
    this.factor = fromRate / SAMPLE_RATE;
    // A whole number of output periods, so segments stay aligned to output positions.
    this.context = Math.ceil((CONTEXT_MS * fromRate) / 1000 / this.factor) * this.factor;
  }

  /** Adds little-endian 16-bit bytes; returns the mu-law ready so far (possibly empty). */
  push(bytes: Uint8Array): Uint8Array {
    this.append(this.decode(bytes));
    return this.convert(false);
  }

  /** Converts what is left (the end of the utterance). */
  flush(): Uint8Array {
    return this.convert(true);
  }

  private decode(bytes: Uint8Array): Int16Array {
    let data = bytes;
    if (this.oddByte !== undefined) {
      data = new Uint8Array(bytes.length + 1);
      data[0] = this.oddByte;
      data.set(bytes, 1);
      this.oddByte = undefined;
    }
    const count = data.length >> 1;
    if (data.length % 2 === 1) this.oddByte = data[data.length - 1];
    const samples = new Int16Array(count);
    const view = new DataView(data.buffer, data.byteOffset, count * 2);
    for (let i = 0; i < count; i++) samples[i] = view.getInt16(i * 2, true);
    return samples;
  }

  private append(samples: Int16Array): void {
    const merged = new Int16Array(this.buffer.length + samples.length);
    merged.set(this.buffer);
    merged.set(samples, this.buffer.length);
    this.buffer = merged;
  }

  private convert(final: boolean): Uint8Array {
    const end = this.bufferStart + this.buffer.length; // absolute input samples available
    const firstPosition = this.nextOutput * this.factor;
    // Outputs whose window [p - context, p + context] lies within the input (or the input ended).
    const lastOutput = final
      ? Math.ceil(end / this.factor) - 1
      : Math.floor((end - 1 - this.context) / this.factor);
    const count = lastOutput - this.nextOutput + 1;
    if (count <= 0) return new Uint8Array(0);
    const segmentStart = Math.max(0, firstPosition - this.context);
    const lastPosition = lastOutput * this.factor;
    const segmentEnd = final ? end : Math.min(end, lastPosition + this.context + 1);
    const segment = this.buffer.subarray(
      segmentStart - this.bufferStart,
      segmentEnd - this.bufferStart,
    );
    const converted = resample(segment, this.fromRate, SAMPLE_RATE);
    const skip = (firstPosition - segmentStart) / this.factor;
    const out = mulawEncode(converted.subarray(skip, skip + count));
    this.nextOutput = lastOutput + 1;
    // Keep only the input the next outputs still need.
    const keepFrom = Math.max(this.bufferStart, this.nextOutput * this.factor - this.context);
    this.buffer = this.buffer.slice(keepFrom - this.bufferStart);
    this.bufferStart = keepFrom;
    return out;
  }
}
