/**
 * Acme's business tools: JSON Schema definitions (they double as OpenAI function tools) and their
 * implementations over the shared store. Results are plain JSON with snake_case keys and an `ok`
 * flag; failures carry an `error` code and a `message` a model can act on.
 */
import { formatDateForSpeech, WEEKDAY_NAMES, weekdayOf } from '../../src/speech/spoken-forms.ts';
import type { ToolDefinition } from '../providers/types.ts';
import type { Appointment } from './seed.ts';
import type { AcmeStore, BookingFailure } from './store.ts';
import {
  confirmationCodeArg,
  dateArg,
  memberIdArg,
  optionalString,
  orderIdArg,
  phoneArg,
  requiredString,
  timeArg,
  timePreferenceArg,
  ToolArgumentError,
  zipArg,
} from './tool-args.ts';

/** What one call's tools share: the store (all calls) and what this call has established. */
export interface ToolContext {
  store: AcmeStore;
  /** Members verified in this call; benefits are only read for these. */
  verifiedMembers: Set<string>;
}

export type ToolImplementation = (args: Record<string, unknown>, context: ToolContext) => unknown;

const str = (description: string): Record<string, unknown> => ({ type: 'string', description });

function schema(
  properties: Record<string, Record<string, unknown>>,
  required: string[],
): Record<string, unknown> {
  return { type: 'object', properties, required, additionalProperties: false };
}

export const TOOL_DEFINITIONS: ToolDefinition[] = [
  {
    name: 'lookup_order',
    description:
      'Look up an order by its order number (two letters and four digits, e.g. AB3792): status, delivery estimate, items.',
    parameters: schema({ order_id: str('The order number, e.g. AB3792.') }, ['order_id']),
  },
  {
    name: 'find_slots',
    description:
      'List open appointment times on a date. Open Monday to Friday 9 AM to 5 PM and Saturday mornings, up to 90 days ahead.',
    parameters: schema(
      {
        date: str('The date, YYYY-MM-DD.'),
        time_preference: str(
          'Optional: morning, afternoon, evening, any, or a time (HH:MM) the caller asked for.',
        ),
      },
      ['date'],
    ),
  },
  {
    name: 'book_appointment',
    description:
      'Book an appointment in an open slot. Returns a confirmation code to read to the caller.',
    parameters: schema(
      {
        name: str("The caller's full name."),
        date: str('The date, YYYY-MM-DD.'),
        time: str('The start time, HH:MM (24-hour), one of the times find_slots returned.'),
        phone: str('A 10-digit callback phone number.'),
      },
      ['name', 'date', 'time', 'phone'],
    ),
  },
  {
    name: 'find_appointment',
    description:
      "Find a caller's upcoming appointments by confirmation code or by the phone number they booked with.",
    parameters: schema(
      {
        confirmation_code: str('A confirmation code, e.g. C20417.'),
        phone: str('The 10-digit phone number on the booking.'),
      },
      [],
    ),
  },
  {
    name: 'reschedule_appointment',
    description:
      'Move an appointment (found by confirmation code, or by phone: the soonest upcoming one) to a new open date and time.',
    parameters: schema(
      {
        confirmation_code: str('The confirmation code, e.g. C20417.'),
        phone: str('Or the 10-digit phone number on the booking.'),
        new_date: str('The new date, YYYY-MM-DD.'),
        new_time: str('The new time, HH:MM (24-hour).'),
      },
      ['new_date', 'new_time'],
    ),
  },
  {
    name: 'cancel_appointment',
    description:
      'Cancel an appointment, found by confirmation code or by phone (the soonest upcoming one).',
    parameters: schema(
      {
        confirmation_code: str('The confirmation code, e.g. C20417.'),
        phone: str('Or the 10-digit phone number on the booking.'),
      },
      [],
    ),
  },
  {
    name: 'verify_member',
    description:
      "Verify a health-plan member's identity. All three must match. Required before get_benefits.",
    parameters: schema(
      {
        member_id: str('The member ID: a letter and seven digits, e.g. M4827193.'),
        date_of_birth: str('Date of birth, YYYY-MM-DD.'),
        zip: str('The 5-digit ZIP code on file.'),
      },
      ['member_id', 'date_of_birth', 'zip'],
    ),
  },
  {
    name: 'get_benefits',
    description:
      "A verified member's plan, copays and deductible. Call verify_member first, in the same call.",
    parameters: schema({ member_id: str('The verified member ID.') }, ['member_id']),
  },
  {
    name: 'transfer_to_human',
    description:
      'Hand the call to a human agent, when the caller asks for a person or you cannot help. Tell the caller first.',
    parameters: schema({ reason: str('Why the caller needs a human, in a few words.') }, [
      'reason',
    ]),
  },
  {
    name: 'end_call',
    description:
      'End the phone call. Call this after saying goodbye, once the caller has nothing else to ask.',
    parameters: schema(
      { reason: str('Optional: why the call ends, e.g. "caller said goodbye".') },
      [],
    ),
  },
];

function appointmentJson(a: Appointment): Record<string, unknown> {
  return {
    confirmation_code: a.confirmationCode,
    name: a.name,
    phone: a.phone,
    date: a.date,
    time: a.time,
    weekday: WEEKDAY_NAMES[weekdayOf(a.date)],
  };
}

const BOOKING_MESSAGES: Readonly<Record<BookingFailure | 'not_found', string>> = {
  slot_taken: 'That time was just booked by someone else; offer another open time.',
  not_a_slot: 'That is not an appointment time on that day; use a time from find_slots.',
  closed: 'The office is closed that day.',
  past: 'That date has passed.',
  too_far: 'Appointments can be booked up to 90 days ahead.',
  not_found: 'No upcoming appointment matches.',
};

/** The appointment a reschedule/cancel is about: by code, else the soonest for the phone. */
function targetAppointment(
  args: Record<string, unknown>,
  store: AcmeStore,
): Appointment | undefined {
  const code = optionalString(args, 'confirmation_code');
  const phone = optionalString(args, 'phone');
  if (code !== undefined)
    return store.findAppointments({ confirmationCode: confirmationCodeArg(code) })[0];
  if (phone !== undefined) return store.findAppointments({ phone: phoneArg('phone', phone) })[0];
  throw new ToolArgumentError('confirmation_code', 'give confirmation_code or phone');
}

export const TOOL_IMPLEMENTATIONS: Readonly<Record<string, ToolImplementation>> = {
  lookup_order(args, { store }) {
    const id = orderIdArg(requiredString(args, 'order_id'));
    const order = store.order(id);
    if (!order)
      return {
        ok: false,
        error: 'not_found',
        order_id: id,
        message: `No order ${id}. Ask the caller to check the number.`,
      };
    return {
      ok: true,
      order_id: order.id,
      status: order.status,
      eta: order.eta,
      delivered_on: order.deliveredOn,
      carrier: order.carrier,
      placed_on: order.placedOn,
      items: order.items.map((i) => ({ name: i.name, quantity: i.quantity })),
    };
  },

  find_slots(args, { store }) {
    const date = dateArg('date', requiredString(args, 'date'), store.today);
    const preference = timePreferenceArg(optionalString(args, 'time_preference'));
    const availability = store.availability(date);
    const base = {
      ok: true,
      date,
      weekday: WEEKDAY_NAMES[weekdayOf(date)],
      spoken_date: formatDateForSpeech(date, { weekday: true }),
    };
    if (!availability.open) return { ...base, open: false, reason: availability.reason, times: [] };
    let times = availability.times;
    if (preference === 'morning') times = times.filter((t) => t < '12:00');
    else if (preference === 'afternoon') times = times.filter((t) => t >= '12:00' && t < '17:00');
    else if (preference === 'evening') times = times.filter((t) => t >= '17:00');
    const requested =
      typeof preference === 'object'
        ? { requested_time: preference.at, requested_time_open: times.includes(preference.at) }
        : {};
    return { ...base, open: true, times, ...requested };
  },

  book_appointment(args, { store }) {
    const date = dateArg('date', requiredString(args, 'date'), store.today);
    const request = {
      name: requiredString(args, 'name'),
      date,
      time: timeArg('time', requiredString(args, 'time')),
      phone: phoneArg('phone', requiredString(args, 'phone')),
    };
    const result = store.book(request);
    if (!result.ok) {
      return {
        ok: false,
        error: result.error,
        message: BOOKING_MESSAGES[result.error],
        available_times: store.availability(date).times,
      };
    }
    return { ok: true, ...appointmentJson(result.appointment) };
  },

  find_appointment(args, { store }) {
    const code = optionalString(args, 'confirmation_code');
    const phone = optionalString(args, 'phone');
    if (code === undefined && phone === undefined)
      throw new ToolArgumentError('confirmation_code', 'give confirmation_code or phone');
    const found = store.findAppointments(
      code !== undefined
        ? { confirmationCode: confirmationCodeArg(code) }
        : { phone: phoneArg('phone', phone!) },
    );
    if (found.length === 0)
      return { ok: false, error: 'not_found', message: BOOKING_MESSAGES.not_found };
    return { ok: true, appointments: found.map(appointmentJson) };
  },

  reschedule_appointment(args, { store }) {
    const newDate = dateArg('new_date', requiredString(args, 'new_date'), store.today);
    const newTime = timeArg('new_time', requiredString(args, 'new_time'));
    const target = targetAppointment(args, store);
    if (!target) return { ok: false, error: 'not_found', message: BOOKING_MESSAGES.not_found };
    const result = store.reschedule(target.confirmationCode, newDate, newTime);
    if (!result.ok)
      return {
        ok: false,
        error: result.error,
        message: BOOKING_MESSAGES[result.error],
        available_times: store.availability(newDate).times,
      };
    return {
      ok: true,
      ...appointmentJson(result.appointment),
      previous_date: result.previous.date,
      previous_time: result.previous.time,
    };
  },

  cancel_appointment(args, { store }) {
    const target = targetAppointment(args, store);
    if (!target) return { ok: false, error: 'not_found', message: BOOKING_MESSAGES.not_found };
    const result = store.cancel(target.confirmationCode);
    if (!result.ok) return { ok: false, error: result.error, message: BOOKING_MESSAGES.not_found };
    return { ok: true, cancelled: true, ...appointmentJson(result.appointment) };
  },

  verify_member(args, { store, verifiedMembers }) {
    const memberId = memberIdArg(requiredString(args, 'member_id'));
    const dateOfBirth = dateArg(
      'date_of_birth',
      requiredString(args, 'date_of_birth'),
      store.today,
      'past',
    );
    const zip = zipArg(requiredString(args, 'zip'));
    const member = store.member(memberId);
    // Say nothing about which detail was wrong: that would help someone guessing.
    if (!member || member.dateOfBirth !== dateOfBirth || member.zip !== zip) {
      return { ok: true, verified: false, message: 'The details do not match our records.' };
    }
    verifiedMembers.add(memberId);
    return {
      ok: true,
      verified: true,
      member_id: memberId,
      name: member.name,
      first_name: member.name.split(' ')[0],
    };
  },

  get_benefits(args, { store, verifiedMembers }) {
    const memberId = memberIdArg(requiredString(args, 'member_id'));
    if (!verifiedMembers.has(memberId)) {
      return {
        ok: false,
        error: 'not_verified',
        message: 'Verify the member with verify_member (member ID, date of birth, ZIP) first.',
      };
    }
    const member = store.member(memberId)!;
    return {
      ok: true,
      member_id: member.id,
      plan: member.plan,
      plan_type: member.planType,
      active: member.active,
      copays_usd: {
        primary_care: member.copaysUsd.primaryCare,
        specialist: member.copaysUsd.specialist,
        urgent_care: member.copaysUsd.urgentCare,
      },
      deductible_usd: member.deductibleUsd,
      deductible_met_usd: member.deductibleMetUsd,
    };
  },

  transfer_to_human(args) {
    return {
      ok: true,
      transferring: true,
      reason: optionalString(args, 'reason') ?? 'caller asked for a human',
    };
  },

  end_call(args) {
    return { ok: true, ending: true, reason: optionalString(args, 'reason') ?? 'call finished' };
  },
};

/** Runs one tool; bad arguments and unknown names become error results, never exceptions. */
export function runTool(
  name: string,
  args: Record<string, unknown>,
  context: ToolContext,
): unknown {
  const implementation = Object.hasOwn(TOOL_IMPLEMENTATIONS, name)
    ? TOOL_IMPLEMENTATIONS[name]
    : undefined;
  if (!implementation) {
    return {
      ok: false,
      error: 'unknown_tool',
      message: `No tool named "${name}". Tools: ${TOOL_DEFINITIONS.map((d) => d.name).join(', ')}.`,
    };
  }
  try {
    return implementation(args, context);
  } catch (error) {
    if (error instanceof ToolArgumentError)
      return {
        ok: false,
        error: 'invalid_arguments',
        argument: error.argument,
        message: error.message,
      };
    throw error;
  }
}
