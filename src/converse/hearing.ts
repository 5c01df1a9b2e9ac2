/**
 * What the agent said in its last turn, in words, for the caller to answer: the agent's own text
 * from its side channel (GET /calls/:callSid) when it reports it, else nothing (the caller then
 * treats the turn as not understood). Utterances are placed on the caller's clock by the time the
 * agent started them (its clock starts a few ms after ours, hence the slack).
 */
import { fetchSideChannel, parseAgentReport, type AgentUtterance } from '../entities/side-channel.ts';
import type { HeardTurn } from './policy.ts';

const CLOCK_SLACK_MS = 50;

export type AgentTextSource = (sinceMs: number, signal: AbortSignal) => Promise<HeardTurn>;

/** The agent's words since `sinceMs` (ms on the call's clock), from what the side channel lists. */
export function wordsSince(said: readonly AgentUtterance[], sinceMs: number): string {
  return said
    .filter((u) => u.atMs === null || u.atMs >= sinceMs - CLOCK_SLACK_MS)
    .map((u) => u.text.trim())
    .join(' ');
}

/** Reads the side channel of `agentUrl` for this call. */
export function sideChannelText(agentUrl: string, callSid: string): AgentTextSource {
  return async (sinceMs) => {
    const body = await fetchSideChannel(agentUrl, callSid, 1500);
    const report = body === null ? null : parseAgentReport(body);
    if (report === null) return { text: '', source: 'none' };
    return { text: wordsSince(report.said, sinceMs), source: 'side_channel' };
  };
}
