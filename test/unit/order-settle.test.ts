/**
 * The settle sweep of order.create's holds (issue 11; server/app/order/settle.ts), against the
 * SQLite store: a hold kept in the pool counts on the ledger at once (R3.5), a second hold for
 * the same order is refused (R3.6), and a hold whose order never came is given back once no
 * create can still be running (R3.2: no unit lost), with both rows on the ledger.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { holdPending, poolId, reconcilePools, type PoolMove } from '../../server/app/pool';
import { ORPHAN_HOLD_MS, settleOrders } from '../../server/app/order/settle';
import type { OrderDoc } from '../../server/store/collections';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite';

let dir: string;
let store: SqliteStore;
const T0 = new Date('2026-06-01T02:00:00Z');
const CARD = 'card-settle';
const POOL = poolId(CARD, 'outpatientGreen');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bluecard-settle-'));
  store = openSqliteStore(join(dir, 'db.sqlite'));
  await store.insert('pools', {
    _id: POOL,
    cardId: CARD,
    benefit: 'outpatientGreen',
    total: 2,
    used: 0,
    held: 0,
    remaining: 2,
  });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const move = (orderId: string, at = T0): PoolMove => ({
  cardId: CARD,
  benefit: 'outpatientGreen',
  orderId,
  personId: 'mem-1',
  by: 'member',
  byOpenid: 'openid-1',
  at,
});

/** An order as order.create writes it (`unsettled` until the sweep has been). */
function orderDoc(id: string, unsettled: boolean): OrderDoc {
  return {
    _id: id,
    cardId: CARD,
    benefit: 'outpatientGreen',
    personId: 'mem-1',
    personOpenid: 'openid-1',
    placedByOpenid: 'openid-1',
    placedBy: 'member',
    status: 'submitted',
    quota: 'held',
    awaiting: 'book',
    awaitingRole: 'butler',
    dueAt: null,
    stepAt: T0.toISOString(),
    timeline: [],
    form: {},
    open: true,
    rev: 1,
    createdAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
    ...(unsettled ? { unsettled: true as const } : {}),
  };
}

async function counts() {
  const p = await store.get('pools', POOL);
  return { used: p?.used, held: p?.held, remaining: p?.remaining, pending: Object.keys(p?.pending ?? {}) };
}

describe('order.create holds kept in the pool (issue 11)', () => {
  it('R3.5 / R3.6 a hold writes its ledger row with the counters; a second hold of the same order is refused', async () => {
    expect(await holdPending(store, move('ord_a'))).toBe(true);
    expect(await holdPending(store, move('ord_a'))).toBe(false);
    expect(await counts()).toEqual({ used: 0, held: 1, remaining: 1, pending: ['ord_a'] });
    // the pool sums from its ledger, the row kept in the pool included
    const [report] = await reconcilePools(store, CARD);
    expect(report?.differences).toEqual([]);
    expect(await store.find('ledger', { cardId: CARD })).toEqual([]);
  });

  it('R3.2 the last unit goes to one order only', async () => {
    expect(await holdPending(store, move('ord_a'))).toBe(true);
    expect(await holdPending(store, move('ord_b'))).toBe(true);
    expect(await holdPending(store, move('ord_c'))).toBe(false);
    expect(await counts()).toEqual({ used: 0, held: 2, remaining: 0, pending: ['ord_a', 'ord_b'] });
  });

  it('R3.2 a hold whose order never came is given back after the orphan time, not before; both rows on the ledger', async () => {
    await holdPending(store, move('ord_lost'));
    const early = await settleOrders(store, new Date(T0.getTime() + ORPHAN_HOLD_MS - 60_000));
    expect(early.holdsReleased).toBe(0);
    expect(await counts()).toEqual({ used: 0, held: 1, remaining: 1, pending: ['ord_lost'] });

    const late = await settleOrders(store, new Date(T0.getTime() + ORPHAN_HOLD_MS + 60_000));
    expect(late.holdsReleased).toBe(1);
    expect(await counts()).toEqual({ used: 0, held: 0, remaining: 2, pending: [] });
    expect((await store.get('pools', POOL))?.pendingCount).toBe(0);
    const rows = await store.find('ledger', { cardId: CARD }, { orderBy: [['_id', 'asc']] });
    expect(rows.map((r) => [r.change, r.orderId, r.by])).toEqual([
      ['hold', 'ord_lost', 'member'],
      ['release', 'ord_lost', 'system'],
    ]);
    const [report] = await reconcilePools(store, CARD);
    expect(report?.differences).toEqual([]);
    // a second run finds nothing more to do
    expect(await settleOrders(store, new Date(T0.getTime() + ORPHAN_HOLD_MS + 120_000))).toEqual({
      ordersSettled: 0,
      holdsReleased: 0,
    });
  });

  it('R3.2 a second hold beside an order settled already goes back after the orphan time (a retry minutes late)', async () => {
    await holdPending(store, move('ord_done'));
    await store.put('orders', orderDoc('ord_done', true));
    const settled = await settleOrders(store, new Date(T0.getTime() + 60_000));
    expect(settled).toEqual({ ordersSettled: 1, holdsReleased: 0 });
    expect(await counts()).toEqual({ used: 0, held: 1, remaining: 1, pending: [] });
    // the late retry's hold: the order is settled, so nothing will ever move this row
    const late = new Date(T0.getTime() + 2 * 60_000);
    expect(await holdPending(store, move('ord_done', late))).toBe(true);
    expect((await settleOrders(store, new Date(late.getTime() + ORPHAN_HOLD_MS - 60_000))).holdsReleased).toBe(0);
    expect((await settleOrders(store, new Date(late.getTime() + ORPHAN_HOLD_MS + 60_000))).holdsReleased).toBe(1);
    expect(await counts()).toEqual({ used: 0, held: 1, remaining: 1, pending: [] });
    const [report] = await reconcilePools(store, CARD);
    expect(report?.differences).toEqual([]);
  });

  it('R3.2 a hold whose order came, however late the sweep, is settled to the ledger, never given back', async () => {
    await holdPending(store, move('ord_late'));
    await store.put('orders', orderDoc('ord_late', true));
    const r = await settleOrders(store, new Date(T0.getTime() + ORPHAN_HOLD_MS * 3));
    expect(r).toEqual({ ordersSettled: 1, holdsReleased: 0 });
    expect(await counts()).toEqual({ used: 0, held: 1, remaining: 1, pending: [] });
    expect((await store.find('ledger', { cardId: CARD })).map((row) => [row.change, row.orderId])).toEqual([
      ['hold', 'ord_late'],
    ]);
    expect((await store.get('orders', 'ord_late'))?.unsettled).toBeUndefined();
  });
});
