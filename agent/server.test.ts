/**
 * The agent's server and call session, driven by the real harness over 127.0.0.1, with a fake
 * recognizer (energy only) and a scripted brain, so the plumbing is tested apart from the
 * speech stack: greeting, replies with marks, barge-in with clear, DTMF, silence re-prompt,
 * hangup, the observability endpoints, TwiML and signatures.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { callMetrics } from '../src/metrics/call-metrics.ts';
import { computeTwilioSignature } from '../src/twilio/signature.ts';
import { FliteTts } from '../src/speech/flite.ts';
import { makeKit, scenario, turn, type Kit } from '../test/helpers.ts';
import { CallRegistry, type CallRecord } from './call-registry.ts';
import { FakeEnergyStt } from './providers/testing/fake-stt.ts';
import { FliteTtsProvider } from './providers/tts/flite.ts';
import type { Brain, BrainOutput, Heard } from './providers/types.ts';
import { MAX_MESSAGE_BYTES, startAgentServer, type AgentServer } from './server.ts';
import WebSocket from 'ws';

/** Greets; answers each turn; a long answer to "story"; hangs up on "bye"; re-prompts on silence. */
class ScriptedBrain implements Brain {
  readonly name = 'scripted';
  readonly interruptions: string[] = [];
  async *greet(): AsyncIterable<BrainOutput> {
    yield { type: 'expect', context: { expectation: 'free' } };
    yield { type: 'text', text: 'Hello, how can I help?' };
  }
  async *respond(turn: Heard): AsyncIterable<BrainOutput> {
    if (turn.source === 'silence_timeout') {
      yield { type: 'text', text: 'Are you still there?' };
      return;
    }
    if (turn.source === 'dtmf') {
      yield {
        type: 'tool_call',
        call: {
          id: 't1',
          name: 'lookup_order',
          arguments: { order_id: turn.text },
          result: { status: 'shipped' },
          atMs: 0,
        },
      };
      yield { type: 'text', text: `You typed ${turn.text.split('').join(' ')}.` };
      return;
    }
    if (turn.text === 'story') {
      yield { type: 'text', text: 'Let me tell you a long story about your order.' };
      yield {
        type: 'text',
        text: 'It left our warehouse on monday and travelled through three cities before arriving at the depot near you.',
      };
      return;
    }
    if (turn.text === 'bye') {
      yield { type: 'text', text: 'Goodbye.' };
      yield { type: 'hangup' };
      return;
    }
    yield { type: 'expect', context: { expectation: 'yes_no' } };
    yield { type: 'text', text: 'Okay.' };
  }
  interrupted(heardText: string): void {
    this.interruptions.push(heardText);
  }
}

let kit: Kit;
let flite: FliteTts;
let server: AgentServer;
let brains: ScriptedBrain[] = [];
let transcripts: string[] = [];
const TOKEN = 'test-token';

beforeAll(async () => {
  kit = await makeKit();
  flite = await FliteTts.create();
  const tts = new FliteTtsProvider(flite);
  server = await startAgentServer({
    host: '127.0.0.1',
    port: 0,
    registry: new CallRegistry(),
    callDeps: (registry) => {
      const brain = new ScriptedBrain();
      brains.push(brain);
      return {
        stt: new FakeEnergyStt(transcripts),
        tts,
        fallbackTts: tts,
        brain,
        registry,
        options: { silenceTimeoutMs: 1500 },
      };
    },
  });
});
afterAll(async () => {
  await server?.close();
  await flite?.close();
  await kit?.close();
});

async function callRecord(callSid: string): Promise<CallRecord> {
  const res = await fetch(`${server.httpUrl}/calls/${callSid}`);
  expect(res.status).toBe(200);
  return (await res.json()) as CallRecord;
}

describe('a call through the agent', () => {
  test('greets, answers, records stage timings, and hangs up when the brain says so', async () => {
    brains = [];
    transcripts = ['yes please', 'bye'];
    const plan = await kit.prepare(
      scenario('agent-basic', [turn.listen(), turn.say('yes please'), turn.say('bye bye')]),
    );
    const r = await kit.call(plan, server.mediaUrl);
    expect(r.status, r.reason ?? '').toBe('passed');
    const m = callMetrics(r.events);
    expect(m.endedBy).toBe('agent');
    expect(m.firstAgentSpeechMs).not.toBeNull();
    expect(m.turns[1].latencyMs).toBeGreaterThan(250); // the fake STT waits 300 ms of quiet
    expect(m.turns[1].latencyMs).toBeLessThan(700);
    expect(m.violations).toBe(0);
    const rec = await callRecord(r.callSid);
    expect(rec.endedAt).not.toBeNull();
    expect(rec.endReason).toBe('the agent ended the call');
    expect(rec.turns.map((t) => [t.source, t.heard, t.reply])).toEqual([
      ['greeting', '', 'Hello, how can I help?'],
      ['speech', 'yes please', 'Okay.'],
      ['speech', 'bye', 'Goodbye.'],
    ]);
    expect(rec.turns[1].stt_final_ms).toBeGreaterThan(250);
    expect(rec.turns[1].tts_first_audio_ms).not.toBeNull();
    expect(rec.turns[1].response_ms).toBeGreaterThan(rec.turns[1].stt_final_ms ?? 0);
    // The stages follow one another on one timeline: speech end → final → first text → first audio.
    const { stt_final_ms, brain_first_text_ms, tts_first_audio_ms, response_ms } = rec.turns[1];
    expect(brain_first_text_ms).not.toBeNull();
    expect(response_ms).toBeGreaterThanOrEqual(
      (stt_final_ms ?? 0) + (brain_first_text_ms ?? 0) + (tts_first_audio_ms ?? 0) - 0.2,
    );
    expect(rec.dialog.expectation).toBe('yes_no');
  });

  test('barge-in: clear at once, the brain keeps only what was heard', async () => {
    brains = [];
    transcripts = ['story', 'stop'];
    const plan = await kit.prepare(
      scenario('agent-barge', [
        turn.listen(),
        turn.say('tell me a story', { expectReply: false }),
        turn.interrupt(1500, 'wait stop'),
        turn.hangup(),
      ]),
    );
    const r = await kit.call(plan, server.mediaUrl);
    expect(r.status, r.reason ?? '').toBe('passed');
    const t = callMetrics(r.events).turns.find((x) => x.kind === 'interrupt');
    expect(t?.interruptedAgent).toBe(true);
    // The fake recognizer fires on the first loud sample: clear follows within a frame or two.
    expect(t?.bargeInStopMs).toBeLessThan(80);
    // 1.5 s into a ~2.5 s first sentence: the caller heard its first words, and only those.
    const full = 'Let me tell you a long story about your order.';
    const heard = brains[0].interruptions[0];
    expect(full.startsWith(heard), JSON.stringify(brains[0].interruptions)).toBe(true);
    expect(heard.split(' ').length).toBeGreaterThanOrEqual(3);
    expect(heard.length).toBeLessThan(full.length);
    const rec = await callRecord(r.callSid);
    expect(rec.bargeIns).toHaveLength(1);
    expect(rec.turns.find((x) => x.heard === 'story')?.interrupted).toBe(true);
  });

  test('DTMF keys until # are one turn; a silent caller is re-prompted', async () => {
    brains = [];
    transcripts = [];
    const plan = await kit.prepare(
      scenario('agent-keys', [
        turn.listen(),
        turn.dtmf('AB12#'.replace('AB', '37')),
        turn.listen({ timeoutMs: 4000 }),
        turn.hangup(),
      ]),
    );
    const r = await kit.call(plan, server.mediaUrl);
    expect(r.status, r.reason ?? '').toBe('passed');
    const rec = await callRecord(r.callSid);
    expect(rec.heard.filter((h) => h.type === 'dtmf').map((h) => h.text)).toEqual(['3712']);
    expect(rec.toolCalls).toEqual([
      expect.objectContaining({ name: 'lookup_order', arguments: { order_id: '3712' } }),
    ]);
    expect(rec.turns.map((x) => x.source)).toEqual(['greeting', 'dtmf', 'silence_timeout']);
    expect(rec.turns[2].reply).toBe('Are you still there?');
  });
});

describe('the agent server', () => {
  test('answers the voice webhook with a Connect/Stream TwiML to wss://…/media', async () => {
    const res = await fetch(`${server.httpUrl}/twilio/voice`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'agent.example.com',
      },
      body: 'CallSid=CA123&From=%2B14155550134&To=%2B14155550000',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml');
    const xml = await res.text();
    expect(xml).toContain('<Connect><Stream url="wss://agent.example.com/media">');
    expect(xml).toContain('<Parameter name="From" value="+14155550134"/>');
  });

  test('/healthz and /calls answer; an unknown call is 404', async () => {
    expect(await (await fetch(`${server.httpUrl}/healthz`)).json()).toMatchObject({ ok: true });
    expect(
      Array.isArray(
        ((await (await fetch(`${server.httpUrl}/calls`)).json()) as { calls: unknown[] }).calls,
      ),
    ).toBe(true);
    expect((await fetch(`${server.httpUrl}/calls/CAnope`)).status).toBe(404);
  });

  test('with an auth token, bad signatures get 403 on the webhook and the upgrade; good ones pass', async () => {
    const signed = await startAgentServer({
      host: '127.0.0.1',
      port: 0,
      publicUrl: 'https://agent.example.com',
      twilioAuthToken: TOKEN,
      callDeps: () => {
        throw new Error('no calls here');
      },
    });
    try {
      const body = 'CallSid=CA1&From=%2B1415';
      const url = `${signed.httpUrl}/twilio/voice`;
      const good = computeTwilioSignature(TOKEN, 'https://agent.example.com/twilio/voice', {
        CallSid: 'CA1',
        From: '+1415',
      });
      const post = (sig?: string) =>
        fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            ...(sig ? { 'x-twilio-signature': sig } : {}),
          },
          body,
        });
      expect((await post()).status).toBe(403);
      expect((await post('AAAA' + good.slice(4))).status).toBe(403);
      expect((await post(good)).status).toBe(200);
      // The WebSocket upgrade is signed over the wss:// URL with no params.
      const upgrade = (sig: string) => upgradeStatus(signed.mediaUrl, sig);
      expect(await upgrade(computeTwilioSignature(TOKEN, 'https://agent.example.com/media'))).toBe(
        403,
      );
      expect(await upgrade(computeTwilioSignature(TOKEN, 'wss://agent.example.com/media'))).toBe(
        101,
      );
    } finally {
      await signed.close();
    }
  });

  test('with an auth token and no public URL, the upgrade is checked over the wss:// stream URL its TwiML names', async () => {
    const signed = await startAgentServer({
      host: '127.0.0.1',
      port: 0,
      twilioAuthToken: TOKEN,
      callDeps: () => {
        throw new Error('no calls here');
      },
    });
    try {
      const webhookUrl = `${signed.httpUrl}/twilio/voice`;
      const twiml = await (
        await fetch(webhookUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': computeTwilioSignature(TOKEN, webhookUrl, { CallSid: 'CA2' }),
          },
          body: 'CallSid=CA2',
        })
      ).text();
      const streamUrl = /<Stream url="([^"]+)"/.exec(twiml)?.[1] ?? '';
      expect(streamUrl).toBe(signed.mediaUrl.replace(/^ws:/, 'wss:'));
      const upgrade = (sig: string) => upgradeStatus(signed.mediaUrl, sig);
      expect(await upgrade(computeTwilioSignature(TOKEN, streamUrl))).toBe(101);
      expect(await upgrade(computeTwilioSignature(TOKEN, signed.mediaUrl))).toBe(403);
    } finally {
      await signed.close();
    }
  });

  test('a message larger than Twilio ever sends closes that connection with 1009; a large legitimate start is accepted; the agent stays healthy', async () => {
    const open = (): Promise<WebSocket> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(server.mediaUrl);
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
    const closed = (ws: WebSocket): Promise<number> =>
      new Promise((resolve) => ws.once('close', (code) => resolve(code)));
    const start = (parameters: Record<string, string>) =>
      JSON.stringify({
        event: 'start',
        sequenceNumber: '1',
        streamSid: 'MZ1',
        start: {
          accountSid: 'AC1',
          streamSid: 'MZ1',
          callSid: 'CAbig',
          tracks: ['inbound'],
          mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
          customParameters: parameters,
        },
      });

    // 20 parameters of Twilio's maximum length: about 10 KB, and accepted.
    const big = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`p${i}`, 'x'.repeat(496)]),
    );
    expect(start(big).length).toBeLessThan(MAX_MESSAGE_BYTES);
    expect(start(big).length).toBeGreaterThan(10_000);
    const fine = await open();
    fine.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
    fine.send(start(big));
    const stillOpen = await new Promise<boolean>((resolve) => {
      fine.once('message', () => resolve(true)); // the greeting's audio
      fine.once('close', () => resolve(false));
    });
    expect(stillOpen).toBe(true);
    fine.close();

    // 5 MB in one message: cut off with 1009 before the agent reads it.
    const hostile = await open();
    const code = closed(hostile);
    hostile.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
    hostile.send(
      JSON.stringify({
        event: 'media',
        streamSid: 'MZ1',
        media: { payload: 'A'.repeat(5_000_000) },
      }),
    );
    expect(await code).toBe(1009);

    expect(await (await fetch(`${server.httpUrl}/healthz`)).json()).toMatchObject({ ok: true });
    // And a normal call still goes through.
    const plan = await kit.prepare(
      scenario('after-hostile', [turn.listen({ timeoutMs: 3000 }), turn.hangup()]),
    );
    const r = await kit.call(plan, server.mediaUrl);
    expect(r.status).toBe('passed');
  });
});

/** The HTTP status an upgrade with this signature gets (101 when the agent accepts it). */
function upgradeStatus(mediaUrl: string, signature: string): Promise<number> {
  return new Promise<number>((resolve) => {
    const ws = new WebSocket(mediaUrl, { headers: { 'x-twilio-signature': signature } });
    ws.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', () => {});
  });
}
