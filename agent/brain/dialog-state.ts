/**
 * The dialog's state: the question the brain is waiting on, and what it has gathered so far.
 * Flows read and fill the form; the question decides how the next caller turn is read.
 */
import type { Task } from './intents.ts';

/** Values collected from the caller (canonical forms: "AB3792", "1985-03-15", "10:00", "4155550134"). */
export type EntityName =
  'order_id' | 'member_id' | 'dob' | 'zip' | 'phone' | 'lookup_phone' | 'name' | 'date' | 'time';

export type Question =
  | { kind: 'how_can_i_help' }
  | { kind: 'main_menu' }
  | { kind: 'appointment_action' }
  | { kind: 'collect'; entity: EntityName }
  | { kind: 'confirm'; entity: EntityName; value: string }
  | { kind: 'confirm_booking' }
  | { kind: 'change_what' }
  | { kind: 'confirm_reschedule' }
  | { kind: 'confirm_cancel' }
  | { kind: 'anything_else' }
  | { kind: 'ended' };

export interface FoundAppointment {
  confirmationCode: string;
  date: string;
  time: string;
}

/** What tools told the brain during the current task. */
export interface Facts {
  /** The date `openTimes` belong to. */
  slotsDate?: string;
  openTimes?: string[];
  /** The times last offered to the caller (what "the first one" refers to). */
  offeredTimes?: string[];
  dayPart?: 'morning' | 'afternoon' | 'evening';
  appointment?: FoundAppointment;
}

export interface DialogSnapshot {
  task: Task | null;
  question: Question;
  values: Partial<Record<EntityName, string>>;
  failures: Record<string, number>;
  verifiedMember: string | null;
}
