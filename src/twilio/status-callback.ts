/**
 * Status callbacks as Twilio sends them: a <Stream statusCallback> (stream-started,
 * stream-stopped, stream-error) and the call's own status callback (completed, with
 * CallDuration). POST sends the parameters form-encoded, GET in the query string; either is
 * signed with X-Twilio-Signature when an auth token is known (for GET, over the URL with its
 * query, no parameters appended — Twilio's rule for GET requests).
 *
 * Twilio ignores what a status callback answers, and a failed one only shows in its debugger: so
 * a failure here is a warning (with Twilio's code), never an exception.
 */
import { computeTwilioSignature } from './signature.ts';
import { bodyExcerpt, TWILIO_WEBHOOK_TIMEOUT_MS } from './webhook-client.ts';
import { fetchFailureCause } from '../util/fetch-failure.ts';

export interface StatusCallbackRequest {
  /** The URL as Twilio would request it (what it signs). */
  url: string;
  /** Where the request goes (the local stand-in for `url`); default `url`. */
  localUrl?: string;
  method: 'GET' | 'POST';
  params: Record<string, string>;
  authToken?: string;
  timeoutMs?: number;
  /** The run was interrupted: give up at once. */
  signal?: AbortSignal;
}

export interface StatusCallbackOutcome {
  httpStatus: number | null;
  responseMs: number | null;
  /** Why the callback failed (with Twilio's error code), or null. */
  warning: string | null;
}

function withQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.append(k, v);
  return u.toString();
}

export async function sendStatusCallback(
  req: StatusCallbackRequest,
): Promise<StatusCallbackOutcome> {
  const timeoutMs = req.timeoutMs ?? TWILIO_WEBHOOK_TIMEOUT_MS;
  const get = req.method === 'GET';
  const signedUrl = get ? withQuery(req.url, req.params) : req.url;
  const target = get ? withQuery(req.localUrl ?? req.url, req.params) : (req.localUrl ?? req.url);
  const headers: Record<string, string> = { 'user-agent': 'TwilioProxy/1.1', accept: '*/*' };
  if (!get) headers['content-type'] = 'application/x-www-form-urlencoded';
  if (req.authToken)
    headers['x-twilio-signature'] = computeTwilioSignature(
      req.authToken,
      signedUrl,
      get ? {} : req.params,
    );
  const started = performance.now();
  const elapsed = (): number => Math.round((performance.now() - started) * 10) / 10;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
  try {
    const res = await fetch(target, {
      method: req.method,
      headers,
      ...(get ? {} : { body: new URLSearchParams(req.params).toString() }),
      signal,
      redirect: 'manual',
    });
    const body = await res.text();
    const responseMs = elapsed();
    if (res.status < 200 || res.status > 299)
      return {
        httpStatus: res.status,
        responseMs,
        warning: `status callback ${req.url} answered HTTP ${res.status}${body.trim() ? `: ${bodyExcerpt(body)}` : ''} (Twilio error 11200)`,
      };
    return { httpStatus: res.status, responseMs, warning: null };
  } catch (err) {
    if (req.signal?.aborted && !timeout.aborted)
      return {
        httpStatus: null,
        responseMs: elapsed(),
        warning: `status callback ${req.url}: not sent, the run was interrupted`,
      };
    if (timeout.aborted)
      return {
        httpStatus: null,
        responseMs: elapsed(),
        warning: `status callback ${req.url} did not answer within ${timeoutMs / 1000} s (Twilio error 11200)`,
      };
    const cause = fetchFailureCause(err);
    return {
      httpStatus: null,
      responseMs: null,
      warning: `status callback ${req.url}: cannot reach ${req.localUrl ?? req.url} (${cause}) (Twilio error 11205)`,
    };
  }
}
