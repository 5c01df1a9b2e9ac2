/**
 * What the agent said in its last turn, in words, for the caller to answer: the agent's own text
 * from its side channel (GET /calls/:callSid) when it reports it, else nothing (the caller then
 * treats the turn as not understood).
 *
 * The side channel lists the agent's replies as they grow (a reply's sentences are added as they
 * are spoken), so what is new is tracked per reply by how much of it was already answered: a
 * sentence that finishes an earlier reply after the caller spoke is still heard.
 */
import {
  fetchSideChannel,
  parseAgentReport,
  type AgentUtterance,
} from '../../entities/side-channel.ts';
import type { HeardTurn } from './policy.ts';

const CLOCK_SLACK_MS = 50;

/** Everything the agent has said so far in this call, one entry per reply. */
export interface AgentSaid {
  said: AgentUtterance[];
  source: HeardTurn['source'];
}

export type AgentTextSource = (signal: AbortSignal) => Promise<AgentSaid>;

/** Reads the side channel of `agentUrl` for this call. */
export function sideChannelText(agentUrl: string, callSid: string): AgentTextSource {
  return async () => {
    const body = await fetchSideChannel(agentUrl, callSid, 1500);
    const report = body === null ? null : parseAgentReport(body);
    return report === null
      ? { said: [], source: 'none' }
      : { said: report.said, source: 'side_channel' };
  };
}

/** Remembers how much of each reply the caller has answered, and gives what is new. */
export class HeardText {
  /** Characters answered per reply, keyed by when it started (replies cut to nothing drop out of the list, so positions shift). */
  private readonly answered = new Map<string, number>();
  private first = true;

  /** Replies that started before `beforeMs` (the caller's last words before the conversation) count as answered. */
  constructor(private readonly beforeMs: number) {}

  /** The words not yet answered (without marking them). */
  peek(said: readonly AgentUtterance[]): string {
    return said
      .map((u, i) => {
        const done =
          this.first && u.atMs !== null && u.atMs < this.beforeMs - CLOCK_SLACK_MS
            ? u.text.length
            : (this.answered.get(replyKey(u, i)) ?? 0);
        return u.text.slice(Math.min(done, u.text.length)).trim();
      })
      .filter((t) => t !== '')
      .join(' ');
  }

  /** The words not yet answered, now marked answered. */
  take(said: readonly AgentUtterance[]): string {
    const text = this.peek(said);
    said.forEach((u, i) => this.answered.set(replyKey(u, i), u.text.length));
    this.first = false;
    return text;
  }
}

function replyKey(u: AgentUtterance, index: number): string {
  return u.atMs === null ? `#${index}` : `@${u.atMs}`;
}
