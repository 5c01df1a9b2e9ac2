/**
 * Acme's in-memory store, shared by every call of one agent process (a booking made in one call
 * is visible to the next). Every operation is synchronous, so each check-and-write happens in
 * one turn of the event loop: two calls booking the same slot at the same moment cannot both win.
 */
import { mulberry32 } from '../../src/audio/prng.ts';
import { addDays, daysBetween, localIsoDate, weekdayOf } from '../../src/speech/spoken-forms.ts';
import {
  BOOKING_WINDOW_DAYS,
  OPENING_TIMES,
  seedData,
  type Appointment,
  type Member,
  type Order,
  type SeedData,
} from './seed.ts';

export interface AcmeStoreOptions {
  /** "Today" for seed dates and booking rules (ISO). Default: the local date. Fix it for reproducible runs. */
  today?: string;
  seed?: SeedData;
  /** Bookings a slot takes (1: one appointment per time). Raise it for load tests that book the same slot. */
  capacityPerSlot?: number;
  /** Seed of the confirmation-code generator. */
  codeSeed?: number;
}

export type SlotAvailability =
  | { open: true; times: string[] }
  | { open: false; reason: 'closed' | 'past' | 'too_far' | 'fully_booked'; times: [] };

export type BookingFailure = 'slot_taken' | 'not_a_slot' | 'closed' | 'past' | 'too_far';

export type BookingResult =
  { ok: true; appointment: Appointment } | { ok: false; error: BookingFailure };

/** Letters that do not sound like digits (no O, I) and are easy to spell over the phone. */
const CODE_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

export class AcmeStore {
  readonly today: string;
  private readonly orders = new Map<string, Order>();
  private readonly members = new Map<string, Member>();
  private readonly appointments = new Map<string, Appointment>();
  /** Bookings per "YYYY-MM-DD HH:MM". */
  private readonly taken = new Map<string, number>();
  private readonly capacity: number;
  private readonly random: () => number;

  constructor(options: AcmeStoreOptions = {}) {
    this.today = options.today ?? localIsoDate();
    this.capacity = options.capacityPerSlot ?? 1;
    this.random = mulberry32(options.codeSeed ?? 0xacce55);
    const seed = options.seed ?? seedData(this.today);
    for (const order of seed.orders) this.orders.set(order.id, structuredClone(order));
    for (const member of seed.members) this.members.set(member.id, structuredClone(member));
    for (const appointment of seed.appointments) {
      this.appointments.set(appointment.confirmationCode, structuredClone(appointment));
      if (appointment.status === 'booked') this.take(appointment.date, appointment.time);
    }
  }

  order(id: string): Order | undefined {
    const order = this.orders.get(id);
    return order && structuredClone(order);
  }

  /** Every order ID and member ID on file (the brain checks what it heard against them before reading it back). */
  knownCodes(): { order_id: string[]; member_id: string[] } {
    return { order_id: [...this.orders.keys()], member_id: [...this.members.keys()] };
  }

  member(id: string): Member | undefined {
    const member = this.members.get(id);
    return member && structuredClone(member);
  }

  /** Why a date cannot be booked, or null when it is in the booking window and open. */
  private dateProblem(date: string): 'closed' | 'past' | 'too_far' | null {
    const ahead = daysBetween(this.today, date);
    if (ahead < 0) return 'past';
    if (ahead > BOOKING_WINDOW_DAYS) return 'too_far';
    if ((OPENING_TIMES[weekdayOf(date)] ?? []).length === 0) return 'closed';
    return null;
  }

  private key(date: string, time: string): string {
    return `${date} ${time}`;
  }

  private isFree(date: string, time: string): boolean {
    return (this.taken.get(this.key(date, time)) ?? 0) < this.capacity;
  }

  private take(date: string, time: string): void {
    const key = this.key(date, time);
    this.taken.set(key, (this.taken.get(key) ?? 0) + 1);
  }

  private release(date: string, time: string): void {
    const key = this.key(date, time);
    const count = (this.taken.get(key) ?? 0) - 1;
    if (count > 0) this.taken.set(key, count);
    else this.taken.delete(key);
  }

  availability(date: string): SlotAvailability {
    const problem = this.dateProblem(date);
    if (problem) return { open: false, reason: problem, times: [] };
    const times = OPENING_TIMES[weekdayOf(date)].filter((t) => this.isFree(date, t));
    return times.length > 0
      ? { open: true, times }
      : { open: false, reason: 'fully_booked', times: [] };
  }

  /** Checks and takes the slot in one synchronous step. */
  book(request: { name: string; phone: string; date: string; time: string }): BookingResult {
    const slotProblem = this.slotProblem(request.date, request.time);
    if (slotProblem) return { ok: false, error: slotProblem };
    this.take(request.date, request.time);
    const appointment: Appointment = {
      confirmationCode: this.newCode(),
      ...request,
      status: 'booked',
    };
    this.appointments.set(appointment.confirmationCode, appointment);
    return { ok: true, appointment: structuredClone(appointment) };
  }

  private slotProblem(date: string, time: string): BookingFailure | null {
    const problem = this.dateProblem(date);
    if (problem) return problem;
    if (!OPENING_TIMES[weekdayOf(date)].includes(time)) return 'not_a_slot';
    if (!this.isFree(date, time)) return 'slot_taken';
    return null;
  }

  /** Upcoming booked appointments by confirmation code or phone, soonest first. */
  findAppointments(query: { confirmationCode?: string; phone?: string }): Appointment[] {
    const found: Appointment[] = [];
    for (const a of this.appointments.values()) {
      if (a.status !== 'booked' || a.date < this.today) continue;
      if (query.confirmationCode !== undefined && a.confirmationCode !== query.confirmationCode)
        continue;
      if (query.phone !== undefined && a.phone !== query.phone) continue;
      found.push(structuredClone(a));
    }
    return found.sort((x, y) => (x.date + x.time).localeCompare(y.date + y.time));
  }

  reschedule(
    confirmationCode: string,
    date: string,
    time: string,
  ):
    | { ok: true; appointment: Appointment; previous: Appointment }
    | { ok: false; error: BookingFailure | 'not_found' } {
    const appointment = this.appointments.get(confirmationCode);
    if (!appointment || appointment.status !== 'booked') return { ok: false, error: 'not_found' };
    const previous = structuredClone(appointment);
    if (appointment.date === date && appointment.time === time)
      return { ok: true, appointment: structuredClone(appointment), previous };
    const slotProblem = this.slotProblem(date, time);
    if (slotProblem) return { ok: false, error: slotProblem };
    this.release(appointment.date, appointment.time);
    this.take(date, time);
    appointment.date = date;
    appointment.time = time;
    return { ok: true, appointment: structuredClone(appointment), previous };
  }

  cancel(
    confirmationCode: string,
  ): { ok: true; appointment: Appointment } | { ok: false; error: 'not_found' } {
    const appointment = this.appointments.get(confirmationCode);
    if (!appointment || appointment.status !== 'booked') return { ok: false, error: 'not_found' };
    appointment.status = 'cancelled';
    this.release(appointment.date, appointment.time);
    return { ok: true, appointment: structuredClone(appointment) };
  }

  /** A fresh confirmation code: a letter and five digits, never one already issued. */
  private newCode(): string {
    for (;;) {
      let code = CODE_LETTERS[Math.floor(this.random() * CODE_LETTERS.length)];
      for (let i = 0; i < 5; i++) code += String(Math.floor(this.random() * 10));
      if (!this.appointments.has(code)) return code;
    }
  }

  /** The first open date on or after `from` (for "what's your next opening"), within the window. */
  firstOpenDate(from: string = this.today): string | null {
    for (let d = from, i = 0; i <= BOOKING_WINDOW_DAYS; d = addDays(d, 1), i++) {
      if (this.availability(d).open) return d;
    }
    return null;
  }
}
