/**
 * Every orderable benefit carried through its workflow by the roles the catalog names, and every
 * way an order can end, through the real local cloud (rules R3.2–R3.4, R4, R1 table). At each
 * step: the order's status, quota and awaited step, the card's pool as card.mine shows it, and
 * the order's ledger rows (R3.5).
 *
 * Seed 'demo' for its directory only (escort needs a level-2+ public hospital, expertConsult an
 * expert id); every card, person and staff member here is the test's own.
 */
import type {
  LedgerChange,
  Order,
  OrderBenefit,
  OrderForms,
  OrderStatus,
  QuotaState,
  StaffStep,
} from '../../typings/contract';
import {
  DEMO_BOOKING as BOOKING,
  ESCORT_VISIT,
  FORMS,
  STAFF,
  TODAY,
  WANTED,
  expectError,
  fileIn,
  newCardToday,
  stateOf,
  useKit,
  type StepBody,
  type TestCard,
} from './order-kit';

// reconcile: R3.5 whatever happened above, every pool still equals its ledger
const { kit, clock } = useKit('demo', TODAY, { reconcile: true });

function premium(members = 0): Promise<TestCard> {
  return newCardToday(kit, clock, 'premium', members);
}

// ---------------------------------------------------------------------------------------------
// 1. Every benefit to completion
// ---------------------------------------------------------------------------------------------

interface Expect {
  status: OrderStatus;
  quota: QuotaState;
  awaiting: StaffStep | null;
  used: number;
  held: number;
  ledger: LedgerChange[];
}

interface Flow<B extends OrderBenefit = OrderBenefit> {
  benefit: B;
  /** `dir`: the orderer's upload folder (forms with files) */
  form: (dir: string) => OrderForms[B];
  /** who orders: the holder, or (shared pools) a family member */
  by: 'holder' | 'member';
  total: number | null;
  created: Expect;
  /** a step's request, or one made with the staff member's upload folder (a result's files) */
  steps: { req: StepBody | ((dir: string) => StepBody); staff: string; then: Expect }[];
}

const e = (
  status: OrderStatus,
  quota: QuotaState,
  awaiting: StaffStep | null,
  used: number,
  held: number,
  ledger: LedgerChange[],
): Expect => ({ status, quota, awaiting, used, held, ledger });

/** accept → book → complete → followUp: R3.2 commit at the booking. */
function greenSteps(staff: string): Flow['steps'] {
  return [
    { req: { step: 'accept' }, staff, then: e('accepted', 'held', 'book', 0, 1, ['hold']) },
    { req: { step: 'book', ...BOOKING }, staff, then: e('booked', 'used', 'complete', 1, 0, ['hold', 'use']) },
    { req: { step: 'complete' }, staff, then: e('completed', 'used', 'followUp', 1, 0, ['hold', 'use']) },
    {
      req: { step: 'followUp', stars: 5, comment: '专员很耐心' },
      staff,
      then: e('completed', 'used', null, 1, 0, ['hold', 'use']),
    },
  ];
}

/** accept (a doctor takes the case: R3.2 commit) → complete. */
function consultSteps(): Flow['steps'] {
  return [
    { req: { step: 'accept' }, staff: STAFF.doctor, then: e('in_service', 'used', 'complete', 1, 0, ['hold', 'use']) },
    { req: { step: 'complete' }, staff: STAFF.doctor, then: e('completed', 'used', null, 1, 0, ['hold', 'use']) },
  ];
}

/** accept (first contact: R3.2 commit) → complete with the written result. */
function workSteps(first: string): Flow['steps'] {
  return [
    { req: { step: 'accept' }, staff: first, then: e('accepted', 'used', 'complete', 1, 0, ['hold', 'use']) },
    {
      req: (dir) => ({
        step: 'complete',
        result: { text: '总体良好，注意控制血压', files: [fileIn(dir, 'results/report.pdf')] },
      }),
      staff: STAFF.doctor,
      then: e('completed', 'used', null, 1, 0, ['hold', 'use']),
    },
  ];
}

const submitted = e('submitted', 'held', 'accept', 0, 1, ['hold']);

const FLOWS: Flow[] = [
  {
    benefit: 'outpatientGreen',
    form: () => FORMS.outpatientGreen(WANTED),
    by: 'member',
    total: 8,
    created: submitted,
    steps: greenSteps(STAFF.agent),
  },
  {
    benefit: 'inpatientGreen',
    form: (dir) => FORMS.inpatientGreen(dir, '2026-06-10'),
    by: 'member',
    total: 4,
    created: submitted,
    steps: greenSteps(STAFF.agent),
  },
  {
    benefit: 'escort',
    form: () => FORMS.escort(ESCORT_VISIT),
    by: 'holder',
    total: 1,
    created: submitted,
    steps: greenSteps(STAFF.escortManager),
  },
  {
    benefit: 'quickConsult',
    form: () => FORMS.quickConsult('video'),
    by: 'member',
    total: 48,
    created: submitted,
    steps: consultSteps(),
  },
  {
    benefit: 'expertConsult',
    form: () => FORMS.expertConsult('phone'),
    by: 'holder',
    total: 12,
    created: submitted,
    steps: consultSteps(),
  },
  {
    benefit: 'familyDoctor',
    form: () => FORMS.familyDoctor(),
    by: 'member',
    total: null,
    created: e('submitted', 'none', 'accept', 0, 0, []),
    steps: [
      { req: { step: 'accept' }, staff: STAFF.doctor, then: e('in_service', 'none', 'complete', 0, 0, []) },
      { req: { step: 'complete' }, staff: STAFF.doctor, then: e('completed', 'none', null, 0, 0, []) },
    ],
  },
  {
    benefit: 'assessment',
    form: () => FORMS.assessment(),
    by: 'member',
    total: 4,
    created: submitted,
    steps: workSteps(STAFF.manager),
  },
  {
    benefit: 'checkupPlan',
    form: () => FORMS.checkupPlan(),
    by: 'holder',
    total: 4,
    created: submitted,
    steps: workSteps(STAFF.manager),
  },
  {
    benefit: 'reportReading',
    form: (dir) => FORMS.reportReading(dir),
    by: 'member',
    total: 4,
    created: submitted,
    steps: workSteps(STAFF.doctor),
  },
];

describe('R3.2 / R4 every orderable benefit carried to completion by the right roles', () => {
  it.each(FLOWS.map((f) => [f.benefit, f] as const))('%s', async (_name, flow) => {
    const card = await premium(1);
    const member = card.members[0];
    if (!member) throw new Error('no member');
    const orderer = flow.by === 'holder' ? card.holder : member;

    const check = async (o: Order, want: Expect): Promise<void> => {
      expect(stateOf(o)).toEqual({ status: want.status, quota: want.quota, awaiting: want.awaiting });
      // the served person sees the same order
      const seen = await kit.get(orderer.openid, o.orderId);
      expect(seen.ok && stateOf(seen.data.order)).toEqual(stateOf(o));
      const b = await kit.benefit(orderer.openid, card.cardId, flow.benefit);
      expect({ total: b.total, used: b.used, held: b.held, remaining: b.remaining }).toEqual({
        total: flow.total,
        used: want.used,
        held: want.held,
        remaining: flow.total === null ? null : flow.total - want.used - want.held,
      });
      expect(await kit.changes(card, o.orderId)).toEqual(want.ledger);
    };

    // familyDoctor: the first question needs a signed doctor
    if (flow.benefit === 'familyDoctor') await kit.signFamilyDoctor(orderer.openid, card);
    let order = await kit.order(orderer.openid, card, flow.benefit, flow.form(await kit.uploadDir(orderer.openid)));
    expect(order).toMatchObject({
      benefit: flow.benefit,
      personId: orderer.memberId,
      placedBy: 'member',
      cardId: card.cardId,
    });
    expect(order.timeline).toEqual([{ status: 'submitted', at: TODAY, by: 'member' }]);
    await check(order, flow.created);

    for (const s of flow.steps) {
      const at = await clock.tick();
      const req = typeof s.req === 'function' ? s.req(await kit.uploadDir(s.staff)) : s.req;
      order = await kit.step(s.staff, { ...req, orderId: order.orderId });
      expect(order.timeline[order.timeline.length - 1]).toMatchObject({ status: s.then.status, at, by: 'staff' });
      await check(order, s.then);
    }
    expect(order.timeline.map((t) => t.status)).toEqual(['submitted', ...flow.steps.map((s) => s.then.status)]);

    // the ledger names the served person (masked) and who made each change
    const rows = (await kit.ledger(card)).filter((r) => r.orderId === order.orderId);
    const name = (await kit.cardOf(card.holder.openid, card.cardId)).members.find(
      (m) => m.memberId === orderer.memberId,
    )?.name;
    for (const r of rows) {
      expect(r).toMatchObject({ benefit: flow.benefit, person: name });
      expect(r.by).toBe(r.change === 'hold' ? 'member' : 'staff');
    }
    if (flow.steps.some((s) => typeof s.req !== 'function' && s.req.step === 'followUp')) {
      expect(order.followUp).toMatchObject({ stars: 5, comment: '专员很耐心' });
      expect(order.booking).toEqual(BOOKING);
    }
    if (flow.benefit === 'reportReading') {
      expect(order.result).toEqual({
        text: '总体良好，注意控制血压',
        files: [await kit.fileOf(STAFF.doctor, 'results/report.pdf')],
      });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 1b. Every failure ending
// ---------------------------------------------------------------------------------------------

async function outpatient(card: TestCard, openid = card.holder.openid): Promise<Order> {
  return kit.order(openid, card, 'outpatientGreen', FORMS.outpatientGreen(WANTED));
}

async function accepted(card: TestCard, staff: string, o: Order): Promise<Order> {
  await clock.tick();
  return kit.step(staff, { orderId: o.orderId, step: 'accept' });
}

async function booked(card: TestCard, staff: string, o: Order): Promise<Order> {
  const a = await accepted(card, staff, o);
  await clock.tick();
  return kit.step(staff, { orderId: a.orderId, step: 'book', ...BOOKING });
}

describe('R3.2 failure before the commit point releases the unit', () => {
  it('outpatientGreen: no booking can be made after the call → failed, released', async () => {
    const card = await premium();
    const o = await accepted(card, STAFF.agent, await outpatient(card));
    await clock.tick();
    const failed = await kit.step(STAFF.agent, { orderId: o.orderId, step: 'fail', reason: '专家近期无号源' });
    expect(stateOf(failed)).toEqual({ status: 'failed', quota: 'released', awaiting: null });
    expect(failed.dueAt).toBeNull();
    expect(failed.timeline[failed.timeline.length - 1]).toMatchObject({
      status: 'failed',
      by: 'staff',
      note: '专家近期无号源',
    });
    expect(await kit.pool(card, 'outpatientGreen')).toEqual({ used: 0, held: 0, remaining: 8 });
    expect(await kit.changes(card, o.orderId)).toEqual(['hold', 'release']);
  });

  it('quickConsult: no doctor takes it → failed, released', async () => {
    const card = await premium();
    const o = await kit.order(card.holder.openid, card, 'quickConsult', FORMS.quickConsult());
    await clock.tick();
    const failed = await kit.step(STAFF.doctor, { orderId: o.orderId, step: 'fail', reason: '无医生接诊' });
    expect(stateOf(failed)).toEqual({ status: 'failed', quota: 'released', awaiting: null });
    expect(await kit.pool(card, 'quickConsult')).toEqual({ used: 0, held: 0, remaining: 48 });
    expect(await kit.changes(card, o.orderId)).toEqual(['hold', 'release']);
  });

  it('assessment: staff reject it as not serviceable after first contact → failed, unit back (rehold + release)', async () => {
    const card = await premium();
    const o = await accepted(
      card,
      STAFF.manager,
      await kit.order(card.holder.openid, card, 'assessment', FORMS.assessment()),
    );
    expect(o.quota).toBe('used');
    await clock.tick();
    const failed = await kit.step(STAFF.manager, { orderId: o.orderId, step: 'fail', reason: '资料不全无法评估' });
    expect(stateOf(failed)).toEqual({ status: 'failed', quota: 'released', awaiting: null });
    expect(await kit.pool(card, 'assessment')).toEqual({ used: 0, held: 0, remaining: 4 });
    expect(await kit.changes(card, o.orderId)).toEqual(['hold', 'use', 'rehold', 'release']);
  });

  it('a booked order cannot be failed (the stop or no-show paths apply) → INVALID_STATE, nothing moves', async () => {
    const card = await premium();
    const o = await booked(card, STAFF.agent, await outpatient(card));
    expectError(await kit.act(STAFF.agent, { orderId: o.orderId, step: 'fail', reason: '不想做了' }), 'INVALID_STATE');
    expect(await kit.pool(card, 'outpatientGreen')).toEqual({ used: 1, held: 0, remaining: 7 });
    expect(await kit.changes(card, o.orderId)).toEqual(['hold', 'use']);
  });
});

describe('R3.3 a stop by the hospital or expert gives a free rebooking (green channels)', () => {
  it.each([
    ['outpatientGreen', 8],
    ['inpatientGreen', 4],
  ] as const)(
    '%s: providerStop → accepted with the unit held again; rebooked and completed with ONE unit used',
    async (benefit, total) => {
      const card = await premium();
      const form =
        benefit === 'outpatientGreen'
          ? FORMS.outpatientGreen(WANTED)
          : FORMS.inpatientGreen(await kit.uploadDir(card.holder.openid), '2026-06-10');
      const o = await booked(card, STAFF.agent, await kit.order(card.holder.openid, card, benefit, form));
      expect(await kit.pool(card, benefit)).toEqual({ used: 1, held: 0, remaining: total - 1 });

      await clock.tick();
      const stopped = await kit.step(STAFF.agent, { orderId: o.orderId, step: 'providerStop', reason: '专家临时停诊' });
      expect(stateOf(stopped)).toEqual({ status: 'accepted', quota: 'held', awaiting: 'book' });
      expect(stopped.timeline[stopped.timeline.length - 1]).toMatchObject({
        status: 'accepted',
        by: 'staff',
        note: '专家临时停诊',
      });
      expect(await kit.pool(card, benefit)).toEqual({ used: 0, held: 1, remaining: total - 1 });
      expect(await kit.changes(card, o.orderId)).toEqual(['hold', 'use', 'rehold']);

      await clock.tick();
      const rebooked = await kit.step(STAFF.agent, {
        orderId: o.orderId,
        step: 'book',
        ...BOOKING,
        visitDate: '2026-06-08',
      });
      expect(stateOf(rebooked)).toEqual({ status: 'booked', quota: 'used', awaiting: 'complete' });
      expect(rebooked.booking?.visitDate).toBe('2026-06-08');
      await clock.tick();
      await kit.step(STAFF.agent, { orderId: o.orderId, step: 'complete' });
      await clock.tick();
      const done = await kit.step(STAFF.agent, { orderId: o.orderId, step: 'followUp', stars: 4 });
      expect(stateOf(done)).toEqual({ status: 'completed', quota: 'used', awaiting: null });
      expect(await kit.pool(card, benefit)).toEqual({ used: 1, held: 0, remaining: total - 1 });
      expect(await kit.changes(card, o.orderId)).toEqual(['hold', 'use', 'rehold', 'use']);
    },
  );

  it('providerStop is only for a booked order, and not for consults → INVALID_STATE', async () => {
    const card = await premium();
    const o = await accepted(card, STAFF.agent, await outpatient(card));
    expectError(
      await kit.act(STAFF.agent, { orderId: o.orderId, step: 'providerStop', reason: '停诊' }),
      'INVALID_STATE',
    );
    const c = await kit.order(card.holder.openid, card, 'quickConsult', FORMS.quickConsult());
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: c.orderId, step: 'accept' });
    expectError(
      await kit.act(STAFF.doctor, { orderId: c.orderId, step: 'providerStop', reason: '停诊' }),
      'INVALID_STATE',
    );
    expect(await kit.changes(card, o.orderId)).toEqual(['hold']);
    expect(await kit.changes(card, c.orderId)).toEqual(['hold', 'use']);
  });
});

describe('R3.2 escort: a stop by the hospital, an epidemic stop or force majeure does not count', () => {
  it('providerStop on a booked escort → failed, released', async () => {
    const card = await premium();
    const o = await booked(
      card,
      STAFF.escortManager,
      await kit.order(card.holder.openid, card, 'escort', FORMS.escort(ESCORT_VISIT)),
    );
    expect(await kit.pool(card, 'escort')).toEqual({ used: 1, held: 0, remaining: 0 });
    await clock.tick();
    const stopped = await kit.step(STAFF.escortManager, {
      orderId: o.orderId,
      step: 'providerStop',
      reason: '医院停诊',
    });
    expect(stateOf(stopped)).toEqual({ status: 'failed', quota: 'released', awaiting: null });
    expect(await kit.pool(card, 'escort')).toEqual({ used: 0, held: 0, remaining: 1 });
    expect(await kit.changes(card, o.orderId)).toEqual(['hold', 'use', 'rehold', 'release']);
    // and the escort can be ordered again
    await kit.order(card.holder.openid, card, 'escort', FORMS.escort(ESCORT_VISIT));
  });
});

describe('R3.3 after the commit point a no-show or cancel keeps the unit used', () => {
  it('noShow after booking → no_show, the unit stays used', async () => {
    const card = await premium();
    const o = await booked(card, STAFF.agent, await outpatient(card));
    await clock.tick();
    const gone = await kit.step(STAFF.agent, { orderId: o.orderId, step: 'noShow' });
    expect(stateOf(gone)).toEqual({ status: 'no_show', quota: 'used', awaiting: null });
    expect(await kit.pool(card, 'outpatientGreen')).toEqual({ used: 1, held: 0, remaining: 7 });
    expect(await kit.changes(card, o.orderId)).toEqual(['hold', 'use']);
    // nothing more can happen to it
    expectError(await kit.cancel(card.holder.openid, o.orderId), 'INVALID_STATE');
    expectError(await kit.act(STAFF.agent, { orderId: o.orderId, step: 'complete' }), 'INVALID_STATE');
  });

  it('noShow is refused before the booking → INVALID_STATE', async () => {
    const card = await premium();
    const o = await accepted(card, STAFF.agent, await outpatient(card));
    expectError(await kit.act(STAFF.agent, { orderId: o.orderId, step: 'noShow' }), 'INVALID_STATE');
    expect(await kit.pool(card, 'outpatientGreen')).toEqual({ used: 0, held: 1, remaining: 7 });
  });

  it('member cancel after the booking of an outpatient order → cancelled, the unit stays used', async () => {
    const card = await premium(1);
    const member = card.members[0];
    if (!member) throw new Error('no member');
    const o = await booked(card, STAFF.agent, await outpatient(card, member.openid));
    await clock.tick();
    const e1 = await kit.cancel(member.openid, o.orderId, '临时出差');
    if (!e1.ok) throw new Error(e1.error.message);
    expect(stateOf(e1.data.order)).toEqual({ status: 'cancelled', quota: 'used', awaiting: null });
    expect(e1.data.order.timeline[e1.data.order.timeline.length - 1]).toMatchObject({
      status: 'cancelled',
      by: 'member',
    });
    expect(await kit.pool(card, 'outpatientGreen')).toEqual({ used: 1, held: 0, remaining: 7 });
    expect(await kit.changes(card, o.orderId)).toEqual(['hold', 'use']);
  });
});

describe('R3.2 member cancel before the commit point releases the unit', () => {
  it.each([
    ['submitted', 0],
    ['accepted', 1],
  ] as const)('outpatientGreen cancelled while %s → cancelled, released', async (_state, accepts) => {
    const card = await premium();
    let o = await outpatient(card);
    if (accepts) o = await accepted(card, STAFF.agent, o);
    await clock.tick();
    const e1 = await kit.cancel(card.holder.openid, o.orderId);
    if (!e1.ok) throw new Error(e1.error.message);
    expect(stateOf(e1.data.order)).toEqual({ status: 'cancelled', quota: 'released', awaiting: null });
    expect(e1.data.order.dueAt).toBeNull();
    expect(await kit.pool(card, 'outpatientGreen')).toEqual({ used: 0, held: 0, remaining: 8 });
    expect(await kit.changes(card, o.orderId)).toEqual(['hold', 'release']);
    // cancelled once: a second cancel and any staff step are refused
    expectError(await kit.cancel(card.holder.openid, o.orderId), 'INVALID_STATE');
    const next: StepBody = accepts ? { step: 'book', ...BOOKING } : { step: 'accept' };
    expectError(await kit.act(STAFF.agent, { ...next, orderId: o.orderId }), 'INVALID_STATE');
    expect(await kit.changes(card, o.orderId)).toEqual(['hold', 'release']);
  });

  it('quickConsult withdrawn before a doctor takes it → released; once taken it cannot be cancelled', async () => {
    const card = await premium();
    const a = await kit.order(card.holder.openid, card, 'quickConsult', FORMS.quickConsult());
    await clock.tick();
    const withdrawn = await kit.cancel(card.holder.openid, a.orderId);
    expect(withdrawn.ok && stateOf(withdrawn.data.order)).toEqual({
      status: 'cancelled',
      quota: 'released',
      awaiting: null,
    });
    const b = await kit.order(card.holder.openid, card, 'quickConsult', FORMS.quickConsult());
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: b.orderId, step: 'accept' });
    expectError(await kit.cancel(card.holder.openid, b.orderId), 'INVALID_STATE');
    expect(await kit.pool(card, 'quickConsult')).toEqual({ used: 1, held: 0, remaining: 47 });
  });

  it('familyDoctor (unlimited) cancelled → cancelled, quota none, no ledger row', async () => {
    const card = await premium();
    await kit.signFamilyDoctor(card.holder.openid, card);
    const o = await kit.order(card.holder.openid, card, 'familyDoctor', FORMS.familyDoctor());
    const e1 = await kit.cancel(card.holder.openid, o.orderId);
    expect(e1.ok && stateOf(e1.data.order)).toEqual({ status: 'cancelled', quota: 'none', awaiting: null });
    expect(await kit.changes(card, o.orderId)).toEqual([]);
  });
});

describe('R3.4 a booked escort cannot be cancelled by the member', () => {
  it('cancel of a booked escort → INVALID_STATE, order and pool unchanged; before booking it is released', async () => {
    const card = await premium();
    const o = await booked(
      card,
      STAFF.escortManager,
      await kit.order(card.holder.openid, card, 'escort', FORMS.escort(ESCORT_VISIT)),
    );
    await clock.tick();
    expectError(await kit.cancel(card.holder.openid, o.orderId), 'INVALID_STATE');
    const still = await kit.get(card.holder.openid, o.orderId);
    expect(still.ok && stateOf(still.data.order)).toEqual({ status: 'booked', quota: 'used', awaiting: 'complete' });
    expect(await kit.pool(card, 'escort')).toEqual({ used: 1, held: 0, remaining: 0 });

    const other = await premium();
    const p = await accepted(
      other,
      STAFF.escortManager,
      await kit.order(other.holder.openid, other, 'escort', FORMS.escort(ESCORT_VISIT)),
    );
    const e1 = await kit.cancel(other.holder.openid, p.orderId);
    expect(e1.ok && stateOf(e1.data.order)).toEqual({ status: 'cancelled', quota: 'released', awaiting: null });
    expect(await kit.pool(other, 'escort')).toEqual({ used: 0, held: 0, remaining: 1 });
  });
});

describe('rate (contract: completed orders, once, stars 1..5)', () => {
  it('only a completed order, only once, only 1..5 whole stars', async () => {
    const card = await premium();
    const o = await kit.order(card.holder.openid, card, 'quickConsult', FORMS.quickConsult());
    expectError(await kit.rate(card.holder.openid, o.orderId, 5), 'INVALID_STATE');
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: o.orderId, step: 'accept' });
    expectError(await kit.rate(card.holder.openid, o.orderId, 5), 'INVALID_STATE');
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: o.orderId, step: 'complete' });

    for (const stars of [0, 6, 2.5, '5', null]) {
      expectError(await kit.rate(card.holder.openid, o.orderId, stars), 'INVALID_ARGUMENT');
    }
    const at = await clock.tick();
    const rated = await kit.rate(card.holder.openid, o.orderId, 4, '回复很快');
    if (!rated.ok) throw new Error(rated.error.message);
    expect(rated.data.order.rating).toEqual({ stars: 4, comment: '回复很快', at });
    expectError(await kit.rate(card.holder.openid, o.orderId, 5), 'INVALID_STATE');
    const seen = await kit.get(card.holder.openid, o.orderId);
    expect(seen.ok && seen.data.order.rating).toEqual({ stars: 4, comment: '回复很快', at });
  });

  it('a cancelled, failed or no-show order cannot be rated; a stranger cannot rate', async () => {
    const card = await premium();
    const cancelled = await outpatient(card);
    await kit.cancel(card.holder.openid, cancelled.orderId);
    expectError(await kit.rate(card.holder.openid, cancelled.orderId, 3), 'INVALID_STATE');
    const gone = await booked(card, STAFF.agent, await outpatient(card));
    await clock.tick();
    await kit.step(STAFF.agent, { orderId: gone.orderId, step: 'noShow' });
    expectError(await kit.rate(card.holder.openid, gone.orderId, 3), 'INVALID_STATE');
    expectError(await kit.rate('stranger-rater', gone.orderId, 3), 'NOT_FOUND');
  });

  it('a rating and the staff follow-up call do not overwrite each other', async () => {
    const card = await premium();
    const o = await booked(card, STAFF.agent, await outpatient(card));
    await clock.tick();
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'complete' });
    await clock.tick();
    expect((await kit.rate(card.holder.openid, o.orderId, 2, '等太久')).ok).toBe(true);
    await clock.tick();
    const called = await kit.step(STAFF.agent, { orderId: o.orderId, step: 'followUp', stars: 3 });
    expect(called.rating).toMatchObject({ stars: 2, comment: '等太久' });
    expect(called.followUp).toMatchObject({ stars: 3 });
    // the follow-up is the satisfaction call's answer: stars 1..5 too
    expectError(await kit.act(STAFF.agent, { orderId: o.orderId, step: 'followUp', stars: 4 }), 'INVALID_STATE');
  });
});
