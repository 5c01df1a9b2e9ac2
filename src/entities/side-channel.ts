/**
 * The agent's side channel, when it offers one: `GET /calls/:callSid` on the agent's own host
 * (the reference agent's observability endpoint; any agent can serve the same shape):
 *
 *   { toolCalls: [{ name, arguments, atMs? }], turns: [{ atMs?, reply, replyHeard? }], endReason? }
 *
 * Entities are scored against the tool-call arguments; expectations read the tool calls, what the
 * agent said (`replyHeard` when a barge-in cut the reply, else `reply`) and how the call ended.
 * Times are ms since the stream started. An agent without it is judged from audio alone.
 */
import { argumentValues } from './score.ts';

export interface AgentToolCall {
  name: string;
  arguments: unknown;
  atMs: number | null;
}

export interface AgentUtterance {
  atMs: number | null;
  text: string;
}

export interface AgentReport {
  toolCalls: AgentToolCall[];
  said: AgentUtterance[];
  endReason: string | null;
}

/** `ws://host:port/media` → `http://host:port/calls/<sid>` (wss → https). */
export function sideChannelUrl(agentUrl: string, callSid: string): string {
  const url = new URL(agentUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = `/calls/${encodeURIComponent(callSid)}`;
  url.search = '';
  return url.toString();
}

const record = (x: unknown): Record<string, unknown> | null =>
  x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : null;
const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** Reads a side-channel body; null when it has no tool-call list (not this shape at all). */
export function parseAgentReport(body: unknown): AgentReport | null {
  const root = record(body);
  if (!root || !Array.isArray(root.toolCalls)) return null;
  const toolCalls = root.toolCalls.flatMap((c): AgentToolCall[] => {
    const call = record(c);
    return call && typeof call.name === 'string'
      ? [{ name: call.name, arguments: call.arguments ?? {}, atMs: num(call.atMs) }]
      : [];
  });
  const turns = Array.isArray(root.turns) ? root.turns : [];
  const said = turns.flatMap((t): AgentUtterance[] => {
    const turn = record(t);
    if (!turn) return [];
    const text =
      typeof turn.replyHeard === 'string'
        ? turn.replyHeard
        : typeof turn.reply === 'string'
          ? turn.reply
          : '';
    return text.trim() === '' ? [] : [{ atMs: num(turn.atMs), text }];
  });
  return { toolCalls, said, endReason: typeof root.endReason === 'string' ? root.endReason : null };
}

/**
 * Per-turn stage timings an agent may report (`turns[].stt_final_ms`, `brain_first_text_ms`,
 * `tts_first_audio_ms`, `response_ms`, as the reference agent serves them). The HTML report breaks
 * latency down by stage when a call has them; an agent without them simply has none.
 */
export interface AgentStageTiming {
  /** The agent's own turn counter (its greeting is turn 0 in the reference agent). */
  turn: number;
  sttFinalMs: number | null;
  brainFirstTextMs: number | null;
  ttsFirstAudioMs: number | null;
  responseMs: number | null;
}

/** Reads the stage timings out of a side-channel body; null when it has none. */
export function parseAgentStages(body: unknown): AgentStageTiming[] | null {
  const root = record(body);
  if (!root || !Array.isArray(root.turns)) return null;
  const out: AgentStageTiming[] = [];
  for (const t of root.turns as unknown[]) {
    const r = record(t);
    if (!r) continue;
    const timing = {
      turn: num(r.turn) ?? out.length,
      sttFinalMs: num(r.stt_final_ms),
      brainFirstTextMs: num(r.brain_first_text_ms),
      ttsFirstAudioMs: num(r.tts_first_audio_ms),
      responseMs: num(r.response_ms),
    };
    if (
      timing.sttFinalMs !== null ||
      timing.brainFirstTextMs !== null ||
      timing.ttsFirstAudioMs !== null ||
      timing.responseMs !== null
    )
      out.push(timing);
  }
  return out.length ? out : null;
}

/** Everything a call's side-channel body says, read once: what the agent did, and its stage timings. */
export interface SideChannel {
  report: AgentReport | null;
  stages: AgentStageTiming[] | null;
}

export function parseSideChannel(body: unknown): SideChannel {
  return body === null
    ? { report: null, stages: null }
    : { report: parseAgentReport(body), stages: parseAgentStages(body) };
}

/** The side channel's JSON body for one call, or null when the agent offers none (or cannot be reached). */
export async function fetchSideChannel(
  agentUrl: string,
  callSid: string,
  timeoutMs = 2000,
): Promise<unknown> {
  try {
    const response = await fetch(sideChannelUrl(agentUrl, callSid), {
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) return null;
    return (await response.json()) as unknown;
  } catch {
    return null;
  }
}

/** The values of every tool-call argument in the report. */
export function capturedValues(report: AgentReport): string[] {
  return report.toolCalls.flatMap((call) => argumentValues(call.arguments));
}
