/**
 * Everything the rule-based brain says, in one place: scenario suites and recognizer grammars
 * are written against these exact phrases. Short sentences, one idea each, written for a phone
 * line (values are spelled or grouped so text-to-speech reads them clearly).
 */
import {
  digitsForReadback,
  formatDateForSpeech,
  formatTimeForSpeech,
  spellForReadback,
  daysBetween,
} from '../../src/speech/spoken-forms.ts';

export const COMPANY = 'Acme';

export const GREETING = `Thanks for calling ${COMPANY}. I can check an order, book or change an appointment, or verify your benefits. How can I help?`;
export const HOW_CAN_I_HELP = 'How can I help?';
export const WHAT_ELSE = 'What else can I help with?';
export const MAIN_MENU =
  'You can say order status, appointments, or benefits. Or press 1, 2, or 3.';
export const APPOINTMENT_ACTION = 'Would you like to book, reschedule, or cancel an appointment?';
export const APPOINTMENT_ACTION_RETRY =
  'Please say book, reschedule, or cancel. Or press 1, 2, or 3.';
export const ANYTHING_ELSE = 'Is there anything else I can help with?';
export const SURE = 'Sure.';
export const THANKS = 'Thanks.';

export const NOT_UNDERSTOOD = "Sorry, I didn't catch that.";
export const REJECTED = 'Sorry about that.';
export const SAY_YES_OR_NO = 'Sorry, please say yes or no.';
export const STILL_THERE = 'Are you still there?';

export const GOODBYE = `Thanks for calling ${COMPANY}. Goodbye.`;
export const NO_RESPONSE_GOODBYE = `I haven't heard anything, so I'll end the call now. ${GOODBYE}`;
export const TRANSFER_ASKED = 'Sure, let me connect you with a representative. Please hold.';
export const TRANSFER_TROUBLE =
  "I'm sorry, I'm having trouble with that. Let me connect you with a representative. Please hold.";

export const READBACK = (spoken: string): string => `I heard ${spoken}. Is that right?`;
export const readbackCode = (code: string): string => READBACK(spellForReadback(code));
export const readbackDigits = (digits: string): string => READBACK(digitsForReadback(digits));
export const readbackBirthDate = (iso: string): string =>
  READBACK(formatDateForSpeech(iso, { year: true }));

/** Entity questions: the first time, and after a failure (with the keypad or spelling hint). */
export const ASK = {
  order_id: "What's your order number?",
  order_id_retry:
    'Please say your order number one character at a time, like A as in apple, B as in boy.',
  member_id: "What's your member ID?",
  member_id_retry:
    'Please say your member ID one character at a time. For letters, say a word too, like M as in mary.',
  dob: "What's your date of birth?",
  dob_retry:
    'Please say your date of birth with the year, like March 15th, 1985. Or type it on your keypad as 8 digits, month, day, and year, then press pound.',
  zip: "And what's your ZIP code?",
  zip_retry: 'Please say your 5-digit ZIP code, or type it on your keypad, then press pound.',
  phone: "What's the best phone number to reach you?",
  phone_retry: 'Please say the 10-digit phone number, or type it on your keypad, then press pound.',
  lookup_phone: "What's the phone number you booked with?",
  name: 'What name should I put the appointment under?',
  name_retry: 'Please say your first and last name, or spell it one letter at a time.',
  date: 'What day would you like to come in?',
  date_instead: 'What day would you like instead?',
  date_retry: 'Please say a day, like tomorrow, next Tuesday, or March 3rd.',
} as const;

export const ORDER_ID_NEEDS_VOICE = 'Order numbers have letters, so please say it instead.';
export const ORDER_NOT_FOUND = "I couldn't find an order with that number.";
export const BIRTH_DATE_NEEDS_YEAR = 'I also need the year.';
export const BIRTH_DATE_IN_FUTURE = "That date hasn't happened yet.";
export const DATE_PASSED = 'That date has already passed.';
export const TOO_FAR_AHEAD = 'We can only book up to 90 days ahead.';
export const SLOT_TAKEN = 'Sorry, that time was just taken.';
export const BENEFITS_INTRO = 'To check your benefits, I first need to verify a few details.';
export const VERIFICATION_FAILED =
  "I'm sorry, those details don't match our records. Let's try again.";
export const APPOINTMENT_NOT_FOUND = "I couldn't find an upcoming appointment for that number.";
export const RESCHEDULE_DECLINED = "Okay, I've left your appointment as it was.";
export const CANCEL_DECLINED = "Okay, I've kept your appointment.";
export const CHANGE_WHAT =
  'What would you like to change: the name, the day, the time, or the phone number?';
export const CANCEL_QUESTION = 'Do you want me to cancel it?';

export function spokenDate(iso: string): string {
  return formatDateForSpeech(iso, { weekday: true });
}

/** "today", "tomorrow", or "Tuesday, March 3rd". */
export function relativeSpokenDate(iso: string, today: string): string {
  const ahead = daysBetween(today, iso);
  if (ahead === 0) return 'today';
  if (ahead === 1) return 'tomorrow';
  if (ahead === -1) return 'yesterday';
  return spokenDate(iso);
}

/** "9 AM", "9 AM or 10 AM", "9 AM, 10 AM, or 11 AM". */
export function listTimes(times: readonly string[]): string {
  const spoken = times.map(formatTimeForSpeech);
  if (spoken.length <= 2) return spoken.join(' or ');
  return `${spoken.slice(0, -1).join(', ')}, or ${spoken[spoken.length - 1]}`;
}

export const offerTimes = (date: string, times: readonly string[]): string =>
  `On ${spokenDate(date)}, I have ${listTimes(times)}. Which time works best?`;
export const offerTimesRetry = (times: readonly string[]): string =>
  `Which time works best: ${listTimes(times)}?`;
export const offerDayPart = (part: string, times: readonly string[]): string =>
  `In the ${part}, I have ${listTimes(times)}. Which time works best?`;
export const noTimesInDayPart = (part: string): string =>
  `Sorry, there's nothing open in the ${part} that day.`;
export const timeNotOpen = (time: string): string =>
  `Sorry, ${formatTimeForSpeech(time)} isn't available.`;
export const dateClosed = (date: string): string => `We're closed on ${spokenDate(date)}.`;
export const dateFull = (date: string): string => `Sorry, ${spokenDate(date)} is fully booked.`;

export const confirmBooking = (name: string, date: string, time: string): string =>
  `Shall I book ${name} for ${spokenDate(date)} at ${formatTimeForSpeech(time)}?`;
export const booked = (date: string, time: string, code: string): string =>
  `You're all set for ${spokenDate(date)} at ${formatTimeForSpeech(time)}. Your confirmation code is ${spellForReadback(code)}.`;
export const foundAppointment = (date: string, time: string): string =>
  `I found your appointment on ${spokenDate(date)} at ${formatTimeForSpeech(time)}.`;
export const confirmReschedule = (date: string, time: string): string =>
  `Shall I move it to ${spokenDate(date)} at ${formatTimeForSpeech(time)}?`;
export const rescheduled = (date: string, time: string): string =>
  `Done. Your appointment is now on ${spokenDate(date)} at ${formatTimeForSpeech(time)}.`;
export const cancelled = (date: string, time: string): string =>
  `Your appointment on ${spokenDate(date)} at ${formatTimeForSpeech(time)} is cancelled.`;
export const verified = (firstName: string | undefined): string =>
  firstName ? `You're verified, ${firstName}.` : "You're verified.";
