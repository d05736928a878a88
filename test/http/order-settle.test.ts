/**
 * order.create in three round trips (issue 11) through the real local cloud: the hold's ledger
 * row is kept in the pool until the reminders timer settles the order, and nothing a member or
 * the rules care about waits for that — the ledger shows the hold at once (R3.5), the pool
 * reconciles before and after, and the first SLA warning is planned from the create (R4).
 */
import type { Res } from '../../typings/contract';
import type { LedgerDoc, PoolDoc, ReminderDoc } from '../../server/store/collections';
import { peek } from './db-peek';
import { ACTIVATED, FORMS, TODAY, dataOf, useKit } from './order-kit';

const { kit, clock } = useKit('none', TODAY);

type Report = Res<'reminders', 'tick'>;

describe('issue 11 order.create holds settled by the reminders timer', () => {
  it('R3.5 the hold is on the ledger at once; the timer moves its row, writes the SLA warning, and a second run does nothing', async () => {
    const c = await kit.newCard('premium', ACTIVATED);
    await clock.set(TODAY);
    const order = await kit.order(c.holder.openid, c, 'outpatientGreen', FORMS.outpatientGreen('2026-06-04'));
    const dir = kit.cloud.dataDir;
    const poolOf = () => peek<PoolDoc>(dir, 'pools').find((p) => p._id === `${c.cardId}:outpatientGreen`);
    const rowsOf = () => peek<LedgerDoc>(dir, 'ledger').filter((r) => r.orderId === order.orderId);
    const warningOf = () =>
      peek<ReminderDoc>(dir, 'reminders').filter((r) => r.orderId === order.orderId && r.kind === 'slaWarning');

    // before the timer: the row is kept in the pool, and every reader already sees it
    const kept = poolOf()?.pending?.[order.orderId];
    expect(kept).toMatchObject({ change: 'hold', orderId: order.orderId, by: 'member' });
    expect(rowsOf()).toEqual([]);
    expect(warningOf()).toEqual([]);
    expect(await kit.changes(c, order.orderId)).toEqual(['hold']);
    expect(await kit.pool(c, 'outpatientGreen')).toMatchObject({ held: 1 });
    expect((await kit.reconcile(c.cardId)).mismatches).toEqual([]);

    await clock.tick();
    const first = dataOf(await kit.cloud.run<Report>('reminders'));
    expect(first.ordersSettled).toBeGreaterThanOrEqual(1);
    expect(poolOf()?.pending ?? {}).toEqual({});
    expect(poolOf()?.pendingCount).toBe(0);
    expect(rowsOf()).toEqual([kept]);
    // Monday 10:00 → confirm by 21:00 Tuesday: warned an hour before, as planned at the create
    expect(warningOf().map((r) => [r.status, r.dueAt])).toEqual([['pending', '2026-06-02T20:00:00+08:00']]);
    expect(await kit.changes(c, order.orderId)).toEqual(['hold']);
    expect((await kit.reconcile(c.cardId)).mismatches).toEqual([]);

    const again = dataOf(await kit.cloud.run<Report>('reminders'));
    expect(again.ordersSettled).toBe(0);
    expect(rowsOf()).toHaveLength(1);
  });

  it('R3.6 a retry after the timer settled the order answers the first answer, and takes nothing', async () => {
    const c = await kit.newCard('premium', ACTIVATED);
    await clock.set(TODAY);
    const first = await kit.create(c.holder.openid, c, 'quickConsult', FORMS.quickConsult(), {
      requestId: 'settle-retry-1',
    });
    await clock.tick();
    await kit.cloud.run<Report>('reminders');
    const retry = await kit.create(c.holder.openid, c, 'quickConsult', FORMS.quickConsult(), {
      requestId: 'settle-retry-1',
    });
    expect(retry).toEqual(first);
    expect(await kit.pool(c, 'quickConsult')).toMatchObject({ held: 1 });
  });
});
