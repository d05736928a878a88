/**
 * When reminders are due (R5.2, R4, R5.4). Pure: every answer follows from its arguments and is
 * counted in Shanghai days and wall clocks, whatever the process time zone.
 *
 * - activation deadline: 10:00 on the 7th and the 1st day before the last activation day
 * - waiting period over: 09:00 on the day benefits open
 * - card expiring: 10:00 on the day 30 days before the card expires
 * - booked visit: 10:00 the day before; escort: 09:00 the day before (R4: before 15:00)
 * - SLA warning: an hour before the deadline (half the time left, when less than two hours)
 * - consult: 3 minutes before the session ends
 *
 * A reminder whose time has passed when it is made is made due now if what it announces still
 * lies ahead (a booking made the evening before still gets its reminder), and not at all
 * otherwise.
 */
import type { Day } from '../../typings/contract';
import { lastActivationDay, WAITING_DAYS } from './card-life';
import { addDays, atShanghai, shanghaiDay, startOfShanghaiDay } from './time';

export type ReminderKind =
  | 'activationDeadline'
  | 'waitingOver'
  | 'cardExpiring'
  | 'visitReminder'
  | 'escortReminder'
  | 'slaWarning'
  | 'consultEnding';

/** R5.2 the activation-deadline reminders, in days before the last activation day. */
export const ACTIVATION_REMINDER_DAYS = [7, 1] as const;
export const ACTIVATION_REMINDER_AT = '10:00';
export const WAITING_OVER_AT = '09:00';
/** R5.2 the card-expiring reminder, in days before expiry. */
export const CARD_EXPIRING_DAYS = 30;
export const CARD_EXPIRING_AT = '10:00';
export const SLA_WARNING_LEAD_MS = 60 * 60_000;
export const CONSULT_ENDING_LEAD_MS = 3 * 60_000;

/**
 * R5.2 the activation-deadline reminders still ahead at `now` (issued late, a card skips the
 * 7-day one; issued on its last days, it gets none — the platform has just sent the code).
 */
export function activationReminders(orderDate: Day, now: Date): { daysBefore: number; at: Date }[] {
  const last = lastActivationDay(orderDate);
  return ACTIVATION_REMINDER_DAYS.map((n) => ({
    daysBefore: n,
    at: atShanghai(addDays(last, -n), ACTIVATION_REMINDER_AT),
  })).filter((r) => r.at.getTime() > now.getTime());
}

/** R5.2 / R2.4 the waiting-period-over notice: 09:00 on the day benefits open. */
export function waitingOverAt(activatedAt: Date): Date {
  return atShanghai(addDays(shanghaiDay(activatedAt), WAITING_DAYS), WAITING_OVER_AT);
}

/** R5.2 / R2.5 the card-expiring notice: 10:00, 30 days before the day the card expires. */
export function cardExpiringAt(expiresAt: Date): Date {
  return atShanghai(addDays(shanghaiDay(expiresAt), -CARD_EXPIRING_DAYS), CARD_EXPIRING_AT);
}

/**
 * The day-before reminder of a visit on `visitDay` at `hhmm`; due now when that time has passed
 * but the visit day has not begun; null from the visit day on.
 */
export function dayBeforeAt(visitDay: Day, hhmm: string, now: Date): Date | null {
  if (now.getTime() >= startOfShanghaiDay(visitDay).getTime()) return null;
  const at = atShanghai(addDays(visitDay, -1), hhmm);
  return at.getTime() > now.getTime() ? at : now;
}

/**
 * R4 the SLA warning before `due`: an hour before, or half the time left when less than two
 * hours remain (a 3-minute take-over is warned after 90 seconds); null once due.
 */
export function slaWarningAt(due: Date, now: Date): Date | null {
  const left = due.getTime() - now.getTime();
  if (left <= 0) return null;
  return new Date(due.getTime() - Math.min(SLA_WARNING_LEAD_MS, Math.floor(left / 2)));
}

/** R4 the consult's "3 minutes left": null when less than that is left already. */
export function consultEndingAt(end: Date, now: Date): Date | null {
  const at = end.getTime() - CONSULT_ENDING_LEAD_MS;
  return at > now.getTime() ? new Date(at) : null;
}

// ---------------------------------------------------------------------------------------------
// R5.4 periods: the weekly tips go out once a week, knowledge twice a month

/** The Monday of the Shanghai week of `day` (the weekly tips' dedupe period). */
export function weekOf(day: Day): Day {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday, of the date itself
  return addDays(day, -((dow + 6) % 7));
}

/** 2026-03-01..14 → 2026-03a, 15..31 → 2026-03b (the knowledge pushes' dedupe period). */
export function halfMonthOf(day: Day): string {
  return `${day.slice(0, 7)}${Number(day.slice(8, 10)) < 15 ? 'a' : 'b'}`;
}

// ---------------------------------------------------------------------------------------------
// Solar terms (节气), for the butler's weekly tips (R5.4)

/**
 * The 24 terms from 小寒 (January) with the 21st-century constant of the classic day formula:
 * day = ⌊Y × 0.2422 + C⌋ − ⌊L / 4⌋, Y the year's last two digits, L = Y − 1 for the January and
 * February terms and Y otherwise. Good to the day for 2000–2099 but for a few known years,
 * which `EXCEPTIONS` corrects; a day either way would not change a week's tips anyway.
 */
// prettier-ignore
const TERMS: readonly (readonly [name: string, month: number, c: number])[] = [
  ['小寒', 1, 5.4055], ['大寒', 1, 20.12], ['立春', 2, 3.87], ['雨水', 2, 18.73],
  ['惊蛰', 3, 5.63], ['春分', 3, 20.646], ['清明', 4, 4.81], ['谷雨', 4, 20.1],
  ['立夏', 5, 5.52], ['小满', 5, 21.04], ['芒种', 6, 5.678], ['夏至', 6, 21.37],
  ['小暑', 7, 7.108], ['大暑', 7, 22.83], ['立秋', 8, 7.5], ['处暑', 8, 23.13],
  ['白露', 9, 7.646], ['秋分', 9, 23.042], ['寒露', 10, 8.318], ['霜降', 10, 23.438],
  ['立冬', 11, 7.438], ['小雪', 11, 22.36], ['大雪', 12, 7.18], ['冬至', 12, 21.94],
];

/** Years where the formula is a day off (checked against chinese-days 1.5.7 for 2000-2099). */
const EXCEPTIONS: Readonly<Record<string, number>> = {
  '2000-大寒': 1,
  '2021-冬至': -1,
  '2026-雨水': -1,
  '2008-小满': 1,
  '2016-小暑': 1,
  '2002-立秋': 1,
  '2089-霜降': 1,
  '2089-立冬': 1,
  '2082-大寒': 1,
  '2019-小寒': -1,
  '2084-春分': 1,
};

/** The first day of each solar term of a year (2000–2099), in calendar order. */
export function solarTermsOf(year: number): { term: string; day: Day }[] {
  if (year < 2000 || year > 2099) throw new RangeError(`solar terms are computed for 2000-2099, not ${year}`);
  const y = year % 100;
  return TERMS.map(([term, month, c]) => {
    const l = month <= 2 ? y - 1 : y;
    const d = Math.floor(y * 0.2422 + c) - Math.floor(l / 4) + (EXCEPTIONS[`${year}-${term}`] ?? 0);
    return { term, day: `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
  });
}

/** The solar term in effect on `day`: the last one begun on or before it. */
export function solarTermOn(day: Day): string {
  const year = Number(day.slice(0, 4));
  const terms = [...solarTermsOf(year - 1).slice(-1), ...solarTermsOf(year)];
  let current = terms[0]?.term ?? '冬至';
  for (const t of terms) if (t.day <= day) current = t.term;
  return current;
}
