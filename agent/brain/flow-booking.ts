/**
 * Booking: name, day, time (from the open slots), callback number (read back), then one
 * summary to confirm before booking. "No" to the summary asks what to change.
 */
import { parseDate, tokenize } from '../../src/speech/spoken-forms.ts';
import type { Dialog, Flow } from './dialog.ts';
import type { EntityName, Question } from './dialog-state.ts';
import { ENTITIES } from './entities.ts';
import { ensureSlots, slotTaken } from './flow-slots.ts';
import * as say from './prompts.ts';
import { field, isOk, stringList } from './tool-result.ts';
import { yesNo, type Source } from './turn-handlers.ts';

const CHANGE_CHOICES = ['name', 'day', 'date', 'time', 'phone number'];

/** Which detail the caller wants to change ("the time", "wrong day"), or null. */
export function fieldToChange(text: string, source: Source): EntityName | null {
  if (source === 'dtmf')
    return (
      ({ '1': 'name', '2': 'date', '3': 'time', '4': 'phone' } as const)[
        text as '1' | '2' | '3' | '4'
      ] ?? null
    );
  const words = ` ${tokenize(text)
    .map((t) => t.word)
    .join(' ')} `;
  if (/ name /.test(words)) return 'name';
  if (/ (time|hour|earlier|later) /.test(words)) return 'time';
  if (/ (day|date) /.test(words)) return 'date';
  if (/ (phone|number) /.test(words)) return 'phone';
  return null;
}

function forget(d: Dialog, entity: EntityName): void {
  delete d.values[entity];
  if (entity === 'date') {
    delete d.values.time;
    d.facts = {};
  }
}

function askSummary(d: Dialog): void {
  const { name, date, time } = d.values;
  d.ask({ kind: 'confirm_booking' }, say.confirmBooking(name!, date!, time!), {
    expectation: 'yes_no',
  });
}

async function book(d: Dialog): Promise<void> {
  const { name, date, time, phone } = d.values;
  const result = await d.tool('book_appointment', { name, date, time, phone });
  if (isOk(result)) {
    d.say(
      say.booked(
        field(result, 'date') ?? date!,
        field(result, 'time') ?? time!,
        field(result, 'confirmation_code') ?? '',
      ),
    );
    return d.finishTask();
  }
  if (field(result, 'error') === 'slot_taken')
    return slotTaken(d, stringList(result, 'available_times'));
  // The day itself can no longer be booked (it passed midnight, say): start from the day again.
  forget(d, 'date');
  d.askFor('date', { problem: field(result, 'message'), retry: true });
}

async function answerSummary(d: Dialog, text: string, source: Source): Promise<void> {
  const answer = yesNo(text, source);
  if (answer === 'yes') return book(d);
  // Keys here are yes/no (1/2); only speech can name a detail ("no, the time").
  const change = source === 'speech' ? fieldToChange(text, source) : null;
  if (answer === 'no' || change !== null) {
    if (change !== null) {
      forget(d, change);
      return bookingFlow.next(d);
    }
    return d.ask({ kind: 'change_what' }, say.CHANGE_WHAT, {
      expectation: 'menu',
      choices: CHANGE_CHOICES,
    });
  }
  if (d.repeatIfCutShort()) return;
  if (await d.fail('confirm_booking', 'could not confirm the booking')) return;
  d.askAgain(say.SAY_YES_OR_NO);
}

async function answerChangeWhat(d: Dialog, text: string, source: Source): Promise<void> {
  const change = fieldToChange(text, source);
  if (change !== null) {
    forget(d, change);
    return bookingFlow.next(d);
  }
  if (source === 'speech' && yesNo(text, source) === 'no') return askSummary(d); // "nothing, it's fine"
  if (d.repeatIfCutShort()) return;
  if (await d.fail('change_what', 'could not understand what to change')) return;
  d.askAgain(say.NOT_UNDERSTOOD);
}

export const bookingFlow: Flow = {
  async start(d, utterance) {
    d.say(say.SURE);
    // "Book me for tomorrow at ten": keep the day (and time) said with the request.
    if (utterance && parseDate(utterance, d.today) !== null) {
      const parsed = ENTITIES.date.parse(utterance, d.entityContext);
      if (parsed.ok) {
        d.values.date = parsed.value;
        if (parsed.also?.time) d.values.time = parsed.also.time;
        if (parsed.also?.dayPart) d.facts.dayPart = parsed.also.dayPart;
      }
    }
    await bookingFlow.next(d);
  },

  async next(d) {
    // reorder-questions fault: the callback number first.
    if (d.inOrder([0, 1])[0] === 1 && d.values.phone === undefined) return d.askFor('phone');
    if (d.values.name === undefined) return d.askFor('name');
    if (d.values.date === undefined) return d.askFor('date');
    if (!(await ensureSlots(d))) return;
    if (d.values.time === undefined) return d.askFor('time');
    if (d.values.phone === undefined) return d.askFor('phone');
    askSummary(d);
  },

  async answer(d, question: Question, text, source) {
    if (question.kind === 'confirm_booking') return answerSummary(d, text, source);
    if (question.kind === 'change_what') return answerChangeWhat(d, text, source);
    await bookingFlow.next(d);
  },
};
