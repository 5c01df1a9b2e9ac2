/**
 * Webhook-first call setup against a fixture webhook on 127.0.0.1 that answers each bad case the
 * way broken agents do; each gets Twilio's code and a message that says what the server said.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePcmWav } from '../audio/wav.ts';
import { validateTwilioSignature } from '../twilio/signature.ts';
import type { PreparedScenario } from './call.ts';
import {
  setUpWebhookCall,
  voiceWebhookParams,
  webhookFor,
  type WebhookCallConfig,
} from './call-setup.ts';

const TOKEN = 'fixture-token';
const IDS = {
  callSid: 'CA0123456789abcdef0123456789abcdef',
  accountSid: 'AC0123456789abcdef0123456789abcdef',
};
let server: Server;
let base: string;
const seen: { path: string; params: Record<string, string>; signatureValid: boolean }[] = [];
const slowTimers = new Set<NodeJS.Timeout>();

/** A fake TTS: 800 ms of audio whatever the text (the real one is exercised in test/twiml-audio.test.ts). */
const fakeSynthesize = (): Promise<Int16Array> => Promise.resolve(new Int16Array(6400).fill(1000));
const TONE_WAV = writePcmWav(
  Int16Array.from({ length: 16000 }, (_, i) =>
    Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 16000)),
  ),
  16000,
); // 1 s at 16 kHz
const STREAM =
  '<Connect><Stream url="wss://agent.example.com/media" name="main" statusCallback="/stream-status"/></Connect>';

function reply(
  res: ServerResponse,
  status: number,
  body: string | Uint8Array,
  type = 'text/xml',
): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  const params = Object.fromEntries(new URLSearchParams(body));
  const path = req.url ?? '/';
  const signature = req.headers['x-twilio-signature'];
  seen.push({
    path,
    params,
    signatureValid: validateTwilioSignature(
      TOKEN,
      typeof signature === 'string' ? signature : undefined,
      `https://agent.example.com${path}`,
      params,
    ),
  });
  switch (path) {
    case '/ok':
      return reply(
        res,
        200,
        '<Response><Pause length="1"/><Connect><Stream url="wss://agent.example.com/media"><Parameter name="tenant" value="acme"/></Stream></Connect></Response>',
      );
    case '/slow': {
      // Answers long after any limit a test sets; the timer is cleared when the test server closes.
      const timer = setTimeout(() => reply(res, 200, '<Response/>'), 5000);
      slowTimers.add(timer);
      return;
    }
    case '/error':
      return reply(
        res,
        500,
        'Internal Server Error: TypeError: cannot read properties of undefined (reading "streamUrl")',
        'text/plain',
      );
    case '/json':
      return reply(res, 200, '{"twiml":"<Response/>"}', 'application/json');
    case '/typo':
      return reply(
        res,
        200,
        '<Response><Connect><Stream url="wss://agent.example.com/media"></Connect></Response>',
      );
    case '/no-stream':
      return reply(res, 200, '<Response><Say>Sorry, we are closed.</Say><Hangup/></Response>');
    case '/say-only':
      return reply(res, 200, '<Response><Say>Goodbye.</Say></Response>');
    case '/http-stream':
      return reply(
        res,
        200,
        '<Response><Connect><Stream url="https://agent.example.com/media"/></Connect></Response>',
      );
    case '/greet':
      return reply(
        res,
        200,
        `<Response><Say voice="woman" loop="2">Welcome to Acme</Say><Play>/audio/tone.wav</Play><Pause length="1"/><Play>https://agent.example.com/audio/beep.ulaw</Play>${STREAM}</Response>`,
      );
    case '/audio/tone.wav':
      return reply(res, 200, TONE_WAV, 'audio/x-wav');
    case '/audio/beep.ulaw':
      return reply(res, 200, new Uint8Array(2000).fill(0x10), 'audio/basic');
    case '/play-missing':
      return reply(res, 200, `<Response><Play>/audio/missing.wav</Play>${STREAM}</Response>`);
    case '/play-html':
      return reply(res, 200, `<Response><Play>/ok</Play>${STREAM}</Response>`);
    case '/play-mp3':
      return reply(res, 200, `<Response><Play>/audio/song.mp3</Play>${STREAM}</Response>`);
    case '/audio/song.mp3':
      return reply(res, 200, new Uint8Array([0x49, 0x44, 0x33, 3, 0]), 'audio/mpeg');
    case '/say-forever':
      return reply(res, 200, `<Response><Say loop="0">Please hold</Say>${STREAM}</Response>`);
    case '/start-stream':
      return reply(
        res,
        200,
        '<Response><Start><Stream url="wss://agent.example.com/media"/></Start><Say>Recording this call</Say><Dial>+15005550002</Dial></Response>',
      );
    case '/redirect':
      return reply(res, 200, '<Response><Redirect>/ok</Redirect></Response>');
    default:
      return reply(res, 404, 'not found', 'text/plain');
  }
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const t of slowTimers) clearTimeout(t);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const config = (path: string, over: Partial<WebhookCallConfig> = {}): WebhookCallConfig => ({
  webhookUrl: `${base}${path}`,
  publicUrl: 'https://agent.example.com',
  authToken: TOKEN,
  from: '+15005550006',
  to: '+15005550001',
  synthesize: fakeSynthesize,
  ...over,
});

describe('webhook-first call setup', () => {
  it("POSTs Twilio's parameters, signed for the public URL, and dials the TwiML's stream at the local host with its <Parameter>s", async () => {
    const setup = await setUpWebhookCall(config('/ok', { params: { lang: 'en' } }), IDS);
    if (!setup.ok) throw new Error(setup.message);
    expect(setup.dial).toMatchObject({
      dialUrl: `${base.replace('http:', 'ws:')}/media`,
      streamUrl: 'wss://agent.example.com/media',
      parameters: { tenant: 'acme' },
      preStream: { durationMs: 1000 },
    });
    expect(setup.dial.events).toEqual([
      expect.objectContaining({
        type: 'webhook_answered',
        url: `${base}/ok`,
        httpStatus: 200,
        twilioCode: null,
      }),
      expect.objectContaining({ type: 'twiml_audio', tMs: 0, verb: 'pause', durationMs: 1000 }),
    ]);
    const request = seen.find((s) => s.path === '/ok');
    expect(request?.signatureValid).toBe(true);
    expect(request?.params).toEqual({
      ...voiceWebhookParams(IDS, { from: '+15005550006', to: '+15005550001' }),
      lang: 'en',
    });
    expect(request?.params).toMatchObject({
      CallStatus: 'ringing',
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
      Caller: '+15005550006',
      Called: '+15005550001',
    });
  });

  it('renders <Say> (looped), <Play> (WAV resampled, mu-law as is, relative and public URLs) and <Pause> before the stream, in order, as what the caller hears first', async () => {
    const setup = await setUpWebhookCall(config('/greet'), IDS);
    if (!setup.ok) throw new Error(setup.message);
    const { preStream, statusCallback, name } = setup.dial;
    // Say 800 ms ×2, the WAV's 1 s at 8 kHz, 1 s of pause, 2000 mu-law bytes (250 ms).
    expect(preStream.durationMs).toBe(1600 + 1000 + 1000 + 250);
    expect(preStream.mulaw.length).toBe(3850 * 8);
    expect(setup.dial.events.filter((e) => e.type === 'twiml_audio')).toEqual([
      {
        type: 'twiml_audio',
        tMs: 0,
        verb: 'say',
        durationMs: 1600,
        what: 'Welcome to Acme',
        voice: 'flite:slt',
      },
      {
        type: 'twiml_audio',
        tMs: 1600,
        verb: 'play',
        durationMs: 1000,
        what: 'https://agent.example.com/audio/tone.wav',
      },
      { type: 'twiml_audio', tMs: 2600, verb: 'pause', durationMs: 1000, what: '' },
      {
        type: 'twiml_audio',
        tMs: 3600,
        verb: 'play',
        durationMs: 250,
        what: 'https://agent.example.com/audio/beep.ulaw',
      },
    ]);
    // The pause is mu-law silence; the mu-law file is played byte for byte.
    expect(preStream.mulaw.subarray(2600 * 8, 3600 * 8).every((b) => b === 0xff)).toBe(true);
    expect(preStream.mulaw.subarray(3600 * 8).every((b) => b === 0x10)).toBe(true);
    expect(name).toBe('main');
    expect(statusCallback).toEqual({
      url: 'https://agent.example.com/stream-status',
      localUrl: `${base}/stream-status`,
      method: 'POST',
    });
  });

  it('follows <Redirect> (relative to the public URL) to the TwiML that has the stream', async () => {
    const setup = await setUpWebhookCall(config('/redirect'), IDS);
    if (!setup.ok) throw new Error(setup.message);
    expect(
      setup.dial.events.filter((e) => e.type === 'webhook_answered').map((e) => e.url),
    ).toEqual([`${base}/redirect`, `${base}/ok`]);
  });

  it.each<[string, string, number | null, RegExp]>([
    [
      'a server error',
      '/error',
      11200,
      /voice webhook: HTTP retrieval failure: .*\/error answered HTTP 500: Internal Server Error: TypeError: cannot read properties of undefined \(reading "streamUrl"\) \(Twilio error 11200\)$/,
    ],
    [
      'JSON instead of TwiML',
      '/json',
      12100,
      /answered invalid TwiML: not well-formed XML: .*; body: \{"twiml":"<Response\/>"\} \(Twilio error 12100\)$/,
    ],
    [
      'a TwiML typo',
      '/typo',
      12100,
      /answered invalid TwiML: not well-formed XML: 1:\d+: unexpected close tag.*\(Twilio error 12100\)$/,
    ],
    [
      'a hangup instead of a stream',
      '/no-stream',
      null,
      /the TwiML hangs up \(<Hangup\/>\) before any <Stream>/,
    ],
    [
      'no stream at all',
      '/say-only',
      null,
      /the TwiML has no <Connect><Stream> \(or <Start><Stream>\): Twilio would never open a media stream; it has <Say>; body: <Response><Say>Goodbye.<\/Say><\/Response>/,
    ],
    [
      'a stream URL that is not ws(s)',
      '/http-stream',
      31922,
      /the <Stream> url "https:\/\/agent.example.com\/media" is not a WebSocket URL \(Twilio connects only to wss:\/\/\) \(Twilio error 31922\)/,
    ],
    [
      'nothing listening',
      '/ok',
      11205,
      /HTTP connection failure: cannot reach http:\/\/127\.0\.0\.1:1\/ok/,
    ],
    [
      'a <Play> URL that is not found',
      '/play-missing',
      11200,
      /^<Play> https:\/\/agent\.example\.com\/audio\/missing\.wav: HTTP retrieval failure: HTTP 404: not found \(Twilio error 11200\)$/,
    ],
    [
      'a <Play> URL that is not audio',
      '/play-html',
      13420,
      /^<Play> https:\/\/agent\.example\.com\/ok: Play: Invalid Content-Type "text\/xml": the URL must return audio \(Twilio error 13420\)$/,
    ],
    [
      'a <Play> of MP3',
      '/play-mp3',
      null,
      /^<Play> https:\/\/agent\.example\.com\/audio\/song\.mp3: audio\/mpeg is audio Twilio plays, but callbench decodes only WAV and 8 kHz mu-law/,
    ],
    [
      'a <Say loop="0"> before the stream',
      '/say-forever',
      null,
      /<Say loop="0"> before the stream: Twilio would repeat it until the call ends, so the stream would never open/,
    ],
    [
      'a one-way <Start><Stream>',
      '/start-stream',
      null,
      /one-way stream \(<Start><Stream url="wss:\/\/agent\.example\.com\/media">\), which callbench does not simulate/,
    ],
  ])('%s fails the call with its code and message', async (_what, path, code, message) => {
    const setup = await setUpWebhookCall(
      path === '/ok' ? config(path, { webhookUrl: 'http://127.0.0.1:1/ok' }) : config(path),
      IDS,
    );
    if (setup.ok) throw new Error('expected a failed setup');
    expect(setup.twilioCode).toBe(code);
    expect(setup.message).toMatch(message);
  });

  it('a webhook slower than the limit fails with 11200 when the limit is reached (15 s for Twilio; 300 ms here)', async () => {
    const started = performance.now();
    const setup = await setUpWebhookCall(config('/slow', { timeoutMs: 300 }), IDS);
    const waited = performance.now() - started;
    if (setup.ok) throw new Error('expected a failed setup');
    expect(setup.twilioCode).toBe(11200);
    expect(setup.message).toMatch(/did not answer within 0.3 s \(Twilio's limit\)/);
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(3000);
    expect(setup.events).toEqual([
      expect.objectContaining({
        type: 'webhook_answered',
        httpStatus: null,
        twilioCode: 11200,
        responseMs: expect.any(Number) as unknown,
      }),
    ]);
    expect(
      setup.events[0]?.type === 'webhook_answered' && setup.events[0].responseMs,
    ).toBeGreaterThanOrEqual(290);
  });

  it('signs nothing without an auth token', async () => {
    const before = seen.length;
    await setUpWebhookCall(config('/ok', { authToken: undefined }), IDS);
    expect(seen.slice(before).every((s) => !s.signatureValid)).toBe(true);
  });
});

describe('webhookFor', () => {
  const plan = (call?: {
    webhook?: string;
    from?: string;
    params: Record<string, string>;
  }): PreparedScenario => ({
    scenario: {
      name: 's',
      file: '/s.yaml',
      caller: { voice: 'kal', rate: 1, lineNoiseDbfs: null },
      parameters: {},
      maxDurationMs: 1000,
      turns: [],
      ...(call ? { call } : {}),
    },
    audio: new Map(),
  });

  it('dials directly when neither the scenario nor the run names a webhook', () => {
    expect(webhookFor(plan(), undefined)).toBeNull();
    expect(webhookFor(plan(), { authToken: 't' })).toBeNull();
  });

  it("takes the scenario's call: over the run's settings, keeping the run's token and public URL", () => {
    expect(
      webhookFor(plan({ webhook: 'http://127.0.0.1:9/voice', from: '+1999', params: { a: '1' } }), {
        webhookUrl: 'http://other/voice',
        authToken: 't',
        publicUrl: 'https://p.example.com',
        params: { b: '2' },
      }),
    ).toEqual({
      webhookUrl: 'http://127.0.0.1:9/voice',
      authToken: 't',
      publicUrl: 'https://p.example.com',
      from: '+1999',
      to: '+15005550001',
      params: { b: '2', a: '1' },
    });
  });
});
