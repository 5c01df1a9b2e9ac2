/**
 * What a caller policy is: given what the agent said this turn (and everything before), the
 * caller's next move — words, keys, hanging up — with the reason for it, which every caller line
 * records (intent, pattern, fact) so reports can show why the caller said what it said.
 */
import type { CallerPolicyName } from '../../scenario/goal-types.ts';

/** What the caller heard of the agent's turn, and where the words came from. */
export interface HeardTurn {
  text: string;
  source: 'side_channel' | 'transcript' | 'none';
}

export interface LineReason {
  policy: CallerPolicyName;
  /** ask_order_number, confirm, menu_choice, …, other (nothing matched), silence (the agent said nothing). */
  intent: string;
  /** The rule pattern that matched, as written; null when none did (or for the llm policy). */
  pattern: string | null;
  /** The fact the line gives or checks, by name. */
  fact: string | null;
  /** Extra: why this form ("correction", "wrong digit first", "fallback", "cached", …). */
  note?: string;
  /** The policy failed (timeout, refusal, malformed reply): the line is the fallback. */
  error?: string;
}

export interface CallerMove {
  /** Words to say; null for none. */
  say: string | null;
  /** Keypad keys to press after the words (0-9 * #); null for none. */
  dtmf: string | null;
  /** Hang up after the words and keys. */
  hangup: boolean;
  /** The caller considers its goal reached (the conversation may end). */
  goalReached: boolean;
  reason: LineReason;
}

export interface CallerPolicy {
  /** The next move after the agent's turn. Never rejects: a failing policy answers with its fallback and `reason.error`. */
  decide(heard: HeardTurn, signal: AbortSignal): Promise<CallerMove>;
}

export function move(
  say: string | null,
  reason: LineReason,
  extra: Partial<Pick<CallerMove, 'dtmf' | 'hangup' | 'goalReached'>> = {},
): CallerMove {
  return {
    say,
    dtmf: extra.dtmf ?? null,
    hangup: extra.hangup ?? false,
    goalReached: extra.goalReached ?? false,
    reason,
  };
}
