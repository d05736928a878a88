/**
 * R5.2 / R4 / R5.4 when reminders are due, in Shanghai days and wall clocks whatever the process
 * zone (instants are written in UTC with the Shanghai time beside them; the suite also runs under
 * TZ=America/Los_Angeles), and the reminders an order change makes or ends.
 */
import {
  activationReminders,
  cardExpiringAt,
  consultEndingAt,
  dayBeforeAt,
  halfMonthOf,
  slaWarningAt,
  solarTermOn,
  solarTermsOf,
  waitingOverAt,
  weekOf,
} from '../../server/domain/reminders';
import { expiresAt } from '../../server/domain/card-life';
import { orderReminders } from '../../server/app/notify/schedule';
import type { OrderDoc } from '../../server/store/collections';

const at = (iso: string) => new Date(iso);

describe('R5.2 activation deadline: 7 days and 1 day before, 10:00', () => {
  // order 2026-01-05 → last day 2026-04-05 (R2.2)
  it('at 10:00 Shanghai on 03-29 and 04-04', () => {
    expect(activationReminders('2026-01-05', at('2026-01-05T00:00:00Z'))).toEqual([
      { daysBefore: 7, at: at('2026-03-29T02:00:00Z') },
      { daysBefore: 1, at: at('2026-04-04T02:00:00Z') },
    ]);
  });

  it('a card issued late skips the reminders whose time has passed', () => {
    expect(activationReminders('2026-01-05', at('2026-03-30T00:00:00Z')).map((r) => r.daysBefore)).toEqual([1]);
    expect(activationReminders('2026-01-05', at('2026-04-04T02:00:00Z'))).toEqual([]);
  });
});

describe('R5.2 waiting period over and card expiring', () => {
  it('waiting over at 09:00 on the day benefits open (activated 03-10 at any hour → 03-20 09:00)', () => {
    expect(waitingOverAt(at('2026-03-09T16:30:00Z'))).toEqual(at('2026-03-20T01:00:00Z')); // 03-10 00:30 Shanghai
    expect(waitingOverAt(at('2026-03-10T15:59:00Z'))).toEqual(at('2026-03-20T01:00:00Z')); // 03-10 23:59 Shanghai
  });

  it('card expiring 30 days before expiry, 10:00 (expires 2027-03-10 → 2027-02-08 10:00)', () => {
    expect(cardExpiringAt(expiresAt(at('2026-03-10T02:00:00Z')))).toEqual(at('2027-02-08T02:00:00Z'));
  });
});

describe('R4 visits, SLAs and consults', () => {
  it('a visit is reminded the day before at its hour; booked after that hour, at once; on the day, not at all', () => {
    expect(dayBeforeAt('2026-12-01', '09:00', at('2026-11-25T02:00:00Z'))).toEqual(at('2026-11-30T01:00:00Z'));
    const evening = at('2026-11-30T12:00:00Z'); // 20:00 Shanghai the day before
    expect(dayBeforeAt('2026-12-01', '09:00', evening)).toEqual(evening);
    expect(dayBeforeAt('2026-12-01', '09:00', at('2026-11-30T16:00:00Z'))).toBeNull(); // 12-01 00:00
  });

  it('SLA warning an hour before the deadline; half the time left when less than two hours remain', () => {
    const due = at('2026-11-26T13:00:00Z'); // 21:00 Shanghai
    expect(slaWarningAt(due, at('2026-11-25T02:00:00Z'))).toEqual(at('2026-11-26T12:00:00Z'));
    expect(slaWarningAt(due, at('2026-11-26T12:00:00Z'))).toEqual(at('2026-11-26T12:30:00Z'));
    // a 3-minute take-over is warned after 90 seconds
    expect(slaWarningAt(at('2026-11-25T02:03:00Z'), at('2026-11-25T02:00:00Z'))).toEqual(at('2026-11-25T02:01:30Z'));
    expect(slaWarningAt(due, due)).toBeNull();
  });

  it('consult: 3 minutes before the end; none when less is left', () => {
    expect(consultEndingAt(at('2026-11-25T02:10:00Z'), at('2026-11-25T02:00:00Z'))).toEqual(at('2026-11-25T02:07:00Z'));
    expect(consultEndingAt(at('2026-11-25T02:10:00Z'), at('2026-11-25T02:08:00Z'))).toBeNull();
  });
});

describe('R5.4 periods and solar terms', () => {
  it('the week runs Monday to Sunday; the half-month splits on the 15th', () => {
    expect(weekOf('2026-11-23')).toBe('2026-11-23'); // Monday
    expect(weekOf('2026-11-29')).toBe('2026-11-23'); // Sunday
    expect(weekOf('2026-11-30')).toBe('2026-11-30');
    expect(weekOf('2027-01-01')).toBe('2026-12-28');
    expect([
      halfMonthOf('2026-12-01'),
      halfMonthOf('2026-12-14'),
      halfMonthOf('2026-12-15'),
      halfMonthOf('2026-12-31'),
    ]).toEqual(['2026-12a', '2026-12a', '2026-12b', '2026-12b']);
  });

  it('solar terms of 2026 begin on their days', () => {
    const days = Object.fromEntries(solarTermsOf(2026).map((t) => [t.term, t.day]));
    expect(days).toMatchObject({
      小寒: '2026-01-05',
      立春: '2026-02-04',
      雨水: '2026-02-18',
      清明: '2026-04-05',
      夏至: '2026-06-21',
      立秋: '2026-08-07',
      小雪: '2026-11-22',
      大雪: '2026-12-07',
      冬至: '2026-12-22',
    });
    expect(solarTermsOf(2021).find((t) => t.term === '冬至')?.day).toBe('2021-12-21');
  });

  it('the term in effect is the last one begun (January before 小寒 is still 冬至)', () => {
    expect(solarTermOn('2026-11-25')).toBe('小雪');
    expect(solarTermOn('2026-12-07')).toBe('大雪');
    expect(solarTermOn('2027-01-02')).toBe('冬至');
  });
});

describe('reminders an order change writes (server/app/notify/schedule.ts)', () => {
  const base: OrderDoc = {
    _id: 'ord_1',
    cardId: 'card_1',
    benefit: 'outpatientGreen',
    personId: 'mem_1',
    personOpenid: 'o1',
    placedByOpenid: 'o1',
    placedBy: 'member',
    status: 'submitted',
    quota: 'held',
    awaiting: 'accept',
    awaitingRole: 'agent',
    dueAt: '2026-11-26T21:00:00+08:00',
    stepAt: '2026-11-25T10:00:00+08:00',
    timeline: [],
    form: {},
    open: true,
    rev: 0,
    createdAt: '2026-11-25T10:00:00+08:00',
    updatedAt: '2026-11-25T10:00:00+08:00',
  };
  const now = at('2026-11-25T02:00:00Z');

  it('a new order: the SLA warning of its first step', () => {
    const r = orderReminders(null, base, now);
    expect(r.cancel).toEqual([]);
    expect(r.put).toEqual([
      {
        kind: 'slaWarning',
        dueAt: at('2026-11-26T12:00:00Z'),
        cardId: 'card_1',
        orderId: 'ord_1',
        ref: 'accept@2026-11-26T21:00:00+08:00',
        variant: '',
      },
    ]);
  });

  it('booking: the next SLA warning and the day-before visit reminder (10:00)', () => {
    const booked: OrderDoc = {
      ...base,
      status: 'booked',
      awaiting: 'complete',
      dueAt: '2026-12-01T21:00:00+08:00',
      booking: { visitDate: '2026-12-01', period: '上午', hospital: 'H', address: 'A' },
    };
    const r = orderReminders({ ...base, status: 'accepted', awaiting: 'book' }, booked, now);
    expect(r.put.map((p) => [p.kind, p.dueAt.toISOString(), p.ref])).toEqual([
      ['slaWarning', '2026-12-01T12:00:00.000Z', 'complete@2026-12-01T21:00:00+08:00'],
      ['visitReminder', '2026-11-30T02:00:00.000Z', '2026-12-01'],
    ]);
  });

  it('a provider stop ends the visit reminder; a final state ends the SLA warning', () => {
    const booked: OrderDoc = {
      ...base,
      status: 'booked',
      awaiting: 'complete',
      booking: { visitDate: '2026-12-01', period: '上午', hospital: 'H', address: 'A' },
    };
    const stopped: OrderDoc = { ...base, status: 'accepted', awaiting: 'book', dueAt: '2026-11-27T21:00:00+08:00' };
    expect(orderReminders(booked, stopped, now).cancel).toEqual([{ kind: 'visitReminder', subject: 'ord_1' }]);
    const cancelled: OrderDoc = {
      ...base,
      status: 'cancelled',
      awaiting: null,
      awaitingRole: null,
      dueAt: null,
      open: false,
    };
    expect(orderReminders(base, cancelled, now)).toEqual({
      put: [],
      cancel: [{ kind: 'slaWarning', subject: 'ord_1' }],
    });
  });

  it('a consult taken: 3 minutes before its session ends, and no SLA warning on the session itself', () => {
    const consult: OrderDoc = {
      ...base,
      benefit: 'quickConsult',
      awaitingRole: 'doctor',
      dueAt: '2026-11-25T10:03:00+08:00',
    };
    const taken: OrderDoc = {
      ...consult,
      status: 'in_service',
      quota: 'used',
      awaiting: 'complete',
      dueAt: '2026-11-25T10:11:00+08:00',
    };
    const r = orderReminders(consult, taken, at('2026-11-25T02:01:00Z'));
    expect(r.put.map((p) => [p.kind, p.dueAt.toISOString()])).toEqual([['consultEnding', '2026-11-25T02:08:00.000Z']]);
    expect(r.cancel).toEqual([{ kind: 'slaWarning', subject: 'ord_1' }]);
  });
});
