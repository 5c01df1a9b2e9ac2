/**
 * ElevenLabs text-to-speech over the stream-input WebSocket, one socket per utterance:
 * `{"text":" "}` opens the stream, the utterance follows with `flush: true`, `{"text":""}` ends
 * it; `{"audio": base64}` messages arrive until `{"isFinal": true}`. Audio is requested as
 * `ulaw_8000`, exactly what Twilio plays, and any WAV/.snd header is stripped on the way.
 *
 * Aborting (barge-in) terminates the socket at once; nothing more is yielded.
 */
import { on } from 'node:events';
import WebSocket from 'ws';
import {
  ProviderError,
  abortedError,
  connectError,
  describeError,
  upgradeRefusedError,
  type ProviderErrorKind,
} from '../errors.ts';
import type { TtsProvider } from '../types.ts';
import { stripAudioHeader } from './elevenlabs-audio-header.ts';
import type { ElevenLabsConfig } from './elevenlabs-config.ts';

const PROVIDER = 'elevenlabs';

export function elevenLabsUrl(config: ElevenLabsConfig): URL {
  const url = new URL(
    `/v1/text-to-speech/${encodeURIComponent(config.voiceId)}/stream-input`,
    config.baseUrl,
  );
  url.searchParams.set('model_id', config.modelId);
  url.searchParams.set('output_format', 'ulaw_8000');
  return url;
}

/** Guesses the kind of a failure from the words ElevenLabs uses in errors and close reasons. */
function kindFromText(text: string, fallback: ProviderErrorKind): ProviderErrorKind {
  if (/api[ _-]?key|unauthori[sz]ed|authenticat|permission/i.test(text)) return 'auth';
  if (/quota|rate[ _-]?limit|too[ _-]?many|concurren/i.test(text)) return 'rate_limit';
  return fallback;
}

function errorFromClose(code: number, reason: string): ProviderError {
  const detail = reason ? `: ${reason}` : '';
  const fallback: ProviderErrorKind =
    code === 1008 || code === 1007 || code === 1009 ? 'protocol' : 'server';
  const kind = kindFromText(reason, fallback);
  const hint = kind === 'auth' ? ' Check ELEVENLABS_API_KEY and ELEVENLABS_VOICE_ID.' : '';
  return new ProviderError({
    provider: PROVIDER,
    kind,
    status: code,
    message: `the socket closed (${code}${detail}) before the audio was complete.${hint}`,
  });
}

interface ServerMessage {
  audio?: unknown;
  isFinal?: unknown;
  error?: unknown;
  message?: unknown;
  code?: unknown;
}

function parseMessage(data: WebSocket.RawData): ServerMessage {
  try {
    const value: unknown = JSON.parse(data.toString());
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as ServerMessage;
  } catch {
    // fall through
  }
  throw new ProviderError({
    provider: PROVIDER,
    kind: 'protocol',
    message: `unexpected message: ${data.toString().slice(0, 200)}`,
  });
}

export class ElevenLabsTts implements TtsProvider {
  readonly name = PROVIDER;

  constructor(private readonly config: ElevenLabsConfig) {}

  async *synthesize(text: string, signal: AbortSignal): AsyncGenerator<Uint8Array> {
    if (signal.aborted) throw abortedError(PROVIDER);
    if (text.trim() === '') return;
    const ws = new WebSocket(elevenLabsUrl(this.config), {
      headers: { 'xi-api-key': this.config.apiKey },
      perMessageDeflate: false,
    });
    let closed: { code: number; reason: string } | undefined;
    ws.on(
      'close',
      (code: number, reason: Buffer) => (closed = { code, reason: reason.toString() }),
    );
    ws.on('error', () => {}); // reported through the open/message paths below
    const stalled = new AbortController();
    const stop = AbortSignal.any([signal, stalled.signal]);
    // Subscribe before sending anything so no message can be missed.
    const messages = on(ws, 'message', { signal: stop, close: ['close'] });
    let stallTimer: NodeJS.Timeout | undefined;
    const armStallTimer = () => {
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => stalled.abort(), this.config.firstAudioTimeoutMs);
    };
    let finished = false;
    try {
      await openSocket(ws, stop, this.config.connectTimeoutMs);
      ws.send(
        JSON.stringify(
          this.config.voiceSettings
            ? { text: ' ', voice_settings: this.config.voiceSettings }
            : { text: ' ' },
        ),
      );
      ws.send(JSON.stringify({ text: `${text.trim()} `, flush: true }));
      ws.send(JSON.stringify({ text: '' }));
      armStallTimer();
      let audioBytes = 0;
      for await (const [data] of messages) {
        const message = parseMessage(data as WebSocket.RawData);
        if (
          typeof message.error === 'string' ||
          (typeof message.message === 'string' && message.code !== undefined)
        ) {
          const description = [message.error, message.message]
            .filter((s) => typeof s === 'string')
            .join(': ');
          throw new ProviderError({
            provider: PROVIDER,
            kind: kindFromText(description, 'server'),
            message: `error from ElevenLabs: ${description}`,
          });
        }
        if (typeof message.audio === 'string' && message.audio !== '') {
          const checked = stripAudioHeader(Buffer.from(message.audio, 'base64'));
          if (!checked.ok)
            throw new ProviderError({
              provider: PROVIDER,
              kind: 'protocol',
              message: checked.error,
            });
          armStallTimer();
          if (checked.audio.length > 0) {
            audioBytes += checked.audio.length;
            yield checked.audio;
          }
        }
        if (message.isFinal === true) {
          finished = true;
          break;
        }
      }
      if (!finished) {
        // The server closed. A clean close after audio is an end of stream without the marker.
        if (closed?.code === 1000 && audioBytes > 0) finished = true;
        else throw errorFromClose(closed?.code ?? 1006, closed?.reason ?? '');
      }
    } catch (error) {
      if (signal.aborted) throw abortedError(PROVIDER);
      if (stalled.signal.aborted) {
        throw new ProviderError({
          provider: PROVIDER,
          kind: 'timeout',
          message: `no audio for ${this.config.firstAudioTimeoutMs} ms`,
        });
      }
      if (error instanceof ProviderError) throw error;
      throw new ProviderError({
        provider: PROVIDER,
        kind: 'server',
        message: describeError(error),
        cause: error,
      });
    } finally {
      clearTimeout(stallTimer);
      if (ws.readyState === WebSocket.OPEN && finished) ws.close(1000);
      else if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
    }
  }
}

function openSocket(ws: WebSocket, signal: AbortSignal, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const settle = (error?: unknown) => {
      clearTimeout(timer);
      ws.off('open', onOpen);
      ws.off('unexpected-response', onUnexpectedResponse);
      ws.off('error', onError);
      ws.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onOpen = () => settle();
    const onUnexpectedResponse = (
      _request: unknown,
      response: { statusCode?: number; resume(): void },
    ) => {
      const status = response.statusCode ?? 0;
      response.resume();
      settle(upgradeRefusedError(PROVIDER, status, 'ELEVENLABS_API_KEY'));
    };
    const onError = (error: Error) => settle(connectError(PROVIDER, error));
    const onClose = (code: number, reason: Buffer) =>
      settle(errorFromClose(code, reason.toString()));
    const onAbort = () => settle(abortedError(PROVIDER)); // the caller maps a stall/abort itself
    const timer = setTimeout(
      () =>
        settle(
          new ProviderError({
            provider: PROVIDER,
            kind: 'timeout',
            message: `no connection within ${timeoutMs} ms`,
          }),
        ),
      timeoutMs,
    );
    ws.on('open', onOpen);
    ws.on('unexpected-response', onUnexpectedResponse);
    ws.on('error', onError);
    ws.on('close', onClose);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
