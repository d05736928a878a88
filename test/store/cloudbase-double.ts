/**
 * An in-process stand-in for the part of wx-server-sdk's `cloud.database()` that the CloudBase
 * store calls (the `CloudDb` interface), so that the real adapter code runs offline against it.
 * It is a double of the SDK and the service behind it, not of the store port: it knows nothing
 * of `Where` or `Patch`, only of `db.command` objects and `{ data }` payloads.
 *
 * Where each behaviour comes from:
 *
 * - Answer shapes, argument checks and error wrapping follow the installed SDK sources:
 *   wx-server-sdk 4.0.2 `index.js` (src/api/database/api/database/{document,query,collection}.ts,
 *   src/utils/error.ts, src/config/error.config.ts) over @cloudbase/database 1.4.3
 *   (src/{document,query,collection}.ts, src/transaction/index.ts) and @cloudbase/node-sdk
 *   3.17.2. In particular: `doc.get()` of a missing document throws `document with _id … does
 *   not exist` (or answers `{data: null}` with `throwOnNotFound: false`); `set`/`update` refuse
 *   `_id` in the data and empty data; `set` refuses update commands; `update` flattens plain
 *   nested objects into dotted paths (merge: true); `where().get()` sends limit 100 when none is
 *   given and clamps to 1000; errors reach the caller as wx-server-sdk's
 *   `<api>:fail <errCode> <text>. <service message>` with the service's string code replaced by a
 *   number (-501001 when wx-server-sdk does not know it).
 * - `runTransaction(fn, times = 3)` is @cloudbase/database's algorithm: start, run `fn`, commit;
 *   on an error whose `code` is DATABASE_TRANSACTION_CONFLICT run again while `times` lasts,
 *   otherwise roll back and rethrow. Commit errors come straight from the node SDK (a TcbError
 *   with `code`), operation errors come through wx-server-sdk's wrapper (code lost).
 * - The service side is modelled on MongoDB, which CloudBase's document database runs on:
 *   query semantics (null matches missing, `$ne` matches missing, comparisons within one type,
 *   BSON sort order), `stats.updated` counting documents actually changed (nModified), and
 *   transactions with snapshot isolation: reads see the snapshot taken at start plus the
 *   transaction's own writes; writes are buffered and applied at commit; writing a document
 *   that another open transaction has written, or that was committed after the snapshot,
 *   fails at once with a write conflict and aborts the transaction (first writer wins); commit
 *   checks the write set again. `conflictOn: 'reads'` also fails a commit when a document the
 *   transaction only read has changed — stricter than MongoDB, for callers that want it.
 * - Assumed, not read from a source: the service's message texts. A duplicate `_id` is reported
 *   the way a field report with wx-server-sdk 4.0.2 saw it (-502001 with MongoDB's
 *   `E11000 duplicate key error`); a conflict carries the SDK's own constant text "database
 *   transaction conflict" (@cloudbase/database src/const/code.ts). The real-environment run
 *   (test/store/cloudbase-real.test.ts) is what checks the adapter against the real texts.
 * - Simplified: a plain (non-transaction) write to a document that an open transaction has
 *   written is applied at once and the transaction then fails at commit; MongoDB would make the
 *   plain write wait for the transaction instead. Either way no update is lost.
 */
import { randomUUID } from 'node:crypto';
import type { CloudCommand, CloudDb, CloudTransaction, CloudWriteData } from '../../server/store/cloudbase';

type Doc = Record<string, unknown>;
type QueryOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'exists';

class QueryCmd {
  constructor(
    readonly op: QueryOp,
    readonly arg: unknown,
  ) {}
}
class LogicCmd {
  constructor(
    readonly op: 'and' | 'or',
    readonly parts: readonly unknown[],
  ) {}
}
class UpdateCmd {
  constructor(
    readonly op: 'set' | 'inc' | 'remove',
    readonly arg: unknown,
  ) {}
}

function logic(op: 'and' | 'or', args: unknown[]): LogicCmd {
  // Like the SDK: `_.and([a, b])` and `_.and(a, b)` mean the same.
  const first = args[0];
  return new LogicCmd(op, Array.isArray(first) ? (first as unknown[]) : args);
}

const command: CloudCommand = {
  eq: (v) => new QueryCmd('eq', v),
  neq: (v) => new QueryCmd('neq', v),
  gt: (v) => new QueryCmd('gt', v),
  gte: (v) => new QueryCmd('gte', v),
  lt: (v) => new QueryCmd('lt', v),
  lte: (v) => new QueryCmd('lte', v),
  in: (v) => new QueryCmd('in', v),
  exists: (v) => new QueryCmd('exists', v),
  and: (...q) => logic('and', q),
  or: (...q) => logic('or', q),
  set: (v) => new UpdateCmd('set', v),
  inc: (n) => new UpdateCmd('inc', n),
  remove: () => new UpdateCmd('remove', undefined),
  aggregate: { pipeline: () => new DoublePipeline([]) },
};

const CONFLICT = 'DATABASE_TRANSACTION_CONFLICT';

// wx-server-sdk src/api/cloud/provider/tcb/config/error.config.ts and src/config/error.config.ts
const WX_CODE: Readonly<Record<string, number>> = {
  SYS_ERR: -501001,
  INVALID_PARAM: -501007,
  DATABASE_REQUEST_FAILED: -502001,
  DATABASE_INVALID_OPERRATOR: -502002,
};
const WX_TEXT: Readonly<Record<number, string>> = {
  [-501001]: 'resource system error',
  [-501007]: 'invalid parameters',
  [-502001]: 'database request fail',
  [-502002]: 'database invalid command',
};

export interface WxSdkError extends Error {
  errCode: number;
  errMsg: string;
}

/** A service error as @cloudbase/node-sdk throws it (TcbError: `code` and `message`). */
function serviceError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

/** A service error after wx-server-sdk's maybeTransformError + toSDKError. */
function wxError(api: string, code: string, message: string): WxSdkError {
  const errCode = WX_CODE[code] ?? -501001;
  const e = new Error(`${api}:fail ${errCode} ${WX_TEXT[errCode] ?? ''}. ${message}`);
  return Object.assign(e, { errCode, errMsg: e.message });
}

/** wx-server-sdk's own argument checks (assertType, assertObjectNotEmpty): a CloudSDKError. */
function wxParamError(errMsg: string): WxSdkError {
  const e = new Error(`errCode: -1 unknown error | errMsg: ${errMsg}`);
  return Object.assign(e, { errCode: -1, errMsg });
}

/** A string thrown inside wx-server-sdk, after toSDKError. */
function wxStringError(api: string, text: string): WxSdkError {
  const e = new Error(`${api}:fail ${text}`);
  return Object.assign(e, { errCode: -1, errMsg: e.message });
}

function isPlainObject(x: unknown): x is Doc {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;
}

function hasCommand(x: unknown): boolean {
  if (x instanceof UpdateCmd || x instanceof QueryCmd || x instanceof LogicCmd) return true;
  if (Array.isArray(x)) return x.some(hasCommand);
  return isPlainObject(x) && Object.values(x).some(hasCommand);
}

/** What the service stores: the EJSON round trip drops undefined and copies everything. */
function stored<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

function getPath(doc: Doc, path: string): { present: boolean; value: unknown } {
  let cur: unknown = doc;
  for (const key of path.split('.')) {
    if (!isPlainObject(cur) || !Object.prototype.hasOwnProperty.call(cur, key))
      return { present: false, value: undefined };
    cur = cur[key];
  }
  return { present: true, value: cur };
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur: Doc = doc;
  for (const key of keys.slice(0, -1)) {
    const next = cur[key];
    if (isPlainObject(next)) cur = next;
    else {
      const created: Doc = {};
      cur[key] = created;
      cur = created;
    }
  }
  cur[keys[keys.length - 1] ?? path] = value;
}

function unsetPath(doc: Doc, path: string): void {
  const keys = path.split('.');
  let cur: unknown = doc;
  for (const key of keys.slice(0, -1)) {
    if (!isPlainObject(cur)) return;
    cur = cur[key];
  }
  if (isPlainObject(cur)) delete cur[keys[keys.length - 1] ?? path];
}

// ---- MongoDB query semantics ----

function mongoEq(present: boolean, value: unknown, x: unknown): boolean {
  if (x === null) return !present || value === null;
  if (Array.isArray(value) && value.some((e) => e === x)) return true;
  return value === x;
}

function sameTypeCompare(a: unknown, b: unknown): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

function evalCmd(present: boolean, value: unknown, c: QueryCmd): boolean {
  switch (c.op) {
    case 'eq':
      return mongoEq(present, value, c.arg);
    case 'neq':
      return !mongoEq(present, value, c.arg);
    case 'in':
      if (!Array.isArray(c.arg)) throw wxError('collection.get', 'DATABASE_REQUEST_FAILED', '$in needs an array');
      return c.arg.some((x) => mongoEq(present, value, x));
    case 'exists':
      return present === Boolean(c.arg);
    default: {
      const r = present ? sameTypeCompare(value, c.arg) : null;
      if (r === null) return false;
      return c.op === 'gt' ? r > 0 : c.op === 'gte' ? r >= 0 : c.op === 'lt' ? r < 0 : r <= 0;
    }
  }
}

function evalField(doc: Doc, path: string, c: unknown): boolean {
  if (c === undefined) return true;
  if (c instanceof LogicCmd) {
    return c.op === 'and'
      ? c.parts.every((p) => evalField(doc, path, p))
      : c.parts.some((p) => evalField(doc, path, p));
  }
  const { present, value } = getPath(doc, path);
  if (c instanceof QueryCmd) return evalCmd(present, value, c);
  if (c instanceof UpdateCmd)
    throw wxError('collection.get', 'DATABASE_INVALID_OPERRATOR', 'update command in a query');
  // The SDK flattens `{a: {b: 1}}` into `{'a.b': 1}`.
  if (isPlainObject(c)) return Object.entries(c).every(([k, v]) => evalField(doc, `${path}.${k}`, v));
  return mongoEq(present, value, c);
}

function evalQuery(doc: Doc, q: unknown): boolean {
  if (q === undefined) return true;
  if (q instanceof LogicCmd) {
    return q.op === 'and' ? q.parts.every((p) => evalQuery(doc, p)) : q.parts.some((p) => evalQuery(doc, p));
  }
  if (!isPlainObject(q)) throw new Error('Cannot encode a comparison command with unset field name');
  return Object.entries(q).every(([k, c]) => evalField(doc, k, c));
}

/** BSON comparison order: null/missing < numbers < strings < objects < arrays < booleans. */
function bsonRank(v: unknown): number {
  if (v === null || v === undefined) return 1;
  if (typeof v === 'number') return 2;
  if (typeof v === 'string') return 3;
  if (Array.isArray(v)) return 5;
  if (typeof v === 'object') return 4;
  if (typeof v === 'boolean') return 8;
  return 9;
}

function bsonCompare(a: unknown, b: unknown): number {
  const ra = bsonRank(a);
  const rb = bsonRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 1) return 0;
  if (ra === 8) return Number(a) - Number(b);
  return sameTypeCompare(a, b) ?? JSON.stringify(a).localeCompare(JSON.stringify(b));
}

// ---- update semantics ----

function applyUpdate(api: string, doc: Doc, data: Doc): Doc {
  const out = stored(doc);
  const apply = (prefix: string, obj: Doc): void => {
    for (const [k, v] of Object.entries(obj)) {
      if (v === undefined) continue;
      const path = prefix + k;
      if (v instanceof UpdateCmd) {
        if (v.op === 'set') setPath(out, path, stored(v.arg));
        else if (v.op === 'remove') unsetPath(out, path);
        else {
          const cur = getPath(out, path);
          if (cur.present && typeof cur.value !== 'number') {
            throw wxError(
              api,
              'DATABASE_REQUEST_FAILED',
              `Cannot apply $inc to a value of non-numeric type at ${path}`,
            );
          }
          setPath(out, path, (cur.present ? (cur.value as number) : 0) + Number(v.arg));
        }
      } else if (v instanceof QueryCmd || v instanceof LogicCmd) {
        throw wxError(api, 'DATABASE_INVALID_OPERRATOR', 'query command in update data');
      } else if (isPlainObject(v)) {
        // merge: true — a plain object updates the fields inside it, it does not replace it
        apply(`${path}.`, v);
      } else {
        setPath(out, path, stored(v));
      }
    }
  };
  apply('', data);
  return out;
}

function checkWriteData(api: string, opts: CloudWriteData | undefined): Doc {
  const data = opts?.data;
  if (!isPlainObject(data)) throw wxParamError('options.data must be object');
  if (Object.keys(data).length === 0) throw wxParamError('options.data must not be empty');
  if (Object.prototype.hasOwnProperty.call(data, '_id')) throw wxError(api, 'INVALID_PARAM', '不能更新_id的值');
  return data;
}

// ---- the service ----

interface Version {
  seq: number;
  doc: Doc | null;
}

export interface CloudDbDoubleOptions {
  /** wx-server-sdk's `throwOnNotFound` (default true, as in the SDK) */
  throwOnNotFound?: boolean;
  /** which of a transaction's documents a concurrent commit may not have changed */
  conflictOn?: 'writes' | 'reads';
  /** network delay before each request reaches the service */
  latency?: () => Promise<void>;
}

function defaultLatency(): Promise<void> {
  // Random order of arrival, so that concurrent callers really interleave.
  return new Promise((resolve) => {
    if (Math.random() < 0.5) setImmediate(resolve);
    else setTimeout(resolve, Math.random() * 2);
  });
}

const key = (coll: string, id: string): string => `${coll}\u0000${id}`;

export class CloudDbDouble implements CloudDb {
  readonly command: CloudCommand = command;
  /** requests that reached the service */
  requests = 0;
  readonly options: Required<CloudDbDoubleOptions>;
  private seq = 0;
  private readonly data = new Map<string, Map<string, Version[]>>();
  private readonly open = new Set<DoubleTransaction>();
  /** documents written by an open transaction, and by which */
  private readonly writers = new Map<string, DoubleTransaction>();

  constructor(options: CloudDbDoubleOptions = {}) {
    this.options = {
      throwOnNotFound: options.throwOnNotFound ?? true,
      conflictOn: options.conflictOn ?? 'writes',
      latency: options.latency ?? defaultLatency,
    };
  }

  collection(name: string): DoubleCollection {
    if (!name) throw new Error('Collection name is required');
    return new DoubleCollection(this, name, undefined, [], undefined, undefined);
  }

  async runTransaction<T>(fn: (transaction: CloudTransaction) => Promise<T>, times = 3): Promise<T> {
    let tx: DoubleTransaction | undefined;
    try {
      tx = await this.startTransaction();
      const result = await fn(tx);
      await tx.commit();
      return result;
    } catch (error) {
      if (!tx) throw error;
      const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
      if (times > 0 && code === CONFLICT) {
        // The SDK retries without rolling back; the service has aborted the transaction (or
        // would time it out), which is what abandoning it here stands for.
        tx.abandon();
        return this.runTransaction(fn, times - 1);
      }
      if (tx.state === 'open' || tx.state === 'aborted') {
        try {
          await tx.rollback();
        } catch {
          // the SDK ignores a failed implicit rollback too
        }
      }
      throw error;
    }
  }

  /** Every document, sorted: a byte-exact snapshot for tests. */
  dump(): Promise<string> {
    const lines: string[] = [];
    for (const coll of [...this.data.keys()].sort()) {
      const docs = this.liveDocs(coll).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      for (const [id, doc] of docs) lines.push(`${coll}\t${id}\t${JSON.stringify(doc)}`);
    }
    return Promise.resolve(lines.join('\n') + '\n');
  }

  // ---- service internals, used by the classes below ----

  async arrive(): Promise<void> {
    await this.options.latency();
    this.requests += 1;
  }

  async startTransaction(): Promise<DoubleTransaction> {
    await this.arrive();
    const tx = new DoubleTransaction(this, this.seq);
    this.open.add(tx);
    return tx;
  }

  latest(coll: string, id: string): Version | undefined {
    const versions = this.data.get(coll)?.get(id);
    return versions?.[versions.length - 1];
  }

  current(coll: string, id: string): Doc | null {
    return this.latest(coll, id)?.doc ?? null;
  }

  at(coll: string, id: string, seq: number): Doc | null {
    const versions = this.data.get(coll)?.get(id) ?? [];
    for (let i = versions.length - 1; i >= 0; i -= 1) {
      const v = versions[i];
      if (v && v.seq <= seq) return v.doc;
    }
    return null;
  }

  liveDocs(coll: string): [string, Doc][] {
    const out: [string, Doc][] = [];
    for (const [id, versions] of this.data.get(coll) ?? []) {
      const doc = versions[versions.length - 1]?.doc;
      if (doc) out.push([id, doc]);
    }
    return out;
  }

  write(writes: readonly { coll: string; id: string; doc: Doc | null }[]): void {
    this.seq += 1;
    for (const w of writes) {
      let coll = this.data.get(w.coll);
      if (!coll) {
        coll = new Map();
        this.data.set(w.coll, coll);
      }
      const versions = coll.get(w.id) ?? [];
      versions.push({ seq: this.seq, doc: w.doc === null ? null : stored(w.doc) });
      coll.set(w.id, versions);
      this.prune(coll, w.id, versions);
    }
  }

  private prune(coll: Map<string, Version[]>, id: string, versions: Version[]): void {
    // Keep the versions an open transaction's snapshot may still read.
    let oldest = this.seq;
    for (const tx of this.open) oldest = Math.min(oldest, tx.startSeq);
    let keepFrom = 0;
    for (let i = versions.length - 1; i >= 0; i -= 1) {
      const v = versions[i];
      if (v && v.seq <= oldest) {
        keepFrom = i;
        break;
      }
    }
    versions.splice(0, keepFrom);
    if (versions.length === 1 && versions[0]?.doc === null && this.open.size === 0) coll.delete(id);
  }

  writerOf(k: string): DoubleTransaction | undefined {
    return this.writers.get(k);
  }

  claim(k: string, tx: DoubleTransaction): void {
    this.writers.set(k, tx);
  }

  release(tx: DoubleTransaction): void {
    for (const [k, owner] of this.writers) if (owner === tx) this.writers.delete(k);
    this.open.delete(tx);
  }
}

function matching(db: CloudDbDouble, coll: string, q: object | undefined): [string, Doc][] {
  return db.liveDocs(coll).filter(([, doc]) => evalQuery(doc, q));
}

class DoubleQuery {
  constructor(
    protected readonly db: CloudDbDouble,
    readonly coll: string,
    protected readonly q: object | undefined,
    protected readonly order: readonly (readonly [string, 'asc' | 'desc'])[],
    protected readonly offset: number | undefined,
    protected readonly max: number | undefined,
  ) {}

  where(q: object): DoubleQuery {
    if (Object.prototype.toString.call(q).slice(8, -1) !== 'Object') throw new Error('query param type error');
    const keys = Object.keys(q);
    if (keys.length && !keys.some((k) => (q as Doc)[k] !== undefined)) throw new Error('query param value error');
    return new DoubleQuery(this.db, this.coll, q, this.order, this.offset, this.max);
  }

  orderBy(field: string, dir: 'asc' | 'desc'): DoubleQuery {
    if (dir !== 'asc' && dir !== 'desc') throw new Error(`invalid order direction ${String(dir)}`);
    // The SDK keeps the order as an object: a field given again keeps its place.
    const order = this.order.some(([f]) => f === field)
      ? this.order.map(([f, d]) => [f, f === field ? dir : d] as const)
      : [...this.order, [field, dir] as const];
    return new DoubleQuery(this.db, this.coll, this.q, order, this.offset, this.max);
  }

  skip(n: number): DoubleQuery {
    if (!Number.isInteger(n)) throw new Error('offset must be an integer');
    return new DoubleQuery(this.db, this.coll, this.q, this.order, n, this.max);
  }

  limit(n: number): DoubleQuery {
    if (!Number.isInteger(n)) throw new Error('limit must be an integer');
    return new DoubleQuery(this.db, this.coll, this.q, this.order, this.offset, n);
  }

  async get(): Promise<{ data: Doc[]; errMsg: string }> {
    await this.db.arrive();
    let docs = matching(this.db, this.coll, this.q).map(([, d]) => d);
    if (this.order.length) {
      docs = [...docs].sort((a, b) => {
        for (const [f, dir] of this.order) {
          const r = bsonCompare(getPath(a, f).value, getPath(b, f).value);
          if (r !== 0) return dir === 'desc' ? -r : r;
        }
        return 0;
      });
    }
    // @cloudbase/database Query.get: `if (offset)`, and limit 100 by default, at most 1000.
    const from = this.offset ? this.offset : 0;
    const n = this.max ? Math.min(this.max, 1000) : 100;
    return { data: docs.slice(from, from + n).map(stored), errMsg: 'collection.get:ok' };
  }

  async count(): Promise<{ total: number; errMsg: string }> {
    await this.db.arrive();
    return { total: matching(this.db, this.coll, this.q).length, errMsg: 'collection.count:ok' };
  }

  async update(opts: CloudWriteData): Promise<{ stats: { updated: number }; errMsg: string }> {
    const data = checkWriteData('collection.update', opts);
    await this.db.arrive();
    const writes: { coll: string; id: string; doc: Doc }[] = [];
    for (const [id, doc] of matching(this.db, this.coll, this.q)) {
      const next = applyUpdate('collection.update', doc, data);
      if (JSON.stringify(next) !== JSON.stringify(doc)) writes.push({ coll: this.coll, id, doc: next });
    }
    if (writes.length) this.db.write(writes);
    return { stats: { updated: writes.length }, errMsg: 'collection.update:ok' };
  }
}

class DoubleCollection extends DoubleQuery {
  aggregate(): DoubleAggregate {
    return new DoubleAggregate(this.db, this.coll, []);
  }

  doc(id: string): DoubleDocRef {
    if (typeof id !== 'string' && typeof id !== 'number') throw new Error('docId必须为字符串或数字');
    return new DoubleDocRef(this.db, this.coll, String(id));
  }

  async add(opts: CloudWriteData): Promise<{ _id: string; errMsg: string }> {
    const data = opts?.data;
    if (!isPlainObject(data)) throw wxParamError('options.data must be object');
    await this.db.arrive();
    const id = typeof data._id === 'string' ? data._id : randomUUID().replace(/-/g, '');
    if (this.db.current(this.coll, id)) throw duplicate('collection.add', this.coll, id);
    this.db.write([{ coll: this.coll, id, doc: { ...data, _id: id } }]);
    return { _id: id, errMsg: 'collection.add:ok' };
  }
}

// ---- aggregation: the stages the store uses (match, sort, limit; lookup with a sub-pipeline) ----

type Stage =
  | { $match: object }
  | { $sort: Record<string, 1 | -1> }
  | { $limit: number }
  | { $count: string }
  | { $lookup: { from: string; pipeline: Stage[]; as: string } };

function runStages(db: CloudDbDouble, docs: Doc[], stages: readonly Stage[]): Doc[] {
  let out = docs;
  for (const st of stages) {
    if ('$match' in st) out = out.filter((d) => evalQuery(d, st.$match));
    else if ('$sort' in st) {
      const by = Object.entries(st.$sort);
      out = [...out].sort((a, b) => {
        for (const [f, dir] of by) {
          const r = bsonCompare(getPath(a, f).value, getPath(b, f).value);
          if (r !== 0) return dir === -1 ? -r : r;
        }
        return 0;
      });
    } else if ('$count' in st) {
      out = out.length > 0 ? [{ [st.$count]: out.length }] : [];
    } else if ('$limit' in st) {
      if (!Number.isInteger(st.$limit) || st.$limit <= 0)
        throw wxError('collection.aggregate', 'DATABASE_REQUEST_FAILED', 'the limit must be positive');
      out = out.slice(0, st.$limit);
    } else {
      const { from, pipeline, as } = st.$lookup;
      const foreign = db.liveDocs(from).map(([, d]) => d);
      out = out.map((d) => ({ ...d, [as]: runStages(db, foreign, pipeline) }));
    }
  }
  return out;
}

/** `db.command.aggregate.pipeline()`: `done()` hands the stages to a `lookup`. */
class DoublePipeline {
  constructor(private readonly stages: readonly Stage[]) {}
  match(q: object): DoublePipeline {
    return new DoublePipeline([...this.stages, { $match: q }]);
  }
  sort(by: Record<string, 1 | -1>): DoublePipeline {
    return new DoublePipeline([...this.stages, { $sort: by }]);
  }
  limit(n: number): DoublePipeline {
    return new DoublePipeline([...this.stages, { $limit: n }]);
  }
  count(field: string): DoublePipeline {
    return new DoublePipeline([...this.stages, { $count: field }]);
  }
  done(): Stage[] {
    return [...this.stages];
  }
}

/** `collection.aggregate()`: one request at `end()`, answered `{ list }` as wx-server-sdk does. */
class DoubleAggregate {
  constructor(
    private readonly db: CloudDbDouble,
    private readonly coll: string,
    private readonly stages: readonly Stage[],
  ) {}
  match(q: object): DoubleAggregate {
    return new DoubleAggregate(this.db, this.coll, [...this.stages, { $match: q }]);
  }
  lookup(stage: { from: string; pipeline: object[]; as: string }): DoubleAggregate {
    const lookup = { from: stage.from, pipeline: stage.pipeline as Stage[], as: stage.as };
    return new DoubleAggregate(this.db, this.coll, [...this.stages, { $lookup: lookup }]);
  }
  async end(): Promise<{ list: Doc[]; errMsg: string }> {
    await this.db.arrive();
    const docs = this.db.liveDocs(this.coll).map(([, d]) => d);
    return { list: runStages(this.db, docs, this.stages).map(stored), errMsg: 'collection.aggregate:ok' };
  }
}

function duplicate(api: string, coll: string, id: string): WxSdkError {
  return wxError(
    api,
    'DATABASE_REQUEST_FAILED',
    `E11000 duplicate key error collection: ${coll} index: _id_ dup key: { _id: ${JSON.stringify(id)} }`,
  );
}

function notFound(db: CloudDbDouble, id: string): { data: null; errMsg: string } {
  if (db.options.throwOnNotFound) throw wxStringError('document.get', `document with _id ${id} does not exist`);
  return { data: null, errMsg: 'document.get:ok' };
}

class DoubleDocRef {
  constructor(
    private readonly db: CloudDbDouble,
    private readonly coll: string,
    readonly _id: string,
  ) {}

  async get(): Promise<{ data: Doc | null; errMsg: string }> {
    await this.db.arrive();
    const doc = this.db.current(this.coll, this._id);
    return doc ? { data: stored(doc), errMsg: 'document.get:ok' } : notFound(this.db, this._id);
  }

  async set(
    opts: CloudWriteData,
  ): Promise<{ _id: string; stats: { updated: number; created: number }; errMsg: string }> {
    const data = checkWriteData('document.set', opts);
    if (hasCommand(data)) throw wxError('document.set', 'DATABASE_REQUEST_FAILED', 'update operator complicit');
    await this.db.arrive();
    const existed = this.db.current(this.coll, this._id) !== null;
    this.db.write([{ coll: this.coll, id: this._id, doc: { _id: this._id, ...data } }]);
    return { _id: this._id, stats: { updated: existed ? 1 : 0, created: existed ? 0 : 1 }, errMsg: 'document.set:ok' };
  }

  async update(opts: CloudWriteData): Promise<{ stats: { updated: number }; errMsg: string }> {
    const data = checkWriteData('document.update', opts);
    await this.db.arrive();
    const doc = this.db.current(this.coll, this._id);
    if (!doc) return { stats: { updated: 0 }, errMsg: 'document.update:ok' };
    const next = applyUpdate('document.update', doc, data);
    const changed = JSON.stringify(next) !== JSON.stringify(doc);
    if (changed) this.db.write([{ coll: this.coll, id: this._id, doc: next }]);
    return { stats: { updated: changed ? 1 : 0 }, errMsg: 'document.update:ok' };
  }

  async remove(): Promise<{ stats: { removed: number }; errMsg: string }> {
    await this.db.arrive();
    const existed = this.db.current(this.coll, this._id) !== null;
    if (existed) this.db.write([{ coll: this.coll, id: this._id, doc: null }]);
    return { stats: { removed: existed ? 1 : 0 }, errMsg: 'document.remove:ok' };
  }
}

type TxState = 'open' | 'aborted' | 'committed' | 'rolledback';

class DoubleTransaction implements CloudTransaction {
  state: TxState = 'open';
  private readonly writes = new Map<string, { coll: string; id: string; doc: Doc | null }>();
  private readonly reads = new Set<string>();

  constructor(
    readonly db: CloudDbDouble,
    readonly startSeq: number,
  ) {}

  collection(name: string): {
    doc(id: string): TxDocRef;
    add(opts: CloudWriteData): Promise<{ _id: string; errMsg: string }>;
  } {
    if (!name) throw new Error('Collection name is required');
    return {
      doc: (id: string) => new TxDocRef(this, name, String(id)),
      add: (opts: CloudWriteData) => this.add(name, opts),
    };
  }

  async arrive(api: string): Promise<void> {
    await this.db.arrive();
    // MongoDB: after an error the transaction is aborted and every later statement fails.
    if (this.state !== 'open') throw wxError(api, 'DATABASE_REQUEST_FAILED', 'Transaction has been aborted.');
  }

  read(coll: string, id: string): Doc | null {
    const k = key(coll, id);
    const own = this.writes.get(k);
    if (own) return own.doc;
    this.reads.add(k);
    return this.db.at(coll, id, this.startSeq);
  }

  /** First writer wins; a document committed after our snapshot cannot be written either. */
  lock(api: string, coll: string, id: string): void {
    const k = key(coll, id);
    const owner = this.db.writerOf(k);
    const committedSince = (this.db.latest(coll, id)?.seq ?? 0) > this.startSeq;
    if ((owner && owner !== this) || committedSince) {
      this.abort();
      throw wxError(api, CONFLICT, 'database transaction conflict');
    }
    this.db.claim(k, this);
  }

  buffer(coll: string, id: string, doc: Doc | null): void {
    this.writes.set(key(coll, id), { coll, id, doc: doc === null ? null : stored(doc) });
  }

  async add(coll: string, opts: CloudWriteData): Promise<{ _id: string; errMsg: string }> {
    const data = opts?.data;
    if (!isPlainObject(data)) throw wxParamError('options.data must be object');
    await this.arrive('collection.add');
    const id = typeof data._id === 'string' ? data._id : randomUUID().replace(/-/g, '');
    this.lock('collection.add', coll, id);
    if (this.read(coll, id)) {
      this.abort();
      throw duplicate('collection.add', coll, id);
    }
    this.buffer(coll, id, { ...data, _id: id });
    return { _id: id, errMsg: 'collection.add:ok' };
  }

  async commit(): Promise<void> {
    await this.db.arrive();
    if (this.state !== 'open') throw serviceError('DATABASE_REQUEST_FAILED', 'Transaction has been aborted.');
    const checked =
      this.db.options.conflictOn === 'reads' ? [...this.writes.keys(), ...this.reads] : [...this.writes.keys()];
    for (const k of checked) {
      const [coll = '', id = ''] = k.split('\u0000');
      if ((this.db.latest(coll, id)?.seq ?? 0) > this.startSeq) {
        this.abort();
        // straight from the node SDK's request layer, code included: the SDK retries on it
        throw serviceError(CONFLICT, 'database transaction conflict');
      }
    }
    if (this.writes.size) this.db.write([...this.writes.values()]);
    this.state = 'committed';
    this.db.release(this);
  }

  async rollback(): Promise<void> {
    await this.db.arrive();
    this.state = 'rolledback';
    this.db.release(this);
  }

  abort(): void {
    this.state = 'aborted';
    this.db.release(this);
  }

  abandon(): void {
    if (this.state === 'open') this.abort();
  }
}

class TxDocRef {
  constructor(
    private readonly tx: DoubleTransaction,
    private readonly coll: string,
    readonly _id: string,
  ) {}

  async get(): Promise<{ data: Doc | null; errMsg: string }> {
    await this.tx.arrive('document.get');
    const doc = this.tx.read(this.coll, this._id);
    // The transaction API answers `{data: null}`; wx-server-sdk then applies throwOnNotFound.
    return doc ? { data: stored(doc), errMsg: 'document.get:ok' } : notFound(this.tx.db, this._id);
  }

  async set(
    opts: CloudWriteData,
  ): Promise<{ _id: string; stats: { updated: number; created: number }; errMsg: string }> {
    const data = checkWriteData('document.set', opts);
    if (hasCommand(data)) throw wxError('document.set', 'DATABASE_REQUEST_FAILED', 'update operator complicit');
    await this.tx.arrive('document.set');
    this.tx.lock('document.set', this.coll, this._id);
    const existed = this.tx.read(this.coll, this._id) !== null;
    this.tx.buffer(this.coll, this._id, { _id: this._id, ...data });
    // In a transaction @cloudbase/database answers `upserted`, not `upsertedId`, so
    // wx-server-sdk reports created: 0.
    return { _id: this._id, stats: { updated: existed ? 1 : 0, created: 0 }, errMsg: 'document.set:ok' };
  }

  async update(opts: CloudWriteData): Promise<{ stats: { updated: number }; errMsg: string }> {
    const data = checkWriteData('document.update', opts);
    await this.tx.arrive('document.update');
    const doc = this.tx.read(this.coll, this._id);
    if (!doc) return { stats: { updated: 0 }, errMsg: 'document.update:ok' };
    this.tx.lock('document.update', this.coll, this._id);
    const next = applyUpdate('document.update', doc, data);
    const changed = JSON.stringify(next) !== JSON.stringify(doc);
    if (changed) this.tx.buffer(this.coll, this._id, next);
    return { stats: { updated: changed ? 1 : 0 }, errMsg: 'document.update:ok' };
  }

  async remove(): Promise<{ stats: { removed: number }; errMsg: string }> {
    await this.tx.arrive('document.remove');
    const existed = this.tx.read(this.coll, this._id) !== null;
    if (!existed) return { stats: { removed: 0 }, errMsg: 'document.remove:ok' };
    this.tx.lock('document.remove', this.coll, this._id);
    this.tx.buffer(this.coll, this._id, null);
    return { stats: { removed: 1 }, errMsg: 'document.remove:ok' };
  }
}
