/**
 * Read-only looks into a running local cloud's SQLite file (one table a collection, `body` the
 * document's JSON; server/store/sqlite.ts), for what no endpoint shows: audit rows, the file
 * queue, erasure records, and whether a text is anywhere in the database at all.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decrypt } from '../../server/runtime/crypto';

function open(dataDir: string): Database.Database {
  return new Database(join(dataDir, 'bluecard.db'), { readonly: true, fileMustExist: true });
}

/** Every document of a collection. */
export function peek<T>(dataDir: string, coll: string): T[] {
  const db = open(dataDir);
  try {
    return (db.prepare(`SELECT body FROM "${coll}"`).all() as { body: string }[]).map((r) => JSON.parse(r.body) as T);
  } finally {
    db.close();
  }
}

/** Every document of every collection, as stored (sealed fields stay sealed), one line each. */
export function storedText(dataDir: string): string {
  const db = open(dataDir);
  try {
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
    return tables
      .flatMap(({ name }) =>
        (db.prepare(`SELECT id, body FROM "${name}"`).all() as { id: string; body: string }[]).map(
          (r) => `${name}\t${r.id}\t${r.body}`,
        ),
      )
      .join('\n');
  } finally {
    db.close();
  }
}

/** Opens a sealed field with the local cloud's data key (secrets.json in its data folder). */
export function unseal(dataDir: string, sealed: string): string {
  const raw = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { dataKey: string };
  return decrypt(Buffer.from(raw.dataKey, 'hex'), sealed);
}
