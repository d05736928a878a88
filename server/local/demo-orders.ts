/**
 * Demo orders in every status, placed and served through the functions with the clock moved
 * back, so each one obeys the rules (windows, deadlines, pools) like a real order would. The
 * people's subscription consents come first, as the app asks for them before an order.
 */
import { escortEarliestDay, outpatientDates } from '../domain/eligibility';
import { atShanghai } from '../domain/time';
import type { LocalCloud } from './cloud';
import { DEMO } from './demo-people';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

type Call = <T>(fn: string, openid: string, data: Record<string, unknown>) => Promise<T>;

interface Placed {
  order: { orderId: string };
}

type Answer = 'accept' | 'reject';
type Consent = { openid: string; results: Record<string, Answer> };

/**
 * R5.2 consents, as each demo person would give them in wx.requestSubscribeMessage before their
 * orders (one message per accept, at most 3 templates a request): the notices the demo orders
 * earn are then sent, not skipped. The third family member said no in WeChat's panel: a consult
 * of theirs answered in the demo is skipped (NO_CONSENT), as a real one would be. A function, not
 * a constant: seed.ts (DEMO) and this module import each other.
 */
const demoConsents = (): readonly Consent[] => [
  // the holder: two outpatient orders, an escort, two quick consults
  { openid: DEMO.holder, results: { orderAccepted: 'accept', orderBooked: 'accept', visitReminder: 'accept' } },
  { openid: DEMO.holder, results: { orderAccepted: 'accept', orderBooked: 'accept', visitReminder: 'accept' } },
  { openid: DEMO.holder, results: { orderAccepted: 'accept', orderBooked: 'accept', escortReminder: 'accept' } },
  { openid: DEMO.holder, results: { doctorTaken: 'accept', consultEnding: 'accept' } },
  { openid: DEMO.holder, results: { doctorTaken: 'accept', consultEnding: 'accept' } },
  { openid: DEMO.holder, results: { healthTips: 'accept', knowledge: 'accept' } },
  // the family: an assessment, a family-doctor question, a report reading, an expert consult
  { openid: DEMO.members[0], results: { orderAccepted: 'accept', reportReady: 'accept' } },
  { openid: DEMO.members[0], results: { doctorTaken: 'accept', consultEnding: 'accept' } },
  { openid: DEMO.members[1], results: { orderAccepted: 'accept', reportReady: 'accept' } },
  { openid: DEMO.members[2], results: { doctorTaken: 'reject', consultEnding: 'reject' } },
  // staff: SLA warnings of the steps they take
  ...Object.values(DEMO.staff).map((openid): Consent => ({ openid, results: { slaWarning: 'accept' } })),
];

export async function seedDemoConsents(call: Call): Promise<void> {
  for (const { openid, results } of demoConsents()) await call('notify', openid, { action: 'subscribe', results });
}

export async function seedDemoOrders(cloud: LocalCloud, call: Call, cardId: string, now: number): Promise<number> {
  const at = (t: number) => cloud.clock.set(new Date(t));
  if (cloud.functions.has('notify')) {
    at(now - 31 * DAY);
    await seedDemoConsents(call);
  }
  const members = (
    await call<{ cards: { cardId: string; members: { memberId: string; self: boolean }[] }[] }>(
      'card',
      DEMO.members[0],
      { action: 'mine' },
    )
  ).cards.find((c) => c.cardId === cardId)?.members;
  const member1 = members?.find((m) => m.self)?.memberId;
  let n = 0;
  const place = async (
    openid: string,
    t: number,
    benefit: string,
    form: Record<string, unknown>,
    personId?: string,
  ) => {
    at(t);
    n++;
    const { order } = await call<Placed>('order', openid, {
      action: 'create',
      cardId,
      benefit,
      requestId: `demo-order-${String(n).padStart(4, '0')}`,
      form,
      ...(personId ? { personId } : {}),
    });
    return order.orderId;
  };
  const act = async (openid: string, t: number, orderId: string, step: string, extra: Record<string, unknown> = {}) => {
    at(t);
    await call('staff', openid, { action: 'act', orderId, step, ...extra });
  };
  /** A file as the app uploads it: under the uploader's own folder (`card.mine`, issue 10). */
  const fileOf = async (openid: string, path: string): Promise<string> => {
    const { uploadDir } = await call<{ uploadDir: string }>('card', openid, { action: 'mine' });
    return `cloud://demo-env.demo/${uploadDir}/${path}`;
  };
  const { agent, doctor, escortManager } = DEMO.staff;
  const hospital = '复旦大学附属中山医院';

  // completed, followed up and rated: an outpatient green channel a month ago
  {
    const t0 = now - 30 * DAY;
    const wanted = outpatientDates(new Date(t0))[0] ?? '';
    const id = await place(DEMO.holder, t0, 'outpatientGreen', {
      hospital,
      department: '心血管内科',
      wantedDate: wanted,
      note: '复查血压',
    });
    await act(agent, t0 + 2 * HOUR, id, 'accept');
    await act(agent, t0 + 5 * HOUR, id, 'book', {
      visitDate: wanted,
      period: '上午',
      hospital,
      address: '上海市徐汇区枫林路180号',
    });
    await act(agent, atShanghai(wanted, '17:00').getTime(), id, 'complete');
    await act(agent, atShanghai(wanted, '19:00').getTime(), id, 'followUp', { stars: 5, comment: '很顺利' });
    at(atShanghai(wanted, '20:00').getTime());
    await call('order', DEMO.holder, { action: 'rate', orderId: id, stars: 5, comment: '专员很耐心' });
  }
  // booked: an outpatient visit in a few days
  {
    const t0 = now - 1 * DAY;
    const wanted = outpatientDates(new Date(t0))[1] ?? '';
    const id = await place(DEMO.holder, t0, 'outpatientGreen', {
      hospital,
      department: '内分泌科',
      wantedDate: wanted,
    });
    await act(agent, t0 + 1 * HOUR, id, 'accept');
    await act(agent, t0 + 3 * HOUR, id, 'book', {
      visitDate: wanted,
      period: '下午',
      hospital,
      address: '上海市徐汇区枫林路180号',
    });
  }
  // completed quick consult, ten days ago
  {
    const t0 = now - 10 * DAY;
    const id = await place(DEMO.holder, t0, 'quickConsult', { description: '最近睡眠不好，白天没精神', mode: 'text' });
    await act(doctor, t0 + 2 * 60 * 1000, id, 'accept');
    await act(doctor, t0 + 40 * 60 * 1000, id, 'complete', {
      result: { text: '建议规律作息，睡前减少屏幕使用，如持续两周以上请到睡眠专科就诊。' },
    });
  }
  // accepted escort: the escort manager has called, booking pending
  {
    const t0 = now - 2 * HOUR;
    const visit = atShanghai(escortEarliestDay(new Date(t0)), '09:00');
    const id = await place(DEMO.holder, t0, 'escort', {
      hospital,
      department: '消化内科',
      visitAt: visit.toISOString(),
      purpose: '门诊复诊',
      registered: true,
      withRelative: false,
    });
    await act(escortManager, t0 + HOUR, id, 'accept');
  }
  // submitted assessment, for a family member, waiting for the manager's call
  await place(DEMO.members[0], now - 30 * 60 * 1000, 'assessment', {
    questionnaire: { sleepHours: 7, smoking: false, exercisePerWeek: 2, chronic: ['高血压'] },
  });
  // report reading in progress
  {
    const t0 = now - 1 * DAY;
    const id = await place(DEMO.members[1], t0, 'reportReading', {
      files: [await fileOf(DEMO.members[1], 'orders/2026-checkup.pdf')],
    });
    await act(doctor, t0 + 3 * HOUR, id, 'accept');
  }
  // cancelled by the member before the call: the unit came back
  {
    const t0 = now - 6 * DAY;
    const id = await place(DEMO.holder, t0, 'checkupPlan', { questionnaire: { age: 46, lastCheckup: '2025-05' } });
    at(t0 + 20 * 60 * 1000);
    await call('order', DEMO.holder, { action: 'cancel', orderId: id, reason: '时间安排不开' });
  }
  // failed: no doctor could take it
  {
    const t0 = now - 4 * DAY;
    const id = await place(DEMO.members[2], t0, 'expertConsult', {
      expertId: 'e-003',
      description: '胃部不适两个月',
      mode: 'phone',
    });
    await act(doctor, t0 + 50 * 60 * 1000, id, 'fail', { reason: '专家临时停诊，次数已退回' });
  }
  // no-show: a family doctor question the member never came back to
  if (member1) {
    const t0 = now - 3 * DAY;
    // first use: the member chooses and signs a family doctor of the list
    at(t0 - 10 * 60 * 1000);
    await call('order', DEMO.members[0], { action: 'signDoctor', cardId, doctorId: 'd-001' });
    const id = await place(DEMO.members[0], t0, 'familyDoctor', { question: '孩子反复咳嗽要不要去医院？' });
    await act(doctor, t0 + 30 * 60 * 1000, id, 'accept');
    await act(doctor, t0 + 26 * HOUR, id, 'noShow', { note: '会员未回复' });
  }
  // in service: a quick consult by phone right now
  {
    const t0 = now - 2 * 60 * 1000;
    const id = await place(DEMO.holder, t0, 'quickConsult', {
      description: '血压有点高，需要调整用药吗',
      mode: 'phone',
    });
    await act(doctor, t0 + 60 * 1000, id, 'accept');
    // the conversation of its session (order.send): a photo of the readings, the doctor's answer
    at(t0 + 90 * 1000);
    await call('order', DEMO.holder, {
      action: 'send',
      orderId: id,
      text: '这是我这周的血压记录',
      images: [await fileOf(DEMO.holder, 'consult/bp-week.jpg')],
    });
    await call('order', doctor, { action: 'send', orderId: id, text: '收到，我马上给您打电话，请保持手机畅通' });
  }
  // 健康管家: the first family member's standing thread, answered by the butler
  if (cloud.functions.has('butler')) {
    at(now - 2 * HOUR);
    await call('butler', DEMO.members[0], { action: 'send', cardId, text: '想给孩子安排一次体检，有什么建议？' });
    at(now - HOUR);
    const { threadId } = await call<{ threadId: string }>('butler', DEMO.members[0], { action: 'messages', cardId });
    await call('butler', DEMO.staff.butler, {
      action: 'reply',
      threadId,
      text: '您好，可以先做一次全面健康评估，我来帮您安排',
    });
  }
  return n;
}
