/**
 * The store port: the only way use cases touch data. Two adapters implement it — SQLite for the
 * local cloud and CloudBase (wx-server-sdk `db`) deployed — and one conformance suite
 * (test/store/conformance.ts) runs against both.
 *
 * The shape follows what CloudBase can do inside a transaction: only single-document reads and
 * writes by id. Queries (`find`, `count`) run outside transactions. So every uniqueness rule is a
 * document keyed by the unique value (a person's id hash, a request id), and every conditional
 * change is `update(coll, id, patch, where)` — atomic, and false when the condition fails.
 */
import type { Collections, CollectionName } from './collections';

export type Scalar = string | number | boolean | null;

/** Conditions on top-level fields. A plain value means equality; null matches missing too. */
export type Cond =
  | Scalar
  | {
      $gt?: number | string;
      $gte?: number | string;
      $lt?: number | string;
      $lte?: number | string;
      $ne?: Scalar;
      $in?: Scalar[];
    };

/** Field names are top-level names or dotted paths into nested objects (`pending.ord_x`). */
export type Where = Readonly<Record<string, Cond>>;

export interface Patch {
  /** fields (or dotted paths) replaced; `undefined` removes the field */
  $set?: Readonly<Record<string, unknown>>;
  /** top-level numeric fields incremented (negative to decrement) */
  $inc?: Readonly<Record<string, number>>;
}

export interface FindOptions {
  orderBy?: readonly (readonly [field: string, dir: 'asc' | 'desc'])[];
  limit?: number;
  skip?: number;
}

export type DocOf<C extends CollectionName> = Collections[C];

/** Thrown by `insert` when the id is taken. Matched by `code`, never by instanceof: the local
 * cloud's store and a bundled function carry separate copies of this class. */
export class DuplicateKeyError extends Error {
  readonly code = 'DUPLICATE_KEY';
  constructor(coll: string, id: string) {
    super(`duplicate key ${coll}/${id}`);
  }
}

export function isDuplicateKey(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'DUPLICATE_KEY';
}

/** Documents of `coll` matching `where`, read together with another document (`gather`). */
export interface Lookup<C extends CollectionName = CollectionName> {
  coll: C;
  where: Where;
  orderBy?: FindOptions['orderBy'];
  /** 0 runs nothing and answers an empty list (a lookup the caller turns off) */
  limit?: number;
  /** answer how many documents match instead of the documents */
  count?: boolean;
}

export type Lookups = Readonly<Record<string, Lookup>>;

export type Gathered<L extends Lookups> = {
  [K in keyof L]: L[K] extends { count: true } ? number : L[K] extends Lookup<infer C> ? DocOf<C>[] : never;
};

/** What a transaction may do: single documents by id. */
export interface Tx {
  get<C extends CollectionName>(coll: C, id: string): Promise<DocOf<C> | null>;
  /** Fails with DuplicateKeyError when `_id` exists. */
  insert<C extends CollectionName>(coll: C, doc: DocOf<C>): Promise<void>;
  /** Insert or replace the whole document. */
  put<C extends CollectionName>(coll: C, doc: DocOf<C>): Promise<void>;
  /** Atomic: applies `patch` only if the document exists and matches `where`. */
  update<C extends CollectionName>(coll: C, id: string, patch: Patch, where?: Where): Promise<boolean>;
  remove<C extends CollectionName>(coll: C, id: string): Promise<boolean>;
}

export interface Store extends Tx {
  find<C extends CollectionName>(coll: C, where: Where, opts?: FindOptions): Promise<DocOf<C>[]>;
  count<C extends CollectionName>(coll: C, where: Where): Promise<number>;
  /**
   * One document and the answers of several queries, in one round trip (CloudBase: one
   * aggregation, the queries as `lookup` sub-pipelines). `doc` is null when the document does
   * not exist, and then the lookups are not run (every list empty): a use case reads around one
   * document it needs anyway, so its absence ends the request. Not a snapshot across
   * collections: each list is as the database had it when that part was read.
   */
  gather<A extends CollectionName, const L extends Lookups>(
    coll: A,
    id: string,
    lookups: L,
  ): Promise<{ doc: DocOf<A> | null; found: Gathered<L> }>;
  /** All of `fn`'s writes happen or none do. May run `fn` again on a write conflict, so `fn`
   * must only touch the store (no sends, no clock reads that matter twice). */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Round trips made so far (for bench/ and the ≤ 3 per order goal). What counts as one is the
   * adapter's: SQLite counts an operation outside a transaction or a whole transaction; CloudBase
   * counts every request to the service (docs/decisions.md). */
  readonly stats: { roundTrips: number };
  close(): Promise<void>;
}
