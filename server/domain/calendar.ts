/**
 * Working days and SLA clocks (domain rules R4). Pure: every answer follows from the arguments,
 * never from the system clock or the process time zone (cloud runtimes run in UTC, developers
 * anywhere), so the same request gets the same deadline wherever it is computed.
 *
 * Instants are `Date`s; calendar days are 'YYYY-MM-DD' strings, always meant as Asia/Shanghai
 * days, because R4's days are mainland office days, not the server's.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
// The published data file of chinese-days (official holidays and 调休 make-up days), rather than
// its functions: v1.5.7 builds its day tables with local-time Date getters at load time, so in a
// process zone west of UTC every table key shifts back a day (checked: 2,220 of 8,766 days in
// 2004-2027 come out wrong under TZ=America/New_York, none under UTC or Asia/Shanghai). The
// JSON is the same data keyed by true calendar days; under UTC it agrees with isWorkday() on
// every day, and test/unit/calendar.test.ts checks that wherever the library can be trusted.
import officialCalendar from 'chinese-days/dist/chinese-days.json';
import { atShanghai, isDay, shanghaiDay, shanghaiHour } from './time';

dayjs.extend(utc);

/** R4: staff work 9:00-21:00 every day, so a working-day deadline falls at the close. */
const STAFF_DAY_END = '21:00';

/**
 * Ops' corrections to the official calendar, e.g. next year's schedule before the library
 * publishes it (the State Council announces it each November). An override always wins.
 */
export type CalendarOverrides = Readonly<Record<string /* YYYY-MM-DD */, 'workday' | 'holiday'>>;

const NO_OVERRIDES: CalendarOverrides = {};

const officialWorkdays: Readonly<Record<string, string>> = officialCalendar.workdays;
const officialHolidays: Readonly<Record<string, string>> = officialCalendar.holidays;

/**
 * The years the official data covers. Outside them a day counts by weekday alone (Mon-Fri), so
 * ops should add overrides for a new year's holidays before it starts; exported so a health
 * check can warn when `last` is the current year.
 */
export const officialCalendarYears: Readonly<{ first: number; last: number }> = (() => {
  const years = [...Object.keys(officialHolidays), ...Object.keys(officialWorkdays)].map((day) =>
    Number(day.slice(0, 4)),
  );
  return { first: Math.min(...years), last: Math.max(...years) };
})();

function assertDay(day: string): void {
  if (!isDay(day)) throw new RangeError(`not a YYYY-MM-DD calendar day: ${day}`);
}

function assertInstant(t: Date): void {
  if (Number.isNaN(t.getTime())) throw new RangeError('invalid Date');
}

function assertCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be an integer >= 1: ${n}`);
}

/** Day arithmetic in UTC mode: calendar days have no zone, and UTC mode has no DST to trip on. */
function nextDay(day: string): string {
  return dayjs.utc(day).add(1, 'day').format('YYYY-MM-DD');
}

/**
 * Whether `day` is a mainland working day: an ops override if there is one, else the official
 * calendar (holidays off, 调休 make-up weekend days on), else Monday-Friday. The last rule is
 * also all there is beyond the official data, where no holiday is known yet.
 */
export function isWorkingDay(day: string, overrides: CalendarOverrides = NO_OVERRIDES): boolean {
  assertDay(day);
  const override = overrides[day];
  if (override !== undefined) return override === 'workday';
  if (officialWorkdays[day] !== undefined) return true;
  if (officialHolidays[day] !== undefined) return false;
  const weekday = dayjs.utc(day).day();
  return weekday >= 1 && weekday <= 5;
}

/** The n-th working day after `day` (n >= 1); `day` itself never counts, even if it works. */
export function addWorkingDays(day: string, n: number, overrides: CalendarOverrides = NO_OVERRIDES): string {
  const window = workingDayWindow(day, n, n, overrides);
  // The window of [n, n] holds exactly one day; the guard only satisfies the index check.
  const last = window[0];
  if (last === undefined) throw new Error('unreachable: empty working-day window');
  return last;
}

/**
 * The from-th to the to-th working days after `day`, in order (R4.2: an outpatient visit may be
 * wanted on the 3rd to the 5th). Only working days are listed, so one list serves both to check
 * a wanted date and to offer the choices.
 */
export function workingDayWindow(
  day: string,
  from: number,
  to: number,
  overrides: CalendarOverrides = NO_OVERRIDES,
): string[] {
  assertDay(day);
  assertCount('from', from);
  assertCount('to', to);
  if (to < from) throw new RangeError(`to (${to}) must not be before from (${from})`);
  const days: string[] = [];
  let cursor = day;
  // Terminates: overrides are finite and beyond them at least five days in seven work.
  for (let counted = 0; counted < to;) {
    cursor = nextDay(cursor);
    if (!isWorkingDay(cursor, overrides)) continue;
    counted += 1;
    if (counted >= from) days.push(cursor);
  }
  return days;
}

/**
 * R4 "within N working days of t": by 21:00 (staff close) Shanghai time on the N-th working day
 * after the Shanghai day of t. Counting from t's day, not t, means a request at 23:30 and one at
 * 08:00 the same day share a deadline, and the day of t never counts even if t is early.
 */
export function workingDaysDeadline(t: Date, n: number, overrides: CalendarOverrides = NO_OVERRIDES): Date {
  return atShanghai(addWorkingDays(shanghaiDay(t), n, overrides), STAFF_DAY_END);
}

/** A deadline on the wall clock, not the working calendar (consult take-over, call lengths). */
export function clockDeadline(t: Date, minutes: number): Date {
  assertInstant(t);
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`minutes must be a finite number >= 0: ${minutes}`);
  }
  return new Date(t.getTime() + minutes * 60_000);
}

/**
 * R4 quickConsult: a doctor takes the consult within 3 minutes from 7:00 to 24:00 Shanghai time
 * and within 10 minutes from 0:00 to 7:00, when fewer doctors are on call. The band is chosen by
 * the moment of the request, so the SLA does not change under a waiting member.
 */
export function consultTakeoverMinutes(t: Date): 3 | 10 {
  return shanghaiHour(t) < 7 ? 10 : 3;
}
