import { Db } from '@cloudbase/database';
import { Command } from '@cloudbase/database/dist/commonjs/command';
import { QuerySerializer } from '@cloudbase/database/dist/commonjs/serializer/query';
import { UpdateSerializer } from '@cloudbase/database/dist/commonjs/serializer/update';
import { EJSON } from 'bson';
import {
  type CloudCommand,
  type CloudDb,
  cloudbaseStore,
  isCloudConflict,
  isCloudDuplicate,
  translatePatch,
  translateWhere,
} from '../../server/store/cloudbase';
import { CloudDbDouble } from './cloudbase-double';
import { storeConformance } from './conformance';

storeConformance('cloudbase adapter over the wx-server-sdk double', () => {
  const db = new CloudDbDouble();
  return Promise.resolve(Object.assign(cloudbaseStore(db), { dump: () => db.dump() }));
});

storeConformance('cloudbase adapter over the double (throwOnNotFound: false, commits check reads)', () => {
  const db = new CloudDbDouble({ throwOnNotFound: false, conflictOn: 'reads' });
  return Promise.resolve(Object.assign(cloudbaseStore(db), { dump: () => db.dump() }));
});

describe('cloudbase adapter', () => {
  it('recognises a duplicate _id in the shapes the SDKs give it', () => {
    const wx = Object.assign(
      new Error(
        'collection.add:fail -502001 database request fail. E11000 duplicate key error collection: x index: _id_ dup key',
      ),
      { errCode: -502001 },
    );
    expect(isCloudDuplicate(wx)).toBe(true);
    expect(isCloudDuplicate(Object.assign(new Error('唯一索引冲突'), { code: 'DATABASE_DUPLICATE_WRITE' }))).toBe(true);
    expect(
      isCloudDuplicate({ errCode: -501001, errMsg: 'collection.add:fail -501001 . [DATABASE_DUPLICATE_WRITE] x' }),
    ).toBe(true);
    expect(isCloudDuplicate(new Error('collection.add:fail -502001 database request fail. timeout'))).toBe(false);
  });

  it('recognises a transaction conflict with or without its code', () => {
    expect(isCloudConflict(Object.assign(new Error('x'), { code: 'DATABASE_TRANSACTION_CONFLICT' }))).toBe(true);
    expect(
      isCloudConflict(new Error('document.update:fail -501001 resource system error. database transaction conflict')),
    ).toBe(true);
    expect(isCloudConflict(new Error('document.update:fail -501001 resource system error. WriteConflict'))).toBe(true);
    expect(isCloudConflict(new Error('boom'))).toBe(false);
  });

  it('makes one SDK request per operation outside transactions, and pages find by 100', async () => {
    const db = new CloudDbDouble();
    const store = cloudbaseStore(db);
    await Promise.all(Array.from({ length: 230 }, (_, i) => store.insert('things', { _id: `d${i}`, tag: 'x', i })));
    await store.insert('pools', { _id: 'p', cardId: 'c', benefit: 'escort', total: 1, used: 0, held: 0, remaining: 1 });
    const steps: [string, () => Promise<unknown>, number][] = [
      ['get', () => store.get('things', 'd1'), 1],
      ['get missing', () => store.get('things', 'nope'), 1],
      [
        'conditional hold',
        () => store.update('pools', 'p', { $inc: { remaining: -1, held: 1 } }, { remaining: { $gt: 0 } }),
        1,
      ],
      [
        'failed hold',
        () => store.update('pools', 'p', { $inc: { remaining: -1, held: 1 } }, { remaining: { $gt: 0 } }),
        1,
      ],
      ['find of 230', () => store.find('things', { tag: 'x' }), 3],
      ['find of 200 exactly', () => store.find('things', { tag: 'x' }, { limit: 200 }), 2],
      ['count', () => store.count('things', { tag: 'x' }), 1],
      ['remove', () => store.remove('things', 'd0'), 1],
    ];
    for (const [what, step, requests] of steps) {
      const r0 = db.requests;
      const t0 = store.stats.roundTrips;
      await step();
      expect([what, db.requests - r0, store.stats.roundTrips - t0]).toEqual([what, requests, requests]);
    }
  });

  it('builds the CloudBase query and update the SDK expects', () => {
    const _ = new CloudDbDouble().command;
    expect(translateWhere(_, {})).toBeUndefined();
    expect(translateWhere(_, { a: 1 })).toEqual({ a: _.eq(1) });
    expect(translateWhere(_, { remaining: { $gt: 0 } }, 'p1')).toEqual(
      _.and({ _id: _.eq('p1') }, { remaining: _.gt(0) }),
    );
    expect(translateWhere(_, { a: null })).toEqual({ a: _.or(_.eq(null), _.exists(false)) });
    expect(translatePatch(_, { $set: { a: { b: 1 }, _id: 'no', gone: undefined }, $inc: { n: 2 } })).toEqual({
      a: _.set({ b: 1 }),
      gone: _.remove(),
      n: _.inc(2),
    });
    expect(translatePatch(_, { $set: { n: 1 }, $inc: { n: 2 } })).toEqual({ n: _.set(3) });
  });

  it('gives the real SDK serializer the MongoDB query and update the port means', () => {
    // wx-server-sdk's `db.command` is @cloudbase/database's Command; these serializers are what
    // it runs on `where(...)` and on update data before sending them.
    const _: CloudCommand = Command;
    const where = translateWhere(
      _,
      { remaining: { $gt: 0, $lte: 8 }, opt: null, b: { $ne: 'x' }, c: { $ne: null }, n: { $in: [1, null] }, k: 'v' },
      'p1',
    );
    expect(where && QuerySerializer.encode(where)).toEqual({
      $and: [
        { _id: { $eq: 'p1' } },
        { remaining: { $gt: 0 } },
        { remaining: { $lte: 8 } },
        { $or: [{ opt: { $eq: null } }, { opt: { $exists: false } }] },
        { $or: [{ b: { $ne: 'x' } }, { b: { $exists: false } }] },
        { $and: [{ c: { $ne: null } }, { c: { $exists: true } }] },
        { $or: [{ n: { $in: [1] } }, { n: { $eq: null } }, { n: { $exists: false } }] },
        { k: { $eq: 'v' } },
      ],
    });
    expect(
      UpdateSerializer.encode(translatePatch(_, { $set: { obj: { a: 1 }, s: 'x', gone: undefined }, $inc: { n: -1 } })),
    ).toEqual({
      $set: { obj: { a: 1 }, s: 'x' },
      $unset: { gone: '' },
      $inc: { n: -1 },
    });
  });

  it('retries a whole transaction after the SDK gives up on conflicts', async () => {
    const db = new CloudDbDouble();
    const store = cloudbaseStore(db, { sdkRetries: 0, backoffMs: 1 });
    await store.insert('things', { _id: 'c', v: 0 });
    await Promise.all(
      Array.from({ length: 10 }, () =>
        store.transaction(async (tx) => {
          const cur = await tx.get('things', 'c');
          await tx.put('things', { _id: 'c', v: Number(cur?.v) + 1 });
        }),
      ),
    );
    expect(await store.get('things', 'c')).toEqual({ _id: 'c', v: 10 });
  });

  it('gives up with the conflict when attempts run out', async () => {
    const db = new CloudDbDouble();
    const store = cloudbaseStore(db, { sdkRetries: 0, attempts: 2, backoffMs: 1 });
    await store.insert('things', { _id: 'c', v: 0 });
    const err: unknown = await store
      .transaction(async (tx) => {
        await tx.get('things', 'c');
        await db
          .collection('things')
          .doc('c')
          .update({ data: { v: db.command.inc(1) } }); // a write behind its back
        await tx.put('things', { _id: 'c', v: -1 });
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isCloudConflict(err)).toBe(true);
    expect(await store.get('things', 'c')).toEqual({ _id: 'c', v: 2 });
  });
});

describe('the wx-server-sdk double', () => {
  it('answers doc().get() like wx-server-sdk, including a missing document', async () => {
    const db = new CloudDbDouble();
    await db.collection('things').add({ data: { _id: 'a', v: 1 } });
    expect(await db.collection('things').doc('a').get()).toEqual({
      data: { _id: 'a', v: 1 },
      errMsg: 'document.get:ok',
    });
    await expect(db.collection('things').doc('b').get()).rejects.toThrow(
      'document.get:fail document with _id b does not exist',
    );
    const lenient = new CloudDbDouble({ throwOnNotFound: false });
    expect(await lenient.collection('things').doc('b').get()).toEqual({ data: null, errMsg: 'document.get:ok' });
  });

  it('refuses what the SDK refuses', async () => {
    const db = new CloudDbDouble();
    const doc = db.collection('things').doc('a');
    await expect(doc.set({ data: { _id: 'a', v: 1 } })).rejects.toThrow('不能更新_id的值');
    await expect(doc.set({ data: {} })).rejects.toThrow(/empty/);
    await expect(doc.set({ data: { v: db.command.inc(1) } })).rejects.toThrow('update operator complicit');
    await expect(doc.update({ data: {} })).rejects.toThrow(/empty/);
    await db.collection('things').add({ data: { _id: 'a', v: 1 } });
    await expect(db.collection('things').add({ data: { _id: 'a', v: 2 } })).rejects.toMatchObject({ errCode: -502001 });
  });

  it('merges plain objects in update data, which is why the adapter wraps $set values', async () => {
    const db = new CloudDbDouble();
    await db.collection('things').add({ data: { _id: 'a', obj: { x: 1, y: 2 } } });
    await db
      .collection('things')
      .doc('a')
      .update({ data: { obj: { z: 3 } } });
    expect((await db.collection('things').doc('a').get()).data).toEqual({ _id: 'a', obj: { x: 1, y: 2, z: 3 } });
    await db
      .collection('things')
      .doc('a')
      .update({ data: { obj: db.command.set({ z: 4 }) } });
    expect((await db.collection('things').doc('a').get()).data).toEqual({ _id: 'a', obj: { z: 4 } });
  });

  it('counts changed documents in stats.updated', async () => {
    const db = new CloudDbDouble();
    await db.collection('things').add({ data: { _id: 'a', v: 1 } });
    expect(
      await db
        .collection('things')
        .doc('a')
        .update({ data: { v: 1 } }),
    ).toMatchObject({ stats: { updated: 0 } });
    expect(
      await db
        .collection('things')
        .where({ v: 1 })
        .update({ data: { v: 2 } }),
    ).toMatchObject({ stats: { updated: 1 } });
  });

  it('limits a query to 100 documents unless asked, and to 1000 at most', async () => {
    const db = new CloudDbDouble({ latency: () => Promise.resolve() });
    for (let i = 0; i < 1100; i += 1) await db.collection('things').add({ data: { _id: `d${i}` } });
    expect((await db.collection('things').get()).data).toHaveLength(100);
    expect((await db.collection('things').limit(5000).get()).data).toHaveLength(1000);
  });

  it('isolates transactions by snapshot and fails a write to a document changed since', async () => {
    const db = new CloudDbDouble();
    await db.collection('things').add({ data: { _id: 'a', v: 1 } });
    const seen: unknown[] = [];
    const outcome = await db
      .runTransaction(async (t) => {
        seen.push((await t.collection('things').doc('a').get()).data);
        await db
          .collection('things')
          .doc('a')
          .update({ data: { v: 5 } }); // committed after the snapshot
        seen.push((await t.collection('things').doc('a').get()).data);
        await t
          .collection('things')
          .doc('a')
          .update({ data: { v: 2 } });
      }, 0)
      .then(
        () => 'committed',
        (e: unknown) => e,
      );
    expect(seen).toEqual([
      { _id: 'a', v: 1 },
      { _id: 'a', v: 1 },
    ]);
    // through wx-server-sdk's wrapper: the conflict's code is gone, its text is not
    expect(isCloudConflict(outcome)).toBe(true);
    expect(outcome).not.toHaveProperty('code');
    expect((await db.collection('things').doc('a').get()).data).toEqual({ _id: 'a', v: 5 });
  });

  it('lets the first writer of a document win', async () => {
    const db = new CloudDbDouble();
    await db.collection('things').add({ data: { _id: 'a', v: 0 } });
    let runs = 0;
    let firstWrote = (): void => undefined;
    const wrote = new Promise<void>((r) => (firstWrote = r));
    let finishFirst = (): void => undefined;
    const finish = new Promise<void>((r) => (finishFirst = r));
    const first = db.runTransaction(async (t) => {
      await t
        .collection('things')
        .doc('a')
        .update({ data: { v: db.command.inc(1) } });
      firstWrote();
      await finish;
    });
    await wrote;
    const second = db
      .runTransaction(async (t) => {
        runs += 1;
        await t
          .collection('things')
          .doc('a')
          .update({ data: { v: db.command.inc(10) } });
      }, 0)
      .then(
        () => 'committed',
        (e: unknown) => e,
      );
    expect(isCloudConflict(await second)).toBe(true);
    finishFirst();
    await first;
    expect(runs).toBe(1);
    expect((await db.collection('things').doc('a').get()).data).toEqual({ _id: 'a', v: 1 });
  });

  it('retries the callback on a commit-time conflict, as @cloudbase/database does', async () => {
    const db = new CloudDbDouble();
    await db.collection('things').add({ data: { _id: 'a', v: 0 } });
    let runs = 0;
    await db.runTransaction(async (t) => {
      runs += 1;
      const cur = (await t.collection('things').doc('a').get()).data;
      await t
        .collection('things')
        .doc('a')
        .set({ data: { v: Number((cur as { v?: unknown } | null)?.v) + 1 } });
      // a plain write lands between our write and our commit, the first time only
      if (runs === 1)
        await db
          .collection('things')
          .doc('a')
          .update({ data: { v: db.command.inc(100) } });
    });
    expect(runs).toBe(2);
    expect((await db.collection('things').doc('a').get()).data).toEqual({ _id: 'a', v: 101 });
  });
});

/**
 * The double's claims about the SDK, checked against the real wx-server-sdk code: the real SDK
 * runs over a scripted transport (@cloudbase/database's `Db.reqClass`, which @cloudbase/node-sdk
 * sets to its HTTP requester), and what it answers must equal what the double answers for the
 * same situation.
 */
describe('the double agrees with the real wx-server-sdk', () => {
  type Server = (action: string, params: Record<string, unknown>) => unknown;

  function serviceError(code: string, message: string): Error {
    // as @cloudbase/node-sdk's request layer throws a service error (TcbError)
    return Object.assign(new Error(message), { code, requestId: 'req' });
  }

  async function realSdk<T>(server: Server, use: (db: CloudDb) => Promise<T>): Promise<T> {
    const cloud = await import('wx-server-sdk');
    cloud.init({ env: 'offline-contract' });
    const db = cloud.database() as unknown as CloudDb;
    const saved: unknown = Db.reqClass;
    Db.reqClass = class {
      send(action: string, params?: Record<string, unknown>): Promise<unknown> {
        return Promise.resolve().then(() => ({ requestId: 'req', ...(server(action, params ?? {}) as object) }));
      }
    };
    try {
      return await use(db);
    } finally {
      Db.reqClass = saved;
    }
  }

  async function outcome(p: () => Promise<unknown>): Promise<unknown> {
    try {
      return { ok: await p() };
    } catch (e) {
      const o = e as { message?: unknown; errCode?: unknown; errMsg?: unknown; code?: unknown };
      return { error: { message: o.message, errCode: o.errCode, errMsg: o.errMsg, code: o.code } };
    }
  }

  const json = (doc: object): string => EJSON.stringify(doc, { relaxed: false });
  const fast = { latency: () => Promise.resolve() };

  it('single-document calls and queries', async () => {
    const real = await realSdk(
      (action, params) => {
        const query = typeof params.query === 'string' ? (EJSON.parse(params.query) as Record<string, unknown>) : {};
        switch (action) {
          case 'database.getDocument':
            if (params.queryType === 'WHERE') return { data: { list: [json({ _id: 'a', v: 3 })] } };
            return { data: { list: query._id === 'a' ? [json({ _id: 'a', v: 1 })] : [] } };
          case 'database.insertDocument':
            if (String(params.data).includes('"a"')) {
              throw serviceError(
                'DATABASE_REQUEST_FAILED',
                'E11000 duplicate key error collection: things index: _id_ dup key: { _id: "a" }',
              );
            }
            return { data: { insertedIds: ['b'] } };
          case 'database.modifyDocument':
            return params.upsert ? { data: { updated: 0, upsert_id: 'c' } } : { data: { updated: 1 } };
          case 'database.removeDocument':
            return { data: { deleted: 1 } };
          case 'database.calculateDocument':
            return { data: { total: 3 } };
          default:
            throw new Error(`unexpected ${action}`);
        }
      },
      (db) => scenario(db),
    );
    const double = new CloudDbDouble(fast);
    await double.collection('things').add({ data: { _id: 'a', v: 1 } });
    expect(await scenario(double)).toEqual(real);

    async function scenario(db: CloudDb): Promise<unknown[]> {
      const things = db.collection('things');
      return [
        await outcome(() => things.doc('a').get()),
        await outcome(() => things.doc('zz').get()),
        await outcome(() => things.add({ data: { _id: 'a', v: 2 } })),
        await outcome(() => things.add({ data: { _id: 'b', v: 2 } })),
        await outcome(() => things.doc('c').set({ data: { v: 3 } })),
        await outcome(() => things.doc('a').update({ data: { v: db.command.inc(1) } })),
        await outcome(() => things.where({ _id: db.command.eq('a') }).update({ data: { v: db.command.inc(1) } })),
        await outcome(() => things.where({ v: db.command.gt(0) }).count()),
        await outcome(() => things.where({ _id: 'a' }).get()),
        await outcome(() => things.doc('a').remove()),
        await outcome(() => things.doc('a').set({ data: { _id: 'a', v: 1 } })),
        await outcome(() => things.doc('a').set({ data: { v: db.command.inc(1) } })),
        await outcome(() => things.doc('a').update({ data: {} })),
        await outcome(() => things.doc('a').update({ data: { _id: 'x' } })),
      ];
    }
  });

  it('gather: one aggregateDocuments request, each lookup a constant sub-pipeline, answered as the double answers', async () => {
    const sent: { action: string; params: Record<string, unknown> }[] = [];
    const answer = { _id: 'card1', n: 1, __gather0: [{ _id: 'm1', cardId: 'card1' }], __gather1: [{ n: 2 }] };
    const real = await realSdk(
      (action, params) => {
        sent.push({ action, params });
        if (action !== 'database.aggregateDocuments') throw new Error(`unexpected ${action}`);
        return { data: { list: [json(answer)] } };
      },
      (db) => scenario(db),
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]?.params.collectionName).toBe('cards');
    const stages = (sent[0]?.params.stages as { stageKey: string; stageValue: string }[]).map((st) => ({
      [st.stageKey]: EJSON.parse(st.stageValue),
    }));
    expect(stages).toEqual([
      { $match: { _id: { $eq: 'card1' } } },
      {
        $lookup: {
          from: 'members',
          pipeline: [
            {
              $match: {
                $and: [
                  { cardId: { $eq: 'card1' } },
                  { $or: [{ removedAt: { $eq: null } }, { removedAt: { $exists: false } }] },
                ],
              },
            },
            { $sort: { joinedAt: 1 } },
            { $limit: 5 },
          ],
          as: '__gather0',
        },
      },
      {
        $lookup: {
          from: 'orders',
          pipeline: [{ $match: { createdAt: { $gt: '2026-06-01' } } }, { $count: 'n' }],
          as: '__gather1',
        },
      },
    ]);
    const double = new CloudDbDouble(fast);
    await double.collection('cards').add({ data: { _id: 'card1', n: 1 } });
    await double.collection('members').add({ data: { _id: 'm1', cardId: 'card1' } });
    await double.collection('members').add({ data: { _id: 'm2', cardId: 'card1', removedAt: 'x' } });
    await double.collection('orders').add({ data: { _id: 'o1', createdAt: '2026-06-02' } });
    await double.collection('orders').add({ data: { _id: 'o2', createdAt: '2026-06-03' } });
    await double.collection('orders').add({ data: { _id: 'o0', createdAt: '2026-05-30' } });
    expect(await scenario(double)).toEqual(real);

    function scenario(db: CloudDb) {
      return cloudbaseStore(db).gather('cards', 'card1', {
        members: {
          coll: 'members',
          where: { cardId: 'card1', removedAt: null },
          orderBy: [['joinedAt', 'asc']],
          limit: 5,
        },
        recent: { coll: 'orders', where: { createdAt: { $gt: '2026-06-01' } }, count: true },
      });
    }
  });

  it('transactions: a missing document, a conflicting write, a retried commit', async () => {
    const phase = { n: 0 };
    let commits = 0;
    const realRuns = { n: 0 };
    const real = await realSdk(
      (action, params) => {
        switch (action) {
          case 'database.startTransaction':
            return { transactionId: `tx${phase.n}` };
          case 'database.getDocument':
            return { data: { list: [] } };
          case 'database.modifyDocument':
            if (phase.n === 2) throw serviceError('DATABASE_TRANSACTION_CONFLICT', 'database transaction conflict');
            return { data: { updated: 1 } };
          case 'database.commitTransaction':
            if (phase.n === 2) throw serviceError('DATABASE_REQUEST_FAILED', 'Transaction has been aborted.');
            if (phase.n === 3 && (commits += 1) === 1) {
              throw serviceError('DATABASE_TRANSACTION_CONFLICT', 'database transaction conflict');
            }
            return {};
          case 'database.abortTransaction':
            return {};
          default:
            throw new Error(`unexpected ${action} ${JSON.stringify(params)}`);
        }
      },
      (db) => scenario(db, realRuns, false),
    );

    const double = new CloudDbDouble(fast);
    await double.collection('things').add({ data: { _id: 'a', v: 1 } });
    const doubleRuns = { n: 0 };
    expect(await scenario(double, doubleRuns, true)).toEqual(real);
    expect([doubleRuns.n, realRuns.n]).toEqual([2, 2]);

    async function scenario(db: CloudDb, runs: { n: number }, isDouble: boolean): Promise<unknown[]> {
      phase.n = 1;
      const missing = await outcome(() =>
        db.runTransaction((t) => outcome(() => t.collection('things').doc('zz').get())),
      );
      phase.n = 2;
      let inside: unknown;
      const conflict = await outcome(() =>
        db.runTransaction(async (t) => {
          if (isDouble) {
            await t.collection('things').doc('a').get(); // take the snapshot
            await db
              .collection('things')
              .doc('a')
              .update({ data: { v: db.command.inc(1) } });
          }
          inside = await outcome(() =>
            t
              .collection('things')
              .doc('a')
              .update({ data: { v: 5 } }),
          );
        }),
      );
      phase.n = 3;
      let first = true;
      const retried = await outcome(() =>
        db.runTransaction(async (t) => {
          runs.n += 1;
          await t
            .collection('things')
            .doc('a')
            .set({ data: { v: 7 } });
          // makes the double's first commit conflict, as the scripted server does
          if (isDouble && first)
            await db
              .collection('things')
              .doc('a')
              .update({ data: { v: db.command.inc(1) } });
          first = false;
          return 'done';
        }),
      );
      return [missing, inside, conflict, retried];
    }
  });
});
