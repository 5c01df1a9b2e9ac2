/**
 * The TwiML answer to Twilio's voice webhook: connect the call to our media WebSocket.
 * `<Connect><Stream>` is bidirectional; Twilio allows only wss:// and no query string in the
 * Stream URL, so per-call data travels as `<Parameter>`s (each name + value under 500 chars).
 */
export interface StreamTwiml {
  /** wss://host/path of the media WebSocket. */
  streamUrl: string;
  parameters: Record<string, string>;
  /** Where Twilio posts stream-started/stopped/error events, if anywhere. */
  statusCallbackUrl?: string;
}

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function connectStreamTwiml(t: StreamTwiml): string {
  const params = Object.entries(t.parameters)
    .filter(([name, value]) => name.length + value.length < 500)
    .map(([name, value]) => `<Parameter name="${escapeXml(name)}" value="${escapeXml(value)}"/>`)
    .join('');
  const status = t.statusCallbackUrl ? ` statusCallback="${escapeXml(t.statusCallbackUrl)}"` : '';
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="${escapeXml(t.streamUrl)}"${status}>${params}</Stream></Connect></Response>`;
}
