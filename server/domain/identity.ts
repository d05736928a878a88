/**
 * Real-name data (domain rules R2.3, R2.6, R4.4): validation of name, mainland ID number and
 * mobile number, and the masks under which they are shown. Pure and total: the validators
 * answer false and the masks answer a masked string for any input, never throw.
 */
import type { Day } from '../../typings/contract';
import { isDay } from './time';

/** GB 11643-1999: weights of the first 17 characters, and the check character by sum mod 11. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';
/** No one alive was born earlier; it also keeps the 15-to-18 digit conversions' typos out. */
const EARLIEST_BIRTH_YEAR = 1900;

/**
 * The form the ID number is stored and compared in: full-width characters (typed with a Chinese
 * input method) made ASCII, spaces removed, x made X. One person must match one stored number
 * (R2.6: one person on at most one active card), whatever way they typed it.
 */
export function normalizeIdNumber(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** The check character for the first 17 digits, or null when they are not 17 digits. */
export function idCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK_CHARS[sum % 11] ?? null;
}

function birthDayOfNormalized(id: string): Day | null {
  const day = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isDay(day) || Number(day.slice(0, 4)) < EARLIEST_BIRTH_YEAR) return null;
  return day;
}

/**
 * R2.3: an 18-character mainland ID number (resident ID, and the residence permits that share its
 * format) with a valid GB 11643 check character and a real birth date in positions 7-14. With
 * `today`, a birth date after it is refused too.
 */
export function isValidIdNumber(s: string, today?: Day): boolean {
  const id = normalizeIdNumber(s);
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return false;
  const birth = birthDayOfNormalized(id);
  if (birth === null) return false;
  if (today !== undefined && birth > today) return false;
  return idCheckChar(id.slice(0, 17)) === id[17];
}

/** The birth day written in a valid ID number, else null. */
export function birthDateOf(idNumber: string): Day | null {
  if (!isValidIdNumber(idNumber)) return null;
  return birthDayOfNormalized(normalizeIdNumber(idNumber));
}

/**
 * Full years of age on `day` (R4.4: escort for people over 70 or under 14 needs a relative). One
 * born on 29 February turns a year older on 1 March in common years. null for an invalid ID
 * number or day, or a day before the birth.
 */
export function ageOn(idNumber: string, day: Day): number | null {
  const birth = birthDateOf(idNumber);
  if (birth === null || !isDay(day) || day < birth) return null;
  const years = Number(day.slice(0, 4)) - Number(birth.slice(0, 4));
  return day.slice(5) < birth.slice(5) ? years - 1 : years;
}

/** R2.3: 11 digits starting with 1 (surrounding spaces ignored). */
export function isValidPhone(s: string): boolean {
  return /^1\d{10}$/.test(s.trim());
}

/**
 * The form a name is stored in: NFKC (full-width letters and spaces made plain), trimmed, inner
 * runs of spaces made one, and the look-alike dots of ethnic-minority names (• ・ ‧ ∙) made the
 * middle dot ·, as printed on the ID card.
 */
export function normalizeName(s: string): string {
  return s
    .normalize('NFKC')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\s*[•・‧∙·]\s*/g, '·');
}

const NAME_RE = /^\p{L}[\p{L}\p{M}]*(?:[· ]\p{L}[\p{L}\p{M}]*)*$/u;

/**
 * R2.3: a real name of 2 to 20 characters (Unicode code points, after normalizing): Chinese
 * characters or letters, words joined by the middle dot · or a single space.
 */
export function isValidName(s: string): boolean {
  const name = normalizeName(s);
  const length = [...name].length;
  return length >= 2 && length <= 20 && NAME_RE.test(name);
}

function maskWord(chars: readonly string[]): string {
  const [first, ...rest] = chars;
  if (first === undefined || rest.length === 0) return chars.join('');
  if (rest.length === 1) return `${first}*`;
  return `${first}${'*'.repeat(rest.length - 1)}${rest[rest.length - 1] ?? ''}`;
}

/**
 * A name as other people on the card see it: the first and last character kept, the rest starred
 * (张三丰 → 张*丰, 欧阳娜娜 → 欧**娜); a two-character name keeps only the first (张三 → 张*).
 * Names of several words (阿依古丽·买买提, John Smith) are masked word by word, one-letter words
 * (initials) left as they are. A one-character input is all star.
 */
export function maskName(s: string): string {
  const name = normalizeName(s);
  const chars = [...name];
  if (chars.length <= 1) return '*'.repeat(chars.length);
  return name
    .split(/([· ])/)
    .map((part) => (part === '·' || part === ' ' ? part : maskWord([...part])))
    .join('');
}

function keepEnds(s: string, head: number, tail: number): string {
  const chars = [...s];
  if (chars.length <= head + tail) return '*'.repeat(chars.length);
  return `${chars.slice(0, head).join('')}${'*'.repeat(chars.length - head - tail)}${chars
    .slice(chars.length - tail)
    .join('')}`;
}

/** 13812345678 → 138****5678. */
export function maskPhone(s: string): string {
  return keepEnds(s.trim(), 3, 4);
}

/** 11010519491231002X → 110***********002X (first 3, last 4). */
export function maskIdNumber(s: string): string {
  return keepEnds(normalizeIdNumber(s), 3, 4);
}

/** 6200123412341234 → **** 1234: only the last 4 digits, enough to tell one's cards apart. */
export function maskCardNo(s: string): string {
  const digits = s.replace(/\s+/g, '');
  if (digits.length <= 4) return '****';
  return `**** ${digits.slice(-4)}`;
}
