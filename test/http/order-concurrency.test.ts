/**
 * Interleavings through the real local cloud: R3.2 (no interleaving of requests can make used +
 * held exceed total), R3.6 (concurrent retries of one request take one unit and all get the first
 * answer), and staff steps racing each other or the member (one wins, the pool follows it).
 */
import type { Envelope, ErrorCode, Order, Res } from '../../typings/contract';
import { FORMS, STAFF, TODAY, newCardToday, rid, stateOf, useKit, type TestCard } from './order-kit';

const { kit, clock } = useKit('none', TODAY, { reconcile: true });

/** R4.2 window for a Monday 2026-06-01 request: 06-04, 06-05, 06-08. */
const WANTED = ['2026-06-04', '2026-06-05', '2026-06-08'] as const;
const BOOKING = { visitDate: '2026-06-04', period: '上午', hospital: '北京协和医院', address: '北京市东城区帅府园1号' };

function card(edition: 'pro' | 'premium', members = 0): Promise<TestCard> {
  return newCardToday(kit, clock, edition, members);
}

function codes(answers: Envelope<unknown>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of answers) {
    const k = a.ok ? 'OK' : a.error.code;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

function orderOf(a: Envelope<Res<'order', 'create'>>): Order {
  if (!a.ok) throw new Error(`${a.error.code}: ${a.error.message}`);
  return a.data.order;
}

describe('R3.2 no interleaving of requests can make used + held exceed total', () => {
  it('200 concurrent outpatientGreen orders by the holder and 3 members on a pool of 8 → exactly 8 succeed', async () => {
    const c = await card('premium', 3);
    const people = [c.holder, ...c.members];
    const t0 = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const who = people[i % people.length];
        if (!who) throw new Error('no person');
        return kit.create(
          who.openid,
          c,
          'outpatientGreen',
          FORMS.outpatientGreen(WANTED[i % WANTED.length] ?? WANTED[0]),
        );
      }),
    );
    const took = Date.now() - t0;
    expect(codes(answers)).toEqual({ OK: 8, QUOTA_EXHAUSTED: 192 } satisfies Partial<Record<ErrorCode | 'OK', number>>);
    for (const a of answers) if (!a.ok) expect(a.error.message).toMatch(/[\u4e00-\u9fff]/);
    const orders = answers.filter((a) => a.ok).map(orderOf);
    expect(new Set(orders.map((o) => o.orderId)).size).toBe(8);
    for (const o of orders) expect(stateOf(o)).toEqual({ status: 'submitted', quota: 'held', awaiting: 'accept' });

    // every member sees the same pool
    for (const who of people) {
      const b = await kit.benefit(who.openid, c.cardId, 'outpatientGreen');
      expect({ total: b.total, used: b.used, held: b.held, remaining: b.remaining, open: b.open }).toEqual({
        total: 8,
        used: 0,
        held: 8,
        remaining: 0,
        open: false,
      });
    }
    const rows = await kit.ledger(c);
    expect(rows.map((r) => r.change)).toEqual(Array<string>(8).fill('hold'));
    expect(new Set(rows.map((r) => r.orderId))).toEqual(new Set(orders.map((o) => o.orderId)));
    // each successful order is in its served person's list, and nowhere else
    const listed = (await Promise.all(people.map((p) => kit.list(p.openid, c.cardId)))).flat();
    expect(listed.map((o) => o.orderId).sort()).toEqual(orders.map((o) => o.orderId).sort());
    expect(await kit.reconcile(c.cardId)).toEqual({ pools: 8, mismatches: [] });
    // fast enough for a suite: the local cloud is one SQLite connection
    expect(took).toBeLessThan(10_000);
  });

  it('concurrent orders of different benefits do not interfere; each pool stops at its total', async () => {
    const c = await card('pro');
    const dir = await kit.uploadDir(c.holder.openid);
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, () => kit.create(c.holder.openid, c, 'assessment', FORMS.assessment())),
      ...Array.from({ length: 10 }, () => kit.create(c.holder.openid, c, 'reportReading', FORMS.reportReading(dir))),
      ...Array.from({ length: 20 }, () => kit.create(c.holder.openid, c, 'quickConsult', FORMS.quickConsult())),
    ]);
    expect(codes(answers.slice(0, 10))).toEqual({ OK: 1, QUOTA_EXHAUSTED: 9 });
    expect(codes(answers.slice(10, 20))).toEqual({ OK: 1, QUOTA_EXHAUSTED: 9 });
    expect(codes(answers.slice(20))).toEqual({ OK: 12, QUOTA_EXHAUSTED: 8 });
    expect(await kit.pool(c, 'quickConsult')).toEqual({ used: 0, held: 12, remaining: 0 });
    expect((await kit.reconcile(c.cardId)).mismatches).toEqual([]);
  });
});

describe('R3.6 concurrent retries of one request', () => {
  it('20 concurrent creates with one requestId → one order, one unit, the same answer for all', async () => {
    const c = await card('premium');
    const requestId = rid();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        kit.create(c.holder.openid, c, 'quickConsult', FORMS.quickConsult(), { requestId }),
      ),
    );
    expect(codes(answers)).toEqual({ OK: 20 });
    const first = orderOf(answers[0] as Envelope<Res<'order', 'create'>>);
    for (const a of answers) expect(orderOf(a)).toEqual(first);
    expect(await kit.pool(c, 'quickConsult')).toEqual({ used: 0, held: 1, remaining: 47 });
    expect((await kit.ledger(c)).map((r) => r.change)).toEqual(['hold']);
    expect(await kit.list(c.holder.openid)).toHaveLength(1);
  });

  it('20 concurrent creates with one requestId for the last unit of a pool → all get the first answer, none QUOTA_EXHAUSTED', async () => {
    const c = await card('pro');
    const requestId = rid();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => kit.create(c.holder.openid, c, 'assessment', FORMS.assessment(), { requestId })),
    );
    expect(codes(answers)).toEqual({ OK: 20 });
    const first = orderOf(answers[0] as Envelope<Res<'order', 'create'>>);
    for (const a of answers) expect(orderOf(a).orderId).toBe(first.orderId);
    expect(await kit.pool(c, 'assessment')).toEqual({ used: 0, held: 1, remaining: 0 });
  });

  it('retries of one request arriving while the first is committing the last unit → all get the first answer', async () => {
    // staggered by a millisecond each, so that some retries look for the first answer before it
    // is stored and read the pool after its unit is gone
    for (let round = 0; round < 3; round++) {
      const c = await card('pro');
      const requestId = rid();
      const later = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));
      const answers = await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          await later(i);
          return kit.create(c.holder.openid, c, 'assessment', FORMS.assessment(), { requestId });
        }),
      );
      expect(codes(answers)).toEqual({ OK: 30 });
      expect(new Set(answers.map((a) => orderOf(a).orderId)).size).toBe(1);
      expect(await kit.pool(c, 'assessment')).toEqual({ used: 0, held: 1, remaining: 0 });
    }
  });

  it('10 requestIds × 5 retries each, all at once, on a pool of 8 → 8 orders, each requestId one answer', async () => {
    const c = await card('premium');
    const ids = Array.from({ length: 10 }, () => rid());
    const answers = await Promise.all(
      ids.flatMap((requestId) =>
        Array.from({ length: 5 }, () =>
          kit.create(c.holder.openid, c, 'outpatientGreen', FORMS.outpatientGreen(WANTED[0]), { requestId }),
        ),
      ),
    );
    const byRequest = ids.map((_, i) => answers.slice(i * 5, i * 5 + 5));
    const won = byRequest.filter((group) => group.some((a) => a.ok));
    expect(won).toHaveLength(8);
    // a request that got an order answers it to every retry that saw it; nobody got two orders
    for (const group of won) {
      const got = new Set(group.filter((a) => a.ok).map((a) => orderOf(a).orderId));
      expect(got.size).toBe(1);
    }
    expect(await kit.pool(c, 'outpatientGreen')).toEqual({ used: 0, held: 8, remaining: 0 });
    expect(await kit.list(c.holder.openid)).toHaveLength(8);
  });
});

describe('R3.2 / R3.3 staff steps racing each other and the member', () => {
  it('10 concurrent `accept`s of one consult → one wins, the rest INVALID_STATE, one unit used', async () => {
    const c = await card('premium');
    const o = await kit.order(c.holder.openid, c, 'quickConsult', FORMS.quickConsult());
    await clock.tick();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => kit.act(STAFF.doctor, { orderId: o.orderId, step: 'accept' })),
    );
    expect(codes(answers)).toEqual({ OK: 1, INVALID_STATE: 9 });
    expect(await kit.pool(c, 'quickConsult')).toEqual({ used: 1, held: 0, remaining: 47 });
    expect(await kit.changes(c, o.orderId)).toEqual(['hold', 'use']);
    const seen = await kit.get(c.holder.openid, o.orderId);
    expect(seen.ok && seen.data.order.timeline.map((t) => t.status)).toEqual(['submitted', 'in_service']);
  });

  it('`book` racing the member’s cancel → either order of the two, never a mix; the pool agrees', async () => {
    const c = await card('premium');
    let used = 0;
    for (let i = 0; i < 6; i++) {
      const o = await kit.order(c.holder.openid, c, 'outpatientGreen', FORMS.outpatientGreen(WANTED[0]));
      await clock.tick();
      await kit.step(STAFF.agent, { orderId: o.orderId, step: 'accept' });
      await clock.tick();
      const [book, cancel] = await Promise.all([
        kit.act(STAFF.agent, { orderId: o.orderId, step: 'book', ...BOOKING }),
        kit.cancel(c.holder.openid, o.orderId),
      ]);
      const seen = await kit.get(c.holder.openid, o.orderId);
      if (!seen.ok) throw new Error(seen.error.message);
      const final = stateOf(seen.data.order);
      const changes = await kit.changes(c, o.orderId);
      if (!book.ok) {
        // the cancel came first (R3.2: before the booking → released); the booking found it cancelled
        expect(book.error.code).toBe('INVALID_STATE');
        expect(cancel.ok).toBe(true);
        expect(final).toEqual({ status: 'cancelled', quota: 'released', awaiting: null });
        expect(changes).toEqual(['hold', 'release']);
      } else if (cancel.ok) {
        // the booking came first, then the cancel (R3.3: after the booking the unit stays used)
        expect(final).toEqual({ status: 'cancelled', quota: 'used', awaiting: null });
        expect(changes).toEqual(['hold', 'use']);
        used += 1;
      } else {
        // both read the accepted order; the booking committed first and the cancel lost the race
        expect(cancel.error.code).toBe('INVALID_STATE');
        expect(final).toEqual({ status: 'booked', quota: 'used', awaiting: 'complete' });
        expect(changes).toEqual(['hold', 'use']);
        used += 1;
      }
    }
    const pool = await kit.pool(c, 'outpatientGreen');
    expect(pool).toEqual({ used, held: 0, remaining: 8 - used });
    expect((await kit.reconcile(c.cardId)).mismatches).toEqual([]);
  });

  it('the member’s rating racing the staff follow-up call: neither is lost, and “already rated” only when it is', async () => {
    const c = await card('premium');
    for (let i = 0; i < 4; i++) {
      const g = await kit.order(c.holder.openid, c, 'outpatientGreen', FORMS.outpatientGreen(WANTED[0]));
      for (const step of ['accept', 'book', 'complete'] as const) {
        await clock.tick();
        await kit.step(
          STAFF.agent,
          step === 'book' ? { orderId: g.orderId, step, ...BOOKING } : { orderId: g.orderId, step },
        );
      }
      await clock.tick();
      const [rated, called] = await Promise.all([
        kit.rate(c.holder.openid, g.orderId, 4),
        kit.act(STAFF.agent, { orderId: g.orderId, step: 'followUp', stars: 5 }),
      ]);
      const seen = await kit.get(c.holder.openid, g.orderId);
      if (!seen.ok) throw new Error(seen.error.message);
      // what was answered ok is stored
      if (rated.ok) expect(seen.data.order.rating).toMatchObject({ stars: 4 });
      else expect(seen.data.order.rating).toBeUndefined();
      if (called.ok) expect(seen.data.order.followUp).toMatchObject({ stars: 5 });
      // a refused rating is for a reason the member can act on: it can be given now
      if (!rated.ok) expect((await kit.rate(c.holder.openid, g.orderId, 4)).ok).toBe(true);
      if (!called.ok) await kit.step(STAFF.agent, { orderId: g.orderId, step: 'followUp', stars: 5 });
    }
  });

  it('concurrent cancels and fails of one held order release its unit once', async () => {
    const c = await card('premium');
    const o = await kit.order(c.holder.openid, c, 'outpatientGreen', FORMS.outpatientGreen(WANTED[0]));
    await clock.tick();
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, () => kit.cancel(c.holder.openid, o.orderId)),
      ...Array.from({ length: 5 }, () => kit.act(STAFF.agent, { orderId: o.orderId, step: 'fail', reason: '无号' })),
    ]);
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(await kit.pool(c, 'outpatientGreen')).toEqual({ used: 0, held: 0, remaining: 8 });
    expect(await kit.changes(c, o.orderId)).toEqual(['hold', 'release']);
  });
});
