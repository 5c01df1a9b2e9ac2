/**
 * A WebSocket server on 127.0.0.1 that speaks ElevenLabs' stream-input protocol
 * (`/v1/text-to-speech/{voice}/stream-input?model_id=…&output_format=ulaw_8000`):
 * - `xi-api-key` must match, else the socket is closed with 1008 (as ElevenLabs reports
 *   policy violations; the exact reason text is unconfirmed);
 * - the first message must be `{"text":" "}` (voice settings allowed), later ones add text;
 *   `flush: true` or `{"text":""}` makes it synthesize what it has; after `{"text":""}` it sends
 *   `{"isFinal": true}` and closes 1000, as the service does;
 * - "synthesis" is a deterministic tone, `msPerChar` of 8 kHz mu-law per character, sent as
 *   base64 `audio` messages of `chunkMs`, optionally led by a WAV or .snd header;
 * - it can stall (for timeout and abort tests) or fail mid-stream with a close code.
 */
import { createServer } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { toneMulaw } from './audio-fixtures.ts';
import { closeServer, delay, listenOnLoopback } from './loopback.ts';

export interface FakeElevenLabsOptions {
  apiKey?: string;
  msPerChar?: number;
  chunkMs?: number;
  /** Pause before each audio message. */
  chunkDelayMs?: number;
  /** Prefix the first audio message with a header (to test that adapters strip it). */
  header?: 'riff' | 'snd' | 'riff-pcm16';
  /** Accept text but never answer. */
  stall?: boolean;
  /** After this many audio messages, send an error message (if given) and close with `code`. */
  failAfterChunks?: { chunks: number; code: number; reason: string; errorMessage?: string };
}

export interface FakeElevenLabsConnection {
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  messages: Record<string, unknown>[];
  audioMessagesSent: number;
  /** Close code as seen by the server (1006 when the client terminated the socket). */
  closeCode: number | undefined;
}

export interface FakeElevenLabsServer {
  /** ws://127.0.0.1:port */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly connections: FakeElevenLabsConnection[];
  close(): Promise<void>;
}

/** A canonical 44-byte WAV header for 8 kHz mono audio (mu-law, or 16-bit PCM to test rejection). */
export function wavHeader(dataBytes: number, format: 'mulaw' | 'pcm16' = 'mulaw'): Uint8Array {
  const header = Buffer.alloc(44);
  const bytesPerSample = format === 'mulaw' ? 1 : 2;
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(format === 'mulaw' ? 7 : 1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000 * bytesPerSample, 28);
  header.writeUInt16LE(bytesPerSample, 32);
  header.writeUInt16LE(8 * bytesPerSample, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

/** A 24-byte Sun .au header for 8 kHz mono mu-law. */
export function sndHeader(dataBytes: number): Uint8Array {
  const header = Buffer.alloc(24);
  header.write('.snd', 0, 'ascii');
  header.writeUInt32BE(24, 4);
  header.writeUInt32BE(dataBytes, 8);
  header.writeUInt32BE(1, 12);
  header.writeUInt32BE(8000, 16);
  header.writeUInt32BE(1, 20);
  return header;
}

/** The audio the fake produces for `text` (without header), for exact comparisons. */
export function fakeElevenLabsAudio(text: string, msPerChar = 20): Uint8Array {
  return toneMulaw(text.trim().length * msPerChar, 300 + (text.trim().length % 7) * 50);
}

export async function startFakeElevenLabsServer(
  options: FakeElevenLabsOptions = {},
): Promise<FakeElevenLabsServer> {
  const apiKey = options.apiKey ?? 'el-test-key';
  const connections: FakeElevenLabsConnection[] = [];
  const http = createServer((_req, res) => {
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });

  wss.on('connection', (ws, req) => {
    const url = new URL(req.url ?? '/', 'ws://127.0.0.1');
    const record: FakeElevenLabsConnection = {
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      messages: [],
      audioMessagesSent: 0,
      closeCode: undefined,
    };
    connections.push(record);
    ws.on('close', (code) => (record.closeCode ??= code));
    if (!/^\/v1\/text-to-speech\/[^/]+\/stream-input$/.test(url.pathname))
      return void ws.close(1008, `unknown path ${url.pathname}`);
    if (req.headers['xi-api-key'] !== apiKey) return void ws.close(1008, 'Invalid API key');
    if (!url.searchParams.get('model_id')) return void ws.close(1008, 'model_id is required');
    new FakeStream(ws, record, options).start();
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

class FakeStream {
  private buffer = '';
  private initialized = false;
  private headerSent = false;
  /** Synthesis runs one request at a time, in order. */
  private work: Promise<void> = Promise.resolve();
  private readonly gone = new AbortController();

  constructor(
    private readonly ws: WebSocket,
    private readonly record: FakeElevenLabsConnection,
    private readonly options: FakeElevenLabsOptions,
  ) {}

  start(): void {
    this.ws.on('close', () => this.gone.abort());
    this.ws.on('message', (data: RawData) => this.onMessage(data.toString()));
  }

  private onMessage(text: string): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(text) as Record<string, unknown>;
    } catch {
      this.sendError(
        'invalid_input_message',
        'Could not parse input message, make sure it is a json and follows the schema outlined in protocol.',
      );
      return;
    }
    this.record.messages.push(message);
    if (typeof message.text !== 'string')
      return this.sendError('invalid_input_message', 'text is required');
    if (!this.initialized) {
      if (message.text !== ' ')
        return this.sendError('invalid_input_message', 'the first message must be {"text": " "}');
      this.initialized = true;
      return;
    }
    if (this.options.stall) return;
    if (message.text === '') {
      this.synthesize(true);
      return;
    }
    this.buffer += message.text;
    if (message.flush === true) this.synthesize(false);
  }

  private sendError(error: string, description: string): void {
    this.ws.send(JSON.stringify({ message: description, error, code: 1008 }));
    this.ws.close(1008, description.slice(0, 120));
  }

  private synthesize(end: boolean): void {
    const text = this.buffer;
    this.buffer = '';
    this.work = this.work.then(async () => {
      if (text.trim()) await this.sendAudio(text);
      if (end && !this.gone.signal.aborted) {
        this.ws.send(JSON.stringify({ isFinal: true }));
        this.ws.close(1000);
      }
    });
  }

  private async sendAudio(text: string): Promise<void> {
    const audio = fakeElevenLabsAudio(text, this.options.msPerChar);
    const chunkBytes = (this.options.chunkMs ?? 100) * 8;
    for (let offset = 0; offset < audio.length; offset += chunkBytes) {
      if (this.options.chunkDelayMs) await delay(this.options.chunkDelayMs, this.gone.signal);
      if (this.gone.signal.aborted) return;
      const fail = this.options.failAfterChunks;
      if (fail && this.record.audioMessagesSent >= fail.chunks) {
        if (fail.errorMessage)
          this.ws.send(
            JSON.stringify({ message: fail.errorMessage, error: 'server_error', code: fail.code }),
          );
        this.ws.close(fail.code, fail.reason);
        this.gone.abort();
        return;
      }
      let bytes: Uint8Array = audio.subarray(offset, offset + chunkBytes);
      if (this.options.header && !this.headerSent) {
        this.headerSent = true;
        const header =
          this.options.header === 'snd'
            ? sndHeader(audio.length)
            : wavHeader(audio.length, this.options.header === 'riff' ? 'mulaw' : 'pcm16');
        bytes = Buffer.concat([header, bytes]);
      }
      this.record.audioMessagesSent++;
      this.ws.send(
        JSON.stringify({
          audio: Buffer.from(bytes).toString('base64'),
          isFinal: null,
          normalizedAlignment: null,
          alignment: null,
        }),
      );
    }
  }
}
