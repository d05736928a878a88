/**
 * R3.1, R3.2, R3.3, R3.5: the four changes of a quota pool, the refusals that keep it from
 * over-spending or double-releasing, and the ledger replay that recomputes a pool.
 */
import fc from 'fast-check';
import type { LedgerChange } from '../../typings/contract';
import { POOL_CHANGES, applyChange, emptyPool, reconcile, type PoolCounts } from '../../server/domain/pool';

const CHANGES: readonly LedgerChange[] = ['hold', 'use', 'release', 'rehold'];
const COUNTERS = ['used', 'held', 'remaining'] as const;
type Counter = (typeof COUNTERS)[number];

const pool = (total: number, used: number, held: number): PoolCounts => ({
  total,
  used,
  held,
  remaining: total - used - held,
});

/** R3.1: the invariants every reachable pool keeps. */
function expectConsistent(p: PoolCounts): void {
  expect(p.used + p.held + p.remaining).toBe(p.total);
  expect(p.used + p.held).toBeLessThanOrEqual(p.total);
  expect(p.used).toBeGreaterThanOrEqual(0);
  expect(p.held).toBeGreaterThanOrEqual(0);
  expect(p.remaining).toBeGreaterThanOrEqual(0);
}

describe('R3.1 a pool: total, used, held, remaining = total - used - held', () => {
  it('R3.1 an empty pool has all of its total remaining', () => {
    expect(emptyPool(4)).toEqual({ total: 4, used: 0, held: 0, remaining: 4 });
    expect(emptyPool(0)).toEqual({ total: 0, used: 0, held: 0, remaining: 0 });
  });

  it('R3.1 the table has exactly the four ledger changes, each moving one unit and keeping the sum', () => {
    expect(Object.keys(POOL_CHANGES).sort()).toEqual([...CHANGES].sort());
    for (const ch of CHANGES) {
      const { inc } = POOL_CHANGES[ch];
      expect(inc.used + inc.held + inc.remaining).toBe(0);
      expect(Math.abs(inc.used) + Math.abs(inc.held) + Math.abs(inc.remaining)).toBe(2);
    }
  });
});

describe('R3.2 / R3.3 each change: its deltas and the counter it needs', () => {
  it('R3.2 hold: remaining → held, needs remaining', () => {
    expect(POOL_CHANGES.hold).toEqual({ inc: { used: 0, held: 1, remaining: -1 }, requires: 'remaining' });
    expect(applyChange(pool(2, 0, 0), 'hold')).toEqual({ total: 2, used: 0, held: 1, remaining: 1 });
  });

  it('R3.2 use (the commit point): held → used, needs held', () => {
    expect(POOL_CHANGES.use).toEqual({ inc: { used: 1, held: -1, remaining: 0 }, requires: 'held' });
    expect(applyChange(pool(2, 0, 1), 'use')).toEqual({ total: 2, used: 1, held: 0, remaining: 1 });
  });

  it('R3.2 release: held → remaining, needs held', () => {
    expect(POOL_CHANGES.release).toEqual({ inc: { used: 0, held: -1, remaining: 1 }, requires: 'held' });
    expect(applyChange(pool(2, 0, 1), 'release')).toEqual({ total: 2, used: 0, held: 0, remaining: 2 });
  });

  it('R3.3 rehold (a provider stop): used → held, needs used, nothing more taken', () => {
    expect(POOL_CHANGES.rehold).toEqual({ inc: { used: -1, held: 1, remaining: 0 }, requires: 'used' });
    expect(applyChange(pool(2, 1, 0), 'rehold')).toEqual({ total: 2, used: 0, held: 1, remaining: 1 });
  });

  it('R3.2 applyChange does not mutate the pool it is given', () => {
    const p = pool(3, 1, 1);
    const before = { ...p };
    applyChange(p, 'use');
    expect(p).toEqual(before);
  });
});

describe('R3.2 applyChange refuses what would over-spend or double-release', () => {
  it('R3.2 refuses a hold when remaining is 0 (QUOTA_EXHAUSTED), also on a zero pool', () => {
    expect(applyChange(pool(2, 1, 1), 'hold')).toBeNull();
    expect(applyChange(pool(2, 2, 0), 'hold')).toBeNull();
    expect(applyChange(emptyPool(0), 'hold')).toBeNull();
    expect(applyChange(pool(2, 1, 0), 'hold')).not.toBeNull();
  });

  it('R3.2 refuses a use or a release when held is 0', () => {
    for (const p of [pool(2, 0, 0), pool(2, 2, 0), pool(2, 1, 0)]) {
      expect(applyChange(p, 'use')).toBeNull();
      expect(applyChange(p, 'release')).toBeNull();
    }
    expect(applyChange(pool(2, 1, 1), 'use')).not.toBeNull();
    expect(applyChange(pool(2, 1, 1), 'release')).not.toBeNull();
  });

  it('R3.3 refuses a rehold when used is 0', () => {
    expect(applyChange(pool(2, 0, 0), 'rehold')).toBeNull();
    expect(applyChange(pool(2, 0, 2), 'rehold')).toBeNull();
    expect(applyChange(pool(2, 1, 1), 'rehold')).not.toBeNull();
  });

  it('R3.2 a pool of 1: a second hold is refused until the first is released', () => {
    const held = applyChange(emptyPool(1), 'hold');
    if (held === null) throw new Error('first hold refused');
    expect(applyChange(held, 'hold')).toBeNull();
    const released = applyChange(held, 'release');
    if (released === null) throw new Error('release refused');
    expect(applyChange(released, 'release')).toBeNull(); // no double release
    expect(applyChange(released, 'hold')).toEqual({ total: 1, used: 0, held: 1, remaining: 0 });
  });
});

/** Applies `changes` in order, skipping refused ones; returns the pool and the changes applied. */
function run(total: number, changes: readonly LedgerChange[]): { final: PoolCounts; applied: LedgerChange[] } {
  let p = emptyPool(total);
  const applied: LedgerChange[] = [];
  for (const ch of changes) {
    const next = applyChange(p, ch);
    if (next === null) {
      // refused only when the counter it needs is at 0, never otherwise
      expect(p[POOL_CHANGES[ch].requires]).toBe(0);
      continue;
    }
    expectConsistent(next);
    p = next;
    applied.push(ch);
  }
  return { final: p, applied };
}

const arbTotal = fc.integer({ min: 0, max: 12 });
const arbChanges = fc.array(fc.constantFrom(...CHANGES), { maxLength: 60 });

describe('R3.1 / R3.2 / R3.5 random change sequences (fast-check)', () => {
  it('R3.2 every sequence keeps used + held + remaining = total, used + held ≤ total, none negative', () => {
    fc.assert(
      fc.property(arbTotal, arbChanges, (total, changes) => {
        const { final } = run(total, changes);
        expectConsistent(final);
        expect(final.total).toBe(total);
      }),
      { numRuns: 500 },
    );
  });

  it('R3.2 holds beyond the total are refused: at most `total` units are ever out at once', () => {
    fc.assert(
      fc.property(arbTotal, fc.integer({ min: 0, max: 20 }), (total, holds) => {
        const { final, applied } = run(total, Array<LedgerChange>(holds).fill('hold'));
        expect(applied.length).toBe(Math.min(total, holds));
        expect(final.held).toBe(Math.min(total, holds));
      }),
    );
  });

  it('R3.5 reconcile of the resulting pool and its applied changes reports no differences', () => {
    fc.assert(
      fc.property(arbTotal, arbChanges, (total, changes) => {
        const { final, applied } = run(total, changes);
        const r = reconcile(final, applied);
        expect(r.differences).toEqual([]);
        expect(r.expected).toEqual(final);
      }),
      { numRuns: 500 },
    );
  });

  it('R3.5 reconcile does not depend on the order of the ledger rows', () => {
    fc.assert(
      fc.property(arbTotal, arbChanges, fc.func(fc.integer()), (total, changes, key) => {
        const { final, applied } = run(total, changes);
        const shuffled = applied
          .map((ch, i) => ({ ch, k: key(i) }))
          .sort((a, b) => a.k - b.k)
          .map((x) => x.ch);
        expect(reconcile(final, shuffled).differences).toEqual([]);
      }),
    );
  });

  it('R3.5 a tampered counter is reported as exactly that field, with the stored and ledger values', () => {
    fc.assert(
      fc.property(
        arbTotal,
        arbChanges,
        fc.constantFrom<Counter>(...COUNTERS),
        fc.integer({ min: -3, max: 3 }).filter((d) => d !== 0),
        (total, changes, field, delta) => {
          const { final, applied } = run(total, changes);
          const tampered: PoolCounts = { ...final, [field]: final[field] + delta };
          const r = reconcile(tampered, applied);
          expect(r.differences).toEqual([{ field, stored: final[field] + delta, fromLedger: final[field] }]);
          expect(r.expected).toEqual(final);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('R3.5 a ledger row missing from the ledger is found', () => {
    fc.assert(
      fc.property(arbTotal, arbChanges, (total, changes) => {
        const { final, applied } = run(total, changes);
        fc.pre(applied.length > 0);
        expect(reconcile(final, applied.slice(1)).differences.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('R3.5 reconcile, worked examples', () => {
  it('R3.5 hold, use, rehold, use (a green channel stopped and rebooked) on a pool of 2 → used 1', () => {
    const ledger: LedgerChange[] = ['hold', 'use', 'rehold', 'use'];
    const stored = pool(2, 1, 0);
    expect(reconcile(stored, ledger)).toEqual({ expected: stored, differences: [] });
  });

  it('R3.5 a stored pool that forgot a release reports held and remaining', () => {
    const stored = pool(4, 0, 1); // ledger says the hold was released
    expect(reconcile(stored, ['hold', 'release']).differences).toEqual([
      { field: 'held', stored: 1, fromLedger: 0 },
      { field: 'remaining', stored: 3, fromLedger: 4 },
    ]);
  });

  it('R3.5 an empty ledger expects an untouched pool', () => {
    expect(reconcile(emptyPool(3), [])).toEqual({ expected: emptyPool(3), differences: [] });
    expect(reconcile({ total: 3, used: 1, held: 0, remaining: 2 }, []).differences).toEqual([
      { field: 'used', stored: 1, fromLedger: 0 },
      { field: 'remaining', stored: 2, fromLedger: 3 },
    ]);
  });
});
