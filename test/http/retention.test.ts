/**
 * Issue 10 retention through the real local cloud (`maintenance`, trigger `retention`): the images
 * sent in consult and butler conversations are deleted the period after they were sent — the
 * message stays with its words and “图片已过保存期” where the images were, for the member, the
 * doctor and the butler alike — and R3.6 first answers (`requests`) are removed after 30 days
 * while a retry within minutes (or days) still gets its first answer.
 *
 * Seed 'none': every card, person and staff member here is the test's own. The clock is only ever
 * moved forward, as a real one.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Message, MessagePage, Res, RetentionReport } from '../../typings/contract';
import { peek } from './db-peek';
import { ACTIVATED, ADMIN, FORMS, STAFF, TODAY, dataOf, rid, useKit, type TestCard } from './order-kit';

// reconcile: R3.5 retention changes no pool: every pool still equals its ledger
const { kit } = useKit('none', TODAY, { reconcile: true, timeout: 60_000 });
/** the cards, made first: making one sets the clock to its activation */
let chatCard: TestCard;
let retryCard: TestCard;
beforeAll(async () => {
  chatCard = await kit.newCard('premium', ACTIVATED);
  retryCard = await kit.newCard('premium', ACTIVATED);
  await kit.cloud.ok('maintenance', ADMIN, { action: 'setRetention', days: 30 });
}, 60_000);

const NOTE = '图片已过保存期';

const run = async (): Promise<RetentionReport> => dataOf(await kit.cloud.run<RetentionReport>('retention'));
const deletedFiles = (): string[] => peek<{ fileId: string }>(kit.cloud.dataDir, 'deletedFiles').map((d) => d.fileId);

/** What the member and the doctor wrote (not the system's lines about the session). */
async function consultMessages(openid: string, orderId: string): Promise<Message[]> {
  const page = await kit.cloud.ok<MessagePage>('order', openid, { action: 'messages', orderId });
  return page.messages.filter((m) => m.from !== 'system');
}

async function butlerMessages(openid: string, cardId: string): Promise<Message[]> {
  return (await kit.cloud.ok<MessagePage>('butler', openid, { action: 'messages', cardId })).messages;
}

describe('consult and butler images under file retention (issue 10, PIPL art. 19)', () => {
  let holder: string;
  let cardId: string;
  let orderId: string;
  let threadId: string;
  const F: Record<string, string> = {};

  beforeAll(async () => {
    const card = chatCard;
    holder = card.holder.openid;
    cardId = card.cardId;
    threadId = `b_${card.holder.memberId}`;
    await kit.at(TODAY);
    F.member = await kit.fileOf(holder, 'consult/舌苔-1.jpg');
    F.member2 = await kit.fileOf(holder, 'consult/舌苔-2.jpg');
    F.doctor = await kit.fileOf(STAFF.doctor, 'consult/示意图.jpg');
    F.butler = await kit.fileOf(holder, 'butler/化验单.jpg');
    F.reply = await kit.fileOf(STAFF.butler, 'butler/饮食表.jpg');
    F.later = await kit.fileOf(holder, 'butler/复查.jpg');

    const o = await kit.order(holder, card, 'quickConsult', FORMS.quickConsult('text'));
    orderId = o.orderId;
    await kit.step(STAFF.doctor, { orderId, step: 'accept' });
    await kit.cloud.ok('order', holder, { action: 'send', orderId, text: '舌苔发白', images: [F.member, F.member2] });
    await kit.cloud.ok('order', STAFF.doctor, { action: 'send', orderId, images: [F.doctor] });
    await kit.cloud.ok('order', holder, { action: 'send', orderId, text: '好的，谢谢医生' });
    await kit.cloud.ok('butler', holder, { action: 'send', cardId, text: '这是化验单', images: [F.butler] });
    await kit.cloud.ok('butler', STAFF.butler, { action: 'reply', threadId, images: [F.reply] });
  });

  it('within the period nothing is touched', async () => {
    await kit.at('2026-06-30T10:00:00+08:00');
    const report = await run();
    expect(report).toMatchObject({ days: 30, messages: 0 });
    const consult = await consultMessages(holder, orderId);
    expect(consult.flatMap((m) => m.images ?? [])).toEqual([F.member, F.member2, F.doctor]);
    expect(consult.some((m) => m.imagesNote !== undefined)).toBe(false);
    expect(deletedFiles()).not.toContain(F.member);
  });

  it('a message sent later waits for its own period; the older images are deleted, words and order kept', async () => {
    await kit.cloud.ok('butler', holder, { action: 'send', cardId, text: '复查结果', images: [F.later] });
    await kit.at('2026-07-02T10:00:00+08:00');
    const report = await run();
    expect(report.messages).toBe(4);
    expect(report.files).toMatchObject({ queued: 5, failed: 0 });

    // the member's consult: their words stay, the images give way to the note
    const consult = await consultMessages(holder, orderId);
    expect(consult.map((m) => [m.from, m.text, m.images, m.imagesNote])).toEqual([
      ['member', '舌苔发白', undefined, NOTE],
      ['doctor', undefined, undefined, NOTE],
      ['member', '好的，谢谢医生', undefined, undefined],
    ]);
    // the doctor who took it sees the same
    expect(await consultMessages(STAFF.doctor, orderId)).toEqual(consult);

    // the butler thread, for the member and the butler; the later images are still there
    const thread = await butlerMessages(holder, cardId);
    expect(thread.map((m) => [m.from, m.text, m.images, m.imagesNote])).toEqual([
      ['member', '这是化验单', undefined, NOTE],
      ['butler', undefined, undefined, NOTE],
      ['member', '复查结果', [F.later], undefined],
    ]);
    const staffView = await kit.cloud.ok<Res<'butler', 'thread'>>('butler', STAFF.butler, {
      action: 'thread',
      threadId,
    });
    expect(staffView.messages.map((m) => m.imagesNote ?? null)).toEqual([NOTE, NOTE, null]);

    const deleted = deletedFiles();
    expect(deleted).toEqual(expect.arrayContaining([F.member, F.member2, F.doctor, F.butler, F.reply]));
    expect(deleted).not.toContain(F.later);

    // the member's export shows the note too (their own data, as it now is)
    const { data } = await kit.cloud.ok<Res<'privacy', 'export'>>('privacy', holder, { action: 'export' });
    expect(JSON.stringify(data.conversations)).not.toContain(F.member);
    expect(data.conversations.flatMap((c) => c.messages).filter((m) => m.imagesNote === NOTE)).toHaveLength(4);
  });

  it('a second run deletes nothing more; the later images go when their own period ends', async () => {
    expect(await run()).toMatchObject({ messages: 0, files: { queued: 0, deleted: 0 } });
    await kit.at('2026-08-01T10:00:00+08:00');
    expect(await run()).toMatchObject({ messages: 1, files: { queued: 1, deleted: 1 } });
    const last = (await butlerMessages(holder, cardId)).at(-1);
    expect(last).toMatchObject({ text: '复查结果', imagesNote: NOTE });
    expect(last).not.toHaveProperty('images');
    expect(deletedFiles()).toContain(F.later);
  });
});

// ---------------------------------------------------------------------------------------------

/**
 * Writes `requests` documents straight into the local cloud's database: the purge goes by age
 * alone, whichever action writes first answers there (order.create today), so the test does not
 * lean on one.
 */
function writeRequests(docs: { _id: string; at: string }[]): void {
  const db = new Database(join(kit.cloud.dataDir, 'bluecard.db'));
  try {
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare(`INSERT INTO "requests" (id, body) VALUES (?, ?)`);
    for (const d of docs) insert.run(d._id, JSON.stringify({ ...d, answer: { written: 'by a test' } }));
  } finally {
    db.close();
  }
}

describe('R3.6 first answers are kept 30 days (issue 10)', () => {
  it('requests older than 30 days are removed through the retention timer; newer ones are kept', async () => {
    // the clock stands at 2026-08-01 10:00 (the describe above)
    writeRequests([
      { _id: 'req-test-old', at: '2026-06-20T09:00:00+08:00' },
      { _id: 'req-test-edge', at: '2026-07-02T11:00:00+08:00' },
      { _id: 'req-test-new', at: '2026-07-31T10:00:00+08:00' },
    ]);
    const report = await run();
    expect(report.requests).toBeGreaterThanOrEqual(1);
    const ids = peek<{ _id: string }>(kit.cloud.dataDir, 'requests').map((r) => r._id);
    expect(ids).not.toContain('req-test-old');
    expect(ids).toEqual(expect.arrayContaining(['req-test-edge', 'req-test-new']));
    const left = peek<{ at: string }>(kit.cloud.dataDir, 'requests');
    expect(left.every((r) => r.at >= '2026-07-02T10:00:00+08:00')).toBe(true);

    await kit.at('2026-08-02T12:00:00+08:00');
    await run();
    const later = peek<{ _id: string }>(kit.cloud.dataDir, 'requests').map((r) => r._id);
    expect(later).not.toContain('req-test-edge');
    expect(later).toContain('req-test-new');
  });

  it('R3.6 a retry after a retention run still answers the first answer: one order, one unit', async () => {
    const card = retryCard;
    await kit.at('2026-08-02T12:30:00+08:00');
    const requestId = rid();
    const first = await kit.order(card.holder.openid, card, 'quickConsult', FORMS.quickConsult('text'), { requestId });
    await kit.at('2026-08-02T12:35:00+08:00');
    await run();
    await kit.at('2026-08-20T12:35:00+08:00');
    await run();
    const again = await kit.order(card.holder.openid, card, 'quickConsult', FORMS.quickConsult('text'), { requestId });
    expect(again).toEqual(first);
    expect((await kit.list(card.holder.openid, card.cardId)).map((o) => o.orderId)).toEqual([first.orderId]);
    expect(await kit.pool(card, 'quickConsult')).toMatchObject({ held: 1, used: 0 });
  });
});
