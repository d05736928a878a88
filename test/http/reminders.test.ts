/**
 * R5.2 / R4 / R5.4 reminders through the real local cloud (POST /_dev/run/reminders, tips,
 * knowledge): each is written when its event happens and sent once, at its time, across repeated
 * sweeps — the clock before its time: nothing; at its time: one notice; again: none. Reminders
 * that no longer apply (card activated, visit moved, step taken) send nothing.
 *
 * Seed 'demo' for the directory (escort, articles); only this file's people and cards.
 */
import type { Notice, Res } from '../../typings/contract';
import { ADMIN, DEMO_HOSPITAL, FORMS, STAFF, dataOf, person, useKit, user, type TestCard } from './order-kit';

const { kit, clock } = useKit('demo', '2026-01-05T10:00:00+08:00');

type Report = Res<'reminders', 'tick'>;

async function sweep(trigger = 'reminders'): Promise<Report> {
  return dataOf(await kit.cloud.run<Report>(trigger));
}

/** Notices written by one sweep at `instant` that match `pick`. */
async function sweepAt(instant: string, pick: (n: Notice) => boolean, trigger = 'reminders'): Promise<Notice[]> {
  await clock.set(instant);
  const before = new Set((await kit.cloud.outbox()).map((n) => n.noticeId));
  await sweep(trigger);
  return (await kit.cloud.outbox()).filter((n) => !before.has(n.noticeId) && pick(n));
}

/** Before: nothing; at: `expected` notices; again, and later: nothing more. */
async function onceAt(justBefore: string, at: string, pick: (n: Notice) => boolean, expected = 1): Promise<Notice[]> {
  expect(await sweepAt(justBefore, pick)).toEqual([]);
  const written = await sweepAt(at, pick);
  expect(written).toHaveLength(expected);
  expect(await sweepAt(at, pick)).toEqual([]);
  await clock.tick(30);
  expect(await sweepAt(clock.now, pick)).toEqual([]);
  return written;
}

describe('R5.2 activation deadline near: SMS to the phone given at issue, 7 days and 1 day before', () => {
  it('order 2026-01-05 (last day 04-05): 03-29 10:00 and 04-04 10:00, once each; none without a phone or once activated', async () => {
    await clock.set('2026-01-05T10:00:00+08:00');
    const issue = async (orderNo: string, phone?: string) =>
      (
        await kit.cloud.ok<Res<'admin', 'issueCards'>>('admin', ADMIN, {
          action: 'issueCards',
          orderNo,
          orderDate: '2026-01-05',
          edition: 'premium',
          ...(phone ? { phone } : {}),
        })
      ).cards[0];
    await issue('R-ACT-A', '13912340001');
    const b = await issue('R-ACT-B', '13912340002');
    await issue('R-ACT-C');
    if (!b) throw new Error('no card');
    const toA = (n: Notice) => n.to === '13912340001';
    const toB = (n: Notice) => n.to === '13912340002';

    const [first] = await onceAt(
      '2026-03-29T09:59:00+08:00',
      '2026-03-29T10:00:00+08:00',
      (n) => toA(n) || toB(n),
      2,
    ).then((w) => w.filter(toA));
    expect(first).toMatchObject({
      channel: 'sms',
      template: 'activationDeadline',
      text: '【太医蓝卡】您的太医蓝卡激活截止日期为4月5日，请在此之前登录太平洋医疗健康公众号完成激活，逾期将无法激活。',
      status: 'pending',
    });

    // B is activated before its 1-day reminder: that one no longer applies
    await clock.set('2026-03-30T10:00:00+08:00');
    await kit.cloud.ok('card', user('holder'), { action: 'activate', cardNo: b.cardNo, code: b.code, ...person() });
    await clock.set('2026-04-04T10:00:00+08:00');
    const before = new Set((await kit.cloud.outbox()).map((n) => n.noticeId));
    const report = await sweep();
    expect(report.cancelled).toBeGreaterThanOrEqual(1);
    const written = (await kit.cloud.outbox()).filter((n) => !before.has(n.noticeId));
    expect(written.filter(toB)).toEqual([]);
    expect(written.filter(toA)).toHaveLength(1);
    expect(written.filter(toA)[0]?.dedupeKey).not.toBe(first?.dedupeKey);
    expect(await sweepAt('2026-04-05T23:00:00+08:00', (n) => toA(n) || toB(n))).toEqual([]);
    // the card without a phone: no SMS at all, ever
    expect((await kit.cloud.outbox()).filter((n) => n.template === 'activationDeadline')).toHaveLength(3);
  });
});

describe('R5.2 waiting period over and card expiring, to everyone on the card', () => {
  let card: TestCard;
  const onCard = (n: Notice) => n.to === card.holder.openid || card.members.some((m) => m.openid === n.to);

  it('activated 03-10: benefits open 03-20, notified at 09:00 that day, once', async () => {
    card = await kit.newCard('premium', '2026-03-10T15:00:00+08:00', 1);
    const written = await onceAt(
      '2026-03-20T08:59:00+08:00',
      '2026-03-20T09:00:00+08:00',
      (n) => onCard(n) && n.template === 'waitingOver',
      2,
    );
    expect(written.map((n) => n.to).sort()).toEqual([card.holder.openid, card.members[0]?.openid].sort());
    for (const n of written) {
      expect(n.data).toEqual({
        thing1: '太医蓝卡尊享版（1+3）',
        phrase2: '已生效',
        date3: '2026年3月20日',
        thing4: '服务类权益已开放，可在线预约',
      });
    }
  });

  it('expires 2027-03-10: notified 30 days before at 10:00 (usable until 3月9日), once', async () => {
    const written = await onceAt(
      '2027-02-08T09:59:00+08:00',
      '2027-02-08T10:00:00+08:00',
      (n) => onCard(n) && n.template === 'cardExpiring',
      2,
    );
    for (const n of written) expect(n.data).toMatchObject({ thing1: '太医蓝卡尊享版（1+3）', date2: '2027年3月9日' });
  });

  it('news of benefits opening is not sent days late (a sweep that was down): cancelled', async () => {
    const late = await kit.newCard('pro', '2026-03-11T10:00:00+08:00');
    await clock.set('2026-03-24T10:00:00+08:00'); // due 03-21 09:00, over 3 days ago
    const before = new Set((await kit.cloud.outbox()).map((n) => n.noticeId));
    expect((await sweep()).cancelled).toBeGreaterThanOrEqual(1);
    expect((await kit.cloud.outbox()).filter((n) => !before.has(n.noticeId) && n.to === late.holder.openid)).toEqual(
      [],
    );
  });
});

describe('R4 / R5.2 visits, SLAs and consults', () => {
  const ACTIVATED = '2026-05-10T10:00:00+08:00';
  const MONDAY = '2026-06-01T10:00:00+08:00';
  const BOOK = { period: '上午', hospital: DEMO_HOSPITAL.name, address: DEMO_HOSPITAL.address };

  async function premium(members = 0): Promise<TestCard> {
    const c = await kit.newCard('premium', ACTIVATED, members);
    await clock.set(MONDAY);
    return c;
  }
  const about = (orderId: string, template?: string) => (n: Notice) =>
    n.dedupeKey.includes(orderId) && (!template || n.template === template);

  it('a booked outpatient visit on 06-04 is reminded 06-03 at 10:00, once, to the served person', async () => {
    const c = await premium(1);
    const m = c.members[0];
    if (!m) throw new Error('no member');
    const o = await kit.order(m.openid, c, 'outpatientGreen', FORMS.outpatientGreen('2026-06-04'));
    await clock.tick();
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'accept' });
    await clock.tick();
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'book', visitDate: '2026-06-04', ...BOOK });
    const [n] = await onceAt(
      '2026-06-03T09:59:00+08:00',
      '2026-06-03T10:00:00+08:00',
      about(o.orderId, 'visitReminder'),
    );
    expect(n).toMatchObject({ channel: 'subscribe', to: m.openid, template: 'visitReminder' });
    expect(n?.data).toMatchObject({
      thing1: '门诊绿通',
      date3: '2026年6月4日',
      thing4: '上午',
      thing5: DEMO_HOSPITAL.name,
    });
  });

  it('a visit moved by a provider stop is reminded for its new day only', async () => {
    const c = await premium();
    const o = await kit.order(c.holder.openid, c, 'outpatientGreen', FORMS.outpatientGreen('2026-06-04'));
    await clock.tick();
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'accept' });
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'book', visitDate: '2026-06-04', ...BOOK });
    await clock.tick();
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'providerStop', reason: '专家停诊' });
    expect(await sweepAt('2026-06-03T10:00:00+08:00', about(o.orderId, 'visitReminder'))).toEqual([]);
    await kit.step(STAFF.agent, { orderId: o.orderId, step: 'book', visitDate: '2026-06-08', ...BOOK });
    const [n] = await onceAt(
      '2026-06-07T09:59:00+08:00',
      '2026-06-07T10:00:00+08:00',
      about(o.orderId, 'visitReminder'),
    );
    expect(n?.data?.date3).toBe('2026年6月8日');
  });

  it('an escort on 06-05 is reminded 06-04 at 09:00 (before 15:00), once', async () => {
    const c = await premium();
    const o = await kit.order(c.holder.openid, c, 'escort', FORMS.escort('2026-06-05T09:00:00+08:00'));
    await clock.tick();
    await kit.step(STAFF.escortManager, { orderId: o.orderId, step: 'accept' });
    await kit.step(STAFF.escortManager, { orderId: o.orderId, step: 'book', visitDate: '2026-06-05', ...BOOK });
    const [n] = await onceAt(
      '2026-06-04T08:59:00+08:00',
      '2026-06-04T09:00:00+08:00',
      about(o.orderId, 'escortReminder'),
    );
    expect(n).toMatchObject({ to: c.holder.openid });
    expect(n?.data).toEqual({
      thing1: '就医陪诊',
      date2: '2026年6月5日',
      thing3: '上午',
      thing4: DEMO_HOSPITAL.name,
      thing5: '陪诊护士将提前20分钟到达医院',
    });
  });

  it('SLA about to be missed: the agents are warned an hour before; a step taken in time ends the warning', async () => {
    const c = await premium();
    // Monday 10:00 → confirm by 21:00 Tuesday (1 working day): warned Tuesday 20:00
    const late = await kit.order(c.holder.openid, c, 'outpatientGreen', FORMS.outpatientGreen('2026-06-04'));
    const early = await kit.order(c.holder.openid, c, 'outpatientGreen', FORMS.outpatientGreen('2026-06-04'));
    await clock.tick();
    await kit.step(STAFF.agent, { orderId: early.orderId, step: 'accept' });
    // every agent is warned (this file's and the demo seed's), one notice each
    const warned = await onceAt(
      '2026-06-02T19:59:00+08:00',
      '2026-06-02T20:00:00+08:00',
      about(late.orderId, 'slaWarning'),
      2,
    );
    expect(warned.map((x) => x.to).sort()).toEqual(['demo-agent', STAFF.agent]);
    const n = warned.find((x) => x.to === STAFF.agent);
    expect(n).toMatchObject({ channel: 'subscribe', template: 'slaWarning' });
    expect(n?.data).toEqual({
      thing1: '门诊绿通',
      thing2: '电话确认预约信息',
      time3: '2026年6月2日 21:00',
      character_string4: late.orderId,
    });
    // the early order's accept warning was replaced by its book warning (due Tuesday 21:00 too)
    const early1 = (await kit.cloud.outbox()).filter(about(early.orderId, 'slaWarning'));
    expect(early1.map((x) => x.data?.thing2)).toEqual(['预约成功', '预约成功']);
  });

  it('a consult taken by phone at 10:00 (10 minutes) is warned at 10:07, once', async () => {
    const c = await premium();
    const o = await kit.order(c.holder.openid, c, 'quickConsult', FORMS.quickConsult('phone'));
    await clock.set('2026-06-01T11:00:00+08:00');
    await kit.step(STAFF.doctor, { orderId: o.orderId, step: 'accept' });
    const [n] = await onceAt(
      '2026-06-01T11:06:59+08:00',
      '2026-06-01T11:07:00+08:00',
      about(o.orderId, 'consultEnding'),
    );
    expect(n).toMatchObject({ to: c.holder.openid });
    expect(n?.data).toEqual({
      thing1: '三甲专科快速问诊',
      time2: '2026年6月1日 11:10',
      thing3: '本次咨询将于3分钟后结束',
    });
  });
});

describe('R5.4 weekly tips by solar term and knowledge pushes, for members who subscribed', () => {
  it('one tip a week (小雪: the 小雪 article), one knowledge push a half-month; none without consent', async () => {
    const sub = await kit.newCard('premium', '2026-11-01T10:00:00+08:00');
    const other = await kit.newCard('premium', '2026-11-01T10:00:00+08:00');
    for (let i = 0; i < 3; i++) {
      await kit.cloud.ok('notify', sub.holder.openid, {
        action: 'subscribe',
        results: { healthTips: 'accept', knowledge: 'accept' },
      });
    }
    const mine = (template: string) => (n: Notice) => n.to === sub.holder.openid && n.template === template;
    const others = (n: Notice) => n.to === other.holder.openid;

    const [tip] = await sweepAt('2026-11-23T09:00:00+08:00', mine('healthTips'), 'tips');
    expect(tip?.data).toEqual({
      thing1: '小雪时节，温补有度',
      phrase2: '小雪',
      date3: '2026年11月23日',
      thing4: '点击查看本周饮食、运动、作息建议',
    });
    expect(await sweepAt('2026-11-26T09:00:00+08:00', mine('healthTips'), 'tips')).toEqual([]);
    expect(await sweepAt('2026-11-30T09:00:00+08:00', mine('healthTips'), 'tips')).toHaveLength(1);

    const [k] = await sweepAt('2026-12-01T10:00:00+08:00', mine('knowledge'), 'knowledge');
    expect(k?.data).toEqual({ thing1: '冬季晨练别太早', thing2: '运动', date3: '2026年11月24日' });
    expect(await sweepAt('2026-12-14T10:00:00+08:00', mine('knowledge'), 'knowledge')).toEqual([]);
    expect(await sweepAt('2026-12-15T10:00:00+08:00', mine('knowledge'), 'knowledge')).toHaveLength(1);

    expect((await kit.cloud.outbox()).filter(others)).toEqual([]);
  });
});
