/**
 * Rescheduling and cancelling: find the caller's appointment by the phone number it was booked
 * with (read back), say what was found, then either collect a new day and time or confirm the
 * cancellation.
 */
import type { Dialog, Flow } from './dialog.ts';
import type { Question } from './dialog-state.ts';
import { ensureSlots, slotTaken } from './flow-slots.ts';
import * as say from './prompts.ts';
import { field, isOk, recordList, stringList } from './tool-result.ts';
import { yesNo, type Source } from './turn-handlers.ts';

/** Finds the appointment once per task; false when it asked again or transferred. */
async function ensureAppointment(d: Dialog): Promise<boolean> {
  if (d.facts.appointment) return true;
  const phone = d.values.lookup_phone!;
  const result = await d.tool('find_appointment', { phone });
  const first = recordList(result, 'appointments')[0];
  const code = first && field(first, 'confirmation_code');
  const date = first && field(first, 'date');
  const time = first && field(first, 'time');
  if (!isOk(result) || !code || !date || !time) {
    delete d.values.lookup_phone;
    if (await d.failEntity('lookup_phone')) return false;
    d.askFor('lookup_phone', { problem: say.APPOINTMENT_NOT_FOUND, retry: true });
    return false;
  }
  d.facts.appointment = { confirmationCode: code, date, time };
  d.say(say.foundAppointment(date, time));
  return true;
}

async function confirmOrRetry(
  d: Dialog,
  text: string,
  source: Source,
  key: string,
  onYes: () => Promise<void>,
  declined: string,
): Promise<void> {
  const answer = yesNo(text, source);
  if (answer === 'yes') return onYes();
  if (answer === 'no') {
    d.say(declined);
    return d.finishTask();
  }
  if (d.repeatIfCutShort()) return;
  if (await d.fail(key, 'could not get a yes or no')) return;
  d.askAgain(say.SAY_YES_OR_NO);
}

async function move(d: Dialog): Promise<void> {
  const appointment = d.facts.appointment!;
  const { date, time } = d.values;
  const result = await d.tool('reschedule_appointment', {
    confirmation_code: appointment.confirmationCode,
    new_date: date,
    new_time: time,
  });
  if (isOk(result)) {
    d.say(say.rescheduled(date!, time!));
    return d.finishTask();
  }
  if (field(result, 'error') === 'slot_taken')
    return slotTaken(d, stringList(result, 'available_times'));
  delete d.values.date;
  delete d.values.time;
  d.askFor('date', { problem: field(result, 'message'), retry: true });
}

async function cancel(d: Dialog): Promise<void> {
  const appointment = d.facts.appointment!;
  const result = await d.tool('cancel_appointment', {
    confirmation_code: appointment.confirmationCode,
  });
  if (isOk(result)) d.say(say.cancelled(appointment.date, appointment.time));
  else d.say(say.APPOINTMENT_NOT_FOUND);
  d.finishTask();
}

function makeFlow(kind: 'reschedule' | 'cancel'): Flow {
  const flow: Flow = {
    async start(d) {
      d.say(say.SURE);
      await flow.next(d);
    },

    async next(d) {
      if (d.values.lookup_phone === undefined) return d.askFor('lookup_phone');
      if (!(await ensureAppointment(d))) return;
      if (kind === 'cancel')
        return d.ask({ kind: 'confirm_cancel' }, say.CANCEL_QUESTION, { expectation: 'yes_no' });
      if (d.values.date === undefined) return d.askFor('date');
      if (!(await ensureSlots(d))) return;
      if (d.values.time === undefined) return d.askFor('time');
      d.ask({ kind: 'confirm_reschedule' }, say.confirmReschedule(d.values.date, d.values.time), {
        expectation: 'yes_no',
      });
    },

    async answer(d, question: Question, text, source) {
      if (question.kind === 'confirm_cancel')
        return confirmOrRetry(
          d,
          text,
          source,
          'confirm_cancel',
          () => cancel(d),
          say.CANCEL_DECLINED,
        );
      if (question.kind === 'confirm_reschedule')
        return confirmOrRetry(
          d,
          text,
          source,
          'confirm_reschedule',
          () => move(d),
          say.RESCHEDULE_DECLINED,
        );
      await flow.next(d);
    },
  };
  return flow;
}

export const rescheduleFlow = makeFlow('reschedule');
export const cancelFlow = makeFlow('cancel');
