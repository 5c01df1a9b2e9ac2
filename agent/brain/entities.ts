/**
 * How each value the brain collects is asked for, understood (spoken or typed), and read back.
 * Letter codes are read back spelled ("A as in apple"), digit strings grouped, dates in words;
 * keypad entry is accepted for digit-only values and offered after a failed try.
 */
import {
  dtmfDigits,
  parseCode,
  parseDate,
  parseDateParts,
  parseDayPart,
  parsePhone,
  parseTime,
  parseZip,
  timeAsWords,
  tokenize,
} from '../../src/speech/spoken-forms.ts';
import type { SttContext } from '../providers/types.ts';
import { MEMBER_ID_SHAPE, ORDER_ID_SHAPE } from '../tools/tool-args.ts';
import type { EntityName, Facts } from './dialog-state.ts';
import type { Task } from './intents.ts';
import { matchKnownCode } from './known-codes.ts';
import { parseName } from './names.ts';

export type KnownCodes = Partial<Record<'order_id' | 'member_id', readonly string[]>>;
import * as say from './prompts.ts';

export interface EntityContext {
  today: string;
  knownNames: readonly string[];
  /** Codes on file (order IDs, member IDs): a code heard one confusable character off one of them is taken as it. */
  knownCodes: KnownCodes;
  facts: Facts;
  task: Task | null;
}

export type Parsed =
  | {
      ok: true;
      value: string;
      also?: { time?: string; dayPart?: 'morning' | 'afternoon' | 'evening' };
    }
  | {
      ok: false;
      /** Said before asking again (default: "Sorry, I didn't catch that."). */
      problem?: string;
      /** Asked instead of the entity's retry question. */
      question?: string;
      /** Whether this counts toward the failures that end in a transfer (default true). */
      counts?: boolean;
      /** New times on offer (the caller narrowed down to "afternoon"). */
      offered?: string[];
    };

export interface EntitySpec {
  /** For transfer reasons: "order number". */
  label: string;
  expect(ctx: EntityContext): SttContext;
  question(ctx: EntityContext): string;
  /** Asked after a failure: carries the keypad or spelling hint. */
  retry(ctx: EntityContext): string;
  parse(text: string, ctx: EntityContext): Parsed;
  /** Keypad input; without it typed digits are not understood here. */
  dtmf?(digits: string, ctx: EntityContext): Parsed;
  /** Present for values read back for a yes/no before they are used. */
  readback?(value: string): string;
}

/** A code question's grammar context with the code's shape ("LLDDDD"): the recognizer then expects exactly that pattern. */
export function codeExpect(shape: string): SttContext {
  return { expectation: 'code', shape };
}

const NOT_UNDERSTOOD: Parsed = { ok: false };
const ok = (value: string | null): Parsed =>
  value === null ? NOT_UNDERSTOOD : { ok: true, value };

function shaped(
  text: string,
  shape: string,
  pattern: RegExp,
  known: readonly string[] = [],
): Parsed {
  const code = parseCode(text, { shape });
  return ok(code !== null && pattern.test(code) ? matchKnownCode(code, known) : null);
}

function birthDate(text: string, ctx: EntityContext): Parsed {
  const iso = parseDate(text, ctx.today, { prefer: 'past', requireYear: true });
  if (iso === null)
    return parseDateParts(text)
      ? { ok: false, problem: say.BIRTH_DATE_NEEDS_YEAR }
      : NOT_UNDERSTOOD;
  if (iso >= ctx.today) return { ok: false, problem: say.BIRTH_DATE_IN_FUTURE };
  return ok(iso);
}

function hasTimeWords(text: string): boolean {
  return tokenize(text).some(
    (t) =>
      /^(at|am|pm|noon|o'clock|oclock)$/.test(t.word) || /^\d{1,2}(:\d{2})?(am|pm)$/.test(t.word),
  );
}

function appointmentDate(text: string, ctx: EntityContext): Parsed {
  const iso = parseDate(text, ctx.today, { prefer: 'future' });
  if (iso === null) return NOT_UNDERSTOOD;
  if (iso < ctx.today) return { ok: false, problem: say.DATE_PASSED };
  const time = hasTimeWords(text) ? parseTime(text) : null;
  const dayPart = parseDayPart(text);
  const also = { ...(time ? { time } : {}), ...(dayPart ? { dayPart } : {}) };
  return { ok: true, value: iso, ...(time || dayPart ? { also } : {}) };
}

const DAY_PART_RANGES = {
  morning: ['00:00', '12:00'],
  afternoon: ['12:00', '17:00'],
  evening: ['17:00', '24:00'],
} as const;

function offered(ctx: EntityContext): string[] {
  return ctx.facts.offeredTimes ?? (ctx.facts.openTimes ?? []).slice(0, 3);
}

function appointmentTime(text: string, ctx: EntityContext): Parsed {
  const open = ctx.facts.openTimes ?? [];
  const onOffer = offered(ctx);
  const words = ` ${tokenize(text)
    .map((t) => t.word)
    .join(' ')} `;
  // Before parseTime: "the first one" must not read as one o'clock.
  const pick = (k: number): Parsed => ok(onOffer[k] ?? null);
  if (/ (first|earliest|1st) /.test(words)) return pick(0);
  if (/ (second|2nd|middle) /.test(words)) return pick(1);
  if (/ (third|3rd) /.test(words)) return pick(2);
  if (/ (last|latest) /.test(words)) return pick(onOffer.length - 1);
  const time = parseTime(text);
  if (time !== null)
    return open.includes(time) ? ok(time) : { ok: false, problem: say.timeNotOpen(time) };
  const part = parseDayPart(text);
  if (part !== null) {
    const [from, to] = DAY_PART_RANGES[part];
    const inPart = open.filter((t) => t >= from && t < to).slice(0, 3);
    if (inPart.length === 0)
      return { ok: false, counts: false, problem: say.noTimesInDayPart(part) };
    return { ok: false, counts: false, question: say.offerDayPart(part, inPart), offered: inPart };
  }
  if (
    / (any|anytime|any time|whatever|either|you pick|doesn't matter|does not matter) /.test(words)
  )
    return pick(0);
  return NOT_UNDERSTOOD;
}

function typedDigits(digits: string, parse: (d: string) => string | null): Parsed {
  const clean = dtmfDigits(digits);
  return ok(clean === null ? null : parse(clean));
}

const phoneSpec = (question: string): EntitySpec => ({
  label: 'phone number',
  expect: () => ({ expectation: 'phone' }),
  question: () => question,
  retry: () => say.ASK.phone_retry,
  parse: (text) => ok(parsePhone(text)),
  dtmf: (digits) => typedDigits(digits, parsePhone),
  readback: say.readbackDigits,
});

export const ENTITIES: Readonly<Record<EntityName, EntitySpec>> = {
  order_id: {
    label: 'order number',
    expect: () => codeExpect(ORDER_ID_SHAPE),
    question: () => say.ASK.order_id,
    retry: () => say.ASK.order_id_retry,
    parse: (text, ctx) => shaped(text, ORDER_ID_SHAPE, /^[A-Z]{2}\d{4}$/, ctx.knownCodes.order_id),
    dtmf: () => ({ ok: false, problem: say.ORDER_ID_NEEDS_VOICE }),
    readback: say.readbackCode,
  },
  member_id: {
    label: 'member ID',
    expect: () => codeExpect(MEMBER_ID_SHAPE),
    question: () => say.ASK.member_id,
    retry: () => say.ASK.member_id_retry,
    parse: (text, ctx) => shaped(text, MEMBER_ID_SHAPE, /^[A-Z]\d{7}$/, ctx.knownCodes.member_id),
    // Member IDs are M and seven digits, so the digits alone identify one (a keypad convenience).
    dtmf: (digits) => typedDigits(digits, (d) => (d.length === 7 ? `M${d}` : null)),
    readback: say.readbackCode,
  },
  dob: {
    label: 'date of birth',
    expect: () => ({ expectation: 'date' }),
    question: () => say.ASK.dob,
    retry: () => say.ASK.dob_retry,
    parse: birthDate,
    dtmf: (digits, ctx) =>
      dtmfDigits(digits)?.length === 8 ? birthDate(digits, ctx) : NOT_UNDERSTOOD,
    readback: say.readbackBirthDate,
  },
  zip: {
    label: 'ZIP code',
    expect: () => ({ expectation: 'zip' }),
    question: () => say.ASK.zip,
    retry: () => say.ASK.zip_retry,
    parse: (text) => ok(parseZip(text)),
    dtmf: (digits) => typedDigits(digits, (d) => (d.length === 5 ? d : null)),
    readback: say.readbackDigits,
  },
  phone: phoneSpec(say.ASK.phone),
  lookup_phone: phoneSpec(say.ASK.lookup_phone),
  name: {
    label: 'name',
    expect: (ctx) => ({ expectation: 'name', choices: [...ctx.knownNames] }),
    question: () => say.ASK.name,
    retry: () => say.ASK.name_retry,
    parse: (text, ctx) => ok(parseName(text, ctx.knownNames)),
  },
  date: {
    label: 'date',
    expect: () => ({ expectation: 'date' }),
    question: (ctx) => (ctx.task === 'reschedule' ? say.ASK.date_instead : say.ASK.date),
    retry: () => say.ASK.date_retry,
    parse: appointmentDate,
    dtmf: (digits, ctx) =>
      dtmfDigits(digits)?.length === 4 ? appointmentDate(digits, ctx) : NOT_UNDERSTOOD,
  },
  time: {
    label: 'time',
    expect: (ctx) => ({
      expectation: 'time',
      choices: (ctx.facts.openTimes ?? []).map(timeAsWords),
    }),
    question: (ctx) => say.offerTimes(ctx.facts.slotsDate ?? ctx.today, offered(ctx)),
    retry: (ctx) => say.offerTimesRetry(offered(ctx)),
    parse: appointmentTime,
    dtmf: (digits, ctx) =>
      /^[1-9]$/.test(digits) ? ok(offered(ctx)[Number(digits) - 1] ?? null) : NOT_UNDERSTOOD,
  },
};
