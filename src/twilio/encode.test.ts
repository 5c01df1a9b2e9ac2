import { describe, expect, test } from 'vitest';
import {
  encodeAgentClear,
  encodeAgentMark,
  encodeAgentMedia,
  encodeConnected,
  encodeDtmf,
  encodeMark,
  encodeStart,
  encodeStop,
  mediaMessageTemplate,
} from './encode.ts';
import { base64, quietLineNoise } from './test-fixtures.ts';
import type {
  AgentClearMessage,
  AgentMarkMessage,
  AgentMediaMessage,
  DtmfMessage,
  MediaMessage,
  StartMessage,
  StopMessage,
  TwilioMarkMessage,
} from './types.ts';

const SID = 'MZ18ad3ab5a668481ce02b83e7395059f0';
const CALL = 'CA362c7b8b8e0a3b5ea2c2b21b3e42b4c8';
const ACCOUNT = 'AC0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const PAYLOAD = base64(quietLineNoise(4, 160, 1500));

describe('mediaMessageTemplate (the per-frame hot path)', () => {
  test('is exactly JSON.stringify of the typed message, with string counters', () => {
    const encode = mediaMessageTemplate(SID);
    const expected: MediaMessage = {
      event: 'media',
      sequenceNumber: '2',
      media: { track: 'inbound', chunk: '1', timestamp: '102', payload: PAYLOAD },
      streamSid: SID,
    };
    const text = encode(2, 1, 102, PAYLOAD);
    expect(JSON.parse(text)).toEqual(expected);
    expect(text).toBe(JSON.stringify(expected));
  });

  test('counters stay strings for large values, and the same template serves every frame', () => {
    const encode = mediaMessageTemplate(SID);
    for (const [seq, chunk, ts] of [
      [3, 2, 122],
      [90_001, 90_000, 1_800_082],
    ] as const) {
      const parsed: unknown = JSON.parse(encode(seq, chunk, ts, PAYLOAD));
      expect(parsed).toMatchObject({
        sequenceNumber: String(seq),
        media: { chunk: String(chunk), timestamp: String(ts) },
      });
    }
  });

  test('fractional timestamps are rounded to whole milliseconds, as Twilio sends them', () => {
    const parsed = JSON.parse(mediaMessageTemplate(SID)(5, 4, 181.6, PAYLOAD)) as MediaMessage;
    expect(parsed.media.timestamp).toBe('182');
  });

  test('streamSid and track are JSON-escaped once, when the template is made', () => {
    const oddSid = 'MZ"\\\n';
    const parsed = JSON.parse(
      mediaMessageTemplate(oddSid, 'outbound')(1, 1, 0, ''),
    ) as MediaMessage;
    expect(parsed.streamSid).toBe(oddSid);
    expect(parsed.media.track).toBe('outbound');
  });
});

describe('Twilio → agent encoders', () => {
  test('connected: the captured shape, no sequenceNumber or streamSid', () => {
    expect(encodeConnected()).toBe('{"event":"connected","protocol":"Call","version":"1.0.0"}');
  });

  test('start: defaults, string sequenceNumber, numeric sampleRate/channels, Twilio field order', () => {
    const text = encodeStart({
      sequenceNumber: 1,
      accountSid: ACCOUNT,
      streamSid: SID,
      callSid: CALL,
      customParameters: { caller: 'alice' },
    });
    const expected: StartMessage = {
      event: 'start',
      sequenceNumber: '1',
      start: {
        accountSid: ACCOUNT,
        streamSid: SID,
        callSid: CALL,
        tracks: ['inbound'],
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
        customParameters: { caller: 'alice' },
      },
      streamSid: SID,
    };
    expect(JSON.parse(text)).toEqual(expected);
    expect(Object.keys(JSON.parse(text) as object)).toEqual([
      'event',
      'sequenceNumber',
      'start',
      'streamSid',
    ]);
    expect(text).toContain('"sampleRate":8000,"channels":1');
  });

  test('start: customParameters default to {} and tracks can be overridden', () => {
    const parsed = JSON.parse(
      encodeStart({
        sequenceNumber: 1,
        accountSid: ACCOUNT,
        streamSid: SID,
        callSid: CALL,
        tracks: ['inbound', 'outbound'],
      }),
    ) as StartMessage;
    expect(parsed.start.customParameters).toEqual({});
    expect(parsed.start.tracks).toEqual(['inbound', 'outbound']);
  });

  test('dtmf uses track "inbound_track" and string counters', () => {
    const expected: DtmfMessage = {
      event: 'dtmf',
      streamSid: SID,
      sequenceNumber: '5',
      dtmf: { track: 'inbound_track', digit: '#' },
    };
    const text = encodeDtmf({ sequenceNumber: 5, streamSid: SID, digit: '#' });
    expect(JSON.parse(text)).toEqual(expected);
    expect(text).toBe(JSON.stringify(expected));
  });

  test('mark echo and stop', () => {
    const mark: TwilioMarkMessage = {
      event: 'mark',
      sequenceNumber: '4',
      streamSid: SID,
      mark: { name: 'say "hi"' },
    };
    expect(JSON.parse(encodeMark({ sequenceNumber: 4, streamSid: SID, name: 'say "hi"' }))).toEqual(
      mark,
    );
    const stop: StopMessage = {
      event: 'stop',
      sequenceNumber: '352',
      streamSid: SID,
      stop: { accountSid: ACCOUNT, callSid: CALL },
    };
    const text = encodeStop({
      sequenceNumber: 352,
      streamSid: SID,
      accountSid: ACCOUNT,
      callSid: CALL,
    });
    expect(JSON.parse(text)).toEqual(stop);
    expect(text).toBe(JSON.stringify(stop));
  });
});

describe('agent → Twilio encoders', () => {
  test('media is JSON.stringify of the typed message', () => {
    const expected: AgentMediaMessage = {
      event: 'media',
      streamSid: SID,
      media: { payload: PAYLOAD },
    };
    expect(encodeAgentMedia(SID, PAYLOAD)).toBe(JSON.stringify(expected));
  });

  test('mark escapes its name; clear has only event and streamSid', () => {
    const mark: AgentMarkMessage = {
      event: 'mark',
      streamSid: SID,
      mark: { name: 'a"b\\c\u2028' },
    };
    expect(JSON.parse(encodeAgentMark(SID, 'a"b\\c\u2028'))).toEqual(mark);
    const clear: AgentClearMessage = { event: 'clear', streamSid: SID };
    expect(encodeAgentClear(SID)).toBe(JSON.stringify(clear));
  });
});
