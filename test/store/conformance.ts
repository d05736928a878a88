/**
 * The store port's conformance suite: what every adapter must do, written against the port only.
 * It runs on SQLite, on the CloudBase adapter over the in-process SDK double, and on the
 * CloudBase adapter over a real environment; so every id and every query carries this run's
 * own prefix or tag, and nothing assumes an empty database.
 *
 * When the store can `dump()` itself, rejected calls are checked to change nothing byte for
 * byte; otherwise (a real environment) the documents involved are read back instead.
 */
import type { PoolDoc, ThingDoc } from '../../server/store/collections';
import { isDuplicateKey, type FindOptions, type Store, type Where } from '../../server/store/port';

export type ConformanceStore = Store & { dump?(): Promise<string> };

export function storeConformance(name: string, make: () => Promise<ConformanceStore>): void {
  describe(`store conformance: ${name}`, () => {
    const run = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
    let seq = 0;
    const newId = (what: string): string => `${run}-${what}-${(seq += 1)}`;
    let store: ConformanceStore;

    beforeEach(async () => {
      store = await make();
    });
    afterEach(async () => {
      await store.close();
    });

    const pool = (id: string, remaining: number): PoolDoc => ({
      _id: id,
      cardId: `${run}-card`,
      benefit: 'butler',
      total: remaining,
      used: 0,
      held: 0,
      remaining,
    });

    /** Runs `action` and checks that the database is as it was, to the byte when possible. */
    async function expectNoChange(
      ids: readonly [coll: 'things' | 'pools', id: string][],
      action: () => Promise<unknown>,
    ) {
      const dump = store.dump ? await store.dump() : null;
      const docs = await Promise.all(ids.map(([c, id]) => store.get(c, id)));
      await action();
      if (dump !== null && store.dump) expect(await store.dump()).toBe(dump);
      expect(await Promise.all(ids.map(([c, id]) => store.get(c, id)))).toEqual(docs);
    }

    describe('single documents', () => {
      it('get of a missing document is null', async () => {
        expect(await store.get('things', newId('missing'))).toBeNull();
      });

      it('insert then get returns the document', async () => {
        const doc: ThingDoc = {
          _id: newId('a'),
          s: 'x',
          n: 1.5,
          b: false,
          nil: null,
          list: [1, 'two'],
          obj: { k: [true] },
        };
        await store.insert('things', doc);
        expect(await store.get('things', doc._id)).toEqual(doc);
      });

      it('insert of a taken id fails with DuplicateKeyError and changes nothing', async () => {
        const id = newId('dup');
        await store.insert('things', { _id: id, v: 1 });
        await expectNoChange([['things', id]], async () => {
          const err: unknown = await store.insert('things', { _id: id, v: 2 }).then(
            () => null,
            (e: unknown) => e,
          );
          expect(isDuplicateKey(err)).toBe(true);
        });
        expect(await store.get('things', id)).toEqual({ _id: id, v: 1 });
      });

      it('put inserts, then replaces the whole document', async () => {
        const id = newId('put');
        await store.put('things', { _id: id, a: 1, b: 2 });
        expect(await store.get('things', id)).toEqual({ _id: id, a: 1, b: 2 });
        await store.put('things', { _id: id, c: 3 });
        expect(await store.get('things', id)).toEqual({ _id: id, c: 3 });
      });

      it('update applies $set and $inc', async () => {
        const id = newId('upd');
        await store.insert('things', { _id: id, n: 5, s: 'a', keep: true, obj: { a: 1, b: 2 } });
        expect(
          await store.update('things', id, { $set: { s: 'b', added: null, obj: { c: 3 } }, $inc: { n: -2, fresh: 4 } }),
        ).toBe(true);
        // $set replaces a nested object outright, and $inc starts a missing field from 0
        expect(await store.get('things', id)).toEqual({
          _id: id,
          n: 3,
          s: 'b',
          keep: true,
          obj: { c: 3 },
          added: null,
          fresh: 4,
        });
        expect(await store.update('things', id, { $set: { s: undefined } })).toBe(true);
        expect(await store.get('things', id)).toEqual({
          _id: id,
          n: 3,
          keep: true,
          obj: { c: 3 },
          added: null,
          fresh: 4,
        });
      });

      it('update that changes nothing still reports a match', async () => {
        const id = newId('same');
        await store.insert('things', { _id: id, s: 'a' });
        expect(await store.update('things', id, { $set: { s: 'a' } }, { s: 'a' })).toBe(true);
        expect(await store.update('things', id, {}, { s: 'a' })).toBe(true);
        expect(await store.update('things', id, {}, { s: 'b' })).toBe(false);
      });

      it('update whose where fails is false and changes nothing', async () => {
        const id = newId('cond');
        await store.insert('pools', pool(id, 0));
        await expectNoChange([['pools', id]], async () => {
          expect(await store.update('pools', id, { $inc: { remaining: -1, held: 1 } }, { remaining: { $gt: 0 } })).toBe(
            false,
          );
          expect(await store.update('pools', id, { $set: { used: 9 } }, { cardId: 'other' })).toBe(false);
        });
        expect(await store.update('pools', id, { $set: { used: 1 } }, { remaining: 0, cardId: `${run}-card` })).toBe(
          true,
        );
        expect((await store.get('pools', id))?.used).toBe(1);
      });

      it('update of a missing document is false and creates nothing', async () => {
        const id = newId('ghost');
        await expectNoChange([['things', id]], async () => {
          expect(await store.update('things', id, { $set: { a: 1 } })).toBe(false);
          expect(await store.update('things', id, { $inc: { n: 1 } }, { n: null })).toBe(false);
        });
        expect(await store.get('things', id)).toBeNull();
      });

      it('remove deletes once', async () => {
        const id = newId('rm');
        await store.insert('things', { _id: id, a: 1 });
        expect(await store.remove('things', id)).toBe(true);
        expect(await store.get('things', id)).toBeNull();
        expect(await store.remove('things', id)).toBe(false);
        await store.insert('things', { _id: id, a: 2 });
        expect(await store.get('things', id)).toEqual({ _id: id, a: 2 });
      });

      it('counts round trips', async () => {
        const id = newId('rt');
        const before = store.stats.roundTrips;
        await store.insert('things', { _id: id, a: 1 });
        await store.get('things', id);
        await store.count('things', { _id: id });
        expect(store.stats.roundTrips).toBeGreaterThanOrEqual(before + 3);
        const mid = store.stats.roundTrips;
        await store.transaction(async (tx) => {
          await tx.get('things', id);
        });
        expect(store.stats.roundTrips).toBeGreaterThan(mid);
      });
    });

    describe('queries', () => {
      const seeded = async (tag: string): Promise<void> => {
        const rows: Record<string, Record<string, unknown>> = {
          a: { n: 1, s: 'apple', b: true, opt: 'x', kind: 'k1' },
          b: { n: 2, s: 'banana', b: false, opt: null, kind: 'k1' },
          c: { n: 3, s: 'cherry', b: true, kind: 'k2' },
          d: { n: 4.5, s: 'date', b: false, opt: 'y', kind: 'k2' },
          // type traps: a numeric-looking string and a number where others hold booleans
          e: { n: '5', s: 'elder', b: 1, opt: 'x', kind: 'k3' },
        };
        await Promise.all(
          Object.entries(rows).map(([name, row]) =>
            store.insert('things', { _id: `${tag}-${name}`, tag, name, ...row }),
          ),
        );
      };

      const names = async (tag: string, where: Where): Promise<string[]> => {
        const docs = await store.find('things', { ...where, tag });
        const count = await store.count('things', { ...where, tag });
        expect(count).toBe(docs.length);
        return docs.map((d) => String(d.name)).sort();
      };

      it('supports every operator with the port semantics', async () => {
        const tag = newId('ops');
        await seeded(tag);
        const cases: [Where, string[]][] = [
          [{ n: 2 }, ['b']],
          [{ n: '5' }, ['e']],
          [{ b: true }, ['a', 'c']],
          [{ b: 1 }, ['e']],
          [{ s: 'cherry' }, ['c']],
          [{ n: { $gt: 2 } }, ['c', 'd']],
          [{ n: { $gte: 2, $lt: 4.5 } }, ['b', 'c']],
          [{ n: { $lte: 1 } }, ['a']],
          [{ n: { $gt: '4' } }, ['e']],
          [{ s: { $gt: 'banana' } }, ['c', 'd', 'e']],
          [{ s: { $gte: 'banana', $lte: 'cherry' } }, ['b', 'c']],
          [{ b: { $ne: true } }, ['b', 'd', 'e']],
          [{ opt: { $in: ['x', 'y'] } }, ['a', 'd', 'e']],
          [{ opt: { $in: [] } }, []],
          [{ kind: 'k1', b: false }, ['b']],
          [{ kind: { $in: ['k2', 'k3'] }, opt: { $ne: 'x' } }, ['c', 'd']],
          [{ name: { $ne: 'a' }, n: { $gt: 1, $lt: 4 } }, ['b', 'c']],
        ];
        for (const [where, expected] of cases) expect([where, await names(tag, where)]).toEqual([where, expected]);
      });

      it('treats null as missing or null', async () => {
        const tag = newId('null');
        await seeded(tag);
        const cases: [Where, string[]][] = [
          [{ opt: null }, ['b', 'c']],
          [{ opt: { $ne: null } }, ['a', 'd', 'e']],
          [{ opt: { $ne: 'x' } }, ['b', 'c', 'd']],
          [{ opt: { $in: ['y', null] } }, ['b', 'c', 'd']],
          [{ opt: { $in: [null] } }, ['b', 'c']],
          [{ nowhere: null }, ['a', 'b', 'c', 'd', 'e']],
          [{ nowhere: { $ne: 1 } }, ['a', 'b', 'c', 'd', 'e']],
          [{ opt: null, kind: 'k2' }, ['c']],
        ];
        for (const [where, expected] of cases) expect([where, await names(tag, where)]).toEqual([where, expected]);
      });

      it('orders by two fields with ties, asc and desc, and pages with skip/limit', async () => {
        const tag = newId('order');
        const rows: [string, number, string][] = [
          ['p', 1, 'x'],
          ['q', 2, 'y'],
          ['r', 1, 'z'],
          ['s', 2, 'x'],
          ['t', 1, 'y'],
        ];
        await Promise.all(
          rows.map(([name, g, h]) => store.insert('things', { _id: `${tag}-${name}`, tag, name, g, h })),
        );
        const order = async (opts: FindOptions): Promise<string> =>
          (await store.find('things', { tag }, opts)).map((d) => String(d.name)).join('');
        expect(
          await order({
            orderBy: [
              ['g', 'asc'],
              ['h', 'desc'],
            ],
          }),
        ).toBe('rtpqs');
        expect(
          await order({
            orderBy: [
              ['g', 'desc'],
              ['h', 'asc'],
            ],
          }),
        ).toBe('sqptr');
        expect(
          await order({
            orderBy: [
              ['h', 'asc'],
              ['g', 'desc'],
            ],
          }),
        ).toBe('spqtr');
        expect(
          await order({
            orderBy: [
              ['g', 'asc'],
              ['h', 'asc'],
            ],
            skip: 1,
            limit: 2,
          }),
        ).toBe('tr');
        expect(
          await order({
            orderBy: [
              ['g', 'asc'],
              ['h', 'asc'],
            ],
            limit: 3,
          }),
        ).toBe('ptr');
        expect(
          await order({
            orderBy: [
              ['g', 'asc'],
              ['h', 'asc'],
            ],
            skip: 3,
          }),
        ).toBe('sq');
        expect(await order({ orderBy: [['g', 'asc']], limit: 0 })).toBe('');
        expect(await order({ orderBy: [['g', 'asc']], skip: 9 })).toBe('');
        expect(await store.count('things', { tag, g: 1 })).toBe(3);
      });

      it('returns every match past the backend page size', async () => {
        const tag = newId('many');
        const total = 250;
        for (let from = 0; from < total; from += 50) {
          await Promise.all(
            Array.from({ length: Math.min(50, total - from) }, (_, k) =>
              store.insert('things', { _id: `${tag}-${String(from + k).padStart(3, '0')}`, tag, i: from + k }),
            ),
          );
        }
        const all = await store.find('things', { tag });
        expect(new Set(all.map((d) => d._id)).size).toBe(total);
        const slice = await store.find('things', { tag }, { orderBy: [['i', 'desc']], skip: 20, limit: 130 });
        expect(slice.map((d) => d.i)).toEqual(Array.from({ length: 130 }, (_, k) => total - 21 - k));
        expect(await store.count('things', { tag })).toBe(total);
        expect(await store.count('things', { tag, i: { $gte: 200 } })).toBe(50);
      });
    });

    describe('dotted paths and gather', () => {
      it('sets, conditions on and removes a field inside a nested object', async () => {
        const id = newId('nested');
        await store.insert('things', { _id: id, n: 1, pending: { keep: { at: 'a' } } });
        // the condition on a missing nested field holds (null matches missing), then fails once set
        expect(
          await store.update(
            'things',
            id,
            { $set: { 'pending.k1': { at: 'b' } }, $inc: { n: 1 } },
            { 'pending.k1': null },
          ),
        ).toBe(true);
        expect(await store.update('things', id, { $inc: { n: 1 } }, { 'pending.k1': null })).toBe(false);
        expect(await store.get('things', id)).toEqual({
          _id: id,
          n: 2,
          pending: { keep: { at: 'a' }, k1: { at: 'b' } },
        });
        expect(
          await store.update('things', id, { $set: { 'pending.k1': undefined } }, { 'pending.keep.at': 'a' }),
        ).toBe(true);
        expect(await store.get('things', id)).toEqual({ _id: id, n: 2, pending: { keep: { at: 'a' } } });
        expect(await store.find('things', { _id: id, 'pending.keep.at': 'a' })).toHaveLength(1);
      });

      it('gather reads a document and several queries at once, as one round trip', async () => {
        const tag = newId('gather');
        const anchor = newId('anchor');
        await store.insert('things', { _id: anchor, tag, role: 'anchor' });
        for (const [i, kind] of ['x', 'y', 'x', 'x'].entries())
          await store.insert('things', { _id: `${tag}-${i}`, tag, kind, n: i });
        const before = store.stats.roundTrips;
        const { doc, found } = await store.gather('things', anchor, {
          xs: { coll: 'things', where: { tag, kind: 'x' }, orderBy: [['n', 'desc']], limit: 2 },
          ys: { coll: 'things', where: { tag, kind: 'y' } },
          none: { coll: 'pools', where: { cardId: tag } },
          xCount: { coll: 'things', where: { tag, kind: 'x' }, count: true },
          zCount: { coll: 'things', where: { tag, kind: 'z' }, count: true },
          off: { coll: 'things', where: { tag }, limit: 0 },
        });
        expect(found.off).toEqual([]);
        expect(found.xCount).toBe(3);
        expect(found.zCount).toBe(0);
        expect(store.stats.roundTrips - before).toBe(1);
        expect(doc).toEqual({ _id: anchor, tag, role: 'anchor' });
        expect(found.xs.map((d) => d.n)).toEqual([3, 2]);
        expect(found.ys.map((d) => d._id)).toEqual([`${tag}-1`]);
        expect(found.none).toEqual([]);
      });

      it('gather of a missing document answers null and empty lists', async () => {
        const tag = newId('gather-missing');
        await store.insert('things', { _id: `${tag}-1`, tag });
        const { doc, found } = await store.gather('things', newId('nobody'), {
          all: { coll: 'things', where: { tag } },
        });
        expect(doc).toBeNull();
        expect(found.all).toEqual([]);
      });
    });

    describe('transactions', () => {
      it('commits every write and returns the callback value', async () => {
        const keep = newId('keep');
        const gone = newId('gone');
        const p = newId('pool');
        const fresh = newId('fresh');
        const replaced = newId('replaced');
        await Promise.all([
          store.insert('things', { _id: keep, v: 1 }),
          store.insert('things', { _id: gone, v: 1 }),
          store.insert('pools', pool(p, 3)),
        ]);
        const out = await store.transaction(async (tx) => {
          await tx.insert('things', { _id: fresh, v: 'new' });
          expect(await tx.get('things', fresh)).toEqual({ _id: fresh, v: 'new' });
          await tx.put('things', { _id: replaced, v: 'put' });
          expect(await tx.update('things', keep, { $inc: { v: 1 } })).toBe(true);
          expect(await tx.update('pools', p, { $inc: { remaining: -1, held: 1 } }, { remaining: { $gt: 0 } })).toBe(
            true,
          );
          expect(await tx.update('pools', p, { $set: { used: 5 } }, { remaining: 99 })).toBe(false);
          expect(await tx.remove('things', gone)).toBe(true);
          expect(await tx.get('things', gone)).toBeNull();
          expect(await tx.remove('things', gone)).toBe(false);
          expect(await tx.update('things', newId('none'), { $set: { v: 1 } })).toBe(false);
          return 'done';
        });
        expect(out).toBe('done');
        expect(await store.get('things', fresh)).toEqual({ _id: fresh, v: 'new' });
        expect(await store.get('things', replaced)).toEqual({ _id: replaced, v: 'put' });
        expect(await store.get('things', keep)).toEqual({ _id: keep, v: 2 });
        expect(await store.get('things', gone)).toBeNull();
        expect(await store.get('pools', p)).toEqual({ ...pool(p, 3), remaining: 2, held: 1 });
      });

      it('writes nothing when the callback throws', async () => {
        const a = newId('a');
        const b = newId('b');
        const p = newId('pool');
        const fresh = newId('fresh');
        await Promise.all([
          store.insert('things', { _id: a, v: 1 }),
          store.insert('things', { _id: b, v: 1 }),
          store.insert('pools', pool(p, 3)),
        ]);
        await expectNoChange(
          [
            ['things', a],
            ['things', b],
            ['things', fresh],
            ['pools', p],
          ],
          async () => {
            await expect(
              store.transaction(async (tx) => {
                await tx.insert('things', { _id: fresh, v: 1 });
                await tx.update('things', a, { $set: { v: 2 } });
                await tx.remove('things', b);
                await tx.put('pools', { ...pool(p, 3), remaining: 0 });
                await tx.update('pools', p, { $inc: { used: 1 } });
                throw new Error('boom');
              }),
            ).rejects.toThrow('boom');
          },
        );
      });

      it('lets the callback catch DuplicateKeyError and go on', async () => {
        const taken = newId('taken');
        const other = newId('other');
        await store.insert('things', { _id: taken, v: 1 });
        await store.transaction(async (tx) => {
          const err: unknown = await tx.insert('things', { _id: taken, v: 2 }).then(
            () => null,
            (e: unknown) => e,
          );
          expect(isDuplicateKey(err)).toBe(true);
          await tx.insert('things', { _id: other, v: 3 });
        });
        expect(await store.get('things', taken)).toEqual({ _id: taken, v: 1 });
        expect(await store.get('things', other)).toEqual({ _id: other, v: 3 });
      });

      it('refuses the outer store inside a transaction callback', async () => {
        const id = newId('outer');
        await store.insert('things', { _id: id, v: 1 });
        await expect(
          store.transaction(async (tx) => {
            await tx.update('things', id, { $set: { v: 2 } });
            await store.get('things', id);
          }),
        ).rejects.toThrow(/inside a transaction/);
        expect(await store.get('things', id)).toEqual({ _id: id, v: 1 });
      });

      it('ends the refusal with the transaction, and refuses a tx kept past it', async () => {
        const id = newId('after');
        let leaked: Parameters<Parameters<Store['transaction']>[0]>[0] | undefined;
        let later: Promise<unknown> | undefined;
        let release = (): void => undefined;
        const released = new Promise<void>((r) => (release = r));
        await store.transaction((tx) => {
          leaked = tx;
          // work the callback starts but that runs after the transaction is over
          later = released.then(() => store.put('things', { _id: id, v: 'later' }));
          return Promise.resolve();
        });
        release();
        await later;
        expect(await store.get('things', id)).toEqual({ _id: id, v: 'later' });
        await expect(leaked?.put('things', { _id: id, v: 'leaked' }) ?? Promise.resolve()).rejects.toThrow(/finished/);
        expect(await store.get('things', id)).toEqual({ _id: id, v: 'later' });
      });
    });

    describe('concurrency', () => {
      it('200 concurrent conditional decrements on remaining 8: exactly 8 succeed (R3.2)', async () => {
        const p = newId('hold');
        await store.insert('pools', pool(p, 8));
        const results = await Promise.all(
          Array.from({ length: 200 }, () =>
            store.update('pools', p, { $inc: { remaining: -1, held: 1 } }, { remaining: { $gt: 0 } }),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(8);
        expect(await store.get('pools', p)).toEqual({ ...pool(p, 8), remaining: 0, held: 8 });
      });

      it('50 concurrent read-then-write transactions lose no update', async () => {
        const c = newId('counter');
        await store.insert('things', { _id: c, v: 0 });
        await Promise.all(
          Array.from({ length: 50 }, () =>
            store.transaction(async (tx) => {
              const cur = await tx.get('things', c);
              await tx.put('things', { _id: c, v: Number(cur?.v) + 1 });
            }),
          ),
        );
        expect(await store.get('things', c)).toEqual({ _id: c, v: 50 });
      });

      it('transactions and plain updates interleaved lose no update', async () => {
        const c = newId('mixed');
        await store.insert('things', { _id: c, v: 0 });
        await Promise.all(
          Array.from({ length: 40 }, (_, k) =>
            k % 2 === 0
              ? store.transaction(async (tx) => {
                  const cur = await tx.get('things', c);
                  await tx.update('things', c, { $set: { v: Number(cur?.v) + 1 } });
                })
              : store.update('things', c, { $inc: { v: 1 } }),
          ),
        );
        expect(await store.get('things', c)).toEqual({ _id: c, v: 40 });
      });
    });
  });
}
