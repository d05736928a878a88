/**
 * Issue 10 through the real local cloud: the order creation limit, staff views in the audit log,
 * PIPL export and erasure (`privacy`), and file retention (`maintenance`, trigger `retention`).
 * Seed 'demo' for its directory only; every card, person and staff member here is the test's own.
 */
import type {
  Card,
  ErasureReport,
  HealthRecord,
  Order,
  PrivacyExport,
  Res,
  RetentionReport,
} from '../../typings/contract';
import { peek, storedText, unseal } from './db-peek';
import {
  ADMIN,
  DEMO_HOSPITAL,
  FORMS,
  STAFF,
  TODAY,
  dataOf,
  expectError,
  newCardToday,
  person,
  rid,
  useKit,
  user,
  type TestCard,
} from './order-kit';

// reconcile: R3.5 erasures and retention change no pool: every pool still equals its ledger
const { kit, clock } = useKit('demo', TODAY, { reconcile: true, timeout: 60_000 });

const BOOKING = {
  visitDate: '2026-06-10',
  period: '上午',
  hospital: '复旦大学附属中山医院',
  address: '上海市徐汇区枫林路180号',
};

function premium(members = 0): Promise<TestCard> {
  return newCardToday(kit, clock, 'premium', members);
}

function exportOf(openid: string): Promise<PrivacyExport> {
  return kit.cloud.ok<Res<'privacy', 'export'>>('privacy', openid, { action: 'export' }).then((r) => r.data);
}

function erase(openid: string, confirm: unknown = '确认删除') {
  return kit.cloud.call<ErasureReport>('privacy', openid, { action: 'erase', confirm });
}

const dataDir = (): string => kit.cloud.dataDir;

interface AuditRow {
  kind: string;
  openid: string;
  orderId: string | null;
  personId: string | null;
  threadId?: string;
  refs?: string[];
  at: string;
}

// ---------------------------------------------------------------------------------------------

describe('order creation is rate-limited per caller (issue 10): 20 an hour, 100 a day, accepted creates only', () => {
  it('refusals and retries do not count; the 21st accepted create in an hour is RATE_LIMITED and takes nothing', async () => {
    const card = await premium();
    const holder = card.holder.openid;
    await kit.signFamilyDoctor(holder, card);
    // refusals first: a wrong date is NOT_ELIGIBLE and changes nothing, so it is not counted
    for (let i = 0; i < 25; i++)
      expectError(
        await kit.create(holder, card, 'outpatientGreen', FORMS.outpatientGreen('2026-06-02')),
        'NOT_ELIGIBLE',
      );
    const first = await kit.order(holder, card, 'quickConsult', FORMS.quickConsult(), { requestId: 'retry-me-0001' });
    for (let i = 1; i < 20; i++) await kit.order(holder, card, 'familyDoctor', FORMS.familyDoctor());
    const limited = expectError(await kit.create(holder, card, 'quickConsult', FORMS.quickConsult()), 'RATE_LIMITED');
    expect(limited).toBe('下单太频繁，请稍后再试');
    expect(await kit.pool(card, 'quickConsult')).toEqual({ used: 0, held: 1, remaining: 47 });
    // R3.6 a retry of an accepted create answers the first answer, limit or not
    const again = dataOf(
      await kit.create(holder, card, 'quickConsult', FORMS.quickConsult(), { requestId: 'retry-me-0001' }),
    );
    expect(again.order.orderId).toBe(first.orderId);
    // another caller is not limited by this one
    const other = await premium();
    await kit.order(other.holder.openid, other, 'quickConsult', FORMS.quickConsult());
    // the butler's orders for this member (R1.5) have their own, larger limit
    const placed = await kit.placeOrder(STAFF.butler, {
      cardId: card.cardId,
      benefit: 'quickConsult',
      requestId: rid(),
      personId: card.holder.memberId,
      form: FORMS.quickConsult(),
    });
    expect(placed.ok).toBe(true);
    // the hour is over: the member may order again
    await clock.tick(61);
    await kit.order(holder, card, 'quickConsult', FORMS.quickConsult());
  });

  it('a burst of 40 concurrent familyDoctor questions (no pool to bound it): exactly 20 accepted, the rest RATE_LIMITED', async () => {
    const card = await premium();
    const holder = card.holder.openid;
    await kit.signFamilyDoctor(holder, card);
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => kit.create(holder, card, 'familyDoctor', FORMS.familyDoctor())),
    );
    const codes = answers.map((a) => (a.ok ? 'OK' : a.error.code));
    expect(codes.filter((c) => c === 'OK')).toHaveLength(20);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(20);
    expect((await kit.list(holder, card.cardId)).filter((o) => o.benefit === 'familyDoctor')).toHaveLength(20);
  });

  it('100 accepted creates a day: the 101st is RATE_LIMITED until the day window ends', async () => {
    const card = await premium();
    const holder = card.holder.openid;
    await kit.signFamilyDoctor(holder, card);
    for (let hour = 0; hour < 5; hour++) {
      for (let i = 0; i < 20; i++) await kit.order(holder, card, 'familyDoctor', FORMS.familyDoctor());
      await clock.tick(61);
    }
    expectError(await kit.create(holder, card, 'familyDoctor', FORMS.familyDoctor()), 'RATE_LIMITED');
    await clock.tick(24 * 60);
    await kit.order(holder, card, 'familyDoctor', FORMS.familyDoctor());
  });
});

describe('invite creation is rate-limited per holder (issue 10): 20 a day', () => {
  it('the 21st invite within a day is RATE_LIMITED; the next day opens again', async () => {
    const card = await premium();
    const invite = () => kit.cloud.call('card', card.holder.openid, { action: 'createInvite', cardId: card.cardId });
    for (let i = 0; i < 20; i++) dataOf(await invite());
    expectError(await invite(), 'RATE_LIMITED');
    await clock.tick(24 * 60 + 1);
    dataOf(await invite());
  });
});

// ---------------------------------------------------------------------------------------------

describe('staff views of personal data are audit-logged (issue 10): who, what, which, when — no content', () => {
  it('staff.get, fileUrls, callMember, queue, butler.thread and butler.threads each write a row', async () => {
    await clock.set(TODAY);
    const card = await premium();
    const o = await kit.order(
      card.holder.openid,
      card,
      'inpatientGreen',
      FORMS.inpatientGreen(await kit.uploadDir(card.holder.openid), '2026-06-10', '恶性肿瘤——重度'),
    );
    await kit.cloud.ok('butler', card.holder.openid, { action: 'send', cardId: card.cardId, text: '审计测试留言甲' });
    const before = peek<AuditRow>(dataDir(), 'audit').length;

    await kit.cloud.ok('staff', STAFF.agent, { action: 'get', orderId: o.orderId });
    await kit.cloud.ok('staff', STAFF.agent, { action: 'fileUrls', orderId: o.orderId });
    await kit.cloud.ok('staff', STAFF.agent, { action: 'callMember', orderId: o.orderId });
    await kit.cloud.ok('staff', STAFF.agent, { action: 'queue' });
    const threadId = `b_${card.holder.memberId}`;
    await kit.cloud.ok('butler', STAFF.butler, { action: 'threads' });
    await kit.cloud.ok('butler', STAFF.butler, { action: 'thread', threadId });

    const rows = peek<AuditRow>(dataDir(), 'audit').slice(before);
    const mine = rows.filter(
      (r) =>
        r.orderId === o.orderId ||
        r.threadId === threadId ||
        (r.refs ?? []).some((x) => x === o.orderId || x === threadId),
    );
    expect(mine.map((r) => [r.kind, r.openid]).sort()).toEqual(
      [
        ['callMember', STAFF.agent],
        ['fileUrls', STAFF.agent],
        ['queue', STAFF.agent],
        ['threads', STAFF.butler],
        ['viewOrder', STAFF.agent],
        ['viewThread', STAFF.butler],
      ].sort(),
    );
    for (const r of mine) {
      expect(r.at).toMatch(/\+08:00$/);
      // ids only: no name, phone, ID number, diagnosis or message text
      const text = JSON.stringify(r);
      for (const secret of [
        card.holder.person.name,
        card.holder.person.phone,
        card.holder.person.idNumber,
        '恶性肿瘤',
        '审计测试留言甲',
      ]) {
        expect(text).not.toContain(secret);
      }
    }
    // the member sees the views of their data in their export (what and when, not who)
    const views = (await exportOf(card.holder.openid)).staffViews;
    expect(views.map((v) => v.kind).sort()).toEqual(['callMember', 'fileUrls', 'viewOrder', 'viewThread']);
    expect(JSON.stringify(views)).not.toContain(STAFF.agent);
  });
});

// ---------------------------------------------------------------------------------------------

describe('privacy.export (PIPL art. 45): everything held about the caller, their own data in full', () => {
  let card: TestCard;
  let consult: Order;
  let data: PrivacyExport;

  beforeAll(async () => {
    await clock.set(TODAY);
    card = await premium(1);
    const h = card.holder.openid;
    consult = await kit.order(h, card, 'quickConsult', { description: '导出测试描述：胸闷两周', mode: 'text' });
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: consult.orderId, step: 'accept' });
    await kit.cloud.ok('order', h, { action: 'send', orderId: consult.orderId, text: '导出测试消息：夜间加重' });
    await kit.cloud.ok('butler', h, { action: 'send', cardId: card.cardId, text: '导出测试管家留言' });
    await kit.cloud.ok('record', h, { action: 'consent', memberId: card.holder.memberId, version: 'v1' });
    await kit.cloud.ok('record', h, {
      action: 'update',
      memberId: card.holder.memberId,
      profile: { chronicConditions: ['导出测试慢病'] },
    });
    const green = await kit.order(h, card, 'outpatientGreen', FORMS.outpatientGreen('2026-06-04'));
    await kit.step(STAFF.agent, { orderId: green.orderId, step: 'accept' });
    await kit.step(STAFF.agent, { orderId: green.orderId, step: 'book', ...BOOKING, visitDate: '2026-06-04' });
    data = await exportOf(h);
  });

  it('memberships carry the caller’s own name, ID number and phone in full', () => {
    expect(data.openid).toBe(card.holder.openid);
    expect(data.memberships).toEqual([
      expect.objectContaining({
        memberId: card.holder.memberId,
        cardId: card.cardId,
        role: 'holder',
        edition: 'premium',
        name: card.holder.person.name,
        idNumber: card.holder.person.idNumber,
        phone: card.holder.person.phone,
        removedAt: null,
      }),
    ]);
    expect(data.memberships[0]?.cardNo).toMatch(/^\d{16}$/);
  });

  it('orders with forms and timelines, the record opened, conversations, ledger, notices, invites', () => {
    const o = data.orders.find((x) => x.orderId === consult.orderId);
    expect(o?.form).toEqual({ description: '导出测试描述：胸闷两周', mode: 'text' });
    expect(o?.timeline.map((t) => t.status)).toEqual(['submitted', 'in_service']);
    expect(data.records).toEqual([
      expect.objectContaining({
        memberId: card.holder.memberId,
        consent: expect.objectContaining({ version: 'v1', by: 'self' }) as unknown,
        profile: expect.objectContaining({ chronicConditions: ['导出测试慢病'] }) as unknown,
      }),
    ]);
    const texts = data.conversations.flatMap((c) => c.messages.map((m) => m.text));
    expect(texts).toEqual(expect.arrayContaining(['导出测试消息：夜间加重', '导出测试管家留言']));
    expect(data.conversations.map((c) => c.kind).sort()).toEqual(['butler', 'order']);
    expect(data.ledger.map((r) => r.change).sort()).toEqual(['hold', 'hold', 'use', 'use']);
    // the booking SMS went to their phone: the outbox shows it to them
    expect(data.notices.some((n) => n.channel === 'sms' && n.to === card.holder.person.phone)).toBe(true);
    expect(data.invites).toHaveLength(1);
    expect(data.staff).toBeNull();
  });

  it('holds nothing of the family member’s real-name data (theirs to export)', () => {
    const member = card.members[0];
    if (!member) throw new Error('no member');
    const text = JSON.stringify(data);
    for (const s of [member.person.name, member.person.idNumber, member.person.phone]) expect(text).not.toContain(s);
  });

  it('is rate-limited: 10 an hour', async () => {
    const someone = user('exporter');
    for (let i = 0; i < 10; i++) await exportOf(someone);
    expectError(await kit.cloud.call('privacy', someone, { action: 'export' }), 'RATE_LIMITED');
  });
});

// ---------------------------------------------------------------------------------------------

describe('privacy.erase (PIPL art. 47): personal fields removed, ledger counts kept', () => {
  /** Under their uploaders' own folders (issue 10): the member's, the agent's result. Set in beforeAll. */
  const FILES = { records: '', slip: '', result: '', chat: '', upload: '' };
  const WORDS = {
    disease: '严重慢性肾衰竭',
    description: '注销测试描述：左膝疼痛',
    message: '注销测试消息：吃药后好转',
    butler: '注销测试管家留言',
    condition: '注销测试慢病',
    result: '注销测试结果：建议复查',
    comment: '注销测试评价',
  };
  let card: TestCard;
  let member: TestCard['members'][number];
  let inpatient: Order;
  let consult: Order;
  let before: { used: number; held: number; remaining: number | null };

  beforeAll(async () => {
    await clock.set(TODAY);
    card = await premium(1);
    const m = card.members[0];
    if (!m) throw new Error('no member');
    member = m;
    Object.assign(FILES, {
      records: await kit.fileOf(member.openid, 'orders/病历-1.jpg'),
      slip: await kit.fileOf(member.openid, 'orders/住院证-1.jpg'),
      result: await kit.fileOf(STAFF.agent, 'results/结果-1.pdf'),
      chat: await kit.fileOf(member.openid, 'consult/舌苔-1.jpg'),
      upload: await kit.fileOf(member.openid, 'records/化验单-1.jpg'),
    });
    inpatient = await kit.order(member.openid, card, 'inpatientGreen', {
      ...FORMS.inpatientGreen(await kit.uploadDir(member.openid), '2026-06-10', WORDS.disease),
      records: [FILES.records],
      admissionSlip: FILES.slip,
    });
    await kit.step(STAFF.agent, { orderId: inpatient.orderId, step: 'accept' });
    await kit.step(STAFF.agent, { orderId: inpatient.orderId, step: 'book', ...BOOKING });
    await kit.step(STAFF.agent, {
      orderId: inpatient.orderId,
      step: 'complete',
      result: { text: WORDS.result, files: [FILES.result] },
    });
    await kit.step(STAFF.agent, { orderId: inpatient.orderId, step: 'followUp', stars: 4, comment: WORDS.comment });
    consult = await kit.order(member.openid, card, 'quickConsult', { description: WORDS.description, mode: 'text' });
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: consult.orderId, step: 'accept' });
    await kit.cloud.ok('order', member.openid, {
      action: 'send',
      orderId: consult.orderId,
      text: WORDS.message,
      images: [FILES.chat],
    });
    await kit.cloud.ok('order', STAFF.doctor, { action: 'send', orderId: consult.orderId, text: '医生回复：多休息' });
    await kit.cloud.ok('butler', member.openid, { action: 'send', cardId: card.cardId, text: WORDS.butler });
    await kit.cloud.ok('record', member.openid, { action: 'consent', memberId: member.memberId, version: 'v1' });
    await kit.cloud.ok('record', member.openid, {
      action: 'update',
      memberId: member.memberId,
      profile: { chronicConditions: [WORDS.condition] },
    });
    await kit.cloud.ok('record', member.openid, {
      action: 'addReport',
      memberId: member.memberId,
      title: '化验单',
      files: [FILES.upload],
    });
    before = await kit.pool(card, 'quickConsult');
  });

  it('asks for the confirmation words', async () => {
    expectError(await erase(member.openid, 'yes'), 'INVALID_ARGUMENT');
    expectError(await kit.cloud.call('privacy', member.openid, { action: 'erase' }), 'INVALID_ARGUMENT');
  });

  it('is refused while an order that serves them is open, and changes nothing', async () => {
    const msg = expectError(await erase(member.openid), 'INVALID_STATE');
    expect(msg).toContain('进行中的服务');
    expect((await exportOf(member.openid)).memberships[0]?.name).toBe(member.person.name);
    await kit.step(STAFF.doctor, { orderId: consult.orderId, step: 'complete' });
  });

  it('is refused to a holder while family members are on the card', async () => {
    expect(expectError(await erase(card.holder.openid), 'INVALID_STATE')).toContain('家庭成员');
    expect((await kit.cardOf(card.holder.openid, card.cardId)).members).toHaveLength(2);
  });

  it('erases the member: no card, no export, nothing typed left anywhere in the database', async () => {
    const report = dataOf(await erase(member.openid));
    expect(report).toMatchObject({ memberships: 1, orders: 2, files: 5 });

    const stored = storedText(dataDir());
    const gone = [
      ...Object.values(WORDS),
      '医生回复：多休息',
      member.openid,
      member.person.phone,
      member.person.idNumber,
      member.person.name,
    ];
    for (const w of gone)
      expect({ w, found: stored.split('\n').filter((l) => l.includes(w)) }).toEqual({ w, found: [] });
    // sealed fields: the member's name, ID number and phone are gone from their document too
    const doc = peek<{
      _id: string;
      nameEnc: string;
      idEnc: string;
      phoneEnc: string;
      nameMasked: string;
      openid: string;
    }>(dataDir(), 'members').find((d) => d._id === member.memberId);
    expect(
      doc && {
        name: unseal(dataDir(), doc.nameEnc),
        id: unseal(dataDir(), doc.idEnc),
        phone: unseal(dataDir(), doc.phoneEnc),
      },
    ).toEqual({
      name: '',
      id: '',
      phone: '',
    });
    expect(doc?.nameMasked).toBe('已注销');
    // messages: every word of their conversations replaced, the doctor's too (it was about them)
    const bodies = peek<{ thread: string; bodyEnc: string }>(dataDir(), 'messages')
      .filter((d) => d.thread === `o_${consult.orderId}` || d.thread === `b_${member.memberId}`)
      .map((d) => JSON.parse(unseal(dataDir(), d.bodyEnc)) as { text?: string; images?: string[] });
    expect(bodies.length).toBeGreaterThanOrEqual(3);
    for (const b of bodies) expect(b).toEqual({ t: expect.any(String) as unknown, text: '[已删除]' });

    // what the app shows them now (these calls are new data about the caller: checked after the store)
    expect((await kit.cloud.ok<{ cards: Card[] }>('card', member.openid, { action: 'mine' })).cards).toEqual([]);
    const after = await exportOf(member.openid);
    expect({ m: after.memberships, o: after.orders, r: after.records, c: after.conversations }).toEqual({
      m: [],
      o: [],
      r: [],
      c: [],
    });
    expectError(await kit.get(member.openid, consult.orderId), 'NOT_FOUND');
  });

  it('keeps the ledger and pools: counts unchanged, the person shows as 已注销, reconciliation holds', async () => {
    expect(await kit.pool(card, 'quickConsult')).toEqual(before);
    const rows = await kit.ledger(card);
    const theirs = rows.filter((r) => r.personId === member.memberId);
    expect(theirs.map((r) => r.change).sort()).toEqual(['hold', 'hold', 'use', 'use']);
    for (const r of theirs) expect(r.person).toBe('已注销');
    expect((await kit.reconcile(card.cardId)).mismatches).toEqual([]);
    // the family slot is free again
    expect((await kit.cardOf(card.holder.openid, card.cardId)).members).toHaveLength(1);
  });

  it('staff still see the orders, scrubbed: free text replaced, files gone with a note, no notes or comments', async () => {
    const o = dataOf(
      await kit.cloud.call<Res<'staff', 'get'>>('staff', STAFF.agent, { action: 'get', orderId: inpatient.orderId }),
    ).order;
    expect(o.form).toEqual({
      hospital: DEMO_HOSPITAL.name,
      wantedDate: '2026-06-10',
      disease: '[已删除]',
      records: [],
      admissionSlip: '',
    });
    expect(o.result).toEqual({ text: '[已删除]', files: [] });
    expect(o.files).toEqual([]);
    expect(o.filesNote).toBe('会员已注销，文件已删除');
    expect(o.followUp).toEqual({ stars: 4, at: expect.any(String) as unknown });
    expect(o.timeline.every((t) => t.note === undefined)).toBe(true);
    expect(o.status).toBe('completed');
    expectError(
      await kit.cloud.call('staff', STAFF.agent, { action: 'callMember', orderId: inpatient.orderId }),
      'NOT_FOUND',
    );
  });

  it('deletes their files (the local FileStore records them) and records the erasure without the openid', () => {
    const deleted = peek<{ fileId: string }>(dataDir(), 'deletedFiles').map((d) => d.fileId);
    expect(deleted).toEqual(expect.arrayContaining(Object.values(FILES)));
    const queue = peek<{ fileId: string; status: string; reason: string }>(dataDir(), 'fileQueue').filter((q) =>
      Object.values<string>(FILES).includes(q.fileId),
    );
    expect(queue.map((q) => [q.status, q.reason])).toEqual(Array(5).fill(['done', 'erasure']));
    const erasures = peek<Record<string, unknown>>(dataDir(), 'erasures');
    expect(erasures.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(erasures)).not.toContain(member.openid);
  });

  it('frees the ID number: the same person may join a card again', async () => {
    const other = await premium();
    const { token } = await kit.cloud.ok<Res<'card', 'createInvite'>>('card', other.holder.openid, {
      action: 'createInvite',
      cardId: other.cardId,
    });
    const joined = await kit.cloud.ok<Res<'card', 'acceptInvite'>>('card', user('again'), {
      action: 'acceptInvite',
      token,
      ...member.person,
    });
    expect(joined.card.members).toHaveLength(2);
  });

  it('a holder alone on the card may erase: the card keeps its pools, nobody can use it any more', async () => {
    const solo = await premium();
    await kit.order(solo.holder.openid, solo, 'assessment', FORMS.assessment());
    expectError(await erase(solo.holder.openid), 'INVALID_STATE');
    const [o] = await kit.list(solo.holder.openid);
    if (!o) throw new Error('no order');
    dataOf(await kit.cancel(solo.holder.openid, o.orderId));
    // an invite left open would let someone join a card without a holder: erasure closes it
    const { token } = await kit.cloud.ok<Res<'card', 'createInvite'>>('card', solo.holder.openid, {
      action: 'createInvite',
      cardId: solo.cardId,
    });
    dataOf(await erase(solo.holder.openid));
    expectError(
      await kit.cloud.call('card', user('late'), { action: 'acceptInvite', token, ...person() }),
      'INVITE_INVALID',
    );
    expect((await kit.cloud.ok<{ cards: Card[] }>('card', solo.holder.openid, { action: 'mine' })).cards).toEqual([]);
    expect((await kit.reconcile(solo.cardId)).mismatches).toEqual([]);
    // a second call finds nothing more to erase
    expect(dataOf(await erase(solo.holder.openid))).toMatchObject({ memberships: 0, orders: 0, files: 0 });
  });
});

// ---------------------------------------------------------------------------------------------

describe('file retention (issue 10): uploaded files deleted after the period ops set', () => {
  it('admins read and set the period; others may not', async () => {
    expect(await kit.cloud.ok('maintenance', ADMIN, { action: 'retention' })).toEqual({ days: 365, configured: false });
    expectError(
      await kit.cloud.call('maintenance', STAFF.agent, { action: 'setRetention', days: 30 }),
      'PERMISSION_DENIED',
    );
    expectError(await kit.cloud.call('maintenance', ADMIN, { action: 'setRetention', days: 0 }), 'INVALID_ARGUMENT');
    expectError(await kit.cloud.call('maintenance', ADMIN, { action: 'tick' }), 'PERMISSION_DENIED');
    expect(await kit.cloud.ok('maintenance', ADMIN, { action: 'setRetention', days: 30 })).toEqual({
      days: 30,
      configured: true,
    });
  });

  it('closed orders and record uploads past the period lose their files and keep a note; open orders keep theirs', async () => {
    await clock.set(TODAY);
    const card = await premium();
    const h = card.holder.openid;
    // under their uploaders' own folders (issue 10): the holder's, the doctor's result
    const F = {
      report: await kit.fileOf(h, 'orders/体检报告-r1.pdf'),
      result: await kit.fileOf(STAFF.doctor, 'results/指导意见-r1.pdf'),
      upload: await kit.fileOf(h, 'records/化验单-r1.jpg'),
      open: await kit.fileOf(h, 'orders/体检报告-open.pdf'),
    };
    const done = await kit.order(h, card, 'reportReading', { files: [F.report] });
    await kit.step(STAFF.doctor, { orderId: done.orderId, step: 'accept' });
    await kit.step(STAFF.doctor, {
      orderId: done.orderId,
      step: 'complete',
      result: { text: '指导意见正文', files: [F.result] },
    });
    const open = await kit.order(h, card, 'reportReading', { files: [F.open] });
    await kit.cloud.ok('record', h, { action: 'consent', memberId: card.holder.memberId, version: 'v1' });
    await kit.cloud.ok('record', h, {
      action: 'addReport',
      memberId: card.holder.memberId,
      title: '化验单',
      files: [F.upload],
    });

    // within the period: nothing
    await clock.set('2026-06-20T10:00:00+08:00');
    const early = dataOf(await kit.cloud.run<RetentionReport>('retention'));
    expect(early.days).toBe(30);
    expect(peek<{ fileId: string }>(dataDir(), 'deletedFiles').map((d) => d.fileId)).not.toContain(F.report);

    await clock.set('2026-07-02T10:00:00+08:00');
    const report = dataOf(await kit.cloud.run<RetentionReport>('retention'));
    expect(report.orders).toBeGreaterThanOrEqual(1);
    expect(report.records).toBeGreaterThanOrEqual(1);
    expect(report.files.failed).toBe(0);

    const o = dataOf(await kit.get(h, done.orderId)).order;
    expect(o.form).toEqual({ files: [] });
    expect(o.result).toEqual({ text: '指导意见正文', files: [] });
    expect(o.filesNote).toBe('文件已按保存期限删除');
    const still = dataOf(await kit.get(h, open.orderId)).order;
    expect(still.form).toEqual({ files: [F.open] });
    expect(still.filesNote).toBeUndefined();

    const { record } = await kit.cloud.ok<{ record: HealthRecord }>('record', h, {
      action: 'get',
      memberId: card.holder.memberId,
    });
    const upload = record.reports.find((r) => r.title === '化验单');
    expect(upload).toMatchObject({ files: [], filesNote: '文件已按保存期限删除' });
    const fromOrder = record.reports.filter((r) => r.orderId === done.orderId);
    expect(fromOrder.map((r) => [r.source, r.files, r.filesNote])).toEqual(
      expect.arrayContaining([
        ['upload', [], '文件已按保存期限删除'],
        ['staff', [], '文件已按保存期限删除'],
      ]),
    );

    const deleted = peek<{ fileId: string }>(dataDir(), 'deletedFiles').map((d) => d.fileId);
    expect(deleted).toEqual(expect.arrayContaining([F.report, F.result, F.upload]));
    expect(deleted).not.toContain(F.open);

    // a second run finds nothing more of these
    const again = dataOf(await kit.cloud.run<RetentionReport>('retention'));
    expect(again.files.deleted).toBe(0);
    await kit.cloud.ok('maintenance', ADMIN, { action: 'setRetention', days: 365 });
  });
});
