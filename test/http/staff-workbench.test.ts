/**
 * What the workbench reads, through the real local cloud: `staff.get` (the steps the caller may
 * take now, and only those), `staff.callMember` (the number, and the audit row written first),
 * `staff.fileUrls` (the order's files; locally the fileIDs themselves, with a note), the queue's
 * paging, and `staff.roster` (admins only).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Res, StaffOrder, StaffRole, StaffStep, WorkbenchOrder } from '../../typings/contract';
import {
  ADMIN,
  FORMS,
  STAFF,
  STAFF_NAMES,
  TODAY,
  WANTED,
  dataOf,
  expectError,
  newCardToday,
  useKit,
  type StepBody,
  type TestCard,
} from './order-kit';

const { kit, clock } = useKit('demo', TODAY, { reconcile: true });

const BOOKING = { visitDate: '2026-06-04', period: '下午', hospital: '北京协和医院', address: '北京市东城区帅府园1号' };
const STEPS: readonly StaffStep[] = ['accept', 'book', 'providerStop', 'fail', 'noShow', 'complete', 'followUp'];

function premium(): Promise<TestCard> {
  return newCardToday(kit, clock, 'premium');
}

async function view(openid: string, orderId: string): Promise<StaffOrder> {
  return dataOf(await kit.cloud.call<Res<'staff', 'get'>>('staff', openid, { action: 'get', orderId })).order;
}

const BODY: Record<StaffStep, StepBody> = {
  accept: { step: 'accept' },
  book: { step: 'book', ...BOOKING },
  providerStop: { step: 'providerStop', reason: '专家停诊' },
  fail: { step: 'fail', reason: '无号源' },
  noShow: { step: 'noShow' },
  complete: { step: 'complete', result: { text: '已出具' } },
  followUp: { step: 'followUp', stars: 5 },
};

/** Each step not offered to `openid` is refused by staff.act, so what the page offers is all there is. */
async function expectNothingElse(openid: string, orderId: string, offered: readonly StaffStep[]): Promise<void> {
  for (const step of STEPS.filter((s) => !offered.includes(s))) {
    const e = await kit.cloud.call('staff', openid, { action: 'act', orderId, ...BODY[step] });
    expect(e.ok).toBe(false);
    if (!e.ok) expect(['PERMISSION_DENIED', 'INVALID_STATE']).toContain(e.error.code);
  }
}

interface AuditRow {
  kind: string;
  openid: string;
  orderId: string;
  personId: string;
  at: string;
}

function auditRows(orderId: string): AuditRow[] {
  const db = new Database(join(kit.cloud.dataDir, 'bluecard.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT body FROM "audit"').all() as { body: string }[];
    return rows.map((r) => JSON.parse(r.body) as AuditRow).filter((r) => r.orderId === orderId);
  } finally {
    db.close();
  }
}

describe('staff.get: the order with the steps the caller may take now', () => {
  it('outpatient: the agent is offered each step as the order moves; a doctor may not even open it', async () => {
    const card = await premium();
    const o = await kit.order(card.holder.openid, card, 'outpatientGreen', FORMS.outpatientGreen(WANTED));

    let seen = await view(STAFF.agent, o.orderId);
    expect(seen).toMatchObject({
      orderId: o.orderId,
      benefitName: '门诊绿通',
      awaiting: 'accept',
      awaitingLabel: '电话确认预约信息',
      edition: 'premium',
      overdue: false,
      canCall: true,
      files: [],
    });
    expect(seen.allowedSteps).toEqual(['accept', 'fail']);
    expect(seen.stepTexts.accept?.label).toBe('电话确认预约信息');
    expect(seen.stepTexts.fail).toEqual({ label: '无法服务', hint: '订单将结束，次数退还会员' });
    expect(Object.keys(seen.stepTexts).sort()).toEqual(['accept', 'fail']);
    // the served person: masked name and number, never the ID number
    expect(seen.personPhone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(seen.personPhone.slice(-4)).toBe(card.holder.person.phone.slice(-4));
    expect(JSON.stringify(seen)).not.toContain(card.holder.person.idNumber);
    expect(JSON.stringify(seen)).not.toContain(card.holder.person.phone);

    expectError(
      await kit.cloud.call('staff', STAFF.doctor, { action: 'get', orderId: o.orderId }),
      'PERMISSION_DENIED',
    );
    expectError(
      await kit.cloud.call('staff', STAFF.butler, { action: 'get', orderId: o.orderId }),
      'PERMISSION_DENIED',
    );
    await expectNothingElse(STAFF.agent, o.orderId, seen.allowedSteps);

    await clock.tick();
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'accept' });
    seen = await view(STAFF.agent, o.orderId);
    expect(seen.allowedSteps).toEqual(['book', 'fail']);
    expect(seen.stepTexts.book).toEqual({ label: '预约成功', hint: '本次服务计为已使用' });
    await expectNothingElse(STAFF.agent, o.orderId, seen.allowedSteps);

    await clock.tick();
    await kit.step(STAFF.agent, { orderId: o.orderId, ...BOOKING, step: 'book' });
    seen = await view(STAFF.agent, o.orderId);
    expect(seen.allowedSteps).toEqual(['providerStop', 'noShow', 'complete']);
    expect(seen.stepTexts.providerStop).toEqual({
      label: '医院停诊，重新预约',
      hint: '订单回到待预约，重新预约不另扣次数',
    });
    expect(seen.stepTexts.noShow?.label).toBe('登记爽约');
    expect(seen.booking).toEqual(BOOKING);
    await expectNothingElse(STAFF.agent, o.orderId, seen.allowedSteps);

    await clock.tick();
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'complete' });
    seen = await view(STAFF.agent, o.orderId);
    expect(seen.allowedSteps).toEqual(['followUp']);
    expect(seen.awaitingLabel).toBe('满意度回访');

    await clock.tick();
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'followUp', stars: 4, comment: '很顺利' });
    seen = await view(STAFF.agent, o.orderId);
    expect(seen.allowedSteps).toEqual([]);
    expect(seen.stepTexts).toEqual({});
    expect(seen.awaitingLabel).toBeNull();
    // the owner may still phone about a finished order
    expect(seen.canCall).toBe(true);
  });

  it('assessment: the manager takes first contact, the doctor the report; neither is offered the other one’s step', async () => {
    const card = await premium();
    const o = await kit.order(card.holder.openid, card, 'assessment', FORMS.assessment());

    const manager = await view(STAFF.manager, o.orderId);
    const doctor = await view(STAFF.doctor, o.orderId);
    expect(manager.allowedSteps).toEqual(['accept', 'fail']);
    expect(doctor.allowedSteps).toEqual([]);
    expect(manager.canCall).toBe(true);
    expect(doctor.canCall).toBe(false);
    await expectNothingElse(STAFF.doctor, o.orderId, []);

    await clock.tick();
    await kit.step(STAFF.manager, { orderId: o.orderId, step: 'accept' });
    const after = { manager: await view(STAFF.manager, o.orderId), doctor: await view(STAFF.doctor, o.orderId) };
    expect(after.manager.allowedSteps).toEqual(['fail']);
    expect(after.doctor.allowedSteps).toEqual(['complete']);
    expect(after.doctor.stepTexts.complete?.label).toBe('出具健康评估报告');
    // the doctor now awaits: may phone; the manager owns the case: may still phone
    expect(after.doctor.canCall).toBe(true);
    expect(after.manager.canCall).toBe(true);
    await expectNothingElse(STAFF.doctor, o.orderId, after.doctor.allowedSteps);
  });

  it('quick consult: the doctor takes the case (session) and ends it', async () => {
    const card = await premium();
    const o = await kit.order(card.holder.openid, card, 'quickConsult', FORMS.quickConsult('phone'));
    let seen = await view(STAFF.doctor, o.orderId);
    expect(seen.allowedSteps).toEqual(['accept', 'fail']);
    expect(seen.stepTexts.accept).toEqual({ label: '医生接诊', hint: '接诊后开始咨询计时，本次服务计为已使用' });
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: o.orderId, step: 'accept' });
    seen = await view(STAFF.doctor, o.orderId);
    expect(seen.status).toBe('in_service');
    expect(seen.allowedSteps).toEqual(['noShow', 'complete']);
    expect(seen.stepTexts.complete).toEqual({ label: '咨询结束', hint: '结束本次咨询' });
  });

  it('an admin sees any order and is offered nothing; the butler sees what they placed (R1.5)', async () => {
    const card = await premium();
    const o = await kit.order(card.holder.openid, card, 'outpatientGreen', FORMS.outpatientGreen(WANTED));
    const admin = await view(ADMIN, o.orderId);
    expect(admin.allowedSteps).toEqual([]);
    expect(admin.canCall).toBe(false);

    const placed = dataOf(
      await kit.placeOrder(STAFF.butler, {
        cardId: card.cardId,
        benefit: 'quickConsult',
        requestId: `wb-${Date.now()}`,
        personId: card.holder.memberId,
        form: FORMS.quickConsult(),
      }),
    ).order;
    const butler = await view(STAFF.butler, placed.orderId);
    expect(butler.placedBy).toBe('staff');
    expect(butler.allowedSteps).toEqual([]);
    expect(butler.canCall).toBe(false);
  });

  it('members and strangers → PERMISSION_DENIED; an unknown order → NOT_FOUND; a bad id → INVALID_ARGUMENT', async () => {
    const card = await premium();
    const o = await kit.order(card.holder.openid, card, 'quickConsult', FORMS.quickConsult());
    for (const action of ['get', 'callMember', 'fileUrls']) {
      expectError(
        await kit.cloud.call('staff', card.holder.openid, { action, orderId: o.orderId }),
        'PERMISSION_DENIED',
      );
      expectError(await kit.cloud.call('staff', 'stranger-wb', { action, orderId: o.orderId }), 'PERMISSION_DENIED');
      expectError(await kit.cloud.call('staff', STAFF.doctor, { action, orderId: 'ord_nosuch' }), 'NOT_FOUND');
      expectError(await kit.cloud.call('staff', STAFF.doctor, { action, orderId: '../x' }), 'INVALID_ARGUMENT');
      expectError(await kit.cloud.call('staff', STAFF.doctor, { action }), 'INVALID_ARGUMENT');
    }
  });
});

describe('staff.callMember: the number, for the roles whose call it is, audited', () => {
  it('gives the agent the full number and writes who, which order and when to the audit log', async () => {
    const card = await premium();
    const o = await kit.order(card.holder.openid, card, 'outpatientGreen', FORMS.outpatientGreen(WANTED));
    const at = await clock.tick();
    const { phone } = dataOf(
      await kit.cloud.call<Res<'staff', 'callMember'>>('staff', STAFF.agent, {
        action: 'callMember',
        orderId: o.orderId,
      }),
    );
    expect(phone).toBe(card.holder.person.phone);
    expect(auditRows(o.orderId)).toEqual([
      expect.objectContaining({
        kind: 'callMember',
        openid: STAFF.agent,
        orderId: o.orderId,
        personId: card.holder.memberId,
        at,
      }),
    ]);
  });

  it('refuses roles that do not serve the order now, and writes nothing', async () => {
    const card = await premium();
    const o = await kit.order(card.holder.openid, card, 'assessment', FORMS.assessment());
    for (const who of [STAFF.doctor, STAFF.agent, STAFF.butler, ADMIN]) {
      expectError(
        await kit.cloud.call('staff', who, { action: 'callMember', orderId: o.orderId }),
        'PERMISSION_DENIED',
      );
    }
    expect(auditRows(o.orderId)).toEqual([]);
    await clock.tick();
    await kit.step(STAFF.manager, { orderId: o.orderId, step: 'accept' });
    // the report is the doctor's step now: the doctor may phone
    expect(
      dataOf(
        await kit.cloud.call<Res<'staff', 'callMember'>>('staff', STAFF.doctor, {
          action: 'callMember',
          orderId: o.orderId,
        }),
      ).phone,
    ).toBe(card.holder.person.phone);
    expect(auditRows(o.orderId).map((r) => r.openid)).toEqual([STAFF.doctor]);
  });
});

describe('staff.fileUrls: the order’s files (locally the fileIDs, with a note)', () => {
  it('lists the form’s and the result’s files with their labels', async () => {
    const card = await premium();
    // the member's own uploads (issue 10), read by staff through temporary links
    const form = FORMS.inpatientGreen(await kit.uploadDir(card.holder.openid), WANTED);
    const o = await kit.order(card.holder.openid, card, 'inpatientGreen', form);
    expect((await view(STAFF.agent, o.orderId)).files).toEqual([
      { fileId: form.records[0], label: '病历资料' },
      { fileId: form.admissionSlip, label: '住院证' },
    ]);
    const links = dataOf(
      await kit.cloud.call<Res<'staff', 'fileUrls'>>('staff', STAFF.agent, { action: 'fileUrls', orderId: o.orderId }),
    );
    expect(links.files).toEqual([
      { fileId: form.records[0], label: '病历资料', url: form.records[0] },
      { fileId: form.admissionSlip, label: '住院证', url: form.admissionSlip },
    ]);
    expect(links.note).toMatch(/本地环境没有文件服务/);
    expectError(
      await kit.cloud.call('staff', STAFF.doctor, { action: 'fileUrls', orderId: o.orderId }),
      'PERMISSION_DENIED',
    );

    const reading = await kit.order(
      card.holder.openid,
      card,
      'reportReading',
      FORMS.reportReading(await kit.uploadDir(card.holder.openid)),
    );
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: reading.orderId, step: 'accept' });
    await clock.tick();
    await kit.step(STAFF.doctor, {
      orderId: reading.orderId,
      step: 'complete',
      result: { text: '建议复查', files: [await kit.fileOf(STAFF.doctor, 'results/guide.pdf')] },
    });
    const read = dataOf(
      await kit.cloud.call<Res<'staff', 'fileUrls'>>('staff', STAFF.doctor, {
        action: 'fileUrls',
        orderId: reading.orderId,
      }),
    );
    expect(read.files.map((f) => f.label)).toEqual(['体检报告', '服务结果']);
  });

  it('an order without files answers none and no note', async () => {
    const card = await premium();
    const o = await kit.order(card.holder.openid, card, 'quickConsult', FORMS.quickConsult());
    expect(dataOf(await kit.cloud.call('staff', STAFF.doctor, { action: 'fileUrls', orderId: o.orderId }))).toEqual({
      files: [],
      note: null,
    });
  });
});

describe('staff.queue: pages, words', () => {
  it('pages follow one another without gaps or repeats, overdue first, then soonest', async () => {
    const card = await premium();
    const mine: string[] = [];
    // four: a premium card's whole assessment pool
    for (let i = 0; i < 4; i++) {
      await clock.tick(30);
      mine.push((await kit.order(card.holder.openid, card, 'assessment', FORMS.assessment())).orderId);
    }
    // a day and a half later the first ones are overdue (contact within 1 day, by 21:00)
    await clock.set('2026-06-02T22:00:00+08:00');
    const whole = await kit.queue(STAFF.manager);
    const paged: WorkbenchOrder[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Res<'staff', 'queue'> = await kit.cloud.ok<Res<'staff', 'queue'>>('staff', STAFF.manager, {
        action: 'queue',
        limit: 2,
        ...(cursor !== null ? { cursor } : {}),
      });
      expect(page.orders.length).toBeLessThanOrEqual(2);
      paged.push(...page.orders);
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 100);
    expect(paged.map((o) => o.orderId)).toEqual(whole.map((o) => o.orderId));
    expect(new Set(paged.map((o) => o.orderId)).size).toBe(paged.length);
    const ours = paged.filter((o) => mine.includes(o.orderId));
    expect(ours.map((o) => o.orderId)).toEqual(mine);
    expect(ours.every((o) => o.overdue)).toBe(true);
    const flags = paged.map((o) => o.overdue);
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
    for (const o of ours) expect(o).toMatchObject({ benefitName: '全面健康评估', awaitingLabel: '健康管理师联系' });
  });

  it('refuses a bad cursor or limit', async () => {
    for (const bad of [{ cursor: 'x' }, { cursor: '-1' }, { limit: 0 }, { limit: 201 }, { limit: 1.5 }]) {
      expectError(await kit.cloud.call('staff', STAFF.agent, { action: 'queue', ...bad }), 'INVALID_ARGUMENT');
    }
  });
});

describe('staff.roster: who is staff, for admins', () => {
  it('lists staff with their roles; staff without a role drop out; others → PERMISSION_DENIED', async () => {
    await kit.setStaff('st-former', '离职者', ['agent']);
    await kit.setStaff('st-former', '离职者', []);
    const { staff } = await kit.cloud.ok<Res<'staff', 'roster'>>('staff', ADMIN, { action: 'roster' });
    for (const role of Object.keys(STAFF) as (keyof typeof STAFF)[]) {
      expect(staff).toContainEqual(
        expect.objectContaining({ openid: STAFF[role], name: STAFF_NAMES[role], roles: [role as StaffRole] }),
      );
    }
    expect(staff.map((s) => s.openid)).not.toContain('st-former');
    for (const who of [STAFF.agent, 'stranger-roster']) {
      expectError(await kit.cloud.call('staff', who, { action: 'roster' }), 'PERMISSION_DENIED');
    }
  });
});
