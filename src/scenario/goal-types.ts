/**
 * A goal-driven caller (`caller: { goal, facts, persona, policy, max_turns }` and a `converse`
 * turn): instead of a fixed script, the caller hears each agent turn, decides what to say from
 * its goal and facts (src/caller/converse), and says it in its persona's style.
 */

export const CALLER_POLICIES = ['rules', 'llm'] as const;
export type CallerPolicyName = (typeof CALLER_POLICIES)[number];

/** Where the caller gets the agent's words (src/caller/converse/hearing-mode.ts): side channel when reported, else transcript (auto); or only one. */
export const CALLER_HEARING = ['auto', 'side_channel', 'transcript'] as const;
export type CallerHearing = (typeof CALLER_HEARING)[number];

/** How letters in codes are spelled: "A as in apple", NATO ("alpha"), or bare letter names. */
export const SPELLING_STYLES = ['as_in', 'nato', 'letters'] as const;
export type SpellingStyle = (typeof SPELLING_STYLES)[number];

/** How dates are said: "March fifteenth, nineteen eighty five", "the fifteenth of March …", "three fifteen eighty five". */
export const DATE_STYLES = ['month_day', 'day_of_month', 'numeric'] as const;
export type DateStyle = (typeof DATE_STYLES)[number];

/** How many times the caller asks the agent to repeat before its fallback, and how long it waits in silence. */
export const PATIENCE_LEVELS = ['low', 'normal', 'high'] as const;
export type Patience = (typeof PATIENCE_LEVELS)[number];

/** What the caller does once it has given up understanding the agent. */
export const FALLBACKS = ['human', 'hangup'] as const;
export type CallerFallback = (typeof FALLBACKS)[number];

/** When the caller uses the keypad for digits: only when told to press/enter, whenever a keypad is offered, or never. */
export const KEYPAD_USES = ['when_asked', 'prefer', 'never'] as const;
export type KeypadUse = (typeof KEYPAD_USES)[number];

export interface Persona {
  spellsCodes: SpellingStyle;
  /** Digit groups for phone numbers and other digit strings ("3-3-4" → [3,3,4]); [] = one by one. */
  digitGrouping: number[];
  dateStyle: DateStyle;
  /** Speaking rate multiplier over the caller's voice rate. */
  pace: number;
  /** 0..1: how often a line starts with "um," or a restart ("it's, uh, it's …"). */
  hesitation: number;
  /**
   * A pause this long in the middle of the first number of 4+ digits in a line, as a caller
   * reading it off a card does (src/caller/speech-style.ts); 0: none.
   */
  numberPauseMs: number;
  /** The first time a digit string is given, one digit is wrong; the caller corrects it at the read-back. */
  wrongDigitFirst: boolean;
  /** Quiet before each answer, on top of the agent's reply gap. */
  silenceBeforeMs: number;
  /** Talk over the agent once it has talked this long in one turn (null: never). */
  interruptAfterMs: number | null;
  patience: Patience;
  fallback: CallerFallback;
  keypad: KeypadUse;
}

export const DEFAULT_PERSONA: Persona = {
  spellsCodes: 'as_in',
  digitGrouping: [3, 3, 4],
  dateStyle: 'month_day',
  pace: 1,
  hesitation: 0,
  numberPauseMs: 0,
  wrongDigitFirst: false,
  silenceBeforeMs: 0,
  interruptAfterMs: null,
  patience: 'normal',
  fallback: 'human',
  keypad: 'when_asked',
};

export const DEFAULT_MAX_TURNS = 12;
export const DEFAULT_REPLY_GAP_MS = 800;

/** `converse: { until }`: until the caller reaches its goal or either side hangs up, or only until a hang-up. */
export const CONVERSE_UNTIL = ['goal_or_hangup', 'hangup'] as const;
export type ConverseUntil = (typeof CONVERSE_UNTIL)[number];
