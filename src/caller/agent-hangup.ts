/**
 * Whether the agent closing the stream fails the call. Production agents hang up as soon as their
 * goodbye has played, often while the caller is still waiting out the silence after it: that is
 * the normal end of a call, not a failure. A hang-up fails the call only when the script still
 * expected something of the agent — a reply it had not begun, or caller turns still to be played
 * (the agent hung up on a caller who had more to say). Turns that only wait on the agent (`listen`,
 * `silence`), `hangup`, and turns that expect the agent to end the call (`ends_call`) may be left
 * unplayed. A goal-driven conversation (`converse`) may be ended by the agent at any point.
 */
import type { Turn, Utterance } from '../scenario/types.ts';

/** Where the script stood when the agent closed the stream. */
export interface ScriptPosition {
  /** The turn being played (0-based), -1 before the first. */
  index: number;
  phase: 'next' | 'speaking' | 'dtmf' | 'silence' | 'await_agent' | 'reply' | 'converse' | 'done';
  /** In `reply`: whether the agent's answer has become audible. */
  replyHeard: boolean;
  /** In `speaking`: whether the caller waits for a reply after this utterance. */
  expectsReply: boolean;
}

/** Null when the hang-up ends the call normally; else the failure reason, naming what was still expected. */
export function agentHangupProblem(turns: readonly Turn[], pos: ScriptPosition): string | null {
  if (pos.phase === 'done') return null;
  const expected: string[] = [];
  const current = pos.index >= 0 ? turns[pos.index] : undefined;
  if (current) {
    const what = describeTurn(current, pos.index);
    switch (pos.phase) {
      case 'speaking':
        expected.push(
          pos.expectsReply
            ? `the caller to finish ${what} and a reply to it`
            : `the caller to finish ${what}`,
        );
        break;
      case 'dtmf':
        expected.push(`the caller to finish ${what}`);
        break;
      case 'await_agent':
        expected.push(`agent speech for ${what} to talk over`);
        break;
      case 'reply':
        // A `listen` turn waits for whatever the agent volunteers: hanging up is an answer too.
        if (!pos.replyHeard && current.kind !== 'listen') expected.push(`a reply to ${what}`);
        break;
      // In a goal-driven conversation (`converse`) the agent may end the call at any time: the
      // success criteria judge the outcome.
      case 'next':
      case 'silence':
      case 'converse':
        break;
    }
  }
  turns.forEach((t, i) => {
    if (i > pos.index && stillExpected(t)) expected.push(describeTurn(t, i));
  });
  if (expected.length === 0) return null;
  const where = pos.index >= 0 ? `during turn ${pos.index + 1}` : 'before the first turn';
  return `the agent hung up ${where}; the script still expected ${expected.join(', ')}`;
}

/** A later turn the agent hanging up would cut off. */
function stillExpected(turn: Turn): boolean {
  if (turn.kind === 'listen' || turn.kind === 'silence' || turn.kind === 'hangup') return false;
  return !(turn.expect ?? []).some((e) => e.kind === 'ends_call');
}

/** "turn 3 (say "no, that's all")", for failure reasons. */
export function describeTurn(turn: Turn, index: number): string {
  const n = `turn ${index + 1}`;
  switch (turn.kind) {
    case 'say':
      return `${n} (say ${describeUtterance(turn.utterance)})`;
    case 'interrupt':
      return `${n} (interrupt ${describeUtterance(turn.utterance)})`;
    case 'dtmf':
      return `${n} (dtmf "${turn.digits}")`;
    default:
      return `${n} (${turn.kind})`;
  }
}

const MAX_QUOTE = 40;

function describeUtterance(u: Utterance): string {
  switch (u.kind) {
    case 'text':
      return JSON.stringify(
        u.text.length > MAX_QUOTE ? `${u.text.slice(0, MAX_QUOTE - 1)}…` : u.text,
      );
    case 'audio':
      return `audio ${u.path.split('/').at(-1) ?? u.path}`;
    case 'recorded_digits':
      return `recorded digits "${u.digits}"`;
  }
}
