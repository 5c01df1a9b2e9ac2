/**
 * The agent's side channel, when it offers one: `GET /calls/:callSid` on the agent's own host
 * (the reference agent's observability endpoint; any agent can serve the same shape) with the
 * tool calls it made — `{ toolCalls: [{ name, arguments }] }`. Entities are scored against their
 * arguments. An agent without it is scored as having captured nothing, with source "none".
 */
import { argumentValues } from './score.ts';

/** `ws://host:port/media` → `http://host:port/calls/<sid>` (wss → https). */
export function sideChannelUrl(agentUrl: string, callSid: string): string {
  const url = new URL(agentUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = `/calls/${encodeURIComponent(callSid)}`;
  url.search = '';
  return url.toString();
}

/** The values of every tool-call argument the agent reports for the call, or null when it reports none. */
export async function fetchCapturedValues(agentUrl: string, callSid: string, timeoutMs = 2000): Promise<string[] | null> {
  try {
    const response = await fetch(sideChannelUrl(agentUrl, callSid), { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return null;
    const body = (await response.json()) as { toolCalls?: unknown };
    if (!Array.isArray(body.toolCalls)) return null;
    return body.toolCalls.flatMap((call: unknown) => (call && typeof call === 'object' && 'arguments' in call ? argumentValues((call as { arguments: unknown }).arguments) : []));
  } catch {
    return null;
  }
}
