/**
 * The local cloud's store: one SQLite file through better-sqlite3.
 *
 * Every collection is a table `(id TEXT PRIMARY KEY, body TEXT NOT NULL)` holding the whole
 * document as JSON, with expression indexes on `json_extract(body,'$.field')` taken from INDEXES.
 * Queries are compiled to SQL over the same expressions so that SQLite can use those indexes; the
 * type guards next to each comparison (`json_type(...)`) make SQL agree with the port's JavaScript
 * semantics in match.ts, which compares without type coercion.
 *
 * better-sqlite3 is synchronous and its own `transaction()` only wraps synchronous functions,
 * while the port's transaction callback is async. So a transaction is BEGIN IMMEDIATE … COMMIT
 * issued by hand, and every store operation goes through one promise queue: while a transaction
 * is open no other request's statement can run on this connection and land inside it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import Database from 'better-sqlite3';
import { COLLECTIONS, INDEXES, type CollectionName } from './collections';
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

export interface SqliteStore extends Store {
  readonly file: string;
  /** Every document of every collection, sorted, one line each: a byte-exact snapshot for tests
   * that check a rejected call changed nothing. */
  dump(): Promise<string>;
  /** SQLite's plan for a `find`, so tests can check that a query is served by an index. */
  queryPlan<C extends CollectionName>(coll: C, where: Where, opts?: FindOptions): Promise<string[]>;
}

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/;

function checkField(field: string): string {
  // Field names are spliced into JSON paths (bound parameters would not match the index
  // expressions), so only plain identifiers are accepted.
  if (!FIELD.test(field)) throw new Error(`unsupported field name: ${JSON.stringify(field)}`);
  return field;
}

function valueExpr(field: string): string {
  return field === '_id' ? 'id' : `json_extract(body,'$.${checkField(field)}')`;
}

function typeExpr(field: string): string {
  return field === '_id' ? `'text'` : `json_type(body,'$.${checkField(field)}')`;
}

function indexName(coll: string, fields: readonly string[]): string {
  return `ix_${coll}_${fields.join('_')}`;
}

type Param = string | number | null;

interface Compiled {
  sql: string;
  params: Param[];
}

/** SQL that is true exactly when `matchesCond(value, v)` is, for a plain value `v`. */
function eqSql(field: string, v: Scalar, params: Param[]): string {
  const x = valueExpr(field);
  const t = typeExpr(field);
  // json_extract turns JSON null and a missing field alike into SQL NULL: the port's null.
  if (v === null) return `${x} IS NULL`;
  if (typeof v === 'boolean') {
    // Booleans come out of json_extract as 1/0, so the type guard keeps `true` from matching 1.
    params.push(v ? 1 : 0, v ? 'true' : 'false');
    return `(${x} = ? AND ${t} = ?)`;
  }
  if (typeof v === 'number') {
    params.push(v);
    return `(${x} = ? AND ${t} IN ('integer','real'))`;
  }
  if (typeof v === 'string') {
    params.push(v);
    return `(${x} = ? AND ${t} = 'text')`;
  }
  throw new Error(`unsupported value in where: ${String(v)}`);
}

const RANGE_OPS = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;

function rangeSql(field: string, op: string, v: unknown, params: Param[]): string {
  const x = valueExpr(field);
  const t = typeExpr(field);
  // The port compares numbers with numbers and strings with strings only; SQLite would
  // otherwise order every number below every string and match across types.
  if (typeof v === 'number') {
    params.push(v);
    return `(${x} ${op} ? AND ${t} IN ('integer','real'))`;
  }
  if (typeof v === 'string') {
    params.push(v);
    return `(${x} ${op} ? AND ${t} = 'text')`;
  }
  throw new Error(`range bound must be a number or a string, got ${String(v)}`);
}

function condSql(field: string, c: Cond, params: Param[]): string[] {
  if (typeof c !== 'object' || c === null) return [eqSql(field, c, params)];
  const out: string[] = [];
  for (const [op, v] of Object.entries(c)) {
    if (v === undefined) continue;
    if (op in RANGE_OPS) {
      out.push(rangeSql(field, RANGE_OPS[op as keyof typeof RANGE_OPS], v, params));
    } else if (op === '$ne') {
      // eqSql can be NULL when the field is missing; NOT NULL would drop the document, but the
      // port's $ne matches a missing field.
      out.push(`NOT COALESCE(${eqSql(field, v as Scalar, params)}, 0)`);
    } else if (op === '$in') {
      const list = v as Scalar[];
      out.push(list.length === 0 ? '0' : `(${list.map((x) => eqSql(field, x, params)).join(' OR ')})`);
    } else {
      throw new Error(`unsupported operator ${op}`);
    }
  }
  return out;
}

function whereSql(where: Where): Compiled {
  const params: Param[] = [];
  const parts: string[] = [];
  for (const [field, c] of Object.entries(where)) parts.push(...condSql(field, c, params));
  return { sql: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', params };
}

function findSql(coll: string, where: Where, opts: FindOptions | undefined, what: string): Compiled {
  const w = whereSql(where);
  let sql = `SELECT ${what} FROM "${coll}"${w.sql}`;
  const params = [...w.params];
  const order = (opts?.orderBy ?? []).map(([f, dir]) => `${valueExpr(f)} ${dir === 'desc' ? 'DESC' : 'ASC'}`);
  // Ties are broken by id so that pages and repeated queries come back in one order.
  if (!(opts?.orderBy ?? []).some(([f]) => f === '_id')) order.push('id ASC');
  sql += ` ORDER BY ${order.join(', ')}`;
  if (opts?.limit !== undefined || opts?.skip !== undefined) {
    sql += ' LIMIT ? OFFSET ?';
    params.push(opts.limit ?? -1, opts.skip ?? 0);
  }
  return { sql, params };
}

/** A FIFO of async jobs: one runs at a time. */
class Queue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

function isSqlitePrimaryKeyError(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

function docId(doc: unknown): string {
  const id = (doc as { _id?: unknown })._id;
  if (typeof id !== 'string' || id === '') throw new Error('document needs a string _id');
  return id;
}

export function openSqliteStore(file: string): SqliteStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a commit survives the process being killed (the WAL is in the OS page
  // cache); only an OS crash or power loss can lose the last commits.
  db.pragma('synchronous = NORMAL');
  // Another process on the same file (a second local cloud, a script) waits instead of failing.
  db.pragma('busy_timeout = 5000');

  db.transaction(() => {
    for (const coll of COLLECTIONS) {
      db.exec(`CREATE TABLE IF NOT EXISTS "${coll}" (id TEXT PRIMARY KEY, body TEXT NOT NULL)`);
      for (const fields of INDEXES[coll] ?? []) {
        const cols = fields.map((f) => valueExpr(f)).join(', ');
        db.exec(`CREATE INDEX IF NOT EXISTS "${indexName(coll, fields)}" ON "${coll}" (${cols})`);
      }
    }
  }).immediate();

  const statements = new Map<string, Database.Statement>();
  function stmt(sql: string): Database.Statement {
    let s = statements.get(sql);
    if (!s) {
      // `$in` lists of every length make new texts; a bound keeps the cache from growing forever.
      if (statements.size >= 500) statements.clear();
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  }

  const queue = new Queue();
  // Marks the async context of a transaction callback (and whatever it starts) while it is open.
  const inTx = new AsyncLocalStorage<{ open: boolean }>();
  const stats = { roundTrips: 0 };
  let closed = false;

  // The synchronous operations: each is one statement, or a read-check-write that must be one.
  const ops = {
    get(coll: CollectionName, id: string): unknown {
      const row = stmt(`SELECT body FROM "${coll}" WHERE id = ?`).get(id) as { body: string } | undefined;
      return row ? (JSON.parse(row.body) as unknown) : null;
    },
    insert(coll: CollectionName, doc: unknown): void {
      const id = docId(doc);
      try {
        stmt(`INSERT INTO "${coll}" (id, body) VALUES (?, ?)`).run(id, JSON.stringify(doc));
      } catch (e) {
        if (isSqlitePrimaryKeyError(e)) throw new DuplicateKeyError(coll, id);
        throw e;
      }
    },
    put(coll: CollectionName, doc: unknown): void {
      stmt(`INSERT INTO "${coll}" (id, body) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body`).run(
        docId(doc),
        JSON.stringify(doc),
      );
    },
    update(coll: CollectionName, id: string, patch: Patch, where: Where | undefined): boolean {
      const row = stmt(`SELECT body FROM "${coll}" WHERE id = ?`).get(id) as { body: string } | undefined;
      if (!row) return false;
      const doc = JSON.parse(row.body) as Record<string, unknown>;
      if (!matches(doc, where)) return false;
      stmt(`UPDATE "${coll}" SET body = ? WHERE id = ?`).run(JSON.stringify(applyPatch(doc, patch)), id);
      return true;
    },
    remove(coll: CollectionName, id: string): boolean {
      return stmt(`DELETE FROM "${coll}" WHERE id = ?`).run(id).changes > 0;
    },
  };

  // Outside a transaction the read-check-write of `update` runs in its own IMMEDIATE
  // transaction, so another process writing the same file cannot slip in between.
  const updateAtomically = db.transaction((coll: CollectionName, id: string, patch: Patch, where: Where | undefined) =>
    ops.update(coll, id, patch, where),
  );

  function guard(op: string): void {
    if (closed) throw new Error('store is closed');
    // The open transaction holds the queue until its callback returns; a call of the outer store
    // from inside that callback would wait for itself forever. It is always a bug (the callback
    // must use its tx), so fail loudly instead of hanging.
    if (inTx.getStore()?.open) throw new Error(`store.${op} called inside a transaction callback: use the tx argument`);
  }

  function outside<T>(op: string, job: () => T): Promise<T> {
    try {
      guard(op);
    } catch (e) {
      return Promise.reject(toError(e));
    }
    return queue.run(() => {
      if (closed) throw new Error('store is closed');
      stats.roundTrips += 1;
      return job();
    });
  }

  const store: SqliteStore = {
    file,
    stats,
    get: <C extends CollectionName>(coll: C, id: string) => outside('get', () => ops.get(coll, id) as DocOf<C> | null),
    insert: (coll, doc) => outside('insert', () => ops.insert(coll, doc)),
    put: (coll, doc) => outside('put', () => ops.put(coll, doc)),
    update: (coll, id, patch, where) => outside('update', () => updateAtomically.immediate(coll, id, patch, where)),
    remove: (coll, id) => outside('remove', () => ops.remove(coll, id)),
    find: <C extends CollectionName>(coll: C, where: Where, opts?: FindOptions) =>
      outside('find', () => {
        if (opts?.limit === 0) return [];
        const q = findSql(coll, where, opts, 'body');
        const rows = stmt(q.sql).all(...q.params) as { body: string }[];
        return rows.map((r) => JSON.parse(r.body) as DocOf<C>);
      }),
    gather: <A extends CollectionName, const L extends Lookups>(coll: A, id: string, lookups: L) =>
      // better-sqlite3 is synchronous: the statements run back to back in this turn of the
      // queue, nothing else in between — one round trip, as a transaction is.
      outside('gather', () => {
        const doc = ops.get(coll, id) as DocOf<A> | null;
        const found: Record<string, unknown> = {};
        for (const [as, l] of Object.entries(lookups)) {
          if (l.count) {
            const w = whereSql(l.where);
            found[as] = doc
              ? (stmt(`SELECT COUNT(*) AS n FROM "${l.coll}"${w.sql}`).get(...w.params) as { n: number }).n
              : 0;
            continue;
          }
          if (!doc || l.limit === 0) {
            found[as] = [];
            continue;
          }
          const q = findSql(
            l.coll,
            l.where,
            { ...(l.orderBy ? { orderBy: l.orderBy } : {}), ...(l.limit !== undefined ? { limit: l.limit } : {}) },
            'body',
          );
          found[as] = (stmt(q.sql).all(...q.params) as { body: string }[]).map((r) => JSON.parse(r.body) as unknown);
        }
        return { doc, found: found as unknown as Gathered<L> };
      }),
    count: (coll, where) =>
      outside('count', () => {
        const w = whereSql(where);
        const row = stmt(`SELECT COUNT(*) AS n FROM "${coll}"${w.sql}`).get(...w.params) as { n: number };
        return row.n;
      }),
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      try {
        guard('transaction');
      } catch (e) {
        return Promise.reject(toError(e));
      }
      return queue.run(async () => {
        if (closed) throw new Error('store is closed');
        // One round trip however many statements: the connection is taken once, the callback's
        // operations run in this process back to back while it is held, and COMMIT gives it back
        // (docs/decisions.md). The CloudBase adapter counts each request instead.
        stats.roundTrips += 1;
        const token = { open: true };
        const inside = <R>(job: () => R): Promise<R> => {
          // A tx kept past its callback would run statements outside BEGIN … COMMIT.
          if (!token.open) return Promise.reject(new Error('transaction already finished'));
          try {
            return Promise.resolve(job());
          } catch (e) {
            return Promise.reject(toError(e));
          }
        };
        const tx: Tx = {
          get: <C extends CollectionName>(coll: C, id: string) => inside(() => ops.get(coll, id) as DocOf<C> | null),
          insert: (coll, doc) => inside(() => ops.insert(coll, doc)),
          put: (coll, doc) => inside(() => ops.put(coll, doc)),
          update: (coll, id, patch, where) => inside(() => ops.update(coll, id, patch, where)),
          remove: (coll, id) => inside(() => ops.remove(coll, id)),
        };
        // IMMEDIATE takes the write lock now: a deferred transaction that reads first could fail
        // with SQLITE_BUSY when it later tries to write while another process holds the lock.
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await inTx.run(token, () => fn(tx));
          token.open = false;
          db.exec('COMMIT');
          return result;
        } catch (e) {
          token.open = false;
          if (db.inTransaction) db.exec('ROLLBACK');
          throw e;
        }
      });
    },
    dump: () =>
      outside('dump', () => {
        stats.roundTrips -= 1; // a test helper, not an operation of the port
        const lines: string[] = [];
        for (const coll of [...COLLECTIONS].sort()) {
          const rows = stmt(`SELECT id, body FROM "${coll}" ORDER BY id`).all() as { id: string; body: string }[];
          for (const r of rows) lines.push(`${coll}\t${r.id}\t${r.body}`);
        }
        return lines.join('\n') + '\n';
      }),
    queryPlan: (coll, where, opts) =>
      outside('queryPlan', () => {
        stats.roundTrips -= 1;
        const q = findSql(coll, where, opts, 'body');
        const rows = stmt(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[];
        return rows.map((r) => r.detail);
      }),
    close: async () => {
      if (closed) return;
      if (inTx.getStore()?.open) throw new Error('store.close called inside a transaction callback');
      await queue.run(() => {
        if (closed) return;
        closed = true;
        db.close();
      });
    },
  };
  return store;
}
