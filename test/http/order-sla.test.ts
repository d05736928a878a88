/**
 * R4 deadlines (`dueAt`, the deadline of the step now awaited) through the real local cloud, on a
 * server in UTC as deployed. "Within N working days of t" is by 21:00 Shanghai time on the N-th
 * working day after t's day, on mainland China's calendar with its 调休 make-up days (2026:
 * National Day 10-01..10-07 off, Sunday 09-20 and Saturday 10-10 worked).
 *
 * Seed 'demo' for its directory (expertConsult needs an expert, escort a hospital).
 */
import type { Order, OrderBenefit, OrderForms } from '../../typings/contract';
import { DEMO_HOSPITAL, FORMS, STAFF, useKit, type TestCard } from './order-kit';

const { kit, clock } = useKit('demo', '2026-09-01T10:00:00+08:00');

/** Valid through 2027-07-31: every instant below is inside. */
const ACTIVATED = '2026-08-01T10:00:00+08:00';

let shared: TestCard | null = null;
/** One premium card per 6 counted orders of a benefit (pools of 8 / 4 / 12 / 48). */
let uses = 0;
async function card(): Promise<TestCard> {
  if (!shared || ++uses > 3) {
    shared = await kit.newCard('premium', ACTIVATED);
    uses = 1;
  }
  return shared;
}

/** `form`: or made with the holder's upload folder (forms with files). */
async function placed<B extends OrderBenefit>(
  at: string,
  benefit: B,
  form: OrderForms[B] | ((dir: string) => OrderForms[B]),
): Promise<Order> {
  const c = await card();
  await clock.set(at);
  // familyDoctor: the first question needs a signed doctor
  if (benefit === 'familyDoctor') await kit.signFamilyDoctor(c.holder.openid, c);
  const filled = typeof form === 'function' ? form(await kit.uploadDir(c.holder.openid)) : form;
  return kit.order(c.holder.openid, c, benefit, filled);
}

describe('R4 outpatientGreen: the agent confirms within 1 working day', () => {
  it.each([
    ['a Friday → Monday', '2026-11-20T10:00:00+08:00', '2026-11-25', '2026-11-23T21:00:00+08:00'],
    ['a Friday late evening → Monday', '2026-11-20T23:59:59+08:00', '2026-11-25', '2026-11-23T21:00:00+08:00'],
    [
      'a Monday early morning → Tuesday (the request day never counts)',
      '2026-11-23T00:00:00+08:00',
      '2026-11-26',
      '2026-11-24T21:00:00+08:00',
    ],
    [
      'the eve of National Day → the first day after it',
      '2026-09-30T10:00:00+08:00',
      '2026-10-10',
      '2026-10-08T21:00:00+08:00',
    ],
    [
      'a National Day holiday → the first day after it',
      '2026-10-03T10:00:00+08:00',
      '2026-10-12',
      '2026-10-08T21:00:00+08:00',
    ],
    // 10-10 is a make-up working Saturday: it works, but the request day never counts; 10-11 is an
    // ordinary Sunday, so the next working day is Monday 10-12
    [
      'the make-up working Saturday 10-10 → Monday 10-12',
      '2026-10-10T10:00:00+08:00',
      '2026-10-14',
      '2026-10-12T21:00:00+08:00',
    ],
    [
      'the Friday before the make-up Saturday → that Saturday',
      '2026-10-09T10:00:00+08:00',
      '2026-10-13',
      '2026-10-10T21:00:00+08:00',
    ],
    [
      'a Saturday before the make-up Sunday 09-20 → that Sunday',
      '2026-09-19T10:00:00+08:00',
      '2026-09-22',
      '2026-09-20T21:00:00+08:00',
    ],
  ])('created on %s', async (_what, at, wanted, due) => {
    const o = await placed(at, 'outpatientGreen', FORMS.outpatientGreen(wanted));
    expect(o).toMatchObject({ awaiting: 'accept', dueAt: due, createdAt: at });
    // the agent's queue shows the same deadline
    const q = (await kit.queue(STAFF.agent)).find((x) => x.orderId === o.orderId);
    expect(q).toMatchObject({ dueAt: due, overdue: false });
  });

  it('after accept the booking is due 1 working day after the accept’s day; after the visit, the follow-up 1 working day after the visit date', async () => {
    // created Thursday, confirmed Friday → book by Monday; visit Friday 11-27 → follow-up by Monday 11-30
    const o = await placed('2026-11-19T10:00:00+08:00', 'outpatientGreen', FORMS.outpatientGreen('2026-11-24'));
    expect(o.dueAt).toBe('2026-11-20T21:00:00+08:00');
    await clock.set('2026-11-20T15:00:00+08:00');
    const accepted = await kit.step(STAFF.agent, { orderId: o.orderId, step: 'accept' });
    expect(accepted).toMatchObject({ awaiting: 'book', dueAt: '2026-11-23T21:00:00+08:00' });
    await clock.set('2026-11-23T11:00:00+08:00');
    const booked = await kit.step(STAFF.agent, {
      orderId: o.orderId,
      step: 'book',
      visitDate: '2026-11-27',
      period: '上午',
      hospital: DEMO_HOSPITAL.name,
      address: DEMO_HOSPITAL.address,
    });
    // the visit is recorded done by the close of staff hours on the visit day
    expect(booked).toMatchObject({ awaiting: 'complete', dueAt: '2026-11-27T21:00:00+08:00' });
    await clock.set('2026-11-27T17:00:00+08:00');
    const visited = await kit.step(STAFF.agent, { orderId: o.orderId, step: 'complete' });
    expect(visited).toMatchObject({ awaiting: 'followUp', dueAt: '2026-11-30T21:00:00+08:00' });
    await clock.set('2026-11-30T10:00:00+08:00');
    expect(await kit.step(STAFF.agent, { orderId: o.orderId, step: 'followUp', stars: 5 })).toMatchObject({
      awaiting: null,
      dueAt: null,
    });
  });

  it('a provider stop restarts the booking deadline from the stop; the follow-up counts from the new visit', async () => {
    const o = await placed('2026-09-28T10:00:00+08:00', 'outpatientGreen', FORMS.outpatientGreen('2026-10-08'));
    await clock.set('2026-09-28T11:00:00+08:00');
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'accept' });
    await clock.set('2026-09-28T12:00:00+08:00');
    const booking = { period: '下午', hospital: DEMO_HOSPITAL.name, address: DEMO_HOSPITAL.address };
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'book', visitDate: '2026-10-08', ...booking });
    await clock.set('2026-09-30T16:00:00+08:00');
    const stopped = await kit.step(STAFF.agent, { orderId: o.orderId, step: 'providerStop', reason: '专家停诊' });
    expect(stopped).toMatchObject({ awaiting: 'book', dueAt: '2026-10-08T21:00:00+08:00' });
    await clock.set('2026-10-08T09:00:00+08:00');
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'book', visitDate: '2026-10-09', ...booking });
    await clock.set('2026-10-09T18:00:00+08:00');
    // the day after the visit (10-09, Friday) is the make-up Saturday 10-10
    expect(await kit.step(STAFF.agent, { orderId: o.orderId, step: 'complete' })).toMatchObject({
      awaiting: 'followUp',
      dueAt: '2026-10-10T21:00:00+08:00',
    });
  });
});

describe('R4 inpatientGreen: confirmed within 1 working day, arranged within 7 working days', () => {
  it('arrangement due on the 7th working day after the confirmation, across National Day', async () => {
    const o = await placed('2026-09-25T10:00:00+08:00', 'inpatientGreen', (dir) =>
      FORMS.inpatientGreen(dir, '2026-10-15'),
    );
    // Friday 09-25 → Monday 09-28
    expect(o).toMatchObject({ awaiting: 'accept', dueAt: '2026-09-28T21:00:00+08:00' });
    await clock.set('2026-09-28T09:30:00+08:00');
    // 09-29, 09-30, 10-08, 10-09, 10-10 (make-up), 10-12, 10-13
    expect(await kit.step(STAFF.agent, { orderId: o.orderId, step: 'accept' })).toMatchObject({
      awaiting: 'book',
      dueAt: '2026-10-13T21:00:00+08:00',
    });
  });
});

describe('R4 escort: the escort manager phones within 1 working day', () => {
  it('accept due the next working day; booking due 1 working day after the call', async () => {
    const o = await placed('2026-11-20T10:00:00+08:00', 'escort', FORMS.escort('2026-11-26T09:00:00+08:00'));
    expect(o).toMatchObject({ awaiting: 'accept', dueAt: '2026-11-23T21:00:00+08:00' });
    await clock.set('2026-11-23T10:00:00+08:00');
    expect(await kit.step(STAFF.escortManager, { orderId: o.orderId, step: 'accept' })).toMatchObject({
      awaiting: 'book',
      dueAt: '2026-11-24T21:00:00+08:00',
    });
  });
});

describe('R4 consults: taken within minutes, on the wall clock', () => {
  it.each([
    ['10:00 → 3 minutes', '2026-11-21T10:00:00+08:00', '2026-11-21T10:03:00+08:00'],
    ['02:00 → 10 minutes', '2026-11-21T02:00:00+08:00', '2026-11-21T02:10:00+08:00'],
    ['06:59:30 → 10 minutes (the band of the request)', '2026-11-21T06:59:30+08:00', '2026-11-21T07:09:30+08:00'],
    ['07:00 → 3 minutes', '2026-11-21T07:00:00+08:00', '2026-11-21T07:03:00+08:00'],
    ['23:58 → 3 minutes, past midnight', '2026-11-21T23:58:00+08:00', '2026-11-22T00:01:00+08:00'],
    ['00:00 → 10 minutes', '2026-11-22T00:00:00+08:00', '2026-11-22T00:10:00+08:00'],
    ['a holiday is no different', '2026-10-01T10:00:00+08:00', '2026-10-01T10:03:00+08:00'],
  ])('quickConsult created at %s', async (_what, at, due) => {
    const o = await placed(at, 'quickConsult', FORMS.quickConsult());
    expect(o).toMatchObject({ awaiting: 'accept', dueAt: due });
  });

  it('expertConsult is taken within 60 minutes; familyDoctor within 60 minutes', async () => {
    expect(await placed('2026-11-21T10:00:00+08:00', 'expertConsult', FORMS.expertConsult())).toMatchObject({
      dueAt: '2026-11-21T11:00:00+08:00',
    });
    expect(await placed('2026-11-21T23:30:00+08:00', 'familyDoctor', FORMS.familyDoctor())).toMatchObject({
      dueAt: '2026-11-22T00:30:00+08:00',
    });
  });

  it.each([
    ['text', '2026-11-21T12:01:00+08:00'],
    ['phone', '2026-11-21T10:11:00+08:00'],
    ['video', '2026-11-21T10:16:00+08:00'],
  ] as const)('after the doctor takes a %s quickConsult, the session ends on time', async (mode, due) => {
    const o = await placed('2026-11-21T10:00:00+08:00', 'quickConsult', FORMS.quickConsult(mode));
    await clock.set('2026-11-21T10:01:00+08:00');
    expect(await kit.step(STAFF.doctor, { orderId: o.orderId, step: 'accept' })).toMatchObject({
      awaiting: 'complete',
      dueAt: due,
    });
  });
});

describe('R4 assessment, checkupPlan and reportReading', () => {
  it.each([
    ['Friday 10:00 → Saturday 21:00 (calendar days)', '2026-11-20T10:00:00+08:00', '2026-11-21T21:00:00+08:00'],
    ['23:30 → 21:00 the next day', '2026-11-21T23:30:00+08:00', '2026-11-22T21:00:00+08:00'],
    ['a holiday → the next day', '2026-10-01T09:00:00+08:00', '2026-10-02T21:00:00+08:00'],
  ])('assessment: the manager contacts within 1 day: %s', async (_what, at, due) => {
    const o = await placed(at, 'assessment', FORMS.assessment());
    expect(o).toMatchObject({ awaiting: 'accept', dueAt: due });
  });

  it('assessment / checkupPlan: the doctor reports within 2 days of hand-over', async () => {
    for (const benefit of ['assessment', 'checkupPlan'] as const) {
      const o = await placed('2026-11-20T10:00:00+08:00', benefit, FORMS[benefit]());
      await clock.set('2026-11-21T10:00:00+08:00');
      expect(await kit.step(STAFF.manager, { orderId: o.orderId, step: 'accept' })).toMatchObject({
        awaiting: 'complete',
        dueAt: '2026-11-23T21:00:00+08:00',
      });
    }
  });

  it('reportReading: guidance within 3 working days of the upload (first contact by the next working day)', async () => {
    const o = await placed('2026-11-20T10:00:00+08:00', 'reportReading', FORMS.reportReading);
    expect(o).toMatchObject({ awaiting: 'accept', dueAt: '2026-11-23T21:00:00+08:00' });
    await clock.set('2026-11-23T10:00:00+08:00');
    // counted from the upload (Friday): Monday, Tuesday, Wednesday
    expect(await kit.step(STAFF.doctor, { orderId: o.orderId, step: 'accept' })).toMatchObject({
      awaiting: 'complete',
      dueAt: '2026-11-25T21:00:00+08:00',
    });
  });
});

describe('R4 the deadline ends with the order', () => {
  it('a cancelled or failed order has no dueAt and leaves the queue', async () => {
    const a = await placed('2026-11-20T10:00:00+08:00', 'quickConsult', FORMS.quickConsult());
    const c = await card();
    const cancelled = await kit.cancel(c.holder.openid, a.orderId);
    expect(cancelled.ok && cancelled.data.order).toMatchObject({ awaiting: null, dueAt: null });
    const b = await placed('2026-11-20T10:00:00+08:00', 'quickConsult', FORMS.quickConsult());
    const failed = await kit.step(STAFF.doctor, { orderId: b.orderId, step: 'fail', reason: '无医生接诊' });
    expect(failed).toMatchObject({ awaiting: null, dueAt: null });
    const q = await kit.queue(STAFF.doctor);
    expect(q.map((o) => o.orderId)).not.toContain(a.orderId);
    expect(q.map((o) => o.orderId)).not.toContain(b.orderId);
  });
});
