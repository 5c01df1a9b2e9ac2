/**
 * OpenAI text-to-speech over HTTP (`POST /v1/audio/speech`). The service offers mp3, opus, aac,
 * flac, wav and pcm; `pcm` (24 kHz 16-bit little-endian, headerless) is the one that can be
 * converted while it streams, so audio goes out to the caller chunk by chunk as 8 kHz mu-law
 * (see openai-speech-pcm.ts) instead of after the whole file.
 */
import OpenAI from 'openai';
import { ProviderError, abortedError } from '../errors.ts';
import { providerErrorFromOpenAi } from '../llm/openai-errors.ts';
import type { TtsProvider } from '../types.ts';
import type { OpenAiSpeechConfig } from './openai-speech-config.ts';
import { PcmToMulawStream } from './openai-speech-pcm.ts';

const PROVIDER = 'openai-speech';
/** The `pcm` response format's fixed sample rate. */
const PCM_SAMPLE_RATE = 24000;

export class OpenAiSpeechTts implements TtsProvider {
  readonly name = PROVIDER;
  private readonly client: OpenAI;

  constructor(
    private readonly config: OpenAiSpeechConfig,
    client?: OpenAI,
  ) {
    this.client =
      client ??
      new OpenAI({ apiKey: config.apiKey, baseURL: config.baseURL, maxRetries: config.maxRetries });
  }

  async *synthesize(text: string, signal: AbortSignal): AsyncGenerator<Uint8Array> {
    if (signal.aborted) throw abortedError(PROVIDER);
    if (text.trim() === '') return;
    const stalled = new AbortController();
    const requestSignal = AbortSignal.any([signal, stalled.signal]);
    let stallTimer: NodeJS.Timeout | undefined;
    const armStallTimer = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => stalled.abort(), this.config.firstAudioTimeoutMs);
    };
    // Whatever ends this generator early (return, throw) must also end the HTTP request.
    const done = new AbortController();
    const bodySignal = AbortSignal.any([requestSignal, done.signal]);
    try {
      armStallTimer();
      const response = await this.client.audio.speech.create(
        {
          model: this.config.model,
          voice: this.config.voice,
          input: text.trim(),
          response_format: 'pcm',
          ...(this.config.instructions ? { instructions: this.config.instructions } : {}),
        },
        { signal: bodySignal },
      );
      if (!response.body)
        throw new ProviderError({
          provider: PROVIDER,
          kind: 'protocol',
          message: 'the response has no body',
        });
      const converter = new PcmToMulawStream(PCM_SAMPLE_RATE);
      for await (const chunk of response.body) {
        armStallTimer();
        const audio = converter.push(chunk);
        if (audio.length > 0) yield audio;
      }
      if (requestSignal.aborted) throw requestSignal.reason;
      const tail = converter.flush();
      if (tail.length > 0) yield tail;
    } catch (error) {
      if (signal.aborted) throw abortedError(PROVIDER);
      if (stalled.signal.aborted)
        throw new ProviderError({
          provider: PROVIDER,
          kind: 'timeout',
          message: `no audio for ${this.config.firstAudioTimeoutMs} ms`,
        });
      throw providerErrorFromOpenAi(PROVIDER, error);
    } finally {
      clearTimeout(stallTimer);
      done.abort();
    }
  }
}
