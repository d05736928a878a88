import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { buildSync } from 'esbuild';
import { openSqliteStore } from '../../server/store/sqlite';
import { storeConformance } from './conformance';

const base = mkdtempSync(join(tmpdir(), 'bluecard-sqlite-'));
let files = 0;
const newFile = (): string => join(base, `store-${(files += 1)}.sqlite`);

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

storeConformance('sqlite', () => Promise.resolve(openSqliteStore(newFile())));

function integrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

describe('sqlite store', () => {
  it('keeps data across close and reopen', async () => {
    const file = newFile();
    const a = openSqliteStore(file);
    await a.insert('things', { _id: 'x', v: 1 });
    await a.transaction(async (tx) => {
      await tx.put('pools', { _id: 'p', cardId: 'c', benefit: 'escort', total: 2, used: 0, held: 1, remaining: 1 });
    });
    const before = await a.dump();
    await a.close();
    const b = openSqliteStore(file);
    expect(await b.dump()).toBe(before);
    expect(await b.get('things', 'x')).toEqual({ _id: 'x', v: 1 });
    await b.close();
  });

  it('leaves the file consistent when a transaction is interrupted by an exception', async () => {
    const file = newFile();
    const store = openSqliteStore(file);
    await store.insert('things', { _id: 'a', v: 1 });
    const before = await store.dump();
    await expect(
      store.transaction(async (tx) => {
        await tx.update('things', 'a', { $inc: { v: 1 } });
        await tx.insert('things', { _id: 'b', v: 1 });
        await tx.insert('things', { _id: 'a', v: 9 }); // DuplicateKeyError mid-transaction
      }),
    ).rejects.toMatchObject({ code: 'DUPLICATE_KEY' });
    expect(await store.dump()).toBe(before);
    await store.insert('things', { _id: 'c', v: 1 }); // the connection is usable again
    await store.close();
    expect(integrity(file)).toBe('ok');
    const reopened = openSqliteStore(file);
    expect(await reopened.get('things', 'a')).toEqual({ _id: 'a', v: 1 });
    expect(await reopened.get('things', 'b')).toBeNull();
    await reopened.close();
  });

  it('loses nothing committed and keeps nothing uncommitted when the process is killed', async () => {
    const file = newFile();
    const script = join(base, 'killed.ts');
    const bundle = join(base, 'killed.js');
    writeFileSync(
      script,
      `import { openSqliteStore } from ${JSON.stringify(resolve(__dirname, '../../server/store/sqlite'))};
const store = openSqliteStore(process.argv[2] ?? '');
setInterval(() => undefined, 1000);
void (async () => {
  for (let i = 0; i < 20; i += 1) await store.put('things', { _id: 'c' + i, v: i });
  await store.transaction(async (tx) => {
    for (let i = 0; i < 20; i += 1) await tx.put('things', { _id: 'u' + i, v: i });
    await tx.update('things', 'c0', { $set: { v: 'dirty' } });
    process.stdout.write('in-tx\\n');
    await new Promise(() => undefined);
  });
})();
`,
    );
    buildSync({
      entryPoints: [script],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['better-sqlite3'],
      logLevel: 'silent',
    });
    const child = spawn(process.execPath, [bundle, file], {
      env: { ...process.env, NODE_PATH: resolve(__dirname, '../../node_modules') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((done, fail) => {
      child.on('error', fail);
      child.on('exit', (code) => fail(new Error(`child exited early (${String(code)})`)));
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('in-tx')) done();
      });
    });
    child.removeAllListeners('exit');
    const exited = new Promise((done) => child.on('exit', (_code, signal) => done(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const store = openSqliteStore(file);
    const docs = await store.find('things', {}, { orderBy: [['v', 'asc']] });
    expect(docs.map((d) => d._id)).toEqual(Array.from({ length: 20 }, (_, i) => `c${i}`));
    expect(await store.get('things', 'c0')).toEqual({ _id: 'c0', v: 0 });
    await store.close();
    expect(integrity(file)).toBe('ok');
  });

  it('never runs another request inside an open transaction', async () => {
    const store = openSqliteStore(newFile());
    let started = (): void => undefined;
    const isStarted = new Promise<void>((r) => (started = r));
    let release = (): void => undefined;
    const released = new Promise<void>((r) => (release = r));
    const tx = store.transaction(async (t) => {
      await t.put('things', { _id: 'inTx', v: 1 });
      started();
      await released;
      throw new Error('rolled back');
    });
    await isStarted;
    // Another request arrives while the transaction is open: it must wait for it to end, or its
    // write would be rolled back with the transaction.
    let putDone = false;
    const outside = store.put('things', { _id: 'outside', v: 1 }).then(() => {
      putDone = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(putDone).toBe(false);
    release();
    await expect(tx).rejects.toThrow('rolled back');
    await outside;
    expect(await store.get('things', 'outside')).toEqual({ _id: 'outside', v: 1 });
    expect(await store.get('things', 'inTx')).toBeNull();
    await store.close();
  });

  it('serves queries from the expression indexes', async () => {
    const store = openSqliteStore(newFile());
    const plan = async (...args: Parameters<typeof store.queryPlan>) => (await store.queryPlan(...args)).join(' | ');
    expect(await plan('cards', { holderOpenid: 'o1' })).toMatch(/USING INDEX ix_cards_holderOpenid/);
    expect(await plan('members', { cardId: 'c1', removedAt: null })).toMatch(/USING INDEX ix_members_cardId_removedAt/);
    expect(await plan('things', { kind: 'k', n: { $gt: 3 } })).toMatch(/USING INDEX ix_things_kind_n/);
    expect(await plan('ledger', { cardId: 'c1' }, { orderBy: [['at', 'desc']], limit: 20 })).toMatch(
      /USING INDEX ix_ledger_cardId_at/,
    );
    expect(await plan('outbox', { status: 'pending', nextAttemptAt: { $lte: '2025-01-01' } })).toMatch(
      /USING INDEX ix_outbox_status_nextAttemptAt/,
    );
    await store.close();
  });
});
