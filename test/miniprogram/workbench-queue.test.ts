/**
 * @jest-environment jsdom
 *
 * 工作台 queue: tabs by the caller's roles (staff.me), each role's queue as staff.queue answers it
 * (overdue first, then soonest), SLA chips (green > 4 h, orange < 4 h, red < 1 h or overdue),
 * paging, pull-to-refresh, the butler's and admins' entries, and every state.
 */
import type { Envelope } from '../../typings/contract';
import { deferred, loadPage, settle, tap, textOf, type SimulatedPage } from './harness';
import { invoke } from './membership-kit';
import { answering, callsOf, fromNow, me, ok, queued, refused } from './workbench-kit';

const QUEUE = 'workbench/pages/queue/index';

afterEach(() => jest.restoreAllMocks());

function chips(page: SimulatedPage): { text: string; tone: string }[] {
  return page.querySelectorAll('.sla').map((n) => ({
    text: n.dom?.textContent?.trim() ?? '',
    tone: /sla--(\w+)/.exec(n.dom?.className ?? '')?.[1] ?? '',
  }));
}

describe('workbench queue', () => {
  test('loading, then the agent’s queue as answered: overdue first, chips by time left', async () => {
    const who = deferred<Envelope<unknown>>();
    const transport = answering({
      'staff.me': () => who.promise,
      'staff.queue': ok({
        orders: [
          queued({ orderId: 'o-late', overdue: true, dueAt: fromNow(-25), personName: '李*水' }),
          queued({ orderId: 'o-soon', dueAt: fromNow(45) }),
          queued({
            orderId: 'o-today',
            dueAt: fromNow(150),
            benefit: 'inpatientGreen',
            benefitName: '重疾绿通',
            awaitingLabel: '电话确认需求',
          }),
          queued({
            orderId: 'o-booked',
            dueAt: fromNow(60 * 30),
            status: 'booked',
            awaiting: 'complete',
            awaitingLabel: '就诊完成',
            booking: { visitDate: '2026-06-04', period: '下午', hospital: '北京协和医院', address: '帅府园1号' },
            placedBy: 'staff',
          }),
        ],
        nextCursor: null,
      }),
    });
    const page = loadPage(QUEUE, { transport });
    await settle();
    expect(page.data['view']).toBe('loading');
    expect(page.querySelector('.queue__loading')).toBeTruthy();

    who.resolve(me(['agent']));
    await settle(50);
    expect(page.data['view']).toBe('ready');
    expect(callsOf(transport, 'staff.queue')).toEqual([{ role: 'agent', limit: 20 }]);

    const text = textOf(page);
    expect(text).toContain('郑专员 绿通专员');
    expect(text).toContain('门诊绿通');
    expect(text).toContain('重疾绿通');
    expect(text).toContain('服务对象 李*水');
    expect(text).toContain('电话确认预约信息');
    expect(text).toContain('就诊 6月4日 下午 · 北京协和医院');
    expect(text).toContain('代下单');
    expect(text).toContain('没有更多了');
    // the order the function answered, not re-sorted
    expect(page.querySelectorAll('.queue-item__benefit').map((n) => n.dom?.textContent)).toEqual([
      '门诊绿通',
      '门诊绿通',
      '重疾绿通',
      '门诊绿通',
    ]);
    expect(text.indexOf('李*水')).toBeLessThan(text.indexOf('重疾绿通'));
    expect(chips(page)).toEqual([
      { text: '已超时 25 分钟', tone: 'red' },
      { text: '剩 45 分钟', tone: 'red' },
      { text: '剩 2 小时 30 分钟', tone: 'orange' },
      { text: '剩 1 天 6 小时', tone: 'green' },
    ]);
    expect(page.querySelector('#order-o-late')?.dom?.className).toContain('queue-item--overdue');
    // an agent is no butler or admin: no entries for them
    expect(page.querySelector('#tool-threads')).toBeFalsy();
    expect(page.querySelector('#tool-issue')).toBeFalsy();
  });

  test('an order without a deadline reads 无时限; an overdue by hours counts hours', async () => {
    const transport = answering({
      'staff.me': me(['doctor'], '陈明'),
      'staff.queue': ok({
        orders: [
          queued({
            orderId: 'a',
            overdue: true,
            dueAt: fromNow(-125),
            benefit: 'quickConsult',
            benefitName: '三甲专科快速问诊',
          }),
          queued({ orderId: 'b', dueAt: null, awaiting: null, awaitingLabel: null }),
        ],
        nextCursor: null,
      }),
    });
    const page = loadPage(QUEUE, { transport });
    await settle(50);
    expect(chips(page)).toEqual([
      { text: '已超时 2 小时 5 分钟', tone: 'red' },
      { text: '无时限', tone: 'none' },
    ]);
  });

  test('one tab per role with a queue; switching loads that role’s queue once', async () => {
    const transport = answering({
      'staff.me': me(['doctor', 'manager', 'agent'], '多岗位'),
      'staff.queue': (data) =>
        ok({
          orders: [queued({ orderId: `o-${String(data['role'])}`, benefitName: `队列 ${String(data['role'])}` })],
          nextCursor: null,
        }),
    });
    const page = loadPage(QUEUE, { transport });
    await settle(50);
    // the tabs' order is the page's: agent, escort manager, manager, doctor
    expect(page.data['tabs']).toEqual(['agent', 'manager', 'doctor']);
    expect(textOf(page)).toContain('绿通专员 健康管理师 医生');
    expect(callsOf(transport, 'staff.queue')).toEqual([{ role: 'agent', limit: 20 }]);

    await invoke(page, 'onTabChange', { detail: { index: 2 } });
    await settle(50);
    expect(callsOf(transport, 'staff.queue').map((c) => c['role'])).toEqual(['agent', 'doctor']);
    expect(textOf(page)).toContain('队列 doctor');

    await invoke(page, 'onTabChange', { detail: { index: 0 } });
    await settle(50);
    // already loaded: not asked again
    expect(callsOf(transport, 'staff.queue')).toHaveLength(2);
  });

  test('reaching the bottom loads the next page with the cursor; the last page says so', async () => {
    const transport = answering({
      'staff.me': me(['agent']),
      'staff.queue': (data) =>
        data['cursor'] === '20'
          ? ok({ orders: [queued({ orderId: 'o-21' })], nextCursor: null })
          : ok({ orders: [queued({ orderId: 'o-1' }), queued({ orderId: 'o-2' })], nextCursor: '20' }),
    });
    const page = loadPage(QUEUE, { transport });
    await settle(50);
    expect(textOf(page)).toContain('上拉加载更多');

    await invoke(page, 'onReachBottom');
    await settle(50);
    expect(callsOf(transport, 'staff.queue')).toEqual([
      { role: 'agent', limit: 20 },
      { role: 'agent', limit: 20, cursor: '20' },
    ]);
    expect(page.querySelectorAll('.queue-item')).toHaveLength(3);
    expect(textOf(page)).toContain('没有更多了');

    await invoke(page, 'onReachBottom');
    expect(callsOf(transport, 'staff.queue')).toHaveLength(2);
  });

  test('pull-to-refresh reloads the tab from the top and stops the spinner', async () => {
    let round = 0;
    const transport = answering({
      'staff.me': me(['agent']),
      'staff.queue': () => ok({ orders: [queued({ orderId: `o-round-${++round}` })], nextCursor: null }),
    });
    const stop = jest.spyOn(wx, 'stopPullDownRefresh');
    const page = loadPage(QUEUE, { transport });
    await settle(50);
    expect(page.querySelector('#order-o-round-1')).toBeTruthy();

    await invoke(page, 'onPullDownRefresh');
    await settle(50);
    expect(page.querySelector('#order-o-round-2')).toBeTruthy();
    expect(page.querySelector('#order-o-round-1')).toBeFalsy();
    expect(callsOf(transport, 'staff.queue').at(-1)).toEqual({ role: 'agent', limit: 20 });
    expect(stop).toHaveBeenCalled();
  });

  test('an empty queue says so, with a refresh', async () => {
    const transport = answering({
      'staff.me': me(['escortManager'], '钱主管'),
      'staff.queue': ok({ orders: [], nextCursor: null }),
    });
    const page = loadPage(QUEUE, { transport });
    await settle(50);
    expect(textOf(page)).toContain('暂无待办订单，新订单到达后会出现在这里');
    await tap(page, '#list-refresh');
    await settle(50);
    expect(callsOf(transport, 'staff.queue')).toHaveLength(2);
  });

  test('a queue that fails shows the function’s message and 重试', async () => {
    let fail = true;
    const transport = answering({
      'staff.me': me(['agent']),
      'staff.queue': () =>
        fail ? refused('INTERNAL', '服务繁忙，请稍后重试') : ok({ orders: [queued()], nextCursor: null }),
    });
    const page = loadPage(QUEUE, { transport });
    await settle(50);
    expect(textOf(page)).toContain('服务繁忙，请稍后重试');
    fail = false;
    await tap(page, '#list-retry');
    await settle(50);
    expect(page.querySelector('#order-o-1')).toBeTruthy();
  });

  test('staff.me failing is the page’s error, with 重试', async () => {
    let fail = true;
    const transport = answering({
      'staff.me': () => (fail ? refused('INTERNAL', '网络不太好，请稍后重试') : me(['agent'])),
      'staff.queue': ok({ orders: [], nextCursor: null }),
    });
    const page = loadPage(QUEUE, { transport });
    await settle(50);
    expect(page.data['view']).toBe('error');
    expect(textOf(page)).toContain('网络不太好，请稍后重试 重试');
    fail = false;
    await tap(page, '#retry');
    await settle(50);
    expect(page.data['view']).toBe('ready');
  });

  test('a caller without a staff role sees that the workbench is for staff, and goes back', async () => {
    const transport = answering({ 'staff.me': me([], '') });
    const switchTab = jest.spyOn(wx, 'switchTab').mockImplementation(() => undefined as never);
    const page = loadPage(QUEUE, { transport });
    await settle(50);
    expect(page.data['view']).toBe('notStaff');
    expect(textOf(page)).toContain('工作台仅供服务人员使用');
    expect(callsOf(transport, 'staff.queue')).toEqual([]);
    await tap(page, '#back');
    expect(switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/my/index' }));
  });

  test('tapping an order opens its detail in the workbench', async () => {
    const transport = answering({
      'staff.me': me(['agent']),
      'staff.queue': ok({ orders: [queued({ orderId: 'o-7' })], nextCursor: null }),
    });
    const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation(() => undefined as never);
    const page = loadPage(QUEUE, { transport });
    await settle(50);
    await tap(page, '#order-o-7');
    expect(navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/workbench/pages/order/index?orderId=o-7' }),
    );
  });

  test('the first tap of an order asks WeChat for the SLA warning, reports it, then opens the order', async () => {
    const steps: string[] = [];
    const transport = answering({
      'staff.me': me(['agent']),
      'staff.queue': ok({ orders: [queued({ orderId: 'o-7' }), queued({ orderId: 'o-8' })], nextCursor: null }),
      'notify.settings': ok({
        templates: [
          { name: 'orderAccepted', templateId: 'tmpl-accepted', title: '服务受理通知', audience: 'member' },
          { name: 'slaWarning', templateId: 'tmpl-sla', title: '工单超时预警', audience: 'staff' },
        ],
        consents: {},
      }),
      'notify.subscribe': ok({ consents: { slaWarning: 1 } }),
    });
    const panel = jest
      .spyOn(wx, 'requestSubscribeMessage')
      .mockImplementation((options: WechatMiniprogram.RequestSubscribeMessageOption) => {
        steps.push('panel');
        options.success?.({ errMsg: 'requestSubscribeMessage:ok', 'tmpl-sla': 'accept' });
      });
    const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation((options) => {
      steps.push(options.url);
      return undefined as never;
    });
    const page = loadPage(QUEUE, { transport });
    await settle(50);
    expect(callsOf(transport, 'notify.settings')).toHaveLength(1);

    await tap(page, '#order-o-7');
    await settle();
    expect(panel).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tmpl-sla'] }));
    expect(steps).toEqual(['panel', '/workbench/pages/order/index?orderId=o-7']);
    expect(callsOf(transport, 'notify.subscribe')).toEqual([{ results: { slaWarning: 'accept' } }]);

    // once per visit: the next tap opens the order at once
    await tap(page, '#order-o-8');
    await settle();
    expect(panel).toHaveBeenCalledTimes(1);
    expect(navigateTo).toHaveBeenLastCalledWith(
      expect.objectContaining({ url: '/workbench/pages/order/index?orderId=o-8' }),
    );
  });

  test('without a configured SLA template (or settings) the order opens and nothing is asked', async () => {
    const transport = answering({
      'staff.me': me(['agent']),
      'staff.queue': ok({ orders: [queued({ orderId: 'o-7' })], nextCursor: null }),
      'notify.settings': ok({
        templates: [{ name: 'slaWarning', templateId: '', title: '工单超时预警', audience: 'staff' }],
        consents: {},
      }),
    });
    const panel = jest.spyOn(wx, 'requestSubscribeMessage');
    const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation(() => undefined as never);
    const page = loadPage(QUEUE, { transport });
    await settle(50);
    await tap(page, '#order-o-7');
    await settle();
    expect(panel).not.toHaveBeenCalled();
    expect(navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/workbench/pages/order/index?orderId=o-7' }),
    );
  });

  test('the butler gets 会员会话; an admin gets the admin tools and no queue tab', async () => {
    const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation(() => undefined as never);
    const butler = loadPage(QUEUE, { transport: answering({ 'staff.me': me(['butler'], '周管家') }) });
    await settle(50);
    expect(textOf(butler)).toContain('会员会话');
    expect(butler.data['tabs']).toEqual([]);
    await tap(butler, '#tool-threads >>> .van-cell');
    expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/workbench/pages/threads/index' }));

    const transport = answering({ 'staff.me': me(['admin'], '演示管理员') });
    const admin = loadPage(QUEUE, { transport });
    await settle(50);
    const text = textOf(admin);
    for (const title of ['发卡', '人员与岗位', '目录管理', '节假日调整', '额度对账']) expect(text).toContain(title);
    expect(admin.querySelector('#tabs')).toBeFalsy();
    expect(callsOf(transport, 'staff.queue')).toEqual([]);
    await tap(admin, '#tool-issue >>> .van-cell');
    expect(navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/workbench/pages/issue/index' }));
  });

  test('coming back to the page reloads the tab quietly, keeping the list on screen', async () => {
    const answer = { value: ok({ orders: [queued({ orderId: 'o-a' })], nextCursor: null }) };
    const transport = answering({ 'staff.me': me(['agent']), 'staff.queue': () => answer.value });
    const page = loadPage(QUEUE, { transport });
    await settle(50);
    answer.value = ok({ orders: [queued({ orderId: 'o-b' })], nextCursor: null });
    await invoke(page, 'onShow');
    await settle(50);
    expect(page.querySelector('#order-o-b')).toBeTruthy();
    await invoke(page, 'onHide');
  });
});
