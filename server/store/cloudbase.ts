/**
 * The deployed store: CloudBase's document database through wx-server-sdk (`cloud.database()`).
 *
 * What this relies on, read from wx-server-sdk 4.0.2 and the @cloudbase/database 1.4.3 /
 * @cloudbase/node-sdk 3.17.2 it wraps (node_modules/…/src, dist):
 *
 * - `doc(id).get()` answers `{ data: doc }` with `_id` in the document. For a missing document
 *   wx-server-sdk throws `document.get:fail document with _id <id> does not exist` unless the
 *   database was made with `throwOnNotFound: false`, in which case it answers `{ data: null }`
 *   (DocumentReference.get in wx-server-sdk). Both are handled, in and out of transactions.
 * - `doc(id).set({ data })` and `update({ data })` reject data holding `_id` ("不能更新_id的值")
 *   and empty data; `set` replaces the document (merge: false, upsert: true) and may not hold
 *   update commands. `update` merges: a plain nested object is flattened into dotted paths, so
 *   every `$set` value is wrapped in `_.set(v)` to replace the field as the port says.
 * - Updates answer `{ stats: { updated } }`. It counts documents the server changed (MongoDB's
 *   nModified; @cloudbase/database keeps a commented-out `matched` beside it), so a `$set` that
 *   rewrites the same value answers 0 although the document matched: see `update` below.
 * - `collection.add({ data })` keeps a given `_id`. wx-server-sdk drops the service's error code
 *   when it wraps errors (`errCode` becomes a number, -501001 for codes it does not know), so a
 *   duplicate `_id` is recognised by the service's marker in the message: CloudBase documents
 *   DATABASE_DUPLICATE_WRITE (docs.cloudbase.net/error-code/DATABASE_DUPLICATE_WRITE), and a
 *   field report with wx-server-sdk 4.0.2 saw `-502001 … E11000 duplicate key error` — MongoDB's
 *   own text. Any of those markers counts.
 * - `where(q).get()` sends limit 100 when none is given and clamps a larger one to 1000
 *   (Query.get in @cloudbase/database); WeChat's docs have said both 100 and 1000 for the server
 *   cap. `find` pages 100 at a time, which is right under either reading.
 * - `collection.aggregate()…end()` is one `database.aggregateDocuments` request; wx-server-sdk
 *   answers `{ list }` (src/api/database/api/database/aggregate.ts), its `$.pipeline()…done()`
 *   is @cloudbase/database's, a `lookup` stage's `pipeline` taking those stages as they are.
 * - `db.runTransaction(fn, times = 3)` offers only single-document operations by id
 *   (`transaction.collection(c).doc(id).get/set/update/remove`, `collection(c).add`). Reads are
 *   snapshot reads and the service aborts a transaction whose writes conflict with another's.
 *   The SDK re-runs `fn` only for an error whose `code` is DATABASE_TRANSACTION_CONFLICT; a
 *   conflict raised by an operation inside `fn` reaches us through wx-server-sdk's wrapper with
 *   that code dropped, so the adapter puts the code back (see `txOp`) and also retries whole
 *   transactions itself with backoff when the SDK's own retries run out.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CollectionName } from './collections';
import { applyPatch, matches } from './match';
import {
  DuplicateKeyError,
  type Cond,
  type DocOf,
  type FindOptions,
  type Gathered,
  type Lookups,
  type Patch,
  type Scalar,
  type Store,
  type Tx,
  type Where,
} from './port';

/** A query or update command built by `db.command`; opaque to the adapter. */
export type CloudCommandValue = object;

/** The subset of `db.command` (`_`) the adapter uses. */
export interface CloudCommand {
  eq(v: Scalar): CloudCommandValue;
  neq(v: Scalar): CloudCommandValue;
  gt(v: number | string): CloudCommandValue;
  gte(v: number | string): CloudCommandValue;
  lt(v: number | string): CloudCommandValue;
  lte(v: number | string): CloudCommandValue;
  in(v: Scalar[]): CloudCommandValue;
  exists(v: boolean): CloudCommandValue;
  and(...q: object[]): CloudCommandValue;
  or(...q: object[]): CloudCommandValue;
  set(v: unknown): CloudCommandValue;
  inc(n: number): CloudCommandValue;
  remove(): CloudCommandValue;
  /** `db.command.aggregate`: only its pipeline builder, for `lookup` sub-pipelines */
  readonly aggregate: { pipeline(): CloudPipeline };
}

/** A sub-pipeline (`$.pipeline()`): stages, then `done()` for the lookup's `pipeline`. */
export interface CloudPipeline {
  match(q: object): CloudPipeline;
  sort(by: Record<string, 1 | -1>): CloudPipeline;
  limit(n: number): CloudPipeline;
  /** one document `{ [field]: n }`, none when nothing matched */
  count(field: string): CloudPipeline;
  done(): object[];
}

/** `collection.aggregate()`: the stages `gather` uses, then `end()` sends the request. */
export interface CloudAggregate {
  match(q: object): CloudAggregate;
  lookup(stage: { from: string; pipeline: object[]; as: string }): CloudAggregate;
  /** wx-server-sdk answers `{ list }`; @cloudbase/node-sdk underneath answers `{ data }` */
  end(): Promise<{ list?: unknown[]; data?: unknown[] }>;
}

export interface CloudWriteData {
  data: Record<string, unknown>;
}

export interface CloudDocRef {
  /** `{ data: doc }`; `data` is null (or the call throws) when missing. Outside wx-server-sdk,
   * @cloudbase/node-sdk answers an array. */
  get(): Promise<{ data: unknown }>;
  set(opts: CloudWriteData): Promise<unknown>;
  update(opts: CloudWriteData): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface CloudQuery {
  where(q: object): CloudQuery;
  orderBy(field: string, dir: 'asc' | 'desc'): CloudQuery;
  skip(n: number): CloudQuery;
  limit(n: number): CloudQuery;
  get(): Promise<{ data: unknown[] }>;
  count(): Promise<{ total: number }>;
  update(opts: CloudWriteData): Promise<{ stats: { updated: number } }>;
}

export interface CloudCollection extends CloudQuery {
  doc(id: string): CloudDocRef;
  add(opts: CloudWriteData): Promise<unknown>;
  aggregate(): CloudAggregate;
}

export interface CloudTransaction {
  collection(name: string): {
    doc(id: string): CloudDocRef;
    add(opts: CloudWriteData): Promise<unknown>;
  };
}

/** The part of wx-server-sdk's `cloud.database()` the adapter calls. Its own typings answer
 * `Promise<…> | void | string`, so pass `cloud.database() as unknown as CloudDb`. */
export interface CloudDb {
  readonly command: CloudCommand;
  collection(name: string): CloudCollection;
  runTransaction<T>(fn: (transaction: CloudTransaction) => Promise<T>, times?: number): Promise<T>;
}

export interface CloudbaseStoreOptions {
  /** documents per `get` when paging a `find` */
  pageSize?: number;
  /** the SDK's `runTransaction` retries on a conflict (its default is 3) */
  sdkRetries?: number;
  /** whole-transaction attempts by the adapter, each with the SDK's own retries inside */
  attempts?: number;
  /** backoff before attempt n: random in [0, min(maxBackoffMs, backoffMs·2^n)) */
  backoffMs?: number;
  maxBackoffMs?: number;
}

const CONFLICT = 'DATABASE_TRANSACTION_CONFLICT';

function errorText(e: unknown): { code: unknown; errCode: unknown; text: string } {
  if (typeof e === 'string') return { code: undefined, errCode: undefined, text: e };
  if (typeof e !== 'object' || e === null) return { code: undefined, errCode: undefined, text: '' };
  const o = e as { code?: unknown; errCode?: unknown; errMsg?: unknown; message?: unknown };
  const text = [o.errMsg, o.message].filter((x): x is string => typeof x === 'string').join(' ');
  return { code: o.code, errCode: o.errCode, text };
}

/** A duplicate `_id` on `add`, in any of the shapes the SDKs give it (see the header). */
export function isCloudDuplicate(e: unknown): boolean {
  const { code, errCode, text } = errorText(e);
  return (
    code === 'DATABASE_DUPLICATE_WRITE' ||
    code === 11000 ||
    errCode === 11000 ||
    /DATABASE_DUPLICATE_WRITE|E11000|duplicate key/i.test(text)
  );
}

/** A transaction write conflict, with or without the code wx-server-sdk drops. */
export function isCloudConflict(e: unknown): boolean {
  const { code, text } = errorText(e);
  return code === CONFLICT || /DATABASE_TRANSACTION_CONFLICT|transaction conflict|write ?conflict/i.test(text);
}

function isCloudNotFound(e: unknown, id: string): boolean {
  return errorText(e).text.includes(`document with _id ${id} does not exist`);
}

function conflictError(cause: unknown): Error {
  // The SDK's runTransaction retries exactly when `code` is this string.
  return Object.assign(new Error(`${CONFLICT}: ${errorText(cause).text}`), { code: CONFLICT, cause });
}

function asDoc(x: unknown): Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new Error('CloudBase answered a non-document');
  return x as Record<string, unknown>;
}

function docId(doc: unknown): string {
  const id = (doc as { _id?: unknown })._id;
  if (typeof id !== 'string' || id === '') throw new Error('document needs a string _id');
  return id;
}

function withoutId(coll: string, doc: unknown): Record<string, unknown> {
  const { _id, ...rest } = asDoc(doc);
  void _id;
  // `set` rejects empty data, so CloudBase cannot hold a document that is only an _id.
  if (Object.keys(rest).length === 0) throw new Error(`${coll}: a CloudBase document needs a field besides _id`);
  return rest;
}

function isEqualJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The port's `Where` as a CloudBase query.
 *
 * Each condition is its own object under one top-level `_.and`: field-level `_.or` commands for
 * two fields would otherwise be merged into a single top-level `$or` by the SDK's serializer
 * (QueryEncoder.mergeConditionAfterEncode concatenates them), changing the meaning.
 * Null is spelt out as "null or missing": that is MongoDB's meaning of `{f: null}` already, but
 * the port's semantics should not hang on it.
 */
export function translateWhere(_: CloudCommand, where: Where | undefined, id?: string): object | undefined {
  const parts: object[] = [];
  if (id !== undefined) parts.push({ _id: _.eq(id) });
  for (const [field, c] of Object.entries(where ?? {})) {
    for (const q of condCommands(_, c)) parts.push({ [field]: q });
  }
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return _.and(...parts);
}

function eqCommand(_: CloudCommand, v: Scalar): CloudCommandValue {
  return v === null ? _.or(_.eq(null), _.exists(false)) : _.eq(v);
}

function condCommands(_: CloudCommand, c: Cond): CloudCommandValue[] {
  if (typeof c !== 'object' || c === null) return [eqCommand(_, c)];
  const out: CloudCommandValue[] = [];
  for (const [op, v] of Object.entries(c)) {
    if (v === undefined) continue;
    switch (op) {
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        if (typeof v !== 'number' && typeof v !== 'string') throw new Error(`${op} needs a number or a string`);
        // MongoDB compares within a type only (numbers with numbers, strings with strings),
        // as the port does.
        out.push(op === '$gt' ? _.gt(v) : op === '$gte' ? _.gte(v) : op === '$lt' ? _.lt(v) : _.lte(v));
        break;
      }
      case '$ne': {
        const x = v as Scalar;
        out.push(x === null ? _.and(_.neq(null), _.exists(true)) : _.or(_.neq(x), _.exists(false)));
        break;
      }
      case '$in': {
        const list = v as Scalar[];
        const values = list.filter((x) => x !== null);
        if (values.length === list.length) out.push(_.in(values));
        else if (values.length === 0) out.push(eqCommand(_, null));
        else out.push(_.or(_.in(values), _.eq(null), _.exists(false)));
        break;
      }
      default:
        throw new Error(`unsupported operator ${op}`);
    }
  }
  return out;
}

/** The port's `Patch` as CloudBase update data; empty when the patch changes nothing. */
export function translatePatch(_: CloudCommand, patch: Patch): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const inc = patch.$inc ?? {};
  for (const [k, v] of Object.entries(patch.$set ?? {})) {
    if (k === '_id') continue;
    // MongoDB refuses $set and $inc on one field; the port applies the $inc on top of the $set.
    if (k in inc) data[k] = _.set((typeof v === 'number' ? v : 0) + (inc[k] ?? 0));
    else if (v === undefined) data[k] = _.remove();
    else data[k] = _.set(v);
  }
  for (const [k, n] of Object.entries(inc)) {
    if (k === '_id' || k in data) continue;
    data[k] = _.inc(n);
  }
  return data;
}

export function cloudbaseStore(db: CloudDb, options: CloudbaseStoreOptions = {}): Store {
  const pageSize = options.pageSize ?? 100;
  const sdkRetries = options.sdkRetries ?? 3;
  const attempts = options.attempts ?? 25;
  const backoffMs = options.backoffMs ?? 4;
  const maxBackoffMs = options.maxBackoffMs ?? 250;
  const _ = db.command;
  const stats = { roundTrips: 0 };
  // Marks the async context of a transaction callback (and whatever it starts) while it is open.
  const inTx = new AsyncLocalStorage<{ open: boolean }>();
  let closed = false;

  function call<T>(p: () => Promise<T>): Promise<T> {
    stats.roundTrips += 1;
    return p();
  }

  async function readDoc(ref: CloudDocRef, id: string): Promise<Record<string, unknown> | null> {
    try {
      const { data } = await call(() => ref.get());
      const doc: unknown = Array.isArray(data) ? (data[0] ?? null) : data;
      return doc === null || doc === undefined ? null : asDoc(doc);
    } catch (e) {
      if (isCloudNotFound(e, id)) return null;
      throw e;
    }
  }

  function guard(op: string): void {
    if (closed) throw new Error('store is closed');
    // Outside the transaction's snapshot and writes: always a bug in the callback (it must use
    // its tx). The SQLite store would deadlock on it, so both refuse it alike.
    if (inTx.getStore()?.open) throw new Error(`store.${op} called inside a transaction callback: use the tx argument`);
  }

  async function txOp<T>(token: { open: boolean }, op: () => Promise<T>): Promise<T> {
    // A tx kept past its callback would send operations to a finished CloudBase transaction.
    if (!token.open) throw new Error('transaction already finished');
    try {
      return await op();
    } catch (e) {
      // wx-server-sdk's wrapper dropped the code; without it the SDK would not retry and the
      // transaction would fail instead.
      if (isCloudConflict(e)) throw conflictError(e);
      throw e;
    }
  }

  function makeTx(t: CloudTransaction, token: { open: boolean }): Tx {
    const ref = (coll: string, id: string) => t.collection(coll).doc(id);
    const get = (coll: string, id: string) => txOp(token, () => readDoc(ref(coll, id), id));
    return {
      get: async <C extends CollectionName>(coll: C, id: string) => (await get(coll, id)) as DocOf<C> | null,
      insert: async (coll, doc) => {
        const id = docId(doc);
        // Checked first because a failed write aborts the whole CloudBase transaction, while
        // the port lets the callback catch DuplicateKeyError and go on.
        if (await get(coll, id)) throw new DuplicateKeyError(coll, id);
        await txOp(token, async () => {
          try {
            await call(() => t.collection(coll).add({ data: { ...asDoc(doc) } }));
          } catch (e) {
            // Inserted by another commit after our snapshot: the transaction is dead; running it
            // again will see the document and throw DuplicateKeyError cleanly.
            if (isCloudDuplicate(e)) throw conflictError(e);
            throw e;
          }
        });
      },
      put: async (coll, doc) => {
        const id = docId(doc);
        await txOp(token, () => call(() => ref(coll, id).set({ data: withoutId(coll, doc) })));
      },
      update: async (coll, id, patch, where) => {
        // Read-check-write is safe here: the read is from the transaction's snapshot, and if
        // another commit changed the document since, CloudBase rejects our write as a conflict
        // and the transaction runs again.
        const cur = await get(coll, id);
        if (!cur || !matches(cur, where)) return false;
        const data = translatePatch(_, patch);
        if (Object.keys(data).length > 0) await txOp(token, () => call(() => ref(coll, id).update({ data })));
        return true;
      },
      remove: async (coll, id) => {
        const r = await txOp(token, () => call(() => ref(coll, id).remove()));
        return r.stats.removed > 0;
      },
    };
  }

  const store: Store = {
    stats,
    get: async <C extends CollectionName>(coll: C, id: string) => {
      guard('get');
      return (await readDoc(db.collection(coll).doc(id), id)) as DocOf<C> | null;
    },
    insert: async (coll, doc) => {
      guard('insert');
      const id = docId(doc);
      try {
        await call(() => db.collection(coll).add({ data: { ...asDoc(doc) } }));
      } catch (e) {
        if (isCloudDuplicate(e)) throw new DuplicateKeyError(coll, id);
        throw e;
      }
    },
    put: async (coll, doc) => {
      guard('put');
      await call(() =>
        db
          .collection(coll)
          .doc(docId(doc))
          .set({ data: withoutId(coll, doc) }),
      );
    },
    update: async (coll, id, patch, where) => {
      guard('update');
      const q = translateWhere(_, where, id) ?? {};
      const data = translatePatch(_, patch);
      if (Object.keys(data).length === 0) {
        // The SDK refuses empty update data; the answer is whether the document matches.
        const { total } = await call(() => db.collection(coll).where(q).count());
        return total > 0;
      }
      // One atomic conditional write on the server: the R3.2 hold.
      const r = await call(() => db.collection(coll).where(q).update({ data }));
      if (r.stats.updated > 0) return true;
      // A non-zero increment always changes the document, so 0 means no match.
      const set = patch.$set ?? {};
      if (Object.entries(patch.$inc ?? {}).some(([k, n]) => n !== 0 && k !== '_id' && !(k in set))) return false;
      // 0 is also the answer when the document matched but the patch changed nothing. Tell the
      // two apart by reading: if the document matches now and the patch would leave it as it is,
      // the update took effect at this read (it was a no-op), so it succeeded.
      const cur = await readDoc(db.collection(coll).doc(id), id);
      return cur !== null && matches(cur, where) && isEqualJson(applyPatch(cur, patch), cur);
    },
    remove: async (coll, id) => {
      guard('remove');
      const r = await call(() => db.collection(coll).doc(id).remove());
      return r.stats.removed > 0;
    },
    find: async <C extends CollectionName>(coll: C, where: Where, opts?: FindOptions) => {
      guard('find');
      const want = opts?.limit ?? Number.POSITIVE_INFINITY;
      if (want <= 0) return [];
      const q = translateWhere(_, where);
      const order = [...(opts?.orderBy ?? [])];
      // Paging needs a total order, and the SQLite store breaks ties by id too.
      if (!order.some(([f]) => f === '_id')) order.push(['_id', 'asc']);
      const out: DocOf<C>[] = [];
      let skip = opts?.skip ?? 0;
      while (out.length < want) {
        const n = Math.min(pageSize, want - out.length);
        let query: CloudQuery = q ? db.collection(coll).where(q) : db.collection(coll);
        for (const [f, dir] of order) query = query.orderBy(f, dir);
        if (skip > 0) query = query.skip(skip);
        query = query.limit(n);
        const { data } = await call(() => query.get());
        for (const d of data) out.push(asDoc(d) as DocOf<C>);
        skip += data.length;
        if (data.length < n) break;
      }
      return out;
    },
    gather: async <A extends CollectionName, const L extends Lookups>(coll: A, id: string, lookups: L) => {
      guard('gather');
      // One aggregation: the document by id, each lookup a sub-pipeline with constant conditions
      // (no `let`: nothing joins on the document's fields), its answer an array field of the one
      // result. A missing document gives no result, hence no lookups, as the port says.
      const $ = _.aggregate;
      const names = Object.keys(lookups);
      let agg = db
        .collection(coll)
        .aggregate()
        .match({ _id: _.eq(id) });
      names.forEach((as, i) => {
        const l = lookups[as];
        // `limit: 0` asks for nothing: no stage sent (the service refuses a zero limit)
        if (!l || l.limit === 0) return;
        let p = $.pipeline();
        const q = translateWhere(_, l.where);
        if (q) p = p.match(q);
        const order = [...(l.orderBy ?? [])];
        if (order.length > 0) p = p.sort(Object.fromEntries(order.map(([f, d]) => [f, d === 'asc' ? 1 : -1])));
        // the service's own cap on a lookup is the 16 MB result document, not a page
        if (l.limit !== undefined) p = p.limit(l.limit);
        if (l.count) p = p.count('n');
        // `as` names are the caller's; fixed ones keep them clear of the document's own fields
        agg = agg.lookup({ from: l.coll, pipeline: p.done(), as: `__gather${i}` });
      });
      const answer = await call(() => agg.end());
      const row = (answer.list ?? answer.data ?? [])[0];
      const found: Record<string, unknown> = {};
      const doc = row === undefined || row === null ? null : { ...asDoc(row) };
      names.forEach((as, i) => {
        const list = doc?.[`__gather${i}`];
        if (doc) delete doc[`__gather${i}`];
        const docs = Array.isArray(list) ? list.map((d) => asDoc(d)) : [];
        found[as] = lookups[as]?.count ? Number(docs[0]?.n ?? 0) : docs;
      });
      return { doc: doc as DocOf<A> | null, found: found as unknown as Gathered<L> };
    },
    count: async (coll, where) => {
      guard('count');
      const q = translateWhere(_, where);
      const { total } = await call(() => (q ? db.collection(coll).where(q) : db.collection(coll)).count());
      return total;
    },
    transaction: async <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => {
      guard('transaction');
      for (let attempt = 1; ; attempt += 1) {
        const tokens: { open: boolean }[] = [];
        try {
          return await db.runTransaction(async (t) => {
            stats.roundTrips += 2; // startTransaction and commitTransaction
            const token = { open: true };
            tokens.push(token);
            return inTx.run(token, () => fn(makeTx(t, token)));
          }, sdkRetries);
        } catch (e) {
          if (!isCloudConflict(e) || attempt >= attempts) throw e;
          await sleep(Math.random() * Math.min(maxBackoffMs, backoffMs * 2 ** attempt));
        } finally {
          for (const token of tokens) token.open = false;
        }
      }
    },
    close: () => {
      closed = true;
      return Promise.resolve();
    },
  };
  return store;
}
