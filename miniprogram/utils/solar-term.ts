/**
 * The solar term (节气) a day falls in, for 健康知识's "当季" mark: the term whose day is the
 * latest one not after the given day (惊蛰 from 3月5日 until 春分).
 *
 * The 寿星 formula for 2001–2099 (day = ⌊Y·0.2422 + C⌋ − ⌊Y/4⌋, the January and February terms
 * counting leap years from the year before) with its known exceptions; checked day by day against
 * chinese-days' table in test/miniprogram/knowledge.test.ts. Outside those years it answers ''.
 */

/** [name, month, C] in calendar order from 小寒. */
const TERMS: readonly (readonly [string, number, number])[] = [
  ['小寒', 1, 5.4055],
  ['大寒', 1, 20.12],
  ['立春', 2, 3.87],
  ['雨水', 2, 18.73],
  ['惊蛰', 3, 5.63],
  ['春分', 3, 20.646],
  ['清明', 4, 4.81],
  ['谷雨', 4, 20.1],
  ['立夏', 5, 5.52],
  ['小满', 5, 21.04],
  ['芒种', 6, 5.678],
  ['夏至', 6, 21.37],
  ['小暑', 7, 7.108],
  ['大暑', 7, 22.83],
  ['立秋', 8, 7.5],
  ['处暑', 8, 23.13],
  ['白露', 9, 7.646],
  ['秋分', 9, 23.042],
  ['寒露', 10, 8.318],
  ['霜降', 10, 23.438],
  ['立冬', 11, 7.438],
  ['小雪', 11, 22.36],
  ['大雪', 12, 7.18],
  ['冬至', 12, 21.94],
];

/** Years where the formula is a day off: `${year}${term}` → correction. */
const EXCEPTIONS: Readonly<Record<string, number>> = {
  '2008小满': 1,
  '2016小暑': 1,
  '2002立秋': 1,
  '2089霜降': 1,
  '2089立冬': 1,
  '2021冬至': -1,
  '2019小寒': -1,
  '2082大寒': 1,
  '2026雨水': -1,
  '2084春分': 1,
};

/** The day of the month on which `index`'s term falls in `year` (2001–2099). */
function termDay(year: number, index: number): number {
  const [name, month, c] = TERMS[index] ?? ['', 1, 0];
  const y = year % 100;
  const leaps = Math.floor((month <= 2 ? y - 1 : y) / 4);
  return Math.floor(y * 0.2422 + c) - leaps + (EXCEPTIONS[`${year}${name}`] ?? 0);
}

/** The term of the Shanghai calendar day `day` (YYYY-MM-DD); '' outside 2001–2099. */
export function solarTermOf(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return '';
  const year = Number(match[1]);
  const month = Number(match[2]);
  const date = Number(match[3]);
  if (year < 2001 || year > 2099) return '';
  // the two terms of this month: on or after the second, the second; on or after the first, the
  // first; before it, the last term of the month before (冬至 of the year before for early January)
  const first = (month - 1) * 2;
  if (date >= termDay(year, first + 1)) return TERMS[first + 1]?.[0] ?? '';
  if (date >= termDay(year, first)) return TERMS[first]?.[0] ?? '';
  return TERMS[first === 0 ? 23 : first - 1]?.[0] ?? '';
}

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** The term of the day it is now in Shanghai, whatever the phone's time zone. */
export function currentSolarTerm(nowMs: number): string {
  return solarTermOf(new Date(nowMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10));
}
