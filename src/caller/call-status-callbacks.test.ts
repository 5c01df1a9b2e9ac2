/** Status callbacks against a fixture server on 127.0.0.1: methods, signatures, stream-error, and failures as warnings. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../metrics/events.ts';
import { validateTwilioSignature } from '../twilio/signature.ts';
import type { CallResult } from './call.ts';
import { callStatusCallbacks } from './call-status-callbacks.ts';

const TOKEN = 'cb-token';
const IDS = {
  callSid: 'CA0123456789abcdef0123456789abcdef',
  accountSid: 'AC0123456789abcdef0123456789abcdef',
};
let server: Server;
let base: string;
const seen: { method: string; url: string; params: Record<string, string>; signed: boolean }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += String(c)));
    req.on('end', () => {
      const url = `${base}${req.url ?? '/'}`;
      const get = req.method === 'GET';
      const params = get
        ? Object.fromEntries(new URL(url).searchParams)
        : Object.fromEntries(new URLSearchParams(body));
      const signature = req.headers['x-twilio-signature'];
      seen.push({
        method: req.method ?? '',
        url,
        params,
        signed: validateTwilioSignature(
          TOKEN,
          typeof signature === 'string' ? signature : undefined,
          url,
          get ? {} : params,
        ),
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const ended = (tMs: number, status: CallResult['status']): CallEvent => ({
  type: 'call_ended',
  tMs,
  status,
  reason: null,
  endedBy: 'harness',
  violationCounts: {},
  framesSent: 0,
  bytesReceived: 0,
  framesLate5ms: 0,
});
const result = (over: Partial<CallResult>): CallResult => ({
  callId: 'c1',
  scenario: 's',
  file: '/s.yaml',
  callSid: IDS.callSid,
  streamSid: 'MZ0123456789abcdef0123456789abcdef',
  status: 'passed',
  reason: null,
  events: [ended(0, 'passed')],
  ...over,
});

describe('call status callbacks', () => {
  it('sends a GET stream callback with its parameters in the query, signed over the whole URL', async () => {
    const cb = callStatusCallbacks({
      stream: {
        target: { url: `${base}/s?x=1`, localUrl: `${base}/s?x=1`, method: 'GET' },
        name: 'main',
      },
      call: null,
      ids: IDS,
      callParams: {},
      authToken: TOKEN,
    });
    cb.onStream('started', 120, 'MZ1');
    const out = await cb.finish(result({ events: [ended(2000, 'passed')] }));
    const got = seen.find((s) => s.params.StreamSid === 'MZ1');
    expect(got).toMatchObject({
      method: 'GET',
      signed: true,
      params: {
        x: '1',
        AccountSid: IDS.accountSid,
        CallSid: IDS.callSid,
        StreamName: 'main',
        StreamEvent: 'stream-started',
      },
    });
    expect(out.events.map((e) => e.type)).toEqual(['status_callback', 'call_ended']);
    expect(out.events[0]).toMatchObject({
      tMs: 120,
      event: 'stream-started',
      httpStatus: 200,
      warning: null,
    });
  });

  it('sends stream-error with the reason when the stream never opened, and the call completed with CallDuration 0', async () => {
    const cb = callStatusCallbacks({
      stream: {
        target: { url: `${base}/stream`, localUrl: `${base}/stream`, method: 'POST' },
        name: null,
      },
      call: { url: `${base}/call`, localUrl: `${base}/call`, method: 'POST' },
      ids: IDS,
      callParams: { From: '+1555' },
      authToken: TOKEN,
    });
    const reason = 'agent refused the WebSocket upgrade: HTTP 403 (Twilio error 31920)';
    const out = await cb.finish(
      result({ status: 'error', reason, streamSid: 'MZerr', events: [ended(0, 'error')] }),
    );
    expect(seen.find((s) => s.params.StreamSid === 'MZerr')).toMatchObject({
      signed: true,
      params: { StreamEvent: 'stream-error', StreamError: reason, StreamName: 'MZerr' },
    });
    expect(seen.find((s) => s.url === `${base}/call`)).toMatchObject({
      signed: true,
      params: {
        From: '+1555',
        CallStatus: 'completed',
        CallDuration: '0',
        CallbackSource: 'call-progress-events',
      },
    });
    expect(out.status).toBe('error');
  });

  it('a callback nobody answers is a warning (11205); the call keeps its verdict', async () => {
    const cb = callStatusCallbacks({
      stream: null,
      call: {
        url: 'https://agent.example.com/status',
        localUrl: 'http://127.0.0.1:1/status',
        method: 'POST',
      },
      ids: IDS,
      callParams: {},
    });
    const out = await cb.finish(result({ events: [ended(1500, 'passed')] }));
    expect(out.status).toBe('passed');
    expect(out.events[0]).toMatchObject({
      type: 'status_callback',
      tMs: 1500,
      event: 'completed',
      httpStatus: null,
      warning: expect.stringMatching(
        /^status callback https:\/\/agent\.example\.com\/status: cannot reach http:\/\/127\.0\.0\.1:1\/status .*\(Twilio error 11205\)$/,
      ) as unknown,
    });
  });

  it('without callbacks the result is untouched', async () => {
    const r = result({});
    expect(
      await callStatusCallbacks({ stream: null, call: null, ids: IDS, callParams: {} }).finish(r),
    ).toBe(r);
  });
});
