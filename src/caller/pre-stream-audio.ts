/**
 * What the caller hears before the media stream opens: the <Say>, <Play> and <Pause> verbs that
 * come before <Connect><Stream> in the agent's TwiML. Twilio speaks and plays them first and only
 * then opens the stream, so they are the agent's first words on the call (often its greeting).
 *
 * - <Say> is rendered offline by the embedded TTS (flite, the engine callers speak with). Twilio's
 *   voices are approximated: `man` (and Twilio's default) by flite's male US voice, `woman`,
 *   `alice` and Polly/Google voices by its female US voice (a few well-known male Polly voices
 *   by the male one). `language` is not honoured: flite speaks English only.
 * - <Play> fetches the URL (no Twilio parameters and no signature, as Twilio does) and plays WAV
 *   (any rate, PCM or mu-law) or raw 8 kHz mu-law (audio/basic, audio/ulaw, audio/x-mulaw). MP3,
 *   AIFF and GSM, which Twilio also plays, are refused with a clear error.
 * - `loop` repeats the audio; loop="0" (until the call ends) before a stream means the stream
 *   would never open, which fails the call.
 *
 * The result is one mu-law buffer from the call's time 0 (the answer) and an event per verb.
 */
import { SAMPLE_RATE } from '../audio/constants.ts';
import { concatAudio } from '../audio/concat.ts';
import { mulawEncode } from '../audio/mulaw.ts';
import { readWavAs8kMono, WavFormatError } from '../audio/wav.ts';
import type { CallEvent } from '../metrics/events.ts';
import { FliteTts, type FliteVoiceName, type FliteVoiceSpec } from '../speech/flite.ts';
import type { TwimlVerb } from '../twilio/twiml.ts';
import { bodyExcerpt, TWILIO_WEBHOOK_TIMEOUT_MS } from '../twilio/webhook-client.ts';
import { fetchFailureCause } from '../util/fetch-failure.ts';

export type PreStreamVerb = Extract<TwimlVerb, { kind: 'say' | 'play' | 'pause' }>;

export interface PreStreamServices {
  /** Speaks text as 8 kHz 16-bit PCM (the embedded TTS). */
  synthesize(text: string, voice: FliteVoiceSpec, signal?: AbortSignal): Promise<Int16Array>;
  /** A <Play> URL (absolute, as Twilio would request it) → where to fetch it from (host mapping). */
  localUrl(url: string): string;
  /** Twilio's 15 s unless a test needs less. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type PreStreamAudio =
  | { ok: true; mulaw: Uint8Array; durationMs: number; events: CallEvent[] }
  | { ok: false; twilioCode: number | null; message: string };

const SAMPLES_PER_MS = SAMPLE_RATE / 1000;
const MALE_POLLY = new Set([
  'matthew',
  'joey',
  'justin',
  'kevin',
  'brian',
  'russell',
  'stephen',
  'gregory',
  'arthur',
  'geraint',
]);

/** The flite voice that stands in for a Twilio <Say voice>. */
export function fliteVoiceFor(twilioVoice: string | null): FliteVoiceName {
  const v = (twilioVoice ?? 'man').toLowerCase();
  if (v === 'man') return 'rms';
  const polly = /^polly\.([a-z]+)/.exec(v);
  if (polly && MALE_POLLY.has(polly[1])) return 'rms';
  return 'slt';
}

class PreStreamError extends Error {
  constructor(
    readonly twilioCode: number | null,
    message: string,
  ) {
    super(message);
  }
}

/** Renders the verbs in order; never throws for what the agent's TwiML or audio server does (a failure's message leaves the code to the caller to add). */
export async function renderPreStream(
  verbs: readonly PreStreamVerb[],
  services: PreStreamServices,
): Promise<PreStreamAudio> {
  const parts: Uint8Array[] = [];
  const events: CallEvent[] = [];
  let atSamples = 0;
  try {
    for (const verb of verbs) {
      if (verb.kind !== 'pause' && verb.loop === 0)
        throw new PreStreamError(
          null,
          `<${verb.kind === 'say' ? 'Say' : 'Play'} loop="0"> before the stream: Twilio would repeat it until the call ends, so the stream would never open`,
        );
      const once = await renderOnce(verb, services);
      const times = verb.kind === 'pause' ? 1 : verb.loop;
      const audio = concatAudio(
        Array.from({ length: times }, () => once),
        (n) => new Uint8Array(n),
      );
      events.push({
        type: 'twiml_audio',
        tMs: atSamples / SAMPLES_PER_MS,
        verb: verb.kind,
        durationMs: audio.length / SAMPLES_PER_MS,
        what: verb.kind === 'say' ? verb.text : verb.kind === 'play' ? verb.url : '',
        ...(verb.kind === 'say' ? { voice: `flite:${fliteVoiceFor(verb.voice)}` } : {}),
      });
      parts.push(audio);
      atSamples += audio.length;
    }
  } catch (err) {
    if (err instanceof PreStreamError)
      return { ok: false, twilioCode: err.twilioCode, message: err.message };
    if (services.signal?.aborted)
      return {
        ok: false,
        twilioCode: null,
        message: 'interrupted while preparing the TwiML audio before the stream',
      };
    return {
      ok: false,
      twilioCode: null,
      message: `could not render the TwiML audio before the stream: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  return {
    ok: true,
    mulaw: concatAudio(parts, (n) => new Uint8Array(n)),
    durationMs: atSamples / SAMPLES_PER_MS,
    events,
  };
}

async function renderOnce(verb: PreStreamVerb, services: PreStreamServices): Promise<Uint8Array> {
  switch (verb.kind) {
    case 'pause':
      return new Uint8Array(Math.round(verb.lengthS * SAMPLE_RATE)).fill(0xff);
    case 'say': {
      const pcm = await services.synthesize(
        verb.text,
        { voice: fliteVoiceFor(verb.voice), rate: 1 },
        services.signal,
      );
      return mulawEncode(pcm);
    }
    case 'play':
      return fetchPlayAudio(verb.url, services);
  }
}

const MULAW_TYPES = new Set([
  'audio/basic',
  'audio/ulaw',
  'audio/x-ulaw',
  'audio/mulaw',
  'audio/x-mulaw',
]);
const WAV_TYPES = new Set(['audio/wav', 'audio/wave', 'audio/x-wav', 'audio/vnd.wave']);

/** Fetches a <Play> URL and decodes it to 8 kHz mu-law. */
async function fetchPlayAudio(url: string, services: PreStreamServices): Promise<Uint8Array> {
  if (!/^https?:\/\//i.test(url))
    throw new PreStreamError(11200, `<Play> ${JSON.stringify(url)} is not an http(s) URL`);
  const local = services.localUrl(url);
  const timeoutMs = services.timeoutMs ?? TWILIO_WEBHOOK_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = services.signal ? AbortSignal.any([timeout, services.signal]) : timeout;
  let res: Response;
  let body: Uint8Array;
  try {
    res = await fetch(local, { headers: { 'user-agent': 'TwilioProxy/1.1' }, signal });
    body = new Uint8Array(await res.arrayBuffer());
  } catch (err) {
    if (timeout.aborted)
      throw new PreStreamError(
        11200,
        `<Play> ${url}: HTTP retrieval failure: no answer within ${timeoutMs / 1000} s`,
      );
    const cause = fetchFailureCause(err);
    throw new PreStreamError(
      11205,
      `<Play> ${url}: HTTP connection failure: cannot reach ${local} (${cause})`,
    );
  }
  if (res.status < 200 || res.status > 299)
    throw new PreStreamError(
      11200,
      `<Play> ${url}: HTTP retrieval failure: HTTP ${res.status}${body.length ? `: ${bodyExcerpt(new TextDecoder().decode(body.subarray(0, 400)))}` : ''}`,
    );
  const type = (res.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (
    WAV_TYPES.has(type) ||
    (isRiff(body) && (MULAW_TYPES.has(type) || type === 'application/octet-stream'))
  )
    return decodeWav(body, url);
  if (MULAW_TYPES.has(type)) return body;
  if (type.startsWith('audio/'))
    throw new PreStreamError(
      null,
      `<Play> ${url}: ${type} is audio Twilio plays, but callbench decodes only WAV and 8 kHz mu-law (audio/basic, audio/x-mulaw); serve one of those`,
    );
  throw new PreStreamError(
    13420,
    `<Play> ${url}: Play: Invalid Content-Type ${type ? JSON.stringify(type) : '(none)'}: the URL must return audio`,
  );
}

/** A WAV Twilio could not play fails the call as its Play would (13420, with the decoder's reason). */
function decodeWav(body: Uint8Array, url: string): Uint8Array {
  try {
    return mulawEncode(readWavAs8kMono(body, `<Play> ${url}`).samples);
  } catch (err) {
    if (err instanceof WavFormatError) throw new PreStreamError(13420, err.message);
    throw err;
  }
}

function isRiff(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 &&
    bytes[0] === 0x52 &&
    bytes[1] === 0x49 &&
    bytes[2] === 0x46 &&
    bytes[3] === 0x46
  );
}

/**
 * The embedded TTS for <Say>: one flite worker per thread, started by the first <Say> (an idle
 * worker does not keep the process alive), and the last few renderings kept in memory, since a
 * load test's calls all hear the same greeting.
 */
const RENDERINGS_KEPT = 32;
let sharedTts: Promise<FliteTts> | null = null;
const renderings = new Map<string, Promise<Int16Array>>();

export function embeddedSynthesize(
  text: string,
  voice: FliteVoiceSpec,
  signal?: AbortSignal,
): Promise<Int16Array> {
  const key = JSON.stringify([voice.voice, voice.rate, text]);
  let pending = renderings.get(key);
  if (!pending) {
    const tts = (sharedTts ??= FliteTts.create());
    pending = tts.then((t) => t.synthesize(text, voice));
    pending.catch(() => renderings.delete(key));
    renderings.set(key, pending);
    if (renderings.size > RENDERINGS_KEPT) renderings.delete(renderings.keys().next().value ?? key);
  }
  return signal ? raceAbort(pending, signal) : pending;
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new DOMException('aborted', 'AbortError'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new DOMException('aborted', 'AbortError'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
