/**
 * Encoders for both directions of a Media Stream.
 *
 * Field order follows captured Twilio traffic (protocol.md §1), and every counter and timestamp
 * is emitted as a JSON string, exactly as Twilio does. The per-frame media message is built by
 * string concatenation from a per-stream template: at 1000+ calls × 50 frames/s the harness cannot
 * afford a JSON.stringify per frame (performance.md: ~8% of CPU). The rarer messages use
 * JSON.stringify on typed objects, so their escaping is always right.
 */
import type {
  AgentClearMessage,
  AgentMarkMessage,
  ConnectedMessage,
  DtmfMessage,
  StartMessage,
  StopMessage,
  TwilioMarkMessage,
} from './types.ts';

/** The mediaFormat Twilio announces for every Media Stream. */
export const TWILIO_MEDIA_FORMAT = Object.freeze({
  encoding: 'audio/x-mulaw',
  sampleRate: 8000,
  channels: 1,
});

export type MediaMessageEncoder = (
  sequenceNumber: number,
  chunk: number,
  timestampMs: number,
  payloadBase64: string,
) => string;

/**
 * Returns a fast encoder of Twilio→agent `media` messages for one stream. Arguments:
 * `sequenceNumber` (shared counter over all events; start is 1), `chunk` (media counter from 1),
 * `timestampMs` (ms since stream start; rounded to an integer, as Twilio sends), and
 * `payloadBase64`, which must already be standard base64 (its alphabet needs no JSON escaping;
 * it is not checked here, to keep the per-frame cost at a few concatenations).
 * The output JSON.parses to the same object as JSON.stringify of the typed MediaMessage.
 */
export function mediaMessageTemplate(streamSid: string, track = 'inbound'): MediaMessageEncoder {
  const head = '{"event":"media","sequenceNumber":"';
  const chunkPart = `","media":{"track":${JSON.stringify(track)},"chunk":"`;
  const timestampPart = '","timestamp":"';
  const payloadPart = '","payload":"';
  const tail = `"},"streamSid":${JSON.stringify(streamSid)}}`;
  return (sequenceNumber, chunk, timestampMs, payloadBase64) =>
    head +
    sequenceNumber +
    chunkPart +
    chunk +
    timestampPart +
    Math.round(timestampMs) +
    payloadPart +
    payloadBase64 +
    tail;
}

const CONNECTED: ConnectedMessage = { event: 'connected', protocol: 'Call', version: '1.0.0' };
const CONNECTED_JSON = JSON.stringify(CONNECTED);

/** The first message of every stream: no sequenceNumber, no streamSid. */
export function encodeConnected(): string {
  return CONNECTED_JSON;
}

export interface StartOptions {
  sequenceNumber: number;
  accountSid: string;
  streamSid: string;
  callSid: string;
  /** Defaults to ["inbound"], what `<Connect><Stream>` announces. */
  tracks?: string[];
  /** `<Parameter>` name/value pairs; {} when the TwiML has none. */
  customParameters?: Record<string, string>;
}

export function encodeStart(options: StartOptions): string {
  const message: StartMessage = {
    event: 'start',
    sequenceNumber: String(options.sequenceNumber),
    start: {
      accountSid: options.accountSid,
      streamSid: options.streamSid,
      callSid: options.callSid,
      tracks: options.tracks ?? ['inbound'],
      mediaFormat: { ...TWILIO_MEDIA_FORMAT },
      customParameters: options.customParameters ?? {},
    },
    streamSid: options.streamSid,
  };
  return JSON.stringify(message);
}

export interface DtmfOptions {
  sequenceNumber: number;
  streamSid: string;
  digit: string;
  /** Defaults to "inbound_track" (dtmf uses the `_track` suffix, unlike media's "inbound"). */
  track?: string;
}

export function encodeDtmf(options: DtmfOptions): string {
  const message: DtmfMessage = {
    event: 'dtmf',
    streamSid: options.streamSid,
    sequenceNumber: String(options.sequenceNumber),
    dtmf: { track: options.track ?? 'inbound_track', digit: options.digit },
  };
  return JSON.stringify(message);
}

export interface MarkEchoOptions {
  sequenceNumber: number;
  streamSid: string;
  name: string;
}

/** Twilio echoing an agent's mark once the audio before it has played (or on clear). */
export function encodeMark(options: MarkEchoOptions): string {
  const message: TwilioMarkMessage = {
    event: 'mark',
    sequenceNumber: String(options.sequenceNumber),
    streamSid: options.streamSid,
    mark: { name: options.name },
  };
  return JSON.stringify(message);
}

export interface StopOptions {
  sequenceNumber: number;
  streamSid: string;
  accountSid: string;
  callSid: string;
}

export function encodeStop(options: StopOptions): string {
  const message: StopMessage = {
    event: 'stop',
    sequenceNumber: String(options.sequenceNumber),
    streamSid: options.streamSid,
    stop: { accountSid: options.accountSid, callSid: options.callSid },
  };
  return JSON.stringify(message);
}

// ---- agent → Twilio ---------------------------------------------------------------------------

/**
 * An agent's `media` message. `payloadBase64` must be standard base64 of headerless 8 kHz mu-law
 * (not checked: this is the agent's per-chunk hot path).
 */
export function encodeAgentMedia(streamSid: string, payloadBase64: string): string {
  return `{"event":"media","streamSid":${JSON.stringify(streamSid)},"media":{"payload":"${payloadBase64}"}}`;
}

export function encodeAgentMark(streamSid: string, name: string): string {
  const message: AgentMarkMessage = { event: 'mark', streamSid, mark: { name } };
  return JSON.stringify(message);
}

export function encodeAgentClear(streamSid: string): string {
  const message: AgentClearMessage = { event: 'clear', streamSid };
  return JSON.stringify(message);
}
