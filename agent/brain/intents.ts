/**
 * What the caller wants, from keywords: the task ("I want to check on my order") and the
 * commands that work in any state ("representative", "goodbye", "say that again").
 * Grammars for the embedded recognizer should include COMMAND_PHRASES in every state.
 */
import { tokenize } from '../../src/speech/spoken-forms.ts';

export type Task = 'order' | 'book' | 'reschedule' | 'cancel' | 'benefits';
/** A task, or "appointments" without saying which kind. */
export type Intent = Task | 'appointments';
export type Command = 'human' | 'goodbye' | 'repeat' | 'main_menu';

/** Phrases the greeting's grammar / key terms should cover. */
export const INTENT_PHRASES: readonly string[] = [
  'order status',
  'check my order',
  'where is my order',
  'book an appointment',
  'make an appointment',
  'reschedule my appointment',
  'cancel my appointment',
  'appointments',
  'benefits',
  'check my benefits',
  'verify my benefits',
];

/** Commands every state understands. */
export const COMMAND_PHRASES: readonly string[] = [
  'representative',
  'agent',
  'operator',
  'human',
  'goodbye',
  "that's all",
  'repeat that',
  'say that again',
  'main menu',
  'start over',
];

function normalized(text: string): string {
  return ` ${tokenize(text)
    .map((t) => t.word)
    .join(' ')} `;
}

const COMMAND_PATTERNS: readonly [Command, RegExp][] = [
  [
    'human',
    / (agent|representative|rep|human|operator|real person|live person|a person|speak to someone|talk to someone|customer service) /,
  ],
  [
    'goodbye',
    / (goodbye|good bye|bye|bye bye|that's all|that is all|that'll be all|nothing else|i'm done|hang up|that's everything) /,
  ],
  [
    'repeat',
    / (repeat|say that again|say it again|come again|pardon|one more time|what was that|didn't catch|didn't hear|again please) /,
  ],
  ['main_menu', / (main menu|start over|menu|go back to the start) /],
];

export function detectCommand(text: string): Command | null {
  const t = normalized(text);
  for (const [command, pattern] of COMMAND_PATTERNS) if (pattern.test(t)) return command;
  return null;
}

const INTENT_PATTERNS: readonly [Intent, RegExp][] = [
  [
    'reschedule',
    / (reschedule|re schedule|move my appointment|move the appointment|change my appointment|change the appointment|change the time|different time|different day|postpone) /,
  ],
  ['cancel', / (cancel|cancellation) /],
  [
    'book',
    / (book|schedule|make an appointment|new appointment|set up an appointment|an appointment|come in|see a doctor|see the doctor) /,
  ],
  ['order', / (order|orders|package|delivery|shipment|shipping|tracking|track|parcel) /],
  [
    'benefits',
    / (benefit|benefits|coverage|covered|copay|co pay|copays|deductible|insurance|eligibility|verify|verification|member|plan) /,
  ],
  ['appointments', / (appointment|appointments) /],
];

/** The task the caller asks for, or null. "cancel my order" is read as an order question. */
export function detectIntent(text: string): Intent | null {
  const t = normalized(text);
  for (const [intent, pattern] of INTENT_PATTERNS) {
    if (!pattern.test(t)) continue;
    if (intent === 'cancel' && / (order|package) /.test(t)) return 'order';
    return intent;
  }
  return null;
}

/** Menu keys: 1 orders, 2 appointments, 3 benefits. */
export function intentForKey(digits: string): Intent | null {
  return digits === '1'
    ? 'order'
    : digits === '2'
      ? 'appointments'
      : digits === '3'
        ? 'benefits'
        : null;
}

/** Appointment menu: 1 book, 2 reschedule, 3 cancel. */
export function appointmentTaskFor(text: string, source: 'speech' | 'dtmf'): Task | null {
  if (source === 'dtmf')
    return text === '1' ? 'book' : text === '2' ? 'reschedule' : text === '3' ? 'cancel' : null;
  const intent = detectIntent(text);
  if (intent === 'book' || intent === 'reschedule' || intent === 'cancel') return intent;
  const t = normalized(text);
  if (/ (new|make|set up|first) /.test(t)) return 'book';
  if (/ (change|move) /.test(t)) return 'reschedule';
  return null;
}
