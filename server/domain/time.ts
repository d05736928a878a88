/**
 * Asia/Shanghai time for the domain rules. Every rule counts in Shanghai calendar days
 * (domain-rules.md: "Day means a calendar day in Asia/Shanghai, whatever the server's own time
 * zone"), while cloud functions run in UTC and developers anywhere, so nothing here may read the
 * process time zone.
 *
 * Instants are `Date`s; days are 'YYYY-MM-DD' strings meaning a Shanghai calendar day.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { Day, Instant } from '../../typings/contract';

dayjs.extend(utc);

export const SHANGHAI = 'Asia/Shanghai';

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar day written 'YYYY-MM-DD' ('2026-02-30' is not one). */
export function isDay(s: string): boolean {
  if (!DAY_RE.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  // Date.UTC rolls 02-30 over into March (and reads years 0-99 as 1900-1999, as dayjs did); the
  // round trip catches impossible dates.
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * 'YYYY-MM-DDTHH:mm:ss' of a UTC-mode instant (ms): what `dayjs.utc(ms).format(...)` writes, without
 * dayjs on the hot path (every stored instant goes through here). Years outside 0-9999, which
 * toISOString writes with six digits, still go to dayjs.
 */
function utcWallText(ms: number): string {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  if (y < 0 || y > 9999) return dayjs.utc(ms).format('YYYY-MM-DDTHH:mm:ss');
  return d.toISOString().slice(0, 19);
}

function assertDay(day: string): void {
  if (!isDay(day)) throw new RangeError(`not a YYYY-MM-DD calendar day: ${day}`);
}

function assertInstant(d: Date): void {
  if (Number.isNaN(d.getTime())) throw new RangeError('invalid Date');
}

const wallClockParts = new Intl.DateTimeFormat('en-US', {
  timeZone: SHANGHAI,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/**
 * Shanghai's UTC offset in minutes at an instant, read from the ICU zone data. We do not use
 * `dayjs(d).tz(SHANGHAI)` for reading wall clocks: it re-parses the Shanghai wall time in the
 * process zone, so it is an hour off whenever that wall time falls in a DST gap of the process
 * zone (seen under TZ=America/Los_Angeles for 2026-03-08 02:00-02:59 Shanghai time).
 */
function readOffsetMinutes(ms: number): number {
  const wholeSecond = ms - (((ms % 1000) + 1000) % 1000);
  const parts = wallClockParts.formatToParts(new Date(wholeSecond));
  const field = (type: Intl.DateTimeFormatPartTypes): number => {
    const part = parts.find((p) => p.type === type);
    if (part === undefined) throw new Error(`Intl gave no ${type}`);
    return Number(part.value);
  };
  const wallAsUtc = Date.UTC(
    field('year'),
    field('month') - 1,
    field('day'),
    field('hour'),
    field('minute'),
    field('second'),
  );
  return Math.round((wallAsUtc - wholeSecond) / 60_000);
}

const QUARTER_HOUR_MS = 15 * 60_000;
/** quarter hour (ms / 15 min) → Shanghai's offset throughout it */
const offsets = new Map<number, number>();

/**
 * `readOffsetMinutes`, remembered per quarter hour: Intl's formatToParts is the slowest step of
 * formatting an instant, and order.create formats dozens. A zone's offset changes on whole
 * minutes and months apart, so when both ends of a quarter hour agree, every instant in it does;
 * a quarter hour holding a change is read afresh each time.
 */
function shanghaiOffsetMinutes(ms: number): number {
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  const known = offsets.get(quarter);
  if (known !== undefined) return known;
  const start = quarter * QUARTER_HOUR_MS;
  const offset = readOffsetMinutes(start);
  if (readOffsetMinutes(start + QUARTER_HOUR_MS - 1000) !== offset) return readOffsetMinutes(ms);
  if (offsets.size >= 4096) offsets.clear();
  offsets.set(quarter, offset);
  return offset;
}

/** The Shanghai wall clock at `d` as a UTC-mode time (ms), and the offset. */
function shanghaiWallMs(d: Date): { ms: number; offset: number } {
  assertInstant(d);
  const offset = shanghaiOffsetMinutes(d.getTime());
  return { ms: d.getTime() + offset * 60_000, offset };
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}:${mm}`;
}

/** The Shanghai calendar day of an instant. */
export function shanghaiDay(d: Date): Day {
  return utcWallText(shanghaiWallMs(d).ms).slice(0, 10);
}

/**
 * ISO 8601 in Shanghai time, e.g. 2026-03-20T00:00:00+08:00, as the contract shows instants.
 * Milliseconds are dropped (the contract's instants are to the second), so the last millisecond
 * of a day renders as 23:59:59; keep `Date`s, not these strings, for comparisons.
 */
export function formatInstant(d: Date): Instant {
  const { ms, offset } = shanghaiWallMs(d);
  return `${utcWallText(ms)}${formatOffset(offset)}`;
}

const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 instant with an explicit offset ('Z' or ±hh:mm), else null. A wall time without
 * an offset is refused rather than guessed: read in the process zone it would differ between a
 * developer's machine and the cloud.
 */
export function parseInstant(s: string): Date | null {
  const m = INSTANT_RE.exec(s);
  if (m === null) return null;
  const [, y, mo, da, hh, mi, ss] = m;
  if (!isDay(`${y}-${mo}-${da}`)) return null;
  if (Number(hh) > 23 || Number(mi) > 59 || Number(ss ?? '0') > 59) return null;
  const offset = m[8];
  if (offset !== undefined && offset !== 'Z') {
    if (Number(offset.slice(1, 3)) > 18 || Number(offset.slice(4)) > 59) return null;
  }
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The instant when Shanghai wall clocks show `hhmm` ('HH:mm', 00:00-23:59) on `day`. */
export function atShanghai(day: Day, hhmm: string): Date {
  assertDay(day);
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(hhmm)) throw new RangeError(`not an HH:mm time: ${hhmm}`);
  const wallAsUtc = dayjs.utc(`${day}T${hhmm}:00`).valueOf();
  // Take the offset at the first guess, then re-read it there: exact for a zone without DST
  // (Shanghai since 1991).
  const guess = wallAsUtc - shanghaiOffsetMinutes(wallAsUtc) * 60_000;
  return new Date(wallAsUtc - shanghaiOffsetMinutes(guess) * 60_000);
}

/** 00:00 in Shanghai on `day`. */
export function startOfShanghaiDay(day: Day): Date {
  return atShanghai(day, '00:00');
}

/** The hour (0-23) Shanghai wall clocks show at an instant. */
export function shanghaiHour(d: Date): number {
  return new Date(shanghaiWallMs(d).ms).getUTCHours();
}

/** `day` moved by `n` calendar days (negative goes back). */
export function addDays(day: Day, n: number): Day {
  assertDay(day);
  if (!Number.isInteger(n)) throw new RangeError(`not a whole number of days: ${n}`);
  return dayjs.utc(day).add(n, 'day').format('YYYY-MM-DD');
}
