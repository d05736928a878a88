/**
 * Issue 10: the security rules kept in the repo (cloudbase/, applied as docs/deploy.md says).
 * Clients never touch the database directly — every collection the code knows (COLLECTIONS) has a
 * deny-all rule, and the file names no collection the code does not know — and uploaded files are
 * readable and writable by their creator only (staff read them through temporary URLs that a
 * function makes with the server SDK, which these rules do not bind).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTIONS } from '../../server/store/collections';

const ROOT = join(__dirname, '..', '..');
const read = (file: string): unknown => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as unknown;

describe('cloudbase/database.rules.json', () => {
  const rules = read('cloudbase/database.rules.json') as Record<string, unknown>;

  it('denies clients every collection of COLLECTIONS (add a line there when you add a collection)', () => {
    const missing = COLLECTIONS.filter((c) => !(c in rules));
    expect(missing).toEqual([]);
    for (const c of COLLECTIONS) expect({ [c]: rules[c] }).toEqual({ [c]: { read: false, write: false } });
  });

  it('names no collection the code does not have', () => {
    const stale = Object.keys(rules).filter((c) => !(COLLECTIONS as readonly string[]).includes(c));
    expect(stale).toEqual([]);
  });
});

describe('cloudbase/storage.rules.json', () => {
  it('lets only the creator read and write a file (WeChat login: auth.openid)', () => {
    expect(read('cloudbase/storage.rules.json')).toEqual({
      read: 'resource.openid == auth.openid',
      write: 'resource.openid == auth.openid',
    });
  });
});
