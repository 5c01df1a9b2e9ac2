/**
 * POSTs a voice webhook as Twilio does: form-encoded parameters, `X-Twilio-Signature` when an
 * auth token is known, Twilio's own user agent, and Twilio's 15 s limit. Failures come back as
 * Twilio's error codes with an excerpt of what the server said, never as exceptions:
 * 11200 (HTTP retrieval failure: timeout or non-2xx), 11205 (HTTP connection failure).
 */
import { computeTwilioSignature } from './signature.ts';
import { fetchFailureCause } from '../util/fetch-failure.ts';

/** Twilio waits this long for a webhook's answer before giving up with 11200. */
export const TWILIO_WEBHOOK_TIMEOUT_MS = 15_000;
const EXCERPT_CHARS = 200;

export interface WebhookPost {
  /** Where the request goes (may be a local address standing in for the public one). */
  url: string;
  /** The URL Twilio would have requested, which is what it signs (default: `url`). */
  signedUrl?: string;
  params: Record<string, string>;
  /** TWILIO_AUTH_TOKEN: sign the request when set. */
  authToken?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type WebhookAnswer =
  | { ok: true; status: number; body: string; contentType: string; responseMs: number }
  /** `responseMs`: how long it took to fail (null when the request never reached a server). */
  | { ok: false; twilioCode: number; message: string; responseMs: number | null };

export function bodyExcerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}

export async function postWebhook(req: WebhookPost): Promise<WebhookAnswer> {
  const timeoutMs = req.timeoutMs ?? TWILIO_WEBHOOK_TIMEOUT_MS;
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'user-agent': 'TwilioProxy/1.1',
    accept: '*/*',
  };
  if (req.authToken)
    headers['x-twilio-signature'] = computeTwilioSignature(
      req.authToken,
      req.signedUrl ?? req.url,
      req.params,
    );
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
  const started = performance.now();
  const elapsed = (): number => Math.round((performance.now() - started) * 10) / 10;
  try {
    const res = await fetch(req.url, {
      method: 'POST',
      headers,
      body: new URLSearchParams(req.params).toString(),
      signal,
      redirect: 'manual',
    });
    const body = await res.text();
    const responseMs = elapsed();
    if (res.status < 200 || res.status > 299) {
      return {
        ok: false,
        twilioCode: 11200,
        message: `HTTP retrieval failure: ${req.url} answered HTTP ${res.status}${body.trim() ? `: ${bodyExcerpt(body)}` : ''}`,
        responseMs,
      };
    }
    return {
      ok: true,
      status: res.status,
      body,
      contentType: res.headers.get('content-type') ?? '',
      responseMs,
    };
  } catch (err) {
    if (timeout.aborted)
      return {
        ok: false,
        twilioCode: 11200,
        message: `HTTP retrieval failure: ${req.url} did not answer within ${timeoutMs / 1000} s (Twilio's limit)`,
        responseMs: elapsed(),
      };
    if (req.signal?.aborted)
      return {
        ok: false,
        twilioCode: 11200,
        message: 'interrupted while waiting for the webhook',
        responseMs: elapsed(),
      };
    const cause = fetchFailureCause(err);
    return {
      ok: false,
      twilioCode: 11205,
      message: `HTTP connection failure: cannot reach ${req.url} (${cause})`,
      responseMs: null,
    };
  }
}
