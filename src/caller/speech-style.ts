/**
 * How real callers talk, applied to a scripted line (`say: { text, style }`) or to a line a
 * goal-driven caller decided on (call `styleSpeech` then `synthesizeStyled`):
 *
 * - `fillers`: that many "um"/"uh"/"you know" between words (never inside a number);
 * - `restart`: the caller starts, breaks off and starts again ("I want… I want to check…");
 * - `numberPauseMs`: a long pause in the middle of the first long number (≥ 4 digits, as
 *   figures or spoken digits), as a caller looking it up does — an agent that ends the turn
 *   there hears half a number.
 *
 * Talking over the agent's greeting is a turn, not a style: make the first turn
 * `interrupt: { after_ms: 800, say: … }` (docs/scenarios.md).
 *
 * Deterministic: the same text, style and seed give the same speech.
 */
import { mulberry32 } from '../audio/prng.ts';

import type { SpeechStyle } from '../scenario/types.ts';
import { concatAudio } from '../audio/concat.ts';
import { AUDIBLE_THRESHOLD_DBFS, dbfsToAmplitude } from '../audio/level.ts';
import { DIGIT_NAMES } from '../speech/spoken-forms-words.ts';

export type { SpeechStyle } from '../scenario/types.ts';

/** Spoken text and pauses, in order. */
export type StyledPart = { kind: 'text'; text: string } | { kind: 'pause'; ms: number };

const FILLERS = ['um', 'uh', 'you know', 'uh', 'um'];
const RESTART_PAUSE_MS = 300;
const DIGIT_WORDS = new Set<string>(['oh', ...DIGIT_NAMES]);

function isNumberWord(word: string): boolean {
  const w = word.toLowerCase().replace(/[^a-z0-9]/g, '');
  return /^\d+$/.test(w) || DIGIT_WORDS.has(w);
}

function digitCount(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z0-9]/g, '');
  return /^\d+$/.test(w) ? w.length : DIGIT_WORDS.has(w) ? 1 : 0;
}

export function styleSpeech(text: string, style: SpeechStyle, seed = 1): StyledPart[] {
  const random = mulberry32(seed);
  const words = text.split(/\s+/).filter((w) => w !== '');
  // Where the pause goes: after the word that holds the middle digit of the first long number.
  let pauseAfter = -1;
  if (style.numberPauseMs > 0) {
    for (let start = 0; start < words.length && pauseAfter < 0; start++) {
      if (!isNumberWord(words[start])) continue;
      let end = start;
      while (end + 1 < words.length && isNumberWord(words[end + 1])) end++;
      const digits = words.slice(start, end + 1).reduce((n, w) => n + digitCount(w), 0);
      if (digits >= 4) {
        if (start === end) {
          // One figure ("4155550134"): split the figure itself.
          const w = words[start];
          const half = Math.floor(w.length / 2);
          words.splice(start, 1, w.slice(0, half), w.slice(half));
          pauseAfter = start;
        } else {
          let seen = 0;
          for (let i = start; i <= end; i++) {
            seen += digitCount(words[i]);
            if (seen >= digits / 2) {
              pauseAfter = i;
              break;
            }
          }
        }
      }
      start = end;
    }
  }
  // Filler slots: between words, never between two number words.
  const slots: number[] = [];
  for (let i = 0; i < words.length - 1; i++)
    if (!(isNumberWord(words[i]) && isNumberWord(words[i + 1])) && i !== pauseAfter) slots.push(i);
  const fillerAfter = new Map<number, string>();
  for (let n = 0; n < style.fillers && slots.length > 0; n++) {
    const slot = slots.splice(Math.floor(random() * slots.length), 1)[0];
    fillerAfter.set(slot, FILLERS[Math.floor(random() * FILLERS.length)]);
  }
  const parts: StyledPart[] = [];
  if (style.restart && words.length >= 3) {
    const cut = Math.min(2, words.length - 1);
    parts.push(
      {
        kind: 'text',
        text: words
          .slice(0, cut)
          .join(' ')
          .replace(/[,.;:!?]+$/, ''),
      },
      { kind: 'pause', ms: RESTART_PAUSE_MS },
    );
  }
  let current: string[] = [];
  for (const [i, word] of words.entries()) {
    current.push(word);
    const filler = fillerAfter.get(i);
    if (filler) current.push(`${filler},`);
    if (i === pauseAfter) {
      parts.push(
        { kind: 'text', text: current.join(' ') },
        { kind: 'pause', ms: style.numberPauseMs },
      );
      current = [];
    }
  }
  if (current.length) parts.push({ kind: 'text', text: current.join(' ') });
  return parts;
}

/**
 * The styled parts as audio: each text part synthesized by `speak`, pauses as silence (8 kHz).
 * Next to a pause, a part's own lead-in and trailing quiet (flite leaves ~150–250 ms at each end)
 * is cut at its first/last audible sample, so the caller is silent for the pause asked, not ~0.4 s
 * more; the line keeps its outer edges, as an unstyled line does.
 */
export async function synthesizeStyled(
  parts: readonly StyledPart[],
  speak: (text: string) => Promise<Int16Array>,
): Promise<Int16Array> {
  const chunks: Int16Array[] = [];
  for (const [i, part] of parts.entries()) {
    if (part.kind === 'pause') {
      chunks.push(new Int16Array(Math.round(part.ms * 8)));
      continue;
    }
    const pcm = await speak(part.text);
    chunks.push(trimQuiet(pcm, parts[i - 1]?.kind === 'pause', parts[i + 1]?.kind === 'pause'));
  }
  return concatAudio(chunks, (n) => new Int16Array(n));
}

const AUDIBLE = Math.round(dbfsToAmplitude(AUDIBLE_THRESHOLD_DBFS));

/** `pcm` without the quiet before its first (`lead`) and after its last (`trail`) audible sample; as is when nothing in it is audible. */
export function trimQuiet(pcm: Int16Array, lead: boolean, trail: boolean): Int16Array {
  const audible = (s: number): boolean => Math.abs(s) >= AUDIBLE;
  const first = pcm.findIndex(audible);
  if (first < 0) return pcm;
  const last = pcm.findLastIndex(audible);
  return pcm.subarray(lead ? first : 0, trail ? last + 1 : pcm.length);
}

/**
 * The styled parts as one line of text, pauses shown where they fall, in seconds ("four one five
 * five [pause 1.5 s] five …"): a pause in milliseconds would read as digits to `--redact`.
 */
export function styledText(parts: readonly StyledPart[]): string {
  return parts.map((p) => (p.kind === 'text' ? p.text : `[pause ${p.ms / 1000} s]`)).join(' ');
}
