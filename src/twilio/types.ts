/**
 * Twilio Media Streams wire types (bidirectional `<Connect><Stream>`), shared by the harness
 * (which plays Twilio) and the reference agent (which receives Twilio).
 *
 * Sources: Twilio's "Media Streams - WebSocket Messages" page, its error dictionary
 * (31950, 31951, 31931) and captured traffic summarised in /work/shared/protocol.md §1.
 * Every counter and timestamp Twilio sends is a JSON STRING ("1", "102"); only
 * `mediaFormat.sampleRate` and `mediaFormat.channels` are numbers.
 */

// ---- Twilio → agent ("inbound" from the agent's point of view) -------------------------------

/** Always the first message; it has no sequenceNumber and no streamSid. */
export interface ConnectedMessage {
  event: 'connected';
  protocol: string; // "Call"
  version: string; // "1.0.0"
}

export interface MediaFormat {
  encoding: string; // "audio/x-mulaw"
  sampleRate: number; // 8000 (a number, unlike the counters)
  channels: number; // 1
}

export interface StartMessage {
  event: 'start';
  sequenceNumber: string; // "1"
  streamSid: string;
  start: {
    accountSid: string;
    streamSid: string;
    callSid: string;
    tracks: string[]; // ["inbound"] for <Connect><Stream>
    mediaFormat: MediaFormat;
    /** `<Parameter name value>` pairs from the TwiML. */
    customParameters: Record<string, string>;
  };
}

export interface MediaMessage {
  event: 'media';
  sequenceNumber: string;
  streamSid: string;
  media: {
    track: string; // "inbound"
    chunk: string; // media messages counted from "1"
    timestamp: string; // ms since stream start
    payload: string; // base64 of raw 8 kHz mu-law, 160 bytes (20 ms) per message in captures
  };
}

export interface DtmfMessage {
  event: 'dtmf';
  streamSid: string;
  sequenceNumber: string;
  dtmf: {
    track: string; // "inbound_track" (note: not "inbound" as in media)
    digit: string;
  };
}

/** Twilio echoing a mark the agent sent, once the audio queued before it has played (or on clear). */
export interface TwilioMarkMessage {
  event: 'mark';
  sequenceNumber: string;
  streamSid: string;
  mark: { name: string };
}

export interface StopMessage {
  event: 'stop';
  sequenceNumber: string;
  streamSid: string;
  stop: { accountSid: string; callSid: string };
}

export type TwilioInboundMessage =
  ConnectedMessage | StartMessage | MediaMessage | DtmfMessage | TwilioMarkMessage | StopMessage;

export type TwilioInboundEvent = TwilioInboundMessage['event'];

// ---- agent → Twilio ---------------------------------------------------------------------------

/** `payload` is base64 of raw mu-law 8000 Hz with no file header (a header plays as noise). */
export interface AgentMediaMessage {
  event: 'media';
  streamSid: string;
  media: { payload: string };
}

export interface AgentMarkMessage {
  event: 'mark';
  streamSid: string;
  mark: { name: string };
}

export interface AgentClearMessage {
  event: 'clear';
  streamSid: string;
}

export type AgentMessage = AgentMediaMessage | AgentMarkMessage | AgentClearMessage;

export type AgentEvent = AgentMessage['event'];

// ---- protocol violations ----------------------------------------------------------------------

/**
 * Stable codes for everything a peer can get wrong on the wire. Codes never change meaning;
 * new ones may be added. The Twilio warning each maps to (if any) is in VIOLATION_TWILIO_CODES.
 */
export type ViolationCode =
  /** A binary WebSocket frame: Twilio only reads text (warning 31950, "Malformed Message"). */
  | 'binary_frame'
  /** Not JSON, or JSON that is not an object. */
  | 'invalid_json'
  /** `event` is a string but not one this direction knows. */
  | 'unknown_event'
  /** A required field is absent. */
  | 'missing_field'
  /** A field the protocol does not define (Twilio warns; callbench still accepts the message). */
  | 'extra_field'
  /** A field has the wrong JSON type, e.g. a number where Twilio uses a string. */
  | 'wrong_type'
  /** `streamSid` is not the one this stream was started with. */
  | 'wrong_stream_sid'
  /** `media.payload` is not strict standard base64 (alphabet, padding, no whitespace). */
  | 'bad_base64'
  /** `media.payload` decodes to zero bytes: nothing to play. */
  | 'empty_payload'
  /** `media.payload` starts with a WAV/MP3/AU/Ogg/FLAC/AIFF header: Twilio plays it as noise. */
  | 'payload_has_header'
  /** A `mark` with no `mark` object or no/empty `mark.name`. */
  | 'mark_without_name'
  /** Media arrived before the stream was started (detected by stateful callers, not parsers). */
  | 'media_before_start'
  /** More than 10 minutes of audio queued; further media dropped (detected by the playback model). */
  | 'playback_overflow';

/**
 * Twilio's numeric warning for each violation, or null where Twilio has none (or none is
 * documented). 31951's documented causes are: not JSON, unknown message type, missing or extra
 * field, wrong Stream SID; `wrong_type` and `mark_without_name` are mapped to it because both make
 * the message non-compliant (unconfirmed which code Twilio logs). Base64 and header problems are
 * not detected by Twilio (it plays whatever bytes decode), hence null.
 */
export const VIOLATION_TWILIO_CODES: Readonly<Record<ViolationCode, number | null>> = Object.freeze(
  {
    binary_frame: 31950,
    invalid_json: 31951,
    unknown_event: 31951,
    missing_field: 31951,
    extra_field: 31951,
    wrong_type: 31951,
    wrong_stream_sid: 31951,
    bad_base64: null,
    empty_payload: null,
    payload_has_header: null,
    mark_without_name: 31951,
    media_before_start: null,
    playback_overflow: 31931,
  },
);

export interface ProtocolViolation {
  code: ViolationCode;
  /** For people: what is wrong and where, e.g. `mark message: "mark.name" is missing`. */
  message: string;
  twilioCode: number | null;
  /** Dotted path of the offending field, when one field is at fault (e.g. "media.payload"). */
  field?: string;
}

/** Builds a violation with its Twilio code filled in from VIOLATION_TWILIO_CODES. */
export function protocolViolation(
  code: ViolationCode,
  message: string,
  field?: string,
): ProtocolViolation {
  const v: ProtocolViolation = { code, message, twilioCode: VIOLATION_TWILIO_CODES[code] };
  if (field !== undefined) v.field = field;
  return v;
}
