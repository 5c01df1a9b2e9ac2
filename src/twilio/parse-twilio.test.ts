import { describe, expect, test } from 'vitest';
import {
  encodeConnected,
  encodeDtmf,
  encodeMark,
  encodeStart,
  encodeStop,
  mediaMessageTemplate,
} from './encode.ts';
import { parseTwilioMessage, type TwilioParseResult } from './parse-twilio.ts';
import { base64, quietLineNoise } from './test-fixtures.ts';
import type { ProtocolViolation, TwilioInboundMessage, ViolationCode } from './types.ts';

const SID = 'MZ18ad3ab5a668481ce02b83e7395059f0';
const CALL = 'CA362c7b8b8e0a3b5ea2c2b21b3e42b4c8';
const ACCOUNT = 'AC0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const FRAME = quietLineNoise(5, 160, 1200);
const FRAME_B64 = base64(FRAME);

function okOf(result: TwilioParseResult): Extract<TwilioParseResult, { ok: true }> {
  if (!result.ok)
    throw new Error(`expected ok, got ${result.violation.code}: ${result.violation.message}`);
  return result;
}

function violationOf(result: TwilioParseResult): ProtocolViolation {
  if (result.ok) throw new Error(`expected a violation, got ${JSON.stringify(result.message)}`);
  return result.violation;
}

function parse(message: unknown, expectedStreamSid?: string): TwilioParseResult {
  return parseTwilioMessage(JSON.stringify(message), false, expectedStreamSid);
}

const START = {
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
const MEDIA = {
  event: 'media',
  sequenceNumber: '2',
  media: { track: 'inbound', chunk: '1', timestamp: '102', payload: FRAME_B64 },
  streamSid: SID,
};

describe('what the harness encodes parses back to the same typed message', () => {
  test('every Twilio → agent message, with no warnings', () => {
    const messages: [string, TwilioInboundMessage][] = [
      [encodeConnected(), { event: 'connected', protocol: 'Call', version: '1.0.0' }],
      [
        encodeStart({
          sequenceNumber: 1,
          accountSid: ACCOUNT,
          streamSid: SID,
          callSid: CALL,
          customParameters: { caller: 'alice' },
        }),
        START as TwilioInboundMessage,
      ],
      [mediaMessageTemplate(SID)(2, 1, 102, FRAME_B64), MEDIA as TwilioInboundMessage],
      [
        encodeDtmf({ sequenceNumber: 3, streamSid: SID, digit: '7' }),
        {
          event: 'dtmf',
          streamSid: SID,
          sequenceNumber: '3',
          dtmf: { track: 'inbound_track', digit: '7' },
        },
      ],
      [
        encodeMark({ sequenceNumber: 4, streamSid: SID, name: 'm1' }),
        { event: 'mark', sequenceNumber: '4', streamSid: SID, mark: { name: 'm1' } },
      ],
      [
        encodeStop({ sequenceNumber: 5, streamSid: SID, accountSid: ACCOUNT, callSid: CALL }),
        {
          event: 'stop',
          sequenceNumber: '5',
          streamSid: SID,
          stop: { accountSid: ACCOUNT, callSid: CALL },
        },
      ],
    ];
    for (const [text, expected] of messages) {
      const result = okOf(
        parseTwilioMessage(text, false, expected.event === 'connected' ? undefined : SID),
      );
      expect(result.message).toEqual(expected);
      expect(result.warnings).toEqual([]);
    }
  });

  test('media payload is decoded', () => {
    const result = okOf(parseTwilioMessage(Buffer.from(JSON.stringify(MEDIA)), false, SID));
    expect(result.payload).toEqual(new Uint8Array(FRAME));
  });
});

describe('tolerant where Twilio may change details', () => {
  test('unknown extra fields are accepted silently and not copied into the message', () => {
    const result = okOf(parse({ ...MEDIA, newField: 1, media: { ...MEDIA.media, extra: 'x' } }));
    expect(result.warnings).toEqual([]);
    expect(result.message).toEqual(MEDIA);
    const start = okOf(
      parse({
        ...START,
        start: {
          ...START.start,
          name: 'stream-1',
          mediaFormat: { ...START.start.mediaFormat, bitDepth: 8 },
        },
      }),
    );
    expect(start.message).toEqual(START);
  });

  test('numeric counters are converted to strings, with one wrong_type warning each', () => {
    const result = okOf(
      parse({ ...MEDIA, sequenceNumber: 2, media: { ...MEDIA.media, chunk: 1, timestamp: 102 } }),
    );
    expect(result.message).toEqual(MEDIA);
    expect(result.warnings.map((w) => [w.code, w.field])).toEqual([
      ['wrong_type', 'sequenceNumber'],
      ['wrong_type', 'media.chunk'],
      ['wrong_type', 'media.timestamp'],
    ]);
    expect(result.warnings[0].message).toMatch(/the number 2; Twilio sends it as the string "2"/);
    const dtmf = okOf(
      parse({
        event: 'dtmf',
        streamSid: SID,
        sequenceNumber: '3',
        dtmf: { track: 'inbound_track', digit: 5 },
      }),
    );
    expect(dtmf.message).toMatchObject({ dtmf: { digit: '5' } });
  });

  test('sampleRate/channels given as numeric strings become numbers, with warnings', () => {
    const result = okOf(
      parse({
        ...START,
        start: {
          ...START.start,
          mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: '8000', channels: '1' },
        },
      }),
    );
    expect(result.message).toEqual(START);
    expect(result.warnings.map((w) => w.field)).toEqual([
      'start.mediaFormat.sampleRate',
      'start.mediaFormat.channels',
    ]);
  });

  test('missing customParameters become {}', () => {
    const { customParameters: _omitted, ...rest } = START.start;
    const result = okOf(parse({ ...START, start: rest }));
    expect(result.message).toMatchObject({ start: { customParameters: {} } });
    expect(result.warnings.map((w) => w.code)).toEqual(['missing_field']);
  });
});

describe('strict where a guess would be wrong', () => {
  const cases: {
    name: string;
    input: unknown;
    expected?: string;
    code: ViolationCode;
    field?: string;
  }[] = [
    { name: 'no event', input: { streamSid: SID }, code: 'missing_field', field: 'event' },
    {
      name: 'unknown event',
      input: { event: 'transcript', streamSid: SID },
      code: 'unknown_event',
    },
    {
      name: 'clear is agent-only',
      input: { event: 'clear', streamSid: SID },
      code: 'unknown_event',
    },
    {
      name: 'connected without version',
      input: { event: 'connected', protocol: 'Call' },
      code: 'missing_field',
      field: 'version',
    },
    {
      name: 'start without start',
      input: { event: 'start', sequenceNumber: '1', streamSid: SID },
      code: 'missing_field',
      field: 'start',
    },
    {
      name: 'start without callSid',
      input: { ...START, start: { ...START.start, callSid: undefined } },
      code: 'missing_field',
      field: 'start.callSid',
    },
    {
      name: 'start with tracks as a string',
      input: { ...START, start: { ...START.start, tracks: 'inbound' } },
      code: 'wrong_type',
      field: 'start.tracks',
    },
    {
      name: 'start with a numeric custom parameter',
      input: { ...START, start: { ...START.start, customParameters: { n: 1 } } },
      code: 'wrong_type',
      field: 'start.customParameters.n',
    },
    {
      name: 'start with sampleRate "fast"',
      input: {
        ...START,
        start: { ...START.start, mediaFormat: { ...START.start.mediaFormat, sampleRate: 'fast' } },
      },
      code: 'wrong_type',
      field: 'start.mediaFormat.sampleRate',
    },
    {
      name: 'start whose inner streamSid differs',
      input: { ...START, start: { ...START.start, streamSid: 'MZother' } },
      code: 'wrong_stream_sid',
      field: 'start.streamSid',
    },
    {
      name: 'media for another stream',
      input: { ...MEDIA, streamSid: 'MZother' },
      expected: SID,
      code: 'wrong_stream_sid',
      field: 'streamSid',
    },
    {
      name: 'media without payload',
      input: { ...MEDIA, media: { track: 'inbound', chunk: '1', timestamp: '102' } },
      code: 'missing_field',
      field: 'media.payload',
    },
    {
      name: 'media with a numeric streamSid',
      input: { ...MEDIA, streamSid: 12 },
      code: 'wrong_type',
      field: 'streamSid',
    },
    {
      name: 'media with bad base64',
      input: { ...MEDIA, media: { ...MEDIA.media, payload: 'a b' } },
      code: 'bad_base64',
      field: 'media.payload',
    },
    {
      name: 'counter as null',
      input: { ...MEDIA, sequenceNumber: null },
      code: 'wrong_type',
      field: 'sequenceNumber',
    },
    {
      name: 'mark without name',
      input: { event: 'mark', sequenceNumber: '4', streamSid: SID, mark: {} },
      code: 'missing_field',
      field: 'mark.name',
    },
    {
      name: 'stop without stop',
      input: { event: 'stop', sequenceNumber: '9', streamSid: SID },
      code: 'missing_field',
      field: 'stop',
    },
  ];

  test.each(cases)('$name → $code', ({ input, expected, code, field }) => {
    const violation = violationOf(parse(input, expected));
    expect(violation.code).toBe(code);
    if (field !== undefined) expect(violation.field).toBe(field);
    expect(violation.message.length).toBeGreaterThan(10);
  });

  test('binary frames and non-JSON', () => {
    expect(violationOf(parseTwilioMessage(Buffer.from([1, 2, 3]), true)).code).toBe('binary_frame');
    expect(violationOf(parseTwilioMessage('{oops', false)).code).toBe('invalid_json');
  });

  test('messages name the event and the field', () => {
    expect(violationOf(parse({ ...MEDIA, streamSid: 'MZother' }, SID)).message).toBe(
      `media message: "streamSid" is "MZother" but this stream is "${SID}"`,
    );
  });
});
