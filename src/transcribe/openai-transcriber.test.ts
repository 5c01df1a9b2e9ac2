/**
 * The cloud transcriber against a local server speaking OpenAI's transcription API: what goes on
 * the wire (one 8 kHz mono 16-bit WAV per segment, model, phrases as prompt) and what comes back,
 * including the failures (HTTP errors, a hang, a refused key) that must not cost the other segments.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeMulawSample } from '../audio/mulaw.ts';
import type { HeardSegment } from './heard-audio.ts';
import {
  OpenAiTranscriber,
  promptFor,
  type OpenAiTranscriberOptions,
} from './openai-transcriber.ts';
import {
  startFakeTranscriptionServer,
  type FakeTranscriptionReply,
  type FakeTranscriptionServer,
  type RecordedTranscriptionRequest,
} from './testing/fake-openai-transcription-server.ts';

let server: FakeTranscriptionServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** A segment of `ms` of a pseudo-random mu-law pattern (distinct per segment, so the audio sent can be checked). */
function segment(startMs: number, ms: number, seed: number): HeardSegment {
  const mulaw = Uint8Array.from({ length: ms * 8 }, (_, i) => (i * 37 + seed * 101) & 0xff);
  return { startMs, endMs: startMs + ms, mulaw };
}

/** Replies keyed by the audio's length (requests arrive concurrently, in no fixed order). */
function byLength(
  replies: Record<number, FakeTranscriptionReply>,
): (r: RecordedTranscriptionRequest) => FakeTranscriptionReply {
  return (r) =>
    replies[r.file.wav.samples.length] ?? {
      type: 'error',
      status: 500,
      message: `no scripted reply for ${r.file.wav.samples.length} samples`,
    };
}

async function transcriber(
  reply: (r: RecordedTranscriptionRequest) => FakeTranscriptionReply,
  options: Partial<OpenAiTranscriberOptions> = {},
): Promise<OpenAiTranscriber> {
  server = await startFakeTranscriptionServer({ reply });
  return new OpenAiTranscriber({
    apiKey: server.apiKey,
    baseUrl: server.baseURL,
    model: 'gpt-4o-mini-transcribe',
    maxRetries: 0,
    ...options,
  });
}

const SEGMENTS = [segment(1100, 900, 1), segment(4400, 750, 2), segment(7000, 1200, 3)];

describe('OpenAiTranscriber', () => {
  it('sends each segment as an 8 kHz mono 16-bit WAV with the model and the phrases as prompt, and keeps texts in segment order', async () => {
    const t = await transcriber(
      byLength({
        7200: { type: 'text', text: " What's your order number? " },
        6000: { type: 'text', text: 'I heard A B 3 7 9 2.' },
        9600: { type: 'text', text: 'Goodbye.' },
      }),
    );
    const heard = await t.transcribe(SEGMENTS, ['order number', 'goodbye', 'order number']);
    expect(heard).toEqual([
      {
        startMs: 1100,
        endMs: 2000,
        text: "What's your order number?",
        source: 'transcript',
        transcriber: 'openai:gpt-4o-mini-transcribe',
      },
      {
        startMs: 4400,
        endMs: 5150,
        text: 'I heard A B 3 7 9 2.',
        source: 'transcript',
        transcriber: 'openai:gpt-4o-mini-transcribe',
      },
      {
        startMs: 7000,
        endMs: 8200,
        text: 'Goodbye.',
        source: 'transcript',
        transcriber: 'openai:gpt-4o-mini-transcribe',
      },
    ]);
    const requests = server?.requests ?? [];
    expect(requests).toHaveLength(3);
    for (const r of requests) {
      expect(r.fields).toEqual({
        model: 'gpt-4o-mini-transcribe',
        prompt: 'order number, goodbye',
        response_format: 'json',
      });
      expect(r.file.filename).toBe('segment.wav');
      expect(r.file.wav).toMatchObject({ sampleRate: 8000, channels: 1, bitsPerSample: 16 });
      const sent = SEGMENTS.find((s) => s.mulaw.length === r.file.wav.samples.length);
      expect(sent).toBeDefined();
      expect(Array.from(r.file.wav.samples)).toEqual(
        Array.from(sent?.mulaw ?? [], decodeMulawSample),
      );
    }
  });

  it('an HTTP error on one segment marks that segment (empty text, error naming it and the status) and keeps the others', async () => {
    const t = await transcriber(
      byLength({
        7200: { type: 'text', text: 'hello' },
        6000: { type: 'error', status: 500, message: 'The server had an error' },
        9600: { type: 'text', text: 'bye' },
      }),
    );
    const heard = await t.transcribe(SEGMENTS, []);
    expect(heard.map((h) => h.text)).toEqual(['hello', '', 'bye']);
    expect(heard[0].error).toBeUndefined();
    expect(heard[1].error).toBe(
      `segment 2 (4400–5150 ms) could not be transcribed by gpt-4o-mini-transcribe at ${server?.baseURL}: HTTP 500: The server had an error`,
    );
    // No phrases: no prompt field at all.
    expect(server?.requests.every((r) => !('prompt' in r.fields))).toBe(true);
  });

  it('retries a 5xx once when allowed', async () => {
    let failures = 0;
    const t = await transcriber(
      () =>
        failures++ === 0
          ? { type: 'error', status: 503, retryAfterMs: 1 }
          : { type: 'text', text: 'second time lucky' },
      { maxRetries: 1 },
    );
    expect((await t.transcribe([SEGMENTS[0]], [])).map((h) => [h.text, h.error])).toEqual([
      ['second time lucky', undefined],
    ]);
    expect(server?.requests).toHaveLength(2);
  });

  it('a segment with no answer within the timeout is marked, and its request is aborted', async () => {
    const t = await transcriber(
      byLength({
        7200: { type: 'text', text: 'hello' },
        6000: { type: 'hang' },
        9600: { type: 'text', text: 'bye' },
      }),
      { timeoutMs: 300 },
    );
    const heard = await t.transcribe(SEGMENTS, []);
    expect(heard.map((h) => h.text)).toEqual(['hello', '', 'bye']);
    expect(heard[1].error).toMatch(
      /^segment 2 \(4400–5150 ms\) could not be transcribed by .*: no answer within 300 ms$/,
    );
    // The fake holds the hung response open until the client goes; a client that did not abort would time the test out.
    expect(await server?.requests.find((r) => r.file.wav.samples.length === 6000)?.closed).toBe(
      true,
    );
  });

  it('a refused key fails every segment with a clear error, asking the server only until it refuses', async () => {
    const t = await transcriber(() => ({ type: 'text', text: 'never' }), {
      apiKey: 'sk-wrong',
      concurrency: 1,
    });
    const heard = await t.transcribe(SEGMENTS, ['x']);
    expect(heard.map((h) => h.text)).toEqual(['', '', '']);
    for (const h of heard)
      expect(h.error).toMatch(
        /HTTP 401: Incorrect API key provided: sk-wrong… \(check OPENAI_API_KEY\)$/,
      );
    // The fake records only authorized requests; the first refusal stops the rest from being sent.
    expect(server?.requests).toHaveLength(0);
  });

  it('never has more requests in flight than its concurrency, across transcribe calls sharing it', async () => {
    // In flight = seen by the server, not yet back at the client. A client's completion is counted
    // (microtasks) before its limiter slot's next request can reach the server (socket I/O).
    let inFlight = 0;
    let most = 0;
    server = await startFakeTranscriptionServer({
      reply: (r) => {
        most = Math.max(most, ++inFlight);
        return { type: 'text', text: String(r.file.wav.samples.length) };
      },
    });
    const t = new OpenAiTranscriber({
      apiKey: server.apiKey,
      baseUrl: server.baseURL,
      model: 'whisper-1',
      maxRetries: 0,
      concurrency: 2,
    });
    const segments = Array.from({ length: 6 }, (_, i) => segment(i * 1000, 200 + i * 10, i));
    const heard = await Promise.all(
      segments.map((s) => t.transcribe([s], []).then((h) => (inFlight--, h))),
    );
    expect(heard.flat().map((h) => h.text)).toEqual(segments.map((s) => String(s.mulaw.length)));
    expect(most).toBeLessThanOrEqual(2);
  });

  it('does not send a sliver under 0.1 s (the API rejects it, and it holds no words)', async () => {
    const t = await transcriber(() => ({ type: 'text', text: 'x' }));
    expect(await t.transcribe([segment(0, 50, 1)], [])).toEqual([
      {
        startMs: 0,
        endMs: 50,
        text: '',
        source: 'transcript',
        transcriber: 'openai:gpt-4o-mini-transcribe',
      },
    ]);
    expect(server?.requests).toHaveLength(0);
  });
});

describe('promptFor', () => {
  it('joins distinct phrases, whole ones only, within the length Whisper reads', () => {
    expect(promptFor([])).toBeUndefined();
    expect(promptFor([' order number ', '', 'order number', 'goodbye'])).toBe(
      'order number, goodbye',
    );
    const long = promptFor(Array.from({ length: 100 }, (_, i) => `phrase number ${i}`)) ?? '';
    // 10 × "phrase number N" (15) + 24 × "phrase number NN" (16), with ", " between: exactly 600.
    expect(long.length).toBe(600);
    expect(long.endsWith(', phrase number 33')).toBe(true);
  });
});
