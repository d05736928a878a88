/**
 * The second half of order.create (issue 11), run by the reminders timer before its sweep:
 * - an order created since the last run gets its hold's ledger row moved from the pool to
 *   `ledger` (R3.5) and its first reminders written (the SLA warning, R4);
 * - a hold whose order never came — the create stopped between its hold and its order (a crash,
 *   a timeout) — gives its unit back once it is older than any create can take, with both rows
 *   on the ledger, so no unit is lost (R3.2) and the pool still sums from its ledger; so does a
 *   second hold for an order that was settled already (see the loop).
 * Each item is its own small transaction, so a sweep cut short leaves nothing half done, and
 * running it twice does nothing more.
 */
import { formatInstant, parseInstant } from '../../domain/time';
import type { Store } from '../../store/port';
import { orderReminders, writeReminders } from '../notify/schedule';
import { poolId, releaseOrphanHold, settlePendingHold } from '../pool';

/** Longer than a create can run (a cloud function stops at 60 s at most); then a hold is an orphan. */
export const ORPHAN_HOLD_MS = 10 * 60_000;
const PAGE = 200;

export interface SettleReport {
  /** orders whose ledger row and reminders were written */
  ordersSettled: number;
  /** holds given back because their order never came */
  holdsReleased: number;
}

export async function settleOrders(store: Store, now: Date): Promise<SettleReport> {
  const report: SettleReport = { ordersSettled: 0, holdsReleased: 0 };
  for (const o of await store.find('orders', { unsettled: true }, { limit: PAGE })) {
    const done = await store.transaction(async (tx) => {
      const order = await tx.get('orders', o._id);
      if (!order?.unsettled) return false;
      const pool = await tx.get('pools', poolId(order.cardId, order.benefit));
      if (pool) await settlePendingHold(tx, pool, order._id);
      // a step taken before this sweep wrote the reminders of the order as it is now
      // planned as of the create (a short SLA is warned at half its time, counted from then);
      // one already due is sent by the sweep that follows
      if (order.rev === 0)
        await writeReminders(tx, orderReminders(null, order, parseInstant(order.createdAt) ?? now), now);
      await tx.update('orders', order._id, { $set: { unsettled: undefined } }, { unsettled: true });
      return true;
    });
    if (done) report.ordersSettled += 1;
  }
  const before = formatInstant(new Date(now.getTime() - ORPHAN_HOLD_MS));
  for (const p of await store.find('pools', { pendingCount: { $gt: 0 } }, { limit: PAGE })) {
    for (const [orderId, row] of Object.entries(p.pending ?? {})) {
      if (row.at > before) continue;
      const released = await store.transaction(async (tx) => {
        // the order may have come after all: the first loop settles it (next run at the latest).
        // A settled order owns no row here any more, so one left beside it is a second hold for
        // it — a retry whose read came before the order and whose hold came after it was
        // settled, minutes apart — and goes back like an orphan.
        const order = await tx.get('orders', orderId);
        if (order?.unsettled) return false;
        const pool = await tx.get('pools', p._id);
        return pool ? releaseOrphanHold(tx, pool, orderId, now) : false;
      });
      if (released) report.holdsReleased += 1;
    }
  }
  return report;
}
