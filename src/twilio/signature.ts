/**
 * Twilio request signatures (`X-Twilio-Signature`), for the agent's webhook and WebSocket upgrade
 * and for the harness when it plays Twilio.
 *
 * signature = base64(HMAC-SHA1(authToken, url + for each param name in sorted order: name + value))
 * (Twilio "Webhooks security"; the worked example there is the test vector in signature.test.ts).
 * Repeated parameters (`params[name]` is an array) follow Twilio's helper libraries (twilio-node
 * `toFormUrlEncodedParam`, twilio-python `RequestValidator.compute_signature`): each distinct value
 * once, values sorted, each one appended after its name. Twilio's server-side rule for repeated
 * names is not documented; the helpers are what every Twilio SDK user validates against.
 * Names and values are sorted by UTF-16 code unit (JS default sort), which equals byte order for
 * the ASCII names Twilio sends.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureParams = Record<string, string | readonly string[]>;

function signedData(url: string, params: SignatureParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    if (typeof value === 'string') {
      data += name + value;
    } else {
      for (const item of [...new Set(value)].sort()) data += name + item;
    }
  }
  return data;
}

/** The X-Twilio-Signature Twilio would send for a request to `url` (exactly as configured) with `params`. */
export function computeTwilioSignature(
  authToken: string,
  url: string,
  params: SignatureParams = {},
): string {
  return createHmac('sha1', authToken).update(signedData(url, params), 'utf8').digest('base64');
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // A SHA-1 signature is always 28 base64 characters, so an early length mismatch leaks nothing.
  return left.length === right.length && timingSafeEqual(left, right);
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = {
  https: '443',
  wss: '443',
  http: '80',
  ws: '80',
};

// scheme://[userinfo@]host[:port]rest — split on the original text so nothing else is re-encoded
// (new URL() would normalise escapes and case, and Twilio signs the URL as configured).
const URL_PARTS =
  /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)(?::(\d*))?(.*)$/s;

/**
 * The URL as given plus the same URL with its port removed (if it has one) or with the scheme's
 * default port added (if it has none), like the official helpers: a server sees `host:443` or
 * `host` depending on proxies, and Twilio's back end has been inconsistent about default ports.
 */
function urlVariants(url: string): string[] {
  const match = URL_PARTS.exec(url);
  if (match === null) return [url];
  const [, scheme, userinfo = '', host, port, rest] = match;
  const prefix = `${scheme}://${userinfo}${host}`;
  if (port !== undefined) return [url, prefix + rest];
  const defaultPort = DEFAULT_PORTS[scheme.toLowerCase()];
  return defaultPort === undefined ? [url] : [url, `${prefix}:${defaultPort}${rest}`];
}

/**
 * Checks an X-Twilio-Signature in constant time. `url` is the full URL Twilio requested, as it
 * was configured (query string included); for a WebSocket upgrade pass
 * `webSocketSignatureUrl(url)` and no params. The URL is also tried with/without its port.
 */
export function validateTwilioSignature(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: SignatureParams = {},
): boolean {
  if (!signature) return false;
  let valid = false;
  // Check every variant (no early exit) so timing does not reveal which form matched.
  for (const candidate of urlVariants(url)) {
    if (safeEqual(signature, computeTwilioSignature(authToken, candidate, params))) valid = true;
  }
  return valid;
}

/**
 * The URL Twilio signs for a Media Streams WebSocket upgrade: the `wss://` (or `ws://`) form.
 * A server behind a TLS terminator reconstructs `https://host/path` from the upgrade request, but
 * Twilio signed `wss://host/path` (protocol.md pitfall 8; twilio-labs/twilio-aspnet#162).
 * Only the scheme changes; everything after it is kept byte for byte.
 */
export function webSocketSignatureUrl(requestUrl: string): string {
  const colon = requestUrl.indexOf(':');
  const scheme = colon > 0 ? requestUrl.slice(0, colon).toLowerCase() : '';
  if (scheme === 'https') return 'wss' + requestUrl.slice(colon);
  if (scheme === 'http') return 'ws' + requestUrl.slice(colon);
  if (scheme === 'wss' || scheme === 'ws') return requestUrl;
  throw new Error(
    `webSocketSignatureUrl: expected an absolute http(s):// or ws(s):// URL, got ${JSON.stringify(requestUrl)}`,
  );
}
