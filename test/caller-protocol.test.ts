/**
 * An agent that breaks protocol is reported, never crashed on; an agent that cannot be reached,
 * refuses the upgrade, or hangs up early fails the call with a reason that says so.
 */
import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { callMetrics } from '../src/metrics/call-metrics.ts';
import { brokenMessages, startMisbehavingAgent } from './fixtures/misbehaving-agent.ts';
import { startFixtureServer } from './fixtures/fixture-server.ts';
import { makeKit, scenario, turn, type Kit } from './helpers.ts';

let kit: Kit;
beforeAll(async () => {
  kit = await makeKit();
});
afterAll(async () => {
  await kit?.close();
});

describe('protocol violations', () => {
  test('each kind is counted and logged once, the reply is still heard, and the call fails with the list', async () => {
    const agent = await startMisbehavingAgent(await kit.speech('okay'));
    try {
      const plan = await kit.prepare(scenario('broken', [turn.say('hello'), turn.hangup()]));
      const r = await kit.call(plan, agent.url);
      const m = callMetrics(r.events);
      const expected = brokenMessages('').map((b) => b.code);
      expect(Object.keys(m.violationCounts).sort()).toEqual([...expected].sort());
      for (const code of expected) expect(m.violationCounts[code]).toBe(1);
      expect(r.events.filter((e) => e.type === 'violation')).toHaveLength(expected.length);
      expect(r.status).toBe('failed');
      expect(r.reason).toMatch(/protocol violations: .*binary_frame ×1/);
      // The valid reply after the garbage was still played and measured.
      expect(m.turns[0].latencyMs).not.toBeNull();
    } finally {
      await agent.close();
    }
  });

  test('the start message carries Twilio-shaped SIDs, string counters and the custom parameters', async () => {
    let start: Record<string, unknown> | null = null;
    const media: Record<string, unknown>[] = [];
    const server = await startFixtureServer({
      onMessage(call, msg) {
        if (msg.event === 'start') start = msg;
        if (msg.event === 'media') media.push(msg);
        if (media.length === 10) call.ws.close();
      },
    });
    try {
      const plan = await kit.prepare(
        scenario('shape', [turn.listen({ timeoutMs: 2000 })], { parameters: { customer: 'vip' } }),
      );
      const r = await kit.call(plan, server.url);
      const first = r.events[0];
      expect(first.type).toBe('call_started');
      expect(start).toMatchObject({
        event: 'start',
        sequenceNumber: '1',
        start: {
          tracks: ['inbound'],
          customParameters: { customer: 'vip' },
          mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        },
      });
      const s = start as unknown as {
        start: { accountSid: string; callSid: string; streamSid: string };
      };
      expect(s.start.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
      expect(s.start.callSid).toMatch(/^CA[0-9a-f]{32}$/);
      expect(s.start.streamSid).toMatch(/^MZ[0-9a-f]{32}$/);
      const m = media as {
        sequenceNumber: string;
        media: { chunk: string; timestamp: string; payload: string; track: string };
      }[];
      expect(m.map((x) => x.sequenceNumber)).toEqual([
        '2',
        '3',
        '4',
        '5',
        '6',
        '7',
        '8',
        '9',
        '10',
        '11',
      ]);
      expect(m.map((x) => x.media.chunk)).toEqual([
        '1',
        '2',
        '3',
        '4',
        '5',
        '6',
        '7',
        '8',
        '9',
        '10',
      ]);
      const ts = m.map((x) => Number(x.media.timestamp));
      expect(ts[0]).toBeGreaterThanOrEqual(100);
      expect(ts[0]).toBeLessThan(121);
      for (let i = 1; i < ts.length; i++) expect(ts[i] - ts[i - 1]).toBe(20);
      for (const x of m) expect(Buffer.from(x.media.payload, 'base64')).toHaveLength(160);
      // The agent closing the socket mid-listen is a hangup, which this scenario allows.
      expect(r.status).toBe('passed');
      expect(callMetrics(r.events).endedBy).toBe('agent');
    } finally {
      await server.close();
    }
  });

  test('DTMF keys go out as dtmf events (w pauses 500 ms), and hanging up sends stop then closes with 1000', async () => {
    const got: { msg: Record<string, unknown>; at: number }[] = [];
    let closeCode = -1;
    const server = await startFixtureServer({
      onMessage: (call, msg) => {
        got.push({ msg, at: performance.now() });
        if (msg.event === 'start') call.ws.on('close', (code) => (closeCode = code));
      },
    });
    try {
      const plan = await kit.prepare(
        scenario('keys', [turn.dtmf('1w2#', { expectReply: false }), turn.hangup()]),
      );
      const r = await kit.call(plan, server.url);
      expect(r.status).toBe('passed');
      const dtmf = got.filter((g) => g.msg.event === 'dtmf');
      expect(dtmf.map((g) => (g.msg.dtmf as { digit: string }).digit)).toEqual(['1', '2', '#']);
      expect(dtmf[0].msg).toMatchObject({ dtmf: { track: 'inbound_track' } });
      expect(dtmf[1].at - dtmf[0].at).toBeGreaterThan(100 + 500 - 25);
      expect(dtmf[2].at - dtmf[1].at).toBeGreaterThan(100 - 25);
      const last = got.at(-1)?.msg as {
        event: string;
        sequenceNumber: string;
        stop: { callSid: string };
      };
      expect(last.event).toBe('stop');
      expect(Number(last.sequenceNumber)).toBe(got.length - 1); // one counter over every message after connected
      await new Promise((res) => setTimeout(res, 50));
      expect(closeCode).toBe(1000);
    } finally {
      await server.close();
    }
  });

  test('an agent that hangs up while the caller is talking fails the call', async () => {
    const server = await startFixtureServer({
      onStart: (call) => setTimeout(() => call.ws.close(), 300),
    });
    try {
      const plan = await kit.prepare(
        scenario('early-hangup', [
          turn.say('I would like to book an appointment for next tuesday'),
          turn.say('thanks'),
        ]),
      );
      const r = await kit.call(plan, server.url);
      expect(r.status).toBe('failed');
      expect(r.reason).toMatch(/agent hung up during turn 1/);
    } finally {
      await server.close();
    }
  });

  test('an unreachable agent is an error that names the address', async () => {
    const plan = await kit.prepare(scenario('unreachable', [turn.listen()]));
    const r = await kit.call(plan, 'ws://127.0.0.1:9/media');
    expect(r.status).toBe('error');
    expect(r.reason).toMatch(/cannot connect to ws:\/\/127\.0\.0\.1:9\/media: .*ECONNREFUSED/);
  });

  test('an agent that refuses the WebSocket upgrade is reported with Twilio 31920', async () => {
    const http = createServer((_req, res) => {
      res.writeHead(404).end('no such stream');
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    const { port } = http.address() as { port: number };
    try {
      const plan = await kit.prepare(scenario('refused', [turn.listen()]));
      const r = await kit.call(plan, `ws://127.0.0.1:${port}/media`);
      expect(r.status).toBe('error');
      expect(r.reason).toMatch(/HTTP 404 \(Twilio error 31920\)/);
    } finally {
      http.close();
    }
  });

  test('a silent agent: every expected reply times out, and the call fails saying which turns', async () => {
    const server = await startFixtureServer({});
    try {
      const plan = await kit.prepare(
        scenario('silent', [
          turn.say('hello', { timeoutMs: 400 }),
          turn.dtmf('12#', { timeoutMs: 400 }),
        ]),
      );
      const r = await kit.call(plan, server.url);
      expect(r.status).toBe('failed');
      expect(r.reason).toBe('no reply from the agent after turn 1, 2');
    } finally {
      await server.close();
    }
  });
});
