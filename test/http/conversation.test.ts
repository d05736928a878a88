/**
 * Consult conversations (R4: quick consult, expert, family doctor) and the butler's standing
 * threads, through the real local cloud: who may read and write, the session window on the clock,
 * calls logged by the doctor, the member's early end (R3.2: the unit stays used), the sessions the
 * timer closes (`closeExpiredSessions`, run in this process on the cloud's own database file), the
 * family doctor's signing, messages sealed at rest (PIPL) and the send rate limit (issue 10).
 *
 * Seed 'demo' for the directory (family doctors d-001…); every card, person and staff member here
 * is the test's own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionName, Envelope, FunctionName, Message, Order, Req, Res } from '../../typings/contract';
import { closeExpiredSessions, warnEndingSessions } from '../../server/app/order/sessions';
import { localSecrets } from '../../server/local/secrets';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite';
import {
  FORMS,
  STAFF,
  STAFF_NAMES,
  TODAY,
  dataOf,
  expectError,
  newCardToday,
  useKit,
  user,
  type TestCard,
} from './order-kit';

// reconcile: R3.5 whatever happened above, every pool still equals its ledger
const { kit, clock } = useKit('demo', TODAY, { reconcile: true, beforeStop: () => db.close() });
/** The cloud's database, opened by this process too (as a timer's function would use it). */
let db: SqliteStore;
let dataKey: Buffer;
/** A second doctor, who did not take the cases below. */
const OTHER_DOCTOR = user('doctor-other');
const NOT_BUTLER = user('agent-two');

beforeAll(async () => {
  await kit.setStaff(OTHER_DOCTOR, '刘医生', ['doctor']);
  await kit.setStaff(NOT_BUTLER, '孙专员', ['agent']);
  db = openSqliteStore(join(kit.cloud.dataDir, 'bluecard.db'));
  dataKey = localSecrets(kit.cloud.dataDir).dataKey;
});

/** An image the sender uploaded: under their own folder (issue 10, `Kit.fileOf`). */
const IMAGE = 'consult/舌苔照片-0601.jpg';

function call<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  openid: string,
  action: A,
  req: Req<F, A>,
): Promise<Envelope<Res<F, A>>> {
  return kit.cloud.call<Res<F, A>>(fn, openid, { action, ...(req as object) });
}

const messages = (openid: string, orderId: string, extra: { cursor?: string; limit?: number } = {}) =>
  call('order', openid, 'messages', { orderId, ...extra });
const send = (openid: string, orderId: string, body: { text?: string; images?: string[] }) =>
  call('order', openid, 'send', { orderId, ...body });

function premium(members = 0): Promise<TestCard> {
  return newCardToday(kit, clock, 'premium', members);
}

/** A quick consult placed now by the holder and taken by STAFF.doctor a minute later; answers the order. */
async function taken(card: TestCard, mode: 'text' | 'phone' | 'video' = 'text'): Promise<Order> {
  const o = await kit.order(card.holder.openid, card, 'quickConsult', FORMS.quickConsult(mode));
  await clock.tick();
  return kit.step(STAFF.doctor, { orderId: o.orderId, step: 'accept' });
}

const strip = (m: Message) => ({ from: m.from, text: m.text, images: m.images, name: m.name });

// ---------------------------------------------------------------------------------------------

describe('R4 quick consult (text): the member and the doctor who took it talk for 2 hours', () => {
  let card: TestCard;
  let order: Order;
  let takenAt: string;

  beforeAll(async () => {
    card = await premium(1);
    order = await taken(card);
    takenAt = clock.now;
  });

  it('before take-over nothing can be sent; the session shows no end yet', async () => {
    const o = await kit.order(card.holder.openid, card, 'quickConsult', FORMS.quickConsult());
    expect(expectError(await send(card.holder.openid, o.orderId, { text: '在吗' }), 'INVALID_STATE')).toMatch(/接诊/);
    const page = dataOf(await messages(card.holder.openid, o.orderId));
    expect(page).toEqual({
      messages: [],
      nextCursor: null,
      session: { open: false, endsAt: null, mode: 'text', warning: false, doctorName: null, as: 'member' },
    });
    await kit.cancel(card.holder.openid, o.orderId);
  });

  it('after take-over the session is open until take-over + 2 h, named after the doctor', async () => {
    expect(order.status).toBe('in_service');
    const page = dataOf(await messages(card.holder.openid, order.orderId));
    expect(page.session).toEqual({
      open: true,
      endsAt: '2026-06-01T12:01:00+08:00',
      mode: 'text',
      warning: false,
      doctorName: STAFF_NAMES.doctor,
      as: 'member',
    });
    expect(takenAt).toBe('2026-06-01T10:01:00+08:00');
    expect(order.dueAt).toBe(page.session.endsAt);
  });

  it('member and doctor exchange text and images; both see the same conversation in order', async () => {
    await clock.tick();
    const m1 = dataOf(await send(card.holder.openid, order.orderId, { text: '胸口闷痛已经两天了，晚上更明显' }));
    expect(m1.message).toMatchObject({ from: 'member', text: '胸口闷痛已经两天了，晚上更明显', at: clock.now });
    expect(m1.message.name).toBeUndefined();
    const d1 = dataOf(await send(STAFF.doctor, order.orderId, { text: '有没有出汗、气短？' }));
    expect(d1.message).toMatchObject({ from: 'doctor', name: STAFF_NAMES.doctor });
    expect(d1.session.as).toBe('doctor');
    const image = await kit.fileOf(card.holder.openid, IMAGE);
    await send(card.holder.openid, order.orderId, { text: '有点气短', images: [image] });
    await send(card.holder.openid, order.orderId, { images: [image] });
    await send(STAFF.doctor, order.orderId, { text: '建议今天去心内科门诊做心电图' });

    const want = [
      { from: 'member', text: '胸口闷痛已经两天了，晚上更明显', images: undefined, name: undefined },
      { from: 'doctor', text: '有没有出汗、气短？', images: undefined, name: STAFF_NAMES.doctor },
      { from: 'member', text: '有点气短', images: [image], name: undefined },
      { from: 'member', text: undefined, images: [image], name: undefined },
      { from: 'doctor', text: '建议今天去心内科门诊做心电图', images: undefined, name: STAFF_NAMES.doctor },
    ];
    const mine = dataOf(await messages(card.holder.openid, order.orderId));
    const doctors = dataOf(await messages(STAFF.doctor, order.orderId));
    expect(mine.messages.map(strip)).toEqual(want);
    expect(doctors.messages).toEqual(mine.messages);
    expect(doctors.session.as).toBe('doctor');
    // ids are unique though the clock stood still between sends
    expect(new Set(mine.messages.map((m) => m.messageId)).size).toBe(5);
  });

  it('pages go back from the newest: each page oldest first, the cursor to the page before', async () => {
    const p1 = dataOf(await messages(card.holder.openid, order.orderId, { limit: 2 }));
    expect(p1.messages.map((m) => m.text)).toEqual([undefined, '建议今天去心内科门诊做心电图']);
    expect(p1.nextCursor).not.toBeNull();
    const p2 = dataOf(await messages(card.holder.openid, order.orderId, { limit: 2, cursor: p1.nextCursor ?? '' }));
    expect(p2.messages.map((m) => m.text)).toEqual(['有没有出汗、气短？', '有点气短']);
    const p3 = dataOf(await messages(card.holder.openid, order.orderId, { limit: 2, cursor: p2.nextCursor ?? '' }));
    expect(p3.messages.map((m) => m.text)).toEqual(['胸口闷痛已经两天了，晚上更明显']);
    expect(p3.nextCursor).toBeNull();
  });

  it('empty or malformed messages are INVALID_ARGUMENT', async () => {
    expectError(await send(card.holder.openid, order.orderId, {}), 'INVALID_ARGUMENT');
    expectError(await send(card.holder.openid, order.orderId, { text: '   ' }), 'INVALID_ARGUMENT');
    expectError(await send(card.holder.openid, order.orderId, { images: [] }), 'INVALID_ARGUMENT');
    expectError(
      await send(card.holder.openid, order.orderId, { images: ['https://evil.example/x.jpg'] }),
      'INVALID_ARGUMENT',
    );
    const own = await kit.fileOf(card.holder.openid, IMAGE);
    expectError(
      await send(card.holder.openid, order.orderId, { images: Array.from({ length: 10 }, () => own) }),
      'INVALID_ARGUMENT',
    );
    expectError(await send(card.holder.openid, order.orderId, { text: 'x'.repeat(2001) }), 'INVALID_ARGUMENT');
  });

  it('another doctor can neither read nor send (PERMISSION_DENIED)', async () => {
    expectError(await messages(OTHER_DOCTOR, order.orderId), 'PERMISSION_DENIED');
    expectError(await send(OTHER_DOCTOR, order.orderId, { text: '我来看看' }), 'PERMISSION_DENIED');
  });

  it('a family member who is not served, another card’s holder, a butler: NOT_FOUND', async () => {
    const member = card.members[0];
    if (!member) throw new Error('no member');
    const stranger = await premium();
    for (const openid of [member.openid, stranger.holder.openid, STAFF.butler, 'nobody-at-all']) {
      expectError(await messages(openid, order.orderId), 'NOT_FOUND');
      expectError(await send(openid, order.orderId, { text: '你好' }), 'NOT_FOUND');
    }
  });

  it('the 3-minute warning: shown in the session state, written once as a system message by the timer', async () => {
    await clock.set('2026-06-01T11:57:00+08:00');
    expect(dataOf(await messages(card.holder.openid, order.orderId)).session).toMatchObject({
      open: true,
      warning: false,
    });
    await clock.set('2026-06-01T11:58:00+08:00');
    expect(dataOf(await messages(card.holder.openid, order.orderId)).session).toMatchObject({
      open: true,
      warning: true,
    });
    expect(await warnEndingSessions(db, dataKey, new Date(Date.parse(clock.now)))).toBeGreaterThanOrEqual(1);
    await warnEndingSessions(db, dataKey, new Date(Date.parse(clock.now)));
    const warnings = dataOf(await messages(card.holder.openid, order.orderId)).messages.filter(
      (m) => m.from === 'system',
    );
    expect(warnings.map((m) => m.text)).toEqual(['距离本次咨询结束还有 3 分钟']);
  });

  it('the text window closes at take-over + 2 h: sends refused (咨询已结束), the session shows closed', async () => {
    await clock.set('2026-06-01T12:00:59+08:00');
    dataOf(await send(card.holder.openid, order.orderId, { text: '好的，谢谢医生' }));
    await clock.set('2026-06-01T12:01:00+08:00');
    expect(expectError(await send(card.holder.openid, order.orderId, { text: '还有一个问题' }), 'INVALID_STATE')).toBe(
      '咨询已结束',
    );
    expectError(await send(STAFF.doctor, order.orderId, { text: '补充一句' }), 'INVALID_STATE');
    const page = dataOf(await messages(card.holder.openid, order.orderId));
    expect(page.session).toMatchObject({ open: false, endsAt: '2026-06-01T12:01:00+08:00', warning: false });
    expect(page.messages[page.messages.length - 1]?.text).toBe('好的，谢谢医生');
    // not yet closed for good: the order waits for the timer
    expect(dataOf(await kit.get(card.holder.openid, order.orderId)).order.status).toBe('in_service');
  });

  it('closeExpiredSessions completes it by the system; the unit stays used; a second run does nothing more', async () => {
    await clock.set('2026-06-01T12:02:00+08:00');
    const now = new Date(Date.parse(clock.now));
    expect(await closeExpiredSessions(db, now)).toBeGreaterThanOrEqual(1);
    const done = dataOf(await kit.get(card.holder.openid, order.orderId)).order;
    expect({ status: done.status, quota: done.quota, awaiting: done.awaiting, dueAt: done.dueAt }).toEqual({
      status: 'completed',
      quota: 'used',
      awaiting: null,
      dueAt: null,
    });
    expect(done.timeline[done.timeline.length - 1]).toMatchObject({ status: 'completed', by: 'system', at: clock.now });
    expect(await kit.changes(card, order.orderId)).toEqual(['hold', 'use']);
    await closeExpiredSessions(db, now);
    expect(dataOf(await kit.get(card.holder.openid, order.orderId)).order.timeline).toHaveLength(done.timeline.length);
    // the conversation stays readable; its end is the scheduled one
    expect(dataOf(await messages(STAFF.doctor, order.orderId)).session).toMatchObject({
      open: false,
      endsAt: '2026-06-01T12:01:00+08:00',
    });
  });

  it('a session not yet over is left open by the timer', async () => {
    await clock.set(TODAY);
    const other = await premium();
    const o = await taken(other);
    await closeExpiredSessions(db, new Date(Date.parse('2026-06-01T11:00:00+08:00')));
    expect(dataOf(await kit.get(other.holder.openid, o.orderId)).order.status).toBe('in_service');
  });
});

describe('R4 phone / video: the doctor logs the call with its length', () => {
  it('a phone consult: 10 minutes, a call logged as a system message, bounded by the session minutes', async () => {
    const card = await premium();
    const o = await taken(card, 'phone');
    const page = dataOf(await messages(card.holder.openid, o.orderId));
    expect(page.session).toMatchObject({ open: true, mode: 'phone', endsAt: '2026-06-01T10:11:00+08:00' });
    await clock.tick(8);
    const logged = dataOf(
      await call('order', STAFF.doctor, 'logCall', { orderId: o.orderId, minutes: 8, kind: 'phone' }),
    );
    expect(logged.message).toMatchObject({
      from: 'system',
      call: { kind: 'phone', minutes: 8 },
      text: '电话沟通 8 分钟',
    });
    expect(dataOf(await messages(card.holder.openid, o.orderId)).messages).toEqual([logged.message]);
    // bounded: one call over the mode's minutes, or calls adding up past them
    expectError(
      await call('order', STAFF.doctor, 'logCall', { orderId: o.orderId, minutes: 11, kind: 'phone' }),
      'INVALID_ARGUMENT',
    );
    expectError(
      await call('order', STAFF.doctor, 'logCall', { orderId: o.orderId, minutes: 3, kind: 'phone' }),
      'INVALID_STATE',
    );
    dataOf(await call('order', STAFF.doctor, 'logCall', { orderId: o.orderId, minutes: 2, kind: 'phone' }));
    // only the doctor who took it
    expectError(
      await call('order', card.holder.openid, 'logCall', { orderId: o.orderId, minutes: 1, kind: 'phone' }),
      'PERMISSION_DENIED',
    );
    expectError(
      await call('order', OTHER_DOCTOR, 'logCall', { orderId: o.orderId, minutes: 1, kind: 'phone' }),
      'PERMISSION_DENIED',
    );
    // the doctor completes; the session is over
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: o.orderId, step: 'complete' });
    expect(dataOf(await messages(card.holder.openid, o.orderId)).session).toMatchObject({
      open: false,
      endsAt: clock.now,
    });
  });

  it('a video consult lasts 15 minutes; a text consult logs no call', async () => {
    const card = await premium();
    const v = await taken(card, 'video');
    expect(dataOf(await messages(card.holder.openid, v.orderId)).session).toMatchObject({
      mode: 'video',
      endsAt: '2026-06-01T10:16:00+08:00',
    });
    dataOf(await call('order', STAFF.doctor, 'logCall', { orderId: v.orderId, minutes: 15, kind: 'video' }));
    await clock.set(TODAY);
    const t = await taken(card, 'text');
    expectError(
      await call('order', STAFF.doctor, 'logCall', { orderId: t.orderId, minutes: 5, kind: 'phone' }),
      'INVALID_STATE',
    );
  });
});

describe('R4 the member may end the session early → completed (R3.2: the unit stays used)', () => {
  it('ends, refuses further messages, and keeps the unit used', async () => {
    const card = await premium();
    const o = await taken(card);
    dataOf(await send(card.holder.openid, o.orderId, { text: '好多了' }));
    // not before take-over, not by the doctor
    const fresh = await kit.order(card.holder.openid, card, 'quickConsult', FORMS.quickConsult());
    expectError(await call('order', card.holder.openid, 'end', { orderId: fresh.orderId }), 'INVALID_STATE');
    expectError(await call('order', STAFF.doctor, 'end', { orderId: o.orderId }), 'PERMISSION_DENIED');

    await clock.tick(5);
    const ended = dataOf(await call('order', card.holder.openid, 'end', { orderId: o.orderId })).order;
    expect({ status: ended.status, quota: ended.quota, awaiting: ended.awaiting }).toEqual({
      status: 'completed',
      quota: 'used',
      awaiting: null,
    });
    expect(ended.timeline[ended.timeline.length - 1]).toMatchObject({
      status: 'completed',
      by: 'member',
      at: clock.now,
    });
    expect(await kit.changes(card, o.orderId)).toEqual(['hold', 'use']);
    expect(await kit.pool(card, 'quickConsult')).toEqual({ used: 1, held: 1, remaining: 46 });

    expect(expectError(await send(card.holder.openid, o.orderId, { text: '再问一句' }), 'INVALID_STATE')).toBe(
      '咨询已结束',
    );
    expectError(await send(STAFF.doctor, o.orderId, { text: '好的' }), 'INVALID_STATE');
    expectError(await call('order', card.holder.openid, 'end', { orderId: o.orderId }), 'INVALID_STATE');
    expect(dataOf(await messages(card.holder.openid, o.orderId)).session).toMatchObject({
      open: false,
      endsAt: clock.now,
    });
    // the one not yet taken is withdrawn with cancel, its unit released
    dataOf(await kit.cancel(card.holder.openid, fresh.orderId));
    expect(await kit.pool(card, 'quickConsult')).toEqual({ used: 1, held: 0, remaining: 47 });
  });

  it('ending after the time ran out (before the timer) is the end by itself', async () => {
    const card = await premium();
    const o = await taken(card, 'phone');
    await clock.tick(30);
    const ended = dataOf(await call('order', card.holder.openid, 'end', { orderId: o.orderId })).order;
    expect(ended.timeline[ended.timeline.length - 1]).toMatchObject({ status: 'completed', by: 'system' });
  });

  it('orders without a session have no conversation', async () => {
    const card = await premium();
    const o = await kit.order(card.holder.openid, card, 'assessment', FORMS.assessment());
    expectError(await messages(card.holder.openid, o.orderId), 'INVALID_STATE');
    expectError(await call('order', card.holder.openid, 'end', { orderId: o.orderId }), 'INVALID_STATE');
  });
});

describe('R4 family doctor: choose and sign a doctor first, then ask as often as needed', () => {
  it('create without a signed doctor → NOT_ELIGIBLE; sign; then unlimited questions to that doctor', async () => {
    const card = await premium(1);
    const h = card.holder.openid;
    expect(dataOf(await call('order', h, 'myDoctor', { cardId: card.cardId }))).toEqual({
      doctor: null,
      signedAt: null,
    });
    expect(expectError(await kit.create(h, card, 'familyDoctor', FORMS.familyDoctor()), 'NOT_ELIGIBLE')).toBe(
      '请先选择并签约您的家庭医生',
    );
    // only doctors of the list
    for (const doctorId of ['e-001', 'h-zsyy', 'd-999']) {
      expectError(await call('order', h, 'signDoctor', { cardId: card.cardId, doctorId }), 'INVALID_ARGUMENT');
    }
    const signed = dataOf(await call('order', h, 'signDoctor', { cardId: card.cardId, doctorId: 'd-002' }));
    expect(signed).toEqual({
      doctor: {
        id: 'd-002',
        name: '杨医生',
        title: '副主任医师',
        hospital: '北京大学第一医院',
        specialty: '全科、老年病',
      },
      signedAt: TODAY,
    });
    expect(dataOf(await call('order', h, 'myDoctor', { cardId: card.cardId }))).toEqual(signed);

    const orders: Order[] = [];
    for (let i = 0; i < 5; i++)
      orders.push(await kit.order(h, card, 'familyDoctor', { question: `第 ${i + 1} 个问题` }));
    expect(orders.map((o) => [o.quota, o.form])).toEqual(
      orders.map((_o, i) => ['none', { question: `第 ${i + 1} 个问题`, doctorId: 'd-002' }]),
    );
    // a question to another doctor needs a new signing
    expectError(
      await kit.create(h, card, 'familyDoctor', { ...FORMS.familyDoctor(), doctorId: 'd-001' }),
      'NOT_ELIGIBLE',
    );

    // signings are per person: the family member has none until someone on the card signs for them
    const member = card.members[0];
    if (!member) throw new Error('no member');
    expect(dataOf(await call('order', member.openid, 'myDoctor', { cardId: card.cardId })).doctor).toBeNull();
    expectError(await kit.create(member.openid, card, 'familyDoctor', FORMS.familyDoctor()), 'NOT_ELIGIBLE');
    dataOf(await call('order', h, 'signDoctor', { cardId: card.cardId, doctorId: 'd-003', personId: member.memberId }));
    expect(dataOf(await call('order', member.openid, 'myDoctor', { cardId: card.cardId })).doctor?.id).toBe('d-003');
    expect((await kit.order(member.openid, card, 'familyDoctor', FORMS.familyDoctor())).form).toMatchObject({
      doctorId: 'd-003',
    });
    // strangers cannot sign or look on a card they are not on
    const stranger = await premium();
    expectError(await call('order', stranger.holder.openid, 'myDoctor', { cardId: card.cardId }), 'NOT_FOUND');
    expectError(
      await call('order', stranger.holder.openid, 'signDoctor', { cardId: card.cardId, doctorId: 'd-001' }),
      'NOT_FOUND',
    );
  });

  it('signing is open in the waiting period (it is not a service order); the question waits for its end', async () => {
    const card = await kit.newCard('premium', '2026-05-28T10:00:00+08:00');
    await clock.set('2026-05-29T10:00:00+08:00');
    dataOf(await call('order', card.holder.openid, 'signDoctor', { cardId: card.cardId, doctorId: 'd-001' }));
    expectError(await kit.create(card.holder.openid, card, 'familyDoctor', FORMS.familyDoctor()), 'WAITING_PERIOD');
    await clock.set(TODAY);
  });

  it('the question becomes a 24-hour text conversation with the doctor who takes it', async () => {
    const card = await premium();
    await kit.signFamilyDoctor(card.holder.openid, card, { doctorId: 'd-001' });
    const o = await kit.order(card.holder.openid, card, 'familyDoctor', FORMS.familyDoctor());
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: o.orderId, step: 'accept' });
    dataOf(await send(card.holder.openid, o.orderId, { text: '烧到 38.5 了' }));
    dataOf(await send(STAFF.doctor, o.orderId, { text: '先物理降温，多喝水' }));
    const page = dataOf(await messages(card.holder.openid, o.orderId));
    expect(page.session).toMatchObject({ open: true, mode: 'text', endsAt: '2026-06-02T10:01:00+08:00' });
    expect(page.messages.map((m) => m.from)).toEqual(['member', 'doctor']);
  });
});

describe('健康管家: a standing thread per person with the butlers', () => {
  let card: TestCard;
  let threadId: string;

  beforeAll(async () => {
    await clock.set(TODAY);
    card = await premium(1);
  });

  it('a member writes; the butler sees the thread first with its unread count, reads it and replies', async () => {
    const member = card.members[0];
    if (!member) throw new Error('no member');
    const empty = dataOf(await call('butler', member.openid, 'messages', { cardId: card.cardId }));
    expect(empty.messages).toEqual([]);
    threadId = empty.threadId;

    await clock.tick();
    dataOf(
      await call('butler', member.openid, 'send', {
        cardId: card.cardId,
        text: '想给父亲约一个体检，怎么安排比较好？',
      }),
    );
    const image = await kit.fileOf(member.openid, IMAGE);
    dataOf(await call('butler', member.openid, 'send', { cardId: card.cardId, images: [image] }));

    const { threads } = dataOf(await call('butler', STAFF.butler, 'threads', {}));
    // newest first (the demo world's threads are there too)
    const lastAts = threads.map((t) => t.lastAt ?? '');
    expect([...lastAts].sort().reverse()).toEqual(lastAts);
    expect(threads.find((t) => t.threadId === threadId)).toEqual({
      threadId,
      cardId: card.cardId,
      edition: 'premium',
      mayOrder: true,
      memberId: member.memberId,
      personName: expect.stringContaining('*'),
      lastAt: clock.now,
      lastFrom: 'member',
      preview: '[图片]',
      unread: 2,
    });

    const read = dataOf(await call('butler', STAFF.butler, 'thread', { threadId }));
    expect(read.messages.map((m) => [m.from, m.text ?? null])).toEqual([
      ['member', '想给父亲约一个体检，怎么安排比较好？'],
      ['member', null],
    ]);
    expect(read.thread.unread).toBe(0);
    expect(
      dataOf(await call('butler', STAFF.butler, 'threads', {})).threads.find((t) => t.threadId === threadId)?.unread,
    ).toBe(0);

    await clock.tick();
    const reply = dataOf(
      await call('butler', STAFF.butler, 'reply', { threadId, text: '您好，建议先做一次全面健康评估' }),
    );
    expect(reply.message).toMatchObject({ from: 'butler', name: STAFF_NAMES.butler, at: clock.now });
    const seen = dataOf(await call('butler', member.openid, 'messages', { cardId: card.cardId }));
    expect(seen.messages.map((m) => m.from)).toEqual(['member', 'member', 'butler']);
    expect(seen.messages[2]?.text).toBe('您好，建议先做一次全面健康评估');
    const listed = dataOf(await call('butler', STAFF.butler, 'threads', {})).threads.find(
      (t) => t.threadId === threadId,
    );
    expect(listed).toMatchObject({ lastFrom: 'butler', preview: '您好，建议先做一次全面健康评估', unread: 0 });
  });

  it('the thread is the person’s own: the holder of the same card sees only theirs', async () => {
    const mine = dataOf(await call('butler', card.holder.openid, 'messages', { cardId: card.cardId }));
    expect(mine.threadId).not.toBe(threadId);
    expect(mine.messages).toEqual([]);
  });

  it('another card’s member cannot read or write it; only butlers list, read and reply', async () => {
    const other = await premium(1);
    const outsider = other.members[0];
    if (!outsider) throw new Error('no member');
    expectError(await call('butler', outsider.openid, 'messages', { cardId: card.cardId }), 'NOT_FOUND');
    expectError(await call('butler', outsider.openid, 'send', { cardId: card.cardId, text: '你好' }), 'NOT_FOUND');
    expectError(await call('butler', outsider.openid, 'threads', {}), 'PERMISSION_DENIED');
    expectError(await call('butler', outsider.openid, 'thread', { threadId }), 'PERMISSION_DENIED');
    expectError(await call('butler', outsider.openid, 'reply', { threadId, text: '冒充管家' }), 'PERMISSION_DENIED');
    for (const staff of [STAFF.doctor, NOT_BUTLER]) {
      expectError(await call('butler', staff, 'threads', {}), 'PERMISSION_DENIED');
      expectError(await call('butler', staff, 'thread', { threadId }), 'PERMISSION_DENIED');
      expectError(await call('butler', staff, 'reply', { threadId, text: '你好' }), 'PERMISSION_DENIED');
    }
    expectError(await call('butler', STAFF.butler, 'thread', { threadId: 'b_mem_nobody' }), 'NOT_FOUND');
    expectError(await call('butler', STAFF.butler, 'reply', { threadId: 'o_whatever', text: '你好' }), 'NOT_FOUND');
  });

  it('R2.5 an expired card: the history stays readable, nothing more can be sent', async () => {
    const member = card.members[0];
    if (!member) throw new Error('no member');
    await clock.set('2027-05-10T00:00:00+08:00');
    expectError(await call('butler', member.openid, 'send', { cardId: card.cardId, text: '还在吗' }), 'CARD_EXPIRED');
    expect(dataOf(await call('butler', member.openid, 'messages', { cardId: card.cardId })).messages).toHaveLength(3);
    await clock.set(TODAY);
  });
});

describe('issue 10: sending is rate-limited per caller (30 a minute)', () => {
  it('the 31st message within a minute is RATE_LIMITED; the next minute opens again', async () => {
    const card = await premium();
    const h = card.holder.openid;
    await clock.set('2026-06-01T15:00:00+08:00');
    const o = await taken(card);
    // 15:01:00, the clock standing still
    for (let i = 0; i < 30; i++)
      dataOf(await call('butler', h, 'send', { cardId: card.cardId, text: `第 ${i + 1} 条` }));
    expectError(await call('butler', h, 'send', { cardId: card.cardId, text: '第 31 条' }), 'RATE_LIMITED');
    // one counter per caller, whatever the conversation
    expectError(await send(h, o.orderId, { text: '医生你好' }), 'RATE_LIMITED');
    // others are not limited by this caller
    dataOf(await send(STAFF.doctor, o.orderId, { text: '您好' }));
    await clock.set('2026-06-01T15:02:00+08:00');
    dataOf(await send(h, o.orderId, { text: '医生你好' }));
    expect(dataOf(await call('butler', h, 'messages', { cardId: card.cardId, limit: 100 })).messages).toHaveLength(30);
  });
});

describe('PIPL: messages are sealed at rest and never logged', () => {
  it('no message text or image id appears in the database files or the server log', () => {
    const secrets = [
      '胸口闷痛已经两天了',
      '建议今天去心内科门诊做心电图',
      '想给父亲约一个体检',
      '您好，建议先做一次全面健康评估',
      '烧到 38.5 了',
      '舌苔照片-0601',
    ];
    const files = readdirSync(kit.cloud.dataDir).filter((f) => f.startsWith('bluecard.db'));
    expect(files).toContain('bluecard.db');
    let sealed = 0;
    for (const f of files) {
      const bytes = readFileSync(join(kit.cloud.dataDir, f));
      for (const s of secrets) expect(bytes.includes(Buffer.from(s, 'utf8'))).toBe(false);
      if (bytes.includes(Buffer.from('"bodyEnc":"v1.', 'utf8'))) sealed++;
    }
    // the control: the messages are in these files, sealed
    expect(sealed).toBeGreaterThan(0);
    for (const s of secrets) expect(kit.cloud.output()).not.toContain(s);
    // while the API answers them to those who may read them (checked above)
  });
});
