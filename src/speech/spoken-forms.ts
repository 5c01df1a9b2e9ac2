/**
 * Spoken forms ↔ canonical values, shared by the reference agent (to understand callers) and the
 * harness (to score the entities an agent captured). Pure functions, no I/O; every parser accepts
 * both a grammar recognizer's words ("a as in apple b three seven nine two") and a cloud
 * recognizer's formatted text ("AB3792"), and returns null rather than guess when nothing fits.
 */
export {
  parseCode,
  parseDigits,
  parsePhone,
  parseZip,
  matchesShape,
  dtmfDigits,
  type ParseCodeOptions,
} from './spoken-forms-code.ts';
export {
  parseDate,
  parseDateParts,
  type DateParts,
  type ParseDateOptions,
} from './spoken-forms-date.ts';
export {
  parseTime,
  parseDayPart,
  type DayPart,
  type ParseTimeOptions,
} from './spoken-forms-time.ts';
export { parseYesNo, parseAmount } from './spoken-forms-answers.ts';
export {
  spellForReadback,
  digitsForReadback,
  formatDateForSpeech,
  formatTimeForSpeech,
  formatAmountForSpeech,
  timeAsWords,
  ordinal,
  READBACK_WORDS,
} from './spoken-forms-readback.ts';
export {
  addDays,
  daysBetween,
  isoDate,
  isoParts,
  localIsoDate,
  weekdayOf,
  MONTH_NAMES,
  WEEKDAY_NAMES,
} from './spoken-forms-calendar.ts';
export { digitReadings, cardinalGroups, numberToWords } from './spoken-forms-numbers.ts';
export { NATO_WORDS, isNumberWord, letterOf, tokenize, type Token } from './spoken-forms-words.ts';
