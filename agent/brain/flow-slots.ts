/**
 * Open appointment times for the chosen date, shared by booking and rescheduling: ask the store,
 * turn a closed or full day into a new date question, and offer a few times (in the part of the
 * day the caller asked for, if they did).
 */
import type { Dialog } from './dialog.ts';
import * as say from './prompts.ts';
import { field, isOk, stringList } from './tool-result.ts';

const TIMES_OFFERED = 3;

function offer(d: Dialog, times: readonly string[]): void {
  const part = d.facts.dayPart;
  const inPart =
    part === 'morning'
      ? times.filter((t) => t < '12:00')
      : part === 'afternoon'
        ? times.filter((t) => t >= '12:00' && t < '17:00')
        : part === 'evening'
          ? times.filter((t) => t >= '17:00')
          : [];
  d.facts.offeredTimes = (inPart.length > 0 ? inPart : times).slice(0, TIMES_OFFERED);
}

function dateProblem(reason: string | undefined, date: string): string {
  if (reason === 'closed') return say.dateClosed(date);
  if (reason === 'fully_booked') return say.dateFull(date);
  if (reason === 'past') return say.DATE_PASSED;
  if (reason === 'too_far') return say.TOO_FAR_AHEAD;
  return say.dateFull(date);
}

/**
 * Makes sure the open times of `values.date` are known. False when it could not (it has then
 * asked for another date, or transferred): the flow must stop for this turn.
 */
export async function ensureSlots(d: Dialog): Promise<boolean> {
  const date = d.values.date;
  if (date === undefined) return false;
  if (d.facts.slotsDate === date && d.facts.openTimes) return true;
  const result = await d.tool('find_slots', { date });
  const times = stringList(result, 'times');
  if (!isOk(result) || result.open !== true || times.length === 0) {
    delete d.values.date;
    delete d.values.time;
    if (await d.failEntity('date')) return false;
    d.askFor('date', { problem: dateProblem(field(result, 'reason'), date), retry: true });
    return false;
  }
  d.facts.slotsDate = date;
  d.facts.openTimes = times;
  offer(d, times);
  const wanted = d.values.time;
  if (wanted !== undefined && !times.includes(wanted)) {
    delete d.values.time;
    d.say(say.timeNotOpen(wanted));
  }
  return true;
}

/** A booking or move lost its slot to another call: offer what is left that day, or ask for a day. */
export function slotTaken(d: Dialog, availableTimes: string[]): void {
  delete d.values.time;
  d.say(say.SLOT_TAKEN);
  if (availableTimes.length === 0) {
    delete d.values.date;
    delete d.facts.slotsDate;
    delete d.facts.openTimes;
    delete d.facts.offeredTimes;
    d.askFor('date', { question: say.ASK.date_retry });
    return;
  }
  d.facts.openTimes = availableTimes;
  offer(d, availableTimes);
  d.askFor('time', { retry: true });
}
