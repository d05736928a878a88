/**
 * Issue 10 retention, run directly over a SQLite store (test/http/retention.test.ts runs it through
 * the local cloud): a message loses its images and keeps its words (PIPL art. 19), the sweep walks
 * messages once each in the order they were sent — across runs and across many sent at one instant —
 * and R3.6 first answers older than 30 days are removed by age alone. Every query is served by an
 * index.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  append,
  messageView,
  previewOf,
  resealed,
  withoutImages,
  type ThreadInit,
} from '../../server/app/conversation';
import {
  IMAGES_NOTE,
  PROGRESS_ID,
  REQUEST_DAYS,
  messagesAfter,
  runRetention,
} from '../../server/app/maintenance/retention';
import { formatInstant } from '../../server/domain/time';
import { makeCtx, type Runtime } from '../../server/runtime/router';
import type { MessageDoc } from '../../server/store/collections';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite';

const KEY = Buffer.alloc(32, 2);
const DAY = 24 * 3600_000;
const IMG = (n: number) => `cloud://env-t.bucket/u/x/consult/img-${n}.jpg`;

let dir: string;
let store: SqliteStore;
let now: Date;

function rt(): Runtime {
  return {
    store,
    clock: { now: () => now },
    config: { adminOpenids: new Set(), secret: Buffer.alloc(32, 1), dataKey: KEY },
    log: { info: () => undefined, error: () => undefined },
    sink: { send: () => Promise.resolve({ ok: true }) },
  };
}

const run = () => runRetention(makeCtx({ openid: '' }, rt()));

const THREAD: ThreadInit = { _id: 'b_m1', kind: 'butler', cardId: 'c1', memberId: 'm1', orderId: null };

async function send(content: { text?: string; images?: string[] }, thread: ThreadInit = THREAD): Promise<string> {
  const r = await append(store, KEY, thread, { from: 'member', byOpenid: 'o1', byName: null, ...content }, now);
  if (!r.ok) throw new Error('not sent');
  return r.message.messageId;
}

async function view(id: string) {
  const doc = await store.get('messages', id);
  if (!doc) throw new Error(`no message ${id}`);
  return messageView(KEY, doc);
}

const deleted = async () => (await store.find('deletedFiles', {})).map((d) => d.fileId).sort();

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bluecard-retention-'));
  store = openSqliteStore(join(dir, 'db.sqlite'));
  now = new Date('2026-06-01T02:00:00Z');
  await store.put('settings', { _id: 'retention', value: { days: 30 }, updatedAt: formatInstant(now) });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a message without its images (issue 10, PIPL art. 19)', () => {
  it('keeps the words, puts the note where the images were, and stays sealed for its thread', async () => {
    const id = await send({ text: '这是化验单', images: [IMG(1), IMG(2)] });
    const doc = (await store.get('messages', id)) as MessageDoc;
    const stripped = withoutImages(KEY, doc, IMAGES_NOTE);
    expect(stripped?.images).toEqual([IMG(1), IMG(2)]);
    const after = messageView(KEY, { ...doc, bodyEnc: stripped?.bodyEnc ?? '' });
    expect(after).toEqual({ ...messageView(KEY, doc), images: undefined, imagesNote: '图片已过保存期' });
    expect(after).not.toHaveProperty('images');
    expect(previewOf(after)).toBe('这是化验单');
    // sealed for this thread only, as every message
    expect(() => messageView(KEY, { ...doc, thread: 'b_other', bodyEnc: stripped?.bodyEnc ?? '' })).toThrow();
  });

  it('an image-only message previews as [图片] before and after; a message without images is left alone', async () => {
    const id = await send({ images: [IMG(3)] });
    const doc = (await store.get('messages', id)) as MessageDoc;
    const after = messageView(KEY, { ...doc, bodyEnc: withoutImages(KEY, doc, IMAGES_NOTE)?.bodyEnc ?? '' });
    expect(after.imagesNote).toBe(IMAGES_NOTE);
    expect(previewOf(after)).toBe('[图片]');
    const words = (await store.get('messages', await send({ text: '只有文字' }))) as MessageDoc;
    expect(withoutImages(KEY, words, IMAGES_NOTE)).toBeNull();
  });
});

describe('message images under the retention timer (issue 10)', () => {
  it('are deleted the period after they were sent, not before; words stay; a second run deletes nothing', async () => {
    const withImages = await send({ text: '这是化验单', images: [IMG(1), IMG(2)] });
    const words = await send({ text: '谢谢' });
    now = new Date(now.getTime() + 29 * DAY);
    const early = await run();
    expect(early).toMatchObject({ days: 30, messages: 0, files: { queued: 0, deleted: 0 } });
    expect((await view(withImages)).images).toEqual([IMG(1), IMG(2)]);

    now = new Date(now.getTime() + 2 * DAY);
    const due = await run();
    expect(due).toMatchObject({ messages: 1, files: { queued: 2, deleted: 2, failed: 0 } });
    expect(await view(withImages)).toMatchObject({ text: '这是化验单', imagesNote: IMAGES_NOTE });
    expect(await view(withImages)).not.toHaveProperty('images');
    expect(await view(words)).toMatchObject({ text: '谢谢' });
    expect(await deleted()).toEqual([IMG(1), IMG(2)]);

    expect(await run()).toMatchObject({ messages: 0, files: { queued: 0, deleted: 0 } });
  });

  it('the walk goes on from where it stopped: later messages are looked at when their time comes', async () => {
    await send({ images: [IMG(1)] });
    now = new Date(now.getTime() + 10 * DAY);
    const later = await send({ images: [IMG(2)] });
    now = new Date(now.getTime() + 21 * DAY);
    expect(await run()).toMatchObject({ messages: 1 });
    expect((await view(later)).images).toEqual([IMG(2)]);
    const progress = (await store.get('settings', PROGRESS_ID))?.value as { messages: { at: string } };
    expect(progress.messages.at < formatInstant(new Date(now.getTime() - 30 * DAY))).toBe(true);

    now = new Date(now.getTime() + 10 * DAY);
    expect(await run()).toMatchObject({ messages: 1 });
    expect((await view(later)).imagesNote).toBe(IMAGES_NOTE);
    expect(await deleted()).toEqual([IMG(1), IMG(2)]);
  });

  it('many messages sent at one instant are each looked at once, across pages', async () => {
    const stamp = '2026-06-01T10:00:00+08:00';
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const id = `b_t:${String(i).padStart(6, '0')}`;
      ids.push(id);
      await store.insert('messages', {
        _id: id,
        thread: 'b_t',
        seq: i + 1,
        from: 'member',
        byOpenid: 'o1',
        byName: null,
        at: stamp,
        bodyEnc: '',
      });
    }
    await store.insert('messages', {
      _id: 'b_u:000001',
      thread: 'b_u',
      seq: 1,
      from: 'member',
      byOpenid: 'o1',
      byName: null,
      at: '2026-06-01T10:00:01+08:00',
      bodyEnc: '',
    });
    const cutoff = '2026-06-02T00:00:00+08:00';
    const seen: string[] = [];
    let cursor: { at: string; id: string } | null = null;
    for (let page = 0; page < 10; page++) {
      const docs = await messagesAfter(store, cursor, cutoff, 3);
      seen.push(...docs.map((d) => d._id));
      const last = docs[docs.length - 1];
      if (!last) break;
      cursor = { at: last.at, id: last._id };
    }
    expect(seen).toEqual([...ids, 'b_u:000001']);
    // a cursor at or after the cutoff (the period was made longer) looks at nothing
    expect(await messagesAfter(store, { at: cutoff, id: '' }, cutoff, 3)).toEqual([]);
    expect(await messagesAfter(store, { at: stamp, id: '' }, '2026-06-01T09:00:00+08:00', 3)).toEqual([]);
  });

  it('a message that cannot be opened is passed over, not a stop for every later run', async () => {
    await store.insert('messages', {
      _id: 'b_bad:000001',
      thread: 'b_bad',
      seq: 1,
      from: 'member',
      byOpenid: 'o1',
      byName: null,
      at: formatInstant(now),
      bodyEnc: 'not sealed',
    });
    const id = await send({ images: [IMG(1)] });
    now = new Date(now.getTime() + 31 * DAY);
    expect(await run()).toMatchObject({ messages: 1, files: { deleted: 1 } });
    expect((await view(id)).imagesNote).toBe(IMAGES_NOTE);
  });

  it('a message erased in between keeps what erasure wrote', async () => {
    const id = await send({ images: [IMG(1)] });
    const doc = (await store.get('messages', id)) as MessageDoc;
    // what erasure does (privacy/erase.ts): the words replaced, images gone (queued by erasure)
    await store.update('messages', id, { $set: { bodyEnc: resealed(KEY, doc, '[已删除]') } });
    now = new Date(now.getTime() + 31 * DAY);
    expect(await run()).toMatchObject({ messages: 0 });
    expect(await view(id)).toMatchObject({ text: '[已删除]' });
    expect(await view(id)).not.toHaveProperty('imagesNote');
  });
});

describe('R3.6 first answers (`requests`) are kept 30 days', () => {
  it('older ones are removed by age, whoever wrote them; newer ones stay', async () => {
    const at = (days: number) => formatInstant(new Date(now.getTime() - days * DAY));
    await store.insert('requests', { _id: 'r-old', answer: { order: { orderId: 'o1' } }, at: at(REQUEST_DAYS + 1) });
    await store.insert('requests', { _id: 'r-older', answer: { anything: true }, at: at(400) });
    await store.insert('requests', { _id: 'r-edge', answer: {}, at: at(REQUEST_DAYS - 0.01) });
    await store.insert('requests', { _id: 'r-new', answer: {}, at: at(0) });
    const report = await run();
    expect(report.requests).toBe(2);
    expect((await store.find('requests', {})).map((r) => r._id).sort()).toEqual(['r-edge', 'r-new']);
    expect((await run()).requests).toBe(0);
  });
});

describe('the sweeps read through indexes', () => {
  it('messages by time, requests by time, consent rows by openid', async () => {
    const plan = async (...args: Parameters<typeof store.queryPlan>) => (await store.queryPlan(...args)).join(' | ');
    expect(
      await plan(
        'messages',
        { at: { $lt: '2026-01-01' } },
        {
          orderBy: [
            ['at', 'asc'],
            ['_id', 'asc'],
          ],
          limit: 500,
        },
      ),
    ).toMatch(/USING INDEX ix_messages_at/);
    expect(
      await plan(
        'messages',
        { at: '2026-01-01', _id: { $gt: 'b' } },
        {
          orderBy: [
            ['at', 'asc'],
            ['_id', 'asc'],
          ],
        },
      ),
    ).toMatch(/USING INDEX ix_messages_at/);
    expect(await plan('requests', { at: { $lt: '2026-01-01' } }, { orderBy: [['at', 'asc']], limit: 500 })).toMatch(
      /USING INDEX ix_requests_at/,
    );
    expect(await plan('audit', { openid: 'o1', kind: { $in: ['consentGiven', 'consentWithdrawn'] } })).toMatch(
      /USING INDEX ix_audit_openid_kind/,
    );
  });
});
