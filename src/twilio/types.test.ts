import { describe, expect, test } from 'vitest';
import { protocolViolation, VIOLATION_TWILIO_CODES } from './types.ts';

describe('violation codes', () => {
  test("Twilio's documented warnings: 31950 binary, 31951 invalid message, 31931 buffer overflow", () => {
    expect(VIOLATION_TWILIO_CODES.binary_frame).toBe(31950);
    for (const code of [
      'invalid_json',
      'unknown_event',
      'missing_field',
      'extra_field',
      'wrong_stream_sid',
    ] as const) {
      expect(VIOLATION_TWILIO_CODES[code]).toBe(31951);
    }
    expect(VIOLATION_TWILIO_CODES.playback_overflow).toBe(31931);
    expect(VIOLATION_TWILIO_CODES.bad_base64).toBeNull();
    expect(VIOLATION_TWILIO_CODES.payload_has_header).toBeNull();
    expect(Object.isFrozen(VIOLATION_TWILIO_CODES)).toBe(true);
  });

  test('protocolViolation fills in the Twilio code and the field only when given', () => {
    expect(protocolViolation('extra_field', 'm', 'media.track')).toEqual({
      code: 'extra_field',
      message: 'm',
      twilioCode: 31951,
      field: 'media.track',
    });
    expect(protocolViolation('bad_base64', 'm')).toEqual({
      code: 'bad_base64',
      message: 'm',
      twilioCode: null,
    });
  });
});
