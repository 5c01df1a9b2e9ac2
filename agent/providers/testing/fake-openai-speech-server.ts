/**
 * A real HTTP server on 127.0.0.1 answering `POST /v1/audio/speech` like OpenAI: JSON body with
 * `model`, `input`, `voice` (required) and `response_format`; a Bearer key (else 401); the audio
 * streamed with chunked transfer encoding. `pcm` is 24 kHz 16-bit little-endian mono without a
 * header, `wav` the same behind a WAV header; other formats get 400 here (the fake cannot encode
 * them). Chunks have odd byte sizes on purpose, so a client must handle samples split across
 * chunks. Scriptable: delays, HTTP errors, a stall after the headers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tonePcm } from './audio-fixtures.ts';
import { delay, readBody, serveOnLoopback } from './loopback.ts';

export interface FakeOpenAiSpeechOptions {
  apiKey?: string;
  msPerChar?: number;
  /** Bytes per body chunk; odd by default so samples straddle chunks. */
  chunkBytes?: number;
  chunkDelayMs?: number;
  /** Reply to every request with this HTTP error instead. */
  errorStatus?: number;
  /** Send headers and this many chunks, then nothing. */
  stallAfterChunks?: number;
}

export interface RecordedSpeechRequest {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  clientClosedEarly: boolean;
}

export interface FakeOpenAiSpeechServer {
  readonly baseURL: string;
  readonly apiKey: string;
  readonly requests: RecordedSpeechRequest[];
  close(): Promise<void>;
}

export const FAKE_SPEECH_RATE = 24000;

/** The 24 kHz PCM the fake speaks for `input`. */
export function fakeSpeechPcm(input: string, msPerChar = 20): Int16Array {
  return tonePcm(input.length * msPerChar, 500, FAKE_SPEECH_RATE, 6000);
}

function pcmBytes(pcm: Int16Array): Buffer {
  const bytes = Buffer.alloc(pcm.length * 2);
  for (let i = 0; i < pcm.length; i++) bytes.writeInt16LE(pcm[i], i * 2);
  return bytes;
}

function wavHeader24k(dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(FAKE_SPEECH_RATE, 24);
  h.writeUInt32LE(FAKE_SPEECH_RATE * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

function sendError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      error: {
        message,
        type: status === 401 ? 'invalid_request_error' : 'server_error',
        param: null,
        code: null,
      },
    }),
  );
}

export async function startFakeOpenAiSpeechServer(
  options: FakeOpenAiSpeechOptions = {},
): Promise<FakeOpenAiSpeechServer> {
  const apiKey = options.apiKey ?? 'test-key';
  const requests: RecordedSpeechRequest[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    if (req.method !== 'POST' || req.url !== '/v1/audio/speech')
      return sendError(res, 404, `Unknown request URL: ${req.method} ${req.url}`);
    if (req.headers.authorization !== `Bearer ${apiKey}`)
      return sendError(res, 401, 'Incorrect API key provided.');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return sendError(res, 400, 'We could not parse the JSON body of your request.');
    }
    const record: RecordedSpeechRequest = { headers: req.headers, body, clientClosedEarly: false };
    requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.clientClosedEarly = true;
    });
    if (
      typeof body.input !== 'string' ||
      typeof body.model !== 'string' ||
      typeof body.voice !== 'string'
    ) {
      return sendError(res, 400, "Missing required parameter: 'input', 'model' or 'voice'.");
    }
    if (options.errorStatus)
      return sendError(res, options.errorStatus, `scripted HTTP ${options.errorStatus}`);
    const format = body.response_format ?? 'mp3';
    if (format !== 'pcm' && format !== 'wav')
      return sendError(
        res,
        400,
        `fake server: response_format ${String(format)} is not implemented (use pcm or wav)`,
      );

    const pcm = pcmBytes(fakeSpeechPcm(body.input, options.msPerChar));
    const payload = format === 'wav' ? Buffer.concat([wavHeader24k(pcm.length), pcm]) : pcm;
    const closed = new AbortController();
    res.on('close', () => closed.abort());
    res.writeHead(200, {
      'content-type': format === 'wav' ? 'audio/wav' : 'audio/pcm',
      'transfer-encoding': 'chunked',
    });
    res.flushHeaders();
    const chunkBytes = options.chunkBytes ?? 4801;
    let sent = 0;
    for (let offset = 0; offset < payload.length; offset += chunkBytes) {
      if (options.stallAfterChunks !== undefined && sent >= options.stallAfterChunks) return; // hold the response open
      if (options.chunkDelayMs) await delay(options.chunkDelayMs, closed.signal);
      if (closed.signal.aborted) return;
      res.write(payload.subarray(offset, offset + chunkBytes));
      sent++;
    }
    res.end();
  }

  const { port, close } = await serveOnLoopback(handle, (res, message) =>
    sendError(res, 500, message),
  );
  return { baseURL: `http://127.0.0.1:${port}/v1`, apiKey, requests, close };
}
