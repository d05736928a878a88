/**
 * R4 working days and SLA clocks. Every instant here is written in UTC ('...Z') with its
 * Shanghai wall time beside it, and the suite is run under several TZ settings, because the
 * module must not care what zone the process is in.
 */
import * as chineseDays from 'chinese-days';
import fc from 'fast-check';
import {
  type CalendarOverrides,
  addWorkingDays,
  clockDeadline,
  consultTakeoverMinutes,
  isWorkingDay,
  officialCalendarYears,
  workingDayWindow,
  workingDaysDeadline,
} from '../../server/domain/calendar';
import { atShanghai, isDay as isCalendarDay, shanghaiDay } from '../../server/domain/time';

const at = (iso: string): Date => new Date(iso);

describe('R4 working days: the official mainland calendar (chinese-days data)', () => {
  it('counts ordinary weekdays and not weekends', () => {
    expect(isWorkingDay('2026-06-05')).toBe(true); // Friday
    expect(isWorkingDay('2026-06-06')).toBe(false); // Saturday
    expect(isWorkingDay('2026-06-07')).toBe(false); // Sunday
    expect(isWorkingDay('2026-06-08')).toBe(true); // Monday
  });

  it('counts the 2026 调休 make-up weekend days as working days', () => {
    // From chinese-days 1.5.7's 2026 "workdays" table: the weekend days worked in exchange.
    const makeUpDays = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];
    for (const day of makeUpDays) expect(isWorkingDay(day)).toBe(true);
    expect(makeUpDays.map((d) => new Date(`${d}T00:00:00Z`).getUTCDay())).toEqual([0, 6, 6, 6, 0, 6]);
  });

  it('does not count official holidays, even on weekdays (Spring Festival, National Day 2026)', () => {
    for (const day of ['2026-02-16', '2026-02-20', '2026-02-23', '2026-10-01', '2026-10-07']) {
      expect(isWorkingDay(day)).toBe(false);
    }
  });

  it('a Saturday make-up day is a working day for a deadline: Friday 2026-02-13, N=1', () => {
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-14'); // Saturday, 调休 for Spring Festival
    expect(addWorkingDays('2026-02-13', 2)).toBe('2026-02-24'); // after 02-15..02-23 off
    expect(addWorkingDays('2026-10-09', 1)).toBe('2026-10-10'); // Saturday, 调休 for National Day
  });

  it('never counts the starting day, even when it is a working day', () => {
    expect(addWorkingDays('2026-06-01', 1)).toBe('2026-06-02');
    expect(addWorkingDays('2026-06-06', 1)).toBe('2026-06-08'); // from a Saturday
  });

  it('the official data runs 2004-2026', () => {
    expect(officialCalendarYears).toEqual({ first: 2004, last: 2026 });
  });

  it('beyond the official data (2027+), with no override, falls back to Monday-Friday', () => {
    // 2027-10-01 will surely be National Day, but until ops add it the calendar cannot know.
    expect(isWorkingDay('2027-10-01')).toBe(true); // Friday
    expect(isWorkingDay('2027-10-02')).toBe(false); // Saturday
    expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-01'); // Friday, holiday not yet known
    expect(addWorkingDays('2027-01-01', 1)).toBe('2027-01-04'); // over the weekend
  });

  // The suite must pass under any TZ; the library's own functions are only trustworthy where
  // local midnight is not before UTC midnight (see the note in server/domain/calendar.ts).
  const libraryTrustedHere = [0, 6].every((m) => new Date(2026, m, 1).getTimezoneOffset() <= 0);
  (libraryTrustedHere ? it : it.skip)(
    'agrees with chinese-days isWorkday() on every day 2004-2027 (run under UTC or east of it)',
    () => {
      const disagreements: string[] = [];
      for (let ms = Date.UTC(2004, 0, 1); ms <= Date.UTC(2027, 11, 31); ms += 86_400_000) {
        const day = new Date(ms).toISOString().slice(0, 10);
        if (isWorkingDay(day) !== chineseDays.isWorkday(day)) disagreements.push(day);
      }
      expect(disagreements).toEqual([]);
      expect(chineseDays.getDayDetail('2026-10-01').name).toContain('国庆节');
      expect(chineseDays.getDayDetail('2026-10-10')).toMatchObject({ work: true });
    },
  );
});

describe('R4 working days: ops overrides win over the library', () => {
  it('a 2027 holiday override (New Year 2027-01-01) pushes a deadline past it', () => {
    const overrides: CalendarOverrides = { '2027-01-01': 'holiday' };
    expect(isWorkingDay('2027-01-01', overrides)).toBe(false);
    expect(addWorkingDays('2026-12-31', 1, overrides)).toBe('2027-01-04');
    expect(workingDaysDeadline(at('2026-12-31T02:00:00Z'), 1, overrides)).toEqual(at('2027-01-04T13:00:00Z'));
  });

  it('a make-up workday override turns a weekend day into a working day', () => {
    const overrides: CalendarOverrides = { '2027-02-20': 'workday' }; // a Saturday
    expect(isWorkingDay('2027-02-20')).toBe(false);
    expect(isWorkingDay('2027-02-20', overrides)).toBe(true);
    expect(addWorkingDays('2027-02-19', 1, overrides)).toBe('2027-02-20');
  });

  it('an override also beats the official data inside 2026, both ways', () => {
    expect(isWorkingDay('2026-10-10', { '2026-10-10': 'holiday' })).toBe(false); // official 调休
    expect(isWorkingDay('2026-10-08', { '2026-10-08': 'holiday' })).toBe(false); // official weekday
    expect(isWorkingDay('2026-10-05', { '2026-10-05': 'workday' })).toBe(true); // official holiday
    expect(addWorkingDays('2026-10-09', 1, { '2026-10-10': 'holiday' })).toBe('2026-10-12');
  });
});

describe('R4 "within N working days of t" = 21:00 Shanghai on the N-th working day after t\'s day', () => {
  it('a Friday request with N=1 is due the next Monday at 21:00', () => {
    // Friday 2026-06-05 10:00 Shanghai -> Monday 2026-06-08 21:00 Shanghai (13:00Z).
    expect(workingDaysDeadline(at('2026-06-05T02:00:00Z'), 1)).toEqual(at('2026-06-08T13:00:00Z'));
  });

  it('National Day: a request on 2026-09-30 with N=1 is due 2026-10-08 21:00 +08:00', () => {
    const due = workingDaysDeadline(at('2026-09-30T01:00:00Z'), 1); // 09:00 Shanghai, Wednesday
    expect(due).toEqual(at('2026-10-08T21:00:00+08:00'));
    expect(due.toISOString()).toBe('2026-10-08T13:00:00.000Z');
  });

  it('uses the Shanghai day, not the UTC day, of a late-evening request', () => {
    // 2026-06-01T15:30Z is Monday 23:30 in Shanghai: still Monday, so due Tuesday 21:00.
    expect(shanghaiDay(at('2026-06-01T15:30:00Z'))).toBe('2026-06-01');
    expect(workingDaysDeadline(at('2026-06-01T15:30:00Z'), 1)).toEqual(at('2026-06-02T13:00:00Z'));
    // 2026-06-01T16:30Z is still June 1st in UTC but already Tuesday 00:30 in Shanghai.
    expect(shanghaiDay(at('2026-06-01T16:30:00Z'))).toBe('2026-06-02');
    expect(workingDaysDeadline(at('2026-06-01T16:30:00Z'), 1)).toEqual(at('2026-06-03T13:00:00Z'));
  });

  it('the Shanghai day turns at 16:00Z exactly', () => {
    expect(shanghaiDay(at('2026-06-01T15:59:59.999Z'))).toBe('2026-06-01');
    expect(shanghaiDay(at('2026-06-01T16:00:00.000Z'))).toBe('2026-06-02');
  });

  it('3 working days (report reading) skip the Dragon Boat weekend', () => {
    // Thursday 2026-06-18; 06-19..06-21 off -> 06-22, 06-23, 06-24.
    expect(workingDaysDeadline(at('2026-06-18T03:00:00Z'), 3)).toEqual(at('2026-06-24T13:00:00Z'));
  });

  it("always lands at 21:00 Shanghai on a working day, exactly N working days after t's day", () => {
    const from = Date.UTC(2025, 11, 1);
    const to = Date.UTC(2027, 11, 31);
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), fc.integer({ min: 1, max: 10 }), (ms, n) => {
        const t = new Date(ms);
        const due = workingDaysDeadline(t, n);
        const dueDay = shanghaiDay(due);
        expect(due).toEqual(atShanghai(dueDay, '21:00'));
        expect(isWorkingDay(dueDay)).toBe(true);
        const counted: string[] = [];
        for (let d = addDays(shanghaiDay(t), 1); d <= dueDay; d = addDays(d, 1)) {
          if (isWorkingDay(d)) counted.push(d);
        }
        expect(counted.length).toBe(n);
      }),
      { numRuns: 200 },
    );
  });
});

describe('R4.2 outpatient green channel: wanted date from the 3rd to the 5th working day', () => {
  it('an ordinary week: requested Monday 2026-06-01', () => {
    expect(workingDayWindow('2026-06-01', 3, 5)).toEqual(['2026-06-04', '2026-06-05', '2026-06-08']);
  });

  it('across National Day, with the Saturday make-up day in the window', () => {
    // 09-30 (1st), 10-01..10-07 off, 10-08 (2nd), 10-09 (3rd), 10-10 Sat 调休 (4th), 10-12 (5th).
    expect(workingDayWindow('2026-09-29', 3, 5)).toEqual(['2026-10-09', '2026-10-10', '2026-10-12']);
  });

  it('lists only working days, and honours overrides', () => {
    expect(workingDayWindow('2027-09-28', 3, 5, { '2027-10-01': 'holiday' })).toEqual([
      '2027-10-04',
      '2027-10-05',
      '2027-10-06',
    ]);
  });

  it('agrees with addWorkingDays at both ends', () => {
    const window = workingDayWindow('2026-02-12', 3, 5);
    expect(window[0]).toBe(addWorkingDays('2026-02-12', 3));
    expect(window[2]).toBe(addWorkingDays('2026-02-12', 5));
  });
});

describe('R4 quickConsult take-over: 3 min from 7:00 to 24:00 Shanghai, 10 min from 0:00 to 7:00', () => {
  it.each([
    ['06:59 Shanghai', '2026-06-01T22:59:00Z', 10],
    ['06:59:59.999 Shanghai', '2026-06-01T22:59:59.999Z', 10],
    ['07:00 Shanghai', '2026-06-01T23:00:00Z', 3],
    ['23:59 Shanghai', '2026-06-02T15:59:00Z', 3],
    ['00:00 Shanghai', '2026-06-02T16:00:00Z', 10],
    // 2026-03-08 02:30 in Shanghai falls in New York's DST gap (run under TZ=America/New_York).
    ['02:30 Shanghai on a US DST-change day', '2026-03-07T18:30:00Z', 10],
  ] as const)('%s (%s) -> %i minutes', (_label, iso, minutes) => {
    expect(consultTakeoverMinutes(at(iso))).toBe(minutes);
  });

  it('the take-over deadline is that many minutes of wall-clock time', () => {
    const t = at('2026-06-01T23:00:00Z'); // 07:00 Shanghai
    expect(clockDeadline(t, consultTakeoverMinutes(t))).toEqual(at('2026-06-01T23:03:00Z'));
    const night = at('2026-06-01T18:00:00Z'); // 02:00 Shanghai
    expect(clockDeadline(night, consultTakeoverMinutes(night))).toEqual(at('2026-06-01T18:10:00Z'));
  });
});

describe('R4 Shanghai wall clock and argument checks', () => {
  it('atShanghai gives the instant of a Shanghai wall time', () => {
    expect(atShanghai('2026-10-08', '21:00').toISOString()).toBe('2026-10-08T13:00:00.000Z');
    expect(atShanghai('2026-06-02', '00:00').toISOString()).toBe('2026-06-01T16:00:00.000Z');
    expect(atShanghai('2026-03-08', '02:30').toISOString()).toBe('2026-03-07T18:30:00.000Z');
  });

  it('rejects what is not a calendar day, a time, a count or an instant', () => {
    expect(isCalendarDay('2026-02-28')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2026-2-1')).toBe(false);
    expect(() => isWorkingDay('2026-13-01')).toThrow(RangeError);
    expect(() => addWorkingDays('2026-06-01', 0)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-06-01', 1.5)).toThrow(RangeError);
    expect(() => workingDayWindow('2026-06-01', 5, 3)).toThrow(RangeError);
    expect(() => atShanghai('2026-06-01', '24:00')).toThrow(RangeError);
    expect(() => atShanghai('2026-06-01', '9:00')).toThrow(RangeError);
    expect(() => shanghaiDay(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => clockDeadline(at('2026-06-01T00:00:00Z'), -1)).toThrow(RangeError);
  });
});

/** Plain calendar arithmetic for the property test, independent of the module under test. */
function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
