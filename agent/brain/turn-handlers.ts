/**
 * Reading a caller turn against the open question: a value for the entity being collected, a
 * yes/no (or an inline correction) for a read-back, a choice at a menu. Questions a flow owns
 * (confirm_booking, …) go to that flow.
 */
import { parseYesNo, tokenize } from '../../src/speech/spoken-forms.ts';
import { anythingElseExpect, howCanIHelpExpect, mainMenuExpect, type Dialog } from './dialog.ts';
import type { EntityName } from './dialog-state.ts';
import { ENTITIES, type Parsed } from './entities.ts';
import { appointmentTaskFor, detectIntent, intentForKey, type Intent } from './intents.ts';
import * as say from './prompts.ts';

export type Source = 'speech' | 'dtmf';

export function askAppointmentAction(d: Dialog, text: string = say.APPOINTMENT_ACTION): void {
  d.ask({ kind: 'appointment_action' }, text, {
    expectation: 'menu',
    choices: ['book', 'reschedule', 'cancel'],
  });
}

/** Keypad yes/no on a read-back: 1 yes, 2 no. */
export function yesNo(text: string, source: Source): 'yes' | 'no' | null {
  if (source === 'dtmf') return text === '1' ? 'yes' : text === '2' ? 'no' : null;
  return parseYesNo(text);
}

async function beginIntent(d: Dialog, intent: Intent, utterance: string): Promise<void> {
  if (intent === 'appointments') askAppointmentAction(d);
  else await d.startTask(intent, utterance);
}

function parseEntity(d: Dialog, entity: EntityName, text: string, source: Source): Parsed {
  const spec = ENTITIES[entity];
  const ctx = d.entityContext;
  if (source === 'speech') return spec.parse(text, ctx);
  return spec.dtmf ? spec.dtmf(text, ctx) : { ok: false };
}

/** Keeps what came with a value ("tomorrow at ten": the time too). */
function keepExtras(d: Dialog, entity: EntityName, parsed: Extract<Parsed, { ok: true }>): void {
  if (entity !== 'date' || !parsed.also) return;
  if (parsed.also.time) d.values.time = parsed.also.time;
  if (parsed.also.dayPart) d.facts.dayPart = parsed.also.dayPart;
}

async function answerCollect(
  d: Dialog,
  entity: EntityName,
  text: string,
  source: Source,
): Promise<void> {
  const parsed = parseEntity(d, entity, text, source);
  if (parsed.ok) {
    keepExtras(d, entity, parsed);
    if (ENTITIES[entity].readback && !d.options.skipConfirmation)
      d.askConfirm(entity, parsed.value);
    else await d.accept(entity, parsed.value);
    return;
  }
  if (source === 'speech' && parsed.problem === undefined && parsed.question === undefined) {
    // The caller changed their mind ("actually, where's my order?").
    const intent = detectIntent(text);
    if (intent !== null && intent !== 'appointments' && intent !== d.task)
      return d.startTask(intent, text);
    if (d.repeatIfCutShort()) return;
  }
  if (parsed.offered) d.facts.offeredTimes = parsed.offered;
  if (parsed.counts !== false && (await d.failEntity(entity))) return;
  d.askFor(entity, {
    problem: parsed.problem ?? (parsed.question ? undefined : say.NOT_UNDERSTOOD),
    retry: true,
    question: parsed.question,
  });
}

async function answerConfirm(
  d: Dialog,
  entity: EntityName,
  value: string,
  text: string,
  source: Source,
): Promise<void> {
  const answer = yesNo(text, source);
  // "no, it's B as in boy …": the rest of the answer may be the corrected value.
  const correction: Parsed =
    source === 'dtmf' && text.length <= 1 ? { ok: false } : parseEntity(d, entity, text, source);
  const corrected = correction.ok && correction.value !== value ? correction : null;
  if (answer === 'yes' && corrected === null) {
    d.say(say.THANKS);
    return d.accept(entity, value);
  }
  if (answer === 'no' && (await d.failEntity(entity))) return;
  if (corrected !== null) {
    // A different value, with or without "no" (even after a "yes": "yes, it's AB…" contradicts): read it back.
    keepExtras(d, entity, corrected);
    return d.askConfirm(entity, corrected.value);
  }
  if (answer === 'no') return d.askFor(entity, { problem: say.REJECTED, retry: true });
  // Saying the same value again confirms it.
  if (correction.ok) {
    d.say(say.THANKS);
    return d.accept(entity, value);
  }
  if (d.repeatIfCutShort()) return;
  if (await d.failEntity(entity)) return;
  d.askAgain(say.SAY_YES_OR_NO);
}

async function answerIntent(d: Dialog, text: string, source: Source): Promise<void> {
  const intent = source === 'dtmf' ? intentForKey(text) : detectIntent(text);
  if (intent !== null) return beginIntent(d, intent, source === 'speech' ? text : '');
  if (d.repeatIfCutShort()) return;
  if (await d.fail('menu', 'could not understand the request')) return;
  d.say(say.NOT_UNDERSTOOD);
  d.ask({ kind: 'main_menu' }, say.MAIN_MENU, mainMenuExpect());
}

async function answerAppointmentAction(d: Dialog, text: string, source: Source): Promise<void> {
  const task = appointmentTaskFor(text, source);
  if (task !== null) return d.startTask(task, source === 'speech' ? text : '');
  if (d.repeatIfCutShort()) return;
  if (await d.fail('appointment_action', 'could not understand the request')) return;
  d.say(say.NOT_UNDERSTOOD);
  askAppointmentAction(d, say.APPOINTMENT_ACTION_RETRY);
}

/** Ways of saying "no, I'm done" that parseYesNo would not read as no ("that's it, thanks"). */
const DONE =
  / (that's it|that is it|thank you|thanks|i'm good|im good|i'm all set|all set|nothing|i'm fine|we're good) /;

async function answerAnythingElse(d: Dialog, text: string, source: Source): Promise<void> {
  const intent = source === 'dtmf' ? intentForKey(text) : detectIntent(text);
  if (intent !== null) return beginIntent(d, intent, source === 'speech' ? text : '');
  const answer = yesNo(text, source);
  const words = ` ${tokenize(text)
    .map((t) => t.word)
    .join(' ')} `;
  if (answer === 'no' || (source === 'speech' && DONE.test(words)))
    return d.end('caller has nothing else');
  if (answer === 'yes')
    return d.ask({ kind: 'how_can_i_help' }, say.WHAT_ELSE, howCanIHelpExpect());
  if (d.repeatIfCutShort()) return;
  d.failures.anything_else = (d.failures.anything_else ?? 0) + 1;
  // The caller's business is done: after repeated noise, end politely rather than transfer.
  if (d.failures.anything_else >= d.options.maxFailures)
    return d.end('no clear answer after the task was done');
  d.say(say.NOT_UNDERSTOOD);
  d.ask({ kind: 'anything_else' }, say.ANYTHING_ELSE, anythingElseExpect());
}

/** Interprets one caller turn (speech or keys) against the open question. */
export async function answerQuestion(d: Dialog, text: string, source: Source): Promise<void> {
  const question = d.question;
  switch (question.kind) {
    case 'how_can_i_help':
    case 'main_menu':
      return answerIntent(d, text, source);
    case 'appointment_action':
      return answerAppointmentAction(d, text, source);
    case 'anything_else':
      return answerAnythingElse(d, text, source);
    case 'collect':
      return answerCollect(d, question.entity, text, source);
    case 'confirm':
      return answerConfirm(d, question.entity, question.value, text, source);
    case 'ended':
      return d.end('call already ended');
    default: {
      const flow = d.task ? d.flow() : undefined;
      if (flow?.answer) return flow.answer(d, question, text, source);
      d.ask({ kind: 'how_can_i_help' }, say.HOW_CAN_I_HELP, howCanIHelpExpect());
    }
  }
}
