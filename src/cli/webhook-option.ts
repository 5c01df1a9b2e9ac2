/** `--webhook URL [--public-url URL]` (and TWILIO_AUTH_TOKEN) as a webhook-first call setup, or the problem with them. */
import type { WebhookCallConfig } from '../caller/call-setup.ts';

/** Caller and called numbers when a scenario does not give its own (Twilio's magic test numbers' range). */
export const DEFAULT_FROM = '+15005550006';
export const DEFAULT_TO = '+15005550001';

function httpUrl(flag: string, value: string): URL | string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${flag} "${value}" is not a URL; expected http(s)://host[:port]/path`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${flag} must be an http:// or https:// URL, got ${url.protocol}//`;
  return url;
}

export function webhookOption(opts: { webhook?: string; publicUrl?: string; agent?: string }, env: NodeJS.ProcessEnv): WebhookCallConfig | string | null {
  if (opts.webhook === undefined) return opts.publicUrl === undefined ? null : '--public-url needs --webhook';
  if (opts.agent !== undefined) return 'give either --agent (dial the WebSocket) or --webhook (webhook first), not both';
  const hook = httpUrl('--webhook', opts.webhook);
  if (typeof hook === 'string') return hook;
  const config: WebhookCallConfig = { webhookUrl: hook.toString(), from: DEFAULT_FROM, to: DEFAULT_TO };
  if (opts.publicUrl !== undefined) {
    const pub = httpUrl('--public-url', opts.publicUrl);
    if (typeof pub === 'string') return pub;
    config.publicUrl = pub.origin;
  }
  if (env.TWILIO_AUTH_TOKEN) config.authToken = env.TWILIO_AUTH_TOKEN;
  return config;
}
