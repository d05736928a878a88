/**
 * Issue 10 / PIPL: no ID number, phone, name or diagnosis in any log line or notice. A realistic
 * session runs through the real local cloud (demo seed included: it drives the functions too) —
 * activation, family, orders of every benefit with typed descriptions and diseases, every staff
 * step, conversations, the health record, subscriptions, the sender and reminder timers, retention,
 * an export and an erasure, and refused calls carrying personal data — then the scan:
 *  - the server's whole output (every log line): no 18-character ID number, no 11-digit mobile
 *    number at all, no person's name, nothing typed in a form, a message or the record;
 *  - every notice in GET /_dev/outbox and every message in GET /_dev/sent: the same, except that
 *    an SMS's `to` is the member's phone (and only there).
 */
import type { Notice, OrderForms, SubscribeTemplateName } from '../../typings/contract';
import { DEMO_PEOPLE } from '../../server/local/seed';
import type { SentRow } from './local-cloud';
import {
  ACTIVATED,
  DEMO_BOOKING as BOOKING,
  ESCORT_VISIT,
  FORMS,
  PEOPLE,
  STAFF,
  TODAY,
  WANTED,
  Kit,
  Ticker,
  dataOf,
  person,
  rid,
  user,
  type TestCard,
} from './order-kit';

/** 18-character mainland ID numbers (17 digits and a check digit or X), not inside a longer token. */
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
/** 11-digit mobile numbers, not inside a longer number. */
const PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

/** Everything typed about health in this session: none of it may leave the database. */
const TYPED = {
  outpatientNote: '扫描备注：夜里心悸',
  inpatientDisease: '严重脑损伤',
  escortPurpose: '扫描就诊：癫痫复查',
  quick: '扫描描述：右下腹持续疼痛',
  expert: '扫描描述：甲亢术后用药',
  family: '扫描问题：孩子反复咳嗽',
  questionnaire: '扫描问卷：常年失眠',
  pastIllness: '扫描既往：乙肝携带',
  message: '扫描消息：大便带血',
  doctorReply: '扫描回复：建议肠镜',
  butler: '扫描留言：想减重',
  allergy: '扫描过敏：青霉素',
  condition: '扫描慢病：糖尿病',
  medication: '扫描用药：二甲双胍',
  report: '扫描报告：肝功能',
  result: '扫描结果：脂肪肝',
  failReason: '扫描原因：病情危重转急诊',
  followUp: '扫描评价：护士很好',
  rating: '扫描评分：专员耐心',
  cancel: '扫描取消：症状已缓解',
} as const;

const MEMBER_TEMPLATES: SubscribeTemplateName[] = [
  'orderAccepted',
  'orderBooked',
  'doctorTaken',
  'reportReady',
  'escortReminder',
  'visitReminder',
  'waitingOver',
  'cardExpiring',
  'consultEnding',
];

let kit: Kit;
let clock: Ticker;
let outbox: Notice[];
let sent: SentRow[];
let output: string;
const people = () => [...PEOPLE, DEMO_PEOPLE.holder, ...DEMO_PEOPLE.members, DEMO_PEOPLE.pro];

async function subscribeAll(openid: string): Promise<void> {
  for (let i = 0; i < MEMBER_TEMPLATES.length; i += 3) {
    const results = Object.fromEntries(MEMBER_TEMPLATES.slice(i, i + 3).map((t) => [t, 'accept']));
    for (let n = 0; n < 3; n++) await kit.cloud.ok('notify', openid, { action: 'subscribe', results });
  }
}

async function session(): Promise<void> {
  clock = new Ticker(kit, TODAY);
  const card: TestCard = await kit.newCard('premium', ACTIVATED, 2);
  const pro: TestCard = await kit.newCard('pro', ACTIVATED);
  await clock.set(TODAY);
  const [m1, m2] = card.members;
  if (!m1 || !m2) throw new Error('no members');
  const h = card.holder.openid;
  for (const who of [h, m1.openid, m2.openid, pro.holder.openid]) await subscribeAll(who);

  // refused calls that carry personal data: the answer and the log line never echo it
  await kit.cloud.call('card', user('guess'), {
    action: 'activate',
    cardNo: '8860000000000000',
    code: 'ABCDEFGH',
    ...person(),
  });
  await kit.cloud.call('order', h, {
    action: 'create',
    cardId: card.cardId,
    benefit: 'quickConsult',
    requestId: rid(),
    form: { description: TYPED.quick, mode: 'fax', idNumber: card.holder.person.idNumber },
  });
  await kit.cloud.call('record', h, {
    action: 'update',
    memberId: card.holder.memberId,
    profile: { allergies: [TYPED.allergy] },
  });
  await kit.cloud.call('card', h, { action: 'acceptInvite', token: 'x'.repeat(40), ...m1.person });

  // the health record
  await kit.cloud.ok('record', h, { action: 'consent', memberId: card.holder.memberId, version: 'v1' });
  await kit.cloud.ok('record', h, {
    action: 'update',
    memberId: card.holder.memberId,
    profile: {
      allergies: [TYPED.allergy],
      chronicConditions: [TYPED.condition],
      medications: [TYPED.medication],
      heightCm: 172,
    },
  });
  await kit.cloud.ok('record', h, {
    action: 'addReport',
    memberId: card.holder.memberId,
    title: TYPED.report,
    files: [await kit.fileOf(h, 'records/r.jpg')],
  });

  // orders of every benefit, each carried through its staff steps
  const outpatient = await kit.order(m1.openid, card, 'outpatientGreen', {
    ...FORMS.outpatientGreen(WANTED),
    note: TYPED.outpatientNote,
  });
  await kit.step(STAFF.agent, { orderId: outpatient.orderId, step: 'accept' });
  await kit.cloud.ok('staff', STAFF.agent, { action: 'get', orderId: outpatient.orderId });
  await kit.cloud.ok('staff', STAFF.agent, { action: 'callMember', orderId: outpatient.orderId });
  await kit.step(STAFF.agent, { orderId: outpatient.orderId, step: 'book', ...BOOKING });
  await kit.step(STAFF.agent, { orderId: outpatient.orderId, step: 'complete' });
  await kit.step(STAFF.agent, { orderId: outpatient.orderId, step: 'followUp', stars: 5, comment: TYPED.followUp });
  dataOf(await kit.rate(m1.openid, outpatient.orderId, 5, TYPED.rating));

  const inpatient = await kit.order(
    h,
    card,
    'inpatientGreen',
    FORMS.inpatientGreen(await kit.uploadDir(h), '2026-06-10', TYPED.inpatientDisease),
  );
  await kit.step(STAFF.agent, { orderId: inpatient.orderId, step: 'accept' });
  await kit.step(STAFF.agent, { orderId: inpatient.orderId, step: 'fail', reason: TYPED.failReason });

  const escort: OrderForms['escort'] = { ...FORMS.escort(ESCORT_VISIT), purpose: TYPED.escortPurpose };
  const esc = await kit.order(h, card, 'escort', escort);
  await kit.step(STAFF.escortManager, { orderId: esc.orderId, step: 'accept' });
  await kit.step(STAFF.escortManager, { orderId: esc.orderId, step: 'book', ...BOOKING, visitDate: '2026-06-05' });

  const quick = await kit.order(m2.openid, card, 'quickConsult', { description: TYPED.quick, mode: 'text' });
  await clock.tick();
  await kit.step(STAFF.doctor, { orderId: quick.orderId, step: 'accept' });
  await kit.cloud.ok('order', m2.openid, { action: 'send', orderId: quick.orderId, text: TYPED.message });
  await kit.cloud.ok('order', STAFF.doctor, { action: 'send', orderId: quick.orderId, text: TYPED.doctorReply });
  await kit.step(STAFF.doctor, { orderId: quick.orderId, step: 'complete' });

  const expert = await kit.order(h, card, 'expertConsult', {
    ...FORMS.expertConsult('phone'),
    description: TYPED.expert,
  });
  await kit.step(STAFF.doctor, { orderId: expert.orderId, step: 'accept' });
  await kit.step(STAFF.doctor, { orderId: expert.orderId, step: 'complete' });

  await kit.signFamilyDoctor(m1.openid, card);
  const family = await kit.order(m1.openid, card, 'familyDoctor', { question: TYPED.family });
  await kit.step(STAFF.doctor, { orderId: family.orderId, step: 'accept' });

  const assessment = await kit.order(h, card, 'assessment', {
    questionnaire: { sleep: TYPED.questionnaire, smoker: false },
  });
  await kit.step(STAFF.manager, { orderId: assessment.orderId, step: 'accept' });
  await kit.step(STAFF.doctor, {
    orderId: assessment.orderId,
    step: 'complete',
    result: { text: TYPED.result, files: [await kit.fileOf(STAFF.doctor, 'results/out.pdf')] },
  });
  const plan = await kit.order(m1.openid, card, 'checkupPlan', { questionnaire: { pastIllness: TYPED.pastIllness } });
  dataOf(await kit.cancel(m1.openid, plan.orderId, TYPED.cancel));
  await kit.order(pro.holder.openid, pro, 'reportReading', FORMS.reportReading(await kit.uploadDir(pro.holder.openid)));

  // the butler
  await kit.cloud.ok('butler', h, { action: 'send', cardId: card.cardId, text: TYPED.butler });
  await kit.cloud.ok('butler', STAFF.butler, { action: 'thread', threadId: `b_${card.holder.memberId}` });
  await kit.cloud.ok('butler', STAFF.butler, {
    action: 'reply',
    threadId: `b_${card.holder.memberId}`,
    text: '收到，稍后联系您',
  });

  // time passes: the timers run (reminders, the sender, consult sessions ending, retention)
  for (const at of [
    '2026-06-01T12:30:00+08:00',
    '2026-06-04T14:00:00+08:00',
    '2026-06-04T22:00:00+08:00',
    '2026-07-10T10:00:00+08:00',
  ]) {
    await clock.set(at);
    for (const trigger of ['reminders', 'sender', 'retention']) await kit.cloud.run(trigger);
  }
  await kit.cloud.ok('privacy', m2.openid, { action: 'export' });
  await kit.cloud.ok('privacy', m2.openid, { action: 'erase', confirm: '确认删除' });
  await kit.cloud.run('sender');
}

beforeAll(async () => {
  kit = await Kit.start('demo');
  await session();
  outbox = await kit.cloud.outbox();
  sent = await kit.cloud.sent();
  output = kit.cloud.output();
}, 120_000);
afterAll(async () => {
  await kit.stop();
});

/** The lines of `text` that contain `needle`. */
const linesWith = (text: string, needle: string): string[] => text.split('\n').filter((l) => l.includes(needle));

describe('the scan has something to scan', () => {
  it('a log line a call, notices of both channels, messages that got through', () => {
    expect(output.split('\n').filter((l) => / OK \d/.test(l)).length).toBeGreaterThan(100);
    expect(outbox.filter((n) => n.channel === 'sms').length).toBeGreaterThanOrEqual(3);
    expect(outbox.filter((n) => n.channel === 'subscribe').length).toBeGreaterThanOrEqual(5);
    expect(sent.length).toBeGreaterThanOrEqual(5);
    expect(people().length).toBeGreaterThanOrEqual(10);
  });
});

describe('the detectors', () => {
  it('find what they look for, in a line and in JSON', () => {
    const p = PEOPLE[0];
    if (!p) throw new Error('no people');
    expect(`order.create ${p.idNumber} x`.match(ID_NUMBER)).toEqual([p.idNumber]);
    expect(JSON.stringify({ to: p.phone }).match(PHONE)).toEqual([p.phone]);
    expect('card 8860123456789012 ord_lx1a2b3c4d 12.3ms'.match(ID_NUMBER)).toBeNull();
    // the SMS notices do reach the members' phones: the scan looks where the phones are
    const phones = new Set(people().map((x) => x.phone));
    expect(outbox.some((n) => n.channel === 'sms' && phones.has(n.to))).toBe(true);
  });
});

describe('every log line of the server', () => {
  it('has no 18-character ID number', () => {
    expect(output.match(ID_NUMBER) ?? []).toEqual([]);
  });

  it('has no 11-digit mobile number at all', () => {
    expect(output.match(PHONE) ?? []).toEqual([]);
  });

  it('has no person’s name, ID number or phone (the test people and the demo’s)', () => {
    for (const p of people()) {
      for (const s of [p.name, p.idNumber, p.phone])
        expect({ s, lines: linesWith(output, s) }).toEqual({ s, lines: [] });
    }
  });

  it('has nothing typed in a form, a message, a note or the record', () => {
    for (const s of Object.values(TYPED)) expect({ s, lines: linesWith(output, s) }).toEqual({ s, lines: [] });
  });
});

describe('every notice (GET /_dev/outbox) and every message sent (GET /_dev/sent)', () => {
  /** A notice without its recipient: what must carry nothing personal. */
  const bodies = (): { what: string; text: string }[] => [
    ...outbox.map(({ to: _to, ...rest }) => ({ what: `outbox ${rest.noticeId}`, text: JSON.stringify(rest) })),
    ...sent.map(({ to: _to, ...rest }) => ({ what: `sent ${rest.sentId}`, text: JSON.stringify(rest) })),
  ];

  it('an SMS goes to a phone, a subscription message to an openid', () => {
    for (const n of [...outbox, ...sent]) {
      if (n.channel === 'sms') expect(n.to === '' || /^1\d{10}$/.test(n.to)).toBe(true);
      else expect(n.to).not.toMatch(PHONE);
    }
  });

  it('carry no ID number and no phone outside `to`', () => {
    for (const b of bodies())
      expect({ what: b.what, ids: b.text.match(ID_NUMBER) ?? [], phones: b.text.match(PHONE) ?? [] }).toEqual({
        what: b.what,
        ids: [],
        phones: [],
      });
  });

  it('carry no person’s name in the clear (masked names only)', () => {
    for (const p of people()) {
      for (const b of bodies())
        expect({ what: b.what, name: p.name, found: b.text.includes(p.name) }).toEqual({
          what: b.what,
          name: p.name,
          found: false,
        });
    }
  });

  it('carry nothing typed: no description, disease, message, record entry, note or comment', () => {
    for (const s of Object.values(TYPED)) {
      for (const b of bodies())
        expect({ what: b.what, s, found: b.text.includes(s) }).toEqual({ what: b.what, s, found: false });
    }
  });
});
