/**
 * R3 pools against the store: every change of a pool is one conditional update plus its ledger
 * row, inside the caller's transaction (R3.5). Each benefit's workflow calls these four and
 * nothing else touches `pools`.
 */
import { randomBytes } from 'node:crypto';
import type { Actor, BenefitKey, Edition, LedgerChange } from '../../typings/contract';
import { benefitsOf, quotaOf } from '../domain/catalog';
import { POOL_CHANGES, emptyPool, reconcile, type Reconciliation } from '../domain/pool';
import { formatInstant } from '../domain/time';
import { fail } from '../runtime/errors';
import type { Store, Tx } from '../store/port';
import type { LedgerDoc, PoolDoc } from '../store/collections';

export function poolId(cardId: string, benefit: BenefitKey): string {
  return `${cardId}:${benefit}`;
}

/** The counted pools a card starts with (R1 table, per edition). */
export function initialPools(cardId: string, edition: Edition): PoolDoc[] {
  return benefitsOf(edition).flatMap((b) => {
    const total = quotaOf(b.key, edition);
    return typeof total === 'number'
      ? [{ _id: poolId(cardId, b.key), cardId, benefit: b.key, ...emptyPool(total) }]
      : [];
  });
}

export interface PoolMove {
  cardId: string;
  benefit: BenefitKey;
  orderId: string;
  personId: string;
  by: Actor;
  byOpenid: string | null;
  at: Date;
  /**
   * The move's place among those one step makes at one instant (a give-back after the commit
   * point is `rehold` then `release`): the ledger row's id sorts by it after the time, so the
   * ledger shows those rows in the order they were made.
   */
  seq?: number;
}

/** `led_` + time (ms, base 36, 8 digits until 2059) + the move's place + random: ids sort by time, then by place. */
function ledgerId(at: Date, seq: number): string {
  return `led_${at.getTime().toString(36)}${Math.min(seq, 35).toString(36)}${randomBytes(6).toString('base64url')}`;
}

/**
 * Applies `change` to the order's pool. Returns false when the benefit is unlimited (no pool).
 * A hold on an empty pool is QUOTA_EXHAUSTED; any other change that cannot apply means the
 * order and its pool disagree, which must never be papered over.
 */
export async function movePool(tx: Tx, change: LedgerChange, m: PoolMove): Promise<boolean> {
  const id = poolId(m.cardId, m.benefit);
  const c = POOL_CHANGES[change];
  // the conditional update first: a pool is read again only when it did not apply (no pool, or
  // the condition failed), which saves a request per move deployed
  const ok = await tx.update('pools', id, { $inc: c.inc }, { [c.requires]: { $gt: 0 } });
  if (!ok) {
    if (!(await tx.get('pools', id))) return false;
    if (change === 'hold') fail('QUOTA_EXHAUSTED');
    throw new Error(`pool ${id}: ${change} cannot apply`);
  }
  await tx.insert('ledger', ledgerRow(change, m));
  return true;
}

function ledgerRow(change: LedgerChange, m: PoolMove): LedgerDoc {
  return {
    _id: ledgerId(m.at, m.seq ?? 0),
    cardId: m.cardId,
    benefit: m.benefit,
    change,
    orderId: m.orderId,
    personId: m.personId,
    by: m.by,
    byOpenid: m.byOpenid,
    at: formatInstant(m.at),
  };
}

/**
 * order.create's hold without a transaction (issue 11: three requests a create on CloudBase):
 * one conditional update takes the unit and writes the hold's ledger row into the pool itself,
 * under the order's id — R3.2's `remaining > 0` and "this order holds nothing yet" (R3.6: the
 * order id comes from the request) in the condition. The settle sweep moves the row to
 * `ledger` once the order exists, or gives the unit back if it never came (settle.ts).
 * False when the condition failed: the caller reads the pool to tell why.
 */
export async function holdPending(store: Store, m: PoolMove): Promise<boolean> {
  const c = POOL_CHANGES.hold;
  return store.update(
    'pools',
    poolId(m.cardId, m.benefit),
    { $inc: { ...c.inc, pendingCount: 1 }, $set: { [`pending.${m.orderId}`]: ledgerRow('hold', m) } },
    { [c.requires]: { $gt: 0 }, [`pending.${m.orderId}`]: null },
  );
}

/** The ledger rows still kept in pools (R3.5: part of the ledger until the sweep moves them). */
export function pendingRows(pools: readonly PoolDoc[]): LedgerDoc[] {
  return pools.flatMap((p) => Object.values(p.pending ?? {}));
}

/**
 * Moves a pending hold's row from the pool to `ledger` (the order arrived), in the caller's
 * transaction. False when there was none (moved already).
 */
export async function settlePendingHold(tx: Tx, pool: PoolDoc, orderId: string): Promise<boolean> {
  const row = pool.pending?.[orderId];
  if (!row) return false;
  const path = `pending.${orderId}`;
  if (
    !(await tx.update(
      'pools',
      pool._id,
      { $set: { [path]: undefined }, $inc: { pendingCount: -1 } },
      { [path]: { $ne: null } },
    ))
  )
    return false;
  if (!(await tx.get('ledger', row._id))) await tx.insert('ledger', row);
  return true;
}

/**
 * A pending hold whose order never came (the create stopped between its hold and its order):
 * the unit goes back, and both rows go to the ledger, so the pool still sums from it (R3.5).
 */
export async function releaseOrphanHold(tx: Tx, pool: PoolDoc, orderId: string, at: Date): Promise<boolean> {
  const row = pool.pending?.[orderId];
  if (!row) return false;
  const path = `pending.${orderId}`;
  const c = POOL_CHANGES.release;
  if (
    !(await tx.update(
      'pools',
      pool._id,
      { $set: { [path]: undefined }, $inc: { ...c.inc, pendingCount: -1 } },
      { [path]: { $ne: null } },
    ))
  )
    return false;
  await tx.insert('ledger', row);
  await tx.insert(
    'ledger',
    ledgerRow('release', {
      cardId: row.cardId,
      benefit: row.benefit,
      orderId,
      personId: row.personId,
      by: 'system',
      byOpenid: null,
      at,
      seq: 1,
    }),
  );
  return true;
}

export interface PoolReport extends Reconciliation {
  poolId: string;
  cardId: string;
  benefit: BenefitKey;
}

/** R3.5 Each pool of the card (or of every card) recomputed from its ledger. */
export async function reconcilePools(store: Store, cardId?: string): Promise<PoolReport[]> {
  const pools = await store.find('pools', cardId ? { cardId } : {}, { orderBy: [['_id', 'asc']] });
  const reports: PoolReport[] = [];
  for (const pool of pools) {
    const rows = [
      ...(await store.find('ledger', { cardId: pool.cardId, benefit: pool.benefit }, {})),
      ...pendingRows([pool]),
    ];
    reports.push({
      poolId: pool._id,
      cardId: pool.cardId,
      benefit: pool.benefit,
      ...reconcile(
        pool,
        rows.map((r) => r.change),
      ),
    });
  }
  return reports;
}
