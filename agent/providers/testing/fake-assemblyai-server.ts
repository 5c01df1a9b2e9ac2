/**
 * A WebSocket server on 127.0.0.1 that behaves like AssemblyAI Universal Streaming v3
 * (`/v3/ws`) for the parts an adapter can get wrong:
 * - `Authorization` header (or `?token=`) must match, else close 1008;
 * - `speech_model` is required and `keyterms_prompt` must be a JSON array of strings (else 3006);
 * - every binary message must hold 50–1000 ms of audio, and audio must not arrive faster than
 *   real time (else close 3007), exactly the rules that make Twilio's 20 ms frames fail;
 * - sends Begin, then scripted turns driven by the audio received: SpeechStarted (U3 Pro models),
 *   partial Turns word by word, an end_of_turn Turn after the turn's silence, and a formatted Turn
 *   when `format_turns=true`; ForceEndpoint ends the current turn at once;
 * - `Terminate` → in-flight turn, `Termination`, close 1000.
 * Every connection is recorded (query, headers, control messages, audio) for assertions.
 */
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { closeServer, listenOnLoopback } from './loopback.ts';

export interface FakeWord {
  text: string;
  startMs: number;
  endMs: number;
  confidence?: number;
}

export interface FakeTurn {
  words: FakeWord[];
  /** The formatted transcript (format_turns=true); defaults to the words, capitalized, with a period. */
  formatted?: string;
}

export interface FakeAssemblyAiOptions {
  apiKey?: string;
  /** Turns in audio order; the same script plays on every connection. */
  turns?: FakeTurn[];
  /** Silence after a turn's last word before its end_of_turn message. */
  endOfTurnSilenceMs?: number;
  /** Pause between the unformatted and the formatted end-of-turn message. */
  formattingDelayMs?: number;
  /** How far ahead of real time audio may get before close 3007: an allowance for event-loop stalls (default 150 ms). */
  paceToleranceMs?: number;
  /** Send SpeechStarted; defaults to true for U3 Pro models (speech_model starting with "u3"). */
  speechStarted?: boolean;
  /** Close with this code once this much audio was received (a server failure mid-session). */
  failAfterAudio?: { audioMs: number; code: number; reason: string; errorMessage?: string };
}

export interface FakeAssemblyAiConnection {
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** JSON messages received, parsed. */
  controls: Record<string, unknown>[];
  /** Duration of each binary message received, in ms. */
  audioMessageMs: number[];
  audioMs: number;
  closeCode: number | undefined;
  closeReason: string;
}

export interface FakeAssemblyAiServer {
  /** ws://127.0.0.1:port — the adapter appends /v3/ws. */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly connections: FakeAssemblyAiConnection[];
  close(): Promise<void>;
}

const KNOWN_CONTROLS = new Set(['UpdateConfiguration', 'ForceEndpoint', 'KeepAlive', 'Terminate']);

/** Words spread evenly from `startMs`, for scripts that do not care about exact times. */
export function wordsAt(text: string, startMs: number, wordMs = 250): FakeWord[] {
  return text.split(/\s+/).map((word, i) => ({
    text: word,
    startMs: startMs + i * wordMs,
    endMs: startMs + (i + 1) * wordMs - 40,
  }));
}

export async function startFakeAssemblyAiServer(
  options: FakeAssemblyAiOptions = {},
): Promise<FakeAssemblyAiServer> {
  const apiKey = options.apiKey ?? 'aai-test-key';
  const connections: FakeAssemblyAiConnection[] = [];
  const http = createServer((_req, res) => {
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });

  wss.on('connection', (ws, req) => {
    const url = new URL(req.url ?? '/', 'ws://127.0.0.1');
    const record: FakeAssemblyAiConnection = {
      query: url.searchParams,
      headers: req.headers,
      controls: [],
      audioMessageMs: [],
      audioMs: 0,
      closeCode: undefined,
      closeReason: '',
    };
    connections.push(record);
    ws.on('close', (code, reason) => {
      record.closeCode ??= code;
      record.closeReason ||= reason.toString();
    });
    const closeWith = (code: number, reason: string) => {
      record.closeCode = code;
      record.closeReason = reason;
      ws.close(code, reason);
    };
    if (url.pathname !== '/v3/ws') return closeWith(3006, `unknown path ${url.pathname}`);
    const key = req.headers.authorization ?? url.searchParams.get('token');
    if (key !== apiKey) return closeWith(1008, 'Unauthorized connection: Invalid API key');
    const speechModel = url.searchParams.get('speech_model');
    if (!speechModel) return closeWith(3006, 'speech_model is required');
    const keyterms = url.searchParams.get('keyterms_prompt');
    if (keyterms !== null && !isStringArrayJson(keyterms))
      return closeWith(3006, 'keyterms_prompt must be a JSON array of strings');
    new FakeSession(ws, record, options, url.searchParams, speechModel, closeWith).start();
  });

  const port = await listenOnLoopback(http);
  return {
    baseUrl: `ws://127.0.0.1:${port}`,
    apiKey,
    connections,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await closeServer(http);
    },
  };
}

function isStringArrayJson(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string');
  } catch {
    return false;
  }
}

/** One connection's scripted behaviour. */
class FakeSession {
  private readonly bytesPerMs: number;
  private readonly formatTurns: boolean;
  private readonly sendSpeechStarted: boolean;
  private firstAudioAt: number | undefined;
  private readonly sessionStart = performance.now();
  private turnIndex = 0;
  private turnOrder = 0;
  /** Words of the current turn already sent in a partial. */
  private wordsSent = 0;
  private speechStartedSent = false;
  private ended = false;
  private failed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly record: FakeAssemblyAiConnection,
    private readonly options: FakeAssemblyAiOptions,
    query: URLSearchParams,
    speechModel: string,
    private readonly closeWith: (code: number, reason: string) => void,
  ) {
    const sampleRate = Number(query.get('sample_rate') ?? 16000);
    this.bytesPerMs = ((query.get('encoding') === 'pcm_mulaw' ? 1 : 2) * sampleRate) / 1000;
    this.formatTurns = query.get('format_turns') === 'true';
    this.sendSpeechStarted = options.speechStarted ?? speechModel.startsWith('u3');
  }

  start(): void {
    this.send({
      type: 'Begin',
      id: randomUUID(),
      expires_at: Math.floor(Date.now() / 1000) + 3 * 3600,
    });
    this.ws.on('message', (data: RawData, isBinary: boolean) => {
      if (this.ended) return;
      if (isBinary) this.onAudio(data as Buffer);
      else this.onControl(data.toString());
    });
  }

  private get turn(): FakeTurn | undefined {
    return this.options.turns?.[this.turnIndex];
  }

  private send(message: Record<string, unknown>): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  private onAudio(data: Buffer): void {
    const now = performance.now();
    const ms = data.length / this.bytesPerMs;
    if (ms < 50 || ms > 1000) {
      return this.closeWith(
        3007,
        `Input duration violation: ${ms.toFixed(1)} ms. Expected between 50 and 1000 ms.`,
      );
    }
    this.firstAudioAt ??= now;
    const elapsed = now - this.firstAudioAt;
    if (this.record.audioMs > elapsed + (this.options.paceToleranceMs ?? 150)) {
      return this.closeWith(
        3007,
        `Audio sent faster than real time: ${this.record.audioMs.toFixed(0)} ms of audio after ${elapsed.toFixed(0)} ms.`,
      );
    }
    this.record.audioMessageMs.push(ms);
    this.record.audioMs += ms;
    const fail = this.options.failAfterAudio;
    if (fail && !this.failed && this.record.audioMs >= fail.audioMs) {
      this.failed = true;
      if (fail.errorMessage) this.ws.send(JSON.stringify({ error: fail.errorMessage }));
      return this.closeWith(fail.code, fail.reason);
    }
    this.advanceScript();
  }

  private onControl(text: string): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return this.closeWith(3006, 'Invalid Message: not JSON');
    }
    this.record.controls.push(message);
    if (typeof message.type !== 'string' || !KNOWN_CONTROLS.has(message.type)) {
      return this.closeWith(3006, `Invalid Message Type: ${String(message.type)}`);
    }
    if (message.type === 'UpdateConfiguration' && 'keyterms_prompt' in message) {
      const terms = message.keyterms_prompt;
      if (!Array.isArray(terms) || !terms.every((t) => typeof t === 'string'))
        return this.closeWith(3006, 'keyterms_prompt must be an array of strings');
    }
    if (message.type === 'ForceEndpoint') this.endTurn();
    if (message.type === 'Terminate') this.terminate();
  }

  /** Sends what the audio received so far makes due: SpeechStarted, partials, end of turn. */
  private advanceScript(): void {
    for (;;) {
      const turn = this.turn;
      if (!turn || turn.words.length === 0) return;
      const audioMs = this.record.audioMs;
      if (this.sendSpeechStarted && !this.speechStartedSent && audioMs >= turn.words[0].startMs) {
        this.speechStartedSent = true;
        this.send({ type: 'SpeechStarted', timestamp: turn.words[0].startMs, confidence: 0.93 });
      }
      let due = this.wordsSent;
      while (due < turn.words.length && turn.words[due].endMs <= audioMs) due++;
      if (due > this.wordsSent) {
        this.wordsSent = due;
        this.sendTurn(turn.words.slice(0, due), false, false);
      }
      const last = turn.words[turn.words.length - 1];
      if (
        this.wordsSent < turn.words.length ||
        audioMs < last.endMs + (this.options.endOfTurnSilenceMs ?? 400)
      )
        return;
      this.endTurn();
    }
  }

  /** Ends the current turn with the words sent so far (ForceEndpoint) or all of them. */
  private endTurn(): void {
    const turn = this.turn;
    if (!turn || this.wordsSent === 0) return;
    const words = turn.words.slice(0, this.wordsSent);
    const complete = this.wordsSent === turn.words.length;
    this.sendTurn(words, true, false);
    if (this.formatTurns) {
      const formatted = complete && turn.formatted ? turn.formatted : formatWords(words);
      const order = this.turnOrder;
      setTimeout(
        () => this.sendTurn(words, true, true, formatted, order),
        this.options.formattingDelayMs ?? 30,
      );
    }
    this.turnIndex++;
    this.turnOrder++;
    this.wordsSent = 0;
    this.speechStartedSent = false;
  }

  private sendTurn(
    words: FakeWord[],
    endOfTurn: boolean,
    formatted: boolean,
    formattedText?: string,
    order = this.turnOrder,
  ): void {
    // Unformatted partials: every word but the newest is final, as the service reports them.
    const wire = words.map((w, i) => ({
      start: w.startMs,
      end: w.endMs,
      text: w.text,
      confidence: w.confidence ?? 0.9,
      word_is_final: endOfTurn || i < words.length - 1,
    }));
    const transcript = formatted
      ? (formattedText ?? formatWords(words))
      : wire
          .filter((w) => w.word_is_final)
          .map((w) => w.text)
          .join(' ');
    this.send({
      turn_order: order,
      turn_is_formatted: formatted,
      end_of_turn: endOfTurn,
      transcript,
      end_of_turn_confidence: endOfTurn ? 0.8 : 0.05,
      words: wire,
      utterance: '',
      type: 'Turn',
    });
  }

  private terminate(): void {
    this.endTurn();
    this.ended = true;
    // After a formatted turn that may still be on its way.
    setTimeout(
      () => {
        this.send({
          type: 'Termination',
          audio_duration_seconds: Math.round(this.record.audioMs / 1000),
          session_duration_seconds: Math.round((performance.now() - this.sessionStart) / 1000),
        });
        this.closeWith(1000, '');
      },
      this.formatTurns ? (this.options.formattingDelayMs ?? 30) + 5 : 0,
    );
  }
}

function formatWords(words: FakeWord[]): string {
  const text = words.map((w) => w.text).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}
