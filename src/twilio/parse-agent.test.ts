import { describe, expect, test } from 'vitest';
import { encodeAgentClear, encodeAgentMark, encodeAgentMedia } from './encode.ts';
import { parseAgentMessage, type AgentParseResult } from './parse-agent.ts';
import {
  base64,
  fsddAsMulaw,
  HAVE_FSDD,
  mpegFrames,
  quietLineNoise,
  sunAu,
  withHeader,
  ascii,
} from './test-fixtures.ts';
import type { ProtocolViolation, ViolationCode } from './types.ts';

const SID = 'MZ0123456789abcdef0123456789abcdef';
const FRAME = quietLineNoise(3, 160, 2000);
const FRAME_B64 = base64(FRAME);

function parse(message: unknown, isBinary = false): AgentParseResult {
  return parseAgentMessage(
    typeof message === 'string' ? message : JSON.stringify(message),
    isBinary,
    SID,
  );
}

function violationOf(result: AgentParseResult): ProtocolViolation {
  if (result.ok)
    throw new Error(`expected a violation, got ok with ${JSON.stringify(result.message)}`);
  return result.violation;
}

function okOf(result: AgentParseResult): Extract<AgentParseResult, { ok: true }> {
  if (!result.ok)
    throw new Error(`expected ok, got ${result.violation.code}: ${result.violation.message}`);
  return result;
}

describe('valid messages', () => {
  test('media: payload decoded, no warnings', () => {
    const result = okOf(parse({ event: 'media', streamSid: SID, media: { payload: FRAME_B64 } }));
    expect(result.message).toEqual({
      event: 'media',
      streamSid: SID,
      media: { payload: FRAME_B64 },
    });
    expect(result.payload).toEqual(new Uint8Array(FRAME));
    expect(result.warnings).toEqual([]);
  });

  test('mark and clear', () => {
    const mark = okOf(parse({ event: 'mark', streamSid: SID, mark: { name: 'turn-1 "end" ✓' } }));
    expect(mark.message).toEqual({
      event: 'mark',
      streamSid: SID,
      mark: { name: 'turn-1 "end" ✓' },
    });
    expect(mark.payload).toBeUndefined();
    const clear = okOf(parse({ event: 'clear', streamSid: SID }));
    expect(clear.message).toEqual({ event: 'clear', streamSid: SID });
    expect(clear.warnings).toEqual([]);
  });

  test('text frames given as a Buffer (what ws delivers) parse the same', () => {
    const result = okOf(
      parseAgentMessage(Buffer.from(encodeAgentMedia(SID, FRAME_B64)), false, SID),
    );
    expect(result.payload).toEqual(new Uint8Array(FRAME));
  });

  test('the agent-side encoders produce messages that pass without warnings', () => {
    for (const text of [
      encodeAgentMedia(SID, FRAME_B64),
      encodeAgentMark(SID, 'm1'),
      encodeAgentClear(SID),
    ]) {
      expect(okOf(parseAgentMessage(text, false, SID)).warnings).toEqual([]);
    }
  });

  test.skipIf(!HAVE_FSDD)(
    'real speech and silence frames pass with no warnings (skipped: /work/shared/data/fsdd absent)',
    () => {
      let frames = 0;
      for (const recording of fsddAsMulaw(20)) {
        for (let at = 0; at + 160 <= recording.length; at += 160) {
          const payload = recording.subarray(at, at + 160);
          const result = okOf(
            parse({ event: 'media', streamSid: SID, media: { payload: base64(payload) } }),
          );
          expect(result.warnings).toEqual([]);
          expect(result.payload).toEqual(new Uint8Array(payload));
          frames++;
        }
      }
      const silence = new Uint8Array(160).fill(0xff);
      expect(
        okOf(parse({ event: 'media', streamSid: SID, media: { payload: base64(silence) } }))
          .warnings,
      ).toEqual([]);
      expect(frames).toBeGreaterThan(100);
    },
  );
});

describe('fatal violations', () => {
  const cases: {
    name: string;
    input: unknown;
    binary?: boolean;
    code: ViolationCode;
    field?: string;
    says: RegExp;
  }[] = [
    {
      name: 'binary frame',
      input: JSON.stringify({ event: 'clear', streamSid: SID }),
      binary: true,
      code: 'binary_frame',
      says: /binary WebSocket frame/,
    },
    { name: 'not JSON', input: 'hello', code: 'invalid_json', says: /not valid JSON.*"hello"/ },
    {
      name: 'truncated JSON',
      input: '{"event":"media"',
      code: 'invalid_json',
      says: /not valid JSON/,
    },
    { name: 'JSON array', input: '[1,2]', code: 'invalid_json', says: /JSON array, not an object/ },
    { name: 'JSON null', input: 'null', code: 'invalid_json', says: /JSON null/ },
    { name: 'JSON string', input: '"media"', code: 'invalid_json', says: /JSON string/ },
    {
      name: 'no event',
      input: { streamSid: SID },
      code: 'missing_field',
      field: 'event',
      says: /no "event"/,
    },
    {
      name: 'numeric event',
      input: { event: 1, streamSid: SID },
      code: 'wrong_type',
      field: 'event',
      says: /must be a string, got number/,
    },
    {
      name: 'unknown event',
      input: { event: 'play', streamSid: SID },
      code: 'unknown_event',
      field: 'event',
      says: /unknown event "play"/,
    },
    {
      name: 'Twilio-only event',
      input: { event: 'stop', streamSid: SID },
      code: 'unknown_event',
      field: 'event',
      says: /only sent by Twilio/,
    },
    {
      name: 'event in wrong case',
      input: { event: 'Media', streamSid: SID },
      code: 'unknown_event',
      says: /"Media"/,
    },
    {
      name: 'no streamSid',
      input: { event: 'clear' },
      code: 'missing_field',
      field: 'streamSid',
      says: /clear message has no "streamSid"/,
    },
    {
      name: 'numeric streamSid',
      input: { event: 'clear', streamSid: 5 },
      code: 'wrong_type',
      field: 'streamSid',
      says: /got number/,
    },
    {
      name: 'wrong streamSid',
      input: { event: 'clear', streamSid: 'MZother' },
      code: 'wrong_stream_sid',
      field: 'streamSid',
      says: /"MZother" but this stream is "MZ0123/,
    },
    {
      name: 'media without media',
      input: { event: 'media', streamSid: SID },
      code: 'missing_field',
      field: 'media',
      says: /no "media" object/,
    },
    {
      name: 'media as string',
      input: { event: 'media', streamSid: SID, media: FRAME_B64 },
      code: 'wrong_type',
      field: 'media',
      says: /must be an object, got string/,
    },
    {
      name: 'no payload',
      input: { event: 'media', streamSid: SID, media: {} },
      code: 'missing_field',
      field: 'media.payload',
      says: /no "media.payload"/,
    },
    {
      name: 'payload as array',
      input: { event: 'media', streamSid: SID, media: { payload: [1, 2] } },
      code: 'wrong_type',
      field: 'media.payload',
      says: /got array/,
    },
    {
      name: 'base64url',
      input: { event: 'media', streamSid: SID, media: { payload: 'ab-_' } },
      code: 'bad_base64',
      field: 'media.payload',
      says: /"-" at index 2 .*base64url/,
    },
    {
      name: 'line-wrapped base64',
      input: { event: 'media', streamSid: SID, media: { payload: 'QUJD\nREVG' } },
      code: 'bad_base64',
      says: /newline.*line-wrapped/,
    },
    {
      name: 'space',
      input: { event: 'media', streamSid: SID, media: { payload: 'QUJD REVG' } },
      code: 'bad_base64',
      says: /" " \(space\) at index 4/,
    },
    {
      name: 'missing padding',
      input: { event: 'media', streamSid: SID, media: { payload: 'QUI' } },
      code: 'bad_base64',
      says: /length 3 is not a multiple of 4/,
    },
    {
      name: 'padding in the middle',
      input: { event: 'media', streamSid: SID, media: { payload: 'QQ==QUJD' } },
      code: 'bad_base64',
      says: /padding "=" at index 2/,
    },
    {
      name: 'too much padding',
      input: { event: 'media', streamSid: SID, media: { payload: 'Q===' } },
      code: 'bad_base64',
      says: /padding/,
    },
    {
      name: 'data URI',
      input: {
        event: 'media',
        streamSid: SID,
        media: { payload: `data:audio/basic;base64,${FRAME_B64}` },
      },
      code: 'bad_base64',
      says: /data: URI/,
    },
    {
      name: 'mark without mark',
      input: { event: 'mark', streamSid: SID },
      code: 'mark_without_name',
      field: 'mark.name',
      says: /no "mark" object/,
    },
    {
      name: 'mark without name',
      input: { event: 'mark', streamSid: SID, mark: {} },
      code: 'mark_without_name',
      field: 'mark.name',
      says: /no "mark.name"/,
    },
    {
      name: 'mark with empty name',
      input: { event: 'mark', streamSid: SID, mark: { name: '' } },
      code: 'mark_without_name',
      says: /empty/,
    },
    {
      name: 'numeric mark name',
      input: { event: 'mark', streamSid: SID, mark: { name: 7 } },
      code: 'wrong_type',
      field: 'mark.name',
      says: /got number/,
    },
    {
      name: 'mark as string',
      input: { event: 'mark', streamSid: SID, mark: 'm1' },
      code: 'wrong_type',
      field: 'mark',
      says: /must be an object/,
    },
  ];

  test.each(cases)('$name → $code', ({ input, binary, code, field, says }) => {
    const violation = violationOf(parse(input, binary ?? false));
    expect(violation.code).toBe(code);
    expect(violation.message).toMatch(says);
    if (field !== undefined) expect(violation.field).toBe(field);
  });

  test('Twilio codes: 31950 for binary, 31951 for message problems, none for base64', () => {
    expect(violationOf(parse('{}', true)).twilioCode).toBe(31950);
    expect(violationOf(parse('nope')).twilioCode).toBe(31951);
    expect(violationOf(parse({ event: 'x', streamSid: SID })).twilioCode).toBe(31951);
    expect(violationOf(parse({ event: 'clear', streamSid: 'MZx' })).twilioCode).toBe(31951);
    expect(
      violationOf(parse({ event: 'media', streamSid: SID, media: { payload: '***' } })).twilioCode,
    ).toBeNull();
  });

  test('the streamSid is checked before the body, so a stray message is reported as such', () => {
    expect(violationOf(parse({ event: 'media', streamSid: 'MZother', media: {} })).code).toBe(
      'wrong_stream_sid',
    );
  });
});

describe('warnings: the message is still accepted', () => {
  test("extra fields, top level and nested, in one warning (an agent echoing Twilio's shape)", () => {
    const result = okOf(
      parse({
        event: 'media',
        sequenceNumber: '3',
        streamSid: SID,
        media: { track: 'outbound', chunk: '1', payload: FRAME_B64 },
      }),
    );
    expect(result.payload).toEqual(new Uint8Array(FRAME));
    expect(result.warnings).toHaveLength(1);
    const [warning] = result.warnings;
    expect(warning.code).toBe('extra_field');
    expect(warning.twilioCode).toBe(31951);
    expect(warning.field).toBe('sequenceNumber');
    expect(warning.message).toContain('"sequenceNumber", "media.track", "media.chunk"');
  });

  test('extra fields on mark and clear', () => {
    const mark = okOf(parse({ event: 'mark', streamSid: SID, mark: { name: 'a', at: 1 } }));
    expect(mark.warnings.map((w) => w.field)).toEqual(['mark.at']);
    const clear = okOf(parse({ event: 'clear', streamSid: SID, clear: {} }));
    expect(clear.warnings.map((w) => w.code)).toEqual(['extra_field']);
  });

  test('an empty payload decodes to nothing', () => {
    const result = okOf(parse({ event: 'media', streamSid: SID, media: { payload: '' } }));
    expect(result.payload).toHaveLength(0);
    expect(result.warnings.map((w) => w.code)).toEqual(['empty_payload']);
  });

  test('file headers: the bytes are still returned (Twilio plays them, as noise)', () => {
    const body = FRAME.subarray(0, 100);
    const wav = withHeader(
      [...ascii('RIFF'), 36, 0, 0, 0, ...ascii('WAVE'), ...ascii('fmt ')],
      body,
    );
    const headered: [Uint8Array, string][] = [
      [wav, 'WAV (RIFF)'],
      [withHeader([...ascii('ID3'), 4, 0, 0, 0, 0, 0, 0x10], body), 'MP3 (ID3v2 tag)'],
      [mpegFrames([0xff, 0xf3, 0x84, 0xc4], 192, 3), 'MP3 (MPEG audio frames)'],
      [sunAu(body), 'Sun .snd/.au'],
      [withHeader([...ascii('OggS'), 0], body), 'Ogg'],
      [withHeader([...ascii('fLaC'), 0], body), 'FLAC'],
    ];
    for (const [bytes, format] of headered) {
      const result = okOf(
        parse({ event: 'media', streamSid: SID, media: { payload: base64(bytes) } }),
      );
      expect(result.payload).toEqual(new Uint8Array(bytes));
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0].code).toBe('payload_has_header');
      expect(result.warnings[0].message).toContain(`${format} header`);
      expect(result.warnings[0].twilioCode).toBeNull();
    }
  });

  test('several warnings at once', () => {
    const wav = withHeader([...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WAVE')], FRAME);
    const result = okOf(
      parse({ event: 'media', streamSid: SID, media: { payload: base64(wav), track: 'x' } }),
    );
    expect(result.warnings.map((w) => w.code)).toEqual(['extra_field', 'payload_has_header']);
  });
});
