/**
 * Transcribes what the caller heard of an agent with OpenAI's speech-to-text API (or any server
 * speaking it): each heard segment goes as its own 8 kHz mono 16-bit WAV to
 * `POST /v1/audio/transcriptions`, with the scenario's expected phrases as the prompt (OpenAI's
 * documented way to hint vocabulary and spellings).
 *
 * Failures are per segment: a request that errors or times out gives that segment empty text and
 * `error` set, and the other segments keep their text. Throwing instead would make scoring drop
 * the whole call's transcript for one bad request; an empty text without `error` would let a
 * cloud hiccup pass for an agent that said nothing. The expectation evaluator reads `error` and
 * reports speech in that stretch as not judged.
 */
import OpenAI, { toFile } from 'openai';
import pLimit, { type LimitFunction } from 'p-limit';
import { SAMPLE_RATE } from '../audio/constants.ts';
import { mulawDecode } from '../audio/mulaw.ts';
import { writePcmWav } from '../audio/wav.ts';
import type { HeardUtterance } from '../expectations/types.ts';
import type { AudioTranscriber } from './audio-transcriber.ts';
import type { HeardSegment } from './heard-audio.ts';

export interface OpenAiTranscriberOptions {
  apiKey: string;
  /** Any server speaking the OpenAI transcription API, e.g. http://127.0.0.1:8000/v1; undefined = api.openai.com. */
  baseUrl?: string;
  /** e.g. gpt-4o-mini-transcribe, gpt-4o-transcribe, whisper-1. */
  model: string;
  /** Per segment, retries included (default 30 s). */
  timeoutMs?: number;
  /** SDK retries of 408/409/429/5xx/connection errors (default 1: a second chance, not a long wait). */
  maxRetries?: number;
  /** Requests in flight at once across every call sharing this transcriber (default 4). */
  concurrency?: number;
}

export const DEFAULT_TRANSCRIBE_MODEL = 'gpt-4o-mini-transcribe';
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CONCURRENCY = 4;
/** OpenAI rejects audio shorter than 0.1 s (HTTP 400); such a sliver holds no words anyway. */
const MIN_SAMPLES = SAMPLE_RATE / 10;
/**
 * Whisper reads only the prompt's last 224 tokens; ~600 characters of phrases stays under that
 * while covering a scenario's usual handful of phrases.
 */
const MAX_PROMPT_CHARS = 600;

/** The phrases as a prompt: distinct, in order, whole phrases only, within the length Whisper reads. */
export function promptFor(phrases: readonly string[]): string | undefined {
  const kept: string[] = [];
  let length = 0;
  for (const phrase of new Set(phrases.map((p) => p.trim()).filter((p) => p !== ''))) {
    const added = (kept.length ? 2 : 0) + phrase.length;
    if (length + added > MAX_PROMPT_CHARS) break;
    kept.push(phrase);
    length += added;
  }
  return kept.length ? kept.join(', ') : undefined;
}

/** A heard segment as the WAV file sent: mu-law decoded to 16-bit PCM, 8 kHz mono (no resampling; the API accepts any rate). */
export function segmentWav(segment: HeardSegment): Uint8Array {
  return writePcmWav(mulawDecode(segment.mulaw), SAMPLE_RATE);
}

function errorMessage(error: unknown): string {
  // The SDK's message starts with the status already ("500 The server had an error").
  if (error instanceof OpenAI.APIError && error.status !== undefined)
    return `HTTP ${error.status}: ${error.message.replace(/^\d{3} /, '')}`;
  return error instanceof Error ? error.message : String(error);
}

export class OpenAiTranscriber implements AudioTranscriber {
  readonly name: string;
  private readonly client: OpenAI;
  private readonly limit: LimitFunction;
  private readonly timeoutMs: number;
  private readonly where: string;
  /** Set after the server refused the key: later segments fail at once instead of repeating a doomed request. */
  private refused: string | null = null;

  constructor(private readonly options: OpenAiTranscriberOptions) {
    this.name = `openai:${options.model}`;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseUrl,
      maxRetries: options.maxRetries ?? 1,
    });
    this.limit = pLimit(options.concurrency ?? DEFAULT_CONCURRENCY);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.where = `${options.model} at ${options.baseUrl ?? 'api.openai.com'}`;
  }

  transcribe(
    segments: readonly HeardSegment[],
    phrases: readonly string[],
  ): Promise<HeardUtterance[]> {
    const prompt = promptFor(phrases);
    return Promise.all(
      segments.map((segment, i) => this.limit(() => this.one(segment, i, prompt))),
    );
  }

  async close(): Promise<void> {
    // Nothing to release: requests are one-shot HTTP and the SDK keeps no worker or socket of its own to stop.
  }

  private async one(
    segment: HeardSegment,
    index: number,
    prompt: string | undefined,
  ): Promise<HeardUtterance> {
    const base = {
      startMs: segment.startMs,
      endMs: segment.endMs,
      source: 'transcript' as const,
      transcriber: this.name,
    };
    if (segment.mulaw.length < MIN_SAMPLES) return { ...base, text: '' };
    const failed = (why: string): HeardUtterance => ({
      ...base,
      text: '',
      error: `segment ${index + 1} (${Math.round(segment.startMs)}–${Math.round(segment.endMs)} ms) could not be transcribed by ${this.where}: ${why}`,
    });
    if (this.refused !== null) return failed(this.refused);
    // One deadline for the segment, the SDK's retry included. It is the only timer: the SDK's own
    // per-attempt `timeout` would race it and turn "no answer within N ms" into a vaguer message.
    const deadline = AbortSignal.timeout(this.timeoutMs);
    try {
      const result = await this.client.audio.transcriptions.create(
        {
          file: await toFile(segmentWav(segment), 'segment.wav', { type: 'audio/wav' }),
          model: this.options.model,
          response_format: 'json',
          ...(prompt === undefined ? {} : { prompt }),
        },
        { signal: deadline },
      );
      return { ...base, text: result.text.trim() };
    } catch (error) {
      if (
        error instanceof OpenAI.AuthenticationError ||
        error instanceof OpenAI.PermissionDeniedError
      ) {
        this.refused = `${errorMessage(error)} (check OPENAI_API_KEY)`;
        return failed(this.refused);
      }
      if (deadline.aborted) return failed(`no answer within ${this.timeoutMs} ms`);
      return failed(errorMessage(error));
    }
  }
}
