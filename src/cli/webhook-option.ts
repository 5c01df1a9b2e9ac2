/** `--webhook URL [--public-url URL] [--status-callback URL]` (and TWILIO_AUTH_TOKEN) as a webhook-first call setup, or the problem with them. */
import type { WebhookDefaults } from '../caller/call-setup.ts';

function httpUrl(flag: string, value: string): URL | string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${flag} "${value}" is not a URL; expected http(s)://host[:port]/path`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `${flag} must be an http:// or https:// URL, got ${url.protocol}//`;
  return url;
}

/**
 * The run's webhook settings: also without --webhook, for scenarios with their own `call.webhook`
 * (they are signed with TWILIO_AUTH_TOKEN too, and --public-url maps them).
 */
export function webhookOption(
  opts: { webhook?: string; publicUrl?: string; agent?: string; statusCallback?: string },
  env: NodeJS.ProcessEnv,
): WebhookDefaults | string {
  if (opts.webhook !== undefined && opts.agent !== undefined)
    return 'give either --agent (dial the WebSocket) or --webhook (webhook first), not both';
  const config: WebhookDefaults = {};
  if (opts.webhook !== undefined) {
    const hook = httpUrl('--webhook', opts.webhook);
    if (typeof hook === 'string') return hook;
    config.webhookUrl = hook.toString();
  }
  if (opts.publicUrl !== undefined) {
    const pub = httpUrl('--public-url', opts.publicUrl);
    if (typeof pub === 'string') return pub;
    config.publicUrl = pub.origin;
  }
  if (opts.statusCallback !== undefined) {
    const callback = httpUrl('--status-callback', opts.statusCallback);
    if (typeof callback === 'string') return callback;
    config.statusCallback = callback.toString();
  }
  if (env.TWILIO_AUTH_TOKEN) config.authToken = env.TWILIO_AUTH_TOKEN;
  return config;
}
