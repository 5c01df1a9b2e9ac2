/**
 * The call as a conversation in words ("Caller: …" / "Agent: …"), for an LLM judge and for
 * reports: the caller's side from the scenario (what it was scripted to say or press), the agent's
 * side from its side channel or the transcript of what the caller heard.
 */
import type { TurnMetrics } from '../metrics/turn-metrics.ts';
import type { Turn } from '../scenario/types.ts';
import type { HeardUtterance } from './types.ts';
import type { AgentUtterance } from '../entities/side-channel.ts';

function callerLine(turn: Turn): string | null {
  switch (turn.kind) {
    case 'say':
    case 'interrupt':
      return turn.utterance.kind === 'text' ? turn.utterance.text : '[recorded audio]';
    case 'dtmf':
      return `[presses ${turn.digits}]`;
    case 'silence':
      return `[stays silent for ${Math.round(turn.durationMs / 1000)} s]`;
    case 'hangup':
      return '[hangs up]';
    case 'listen':
    case 'converse': // its lines are decided during the call: caller_line events
      return null;
  }
}

export function conversationText(
  turns: readonly Turn[],
  metrics: readonly TurnMetrics[],
  agentSaid: readonly (AgentUtterance | HeardUtterance)[],
): string {
  const agentAt = (u: AgentUtterance | HeardUtterance): number =>
    'startMs' in u ? u.startMs : (u.atMs ?? 0);
  const lines: { atMs: number; line: string }[] = [];
  for (const m of metrics) {
    // A conversation's lines are turns past the script's end (one per caller line).
    const turn = turns[m.turn] as Turn | undefined;
    const line = turn === undefined ? null : callerLine(turn);
    if (line !== null) lines.push({ atMs: m.startedMs, line: `Caller: ${line}` });
  }
  for (const u of agentSaid) lines.push({ atMs: agentAt(u), line: `Agent: ${u.text}` });
  return lines
    .sort((a, b) => a.atMs - b.atMs)
    .map((l) => l.line)
    .join('\n');
}
