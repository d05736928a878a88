/**
 * @jest-environment jsdom
 */
import type { Envelope, Order, OrderBenefit, OrderStatus, StaffStep } from '../../typings/contract';
import { deferred, loadPage, settle, tap, textOf, type SimulatedPage } from './harness';
import { BOOKING, callsOf, classOf, ok, order, refused, textIn, world, type Handler } from './order-fixtures';

const ORDERS = 'pages/orders/index';

afterEach(() => jest.restoreAllMocks());

function listOf(orders: Order[], nextCursor: string | null = null): Handler {
  return () => ok({ orders, nextCursor });
}

function rowText(page: SimulatedPage, orderId: string): string {
  return textIn(page, `#order-${orderId}`);
}

function statusClass(page: SimulatedPage, orderId: string): string {
  return classOf(page, `#order-${orderId} .order__status`);
}

async function invoke(page: SimulatedPage, method: string): Promise<void> {
  const fn = Reflect.get(page.instance as object, method) as () => unknown;
  await fn.call(page.instance);
  await settle();
}

/** n orders, newest first, ids o-0 … o-(n-1). */
function many(n: number, from = 0): Order[] {
  const benefits: OrderBenefit[] = ['outpatientGreen', 'quickConsult', 'assessment', 'escort', 'reportReading'];
  return Array.from({ length: n }, (_, i) => {
    const k = from + i;
    return order(benefits[k % benefits.length] ?? 'quickConsult', { orderId: `o-${k}` });
  });
}

/** order.list answering pages of 20 from `all`, by offset cursor, as the function does. */
function paged(all: Order[]): Handler {
  return (data) => {
    const skip = typeof data['cursor'] === 'string' ? Number(data['cursor']) : 0;
    const limit = typeof data['limit'] === 'number' ? data['limit'] : 20;
    const page = all.slice(skip, skip + limit);
    return ok({ orders: page, nextCursor: all.length > skip + limit ? String(skip + limit) : null });
  };
}

describe('我的订单', () => {
  test('loading, then the orders newest first: name, status, served person, the step awaited and its deadline', async () => {
    const answer = deferred<Envelope<unknown>>();
    const transport = world({ 'order.list': () => answer.promise });
    const page = loadPage(ORDERS, { transport });
    await settle();

    expect(page.data['view']).toBe('loading');
    expect(page.querySelector('.orders__loading')).toBeTruthy();
    expect(callsOf(transport, 'order.list')).toEqual([{ action: 'list', limit: 20 }]);

    const outpatient = order('outpatientGreen', { orderId: 'o-new' });
    const consult = order('quickConsult', {
      orderId: 'o-old',
      status: 'completed',
      quota: 'used',
      awaiting: null,
      dueAt: null,
      extra: { personName: '李*水', createdAt: '2026-05-20T08:05:00+08:00' },
    });
    answer.resolve(ok({ orders: [outpatient, consult], nextCursor: null }));
    await settle();

    expect(page.data['view']).toBe('list');
    const text = textOf(page);
    expect(text.indexOf('门诊绿通')).toBeLessThan(text.indexOf('三甲专科快速问诊'));
    expect(rowText(page, 'o-new')).toBe(
      '门诊绿通 已提交 服务对象 张*丰 · 提交于 6月1日 10:00 客服将于 6月2日 21:00 前联系您',
    );
    expect(rowText(page, 'o-old')).toBe(
      '三甲专科快速问诊 已完成 服务对象 李*水 · 提交于 5月20日 08:05 服务已完成，欢迎您评价',
    );
    expect(text).toContain('没有更多了');
    // the served person is shown as answered (masked): no full name travels
    expect(text).not.toMatch(/张三丰|李秋水/);
  });

  test.each<[OrderStatus, OrderBenefit, StaffStep | null, string, string]>([
    ['submitted', 'outpatientGreen', 'accept', '已提交', 'primary'],
    ['accepted', 'outpatientGreen', 'book', '处理中', 'primary'],
    ['booked', 'outpatientGreen', 'complete', '已预约', 'primary'],
    ['booked', 'inpatientGreen', 'complete', '已安排', 'primary'],
    ['in_service', 'quickConsult', 'complete', '服务中', 'primary'],
    ['completed', 'assessment', null, '已完成', 'success'],
    ['no_show', 'familyDoctor', null, '未到诊', 'muted'],
    ['cancelled', 'checkupPlan', null, '已取消', 'muted'],
    ['failed', 'expertConsult', null, '未能完成', 'danger'],
  ])('status %s of %s: %s, in its colour', async (status, benefit, awaiting, words, tone) => {
    const o = order(benefit, {
      status,
      awaiting,
      quota: status === 'cancelled' || status === 'failed' ? 'released' : 'used',
      ...(status === 'booked' ? { extra: { booking: BOOKING } } : {}),
    });
    const page = loadPage(ORDERS, { transport: world({ 'order.list': listOf([o]) }) });
    await settle();
    expect(rowText(page, o.orderId)).toContain(words);
    expect(statusClass(page, o.orderId)).toContain(`order__status--${tone}`);
  });

  test.each<[string, OrderBenefit, StaffStep, OrderStatus, string]>([
    ['green channel call', 'outpatientGreen', 'accept', 'submitted', '客服将于 6月2日 21:00 前联系您'],
    ['green channel booking', 'outpatientGreen', 'book', 'accepted', '将于 6月2日 21:00 前为您完成预约'],
    ['inpatient arrangement', 'inpatientGreen', 'book', 'accepted', '将于 6月2日 21:00 前为您安排住院或手术'],
    ['escort booking', 'escort', 'book', 'accepted', '将于 6月2日 21:00 前为您安排陪诊'],
    ['doctor take-over', 'quickConsult', 'accept', 'submitted', '医生将于 6月2日 21:00 前接诊'],
    ['consult session', 'quickConsult', 'complete', 'in_service', '咨询将于 6月2日 21:00 结束'],
    ['health manager', 'assessment', 'accept', 'submitted', '健康管理师将于 6月2日 21:00 前联系您'],
    ['report', 'reportReading', 'complete', 'accepted', '《健康指导意见》将于 6月2日 21:00 前出具'],
    ['follow-up call', 'outpatientGreen', 'followUp', 'completed', ''],
  ])('the step awaited: %s', async (_what, benefit, awaiting, status, line) => {
    const o = order(benefit, { status, awaiting });
    const page = loadPage(ORDERS, { transport: world({ 'order.list': listOf([o]) }) });
    await settle();
    if (line) expect(rowText(page, o.orderId)).toContain(line);
    else expect(rowText(page, o.orderId)).toContain('服务已完成');
  });

  test('a booked visit shows its day and hospital', async () => {
    const o = order('outpatientGreen', {
      status: 'booked',
      quota: 'used',
      awaiting: 'complete',
      extra: { booking: BOOKING },
    });
    const page = loadPage(ORDERS, { transport: world({ 'order.list': listOf([o]) }) });
    await settle();
    expect(rowText(page, o.orderId)).toContain('就诊日 6月5日 上午，请按时前往 复旦大学附属中山医院');
  });

  test('empty: a friendly line and the way home', async () => {
    const switchTab = jest.spyOn(wx, 'switchTab');
    const page = loadPage(ORDERS, { transport: world({ 'order.list': listOf([]) }) });
    await settle();
    expect(textOf(page)).toContain('您还没有订单');
    await tap(page, '#home');
    expect(switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/home/index' }));
  });

  test('error: the function’s message as it came, and 重试 loads again', async () => {
    let fail = true;
    const transport = world({
      'order.list': () =>
        fail ? refused('RATE_LIMITED', '操作太频繁，请稍后再试') : ok({ orders: many(1), nextCursor: null }),
    });
    const page = loadPage(ORDERS, { transport });
    await settle();
    expect(page.data['view']).toBe('error');
    expect(textOf(page)).toContain('操作太频繁，请稍后再试');
    fail = false;
    await tap(page, '#retry');
    await settle();
    expect(page.data['view']).toBe('list');
    expect(rowText(page, 'o-0')).toContain('门诊绿通');
  });

  test('a network failure reads as the network message', async () => {
    const transport = world({ 'order.list': () => Promise.reject(new Error('offline')) });
    const page = loadPage(ORDERS, { transport });
    await settle();
    expect(textOf(page)).toContain('网络不太好，请稍后重试');
  });

  test('reaching the bottom loads the next page with nextCursor and appends it', async () => {
    const all = many(45);
    const transport = world({ 'order.list': paged(all) });
    const page = loadPage(ORDERS, { transport });
    await settle();
    expect((page.data['orders'] as unknown[]).length).toBe(20);

    await invoke(page, 'onReachBottom');
    expect(callsOf(transport, 'order.list').at(-1)).toEqual({ action: 'list', cursor: '20', limit: 20 });
    expect((page.data['orders'] as unknown[]).length).toBe(40);
    expect(page.querySelector('#order-o-39')).toBeTruthy();

    await invoke(page, 'onReachBottom');
    expect((page.data['orders'] as unknown[]).length).toBe(45);
    expect(textOf(page)).toContain('没有更多了');

    // nothing more to load: no further call
    const before = callsOf(transport, 'order.list').length;
    await invoke(page, 'onReachBottom');
    expect(callsOf(transport, 'order.list').length).toBe(before);
  });

  test('500 orders: every setData stays under 32 KB, and pages are appended by path, never resent', async () => {
    const all = many(500);
    const page = loadPage(ORDERS, { transport: world({ 'order.list': paged(all) }) });
    const instance = page.instance as unknown as { setData(data: Record<string, unknown>, cb?: () => void): void };
    const original = instance.setData.bind(instance);
    const sent: Record<string, unknown>[] = [];
    instance.setData = (data, cb) => {
      sent.push(data);
      original(data, cb);
    };
    await settle();
    for (let i = 0; i < 30; i++) await invoke(page, 'onReachBottom');

    expect((page.data['orders'] as unknown[]).length).toBe(500);
    const sizes = sent.map((d) => JSON.stringify(d).length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(32 * 1024);
    // after the first page the list itself is never sent again, only its new items
    const whole = sent.filter((d) => 'orders' in d);
    expect(whole).toHaveLength(1);
    expect(sent.some((d) => 'orders[480]' in d)).toBe(true);
  });

  test('a failed next page says so at the bottom and retries on tap', async () => {
    const all = many(30);
    let fail = true;
    const list = paged(all);
    const transport = world({
      'order.list': (data) => (data['cursor'] && fail ? refused('INTERNAL', '服务暂时不可用，请稍后重试') : list(data)),
    });
    const page = loadPage(ORDERS, { transport });
    await settle();
    await invoke(page, 'onReachBottom');
    expect(textOf(page)).toContain('服务暂时不可用，请稍后重试，点击重试');
    fail = false;
    await tap(page, '#more-retry');
    await settle();
    expect((page.data['orders'] as unknown[]).length).toBe(30);
  });

  test('pull-down reads the first page again and stops the spinner', async () => {
    const stop = jest.spyOn(wx, 'stopPullDownRefresh');
    let orders = many(1);
    const transport = world({ 'order.list': () => ok({ orders, nextCursor: null }) });
    const page = loadPage(ORDERS, { transport });
    await settle();
    orders = [order('escort', { orderId: 'o-fresh' }), ...orders];
    await invoke(page, 'onPullDownRefresh');
    await settle();
    expect(rowText(page, 'o-fresh')).toContain('就医陪诊');
    expect(stop).toHaveBeenCalled();
  });

  test('a row opens its detail; coming back reads only that order again', async () => {
    const navigateTo = jest.spyOn(wx, 'navigateTo');
    const first = order('outpatientGreen', { orderId: 'o-a' });
    const second = order('quickConsult', { orderId: 'o-b' });
    const transport = world({
      'order.list': listOf([first, second]),
      'order.get': () =>
        ok({ order: { ...first, status: 'cancelled', quota: 'released', awaiting: null, dueAt: null } }),
    });
    const page = loadPage(ORDERS, { transport });
    await settle();

    await tap(page, '#order-o-a');
    expect(navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/member/pages/order/index?orderId=o-a' }));

    await invoke(page, 'onShow');
    await settle();
    expect(callsOf(transport, 'order.get')).toEqual([{ action: 'get', orderId: 'o-a' }]);
    expect(callsOf(transport, 'order.list')).toHaveLength(1);
    expect(rowText(page, 'o-a')).toContain('已取消');
    expect(rowText(page, 'o-a')).toContain('订单已取消，次数已退回');

    // shown again from the tab bar (a new order may exist): the list restarts
    await invoke(page, 'onShow');
    await settle();
    expect(callsOf(transport, 'order.list')).toHaveLength(2);
  });

  test('names come from content.benefits; without them a row still reads', async () => {
    const transport = world({
      'order.list': listOf([order('escort', { orderId: 'o-x' })]),
      'content.benefits': () => refused('INTERNAL', '服务暂时不可用'),
    });
    const page = loadPage(ORDERS, { transport });
    await settle();
    expect(rowText(page, 'o-x')).toContain('服务订单');
    expect(page.data['view']).toBe('list');
  });
});
