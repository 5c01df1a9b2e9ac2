/**
 * Cloud speech recognition over AssemblyAI Universal Streaming v3 (one WebSocket session per
 * call): 8 kHz mu-law straight from Twilio, batched and paced to the service's rules, key terms
 * and turn silence following the dialog's SttContext, and turn messages mapped to SttEvents whose
 * times are positions in the audio pushed (see assemblyai-turns.ts).
 *
 * Failures after the session opened are reported as `error` events — fatal when the session is
 * gone (every close we did not ask for) — and the event stream then ends. Failing to open at all
 * rejects `open()` with a ProviderError.
 */
import { EventEmitter, on } from 'node:events';
import WebSocket from 'ws';
import { ProviderError, abortedError, connectError, upgradeRefusedError } from '../errors.ts';
import type { SttContext, SttEvent, SttProvider, SttStream } from '../types.ts';
import { PacedAudioSender } from './assemblyai-audio-sender.ts';
import type { AssemblyAiConfig } from './assemblyai-config.ts';
import {
  turnSettingsFor,
  updateConfigurationMessage,
  type AssemblyAiTurnSettings,
} from './assemblyai-context.ts';
import { describeCloseCode, parseServerMessage } from './assemblyai-messages.ts';
import { TurnTracker } from './assemblyai-turns.ts';

const PROVIDER = 'assemblyai';
const MULAW_BYTES_PER_MS = 8;
/** After our close frame, how long to wait for the server's before dropping the socket. */
const CLOSE_HANDSHAKE_MS = 1000;

export function assemblyAiUrl(config: AssemblyAiConfig, settings: AssemblyAiTurnSettings): URL {
  const url = new URL('/v3/ws', config.baseUrl);
  const params = url.searchParams;
  params.set('sample_rate', '8000');
  params.set('encoding', 'pcm_mulaw');
  params.set('speech_model', config.speechModel);
  params.set('format_turns', config.formatTurns ? 'true' : 'false');
  if (settings.keyterms.length > 0)
    params.set('keyterms_prompt', JSON.stringify(settings.keyterms));
  if (settings.maxTurnSilenceMs !== undefined)
    params.set('max_turn_silence', String(settings.maxTurnSilenceMs));
  if (config.minTurnSilenceMs !== undefined)
    params.set('min_turn_silence', String(config.minTurnSilenceMs));
  if (config.endOfTurnConfidenceThreshold !== undefined)
    params.set('end_of_turn_confidence_threshold', String(config.endOfTurnConfidenceThreshold));
  return url;
}

export class AssemblyAiStt implements SttProvider {
  readonly name = PROVIDER;

  constructor(private readonly config: AssemblyAiConfig) {}

  async open(context: SttContext, signal: AbortSignal): Promise<AssemblyAiStream> {
    if (signal.aborted) throw abortedError(PROVIDER);
    const settings = turnSettingsFor(context, this.config.maxTurnSilenceMs);
    const ws = new WebSocket(assemblyAiUrl(this.config, settings), {
      headers: { Authorization: this.config.apiKey },
      perMessageDeflate: false,
    });
    await waitForOpen(ws, signal, this.config.connectTimeoutMs);
    return new AssemblyAiStream(ws, this.config, settings, signal);
  }
}

function waitForOpen(ws: WebSocket, signal: AbortSignal, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const fail = (error: ProviderError) => {
      cleanup();
      ws.on('error', () => {}); // late errors of a socket we gave up on
      ws.terminate();
      reject(error);
    };
    const onOpen = () => {
      cleanup();
      resolve();
    };
    const onUnexpectedResponse = (
      _request: unknown,
      response: { statusCode?: number; resume(): void },
    ) => {
      const status = response.statusCode ?? 0;
      response.resume();
      fail(upgradeRefusedError(PROVIDER, status, 'ASSEMBLYAI_API_KEY'));
    };
    const onError = (error: Error) => fail(connectError(PROVIDER, error));
    const onClose = (code: number, reason: Buffer) =>
      fail(
        new ProviderError({
          provider: PROVIDER,
          kind: code === 1008 ? 'auth' : 'server',
          status: code,
          message: describeCloseCode(code, reason.toString()),
        }),
      );
    const onAbort = () => fail(abortedError(PROVIDER));
    const timer = setTimeout(
      () =>
        fail(
          new ProviderError({
            provider: PROVIDER,
            kind: 'timeout',
            message: `no connection within ${timeoutMs} ms`,
          }),
        ),
      timeoutMs,
    );
    function cleanup() {
      clearTimeout(timer);
      ws.off('open', onOpen);
      ws.off('unexpected-response', onUnexpectedResponse);
      ws.off('error', onError);
      ws.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
    }
    ws.on('open', onOpen);
    ws.on('unexpected-response', onUnexpectedResponse);
    ws.on('error', onError);
    ws.on('close', onClose);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export class AssemblyAiStream implements SttStream {
  readonly events: AsyncIterable<SttEvent>;
  /** The service's session id (from Begin), for support requests. */
  sessionId: string | undefined;
  private readonly emitter = new EventEmitter();
  private readonly sender: PacedAudioSender;
  private readonly turns: TurnTracker;
  private settings: AssemblyAiTurnSettings;
  private closing = false;
  private terminationReceived = false;
  private lastSocketError: string | undefined;
  private readonly closed: Promise<void>;
  private readonly terminated: Promise<void>;
  private onTerminated: () => void = () => {};
  private readonly onAbort = () => this.abort();

  constructor(
    private readonly ws: WebSocket,
    private readonly config: AssemblyAiConfig,
    settings: AssemblyAiTurnSettings,
    private readonly signal: AbortSignal,
  ) {
    this.settings = settings;
    // Listen before anything can be emitted; the iterator buffers until the session reads it.
    const source = on(this.emitter, 'event', { close: ['end'] });
    this.events = (async function* () {
      for await (const [event] of source) yield event as SttEvent;
    })();
    this.sender = new PacedAudioSender((data) => this.sendRaw(data), {
      batchMs: config.batchMs,
      bytesPerMs: MULAW_BYTES_PER_MS,
    });
    this.turns = new TurnTracker((event) => this.emit(event), {
      formatTurns: config.formatTurns,
      formattedTurnWaitMs: config.formattedTurnWaitMs,
      audioNowMs: () => this.sender.pushedMs,
    });
    this.terminated = new Promise((resolve) => (this.onTerminated = resolve));
    this.closed = new Promise((resolve) =>
      ws.once('close', (code: number, reason: Buffer) => {
        this.onClose(code, reason.toString());
        resolve();
      }),
    );
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) =>
      this.onMessage(data, isBinary),
    );
    ws.on('error', (error: Error) => (this.lastSocketError = error.message));
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Milliseconds of audio pushed so far (the clock of every event time). */
  get audioMs(): number {
    return this.sender.pushedMs;
  }

  push(mulawFrame: Uint8Array): void {
    if (!this.closing) this.sender.push(mulawFrame);
  }

  setContext(context: SttContext): void {
    if (this.closing) return;
    const next = turnSettingsFor(context, this.config.maxTurnSilenceMs);
    const message = updateConfigurationMessage(this.settings, next);
    this.settings = next;
    if (message) this.sender.control(JSON.stringify(message));
  }

  /** Ends the current turn now (e.g. the agent's own VAD saw the caller stop), after the audio pushed so far. */
  forceEndpoint(): void {
    if (this.closing) return;
    this.sender.flushPartial(false);
    this.sender.control(JSON.stringify({ type: 'ForceEndpoint' }));
  }

  /** Sends the remaining audio and Terminate, waits (bounded) for Termination, then closes. */
  async close(): Promise<void> {
    if (this.closing) return this.closed;
    this.closing = true;
    this.signal.removeEventListener('abort', this.onAbort);
    if (this.ws.readyState === WebSocket.OPEN) {
      this.sender.flushPartial(true);
      const deadline = new Promise<void>((resolve) =>
        setTimeout(resolve, this.config.terminateTimeoutMs).unref(),
      );
      await Promise.race([this.sender.drained(), deadline]);
      this.sendRaw(JSON.stringify({ type: 'Terminate' }));
      await Promise.race([this.terminated, this.closed, deadline]);
    }
    this.sender.stop();
    this.closeSocket();
    return this.closed;
  }

  private abort(): void {
    if (this.closing) return;
    this.closing = true;
    this.sender.stop();
    // Best effort: ends billing at once; we do not wait for the transcript of the tail.
    this.sendRaw(JSON.stringify({ type: 'Terminate' }));
    this.closeSocket();
  }

  private closeSocket(): void {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close(1000);
    setTimeout(() => this.ws.terminate(), CLOSE_HANDSHAKE_MS).unref();
  }

  private sendRaw(data: Uint8Array | string): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data);
  }

  private emit(event: SttEvent): void {
    this.emitter.emit('event', event);
  }

  private onMessage(data: WebSocket.RawData, isBinary: boolean): void {
    if (isBinary) return; // the service sends only JSON text
    const message = parseServerMessage(data.toString());
    if (typeof message === 'string') {
      this.emit({
        type: 'error',
        message: `AssemblyAI sent an unexpected message: ${message}`,
        fatal: false,
      });
      return;
    }
    switch (message.type) {
      case 'Begin':
        this.sessionId = message.id;
        break;
      case 'SpeechStarted':
        this.turns.onSpeechStarted(message.timestamp);
        break;
      case 'Turn':
        this.turns.onTurn(message);
        break;
      case 'Termination':
        this.terminationReceived = true;
        this.turns.flush();
        this.onTerminated();
        break;
      case 'Error':
        // A close follows; that one is reported as fatal.
        this.emit({ type: 'error', message: `AssemblyAI error: ${message.error}`, fatal: false });
        break;
    }
  }

  private onClose(code: number, reason: string): void {
    this.turns.flush();
    this.turns.dispose();
    this.sender.stop();
    this.signal.removeEventListener('abort', this.onAbort);
    const expected =
      this.closing &&
      (code === 1000 || code === 1005 || this.terminationReceived || this.signal.aborted);
    if (!expected) {
      const socketError = this.lastSocketError ? ` Socket error: ${this.lastSocketError}.` : '';
      const message =
        code === 1000
          ? `AssemblyAI ended the session unexpectedly (close 1000${reason ? `: ${reason}` : ''}).`
          : describeCloseCode(code, reason);
      this.emit({ type: 'error', message: message + socketError, fatal: true });
    }
    this.closing = true;
    this.emitter.emit('end');
  }
}
