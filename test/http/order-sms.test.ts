/**
 * R5.1 SMS notices that order steps write to the outbox (GET /_dev/outbox), through the real
 * local cloud: the exact texts, to the served person's phone, once per event (R5.3 dedupe), and
 * nothing personal beyond what the member must read.
 */
import type { Notice, NoticeChannel } from '../../typings/contract';
import { FORMS, PEOPLE, STAFF, STAFF_NAMES, expectError, useKit, user, type TestCard } from './order-kit';

const { kit, clock } = useKit('none', '2026-11-25T10:00:00+08:00', { beforeStop: noIdNumbers });

/** After all tests: nothing in any text message is an ID number, of anyone in this file or at all. */
async function noIdNumbers(): Promise<void> {
  const sms = (await kit.cloud.outbox()).filter((n) => n.channel === 'sms');
  expect(sms.length).toBeGreaterThan(0);
  for (const n of sms) {
    for (const p of PEOPLE) {
      expect(n.text).not.toContain(p.idNumber);
      expect(n.text).not.toContain(p.idNumber.slice(6, 14));
      expect(n.text).not.toContain(p.name);
    }
    expect(n.text).not.toMatch(/\d{17}[\dXx]/);
    expect(JSON.stringify(n)).not.toMatch(/\d{17}[\dXx]/);
  }
}

const ACTIVATED = '2026-11-01T10:00:00+08:00';
/** Wednesday 2026-11-25: R4.2 window 11-30, 12-01, 12-02. */
const TODAY = '2026-11-25T10:00:00+08:00';
const HOSPITAL = { hospital: '复旦大学附属中山医院', address: '上海市徐汇区枫林路180号' };

const bookingText = (date: string, period: string, hospital: string, address: string): string =>
  `【太医蓝卡】您好，请持医保卡于${date}${period}内前往${hospital}的窗口或自助机取号。地址：${address}。就诊需携带身份证、医保卡，请勿迟到，号源过时将作废。`;
const doctorText = (doctor: string): string =>
  `【太医蓝卡】${doctor}医生已经接诊，请尽快登录太平洋医疗健康公众号与医生进行病情沟通，请尽快前往查看。`;

async function premium(members = 0): Promise<TestCard> {
  const c = await kit.newCard('premium', ACTIVATED, members);
  await clock.set(TODAY);
  return c;
}

/**
 * The notices of `channel` written since `before` (the outbox lists oldest first). Steps also
 * write R5.2 subscription messages (test/http/notices.test.ts checks those): this file counts
 * SMS unless it asks for `any`.
 */
async function since(before: Notice[], channel: NoticeChannel | 'any' = 'sms'): Promise<Notice[]> {
  const seen = new Set(before.map((n) => n.noticeId));
  return (await kit.cloud.outbox()).filter(
    (n) => !seen.has(n.noticeId) && (channel === 'any' || n.channel === channel),
  );
}

describe('R5.1 booking made', () => {
  it('booking an outpatient order writes one SMS with the exact text, to the served member’s phone', async () => {
    const c = await premium(1);
    const m = c.members[0];
    if (!m) throw new Error('no member');
    const o = await kit.order(m.openid, c, 'outpatientGreen', FORMS.outpatientGreen('2026-12-01'));
    await clock.tick();
    const before = await kit.cloud.outbox();
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'accept' });
    // accepting writes no SMS
    expect((await since(before)).filter((n) => n.channel === 'sms')).toEqual([]);
    const at = await clock.tick();
    await kit.step(STAFF.agent, {
      orderId: o.orderId,
      step: 'book',
      visitDate: '2026-12-01',
      period: '上午',
      ...HOSPITAL,
    });
    const written = await since(before);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      channel: 'sms',
      to: m.person.phone,
      template: 'bookingMade',
      text: bookingText('12月1日', '上午', HOSPITAL.hospital, HOSPITAL.address),
      status: 'pending',
      attempts: 0,
      createdAt: at,
    });
    expect(written[0]?.to).not.toBe(c.holder.person.phone);

    // the rest of the visit writes nothing more
    const after = await kit.cloud.outbox();
    await clock.tick();
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'complete' });
    await clock.tick();
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'followUp', stars: 5 });
    expect(await since(after, 'any')).toEqual([]);
  });

  it('the date reads as a member reads it: 1-digit months and days without zeros, other periods as given', async () => {
    const c = await premium();
    await clock.set('2027-01-04T10:00:00+08:00');
    // Monday 2027-01-04: the 3rd–5th working days are 01-07, 01-08, 01-11
    const o = await kit.order(c.holder.openid, c, 'outpatientGreen', FORMS.outpatientGreen('2027-01-07'));
    await clock.tick();
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'accept' });
    const before = await kit.cloud.outbox();
    await clock.tick();
    await kit.step(STAFF.agent, {
      orderId: o.orderId,
      step: 'book',
      visitDate: '2027-01-08',
      period: '下午13:30-17:00',
      hospital: '北京协和医院',
      address: '北京市东城区帅府园1号',
    });
    const [sms] = await since(before);
    expect(sms?.text).toBe(bookingText('1月8日', '下午13:30-17:00', '北京协和医院', '北京市东城区帅府园1号'));
    expect(sms?.to).toBe(c.holder.person.phone);
  });

  it('a rebooking after a provider stop writes a second booking SMS with the new visit', async () => {
    const c = await premium();
    const o = await kit.order(c.holder.openid, c, 'outpatientGreen', FORMS.outpatientGreen('2026-11-30'));
    await clock.tick();
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'accept' });
    const before = await kit.cloud.outbox();
    await clock.tick();
    await kit.step(STAFF.agent, {
      orderId: o.orderId,
      step: 'book',
      visitDate: '2026-11-30',
      period: '上午',
      ...HOSPITAL,
    });
    await clock.tick();
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'providerStop', reason: '专家停诊' });
    // the stop itself writes no SMS (the agent phones the member)
    expect(await since(before)).toHaveLength(1);
    await clock.tick();
    await kit.step(STAFF.agent, {
      orderId: o.orderId,
      step: 'book',
      visitDate: '2026-12-02',
      period: '下午',
      ...HOSPITAL,
    });
    const written = await since(before);
    expect(written.map((n) => n.text)).toEqual([
      bookingText('11月30日', '上午', HOSPITAL.hospital, HOSPITAL.address),
      bookingText('12月2日', '下午', HOSPITAL.hospital, HOSPITAL.address),
    ]);
    expect(new Set(written.map((n) => n.dedupeKey)).size).toBe(2);
    for (const n of written)
      expect(n).toMatchObject({ channel: 'sms', template: 'bookingMade', to: c.holder.person.phone });
  });

  it('a refused or repeated step writes nothing (R5.3: the notice goes with the change)', async () => {
    const c = await premium();
    const o = await kit.order(c.holder.openid, c, 'outpatientGreen', FORMS.outpatientGreen('2026-12-01'));
    const before = await kit.cloud.outbox();
    const book = { orderId: o.orderId, step: 'book', visitDate: '2026-12-01', period: '上午', ...HOSPITAL } as const;
    // before accept: INVALID_STATE; by a doctor: PERMISSION_DENIED
    expectError(await kit.act(STAFF.agent, book), 'INVALID_STATE');
    await clock.tick();
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'accept' });
    expectError(await kit.act(STAFF.doctor, book), 'PERMISSION_DENIED');
    // (the accept in between writes its R5.2 subscription message, not an SMS)
    expect(await since(before)).toEqual([]);
    await clock.tick();
    // two agents book at once: one booking, one SMS
    const answers = await Promise.all([kit.act(STAFF.agent, book), kit.act(STAFF.agent, book)]);
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(await since(before)).toHaveLength(1);
  });
});

describe('R5.1 doctor taken', () => {
  it('a doctor taking a quick consult writes the “{doctor}医生已经接诊…” SMS to the served person', async () => {
    const c = await premium(1);
    const m = c.members[0];
    if (!m) throw new Error('no member');
    // the holder asks for the member
    const o = await kit.order(c.holder.openid, c, 'quickConsult', FORMS.quickConsult(), { personId: m.memberId });
    const before = await kit.cloud.outbox();
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: o.orderId, step: 'accept' });
    const written = await since(before);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      channel: 'sms',
      template: 'doctorTaken',
      to: m.person.phone,
      text: doctorText(STAFF_NAMES.doctor),
    });
    // the end of the consult writes nothing
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: o.orderId, step: 'complete' });
    expect(await since(before)).toHaveLength(1);
  });

  it('names the doctor who took it; family doctor take-overs are announced too', async () => {
    const doctor = user('doctor-li');
    await kit.setStaff(doctor, '李时珍', ['doctor']);
    const c = await premium();
    const a = await kit.order(c.holder.openid, c, 'quickConsult', FORMS.quickConsult('phone'));
    await kit.signFamilyDoctor(c.holder.openid, c);
    const b = await kit.order(c.holder.openid, c, 'familyDoctor', FORMS.familyDoctor());
    const before = await kit.cloud.outbox();
    await clock.tick();
    await kit.step(doctor, { orderId: a.orderId, step: 'accept' });
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: b.orderId, step: 'accept' });
    expect((await since(before)).map((n) => [n.template, n.text, n.to])).toEqual([
      ['doctorTaken', doctorText('李时珍'), c.holder.person.phone],
      ['doctorTaken', doctorText(STAFF_NAMES.doctor), c.holder.person.phone],
    ]);
  });

  it('the services without an R5.1 text write no SMS', async () => {
    const c = await premium();
    const before = await kit.cloud.outbox();
    const a = await kit.order(c.holder.openid, c, 'assessment', FORMS.assessment());
    const r = await kit.order(
      c.holder.openid,
      c,
      'reportReading',
      FORMS.reportReading(await kit.uploadDir(c.holder.openid)),
    );
    await clock.tick();
    await kit.step(STAFF.manager, { orderId: a.orderId, step: 'accept' });
    await kit.step(STAFF.doctor, { orderId: r.orderId, step: 'accept' });
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: a.orderId, step: 'complete', result: { text: '评估报告已出具' } });
    await kit.step(STAFF.doctor, { orderId: r.orderId, step: 'complete', result: { text: '建议复查血脂' } });
    expect((await since(before)).filter((n) => n.channel === 'sms')).toEqual([]);
  });
});
