/**
 * A real HTTP server on 127.0.0.1 that answers `POST /v1/chat/completions` the way OpenAI does
 * when `stream: true`: server-sent events, one `data: {chat.completion.chunk}` per delta, then
 * `data: [DONE]`. Without `stream: true` it answers with one `chat.completion` object built from
 * the same scripted chunks (so one script serves both), as one-shot clients such as the judge ask. Replies are scripted per request (text split mid-word, tool calls whose
 * arguments arrive in fragments, Ollama's everything-at-index-0, delays, HTTP errors, hangs),
 * and every request is recorded so tests can check the messages a client sent.
 *
 * Like the real API it rejects a wrong key (401) and a conversation whose tool messages do not
 * answer the preceding assistant `tool_calls` (400), so history bugs fail loudly.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { delay, readBody, serveOnLoopback } from './loopback.ts';

export interface WireToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments?: string };
}

export interface FakeChunk {
  role?: 'assistant';
  content?: string;
  toolCalls?: WireToolCallDelta[];
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
}

export type FakeChatReply =
  | {
      type: 'stream';
      chunks: FakeChunk[];
      /** Pause before each chunk (the first one included): simulates token pacing. */
      chunkDelayMs?: number;
      /** Pause before the response headers (time to first byte). */
      headersDelayMs?: number;
    }
  /** Sends these chunks, then an SSE error object, then ends (a server failing mid-reply). */
  | { type: 'stream_error'; chunks: FakeChunk[]; message: string }
  | { type: 'error'; status: number; message?: string; code?: string }
  /** Sends headers and `chunks`, then nothing until the client gives up. */
  | { type: 'hang'; chunks?: FakeChunk[] };

export interface RecordedChatRequest {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  /** True once the client closed the connection before the reply ended (abort). */
  clientClosedEarly: boolean;
}

export interface FakeOpenAiServer {
  /** e.g. http://127.0.0.1:43123/v1 — pass as the SDK's baseURL. */
  readonly baseURL: string;
  readonly apiKey: string;
  readonly requests: RecordedChatRequest[];
  /** Queues replies, used in order, one per request. With none left: `fallback`, else HTTP 500. */
  enqueue(...replies: FakeChatReply[]): void;
  close(): Promise<void>;
}

/** A text reply split into pieces of `pieceChars` characters (cutting words, as tokens do). */
export function textReply(
  text: string,
  options: { pieceChars?: number; chunkDelayMs?: number } = {},
): FakeChatReply {
  const size = options.pieceChars ?? 3;
  const chunks: FakeChunk[] = [{ role: 'assistant', content: '' }];
  for (let i = 0; i < text.length; i += size) chunks.push({ content: text.slice(i, i + size) });
  chunks.push({ finishReason: 'stop' });
  return { type: 'stream', chunks, chunkDelayMs: options.chunkDelayMs };
}

export interface ScriptedToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown> | string;
}

/**
 * Tool calls the way OpenAI streams them: the first fragment of each carries id, type and
 * name with empty arguments, later fragments append `argPieceChars` of arguments. `ollama`
 * puts every fragment at index 0. `text` is spoken before the calls.
 */
export function toolCallReply(
  calls: ScriptedToolCall[],
  options: { text?: string; argPieceChars?: number; ollama?: boolean; chunkDelayMs?: number } = {},
): FakeChatReply {
  const size = options.argPieceChars ?? 4;
  const chunks: FakeChunk[] = [{ role: 'assistant', content: options.text ? '' : undefined }];
  if (options.text)
    for (let i = 0; i < options.text.length; i += 3)
      chunks.push({ content: options.text.slice(i, i + 3) });
  calls.forEach((call, n) => {
    const index = options.ollama ? 0 : n;
    const args =
      typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
    chunks.push({
      toolCalls: [
        { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
      ],
    });
    for (let i = 0; i < args.length; i += size)
      chunks.push({ toolCalls: [{ index, function: { arguments: args.slice(i, i + size) } }] });
  });
  chunks.push({ finishReason: 'tool_calls' });
  return { type: 'stream', chunks, chunkDelayMs: options.chunkDelayMs };
}

function chunkJson(id: string, model: string, chunk: FakeChunk): string {
  const delta: Record<string, unknown> = {};
  if (chunk.role) delta.role = chunk.role;
  if (chunk.content !== undefined) delta.content = chunk.content;
  if (chunk.toolCalls) delta.tool_calls = chunk.toolCalls;
  return JSON.stringify({
    id,
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model,
    system_fingerprint: 'fp_fake',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: chunk.finishReason ?? null }],
  });
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  code: string | null,
  type = 'invalid_request_error',
): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message, type, param: null, code } }));
}

/** The checks OpenAI applies to a conversation with tool calls; returns the violation, if any. */
export function toolMessageViolation(messages: unknown[]): string | undefined {
  let open = new Set<string>();
  for (const [i, raw] of messages.entries()) {
    const m = raw as { role?: unknown; tool_calls?: unknown; tool_call_id?: unknown };
    if (m.role === 'tool') {
      if (typeof m.tool_call_id !== 'string' || !open.has(m.tool_call_id)) {
        return `messages[${i}]: messages with role 'tool' must be a response to a preceding message with 'tool_calls'`;
      }
      open.delete(m.tool_call_id);
      continue;
    }
    if (open.size > 0) {
      return `messages[${i}]: an assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id' (missing ${[...open].join(', ')})`;
    }
    open = new Set();
    if (m.role === 'assistant' && Array.isArray(m.tool_calls)) {
      for (const call of m.tool_calls as { id?: unknown }[])
        if (typeof call.id === 'string') open.add(call.id);
    }
  }
  if (open.size > 0)
    return `the last assistant message's tool_calls have no tool responses (${[...open].join(', ')})`;
  return undefined;
}

/** The chunks' deltas merged into one assistant message, as a non-streaming reply carries it. */
function mergeChunks(chunks: readonly FakeChunk[]): {
  message: Record<string, unknown>;
  finishReason: string;
} {
  let content: string | null = null;
  const calls = new Map<
    number,
    { id?: string; type: 'function'; function: { name: string; arguments: string } }
  >();
  let finishReason = 'stop';
  for (const chunk of chunks) {
    if (chunk.content !== undefined) content = (content ?? '') + chunk.content;
    for (const delta of chunk.toolCalls ?? []) {
      const call = calls.get(delta.index) ?? {
        type: 'function' as const,
        function: { name: '', arguments: '' },
      };
      if (delta.id) call.id = delta.id;
      call.function.name += delta.function.name ?? '';
      call.function.arguments += delta.function.arguments ?? '';
      calls.set(delta.index, call);
    }
    if (chunk.finishReason) finishReason = chunk.finishReason;
  }
  const message: Record<string, unknown> = { role: 'assistant', content, refusal: null };
  if (calls.size > 0) message.tool_calls = [...calls.values()];
  return { message, finishReason };
}

/** A non-streaming request: the scripted reply as one `chat.completion` (or an error / a hang). */
async function sendWholeCompletion(
  res: ServerResponse,
  id: string,
  model: string,
  reply: FakeChatReply,
  closed: AbortSignal,
): Promise<void> {
  if (reply.type === 'hang') return; // no headers, no body: the client's timeout or abort ends it
  if (reply.type === 'error') return; // handled before; kept so the union narrows
  if (reply.type === 'stream_error')
    return sendError(res, 500, reply.message, null, 'server_error');
  if (reply.headersDelayMs) await delay(reply.headersDelayMs, closed);
  if (closed.aborted) return;
  const { message, finishReason } = mergeChunks(reply.chunks);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id,
      object: 'chat.completion',
      created: 1_700_000_000,
      model,
      system_fingerprint: 'fp_fake',
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
      usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    }),
  );
}

export interface FakeOpenAiOptions {
  apiKey?: string;
  /** The reply for requests when nothing is queued (e.g. for conformance suites). */
  fallback?: (request: RecordedChatRequest) => FakeChatReply;
}

export async function startFakeOpenAiServer(
  options: FakeOpenAiOptions = {},
): Promise<FakeOpenAiServer> {
  const apiKey = options.apiKey ?? 'test-key';
  const queue: FakeChatReply[] = [];
  const requests: RecordedChatRequest[] = [];
  let completionCount = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const text = await readBody(req);
    if (req.method !== 'POST' || url.pathname !== '/v1/chat/completions') {
      return sendError(
        res,
        404,
        `Unknown request URL: ${req.method} ${url.pathname}`,
        'unknown_url',
      );
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return sendError(res, 401, 'Incorrect API key provided.', 'invalid_api_key');
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return sendError(res, 400, 'We could not parse the JSON body of your request.', null);
    }
    const record: RecordedChatRequest = { headers: req.headers, body, clientClosedEarly: false };
    requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.clientClosedEarly = true;
    });
    if (typeof body.model !== 'string' || !Array.isArray(body.messages)) {
      return sendError(
        res,
        400,
        "Missing required parameter: 'model' or 'messages'.",
        'missing_required_parameter',
      );
    }
    const violation = toolMessageViolation(body.messages);
    if (violation) return sendError(res, 400, `Invalid parameter: ${violation}`, null);

    const reply = queue.shift() ?? options.fallback?.(record);
    if (!reply)
      return sendError(
        res,
        500,
        'fake OpenAI server: no scripted reply left for this request',
        null,
        'server_error',
      );
    if (reply.type === 'error') {
      const type =
        reply.status === 429
          ? 'rate_limit_exceeded'
          : reply.status >= 500
            ? 'server_error'
            : 'invalid_request_error';
      return sendError(
        res,
        reply.status,
        reply.message ?? `scripted HTTP ${reply.status}`,
        reply.code ?? null,
        type,
      );
    }

    const id = `chatcmpl-fake${++completionCount}`;
    const model = body.model;
    const closed = new AbortController();
    res.on('close', () => closed.abort());
    if (body.stream !== true) return sendWholeCompletion(res, id, model, reply, closed.signal);
    if (reply.type === 'stream' && reply.headersDelayMs)
      await delay(reply.headersDelayMs, closed.signal);
    if (closed.signal.aborted) return;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.flushHeaders();
    for (const chunk of reply.chunks ?? []) {
      if (reply.type === 'stream' && reply.chunkDelayMs)
        await delay(reply.chunkDelayMs, closed.signal);
      if (closed.signal.aborted) return;
      res.write(`data: ${chunkJson(id, model, chunk)}\n\n`);
    }
    if (reply.type === 'hang') return; // leave the stream open; close() or the client ends it
    if (reply.type === 'stream_error') {
      res.write(
        `data: ${JSON.stringify({ error: { message: reply.message, type: 'server_error', param: null, code: null } })}\n\n`,
      );
      res.end();
      return;
    }
    res.end('data: [DONE]\n\n');
  }

  const { port, close } = await serveOnLoopback(handle, (res, message) =>
    sendError(res, 500, message, null, 'server_error'),
  );
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    enqueue: (...replies) => void queue.push(...replies),
    close,
  };
}
