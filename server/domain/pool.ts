/**
 * R3 Quotas: the four changes a pool can undergo, each as counter deltas plus the one counter
 * that must be positive for it to apply. The store-facing module (server/app/pool.ts) turns
 * each into a single conditional update, and `reconcile` replays a ledger with the same table,
 * so the rule lives here once.
 */
import type { LedgerChange } from '../../typings/contract';

export interface PoolCounts {
  total: number;
  used: number;
  held: number;
  remaining: number;
}

export interface PoolChange {
  inc: { used: number; held: number; remaining: number };
  /** the counter that must be > 0 before the change (R3.2: no over-spend, no double release) */
  requires: 'remaining' | 'held' | 'used';
}

export const POOL_CHANGES: Readonly<Record<LedgerChange, PoolChange>> = {
  // R3.2 placing an order holds one unit
  hold: { inc: { used: 0, held: 1, remaining: -1 }, requires: 'remaining' },
  // R3.2 the commit point: the held unit becomes used
  use: { inc: { used: 1, held: -1, remaining: 0 }, requires: 'held' },
  // R3.2 released: no service, or cancelled before the commit point
  release: { inc: { used: 0, held: -1, remaining: 1 }, requires: 'held' },
  // R3.3 a provider stop after booking: the used unit is held again for the rebooking
  rehold: { inc: { used: -1, held: 1, remaining: 0 }, requires: 'used' },
};

export function emptyPool(total: number): PoolCounts {
  return { total, used: 0, held: 0, remaining: total };
}

/** Applies one change, or returns null when it may not apply. */
export function applyChange(p: PoolCounts, change: LedgerChange): PoolCounts | null {
  const c = POOL_CHANGES[change];
  if (p[c.requires] <= 0) return null;
  return {
    total: p.total,
    used: p.used + c.inc.used,
    held: p.held + c.inc.held,
    remaining: p.remaining + c.inc.remaining,
  };
}

export interface Reconciliation {
  expected: PoolCounts;
  /** fields where the stored pool differs from its ledger; empty when they agree */
  differences: { field: keyof PoolCounts; stored: number; fromLedger: number }[];
}

/**
 * R3.5 Recomputes a pool from its ledger and compares it with what is stored. The deltas are
 * summed, not replayed, so the answer does not depend on the rows' order (a clock set back in
 * the local cloud can write rows out of time order).
 */
export function reconcile(stored: PoolCounts, changes: readonly LedgerChange[]): Reconciliation {
  const expected = emptyPool(stored.total);
  for (const ch of changes) {
    const { inc } = POOL_CHANGES[ch];
    expected.used += inc.used;
    expected.held += inc.held;
    expected.remaining += inc.remaining;
  }
  const fields: (keyof PoolCounts)[] = ['used', 'held', 'remaining'];
  const differences = fields
    .filter((f) => stored[f] !== expected[f])
    .map((f) => ({ field: f, stored: stored[f], fromLedger: expected[f] }));
  // the counters must also add up to the total; a counter that differs from the ledger already
  // breaks the sum, so only report it when the ledger found nothing (no second, mislabelled row)
  const sum = stored.used + stored.held + stored.remaining;
  if (differences.length === 0 && sum !== stored.total) {
    differences.push({ field: 'total', stored: sum, fromLedger: stored.total });
  }
  return { expected, differences };
}
