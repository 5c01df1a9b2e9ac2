/**
 * PII redaction for reports (`--redact`): entity values and digit runs are masked in everything a
 * person reads — transcripts, reasons, expectations, CSVs, junit.xml, summary.json, the HTML page.
 * (Recordings are left alone: they are the evidence.)
 *
 * Masked:
 * - every declared or captured entity value, wherever it appears, also spelled out with spaces or
 *   dashes between its characters ("A B 3 7 9 2", "ab-3792") and with digits said as words;
 * - any run of 4 or more digits, also grouped ("4111 1111 1111 1111", "(415) 555-0134",
 *   "4 1 5, 5 5 5") or said as words ("four one five five").
 * Deliberately greedy: a 4-digit number in a reason ("max_duration_ms (60000 ms)") is masked too,
 * because telling a card number from a duration in free text is not reliable.
 */
import type { EntityResult } from '../entities/score.ts';
import type { ExpectationResult, HeardUtterance } from '../expectations/types.ts';
import type { CallEvent } from '../metrics/events.ts';
import { DIGIT_WORDS } from '../speech/recognizer/vocabulary.ts';
import type { RunSummary } from '../summary/run-summary.ts';
import type { ScoredCall } from '../results/scored-call.ts';
import { DIGIT_NAMES } from '../speech/spoken-forms-words.ts';

export const MASK = '[REDACTED]';

const DIGIT_WORD_BY_VALUE = DIGIT_NAMES.map((w) => (w === 'zero' ? 'zero|oh' : w));
/** Between the characters of a spelled or grouped value: spaces, dashes, dots, commas, brackets. */
const SEPARATOR = String.raw`[\s\-.,()/]{0,3}`;
const DIGIT_RUN = new RegExp(String.raw`\d(?:${SEPARATOR}\d){3,}`, 'g');
const DIGIT_WORD_RUN = new RegExp(
  String.raw`\b(?:${DIGIT_WORDS.join('|')})(?:[\s,\-]+(?:${DIGIT_WORDS.join('|')})){3,}\b`,
  'gi',
);

export type Redact = (text: string) => string;

/** A redactor that masks `values` (entity values) and digit runs. */
export function makeRedactor(values: Iterable<string>): Redact {
  // Values under 3 characters would mask ordinary words ("AB" in "about"); digit runs cover short numbers' risk.
  const patterns = [
    ...new Set(
      [...values]
        .map((v) => v.replace(/[\s\-.,()/]/g, ''))
        .filter((v) => v.length >= 3 && v !== MASK.replace(/[\s\-.,()/]/g, '')),
    ),
  ]
    // Longest first, so a value containing another is masked whole.
    .sort((a, b) => b.length - a.length)
    .map(spelledPattern);
  const valuesPattern = patterns.length ? new RegExp(patterns.join('|'), 'gi') : null;
  return (text) => {
    let out = valuesPattern ? text.replace(valuesPattern, MASK) : text;
    out = out.replace(DIGIT_WORD_RUN, MASK);
    return out.replace(DIGIT_RUN, MASK);
  };
}

/** A value's characters, each optionally separated from the next, digits also as words. */
function spelledPattern(value: string): string {
  const chars = [...value];
  return (
    chars
      .map((c) =>
        /\d/.test(c)
          ? `(?:${c}|\\b(?:${DIGIT_WORD_BY_VALUE[Number(c)]})\\b)`
          : c.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'),
      )
      .join(SEPARATOR)
      // Not inside a longer word or number: "AB3792" is masked in "order AB3792," but "ann" not in "announce".
      .replace(/^/, '(?<![A-Za-z0-9])')
      .concat('(?![A-Za-z0-9])')
  );
}

/** The entity values a call declares and captured. */
export function entityValues(calls: readonly ScoredCall[]): string[] {
  return calls.flatMap((c) =>
    (c.entities ?? []).flatMap((e) =>
      e.captured === null ? [e.expected] : [e.expected, e.captured],
    ),
  );
}

/** A copy of the call with every text a person reads redacted; timings and verdicts untouched. */
export function redactCall(call: ScoredCall, redact: Redact): ScoredCall {
  const reason = call.reason === null ? null : redact(call.reason);
  return {
    ...call,
    reason,
    events: call.events.map((e) => redactEvent(e, redact)),
    metrics: {
      ...call.metrics,
      reason: call.metrics.reason === null ? null : redact(call.metrics.reason),
    },
    ...(call.entities
      ? {
          entities: call.entities.map((e): EntityResult => ({
            ...e,
            expected: MASK,
            captured: e.captured === null ? null : MASK,
          })),
        }
      : {}),
    ...(call.expectations
      ? {
          expectations: call.expectations.map((x): ExpectationResult => ({
            ...x,
            description: redact(x.description),
            reason: x.reason === null ? null : redact(x.reason),
          })),
        }
      : {}),
    ...(call.heard
      ? { heard: call.heard.map((h): HeardUtterance => ({ ...h, text: redact(h.text) })) }
      : {}),
  };
}

/** Free text in events (reasons and messages) can quote what was said; ids and codes are kept. */
function redactEvent(e: CallEvent, redact: Redact): CallEvent {
  switch (e.type) {
    case 'call_ended':
      return { ...e, reason: e.reason === null ? null : redact(e.reason) };
    case 'violation':
    case 'call_error':
      return { ...e, message: redact(e.message) };
    case 'interrupt_skipped':
    case 'ws_closed':
      return { ...e, reason: redact(e.reason) };
    case 'dtmf_sent':
      // Key presses are how callers enter card numbers and PINs.
      return { ...e, digit: '•' };
    case 'twiml_audio':
      // What a <Say> said may greet the caller by name or read an account back.
      return e.verb === 'say' ? { ...e, what: redact(e.what) } : e;
    case 'status_callback':
      return e.warning === null ? e : { ...e, warning: redact(e.warning) };
    case 'caller_line':
      // A goal-driven caller's words and what it heard carry its facts (spelled, grouped, read back).
      return {
        ...e,
        heard: redact(e.heard),
        say: e.say === null ? null : redact(e.say),
        dtmf: e.dtmf === null ? null : '•'.repeat(e.dtmf.length),
        ...(e.error === undefined ? {} : { error: redact(e.error) }),
        ...(e.spoken === undefined ? {} : { spoken: redact(e.spoken) }),
      };
    default:
      return e;
  }
}

export function redactSummary(summary: RunSummary, redact: Redact): RunSummary {
  return {
    ...summary,
    failures: summary.failures.map((f) => ({ ...f, reason: redact(f.reason) })),
  };
}
