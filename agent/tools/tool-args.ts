/**
 * Validates and normalizes tool arguments. Arguments come from the rule-based brain (already
 * canonical) or from an LLM (anything: "ab-3792", "March 3rd", "3pm", "(415) 555-0134"), so each
 * is run through the same spoken-form parsers the brain uses. A bad argument becomes a result the
 * model can read and correct, never an exception.
 */
import {
  isoParts,
  parseCode,
  parseDate,
  parseDayPart,
  parsePhone,
  parseTime,
  parseZip,
} from '../../src/speech/spoken-forms.ts';

export const ORDER_ID_SHAPE = 'LLDDDD';
export const MEMBER_ID_SHAPE = 'LDDDDDDD';
export const CONFIRMATION_CODE_SHAPE = 'LDDDDD';

export class ToolArgumentError extends Error {
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(message);
    this.name = 'ToolArgumentError';
  }
}

/** A string argument (numbers are accepted and stringified); undefined when absent or blank. */
export function optionalString(args: Record<string, unknown>, key: string): string | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw new ToolArgumentError(key, `${key} must be a string`);
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

export function requiredString(args: Record<string, unknown>, key: string): string {
  const value = optionalString(args, key);
  if (value === undefined) throw new ToolArgumentError(key, `${key} is required`);
  return value;
}

/**
 * A code from a model: the whole argument is the code, so "ab-3792" means letters A and B. Upper
 * case makes short letter runs read as letters (as a cloud recognizer writes them).
 */
function codeArg(value: string, shape: string): string | null {
  return parseCode(value.toUpperCase(), { shape });
}

export function orderIdArg(value: string): string {
  const id = codeArg(value, ORDER_ID_SHAPE);
  if (id === null || !/^[A-Z]{2}\d{4}$/.test(id))
    throw new ToolArgumentError(
      'order_id',
      `order_id must be two letters and four digits, like AB3792 (got "${value}")`,
    );
  return id;
}

export function memberIdArg(value: string): string {
  const id = codeArg(value, MEMBER_ID_SHAPE);
  if (id === null || !/^[A-Z]\d{7}$/.test(id))
    throw new ToolArgumentError(
      'member_id',
      `member_id must be a letter and seven digits, like M4827193 (got "${value}")`,
    );
  return id;
}

export function confirmationCodeArg(value: string): string {
  const code = codeArg(value, CONFIRMATION_CODE_SHAPE);
  if (code === null || !/^[A-Z]\d{5}$/.test(code)) {
    throw new ToolArgumentError(
      'confirmation_code',
      `confirmation_code must be a letter and five digits, like C20417 (got "${value}")`,
    );
  }
  return code;
}

export function dateArg(
  key: string,
  value: string,
  today: string,
  prefer: 'future' | 'past' = 'future',
): string {
  const iso = isoParts(value)
    ? value
    : parseDate(value, today, { prefer, requireYear: prefer === 'past' });
  if (iso === null)
    throw new ToolArgumentError(key, `${key} must be a date, YYYY-MM-DD (got "${value}")`);
  return iso;
}

export function timeArg(key: string, value: string): string {
  const time = /^([01]\d|2[0-3]):[0-5]\d$/.test(value) ? value : parseTime(value);
  if (time === null)
    throw new ToolArgumentError(
      key,
      `${key} must be a time, HH:MM in 24-hour form (got "${value}")`,
    );
  return time;
}

export function phoneArg(key: string, value: string): string {
  const phone = parsePhone(value);
  if (phone === null)
    throw new ToolArgumentError(key, `${key} must be a 10-digit phone number (got "${value}")`);
  return phone;
}

export function zipArg(value: string): string {
  const zip = parseZip(value);
  if (zip === null)
    throw new ToolArgumentError('zip', `zip must be a 5-digit ZIP code (got "${value}")`);
  return zip;
}

export type TimePreference = 'morning' | 'afternoon' | 'evening' | 'any' | { at: string };

export function timePreferenceArg(value: string | undefined): TimePreference {
  if (value === undefined || /^(any|anytime|whenever)$/i.test(value)) return 'any';
  const part = parseDayPart(value);
  if (part) return part;
  const time = /^([01]\d|2[0-3]):[0-5]\d$/.test(value) ? value : parseTime(value);
  if (time) return { at: time };
  throw new ToolArgumentError(
    'time_preference',
    `time_preference must be morning, afternoon, evening, any, or a time (got "${value}")`,
  );
}
