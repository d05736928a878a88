/**
 * The port's semantics in plain JavaScript: which document a `Where` matches and what a `Patch`
 * makes of it. Adapters that cannot push a condition down to their database (SQLite updates,
 * CloudBase inside a transaction, the in-process CloudBase double) use these, so every adapter
 * agrees to the letter.
 */
import type { Cond, Patch, Scalar, Where } from './port';

function isOps(c: Cond): c is Exclude<Cond, Scalar> {
  return typeof c === 'object' && c !== null;
}

function cmp(a: unknown, b: number | string): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

function eq(a: unknown, b: Scalar): boolean {
  if (b === null) return a === null || a === undefined;
  return a === b;
}

export function matchesCond(value: unknown, c: Cond): boolean {
  if (!isOps(c)) return eq(value, c);
  if (c.$gt !== undefined) {
    const r = cmp(value, c.$gt);
    if (r === null || r <= 0) return false;
  }
  if (c.$gte !== undefined) {
    const r = cmp(value, c.$gte);
    if (r === null || r < 0) return false;
  }
  if (c.$lt !== undefined) {
    const r = cmp(value, c.$lt);
    if (r === null || r >= 0) return false;
  }
  if (c.$lte !== undefined) {
    const r = cmp(value, c.$lte);
    if (r === null || r > 0) return false;
  }
  if (c.$ne !== undefined && eq(value, c.$ne)) return false;
  if (c.$in !== undefined && !c.$in.some((x) => eq(value, x))) return false;
  return true;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A field's value; a dotted path reads into nested objects (missing when any step is). */
export function valueAt(doc: Readonly<Record<string, unknown>>, path: string): unknown {
  let cur: unknown = doc;
  for (const key of path.split('.')) {
    if (!isObject(cur) || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = cur[key];
  }
  return cur;
}

export function matches(doc: Readonly<Record<string, unknown>>, where: Where | undefined): boolean {
  if (!where) return true;
  return Object.entries(where).every(([k, c]) => matchesCond(valueAt(doc, k), c));
}

/** The object holding `path`'s last key in `out` (copied on the way, so `doc` stays as it was). */
function parentFor(
  out: Record<string, unknown>,
  path: string,
  create: boolean,
): [Record<string, unknown>, string] | null {
  const keys = path.split('.');
  let cur = out;
  for (const key of keys.slice(0, -1)) {
    const next = cur[key];
    if (isObject(next)) cur[key] = { ...next };
    else if (create) cur[key] = {};
    else return null;
    cur = cur[key] as Record<string, unknown>;
  }
  return [cur, keys[keys.length - 1] ?? path];
}

export function applyPatch<T extends object>(doc: T, patch: Patch): T {
  const out: Record<string, unknown> = { ...(doc as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch.$set ?? {})) {
    if (k === '_id') continue;
    const at = parentFor(out, k, v !== undefined);
    if (!at) continue;
    if (v === undefined) delete at[0][at[1]];
    else at[0][at[1]] = v;
  }
  for (const [k, v] of Object.entries(patch.$inc ?? {})) {
    const at = parentFor(out, k, true);
    if (!at) continue;
    const cur = at[0][at[1]];
    at[0][at[1]] = (typeof cur === 'number' ? cur : 0) + v;
  }
  return out as T;
}

/** Sort as the databases do: missing/null first ascending, numbers and strings by value. */
export function compareBy<T extends object>(orderBy: readonly (readonly [string, 'asc' | 'desc'])[]) {
  return (a: T, b: T): number => {
    for (const [field, dir] of orderBy) {
      const x = valueAt(a as Readonly<Record<string, unknown>>, field);
      const y = valueAt(b as Readonly<Record<string, unknown>>, field);
      let r = 0;
      if (x === y) r = 0;
      else if (x === undefined || x === null) r = -1;
      else if (y === undefined || y === null) r = 1;
      else r = (x as number | string) < (y as number | string) ? -1 : 1;
      if (r !== 0) return dir === 'asc' ? r : -r;
    }
    return 0;
  };
}
