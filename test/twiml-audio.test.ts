/**
 * A webhook-first call whose TwiML greets before the stream (`<Say>` then `<Connect><Stream>`), as
 * many Twilio agents do: the caller hears the greeting from the answer, rendered by the embedded
 * TTS, measured like any agent speech (the first turn's listen owns it, the recording has it), and
 * the stream opens once it has played, with media timestamps still counted from the stream's start.
 * The stream's and the call's status callbacks arrive signed; one that fails is a warning only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeCall } from '../src/caller/call-setup.ts';
import type { CallResult } from '../src/caller/call.ts';
import { callMetrics } from '../src/metrics/call-metrics.ts';
import type { CallEvent } from '../src/metrics/events.ts';
import { CallRecorder } from '../src/report/recording.ts';
import { heardSegments } from '../src/transcribe/heard-audio.ts';
import { validateTwilioSignature } from '../src/twilio/signature.ts';
import { mulawDecode } from '../src/audio/mulaw.ts';
import { startGreetingAgent, type GreetingAgent } from './fixtures/greeting-agent.ts';
import { makeKit, scenario, turn, type Kit } from './helpers.ts';

const TOKEN = 'twiml-audio-token';
const GREETING = 'Welcome to Acme Dental. How can I help you today?';

let kit: Kit;
let agent: GreetingAgent;
let server: Server;
let base: string;
const callbacks: { path: string; params: Record<string, string>; signed: boolean }[] = [];
let result: CallResult;
let recorder: CallRecorder;

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  const params = Object.fromEntries(new URLSearchParams(body));
  const path = req.url ?? '/';
  const signature = req.headers['x-twilio-signature'];
  const signed = validateTwilioSignature(
    TOKEN,
    typeof signature === 'string' ? signature : undefined,
    `${base}${path}`,
    params,
  );
  if (path === '/voice') {
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(
      `<Response><Say voice="woman">${GREETING}</Say><Connect><Stream url="${agent.url}" statusCallback="/stream-status"/></Connect></Response>`,
    );
    return;
  }
  callbacks.push({ path, params, signed });
  // The call's own callback fails: a warning on the call, not a failure.
  res.writeHead(path === '/call-status' ? 500 : 204);
  res.end(path === '/call-status' ? 'boom' : '');
}

beforeAll(async () => {
  kit = await makeKit();
  agent = await startGreetingAgent({
    greetAtMs: 0,
    greeting: [],
    sentenceGapMs: 0,
    replies: [await kit.speech('sure, one moment')],
    replyDelayMs: 400,
  });
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const plan = await kit.prepare(
    scenario('greets-in-twiml', [
      turn.listen(),
      turn.say('I would like an appointment'),
      turn.hangup(),
    ]),
  );
  recorder = new CallRecorder();
  const vad = kit.vad.create();
  try {
    result = await placeCall(
      plan,
      {
        url: 'ws://127.0.0.1:9/unused',
        scheduler: kit.scheduler,
        vad,
        callId: 'twiml-1',
        onFrames: recorder.onFrames,
      },
      {
        webhookUrl: `${base}/voice`,
        authToken: TOKEN,
        statusCallback: `${base}/call-status`,
        from: '+15005550006',
        to: '+15005550001',
      },
    );
  } finally {
    vad.dispose();
  }
}, 60_000);

afterAll(async () => {
  await agent?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await kit?.close();
});

const first = <T extends CallEvent['type']>(type: T): Extract<CallEvent, { type: T }> => {
  const e = result.events.find((x): x is Extract<CallEvent, { type: T }> => x.type === type);
  if (!e) throw new Error(`no ${type} event`);
  return e;
};

describe('TwiML audio before the stream', () => {
  it("reports the stream it reached, where the agent's side channel lives (not the webhook's origin)", () => {
    expect(result.mediaUrl).toBe(agent.url);
    expect(new URL(agent.url).port).not.toBe(new URL(base).port);
  });

  it('is heard by the first turn from the answer, and the stream opens after it', () => {
    expect([result.status, result.reason]).toEqual(['passed', null]);
    const say = first('twiml_audio');
    expect(say).toMatchObject({ tMs: 0, verb: 'say', what: GREETING, voice: 'flite:slt' });
    expect(say.durationMs).toBeGreaterThan(2000);
    const started = first('call_started');
    // Dialled once the greeting has played; the connect itself takes a little more.
    expect(started.streamOpenedMs).toBeGreaterThanOrEqual(say.durationMs);
    expect(started.streamOpenedMs).toBeLessThan(say.durationMs + 1000);
    expect(started.firstMediaMs).toBeGreaterThanOrEqual((started.streamOpenedMs ?? 0) + 100);
    // The WebSocket's own connect time, not the time since the answer.
    expect(started.connectMs).toBeGreaterThan(0);
    expect(started.connectMs).toBeLessThan(1000);
    expect(started.streamOpenedMs).toBeCloseTo(say.durationMs + started.connectMs, 0);
    // The greeting is agent speech the caller heard, inside the audio's span, owned by turn 1.
    const onset = first('agent_speech_started');
    expect(onset.tMs).toBeGreaterThanOrEqual(0);
    expect(onset.tMs).toBeLessThan(500);
    const metrics = callMetrics(result.events);
    expect(metrics.turns[0]).toMatchObject({
      kind: 'listen',
      agentOnsetMs: onset.tMs,
      replyTimedOut: false,
    });
    // Turn 2 got its answer over the stream.
    expect(metrics.turns[1]?.replyTimedOut).toBe(false);
    expect(metrics.turns[1]?.latencyMs).toBeGreaterThan(0);
  });

  it('keeps media timestamps on the stream clock (the agent maps them to its own clock)', () => {
    // The fixture dates `start`'s arrival on the stream clock from media.timestamp: about 0 when
    // timestamps count from the stream's start, the greeting's length later if they counted from
    // the answer.
    const [startOnStreamClock] = agent.greetingOnsetsMs();
    expect(Math.abs(startOnStreamClock)).toBeLessThan(60);
  });

  it('is in the recording and in the heard segments the transcript is made from', () => {
    const started = first('call_started');
    expect(started.recordingStartMs).toBeLessThanOrEqual(0);
    expect(started.recordingStartMs).toBeGreaterThan(-20);
    const segments = heardSegments(recorder.heardMulaw, result.events);
    const greeting = segments[0];
    expect(greeting.startMs).toBe(first('agent_speech_started').tMs);
    const pcm = mulawDecode(greeting.mulaw);
    const peak = pcm.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
    expect(peak).toBeGreaterThan(3000);
  });

  it('sends the stream callbacks and the call callback, signed; the failed one is a warning on a passed call', () => {
    const stream = callbacks.filter((c) => c.path === '/stream-status');
    expect(stream.map((c) => c.params.StreamEvent)).toEqual(['stream-started', 'stream-stopped']);
    for (const c of stream) {
      expect(c.signed).toBe(true);
      expect(c.params).toMatchObject({
        CallSid: result.callSid,
        StreamSid: result.streamSid,
        StreamName: result.streamSid,
      });
      expect(c.params.AccountSid).toMatch(/^AC/);
      expect(Number.isNaN(Date.parse(c.params.Timestamp))).toBe(false);
    }
    const call = callbacks.find((c) => c.path === '/call-status');
    const ended = first('call_ended');
    expect(call?.signed).toBe(true);
    expect(call?.params).toMatchObject({
      CallSid: result.callSid,
      CallStatus: 'completed',
      CallDuration: String(Math.ceil(ended.tMs / 1000)),
      Direction: 'inbound',
      From: '+15005550006',
    });
    const logged = result.events.filter((e) => e.type === 'status_callback');
    expect(logged.map((e) => [e.event, e.httpStatus, e.warning])).toEqual([
      ['stream-started', 204, null],
      ['stream-stopped', 204, null],
      [
        'completed',
        500,
        expect.stringMatching(
          /^status callback .*\/call-status answered HTTP 500: boom \(Twilio error 11200\)$/,
        ),
      ],
    ]);
    expect(result.events.at(-1)?.type).toBe('call_ended');
  });
});
