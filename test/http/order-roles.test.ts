/**
 * Who may do what to an order, through the real local cloud: staff steps by role and state
 * (contract `staff`: PERMISSION_DENIED / INVALID_STATE), the staff queues (R4 deadlines, soonest
 * first, overdue), the butler ordering on a member's behalf (R1.5), and who may see an order.
 */
import type { BenefitKey, Order, QueuedOrder, StaffRole, StaffStep } from '../../typings/contract';
import {
  ACTIVATED,
  FORMS,
  STAFF,
  TODAY,
  WANTED,
  expectError,
  newCardToday,
  rid,
  stateOf,
  useKit,
  user,
  type TestCard,
} from './order-kit';

const { kit, clock } = useKit('none', TODAY, { reconcile: true });

const BOOKING = { visitDate: '2026-06-04', period: '下午', hospital: '北京协和医院', address: '北京市东城区帅府园1号' };

function premium(members = 0): Promise<TestCard> {
  return newCardToday(kit, clock, 'premium', members);
}

/** R4 table: the role that takes each awaited step (the catalog's workflows). */
const ROLE_OF: Record<
  Exclude<BenefitKey, 'butler' | 'healthRecord' | 'knowledge'>,
  Partial<Record<StaffStep, StaffRole>>
> = {
  outpatientGreen: { accept: 'agent', book: 'agent', complete: 'agent', followUp: 'agent' },
  inpatientGreen: { accept: 'agent', book: 'agent', complete: 'agent', followUp: 'agent' },
  escort: { accept: 'escortManager', book: 'escortManager', complete: 'escortManager', followUp: 'escortManager' },
  quickConsult: { accept: 'doctor', complete: 'doctor' },
  expertConsult: { accept: 'doctor', complete: 'doctor' },
  familyDoctor: { accept: 'doctor', complete: 'doctor' },
  assessment: { accept: 'manager', complete: 'doctor' },
  checkupPlan: { accept: 'manager', complete: 'doctor' },
  reportReading: { accept: 'doctor', complete: 'doctor' },
};

function roleAwaited(o: Order): StaffRole | undefined {
  const steps = ROLE_OF[o.benefit];
  return o.awaiting ? steps[o.awaiting] : undefined;
}

/** The whole queue: only the role's steps, soonest dueAt first, no deadline last. */
function expectWellFormed(queue: QueuedOrder[], roles: StaffRole[]): void {
  for (const o of queue) {
    expect(roles).toContain(roleAwaited(o));
    expect(['completed', 'cancelled', 'failed', 'no_show'].includes(o.status) && o.awaiting === null).toBe(false);
  }
  const dues = queue.map((o) => (o.dueAt === null ? Infinity : Date.parse(o.dueAt)));
  expect(dues).toEqual([...dues].sort((a, b) => a - b));
}

function ids(queue: QueuedOrder[], mine: Order[]): string[] {
  const wanted = new Set(mine.map((o) => o.orderId));
  return queue.filter((o) => wanted.has(o.orderId)).map((o) => o.orderId);
}

// ---------------------------------------------------------------------------------------------

describe('staff.act: the role the step needs (contract staff: PERMISSION_DENIED)', () => {
  it('a doctor trying `book` on an outpatient order → PERMISSION_DENIED, nothing changes', async () => {
    const card = await premium();
    const o = await kit.order(card.holder.openid, card, 'outpatientGreen', FORMS.outpatientGreen(WANTED));
    await clock.tick();
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'accept' });
    expectError(await kit.act(STAFF.doctor, { orderId: o.orderId, step: 'book', ...BOOKING }), 'PERMISSION_DENIED');
    // nor any other role but the agent; nor the agent's side steps by others
    for (const staff of [STAFF.manager, STAFF.escortManager, STAFF.butler]) {
      expectError(await kit.act(staff, { orderId: o.orderId, step: 'book', ...BOOKING }), 'PERMISSION_DENIED');
    }
    expectError(await kit.act(STAFF.doctor, { orderId: o.orderId, step: 'fail', reason: '无号' }), 'PERMISSION_DENIED');
    const seen = await kit.get(card.holder.openid, o.orderId);
    expect(seen.ok && stateOf(seen.data.order)).toEqual({ status: 'accepted', quota: 'held', awaiting: 'book' });
    expect(await kit.pool(card, 'outpatientGreen')).toEqual({ used: 0, held: 1, remaining: 7 });
  });

  it('an agent trying `accept` on a consult → PERMISSION_DENIED; the doctor may', async () => {
    const card = await premium();
    const o = await kit.order(card.holder.openid, card, 'quickConsult', FORMS.quickConsult());
    expectError(await kit.act(STAFF.agent, { orderId: o.orderId, step: 'accept' }), 'PERMISSION_DENIED');
    expectError(await kit.act(STAFF.manager, { orderId: o.orderId, step: 'accept' }), 'PERMISSION_DENIED');
    expect(await kit.pool(card, 'quickConsult')).toEqual({ used: 0, held: 1, remaining: 47 });
    await clock.tick();
    expect(stateOf(await kit.step(STAFF.doctor, { orderId: o.orderId, step: 'accept' }))).toEqual({
      status: 'in_service',
      quota: 'used',
      awaiting: 'complete',
    });
  });

  it('assessment: the manager makes first contact, only the doctor issues the report', async () => {
    const card = await premium();
    const o = await kit.order(card.holder.openid, card, 'assessment', FORMS.assessment());
    expectError(await kit.act(STAFF.doctor, { orderId: o.orderId, step: 'accept' }), 'PERMISSION_DENIED');
    await clock.tick();
    await kit.step(STAFF.manager, { orderId: o.orderId, step: 'accept' });
    expectError(await kit.act(STAFF.manager, { orderId: o.orderId, step: 'complete' }), 'PERMISSION_DENIED');
    await clock.tick();
    // completing hands over the report: without one it is refused
    expectError(await kit.act(STAFF.doctor, { orderId: o.orderId, step: 'complete' }), 'INVALID_ARGUMENT');
    expect(
      (await kit.step(STAFF.doctor, { orderId: o.orderId, step: 'complete', result: { text: '整体健康状况良好' } }))
        .status,
    ).toBe('completed');
  });

  it('members, strangers and no caller cannot use staff actions → PERMISSION_DENIED', async () => {
    const card = await premium();
    const o = await kit.order(card.holder.openid, card, 'quickConsult', FORMS.quickConsult());
    for (const who of [card.holder.openid, 'stranger-x']) {
      expectError(await kit.cloud.call('staff', who, { action: 'queue' }), 'PERMISSION_DENIED');
      expectError(await kit.act(who, { orderId: o.orderId, step: 'accept' }), 'PERMISSION_DENIED');
    }
    expectError(await kit.cloud.call('staff', null, { action: 'queue' }), 'PERMISSION_DENIED');
    // a staff member without the role asked for
    expectError(await kit.cloud.call('staff', STAFF.doctor, { action: 'queue', role: 'agent' }), 'PERMISSION_DENIED');
    expect(await kit.pool(card, 'quickConsult')).toEqual({ used: 0, held: 1, remaining: 47 });
  });

  it('an unknown order → NOT_FOUND; a malformed step → INVALID_ARGUMENT', async () => {
    expectError(await kit.act(STAFF.agent, { orderId: 'ord_nosuch', step: 'accept' }), 'NOT_FOUND');
    const card = await premium();
    const o = await kit.order(card.holder.openid, card, 'outpatientGreen', FORMS.outpatientGreen(WANTED));
    for (const bad of [
      { step: 'teleport' },
      { step: 'accept', extra: 1 },
      { step: 'book', ...BOOKING, visitDate: '2026-02-30' },
      { step: 'book', ...BOOKING, period: '' },
      { step: 'followUp', stars: 6 },
      { step: 'followUp', stars: 0 },
      { step: 'fail' },
      { step: 'complete', result: { files: ['https://example.com/a.pdf'] } },
    ]) {
      expectError(
        await kit.cloud.call('staff', STAFF.agent, { action: 'act', orderId: o.orderId, ...bad }),
        'INVALID_ARGUMENT',
      );
    }
    expect(await kit.changes(card, o.orderId)).toEqual(['hold']);
  });
});

describe('staff.act: the step the order awaits (contract staff: INVALID_STATE)', () => {
  it('`book` before `accept` → INVALID_STATE', async () => {
    const card = await premium();
    const o = await kit.order(card.holder.openid, card, 'outpatientGreen', FORMS.outpatientGreen(WANTED));
    expectError(await kit.act(STAFF.agent, { orderId: o.orderId, step: 'book', ...BOOKING }), 'INVALID_STATE');
    expectError(await kit.act(STAFF.agent, { orderId: o.orderId, step: 'complete' }), 'INVALID_STATE');
    expectError(await kit.act(STAFF.agent, { orderId: o.orderId, step: 'followUp', stars: 5 }), 'INVALID_STATE');
    expect(await kit.pool(card, 'outpatientGreen')).toEqual({ used: 0, held: 1, remaining: 7 });
    expect(await kit.changes(card, o.orderId)).toEqual(['hold']);
  });

  it('`accept` twice, `complete` twice → INVALID_STATE; a consult has no `book` or `followUp`', async () => {
    const card = await premium();
    const o = await kit.order(card.holder.openid, card, 'quickConsult', FORMS.quickConsult('phone'));
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: o.orderId, step: 'accept' });
    expectError(await kit.act(STAFF.doctor, { orderId: o.orderId, step: 'accept' }), 'INVALID_STATE');
    expectError(await kit.act(STAFF.doctor, { orderId: o.orderId, step: 'book', ...BOOKING }), 'INVALID_STATE');
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: o.orderId, step: 'complete' });
    expectError(await kit.act(STAFF.doctor, { orderId: o.orderId, step: 'complete' }), 'INVALID_STATE');
    expectError(await kit.act(STAFF.doctor, { orderId: o.orderId, step: 'followUp', stars: 5 }), 'INVALID_STATE');
    expect(await kit.changes(card, o.orderId)).toEqual(['hold', 'use']);

    const g = await kit.order(card.holder.openid, card, 'outpatientGreen', FORMS.outpatientGreen(WANTED));
    for (const step of ['accept', 'book', 'complete'] as const) {
      await clock.tick();
      await kit.step(
        STAFF.agent,
        step === 'book' ? { orderId: g.orderId, step, ...BOOKING } : { orderId: g.orderId, step },
      );
    }
    expectError(await kit.act(STAFF.agent, { orderId: g.orderId, step: 'complete' }), 'INVALID_STATE');
    await clock.tick();
    await kit.step(STAFF.agent, { orderId: g.orderId, step: 'followUp', stars: 5 });
    expectError(await kit.act(STAFF.agent, { orderId: g.orderId, step: 'followUp', stars: 5 }), 'INVALID_STATE');
    expect(await kit.changes(card, g.orderId)).toEqual(['hold', 'use']);
  });
});

describe('staff.queue (R4): the orders whose awaited step the caller takes, soonest dueAt first', () => {
  it('shows each role its own steps, in deadline order, and marks overdue once the clock passes dueAt', async () => {
    const card = await premium();
    const h = card.holder.openid;
    // all placed at 10:00 Monday 2026-06-01
    const outpatient = await kit.order(h, card, 'outpatientGreen', FORMS.outpatientGreen(WANTED));
    const report = await kit.order(h, card, 'reportReading', FORMS.reportReading(await kit.uploadDir(h)));
    await kit.signFamilyDoctor(h, card);
    const doctorOnCall = await kit.order(h, card, 'familyDoctor', FORMS.familyDoctor());
    const quick = await kit.order(h, card, 'quickConsult', FORMS.quickConsult());
    const assessment = await kit.order(h, card, 'assessment', FORMS.assessment());
    const cancelled = await kit.order(h, card, 'quickConsult', FORMS.quickConsult());
    await kit.cancel(h, cancelled.orderId);
    const all = [outpatient, report, doctorOnCall, quick, assessment, cancelled];

    const doctor = await kit.queue(STAFF.doctor);
    expectWellFormed(doctor, ['doctor']);
    // quick consult 10:03, family doctor 11:00, report next working day 21:00
    expect(ids(doctor, all)).toEqual([quick.orderId, doctorOnCall.orderId, report.orderId]);
    expect(doctor.filter((o) => ids([o], all).length).map((o) => [o.dueAt, o.overdue])).toEqual([
      ['2026-06-01T10:03:00+08:00', false],
      ['2026-06-01T11:00:00+08:00', false],
      ['2026-06-02T21:00:00+08:00', false],
    ]);
    const agent = await kit.queue(STAFF.agent);
    expectWellFormed(agent, ['agent']);
    expect(ids(agent, all)).toEqual([outpatient.orderId]);
    const manager = await kit.queue(STAFF.manager);
    expectWellFormed(manager, ['manager']);
    expect(ids(manager, all)).toEqual([assessment.orderId]);
    expect(ids(await kit.queue(STAFF.escortManager), all)).toEqual([]);
    expect(await kit.queue(STAFF.butler)).toEqual([]);

    // the clock passes the quick consult's deadline, then the family doctor's
    await clock.set('2026-06-01T10:03:01+08:00');
    const late = (await kit.queue(STAFF.doctor)).filter((o) => ids([o], all).length);
    expect(late.map((o) => o.overdue)).toEqual([true, false, false]);
    await clock.set('2026-06-01T11:00:01+08:00');
    expect((await kit.queue(STAFF.doctor)).filter((o) => ids([o], all).length).map((o) => o.overdue)).toEqual([
      true,
      true,
      false,
    ]);

    // the manager's first contact hands the assessment to the doctor (report due 2 days later)
    await kit.step(STAFF.manager, { orderId: assessment.orderId, step: 'accept' });
    expect(ids(await kit.queue(STAFF.manager), all)).toEqual([]);
    const handed = await kit.queue(STAFF.doctor);
    expectWellFormed(handed, ['doctor']);
    expect(ids(handed, all)).toEqual([quick.orderId, doctorOnCall.orderId, report.orderId, assessment.orderId]);
    expect(handed.find((o) => o.orderId === assessment.orderId)).toMatchObject({
      awaiting: 'complete',
      dueAt: '2026-06-03T21:00:00+08:00',
    });

    // finished orders leave the queue
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: quick.orderId, step: 'accept' });
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: quick.orderId, step: 'complete' });
    expect(ids(await kit.queue(STAFF.doctor), all)).toEqual([doctorOnCall.orderId, report.orderId, assessment.orderId]);
  });

  it('a booked green-channel order is due by 21:00 on its visit day and sorts after earlier calls', async () => {
    const card = await premium();
    const a = await kit.order(card.holder.openid, card, 'outpatientGreen', FORMS.outpatientGreen(WANTED));
    const b = await kit.order(card.holder.openid, card, 'outpatientGreen', FORMS.outpatientGreen(WANTED));
    await clock.tick();
    await kit.step(STAFF.agent, { orderId: a.orderId, step: 'accept' });
    await clock.tick();
    const bookedA = await kit.step(STAFF.agent, { orderId: a.orderId, step: 'book', ...BOOKING });
    expect(bookedA.dueAt).toBe(`${BOOKING.visitDate}T21:00:00+08:00`);
    const q = await kit.queue(STAFF.agent);
    expectWellFormed(q, ['agent']);
    expect(ids(q, [a, b])).toEqual([b.orderId, a.orderId]);
  });

  it('a staff member with two roles sees both queues; `role` narrows to one', async () => {
    const both = user('staff-both');
    await kit.setStaff(both, '双岗', ['agent', 'doctor']);
    const card = await premium();
    const g = await kit.order(card.holder.openid, card, 'outpatientGreen', FORMS.outpatientGreen(WANTED));
    const c = await kit.order(card.holder.openid, card, 'quickConsult', FORMS.quickConsult());
    const all = await kit.queue(both);
    expectWellFormed(all, ['agent', 'doctor']);
    // the consult (10:03) before the outpatient call (next working day)
    expect(ids(all, [g, c])).toEqual([c.orderId, g.orderId]);
    const asAgent = await kit.queue(both, 'agent');
    expectWellFormed(asAgent, ['agent']);
    expect(ids(asAgent, [g, c])).toEqual([g.orderId]);
  });
});

describe('staff.queue (R4) with more open orders than one answer holds (200)', () => {
  it('orders with a deadline come first even when over 200 orders await a step without one', async () => {
    // 26 cards × 8 booked outpatient orders: each awaits the visit (`complete`), which has no deadline
    const cards = await Promise.all(Array.from({ length: 26 }, () => kit.newCard('premium', ACTIVATED)));
    await clock.set(TODAY);
    await Promise.all(
      cards.flatMap((c) =>
        Array.from({ length: 8 }, async () => {
          const o = await kit.order(c.holder.openid, c, 'outpatientGreen', FORMS.outpatientGreen(WANTED));
          await kit.step(STAFF.agent, { orderId: o.orderId, step: 'accept' });
          await kit.step(STAFF.agent, { orderId: o.orderId, step: 'book', ...BOOKING });
        }),
      ),
    );
    const c = await premium();
    const waiting = await kit.order(
      c.holder.openid,
      c,
      'inpatientGreen',
      FORMS.inpatientGreen(await kit.uploadDir(c.holder.openid), '2026-06-10'),
    );
    const q = await kit.queue(STAFF.agent);
    expectWellFormed(q, ['agent']);
    expect(q.length).toBeLessThanOrEqual(200);
    expect(q[0]?.dueAt).not.toBeNull();
    expect(q.map((o) => o.orderId)).toContain(waiting.orderId);
  });
});

describe('R1.5 the butler orders on a member’s behalf (premium only)', () => {
  it('staff.placeOrder by a butler on a premium card for a member → placedBy staff, the member sees it', async () => {
    const card = await premium(2);
    const [m1, m2] = card.members;
    if (!m1 || !m2) throw new Error('no members');
    const requestId = rid();
    const placed = await kit.placeOrder(STAFF.butler, {
      cardId: card.cardId,
      benefit: 'quickConsult',
      requestId,
      personId: m1.memberId,
      form: FORMS.quickConsult(),
    });
    if (!placed.ok) throw new Error(placed.error.message);
    const o = placed.data.order;
    expect(o).toMatchObject({
      placedBy: 'staff',
      personId: m1.memberId,
      cardId: card.cardId,
      status: 'submitted',
      quota: 'held',
    });
    expect(o.timeline).toEqual([{ status: 'submitted', at: TODAY, by: 'staff' }]);
    // R3.6 for the butler too
    const again = await kit.placeOrder(STAFF.butler, {
      cardId: card.cardId,
      benefit: 'quickConsult',
      requestId,
      personId: m1.memberId,
      form: FORMS.quickConsult(),
    });
    expect(again.ok && again.data.order.orderId).toBe(o.orderId);

    // it is the member's order: in their list, readable, cancellable; the unit comes from the shared pool
    expect((await kit.list(m1.openid, card.cardId)).map((x) => x.orderId)).toContain(o.orderId);
    const seen = await kit.get(m1.openid, o.orderId);
    expect(seen.ok && seen.data.order).toMatchObject({ orderId: o.orderId, placedBy: 'staff' });
    expect(await kit.pool(card, 'quickConsult')).toEqual({ used: 0, held: 1, remaining: 47 });
    const rows = (await kit.ledger(card)).filter((r) => r.orderId === o.orderId);
    expect(rows).toMatchObject([{ change: 'hold', by: 'staff' }]);
    // nobody else on the card sees it
    expect((await kit.list(m2.openid)).map((x) => x.orderId)).not.toContain(o.orderId);
    expectError(await kit.get(m2.openid, o.orderId), 'NOT_FOUND');
    const cancelled = await kit.cancel(m1.openid, o.orderId);
    expect(cancelled.ok && stateOf(cancelled.data.order)).toEqual({
      status: 'cancelled',
      quota: 'released',
      awaiting: null,
    });
  });

  it('on a pro card → refused, nothing held', async () => {
    const card = await kit.newCard('pro', ACTIVATED);
    await clock.set(TODAY);
    const e = await kit.placeOrder(STAFF.butler, {
      cardId: card.cardId,
      benefit: 'quickConsult',
      requestId: rid(),
      personId: card.holder.memberId,
      form: FORMS.quickConsult(),
    });
    expectError(e, 'BENEFIT_NOT_INCLUDED');
    expect(await kit.pool(card, 'quickConsult')).toEqual({ used: 0, held: 0, remaining: 12 });
    expect(await kit.list(card.holder.openid)).toEqual([]);
  });

  it('by a non-butler → PERMISSION_DENIED; the card rules still apply to the butler', async () => {
    const card = await premium(1);
    const m = card.members[0];
    if (!m) throw new Error('no member');
    const req = {
      cardId: card.cardId,
      benefit: 'quickConsult',
      requestId: rid(),
      personId: m.memberId,
      form: FORMS.quickConsult(),
    } as const;
    for (const who of [STAFF.agent, STAFF.doctor, STAFF.manager, STAFF.escortManager, card.holder.openid, m.openid]) {
      expectError(await kit.placeOrder(who, { ...req, requestId: rid() }), 'PERMISSION_DENIED');
    }
    // R1.3 escort stays the holder's; R4.5 the served person must be on the card
    expectError(
      await kit.placeOrder(STAFF.butler, {
        cardId: card.cardId,
        benefit: 'escort',
        requestId: rid(),
        personId: m.memberId,
        form: FORMS.escort('2026-06-05T09:00:00+08:00'),
      }),
      'HOLDER_ONLY',
    );
    expectError(
      await kit.placeOrder(STAFF.butler, { ...req, requestId: rid(), personId: 'mem_nosuch' }),
      'NOT_ELIGIBLE',
    );
    expectError(
      await kit.cloud.call('staff', STAFF.butler, { action: 'placeOrder', ...req, personId: undefined }),
      'INVALID_ARGUMENT',
    );
    // R2.4 a card in its waiting period
    const waiting = await kit.newCard('premium', '2026-05-30T10:00:00+08:00');
    await clock.set(TODAY);
    expectError(
      await kit.placeOrder(STAFF.butler, {
        ...req,
        cardId: waiting.cardId,
        requestId: rid(),
        personId: waiting.holder.memberId,
      }),
      'WAITING_PERIOD',
    );
    expect(await kit.pool(card, 'quickConsult')).toEqual({ used: 0, held: 0, remaining: 48 });
  });
});

describe('privacy (R4.5, decisions.md “Who sees an order”): an order is seen by the person it serves and by whoever placed it', () => {
  it('a family member cannot order.get another member’s order, nor can the holder or a stranger (NOT_FOUND)', async () => {
    const card = await premium(2);
    const [m1, m2] = card.members;
    if (!m1 || !m2) throw new Error('no members');
    const o = await kit.order(m1.openid, card, 'quickConsult', FORMS.quickConsult());
    const foreign = expectError(await kit.get(m2.openid, o.orderId), 'NOT_FOUND');
    expectError(await kit.get(card.holder.openid, o.orderId), 'NOT_FOUND');
    expectError(await kit.get('stranger-y', o.orderId), 'NOT_FOUND');
    // the same answer as for an order that does not exist: no hint it exists
    expect(expectError(await kit.get(m2.openid, 'ord_nosuch'), 'NOT_FOUND')).toBe(foreign);
    expect((await kit.list(m2.openid)).map((x) => x.orderId)).not.toContain(o.orderId);
    expect(await kit.list('stranger-y')).toEqual([]);
    // nor act on it
    expectError(await kit.cancel(m2.openid, o.orderId), 'NOT_FOUND');
    expectError(await kit.cancel('stranger-y', o.orderId), 'NOT_FOUND');
    const still = await kit.get(m1.openid, o.orderId);
    expect(still.ok && stateOf(still.data.order)).toEqual({ status: 'submitted', quota: 'held', awaiting: 'accept' });
  });

  it('the holder ordering for a member: both see it, the other member does not', async () => {
    const card = await premium(2);
    const [m1, m2] = card.members;
    if (!m1 || !m2) throw new Error('no members');
    const o = await kit.order(card.holder.openid, card, 'outpatientGreen', FORMS.outpatientGreen(WANTED), {
      personId: m1.memberId,
    });
    expect(o).toMatchObject({ personId: m1.memberId, placedBy: 'member' });
    expect((await kit.get(card.holder.openid, o.orderId)).ok).toBe(true);
    expect((await kit.get(m1.openid, o.orderId)).ok).toBe(true);
    expectError(await kit.get(m2.openid, o.orderId), 'NOT_FOUND');
    expect((await kit.list(card.holder.openid, card.cardId)).map((x) => x.orderId)).toEqual([o.orderId]);
    expect((await kit.list(m1.openid, card.cardId)).map((x) => x.orderId)).toEqual([o.orderId]);
  });

  it('a stranger cannot order on someone’s card, nor a member on another card (NOT_FOUND)', async () => {
    const card = await premium();
    const other = await premium();
    expectError(await kit.create('stranger-z', card, 'quickConsult', FORMS.quickConsult()), 'NOT_FOUND');
    expectError(await kit.create(other.holder.openid, card, 'quickConsult', FORMS.quickConsult()), 'NOT_FOUND');
    // nor for a person of another card
    expectError(
      await kit.create(card.holder.openid, card, 'quickConsult', FORMS.quickConsult(), {
        personId: other.holder.memberId,
      }),
      'NOT_ELIGIBLE',
    );
    expect(await kit.pool(card, 'quickConsult')).toEqual({ used: 0, held: 0, remaining: 48 });
  });
});
