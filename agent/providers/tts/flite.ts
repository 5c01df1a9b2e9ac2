/**
 * The embedded TTS: flite in worker threads (src/speech/flite.ts), as 8 kHz mu-law. Leading and
 * trailing silence is trimmed (flite pads ~100–200 ms each side) because every millisecond of
 * lead-in is a millisecond the caller waits; fixed prompts are cached so a greeting said on
 * every call is synthesized once.
 */
import { AUDIBLE_THRESHOLD_DBFS, dbfsToAmplitude } from '../../../src/audio/level.ts';
import { mulawEncode } from '../../../src/audio/mulaw.ts';
import type { FliteTts, FliteVoiceSpec } from '../../../src/speech/flite.ts';
import { abortedError, ProviderError } from '../errors.ts';
import type { TtsProvider } from '../types.ts';

const KEEP_LEAD_SAMPLES = 8 * 10; // 10 ms before the first audible sample
const KEEP_TAIL_SAMPLES = 8 * 120; // 120 ms after the last: a natural gap between sentences
const AUDIBLE = Math.round(dbfsToAmplitude(AUDIBLE_THRESHOLD_DBFS));

export function trimSilence(pcm: Int16Array): Int16Array {
  let first = 0;
  while (first < pcm.length && Math.abs(pcm[first]) < AUDIBLE) first++;
  if (first === pcm.length) return pcm.subarray(0, 0);
  let last = pcm.length - 1;
  while (last > first && Math.abs(pcm[last]) < AUDIBLE) last--;
  return pcm.subarray(
    Math.max(0, first - KEEP_LEAD_SAMPLES),
    Math.min(pcm.length, last + 1 + KEEP_TAIL_SAMPLES),
  );
}

export class FliteTtsProvider implements TtsProvider {
  readonly name = 'flite';
  private readonly cache = new Map<string, Uint8Array>();

  constructor(
    private readonly tts: FliteTts,
    private readonly voice: FliteVoiceSpec = { voice: 'kal', rate: 1 },
    private readonly maxCached = 256,
  ) {}

  /** Synthesizes prompts ahead of the first call that needs them. */
  async warm(texts: readonly string[]): Promise<void> {
    for (const t of texts) await this.audio(t, new AbortController().signal);
  }

  async *synthesize(text: string, signal: AbortSignal): AsyncIterable<Uint8Array> {
    yield await this.audio(text, signal);
  }

  private async audio(text: string, signal: AbortSignal): Promise<Uint8Array> {
    const cached = this.cache.get(text);
    if (cached) return cached;
    let pcm: Int16Array;
    try {
      pcm = await this.tts.synthesize(text, this.voice, signal);
    } catch (err) {
      if (signal.aborted) throw abortedError(this.name);
      throw new ProviderError({
        provider: this.name,
        kind: 'server',
        message: `synthesis failed: ${err instanceof Error ? err.message : String(err)}`,
        cause: err,
      });
    }
    const mulaw = mulawEncode(trimSilence(pcm));
    if (this.cache.size >= this.maxCached)
      this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(text, mulaw);
    return mulaw;
  }
}
