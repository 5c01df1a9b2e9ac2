/**
 * Parses what Twilio (or the harness playing Twilio) sends to an agent.
 *
 * An agent must keep working when Twilio changes details, so this side is tolerant where
 * tolerance is safe and strict where a guess would be wrong:
 *  - Unknown extra fields are accepted silently: Twilio adds fields without notice. The returned
 *    message is a fresh object holding only the typed fields.
 *  - Counters (`sequenceNumber`, `media.chunk`, `media.timestamp`) and `dtmf.digit` sent as JSON
 *    numbers are converted to strings and reported as `wrong_type` warnings: real Twilio always
 *    sends strings, so a number means the peer is not faithful to Twilio — worth saying, not worth
 *    dropping audio for. `mediaFormat.sampleRate`/`channels` sent as numeric strings are converted
 *    to numbers the same way.
 *  - A missing `start.customParameters` becomes `{}` with a `missing_field` warning.
 *  - Everything else that is required must be present with the right type, otherwise ok: false:
 *    identifiers, tracks, media payload (strict base64), mark name, the event itself.
 *  - `start.streamSid` must equal the top-level `streamSid`; when `expectedStreamSid` is given,
 *    every message after `start` must carry it.
 * Unknown events are ok: false with `unknown_event`; an agent should ignore them, not hang up.
 */
import { decodeStrictBase64, describeBase64Problem } from './base64.ts';
import { isJsonObject, jsonTypeName, parseJsonFrame, type JsonObject } from './json-object.ts';
import {
  protocolViolation,
  type ConnectedMessage,
  type DtmfMessage,
  type MediaMessage,
  type ProtocolViolation,
  type StartMessage,
  type StopMessage,
  type TwilioInboundMessage,
  type TwilioMarkMessage,
  type ViolationCode,
} from './types.ts';

export type TwilioParseResult =
  | {
      ok: true;
      message: TwilioInboundMessage;
      /** Decoded mu-law of a media message (may be a view into Node's shared Buffer pool). */
      payload?: Uint8Array;
      /** Tolerated deviations (numeric counters, missing customParameters). Empty when none. */
      warnings: readonly ProtocolViolation[];
    }
  | { ok: false; violation: ProtocolViolation };

const NO_WARNINGS: readonly ProtocolViolation[] = Object.freeze([]);

class Fatal extends Error {
  constructor(readonly violation: ProtocolViolation) {
    super(violation.message);
  }
}

/** Reads typed fields of one message, collecting warnings and throwing Fatal on what it cannot accept. */
class FieldReader {
  warnings: ProtocolViolation[] | null = null;
  constructor(private readonly event: string) {}

  fatal(code: ViolationCode, message: string, field: string): never {
    throw new Fatal(protocolViolation(code, `${this.event} message: ${message}`, field));
  }

  warn(code: ViolationCode, message: string, field: string): void {
    (this.warnings ??= []).push(
      protocolViolation(code, `${this.event} message: ${message}`, field),
    );
  }

  object(parent: JsonObject, key: string, path: string): JsonObject {
    const value = parent[key];
    if (value === undefined) this.fatal('missing_field', `"${path}" is missing`, path);
    if (!isJsonObject(value))
      this.fatal('wrong_type', `"${path}" must be an object, got ${jsonTypeName(value)}`, path);
    return value;
  }

  string(parent: JsonObject, key: string, path: string): string {
    const value = parent[key];
    if (typeof value === 'string') return value;
    if (value === undefined) this.fatal('missing_field', `"${path}" is missing`, path);
    return this.fatal('wrong_type', `"${path}" must be a string, got ${jsonTypeName(value)}`, path);
  }

  /** A string Twilio always sends as a string; a finite number is converted with a warning. */
  stringOrNumber(parent: JsonObject, key: string, path: string): string {
    const value = parent[key];
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) {
      this.warn(
        'wrong_type',
        `"${path}" is the number ${value}; Twilio sends it as the string "${value}"`,
        path,
      );
      return String(value);
    }
    return this.string(parent, key, path);
  }

  /** A number Twilio always sends as a number; a numeric string is converted with a warning. */
  number(parent: JsonObject, key: string, path: string): number {
    const value = parent[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
      this.warn(
        'wrong_type',
        `"${path}" is the string ${JSON.stringify(value)}; Twilio sends a number`,
        path,
      );
      return Number(value);
    }
    if (value === undefined) this.fatal('missing_field', `"${path}" is missing`, path);
    return this.fatal('wrong_type', `"${path}" must be a number, got ${jsonTypeName(value)}`, path);
  }

  stringArray(parent: JsonObject, key: string, path: string): string[] {
    const value = parent[key];
    if (value === undefined) this.fatal('missing_field', `"${path}" is missing`, path);
    if (!Array.isArray(value))
      this.fatal(
        'wrong_type',
        `"${path}" must be an array of strings, got ${jsonTypeName(value)}`,
        path,
      );
    const out: string[] = [];
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== 'string')
        this.fatal(
          'wrong_type',
          `"${path}[${i}]" must be a string, got ${jsonTypeName(item)}`,
          `${path}[${i}]`,
        );
      out.push(item);
    }
    return out;
  }

  stringRecord(parent: JsonObject, key: string, path: string): Record<string, string> {
    const value = parent[key];
    if (value === undefined) {
      this.warn('missing_field', `"${path}" is missing; using {}`, path);
      return {};
    }
    if (!isJsonObject(value))
      this.fatal(
        'wrong_type',
        `"${path}" must be an object of strings, got ${jsonTypeName(value)}`,
        path,
      );
    const out: Record<string, string> = {};
    for (const name of Object.keys(value)) {
      const item = value[name];
      if (typeof item !== 'string')
        this.fatal(
          'wrong_type',
          `"${path}.${name}" must be a string, got ${jsonTypeName(item)}`,
          `${path}.${name}`,
        );
      out[name] = item;
    }
    return out;
  }

  streamSid(obj: JsonObject, expected: string | undefined): string {
    const sid = this.string(obj, 'streamSid', 'streamSid');
    if (expected !== undefined && sid !== expected) {
      this.fatal(
        'wrong_stream_sid',
        `"streamSid" is ${JSON.stringify(sid)} but this stream is ${JSON.stringify(expected)}`,
        'streamSid',
      );
    }
    return sid;
  }
}

/**
 * Parses one message from Twilio. Pass `expectedStreamSid` (learned from `start`) to have every
 * later message checked against it.
 */
export function parseTwilioMessage(
  data: string | Buffer,
  isBinary: boolean,
  expectedStreamSid?: string,
): TwilioParseResult {
  const frame = parseJsonFrame(data, isBinary);
  if (!frame.ok) return frame;
  const obj = frame.object;
  const event = obj.event;
  if (event === undefined) return fail('missing_field', 'message has no "event" field', 'event');
  if (typeof event !== 'string')
    return fail('wrong_type', `"event" must be a string, got ${jsonTypeName(event)}`, 'event');
  const reader = new FieldReader(event);
  try {
    let payload: Uint8Array | undefined;
    let message: TwilioInboundMessage;
    switch (event) {
      case 'connected':
        message = readConnected(reader, obj);
        break;
      case 'start':
        message = readStart(reader, obj, expectedStreamSid);
        break;
      case 'media': {
        const media = readMedia(reader, obj, expectedStreamSid);
        message = media.message;
        payload = media.payload;
        break;
      }
      case 'dtmf':
        message = readDtmf(reader, obj, expectedStreamSid);
        break;
      case 'mark':
        message = readMark(reader, obj, expectedStreamSid);
        break;
      case 'stop':
        message = readStop(reader, obj, expectedStreamSid);
        break;
      default: {
        const agentOnly = event === 'clear' ? ' ("clear" is only sent by the agent to Twilio)' : '';
        return fail('unknown_event', `unknown event ${JSON.stringify(event)}${agentOnly}`, 'event');
      }
    }
    const warnings = reader.warnings ?? NO_WARNINGS;
    return payload === undefined
      ? { ok: true, message, warnings }
      : { ok: true, message, payload, warnings };
  } catch (err) {
    if (err instanceof Fatal) return { ok: false, violation: err.violation };
    throw err;
  }
}

function fail(code: ViolationCode, message: string, field: string): TwilioParseResult {
  return { ok: false, violation: protocolViolation(code, message, field) };
}

function readConnected(r: FieldReader, obj: JsonObject): ConnectedMessage {
  return {
    event: 'connected',
    protocol: r.string(obj, 'protocol', 'protocol'),
    version: r.string(obj, 'version', 'version'),
  };
}

function readStart(r: FieldReader, obj: JsonObject, expected: string | undefined): StartMessage {
  const sequenceNumber = r.stringOrNumber(obj, 'sequenceNumber', 'sequenceNumber');
  const streamSid = r.streamSid(obj, expected);
  const start = r.object(obj, 'start', 'start');
  const innerSid = r.string(start, 'streamSid', 'start.streamSid');
  if (innerSid !== streamSid) {
    r.fatal(
      'wrong_stream_sid',
      `"start.streamSid" ${JSON.stringify(innerSid)} differs from "streamSid" ${JSON.stringify(streamSid)}`,
      'start.streamSid',
    );
  }
  const format = r.object(start, 'mediaFormat', 'start.mediaFormat');
  return {
    event: 'start',
    sequenceNumber,
    streamSid,
    start: {
      accountSid: r.string(start, 'accountSid', 'start.accountSid'),
      streamSid: innerSid,
      callSid: r.string(start, 'callSid', 'start.callSid'),
      tracks: r.stringArray(start, 'tracks', 'start.tracks'),
      mediaFormat: {
        encoding: r.string(format, 'encoding', 'start.mediaFormat.encoding'),
        sampleRate: r.number(format, 'sampleRate', 'start.mediaFormat.sampleRate'),
        channels: r.number(format, 'channels', 'start.mediaFormat.channels'),
      },
      customParameters: r.stringRecord(start, 'customParameters', 'start.customParameters'),
    },
  };
}

function readMedia(
  r: FieldReader,
  obj: JsonObject,
  expected: string | undefined,
): { message: MediaMessage; payload: Uint8Array } {
  const sequenceNumber = r.stringOrNumber(obj, 'sequenceNumber', 'sequenceNumber');
  const streamSid = r.streamSid(obj, expected);
  const media = r.object(obj, 'media', 'media');
  const track = r.string(media, 'track', 'media.track');
  const chunk = r.stringOrNumber(media, 'chunk', 'media.chunk');
  const timestamp = r.stringOrNumber(media, 'timestamp', 'media.timestamp');
  const text = r.string(media, 'payload', 'media.payload');
  const payload = decodeStrictBase64(text);
  if (payload === null)
    return r.fatal(
      'bad_base64',
      `"media.payload" is not valid base64: ${describeBase64Problem(text)}`,
      'media.payload',
    );
  if (payload.length === 0) r.warn('empty_payload', '"media.payload" is empty', 'media.payload');
  return {
    message: {
      event: 'media',
      sequenceNumber,
      streamSid,
      media: { track, chunk, timestamp, payload: text },
    },
    payload,
  };
}

function readDtmf(r: FieldReader, obj: JsonObject, expected: string | undefined): DtmfMessage {
  const streamSid = r.streamSid(obj, expected);
  const sequenceNumber = r.stringOrNumber(obj, 'sequenceNumber', 'sequenceNumber');
  const dtmf = r.object(obj, 'dtmf', 'dtmf');
  return {
    event: 'dtmf',
    streamSid,
    sequenceNumber,
    dtmf: {
      track: r.string(dtmf, 'track', 'dtmf.track'),
      digit: r.stringOrNumber(dtmf, 'digit', 'dtmf.digit'),
    },
  };
}

function readMark(
  r: FieldReader,
  obj: JsonObject,
  expected: string | undefined,
): TwilioMarkMessage {
  const sequenceNumber = r.stringOrNumber(obj, 'sequenceNumber', 'sequenceNumber');
  const streamSid = r.streamSid(obj, expected);
  const mark = r.object(obj, 'mark', 'mark');
  return {
    event: 'mark',
    sequenceNumber,
    streamSid,
    mark: { name: r.string(mark, 'name', 'mark.name') },
  };
}

function readStop(r: FieldReader, obj: JsonObject, expected: string | undefined): StopMessage {
  const sequenceNumber = r.stringOrNumber(obj, 'sequenceNumber', 'sequenceNumber');
  const streamSid = r.streamSid(obj, expected);
  const stop = r.object(obj, 'stop', 'stop');
  return {
    event: 'stop',
    sequenceNumber,
    streamSid,
    stop: {
      accountSid: r.string(stop, 'accountSid', 'stop.accountSid'),
      callSid: r.string(stop, 'callSid', 'stop.callSid'),
    },
  };
}
