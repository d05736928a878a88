/**
 * @jest-environment jsdom
 */
import type { Envelope, Order, OrderBenefit, OrderStatus, QuotaState, StaffStep } from '../../typings/contract';
import { deferred, loadPage, settle, tap, textOf, type FakeTransport, type SimulatedPage } from './harness';
import { BOOKING, callsOf, classOf, ok, order, refused, textIn, world, type Handler } from './order-fixtures';

const DETAIL = 'member/pages/order/index';
const CLOCK = 'components/sla-clock/index';

afterEach(() => {
  jest.restoreAllMocks();
  Reflect.deleteProperty(wx, 'cloud');
});

async function open(
  o: Order | Handler,
  handlers: Record<string, Handler> = {},
): Promise<{ page: SimulatedPage; transport: FakeTransport }> {
  const transport = world({ 'order.get': typeof o === 'function' ? o : () => ok({ order: o }), ...handlers });
  const page = loadPage(DETAIL, { transport });
  const orderId = typeof o === 'function' ? 'o-1' : o.orderId;
  (page.instance as unknown as { onLoad(q: Record<string, string>): void }).onLoad({ orderId });
  await settle();
  await settle();
  return { page, transport };
}

/** The dialog's two buttons: cancel (再想想), then confirm (确定取消). */
async function answerDialog(page: SimulatedPage, which: 'keep' | 'cancel'): Promise<void> {
  const buttons = page.querySelectorAll('#cancel-dialog >>> .van-dialog__button');
  const button = buttons[which === 'keep' ? 0 : 1]?.querySelector('.van-button');
  if (!button) throw new Error('no dialog button');
  button.dispatchEvent('tap');
  await settle(400);
}

function dialogMessage(page: SimulatedPage): string {
  return textIn(page, '#cancel-dialog >>> .van-dialog__message');
}

/** Iso instant `ms` from now, in +08:00 as the functions write it. */
function fromNow(ms: number): string {
  const t = new Date(Date.now() + ms + 8 * 3600 * 1000);
  return `${t.toISOString().slice(0, 19)}+08:00`;
}

interface StateCase {
  what: string;
  benefit: OrderBenefit;
  status: OrderStatus;
  quota: QuotaState;
  awaiting: StaffStep | null;
  tone: string;
  title: string;
  /** the confirm dialog's text, or null when the page offers no cancel */
  cancel: string | null;
  /** the other action shown, by id */
  action?: string;
}

const STATES: StateCase[] = [
  {
    what: 'submitted, unit held',
    benefit: 'outpatientGreen',
    status: 'submitted',
    quota: 'held',
    awaiting: 'accept',
    tone: 'primary',
    title: '已提交',
    cancel: '取消后次数将退回，确定取消吗？',
  },
  {
    what: 'accepted, before booking',
    benefit: 'outpatientGreen',
    status: 'accepted',
    quota: 'held',
    awaiting: 'book',
    tone: 'primary',
    title: '处理中',
    cancel: '取消后次数将退回，确定取消吗？',
  },
  {
    what: 'booked green channel',
    benefit: 'outpatientGreen',
    status: 'booked',
    quota: 'used',
    awaiting: 'complete',
    tone: 'primary',
    title: '已预约',
    cancel: '已预约成功，取消将视同使用一次，确定取消吗？',
  },
  {
    what: 'arranged inpatient green channel',
    benefit: 'inpatientGreen',
    status: 'booked',
    quota: 'used',
    awaiting: 'complete',
    tone: 'primary',
    title: '已安排',
    cancel: '已预约成功，取消将视同使用一次，确定取消吗？',
  },
  {
    what: 'escort before booking',
    benefit: 'escort',
    status: 'accepted',
    quota: 'held',
    awaiting: 'book',
    tone: 'primary',
    title: '处理中',
    cancel: '取消后次数将退回，确定取消吗？',
  },
  {
    what: 'booked escort (R3.4)',
    benefit: 'escort',
    status: 'booked',
    quota: 'used',
    awaiting: 'complete',
    tone: 'primary',
    title: '已预约',
    cancel: null,
    action: 'butler',
  },
  {
    what: 'assessment started',
    benefit: 'assessment',
    status: 'accepted',
    quota: 'used',
    awaiting: 'complete',
    tone: 'primary',
    title: '处理中',
    cancel: '服务已开始，取消将视同使用一次，确定取消吗？',
  },
  {
    what: 'family doctor waiting (unlimited)',
    benefit: 'familyDoctor',
    status: 'submitted',
    quota: 'none',
    awaiting: 'accept',
    tone: 'primary',
    title: '已提交',
    cancel: '确定取消这个订单吗？',
  },
  {
    what: 'consult waiting for a doctor',
    benefit: 'quickConsult',
    status: 'submitted',
    quota: 'held',
    awaiting: 'accept',
    tone: 'primary',
    title: '已提交',
    cancel: '取消后次数将退回，确定取消吗？',
  },
  {
    what: 'consult in service',
    benefit: 'quickConsult',
    status: 'in_service',
    quota: 'used',
    awaiting: 'complete',
    tone: 'primary',
    title: '服务中',
    cancel: null,
    action: 'consult',
  },
  {
    what: 'expert consult in service',
    benefit: 'expertConsult',
    status: 'in_service',
    quota: 'used',
    awaiting: 'complete',
    tone: 'primary',
    title: '服务中',
    cancel: null,
    action: 'consult',
  },
  {
    what: 'completed, not rated',
    benefit: 'outpatientGreen',
    status: 'completed',
    quota: 'used',
    awaiting: 'followUp',
    tone: 'success',
    title: '已完成',
    cancel: null,
    action: 'rate',
  },
  {
    what: 'no-show',
    benefit: 'outpatientGreen',
    status: 'no_show',
    quota: 'used',
    awaiting: null,
    tone: 'muted',
    title: '未到诊',
    cancel: null,
  },
  {
    what: 'cancelled',
    benefit: 'checkupPlan',
    status: 'cancelled',
    quota: 'released',
    awaiting: null,
    tone: 'muted',
    title: '已取消',
    cancel: null,
  },
  {
    what: 'failed',
    benefit: 'expertConsult',
    status: 'failed',
    quota: 'released',
    awaiting: null,
    tone: 'danger',
    title: '未能完成',
    cancel: null,
  },
];

describe('order detail: every state', () => {
  test.each(STATES)('$what: header $title in its colour; cancel dialog or the other action', async (c) => {
    const o = order(c.benefit, {
      status: c.status,
      quota: c.quota,
      awaiting: c.awaiting,
      dueAt: c.awaiting ? '2026-06-02T21:00:00+08:00' : null,
      ...(c.status === 'booked' ? { extra: { booking: BOOKING } } : {}),
    });
    const { page } = await open(o);
    expect(page.data['view']).toBe('ready');
    expect(classOf(page, '#status')).toContain(`status--${c.tone}`);
    expect(textIn(page, '#status')).toContain(c.title);

    for (const id of ['butler', 'consult', 'rate']) {
      if (id === c.action) expect(page.querySelector(`#${id}`)).toBeTruthy();
      else expect(page.querySelector(`#${id}`)).toBeFalsy();
    }

    if (c.cancel === null) {
      expect(page.querySelector('#cancel')).toBeFalsy();
      return;
    }
    await tap(page, '#cancel');
    await settle(400);
    expect(dialogMessage(page)).toBe(c.cancel);
  });

  test('a booked escort shows no cancel button but the butler, who changes it (R3.4)', async () => {
    const navigateTo = jest.spyOn(wx, 'navigateTo');
    const o = order('escort', { status: 'booked', quota: 'used', awaiting: 'complete', extra: { booking: BOOKING } });
    const { page } = await open(o);
    expect(page.querySelector('#cancel')).toBeFalsy();
    expect(textIn(page, '#escort-locked')).toBe('陪诊已预约，如需变更请联系健康管家');
    await tap(page, '#butler');
    expect(navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/member/pages/consult/index?benefit=butler&cardId=c-1' }),
    );
    expect(textIn(page, '#booking')).toContain('陪诊安排');
  });

  test('a consult in service offers 进入咨询 instead of cancel', async () => {
    const navigateTo = jest.spyOn(wx, 'navigateTo');
    const o = order('quickConsult', { orderId: 'o-qc', status: 'in_service', quota: 'used', awaiting: 'complete' });
    const { page } = await open(o);
    expect(textIn(page, '#sla')).toContain('咨询将于 6月2日 21:00 结束');
    await tap(page, '#consult');
    expect(navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/member/pages/consult/index?orderId=o-qc' }),
    );
  });
});

describe('order detail: what it shows', () => {
  test('loading, then the status header, the SLA line, the timeline and the form summary', async () => {
    // the order's deadline (6月2日 21:00) is more than a day away: no countdown
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-06-01T12:00:00+08:00'));
    const answer = deferred<Envelope<unknown>>();
    const setTitle = jest.spyOn(wx, 'setNavigationBarTitle');
    const { page } = await open(() => answer.promise);
    expect(page.data['view']).toBe('loading');
    expect(page.querySelector('.detail__loading')).toBeTruthy();

    answer.resolve(ok({ order: order('outpatientGreen', { orderId: 'o-1' }) }));
    await settle();
    await settle();
    expect(setTitle).toHaveBeenCalledWith(expect.objectContaining({ title: '门诊绿通' }));
    expect(textIn(page, '#status')).toBe('已提交 门诊绿通 · 服务对象 张*丰 客服将于 6月2日 21:00 前联系您');
    const steps = page.querySelectorAll('#timeline >>> .van-step');
    expect(steps).toHaveLength(1);
    expect(textIn(page, '#timeline')).toContain('提交申请 6月1日 10:00');
    const summary = textOf(page);
    expect(summary).toContain('医院 复旦大学附属中山医院');
    expect(summary).toContain('科室 心血管内科');
    expect(summary).toContain('期望就诊日期 2026年6月5日');
    expect(summary).toContain('备注 复查血压');
    expect(summary).toContain('订单号 o-1');
  });

  test('the timeline: every step with its time and note, the latest active', async () => {
    const o = order('outpatientGreen', {
      status: 'booked',
      quota: 'used',
      awaiting: 'complete',
      extra: {
        booking: BOOKING,
        timeline: [
          { status: 'submitted', at: '2026-06-01T10:00:00+08:00', by: 'member' },
          { status: 'accepted', at: '2026-06-01T11:20:00+08:00', by: 'staff' },
          { status: 'booked', at: '2026-06-01T16:05:00+08:00', by: 'staff', note: '已约林主任' },
        ],
      },
    });
    const { page } = await open(o);
    const steps = page.querySelectorAll('#timeline >>> .van-step');
    expect(steps.map((s) => (s.dom?.textContent ?? '').replace(/\s+/g, ''))).toEqual([
      '提交申请6月1日10:00',
      '已电话确认6月1日11:20',
      '预约成功6月1日16:05·已约林主任',
    ]);
    expect(steps[2]?.dom?.className).toContain('van-step--process');
  });

  test('the booking: visit day, period, hospital, address', async () => {
    const o = order('outpatientGreen', {
      status: 'booked',
      quota: 'used',
      awaiting: 'complete',
      extra: { booking: BOOKING },
    });
    const { page } = await open(o);
    expect(textIn(page, '#booking')).toBe(
      '预约信息 就诊日期 2026年6月5日 上午 医院 复旦大学附属中山医院 地址 上海市徐汇区枫林路180号 就诊需携带身份证、医保卡，请提前到医院窗口或自助机取号。',
    );
    expect(textIn(page, '#sla')).toContain('就诊日 6月5日 上午，请按时前往');
  });

  test('the form summary has labels, never raw keys; dates in words', async () => {
    const escort = await open(order('escort', { orderId: 'o-e' }));
    const text = textOf(escort.page);
    expect(text).toContain('就诊时间 2026年6月5日 09:00');
    expect(text).toContain('就诊事项 门诊复诊');
    expect(text).toContain('已自行挂号 是');
    expect(text).toContain('家属陪同 否');
    expect(text).toContain('特殊情况 当天有需家属签字的检查');
    expect(text).not.toMatch(/visitAt|needsSignature|registered/);

    const assessment = await open(order('assessment', { orderId: 'o-a' }));
    const sheet = textOf(assessment.page);
    expect(sheet).toContain('身高 170 厘米');
    expect(sheet).toContain('吸烟 从不吸烟');
    expect(sheet).toContain('平均每晚睡眠 7 小时');
    expect(sheet).toContain('已确诊的疾病 高血压');
    expect(sheet).not.toMatch(/heightCm|smoking|conditions|sleepHours/);

    const expert = await open(order('expertConsult', { orderId: 'o-x' }), {
      'content.experts': () =>
        ok({
          experts: [
            {
              id: 'e-001',
              name: '林正华',
              title: '主任医师',
              hospital: '复旦大学附属中山医院',
              department: '心血管内科',
              specialty: '冠心病',
            },
          ],
        }),
    });
    expect(textOf(expert.page)).toContain('专家 林正华 主任医师 · 复旦大学附属中山医院');
    expect(textOf(expert.page)).toContain('咨询方式 电话咨询');
  });

  test('files in the summary and the result open in WeChat’s viewer', async () => {
    const preview = jest.spyOn(wx, 'previewImage').mockImplementation((options) => {
      options.success?.({ errMsg: 'previewImage:ok' });
    });
    const o = order('inpatientGreen', {
      status: 'completed',
      quota: 'used',
      awaiting: null,
      extra: {
        result: { text: '已安排入院，请按时报到。', files: ['cloud://env.b/result/1.jpg'] },
        rating: { stars: 4, at: '2026-06-03T10:00:00+08:00' },
      },
    });
    const { page } = await open(o);
    expect(textOf(page)).toContain('病历资料 2 份，点击查看');
    expect(textIn(page, '#result')).toContain('已安排入院，请按时报到。');
    await tap(page, '#result-files');
    await settle();
    expect(preview).toHaveBeenCalledWith(expect.objectContaining({ urls: ['cloud://env.b/result/1.jpg'] }));
    await tap(page, '#row-3 >>> .van-cell');
    await settle();
    expect(preview).toHaveBeenLastCalledWith(expect.objectContaining({ urls: ['cloud://env.b/records/a.jpg'] }));
  });

  test('an order placed by the butler says so', async () => {
    const { page } = await open(order('quickConsult', { extra: { placedBy: 'staff' } }));
    expect(textOf(page)).toContain('由健康管家代为下单');
  });

  test('not found: the function’s message and 重试', async () => {
    let fail = true;
    const { page } = await open(() =>
      fail ? refused('NOT_FOUND', '没有找到这个订单') : ok({ order: order('escort', { orderId: 'o-1' }) }),
    );
    expect(page.data['view']).toBe('error');
    expect(textOf(page)).toContain('没有找到这个订单');
    fail = false;
    await tap(page, '#retry');
    await settle();
    expect(page.data['view']).toBe('ready');
  });
});

describe('order detail: cancel', () => {
  test('再想想 closes the dialog and changes nothing', async () => {
    const { page, transport } = await open(order('outpatientGreen'));
    await tap(page, '#cancel');
    await settle(400);
    await answerDialog(page, 'keep');
    expect(page.data['confirming']).toBe(false);
    expect(callsOf(transport, 'order.cancel')).toHaveLength(0);
  });

  test('确定取消 cancels; the page shows the order as answered', async () => {
    const o = order('outpatientGreen', { orderId: 'o-c' });
    const { page, transport } = await open(o, {
      'order.cancel': () =>
        ok({ order: { ...o, status: 'cancelled', quota: 'released', awaiting: null, dueAt: null } }),
    });
    await tap(page, '#cancel');
    await settle(400);
    await answerDialog(page, 'cancel');
    expect(callsOf(transport, 'order.cancel')).toEqual([{ action: 'cancel', orderId: 'o-c' }]);
    expect(textIn(page, '#status')).toContain('已取消');
    expect(textIn(page, '#end')).toBe('订单已取消，次数已退回');
    expect(page.querySelector('#cancel')).toBeFalsy();
  });

  test('a refusal is shown as it came, and the order is read again', async () => {
    const o = order('escort', { orderId: 'o-e', status: 'accepted', quota: 'held', awaiting: 'book' });
    let reads = 0;
    const { page, transport } = await open(
      () => {
        reads += 1;
        return ok({
          order: reads === 1 ? o : { ...o, status: 'booked', quota: 'used', awaiting: 'complete', booking: BOOKING },
        });
      },
      { 'order.cancel': () => refused('INVALID_STATE', '陪诊已预约成功，无法取消，如有变化请联系健康管家') },
    );
    await tap(page, '#cancel');
    await settle(400);
    await answerDialog(page, 'cancel');
    await settle();
    expect(callsOf(transport, 'order.cancel')).toHaveLength(1);
    expect(textIn(page, '#action-error')).toBe('陪诊已预约成功，无法取消，如有变化请联系健康管家');
    expect(page.querySelector('#cancel')).toBeFalsy();
    expect(textIn(page, '#escort-locked')).toBe('陪诊已预约，如需变更请联系健康管家');
  });
});

describe('order detail: rating', () => {
  test('once completed: 1–5 stars, an optional comment, then the rating shows', async () => {
    const o = order('outpatientGreen', { orderId: 'o-r', status: 'completed', quota: 'used', awaiting: 'followUp' });
    const { page, transport } = await open(o, {
      'order.rate': (data) =>
        ok({
          order: { ...o, rating: { stars: data['stars'], comment: data['comment'], at: '2026-06-06T10:00:00+08:00' } },
        }),
    });
    expect(textIn(page, '#rate')).toContain('为本次服务评分');
    expect(classOf(page, '#rate-submit >>> .van-button')).toContain('van-button--disabled');

    const stars = page.querySelectorAll('#stars >>> .van-rate__icon');
    expect(stars).toHaveLength(5);
    page.querySelector('#stars')?.dispatchEvent('change', { detail: 5 });
    await settle();
    const field = page
      .querySelectorAll('#comment >>> .van-field__control')
      .find((c) => c.dom?.tagName.toLowerCase() === 'wx-textarea');
    field?.dispatchEvent('input', { detail: { value: '专员很耐心' } });
    await settle();
    await tap(page, '#rate-submit');
    await settle();

    expect(callsOf(transport, 'order.rate')).toEqual([
      { action: 'rate', orderId: 'o-r', stars: 5, comment: '专员很耐心' },
    ]);
    expect(page.querySelector('#rate')).toBeFalsy();
    expect(textIn(page, '#rated')).toContain('您的评价 5 星 专员很耐心');
    expect(textIn(page, '#end')).toBe('服务已完成，感谢您的评价');
  });

  test('a rated order shows its stars and offers no second rating', async () => {
    const o = order('quickConsult', {
      status: 'completed',
      quota: 'used',
      awaiting: null,
      extra: { rating: { stars: 3, at: '2026-06-06T10:00:00+08:00' } },
    });
    const { page } = await open(o);
    expect(page.querySelector('#rate')).toBeFalsy();
    expect(textIn(page, '#rated')).toContain('3 星');
  });

  test('a refused rating says why', async () => {
    const o = order('quickConsult', { status: 'completed', quota: 'used', awaiting: null });
    const { page } = await open(o, { 'order.rate': () => refused('INVALID_STATE', '您已评价过这个订单') });
    page.querySelector('#stars')?.dispatchEvent('change', { detail: 2 });
    await settle();
    await tap(page, '#rate-submit');
    await settle();
    expect(textIn(page, '#action-error')).toBe('您已评价过这个订单');
  });
});

describe('order detail: the SLA line and its clock', () => {
  test('more than a day left: the deadline only, no countdown', async () => {
    const { page } = await open(order('outpatientGreen', { dueAt: fromNow(3 * 24 * 3600 * 1000) }));
    expect(textIn(page, '#sla')).toMatch(/^客服将于 \d{1,2}月\d{1,2}日 \d{2}:\d{2} 前联系您$/);
    expect(page.querySelector('#clock >>> .sla-clock')).toBeFalsy();
  });

  test('under a day: a live countdown', async () => {
    const { page } = await open(order('quickConsult', { dueAt: fromNow(2 * 3600 * 1000 + 5000) }));
    const first = textIn(page, '#clock');
    expect(first).toMatch(/^剩余 02:00:0\d$/);
    await settle(1100);
    expect(textIn(page, '#clock')).not.toBe(first);
  });

  test('past the deadline: 已超时', async () => {
    const { page } = await open(order('outpatientGreen', { dueAt: fromNow(-60 * 1000) }));
    expect(textIn(page, '#clock')).toBe('已超时');
    expect(classOf(page, '#clock >>> .sla-clock')).toContain('sla-clock--danger');
  });
});

describe('sla-clock', () => {
  test('counts down every second and turns 已超时 as the deadline passes', async () => {
    const start = Date.now();
    let now = start;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const due = new Date(start + 2000).toISOString();
    const clock = loadPage(CLOCK, { props: { dueAt: due } });
    await settle();
    expect(textOf(clock)).toBe('剩余 00:00:02');
    expect(classOf(clock, '.sla-clock')).toContain('sla-clock--danger');
    now = start + 1000;
    await settle(1050);
    expect(textOf(clock)).toBe('剩余 00:00:01');
    now = start + 2500;
    await settle(1050);
    expect(textOf(clock)).toBe('已超时');
  });

  test('tones: plain beyond 4 h, warning under 4 h, danger under 1 h; hidden beyond a day unless within=0', async () => {
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    const hour = 3600 * 1000;
    const plain = loadPage(CLOCK, { props: { dueAt: at(10 * hour) } });
    const warning = loadPage(CLOCK, { props: { dueAt: at(3 * hour) } });
    const far = loadPage(CLOCK, { props: { dueAt: at(30 * hour) } });
    const always = loadPage(CLOCK, { props: { dueAt: at(30 * hour), within: 0 } });
    const none = loadPage(CLOCK, { props: { dueAt: '' } });
    await settle();
    expect(classOf(plain, '.sla-clock')).toContain('sla-clock--plain');
    expect(classOf(warning, '.sla-clock')).toContain('sla-clock--warning');
    expect(textOf(far)).toBe('');
    expect(textOf(always)).toMatch(/^剩余 1天 0[56]:\d{2}:\d{2}$/);
    expect(textOf(none)).toBe('');
  });

  test('the timer is cleared on detach', async () => {
    const clear = jest.spyOn(globalThis, 'clearInterval');
    const clock = loadPage(CLOCK, { props: { dueAt: new Date(Date.now() + 3600 * 1000).toISOString() } });
    await settle();
    clock.detach();
    expect(clear).toHaveBeenCalledTimes(1);
  });
});
