/**
 * The reference agent's business data: Acme's customers, orders, members and appointments.
 * Deterministic for a given "today" (dates are relative to it, so an order is always "arriving
 * in two days"), so scenarios can be written against these exact values.
 */
import { addDays, weekdayOf } from '../../src/speech/spoken-forms.ts';

export type OrderStatus =
  'processing' | 'shipped' | 'out_for_delivery' | 'delivered' | 'delayed' | 'cancelled';

export interface OrderItem {
  name: string;
  quantity: number;
}

export interface Order {
  id: string; // two letters, four digits: AB3792
  customerName: string;
  customerPhone: string;
  status: OrderStatus;
  placedOn: string; // ISO date
  /** Expected delivery (ISO), for orders not yet delivered or cancelled. */
  eta: string | null;
  deliveredOn: string | null;
  carrier: string | null;
  items: OrderItem[];
}

export interface Member {
  id: string; // M and seven digits: M4827193
  name: string;
  dateOfBirth: string; // ISO
  zip: string;
  plan: string;
  planType: 'PPO' | 'HMO' | 'EPO';
  active: boolean;
  copaysUsd: { primaryCare: number; specialist: number; urgentCare: number };
  deductibleUsd: number;
  deductibleMetUsd: number;
}

export interface Appointment {
  confirmationCode: string; // a letter and five digits: C20417
  name: string;
  phone: string; // 10 digits
  date: string; // ISO
  time: string; // HH:MM, 24-hour
  status: 'booked' | 'cancelled';
}

export interface SeedData {
  orders: Order[];
  members: Member[];
  appointments: Appointment[];
}

/** Appointment times by weekday (0 = Sunday, closed). Hourly, with a lunch break. */
export const OPENING_TIMES: Readonly<Record<number, readonly string[]>> = {
  0: [],
  1: ['09:00', '10:00', '11:00', '13:00', '14:00', '15:00', '16:00'],
  2: ['09:00', '10:00', '11:00', '13:00', '14:00', '15:00', '16:00'],
  3: ['09:00', '10:00', '11:00', '13:00', '14:00', '15:00', '16:00'],
  4: ['09:00', '10:00', '11:00', '13:00', '14:00', '15:00', '16:00'],
  5: ['09:00', '10:00', '11:00', '13:00', '14:00', '15:00', '16:00'],
  6: ['09:00', '10:00', '11:00'],
};

/** How far ahead appointments can be booked. */
export const BOOKING_WINDOW_DAYS = 90;

/** Names a caller may give when booking: the embedded recognizer's name grammar comes from these. */
export const KNOWN_NAMES: readonly string[] = [
  'John Smith',
  'Maria Garcia',
  'David Lee',
  'Sarah Johnson',
  'Michael Brown',
  'Emily Davis',
  'James Wilson',
  'Linda Martinez',
  'Robert Taylor',
  'Jennifer Anderson',
  'William Thomas',
  'Patricia Moore',
  'Daniel Jackson',
  'Lisa White',
  'Kevin Harris',
  'Nancy Clark',
  'Thomas Lewis',
  'Karen Walker',
  'Steven Hall',
  'Susan Young',
];

/** The first weekday (Monday–Friday) strictly after `iso`. */
function nextWeekday(iso: string): string {
  let day = addDays(iso, 1);
  while (weekdayOf(day) === 0 || weekdayOf(day) === 6) day = addDays(day, 1);
  return day;
}

export function seedData(today: string): SeedData {
  const firstWeekday = nextWeekday(today);
  const secondWeekday = nextWeekday(firstWeekday);
  return {
    orders: [
      {
        id: 'AB3792',
        customerName: 'John Smith',
        customerPhone: '4155550134',
        status: 'shipped',
        placedOn: addDays(today, -3),
        eta: addDays(today, 2),
        deliveredOn: null,
        carrier: 'UPS',
        items: [
          { name: 'blue ceramic kettle', quantity: 1 },
          { name: 'tea towel', quantity: 2 },
        ],
      },
      {
        id: 'KT4410',
        customerName: 'Maria Garcia',
        customerPhone: '6505550199',
        status: 'processing',
        placedOn: today,
        eta: addDays(today, 5),
        deliveredOn: null,
        carrier: null,
        items: [{ name: 'standing desk', quantity: 1 }],
      },
      {
        id: 'ZX9051',
        customerName: 'David Lee',
        customerPhone: '2125550142',
        status: 'delivered',
        placedOn: addDays(today, -9),
        eta: null,
        deliveredOn: addDays(today, -2),
        carrier: 'FedEx',
        items: [{ name: 'pair of running shoes', quantity: 1 }],
      },
      {
        id: 'MP2208',
        customerName: 'Sarah Johnson',
        customerPhone: '3125550178',
        status: 'out_for_delivery',
        placedOn: addDays(today, -4),
        eta: today,
        deliveredOn: null,
        carrier: 'USPS',
        items: [{ name: 'coffee grinder', quantity: 1 }],
      },
      {
        id: 'QR7316',
        customerName: 'Michael Brown',
        customerPhone: '6175550123',
        status: 'delayed',
        placedOn: addDays(today, -6),
        eta: addDays(today, 6),
        deliveredOn: null,
        carrier: 'UPS',
        items: [{ name: 'office chair', quantity: 1 }],
      },
      {
        id: 'CN5520',
        customerName: 'Emily Davis',
        customerPhone: '2125550187',
        status: 'cancelled',
        placedOn: addDays(today, -5),
        eta: null,
        deliveredOn: null,
        carrier: null,
        items: [{ name: 'wool blanket', quantity: 1 }],
      },
      {
        id: 'HD0847',
        customerName: 'James Wilson',
        customerPhone: '7185550166',
        status: 'shipped',
        placedOn: addDays(today, -2),
        eta: addDays(today, 3),
        deliveredOn: null,
        carrier: 'FedEx',
        items: [{ name: 'desk lamp', quantity: 2 }],
      },
    ],
    members: [
      {
        id: 'M4827193',
        name: 'Maria Garcia',
        dateOfBirth: '1985-03-15',
        zip: '94110',
        plan: 'Gold PPO',
        planType: 'PPO',
        active: true,
        copaysUsd: { primaryCare: 25, specialist: 50, urgentCare: 75 },
        deductibleUsd: 1000,
        deductibleMetUsd: 350,
      },
      {
        id: 'M1002458',
        name: 'David Lee',
        dateOfBirth: '1990-11-27',
        zip: '10001',
        plan: 'Silver HMO',
        planType: 'HMO',
        active: true,
        copaysUsd: { primaryCare: 35, specialist: 70, urgentCare: 100 },
        deductibleUsd: 2500,
        deductibleMetUsd: 400,
      },
      {
        id: 'M7731046',
        name: 'Sarah Johnson',
        dateOfBirth: '1978-07-04',
        zip: '60614',
        plan: 'Bronze EPO',
        planType: 'EPO',
        active: false,
        copaysUsd: { primaryCare: 45, specialist: 90, urgentCare: 150 },
        deductibleUsd: 6000,
        deductibleMetUsd: 0,
      },
    ],
    appointments: [
      {
        confirmationCode: 'C20417',
        name: 'John Smith',
        phone: '4155550134',
        date: firstWeekday,
        time: '10:00',
        status: 'booked',
      },
      {
        confirmationCode: 'C31596',
        name: 'Emily Davis',
        phone: '2125550187',
        date: secondWeekday,
        time: '14:00',
        status: 'booked',
      },
    ],
  };
}
