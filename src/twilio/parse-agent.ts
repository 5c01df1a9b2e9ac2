/**
 * Validates what an agent sends to "Twilio" (the harness), the way Twilio's Media Streams
 * endpoint would, but saying precisely what is wrong. Runs on every message an agent sends, so it
 * does one JSON.parse, one regex test and one base64 decode per media message and allocates
 * little else (measured by bench/twilio-encode.ts).
 *
 * Fatal (ok: false, the message is not acted on): binary frame, invalid JSON, unknown or missing
 * event, missing required field, wrong JSON type, wrong streamSid, bad base64, mark without name.
 * Whether Twilio drops such messages is unconfirmed; it cannot act on them sensibly, so neither
 * does the harness.
 *
 * Warnings (ok: true, the message is acted on):
 *  - extra_field: Twilio lists "extra field" among the causes of warning 31951, but nothing says
 *    it discards the message, and agents commonly echo Twilio's shape back (`media.track`,
 *    `media.chunk`, `sequenceNumber`). Accepting keeps the call measurable while still reporting.
 *  - payload_has_header: Twilio cannot detect headers and plays the bytes as noise (pitfall 1), so
 *    the harness plays them too — the caller hears what a real caller would.
 *  - empty_payload: decodes to nothing; harmless but almost certainly a bug in the agent.
 */
import { decodeStrictBase64, describeBase64Problem } from './base64.ts';
import { isJsonObject, jsonTypeName, parseJsonFrame, type JsonObject } from './json-object.ts';
import { sniffAudioHeader } from './sniff-header.ts';
import {
  protocolViolation,
  type AgentClearMessage,
  type AgentMarkMessage,
  type AgentMediaMessage,
  type AgentMessage,
  type ProtocolViolation,
  type ViolationCode,
} from './types.ts';

export type AgentParseResult =
  | {
      ok: true;
      message: AgentMessage;
      /** Decoded mu-law for media messages (may be a view into Node's shared Buffer pool). */
      payload?: Uint8Array;
      /** Non-fatal problems; a shared empty array when there are none (do not mutate it). */
      warnings: readonly ProtocolViolation[];
    }
  | { ok: false; violation: ProtocolViolation };

const NO_WARNINGS: readonly ProtocolViolation[] = Object.freeze([]);

function fail(code: ViolationCode, message: string, field?: string): AgentParseResult {
  return { ok: false, violation: protocolViolation(code, message, field) };
}

/** Names of keys in `obj` other than `allowed`, each prefixed with `prefix`; null when none. */
function extraKeys(
  obj: JsonObject,
  allowed: readonly string[],
  prefix: string,
  into: string[] | null,
): string[] | null {
  for (const key in obj) {
    if (!allowed.includes(key)) (into ??= []).push(prefix + key);
  }
  return into;
}

function extraFieldWarning(event: string, fields: string[]): ProtocolViolation {
  const list = fields.map((f) => JSON.stringify(f)).join(', ');
  return protocolViolation(
    'extra_field',
    `${event} message has field${fields.length > 1 ? 's' : ''} the protocol does not define: ${list} (Twilio warns 31951; the message was still accepted)`,
    fields[0],
  );
}

const MEDIA_KEYS = ['event', 'streamSid', 'media'] as const;
const MEDIA_INNER_KEYS = ['payload'] as const;
const MARK_KEYS = ['event', 'streamSid', 'mark'] as const;
const MARK_INNER_KEYS = ['name'] as const;
const CLEAR_KEYS = ['event', 'streamSid'] as const;

/**
 * Parses and validates one message an agent sent on a bidirectional Media Stream whose
 * streamSid is `expectedStreamSid`.
 */
export function parseAgentMessage(
  data: string | Buffer,
  isBinary: boolean,
  expectedStreamSid: string,
): AgentParseResult {
  const frame = parseJsonFrame(data, isBinary);
  if (!frame.ok) return frame;
  const obj = frame.object;

  const event = obj.event;
  if (event === undefined)
    return fail(
      'missing_field',
      'message has no "event" field (expected "media", "mark" or "clear")',
      'event',
    );
  if (typeof event !== 'string')
    return fail('wrong_type', `"event" must be a string, got ${jsonTypeName(event)}`, 'event');
  if (event !== 'media' && event !== 'mark' && event !== 'clear') {
    const twilioOnly =
      event === 'connected' || event === 'start' || event === 'stop' || event === 'dtmf';
    const hint = twilioOnly ? ` ("${event}" is only sent by Twilio to the agent)` : '';
    return fail(
      'unknown_event',
      `unknown event ${JSON.stringify(event)}${hint}; an agent may send "media", "mark" or "clear"`,
      'event',
    );
  }

  const sid = obj.streamSid;
  if (sid === undefined)
    return fail('missing_field', `${event} message has no "streamSid"`, 'streamSid');
  if (typeof sid !== 'string')
    return fail(
      'wrong_type',
      `${event} message: "streamSid" must be a string, got ${jsonTypeName(sid)}`,
      'streamSid',
    );
  if (sid !== expectedStreamSid) {
    return fail(
      'wrong_stream_sid',
      `${event} message: "streamSid" is ${JSON.stringify(sid)} but this stream is ${JSON.stringify(expectedStreamSid)}`,
      'streamSid',
    );
  }

  if (event === 'media') return parseMedia(obj);
  if (event === 'mark') return parseMark(obj);
  const extras = extraKeys(obj, CLEAR_KEYS, '', null);
  return {
    ok: true,
    message: obj as unknown as AgentClearMessage,
    warnings: extras ? [extraFieldWarning('clear', extras)] : NO_WARNINGS,
  };
}

function parseMedia(obj: JsonObject): AgentParseResult {
  const media = obj.media;
  if (media === undefined)
    return fail(
      'missing_field',
      'media message has no "media" object (expected {"payload": "<base64 mu-law>"})',
      'media',
    );
  if (!isJsonObject(media))
    return fail(
      'wrong_type',
      `media message: "media" must be an object, got ${jsonTypeName(media)}`,
      'media',
    );
  const text = media.payload;
  if (text === undefined)
    return fail('missing_field', 'media message has no "media.payload"', 'media.payload');
  if (typeof text !== 'string') {
    return fail(
      'wrong_type',
      `media message: "media.payload" must be a base64 string, got ${jsonTypeName(text)}`,
      'media.payload',
    );
  }
  const payload = decodeStrictBase64(text);
  if (payload === null) {
    return fail(
      'bad_base64',
      `media message: "media.payload" is not valid base64: ${describeBase64Problem(text)}`,
      'media.payload',
    );
  }

  let warnings: ProtocolViolation[] | null = null;
  const extras = extraKeys(media, MEDIA_INNER_KEYS, 'media.', extraKeys(obj, MEDIA_KEYS, '', null));
  if (extras) (warnings ??= []).push(extraFieldWarning('media', extras));

  if (payload.length === 0) {
    (warnings ??= []).push(
      protocolViolation(
        'empty_payload',
        'media message: "media.payload" is empty (nothing to play)',
        'media.payload',
      ),
    );
  } else {
    const header = sniffAudioHeader(payload);
    if (header !== null) {
      (warnings ??= []).push(
        protocolViolation(
          'payload_has_header',
          `media message: "media.payload" starts with a ${header} header; Twilio plays payload bytes as raw 8 kHz mu-law, so the caller hears noise. Send headerless mu-law (strip the file header and convert the audio).`,
          'media.payload',
        ),
      );
    }
  }
  return {
    ok: true,
    message: obj as unknown as AgentMediaMessage,
    payload,
    warnings: warnings ?? NO_WARNINGS,
  };
}

function parseMark(obj: JsonObject): AgentParseResult {
  const mark = obj.mark;
  if (mark === undefined)
    return fail(
      'mark_without_name',
      'mark message has no "mark" object (expected {"name": "..."})',
      'mark.name',
    );
  if (!isJsonObject(mark))
    return fail(
      'wrong_type',
      `mark message: "mark" must be an object, got ${jsonTypeName(mark)}`,
      'mark',
    );
  const name = mark.name;
  if (name === undefined)
    return fail('mark_without_name', 'mark message has no "mark.name"', 'mark.name');
  if (typeof name !== 'string')
    return fail(
      'wrong_type',
      `mark message: "mark.name" must be a string, got ${jsonTypeName(name)}`,
      'mark.name',
    );
  if (name.length === 0)
    return fail('mark_without_name', 'mark message: "mark.name" is empty', 'mark.name');
  const extras = extraKeys(mark, MARK_INNER_KEYS, 'mark.', extraKeys(obj, MARK_KEYS, '', null));
  return {
    ok: true,
    message: obj as unknown as AgentMarkMessage,
    warnings: extras ? [extraFieldWarning('mark', extras)] : NO_WARNINGS,
  };
}
