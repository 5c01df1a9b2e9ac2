/**
 * A real HTTP server on 127.0.0.1 answering `POST /v1/audio/transcriptions` like OpenAI: a
 * multipart/form-data body (parsed here byte by byte, strictly: boundary, CRLFs, part headers) with
 * a `file` part and a `model` field (both required), optional `prompt` and `response_format`; a
 * Bearer key (else 401 with OpenAI's error body); audio under 0.1 s rejected with 400 as the real
 * API does. Answers `{ "text": … }` for response_format json (the default).
 *
 * Stricter than OpenAI in one way, on purpose: the file must be a RIFF/WAVE of 16-bit PCM, 8 kHz,
 * mono (what callbench sends), else 400; its samples are decoded and recorded so tests can check
 * the audio that went out. Replies are chosen per request by a function (requests arrive
 * concurrently, so in no fixed order): text, an HTTP error, or a hang until the client gives up.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveOnLoopback } from '../../../agent/providers/testing/loopback.ts';

export type FakeTranscriptionReply =
  | { type: 'text'; text: string }
  | {
      type: 'error';
      status: number;
      message?: string;
      /** sent as `retry-after-ms`, which the SDK honours */ retryAfterMs?: number;
    }
  /** Never answers; the connection stays open until the client aborts or the server closes. */
  | { type: 'hang' };

export interface ReceivedWav {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  samples: Int16Array;
}

export interface RecordedTranscriptionRequest {
  headers: IncomingMessage['headers'];
  /** Text fields (model, prompt, response_format, …). */
  fields: Record<string, string>;
  file: { filename: string; contentType: string | null; wav: ReceivedWav };
  clientClosedEarly: boolean;
  /** Settles when the response is done or the connection is gone: true if the client left before the answer. */
  closed: Promise<boolean>;
}

export interface FakeTranscriptionServerOptions {
  apiKey?: string;
  reply?: (request: RecordedTranscriptionRequest) => FakeTranscriptionReply;
}

export interface FakeTranscriptionServer {
  /** e.g. http://127.0.0.1:43123/v1 — the SDK's baseURL. */
  readonly baseURL: string;
  readonly apiKey: string;
  /** Every well-formed, authorized request, in arrival order. */
  readonly requests: RecordedTranscriptionRequest[];
  close(): Promise<void>;
}

export const KNOWN_TRANSCRIBE_MODELS = ['whisper-1', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe'];

class BadRequest extends Error {}

interface Part {
  name: string;
  filename: string | null;
  contentType: string | null;
  body: Buffer;
}

/** RFC 7578 multipart/form-data: `--boundary CRLF headers CRLF CRLF body CRLF` … `--boundary--`. */
export function parseMultipart(body: Buffer, contentType: string | undefined): Part[] {
  const match = /^multipart\/form-data;.*\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(
    contentType ?? '',
  );
  if (!match)
    throw new BadRequest(
      `expected multipart/form-data with a boundary, got content-type ${JSON.stringify(contentType ?? null)}`,
    );
  const boundary = match[1] ?? match[2];
  const delimiter = Buffer.from(`--${boundary}`);
  if (!body.subarray(0, delimiter.length).equals(delimiter))
    throw new BadRequest('multipart body does not start with its boundary');
  const parts: Part[] = [];
  let at = delimiter.length;
  for (;;) {
    const after = body.subarray(at, at + 2).toString('latin1');
    if (after === '--') return parts; // closing delimiter
    if (after !== '\r\n') throw new BadRequest('multipart boundary not followed by CRLF');
    const headersEnd = body.indexOf('\r\n\r\n', at + 2);
    if (headersEnd < 0)
      throw new BadRequest('multipart part without a blank line after its headers');
    const headers = new Map<string, string>();
    for (const line of body
      .subarray(at + 2, headersEnd)
      .toString('utf8')
      .split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon < 0)
        throw new BadRequest(`malformed multipart header line ${JSON.stringify(line)}`);
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headersEnd + 4);
    if (next < 0)
      throw new BadRequest('multipart part is not closed by a boundary (truncated body?)');
    const disposition = headers.get('content-disposition') ?? '';
    const name = /(?:^|;)\s*name="([^"]*)"/.exec(disposition)?.[1];
    if (!disposition.startsWith('form-data') || name === undefined)
      throw new BadRequest(`multipart part without Content-Disposition: form-data; name=…`);
    parts.push({
      name,
      filename: /;\s*filename="([^"]*)"/.exec(disposition)?.[1] ?? null,
      contentType: headers.get('content-type') ?? null,
      body: body.subarray(headersEnd + 4, next),
    });
    at = next + 2 + delimiter.length;
  }
}

/** Reads the WAV callbench is expected to send; anything else is a 400 naming what is wrong. */
export function parsePcmWav(bytes: Buffer): ReceivedWav {
  if (
    bytes.length < 12 ||
    bytes.toString('latin1', 0, 4) !== 'RIFF' ||
    bytes.toString('latin1', 8, 12) !== 'WAVE'
  )
    throw new BadRequest('file is not a RIFF/WAVE file');
  if (bytes.readUInt32LE(4) !== bytes.length - 8)
    throw new BadRequest(
      `RIFF size ${bytes.readUInt32LE(4)} does not match the file (${bytes.length - 8})`,
    );
  let fmt: Omit<ReceivedWav, 'samples'> | null = null;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = bytes.toString('latin1', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    if (id === 'fmt ') {
      if (bytes.readUInt16LE(at + 8) !== 1) throw new BadRequest('WAV is not PCM');
      fmt = {
        channels: bytes.readUInt16LE(at + 10),
        sampleRate: bytes.readUInt32LE(at + 12),
        bitsPerSample: bytes.readUInt16LE(at + 22),
      };
    } else if (id === 'data') {
      if (!fmt) throw new BadRequest('WAV data before its fmt chunk');
      if (fmt.sampleRate !== 8000 || fmt.channels !== 1 || fmt.bitsPerSample !== 16)
        throw new BadRequest(
          `fake expects 8 kHz mono 16-bit, got ${fmt.sampleRate} Hz ${fmt.channels} ch ${fmt.bitsPerSample}-bit`,
        );
      if (at + 8 + size > bytes.length) throw new BadRequest('WAV data chunk is truncated');
      const samples = new Int16Array(size / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(at + 8 + i * 2);
      return { ...fmt, samples };
    }
    at += 8 + size + (size & 1);
  }
  throw new BadRequest('WAV has no data chunk');
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  extraHeaders: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...extraHeaders });
  const code = status === 401 ? 'invalid_api_key' : null;
  res.end(
    JSON.stringify({
      error: {
        message,
        type: status < 500 ? 'invalid_request_error' : 'server_error',
        param: null,
        code,
      },
    }),
  );
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeTranscriptionServer(
  options: FakeTranscriptionServerOptions = {},
): Promise<FakeTranscriptionServer> {
  const apiKey = options.apiKey ?? 'test-key';
  const requests: RecordedTranscriptionRequest[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readRaw(req);
    if (req.method !== 'POST' || req.url !== '/v1/audio/transcriptions')
      return sendError(res, 404, `Invalid URL (${req.method} ${req.url})`);
    if (req.headers.authorization !== `Bearer ${apiKey}`)
      return sendError(
        res,
        401,
        `Incorrect API key provided: ${String(req.headers.authorization)
          .replace(/^Bearer /, '')
          .slice(0, 8)}…`,
      );
    let record: RecordedTranscriptionRequest;
    try {
      const parts = parseMultipart(raw, req.headers['content-type']);
      const fields: Record<string, string> = {};
      for (const p of parts) if (p.filename === null) fields[p.name] = p.body.toString('utf8');
      const file = parts.find((p) => p.name === 'file' && p.filename !== null);
      if (!file) throw new BadRequest("Missing required parameter: 'file'.");
      if (!fields.model) throw new BadRequest("Missing required parameter: 'model'.");
      if (!KNOWN_TRANSCRIBE_MODELS.includes(fields.model))
        throw new BadRequest(`Invalid model ${fields.model}.`);
      const format = fields.response_format ?? 'json';
      if (format !== 'json')
        throw new BadRequest(
          `fake server: response_format ${format} is not implemented (use json)`,
        );
      const wav = parsePcmWav(file.body);
      if (wav.samples.length < wav.sampleRate / 10)
        throw new BadRequest('Audio file is too short. Minimum audio length is 0.1 seconds.');
      let onClose = (_early: boolean): void => {};
      const closed = new Promise<boolean>((resolve) => (onClose = resolve));
      record = {
        headers: req.headers,
        fields,
        file: { filename: file.filename ?? '', contentType: file.contentType, wav },
        clientClosedEarly: false,
        closed,
      };
      res.on('close', () => {
        record.clientClosedEarly = !res.writableFinished;
        onClose(record.clientClosedEarly);
      });
    } catch (error) {
      if (error instanceof BadRequest) return sendError(res, 400, error.message);
      throw error;
    }
    requests.push(record);
    const reply = options.reply?.(record) ?? { type: 'text', text: '' };
    switch (reply.type) {
      case 'text':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            text: reply.text,
            usage: {
              type: 'duration',
              seconds: Math.ceil(record.file.wav.samples.length / record.file.wav.sampleRate),
            },
          }),
        );
        return;
      case 'error':
        return sendError(
          res,
          reply.status,
          reply.message ?? `scripted HTTP ${reply.status}`,
          reply.retryAfterMs === undefined ? {} : { 'retry-after-ms': String(reply.retryAfterMs) },
        );
      case 'hang':
        return; // the response stays open
    }
  }

  const { port, close } = await serveOnLoopback(handle, (res, message) =>
    sendError(res, 500, message),
  );
  return { baseURL: `http://127.0.0.1:${port}/v1`, apiKey, requests, close };
}
