/**
 * Webhook-first calls, as Twilio places them: POST the agent's voice webhook (signed when an auth
 * token is known), read the TwiML it answers with, follow <Redirect>s, play the <Say>, <Play> and
 * <Pause> before the stream to the caller (pre-stream-audio.ts), and dial the <Stream> it names
 * with its <Parameter>s as `start.customParameters`, the upgrade signed as Twilio signs it.
 * Anything wrong on the way fails the call with Twilio's error code and what the server said,
 * before any media flows. Status callbacks are sent by call-status-callbacks.ts.
 *
 * Host mapping: with `publicUrl` (the origin the agent is known by, e.g. https://agent.example.com)
 * requests are signed for the public URLs, while the webhook is POSTed to `webhookUrl` and a
 * stream on the public origin is dialled on the webhook's origin (http→ws, https→wss). Without
 * it, a stream on the webhook's own host and port is dialled the way the webhook was reached
 * (a local agent answering wss:// for itself is reached over ws://).
 */
import type { CallEvent } from '../metrics/events.ts';
import { newAccountSid, newCallSid } from '../twilio/ids.ts';
import { computeTwilioSignature } from '../twilio/signature.ts';
import { parseTwiml, TwimlError, type TwimlVerb } from '../twilio/twiml.ts';
import { bodyExcerpt, postWebhook } from '../twilio/webhook-client.ts';
import { runCall, type CallOptions, type CallResult, type PreparedScenario } from './call.ts';
import { callStatusCallbacks, type CallbackTarget } from './call-status-callbacks.ts';
import {
  embeddedSynthesize,
  renderPreStream,
  type PreStreamServices,
  type PreStreamVerb,
} from './pre-stream-audio.ts';

export interface WebhookCallConfig {
  /** Where the voice webhook is POSTed. */
  webhookUrl: string;
  /** The public origin the agent is known by (signatures use it; streams on it are mapped). */
  publicUrl?: string;
  /** TWILIO_AUTH_TOKEN: sign the webhook and the WebSocket upgrade when set. */
  authToken?: string;
  from: string;
  to: string;
  /** More form parameters (the scenario's), after Twilio's own. */
  params?: Record<string, string>;
  /** Twilio's 15 s unless a test needs less. */
  timeoutMs?: number;
  /** The call's own status callback (Twilio's StatusCallback on the number or the call): POSTed `completed` with CallDuration when the call ends. */
  statusCallback?: string;
  statusCallbackMethod?: 'GET' | 'POST';
  /** <Say> rendering: the embedded TTS unless a test gives another. */
  synthesize?: PreStreamServices['synthesize'];
}

const MAX_REDIRECTS = 10;
const API_VERSION = '2010-04-01';

export interface StreamDial {
  /** What the caller dials (mapped to a reachable address). */
  dialUrl: string;
  /** The URL in the TwiML: what Twilio connects to and signs. */
  streamUrl: string;
  parameters: Record<string, string>;
  /** <Say>/<Play>/<Pause> before the stream: mu-law the caller hears first (empty: none). */
  preStream: { mulaw: Uint8Array; durationMs: number };
  /** The <Stream name>, or null. */
  name: string | null;
  /** The <Stream statusCallback>, resolved and mapped, or null. */
  statusCallback: CallbackTarget | null;
  events: CallEvent[];
}

export type CallSetup =
  | { ok: true; dial: StreamDial }
  | { ok: false; twilioCode: number | null; message: string; events: CallEvent[] };

/** Twilio's voice webhook parameters for an inbound call (Twilio adds more without notice). */
export function voiceWebhookParams(
  ids: { callSid: string; accountSid: string },
  config: Pick<WebhookCallConfig, 'from' | 'to' | 'params'>,
): Record<string, string> {
  return {
    AccountSid: ids.accountSid,
    ApiVersion: API_VERSION,
    CallSid: ids.callSid,
    CallStatus: 'ringing',
    Called: config.to,
    CalledCountry: 'US',
    Caller: config.from,
    CallerCountry: 'US',
    Direction: 'inbound',
    From: config.from,
    FromCountry: 'US',
    To: config.to,
    ToCountry: 'US',
    ...config.params,
  };
}

/** `url`'s origin swapped from `from` to `to`'s (schemes mapped http→ws, https→wss for streams). */
function reorigin(url: URL, to: URL, ws: boolean): string {
  const scheme = ws
    ? to.protocol === 'https:' || to.protocol === 'wss:'
      ? 'wss:'
      : 'ws:'
    : to.protocol;
  return `${scheme}//${to.host}${url.pathname}${url.search}`;
}

/** The public URL Twilio would request for a local one, and back. */
function mapping(config: WebhookCallConfig): {
  toPublic(local: string): string;
  toLocal(publicUrl: string, ws: boolean): string;
  target(url: string): { url: string; localUrl: string };
} {
  const local = new URL(config.webhookUrl);
  const pub = config.publicUrl ? new URL(config.publicUrl) : null;
  return {
    /** An http(s) URL given either way: as Twilio would request it, and where to send it. */
    target(u) {
      const url = this.toPublic(u);
      return { url, localUrl: this.toLocal(url, false) };
    },
    toPublic: (u) => {
      const url = new URL(u);
      return pub && url.host === local.host ? reorigin(url, pub, false) : u;
    },
    toLocal: (u, ws) => {
      const url = new URL(u);
      if (pub && url.hostname === pub.hostname) return reorigin(url, local, ws);
      if (url.host === local.host) return reorigin(url, local, ws);
      return u;
    },
  };
}

export async function setUpWebhookCall(
  config: WebhookCallConfig,
  ids: { callSid: string; accountSid: string },
  signal?: AbortSignal,
): Promise<CallSetup> {
  const map = mapping(config);
  const params = voiceWebhookParams(ids, config);
  const events: CallEvent[] = [];
  let target = config.webhookUrl;
  let signed = map.toPublic(config.webhookUrl);
  // Twilio runs the verbs before a <Redirect> too: what plays before the stream spans documents.
  const pre: PreStreamVerb[] = [];
  const fail = (twilioCode: number | null, message: string): CallSetup => ({
    ok: false,
    twilioCode,
    message: twilioCode === null ? message : `${message} (Twilio error ${twilioCode})`,
    events,
  });
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const answer = await postWebhook({
      url: target,
      signedUrl: signed,
      params,
      ...(config.authToken ? { authToken: config.authToken } : {}),
      ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
      ...(signal ? { signal } : {}),
    });
    // A webhook that never answered (connection refused) has no response time to log.
    if (answer.responseMs !== null)
      events.push({
        type: 'webhook_answered',
        tMs: 0,
        url: target,
        responseMs: answer.responseMs,
        httpStatus: answer.ok ? answer.status : null,
        twilioCode: answer.ok ? null : answer.twilioCode,
      });
    if (!answer.ok) return fail(answer.twilioCode, `voice webhook: ${answer.message}`);
    let verbs: TwimlVerb[];
    try {
      verbs = parseTwiml(answer.body);
    } catch (err) {
      if (!(err instanceof TwimlError)) throw err;
      const last = events.at(-1);
      if (last?.type === 'webhook_answered') last.twilioCode = err.twilioCode;
      return fail(
        err.twilioCode,
        `voice webhook ${target} answered invalid TwiML: ${err.message}; body: ${bodyExcerpt(answer.body) || '(empty)'}`,
      );
    }
    for (const verb of verbs) {
      switch (verb.kind) {
        case 'pause':
          pre.push(verb);
          continue;
        case 'say':
          pre.push(verb);
          continue;
        case 'play':
          pre.push({ ...verb, url: new URL(verb.url, signed).toString() });
          continue;
        case 'hangup':
          return fail(
            null,
            `the TwiML hangs up (<Hangup/>) before any <Stream>: Twilio would end the call`,
          );
        case 'redirect':
          break;
        case 'stream':
          return streamDial(verb, signed, map, events, fail, () =>
            renderPreStream(pre, {
              synthesize: config.synthesize ?? embeddedSynthesize,
              localUrl: (u) => map.toLocal(u, false),
              ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
              ...(signal ? { signal } : {}),
            }),
          );
        default:
          continue;
      }
      if (verb.kind === 'redirect') {
        signed = new URL(verb.url, signed).toString();
        target = map.toLocal(signed, false);
        break;
      }
    }
    const redirected = verbs.some((v) => v.kind === 'redirect');
    if (!redirected) {
      const names = verbs.map((v) =>
        v.kind === 'other' ? v.name : v.kind[0]?.toUpperCase() + v.kind.slice(1),
      );
      return fail(
        null,
        `the TwiML has no <Connect><Stream> (or <Start><Stream>): Twilio would never open a media stream${names.length ? `; it has ${names.map((n) => `<${n}>`).join(', ')}` : ''}; body: ${bodyExcerpt(answer.body)}`,
      );
    }
  }
  return fail(null, `more than ${MAX_REDIRECTS} <Redirect>s in a row`);
}

async function streamDial(
  verb: Extract<TwimlVerb, { kind: 'stream' }>,
  documentUrl: string,
  map: ReturnType<typeof mapping>,
  events: CallEvent[],
  fail: (code: number | null, message: string) => CallSetup,
  render: () => ReturnType<typeof renderPreStream>,
): Promise<CallSetup> {
  if (verb.mode === 'start') {
    return fail(
      null,
      `the TwiML opens a one-way stream (<Start><Stream url="${verb.url}">), which callbench does not simulate: the agent could not speak on it, and Twilio would go on with the verbs after it; answer with <Connect><Stream> for a voice agent`,
    );
  }
  let url: URL;
  try {
    url = new URL(verb.url);
  } catch {
    return fail(31923, `the <Stream> url "${verb.url}" is not a URL`);
  }
  if (url.protocol !== 'wss:' && url.protocol !== 'ws:')
    return fail(
      31922,
      `the <Stream> url "${verb.url}" is not a WebSocket URL (Twilio connects only to wss://)`,
    );
  if (url.search)
    return fail(
      31923,
      `the <Stream> url "${verb.url}" has a query string, which Twilio does not support (send per-call data as <Parameter>s)`,
    );
  let statusCallback: CallbackTarget | null = null;
  if (verb.statusCallback !== null) {
    let cb: URL;
    try {
      cb = new URL(verb.statusCallback, documentUrl);
    } catch {
      return fail(12100, `<Stream statusCallback="${verb.statusCallback}"> is not a URL`);
    }
    statusCallback = { ...map.target(cb.toString()), method: verb.statusCallbackMethod };
  }
  const pre = await render();
  if (!pre.ok) return fail(pre.twilioCode, pre.message);
  events.push(...pre.events);
  return {
    ok: true,
    dial: {
      dialUrl: map.toLocal(verb.url, true),
      streamUrl: verb.url,
      parameters: verb.parameters,
      preStream: { mulaw: pre.mulaw, durationMs: pre.durationMs },
      name: verb.name,
      statusCallback,
      events,
    },
  };
}

/** A call that never got a stream: failed, with the reason and what the webhook did. */
function setupFailure(
  plan: PreparedScenario,
  callId: string,
  callSid: string,
  setup: Extract<CallSetup, { ok: false }>,
): CallResult {
  return {
    callId,
    scenario: plan.scenario.name,
    file: plan.scenario.file,
    callSid,
    streamSid: '',
    status: 'failed',
    reason: setup.message,
    events: [
      ...setup.events,
      { type: 'call_error', tMs: 0, message: setup.message },
      {
        type: 'call_ended',
        tMs: 0,
        status: 'failed',
        reason: setup.message,
        endedBy: 'harness',
        violationCounts: {},
        framesSent: 0,
        bytesReceived: 0,
        framesLate5ms: 0,
      },
    ],
  };
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Caller and called numbers when neither the scenario nor the run gives them. */
export const DEFAULT_FROM = '+15005550006';
export const DEFAULT_TO = '+15005550001';

/** The run's webhook settings (--webhook, --public-url, TWILIO_AUTH_TOKEN), each optional. */
export type WebhookDefaults = Partial<WebhookCallConfig>;

/** The scenario's `call:` over the run's settings; null when neither names a webhook. */
export function webhookFor(
  plan: PreparedScenario,
  run: WebhookDefaults | undefined,
): WebhookCallConfig | null {
  const call = plan.scenario.call;
  const webhookUrl = call?.webhook ?? run?.webhookUrl;
  if (webhookUrl === undefined) return null;
  return {
    ...run,
    webhookUrl,
    from: call?.from ?? run?.from ?? DEFAULT_FROM,
    to: call?.to ?? run?.to ?? DEFAULT_TO,
    ...(call?.statusCallback ? { statusCallback: call.statusCallback } : {}),
    params: { ...run?.params, ...call?.params },
  };
}

/**
 * Places one call: straight to the agent's WebSocket (`options.url`), or webhook first when the
 * scenario's `call.webhook` or the run's names one — the scenario's `parameters` then go to the
 * webhook, and the stream gets the TwiML's <Parameter>s.
 */
export async function placeCall(
  plan: PreparedScenario,
  options: CallOptions,
  run?: WebhookDefaults,
): Promise<CallResult> {
  const webhook = webhookFor(plan, run);
  if (!webhook) return runCall(plan, options);
  const ids = { callSid: newCallSid(), accountSid: options.accountSid ?? newAccountSid() };
  const config = { ...webhook, params: { ...plan.scenario.parameters, ...webhook.params } };
  const setup = await setUpWebhookCall(config, ids, options.signal);
  const map = mapping(config);
  const callbacks = callStatusCallbacks({
    stream:
      setup.ok && setup.dial.statusCallback
        ? { target: setup.dial.statusCallback, name: setup.dial.name }
        : null,
    call: config.statusCallback
      ? { ...map.target(config.statusCallback), method: config.statusCallbackMethod ?? 'POST' }
      : null,
    ids,
    callParams: voiceWebhookParams(ids, config),
    ...(config.authToken ? { authToken: config.authToken } : {}),
    ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (!setup.ok) return callbacks.finish(setupFailure(plan, options.callId, ids.callSid, setup));
  const { dial } = setup;
  // Twilio plays what comes before the stream, then dials it: the call waits that out in real time.
  await delay(dial.preStream.durationMs, options.signal);
  const upgradeHeaders = webhook.authToken
    ? { 'x-twilio-signature': computeTwilioSignature(webhook.authToken, dial.streamUrl) }
    : undefined;
  const result = await runCall(
    { ...plan, scenario: { ...plan.scenario, parameters: dial.parameters } },
    {
      ...options,
      url: dial.dialUrl,
      callSid: ids.callSid,
      accountSid: ids.accountSid,
      setupEvents: dial.events,
      onStream: callbacks.onStream,
      ...(dial.preStream.mulaw.length > 0 ? { preStreamAudio: dial.preStream.mulaw } : {}),
      ...(upgradeHeaders ? { upgradeHeaders } : {}),
    },
  );
  return callbacks.finish(result);
}
