/**
 * R5.1 / R5.2 / R5.3 notices through the real local cloud: every order step that earns a notice
 * writes it with the step (SMS and subscription message), consent recorded by `notify.subscribe`
 * lets exactly that many messages go (the rest are `skipped`, NO_CONSENT), ops see the outbox with
 * masked phones, and — checked over every notice written in this file — no text or field carries
 * an ID number, a mobile number, a description, a department or a diagnosis.
 *
 * Seed 'demo' for the directory (escort and expert consult need it); only this file's people.
 */
import type { Notice, OpsNotice, OrderBenefit, Res } from '../../typings/contract';
import { fieldValueOk, findSensitive } from '../../server/domain/notices';
import {
  ADMIN,
  DEMO_BOOKING as BOOK,
  DEMO_HOSPITAL,
  ESCORT_VISIT,
  FORMS,
  PEOPLE,
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

const { kit, clock } = useKit('demo', TODAY, { beforeStop: noPrivateWords });

/** What the forms of this file say that no notice may repeat (PIPL minimum, R5). */
const PRIVATE_WORDS = [
  '头痛三天',
  '夜里加重',
  '血压控制不理想',
  '孩子发烧',
  '心血管内科',
  '心内科复诊',
  '恶性肿瘤',
  '高血压',
  '胆结石',
  '建议复查血脂',
  '2026.pdf',
];

/** After all tests: no notice written or sent in this file carries anything private. */
async function noPrivateWords(): Promise<void> {
  const texts = (n: { text?: string; data?: Record<string, string> }) => [n.text ?? '', ...Object.values(n.data ?? {})];
  const all = [...(await kit.cloud.outbox()).flatMap(texts), ...(await kit.cloud.sent()).flatMap(texts)];
  expect(all.length).toBeGreaterThan(50);
  for (const t of all) {
    expect(findSensitive(t)).toEqual([]);
    for (const p of PEOPLE) {
      expect(t).not.toContain(p.idNumber);
      expect(t).not.toContain(p.name);
    }
    for (const w of PRIVATE_WORDS) expect(t).not.toContain(w);
  }
}

function premium(members = 0): Promise<TestCard> {
  return newCardToday(kit, clock, 'premium', members);
}

async function since(before: Notice[]): Promise<Notice[]> {
  const seen = new Set(before.map((n) => n.noticeId));
  return (await kit.cloud.outbox()).filter((n) => !seen.has(n.noticeId));
}

type Step = { who: string; req: StepBody; earns: [channel: Notice['channel'], template: string][] };

// First in this file: the demo world as `npm start` leaves it, before this file's clock moves.
describe('the demo world (BLUECARD_SEED=demo)', () => {
  it('its people consented before their orders: the demo orders’ subscription messages are sent', async () => {
    const holder = await kit.cloud.ok<Res<'notify', 'settings'>>('notify', 'demo-holder', { action: 'settings' });
    expect(holder.consents).toMatchObject({ orderAccepted: 3, orderBooked: 3, doctorTaken: 2 });
    const staff = await kit.cloud.ok<Res<'notify', 'settings'>>('notify', 'demo-agent', { action: 'settings' });
    expect(staff.consents).toEqual({ slaWarning: 1 });

    dataOf(await kit.cloud.run('sender'));
    const demo = (await kit.cloud.outbox()).filter((n) => n.channel === 'subscribe' && n.to.startsWith('demo-'));
    const templates = (status: string) => demo.filter((n) => n.status === status).map((n) => `${n.to} ${n.template}`);
    expect(templates('sent')).toEqual(
      expect.arrayContaining([
        'demo-holder orderAccepted',
        'demo-holder orderBooked',
        'demo-holder doctorTaken',
        'demo-member-1 doctorTaken',
        'demo-member-2 orderAccepted',
      ]),
    );
    expect(templates('skipped')).toEqual([]);
  });
});

/** Each benefit's form; `dir`: the caller's upload folder, for the forms with files. */
const FORM_OF: { [B in OrderBenefit]: (dir: string) => unknown } = {
  outpatientGreen: () => FORMS.outpatientGreen(WANTED),
  inpatientGreen: (dir) => FORMS.inpatientGreen(dir, WANTED),
  escort: () => FORMS.escort(ESCORT_VISIT),
  assessment: FORMS.assessment,
  checkupPlan: FORMS.checkupPlan,
  reportReading: FORMS.reportReading,
  quickConsult: () => FORMS.quickConsult('phone'),
  expertConsult: () => FORMS.expertConsult('phone'),
  familyDoctor: FORMS.familyDoctor,
};

const CASES: [OrderBenefit, Step[]][] = [
  [
    'outpatientGreen',
    [
      { who: STAFF.agent, req: { step: 'accept' }, earns: [['subscribe', 'orderAccepted']] },
      {
        who: STAFF.agent,
        req: { step: 'book', ...BOOK },
        earns: [
          ['sms', 'bookingMade'],
          ['subscribe', 'orderBooked'],
        ],
      },
      { who: STAFF.agent, req: { step: 'complete' }, earns: [] },
      { who: STAFF.agent, req: { step: 'followUp', stars: 5 }, earns: [] },
    ],
  ],
  [
    'inpatientGreen',
    [
      { who: STAFF.agent, req: { step: 'accept' }, earns: [['subscribe', 'orderAccepted']] },
      { who: STAFF.agent, req: { step: 'book', ...BOOK }, earns: [['subscribe', 'orderBooked']] },
    ],
  ],
  [
    'escort',
    [
      { who: STAFF.escortManager, req: { step: 'accept' }, earns: [['subscribe', 'orderAccepted']] },
      {
        who: STAFF.escortManager,
        req: { step: 'book', ...BOOK, visitDate: '2026-06-05' },
        earns: [['subscribe', 'orderBooked']],
      },
    ],
  ],
  [
    'assessment',
    [
      { who: STAFF.manager, req: { step: 'accept' }, earns: [['subscribe', 'orderAccepted']] },
      {
        who: STAFF.doctor,
        req: { step: 'complete', result: { text: '建议复查血脂' } },
        earns: [['subscribe', 'reportReady']],
      },
    ],
  ],
  [
    'checkupPlan',
    [
      { who: STAFF.manager, req: { step: 'accept' }, earns: [['subscribe', 'orderAccepted']] },
      {
        who: STAFF.doctor,
        req: { step: 'complete', result: { text: '建议复查血脂' } },
        earns: [['subscribe', 'reportReady']],
      },
    ],
  ],
  [
    'reportReading',
    [
      { who: STAFF.doctor, req: { step: 'accept' }, earns: [['subscribe', 'orderAccepted']] },
      {
        who: STAFF.doctor,
        req: { step: 'complete', result: { text: '建议复查血脂' } },
        earns: [['subscribe', 'reportReady']],
      },
    ],
  ],
  [
    'quickConsult',
    [
      {
        who: STAFF.doctor,
        req: { step: 'accept' },
        earns: [
          ['sms', 'doctorTaken'],
          ['subscribe', 'doctorTaken'],
        ],
      },
    ],
  ],
  [
    'expertConsult',
    [
      {
        who: STAFF.doctor,
        req: { step: 'accept' },
        earns: [
          ['sms', 'doctorTaken'],
          ['subscribe', 'doctorTaken'],
        ],
      },
    ],
  ],
  [
    'familyDoctor',
    [
      {
        who: STAFF.doctor,
        req: { step: 'accept' },
        earns: [
          ['sms', 'doctorTaken'],
          ['subscribe', 'doctorTaken'],
        ],
      },
    ],
  ],
];

describe('R5.2 / R5.3 each order step writes its notices with the change', () => {
  it.each(CASES)('%s', async (benefit, steps) => {
    const c = await premium(1);
    const member = c.members[0];
    if (!member) throw new Error('no member');
    // escort is the holder's alone (R1.3); the rest serve the family member, ordered by the holder
    const served = benefit === 'escort' ? c.holder : member;
    if (benefit === 'familyDoctor') {
      // first use: a family doctor of the list is signed for the person
      await kit.cloud.ok('order', c.holder.openid, {
        action: 'signDoctor',
        cardId: c.cardId,
        doctorId: 'd-001',
        personId: member.memberId,
      });
    }
    const o = await kit.order(
      c.holder.openid,
      c,
      benefit,
      FORM_OF[benefit](await kit.uploadDir(c.holder.openid)) as never,
      benefit === 'escort' ? {} : { personId: member.memberId },
    );
    for (const s of steps) {
      const before = await kit.cloud.outbox();
      const at = await clock.tick();
      await kit.step(s.who, { orderId: o.orderId, ...s.req });
      const written = await since(before);
      // notices of one step share their instant: compared as a set
      expect(written.map((n) => `${n.channel}:${n.template}`).sort()).toEqual(
        s.earns.map(([ch, t]) => `${ch}:${t}`).sort(),
      );
      for (const n of written) {
        expect(n).toMatchObject({ status: 'pending', attempts: 0, createdAt: at });
        expect(n.dedupeKey).toContain(o.orderId);
        if (n.channel === 'subscribe') {
          expect(n.to).toBe(served.openid);
          for (const [key, value] of Object.entries(n.data ?? {})) expect(fieldValueOk(key, value)).toBe(true);
        } else {
          expect(n.to).toBe(served.person.phone);
        }
      }
    }
  });

  it('orderBooked reads: the benefit, the masked name, the visit day and the hospital — nothing from the form', async () => {
    const c = await premium(1);
    const m = c.members[0];
    if (!m) throw new Error('no member');
    const o = await kit.order(m.openid, c, 'outpatientGreen', FORMS.outpatientGreen(WANTED));
    await clock.tick();
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'accept' });
    const before = await kit.cloud.outbox();
    await clock.tick();
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'book', ...BOOK });
    const sub = (await since(before)).find((n) => n.channel === 'subscribe');
    const masked = `${m.person.name.charAt(0)}*${m.person.name.charAt(2)}`;
    expect(sub?.data).toEqual({
      thing1: '门诊绿通',
      name2: masked,
      date3: '2026年6月4日',
      thing4: DEMO_HOSPITAL.name,
      thing5: '请按时就诊，详情请查看订单',
    });
  });

  it('doctorTaken names the doctor and the time it was taken', async () => {
    const c = await premium();
    const o = await kit.order(c.holder.openid, c, 'quickConsult', FORMS.quickConsult());
    const before = await kit.cloud.outbox();
    await clock.set('2026-06-01T23:05:00+08:00');
    await kit.step(STAFF.doctor, { orderId: o.orderId, step: 'accept' });
    const sub = (await since(before)).find((n) => n.channel === 'subscribe');
    expect(sub?.data).toEqual({
      thing1: '三甲专科快速问诊',
      name2: STAFF_NAMES.doctor,
      time3: '2026年6月1日 23:05',
      thing4: '请进入小程序与医生沟通',
    });
    await clock.set(TODAY);
  });

  it('two staff taking one step at once: one step, one notice per channel (R5.3 dedupe)', async () => {
    const c = await premium();
    const o = await kit.order(c.holder.openid, c, 'quickConsult', FORMS.quickConsult());
    const before = await kit.cloud.outbox();
    await clock.tick();
    const answers = await Promise.all(
      [0, 1, 2].map(() => kit.act(STAFF.doctor, { orderId: o.orderId, step: 'accept' })),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect((await since(before)).map((n) => n.channel).sort()).toEqual(['sms', 'subscribe']);
  });
});

describe('R5.2 consent: recorded per member and template, one message each', () => {
  it('three orders accepted with two consents: two sent, the third skipped (NO_CONSENT), nothing lost', async () => {
    const c = await premium();
    const me = c.holder.openid;
    for (let i = 0; i < 2; i++) {
      expect(
        await kit.cloud.ok('notify', me, {
          action: 'subscribe',
          results: { orderAccepted: 'accept', reportReady: 'reject' },
        }),
      ).toEqual({
        consents: { orderAccepted: i + 1, reportReady: 0 },
      });
    }
    await kit.cloud.run('sender'); // whatever was pending before
    const before = await kit.cloud.outbox();
    const orders = [];
    for (let i = 0; i < 3; i++) orders.push(await kit.order(me, c, 'assessment', FORMS.assessment()));
    for (const o of orders) {
      await clock.tick();
      await kit.step(STAFF.manager, { orderId: o.orderId, step: 'accept' });
    }
    const mine = (await since(before)).filter((n) => n.to === me);
    expect(mine.map((n) => n.template)).toEqual(['orderAccepted', 'orderAccepted', 'orderAccepted']);

    dataOf(await kit.cloud.run('sender'));
    const after = new Map((await kit.cloud.outbox()).map((n) => [n.noticeId, n]));
    expect(mine.map((n) => after.get(n.noticeId)?.status)).toEqual(['sent', 'sent', 'skipped']);
    expect(after.get(mine[2]?.noticeId ?? '')?.lastError).toBe('NO_CONSENT');
    const sent = await kit.cloud.sent();
    for (const n of mine.slice(0, 2)) expect(sent.filter((s) => s.noticeId === n.noticeId)).toHaveLength(1);
    expect(sent.some((s) => s.noticeId === mine[2]?.noticeId)).toBe(false);

    // the consent is used up; running again sends nothing more
    expect(await kit.cloud.ok('notify', me, { action: 'settings' })).toMatchObject({ consents: { orderAccepted: 0 } });
    await clock.tick(90);
    dataOf(await kit.cloud.run('sender'));
    expect((await kit.cloud.sent()).filter((s) => s.to === me)).toHaveLength(2);
    await clock.set(TODAY);
  });

  it('settings: the templates to ask for (ids empty until ops set them), staff templates for staff only', async () => {
    const c = await premium();
    const member = await kit.cloud.ok<Res<'notify', 'settings'>>('notify', c.holder.openid, { action: 'settings' });
    expect(member.templates.map((t) => t.name)).not.toContain('slaWarning');
    expect(member.templates.find((t) => t.name === 'orderBooked')).toEqual({
      name: 'orderBooked',
      templateId: '',
      title: '预约成功通知',
      audience: 'member',
    });
    const staff = await kit.cloud.ok<Res<'notify', 'settings'>>('notify', STAFF.agent, { action: 'settings' });
    expect(staff.templates.map((t) => t.name)).toContain('slaWarning');
  });

  it('a bad answer changes nothing: more than 3 templates, an unknown template or answer', async () => {
    const c = await premium();
    const me = c.holder.openid;
    const four = { orderAccepted: 'accept', orderBooked: 'accept', doctorTaken: 'accept', reportReady: 'accept' };
    expectError(await kit.cloud.call('notify', me, { action: 'subscribe', results: four }), 'INVALID_ARGUMENT');
    expectError(
      await kit.cloud.call('notify', me, { action: 'subscribe', results: { nope: 'accept' } }),
      'INVALID_ARGUMENT',
    );
    expectError(
      await kit.cloud.call('notify', me, { action: 'subscribe', results: { orderBooked: 'yes' } }),
      'INVALID_ARGUMENT',
    );
    expectError(await kit.cloud.call('notify', me, { action: 'subscribe', results: {} }), 'INVALID_ARGUMENT');
    expect(await kit.cloud.ok('notify', me, { action: 'settings' })).toMatchObject({ consents: {} });
  });

  it('ban: WeChat blocks the template for this user, earlier consents are void', async () => {
    const c = await premium();
    const me = c.holder.openid;
    await kit.cloud.ok('notify', me, { action: 'subscribe', results: { knowledge: 'accept' } });
    expect(await kit.cloud.ok('notify', me, { action: 'subscribe', results: { knowledge: 'ban' } })).toEqual({
      consents: { knowledge: 0 },
    });
  });
});

describe('R5.3 ops see the outbox', () => {
  it('admin.outbox: newest first, by status, with counts; phone numbers masked', async () => {
    const page = await kit.cloud.ok<Res<'admin', 'outbox'>>('admin', ADMIN, { action: 'outbox', limit: 100 });
    expect(page.counts.sent).toBeGreaterThan(0);
    expect(page.counts.skipped).toBeGreaterThan(0);
    const times = page.notices.map((n) => n.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const sms = page.notices.filter((n) => n.channel === 'sms');
    expect(sms.length).toBeGreaterThan(0);
    for (const n of sms) expect(n.to).toMatch(/^1\d{2}\*{4}\d{4}$/);
    for (const n of page.notices) expect(JSON.stringify(n)).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);

    const skipped = await kit.cloud.ok<Res<'admin', 'outbox'>>('admin', ADMIN, { action: 'outbox', status: 'skipped' });
    expect(skipped.notices.length).toBe(skipped.counts.skipped);
    expect(
      skipped.notices.every(
        (n: OpsNotice) => n.status === 'skipped' && n.lastError === 'NO_CONSENT' && n.nextAttemptAt === null,
      ),
    ).toBe(true);
    const pending = await kit.cloud.ok<Res<'admin', 'outbox'>>('admin', ADMIN, {
      action: 'outbox',
      status: 'pending',
      limit: 1,
    });
    if (pending.counts.pending > 1) expect(pending.nextCursor).toBe('1');
  });

  it('admin.retryNotice puts a skipped notice back; sent ones cannot be', async () => {
    const skipped = await kit.cloud.ok<Res<'admin', 'outbox'>>('admin', ADMIN, {
      action: 'outbox',
      status: 'skipped',
      limit: 1,
    });
    const n = skipped.notices[0];
    if (!n) throw new Error('no skipped notice');
    const { notice } = await kit.cloud.ok<Res<'admin', 'retryNotice'>>('admin', ADMIN, {
      action: 'retryNotice',
      noticeId: n.noticeId,
    });
    expect(notice).toMatchObject({ noticeId: n.noticeId, status: 'pending', attempts: 0 });
    const sent = await kit.cloud.ok<Res<'admin', 'outbox'>>('admin', ADMIN, {
      action: 'outbox',
      status: 'sent',
      limit: 1,
    });
    expectError(
      await kit.cloud.call('admin', ADMIN, { action: 'retryNotice', noticeId: sent.notices[0]?.noticeId }),
      'INVALID_STATE',
    );
    expectError(await kit.cloud.call('admin', ADMIN, { action: 'retryNotice', noticeId: 'ntc_nothing' }), 'NOT_FOUND');
  });

  it('only admins see it; only timers run the sender and the reminders', async () => {
    expectError(await kit.cloud.call('admin', STAFF.agent, { action: 'outbox' }), 'PERMISSION_DENIED');
    expectError(await kit.cloud.call('sender', ADMIN, { action: 'tick' }), 'PERMISSION_DENIED');
    expectError(await kit.cloud.call('reminders', ADMIN, { action: 'tick', trigger: 'tips' }), 'PERMISSION_DENIED');
  });
});
