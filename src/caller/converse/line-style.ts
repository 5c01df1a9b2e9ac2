/**
 * A goal-driven caller's line said in its persona's speech style: the same styling scripted lines
 * get from `style:` (src/caller/speech-style.ts). The persona's `number_pause_ms` puts a long
 * pause in the middle of the first number of 4+ digits, as a caller reading a number off a card
 * does; lines without such a number are said as decided. (Its "um"s and restarts come from
 * `hesitation`, which the policy writes into the words themselves, so they show in `say`.)
 */
import type { Persona } from '../../scenario/goal-types.ts';
import { styledText, styleSpeech, type SpeechStyle, type StyledPart } from '../speech-style.ts';

/** What a `caller_line` event records of the style applied to its words. */
export interface AppliedLineStyle {
  numberPauseMs: number;
  /** The words as spoken, with the pause where it fell: "… five five [pause 1.5 s] five, zero …". */
  spoken: string;
}

export interface StyledLine {
  parts: StyledPart[];
  /** null when the style left the line as it was (no long number in it, or no style). */
  applied: AppliedLineStyle | null;
}

export function personaSpeechStyle(persona: Persona): SpeechStyle {
  return { fillers: 0, restart: false, numberPauseMs: persona.numberPauseMs };
}

/** `seed` makes any random choice of the style repeat from run to run (the line's number in the call). */
export function styleLine(text: string, persona: Persona, seed: number): StyledLine {
  const style = personaSpeechStyle(persona);
  const parts = styleSpeech(text, style, seed);
  const paused = parts.some((p) => p.kind === 'pause');
  return {
    parts,
    applied: paused ? { numberPauseMs: style.numberPauseMs, spoken: styledText(parts) } : null,
  };
}
