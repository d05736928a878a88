/**
 * @jest-environment jsdom
 *
 * Journeys on the workbench: the real staff and admin pages, their service layer bridged over
 * HTTP to a running local cloud seeded with the demo world (`node scripts/build.mjs` first:
 * dist/local/server.js), one role at a time, as the issue lists them:
 *  - the admin issues cards (and exports them);
 *  - the agent takes an outpatient order from the queue, books it, records the hospital's stop,
 *    books again, completes the visit and records the follow-up call;
 *  - the doctor takes a quick consult, answers in the conversation and ends it;
 *  - the escort manager books an escort and records a no-show;
 *  - the butler answers a thread and places an order on the member’s behalf;
 *  - and staff of another role are offered none of those steps.
 * The member's side (activation, the orders) goes straight to the functions.
 */
import type { Envelope, FunctionName, Order, OrderForms, Res, StaffOrder } from '../../typings/contract';
import type { CallData } from '../../miniprogram/services/transport';
import { DEMO } from '../../server/local/seed';
import { loadPage, settle, tap, textOf, type SimulatedPage } from './harness';
import { emit, idNumber } from './membership-kit';
import { useDemoCloud } from './journey-cloud';
import { nodeFetch } from './node-fetch';
import { answerDialog, fill, pickSheetRow, sheetRows, until } from './workbench-kit';

jest.setTimeout(120000);

const demo = useDemoCloud();
const { as } = demo;

const HOSPITAL = '复旦大学附属中山医院';
const MEMBER = 'journey-member';
const PERSON = { name: '林小雨', idNumber: idNumber('1985-06-15', 731), phone: '13912345678' };

afterEach(() => jest.restoreAllMocks());

async function answer<T>(openid: string, name: FunctionName, data: CallData): Promise<T> {
  const envelope = (await as(openid)(name, data)) as Envelope<T>;
  if (!envelope.ok) throw new Error(`${name}.${data.action}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.data;
}

/** The local cloud's clock (contract: POST /_dev/clock), written with +08:00. */
async function clock(now: string): Promise<void> {
  const res = await nodeFetch(`${demo.cloud.base}/_dev/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ now }),
  });
  expect(res.ok).toBe(true);
}

/** Opens a page as WeChat does (attached, then onLoad with the query) and waits for its answer. */
async function openPage(route: string, openid: string, query: Record<string, string> = {}): Promise<SimulatedPage> {
  const page = loadPage(route, { transport: as(openid) });
  const onLoad: unknown = Reflect.get(page.instance as object, 'onLoad');
  if (typeof onLoad === 'function') (onLoad as (q: Record<string, string>) => void).call(page.instance, query);
  await until(() => page.data['view'] !== 'loading', route);
  return page;
}

/** The url the page's last navigateTo asked for, parsed. */
function lastNavigation(spy: jest.SpyInstance): { route: string; query: Record<string, string> } {
  const url = (spy.mock.calls.at(-1)?.[0] as { url?: string } | undefined)?.url ?? '';
  const [path = '', search = ''] = url.replace(/^\//, '').split('?');
  const query: Record<string, string> = {};
  for (const pair of search.split('&').filter(Boolean)) {
    const [k = '', v = ''] = pair.split('=');
    query[k] = decodeURIComponent(v);
  }
  return { route: path, query };
}

function orderOf(page: SimulatedPage): StaffOrder {
  return page.data['order'] as StaffOrder;
}

/** Opens the step sheet, checks what it offers, picks `label` and waits until the page settles. */
async function step(page: SimulatedPage, offered: string[], label: string): Promise<void> {
  await tap(page, '#steps');
  await settle(400);
  expect(sheetRows(page, '#step-sheet')).toEqual(offered);
  await pickSheetRow(page, '#step-sheet', label);
}

/** Waits until the order on the page has moved to `status` (the page reads it again after a step). */
async function moved(page: SimulatedPage, status: Order['status'], awaiting: Order['awaiting']): Promise<void> {
  await until(
    () => !page.data['busy'] && orderOf(page).status === status && orderOf(page).awaiting === awaiting,
    `order → ${status}`,
  );
}

let cardId = '';
let outpatientId = '';
let consultId = '';
let escortId = '';

describe('journey: the workbench, one role at a time, against the local cloud', () => {
  test('the admin issues cards for a platform order and exports them', async () => {
    await clock('2026-05-10T10:00:00+08:00');
    Reflect.set(wx, 'env', { USER_DATA_PATH: 'wxfile://usr' });
    const writeFile = jest.fn((o: { success?: () => void }) => o.success?.());
    jest
      .spyOn(wx, 'getFileSystemManager')
      .mockReturnValue({ writeFile } as unknown as WechatMiniprogram.FileSystemManager);
    jest.spyOn(wx, 'shareFileMessage').mockImplementation((o) => {
      o.success?.({ errMsg: 'shareFileMessage:ok' });
      return undefined as never;
    });

    // the admin's workbench shows the admin tools
    const queue = await openPage('workbench/pages/queue/index', DEMO.admin);
    expect(textOf(queue)).toContain('发卡');

    const issue = loadPage('workbench/pages/issue/index', { transport: as(DEMO.admin) });
    await settle();
    await fill(issue, '#orderNo', 'JOURNEY-WB-001');
    await emit(issue, '#orderDate', 'change', { value: '2026-05-08' });
    await tap(issue, '#edition-premium');
    await fill(issue, '#count', '2');
    await tap(issue, '#submit');
    await until(() => issue.data['issued'] !== null && !issue.data['busy'], 'cards issued');
    const issued = issue.data['issued'] as { cards: { cardNo: string; code: string }[] };
    expect(issued.cards).toHaveLength(2);
    expect(textOf(issue)).toContain('已发放 2 张');
    await tap(issue, '#export');
    await until(() => writeFile.mock.calls.length > 0, 'the CSV written');
    const csv = (writeFile.mock.calls[0]?.[0] as unknown as { data: string }).data;
    for (const c of issued.cards) expect(csv).toContain(`\t${c.cardNo},${c.code}`);
    Reflect.deleteProperty(wx, 'env');

    // the same order number again answers the same cards
    const again = await answer<Res<'admin', 'issueCards'>>(DEMO.admin, 'admin', {
      action: 'issueCards',
      orderNo: 'JOURNEY-WB-001',
      orderDate: '2026-05-08',
      edition: 'premium',
      count: 2,
    });
    expect(again.cards).toEqual(issued.cards);

    // a member activates the first card and, after the waiting period, places three orders
    const first = issued.cards[0];
    if (!first) throw new Error('no card');
    const { card } = await answer<Res<'card', 'activate'>>(MEMBER, 'card', {
      action: 'activate',
      cardNo: first.cardNo,
      code: first.code,
      ...PERSON,
    });
    cardId = card.cardId;

    await clock('2026-06-01T10:00:00+08:00');
    const { dates } = await answer<Res<'content', 'outpatientDates'>>(MEMBER, 'content', { action: 'outpatientDates' });
    const { day } = await answer<Res<'content', 'escortEarliestDay'>>(MEMBER, 'content', {
      action: 'escortEarliestDay',
    });
    const place = async <B extends keyof OrderForms>(benefit: B, form: OrderForms[B]): Promise<string> =>
      (
        await answer<Res<'order', 'create'>>(MEMBER, 'order', {
          action: 'create',
          cardId,
          benefit,
          requestId: `journey-${benefit}-0001`,
          form,
        })
      ).order.orderId;
    outpatientId = await place('outpatientGreen', {
      hospital: HOSPITAL,
      department: '心血管内科',
      wantedDate: dates[0] ?? '',
    });
    consultId = await place('quickConsult', { description: '头痛三天，夜里加重', mode: 'text' });
    escortId = await place('escort', {
      hospital: HOSPITAL,
      department: '心血管内科',
      visitAt: `${day}T09:00:00+08:00`,
      purpose: '心内科复诊',
      registered: true,
      withRelative: false,
    });
  });

  test('the agent: accept, book, hospital stop, book again, complete, follow-up', async () => {
    const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation(() => undefined as never);
    jest.spyOn(wx, 'showToast').mockImplementation(() => undefined as never);

    const queue = await openPage('workbench/pages/queue/index', DEMO.staff.agent);
    await until(
      () =>
        queue.querySelector(`#order-${outpatientId}`) !== undefined &&
        queue.querySelector(`#order-${outpatientId}`) !== null,
      'the order in the queue',
    );
    expect(textOf(queue)).toContain('门诊绿通');
    await tap(queue, `#order-${outpatientId}`);
    const target = lastNavigation(navigateTo);
    expect(target).toEqual({ route: 'workbench/pages/order/index', query: { orderId: outpatientId } });

    const page = await openPage(target.route, DEMO.staff.agent, target.query);
    expect(textOf(page)).toContain('待办：电话确认预约信息');
    expect(textOf(page)).toContain('服务对象 林*雨 139****5678 拨打电话');

    // 拨打电话: the number comes from the function (and is audited there)
    const dial = jest.spyOn(wx, 'makePhoneCall').mockImplementation((o) => {
      o.success?.({ errMsg: 'makePhoneCall:ok' });
      return undefined as never;
    });
    await tap(page, '#call');
    await until(() => dial.mock.calls.length > 0, 'the dialer');
    expect(dial).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: PERSON.phone }));

    await clock('2026-06-01T10:30:00+08:00');
    await step(page, ['电话确认预约信息', '无法服务'], '电话确认预约信息');
    await answerDialog(page, '#confirm', 'confirm');
    await moved(page, 'accepted', 'book');

    await clock('2026-06-01T14:00:00+08:00');
    await step(page, ['预约成功', '无法服务'], '预约成功');
    await tap(page, '#period-0');
    await fill(page, '#address', '上海市徐汇区枫林路180号');
    await tap(page, '#submit');
    await moved(page, 'booked', 'complete');
    expect(textOf(page)).toContain('预约信息 就诊日期');

    await clock('2026-06-02T09:00:00+08:00');
    await step(page, ['医院停诊，重新预约', '登记爽约', '就诊完成'], '医院停诊，重新预约');
    await fill(page, '#reason', '专家临时停诊');
    await tap(page, '#submit');
    await moved(page, 'accepted', 'book');

    await clock('2026-06-02T11:00:00+08:00');
    await step(page, ['预约成功', '无法服务'], '预约成功');
    // a rebooking starts from the booking made before
    expect((page.data['book'] as { address: string }).address).toBe('上海市徐汇区枫林路180号');
    await tap(page, '#period-1');
    await tap(page, '#submit');
    await moved(page, 'booked', 'complete');

    await clock('2026-06-05T17:00:00+08:00');
    await step(page, ['医院停诊，重新预约', '登记爽约', '就诊完成'], '就诊完成');
    await fill(page, '#result-text', '已按时就诊');
    await tap(page, '#submit');
    await moved(page, 'completed', 'followUp');

    await clock('2026-06-06T10:00:00+08:00');
    await step(page, ['满意度回访'], '满意度回访');
    await emit(page, '#stars', 'change', 5);
    await fill(page, '#comment', '专员很耐心');
    await tap(page, '#submit');
    await moved(page, 'completed', null);
    expect(page.querySelector('#steps')).toBeFalsy();
    expect(textOf(page)).toContain('回访 5 星 · 专员很耐心');

    // what the member sees: one unit used, the stop recorded, the visit done
    const { order } = await answer<Res<'order', 'get'>>(MEMBER, 'order', { action: 'get', orderId: outpatientId });
    expect(order).toMatchObject({
      status: 'completed',
      quota: 'used',
      booking: { period: '下午' },
      followUp: { stars: 5 },
    });
    expect(order.timeline.map((t) => t.status)).toEqual([
      'submitted',
      'accepted',
      'booked',
      'accepted',
      'booked',
      'completed',
      'completed',
    ]);
  });

  test('staff of another role are offered none of it: a doctor cannot open the outpatient order, the agent not the consult', async () => {
    const doctorOnOutpatient = await openPage('workbench/pages/order/index', DEMO.staff.doctor, {
      orderId: outpatientId,
    });
    expect(doctorOnOutpatient.data['view']).toBe('error');
    expect(doctorOnOutpatient.querySelector('#steps')).toBeFalsy();

    const agentOnConsult = await openPage('workbench/pages/order/index', DEMO.staff.agent, { orderId: consultId });
    expect(agentOnConsult.data['view']).toBe('error');
    expect(textOf(agentOnConsult)).toContain('这个订单不由您的岗位处理');

    // the admin sees the order, and no step
    const admin = await openPage('workbench/pages/order/index', DEMO.admin, { orderId: escortId });
    expect(admin.data['view']).toBe('ready');
    expect(admin.querySelector('#steps')).toBeFalsy();
    expect(admin.querySelector('#call')).toBeFalsy();
    expect(textOf(admin)).toContain('当前没有需要您处理的步骤');
  });

  test('the doctor takes the quick consult, answers, and ends it', async () => {
    await clock('2026-06-01T10:01:00+08:00');
    const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation(() => undefined as never);
    jest.spyOn(wx, 'showToast').mockImplementation(() => undefined as never);

    const queue = await openPage('workbench/pages/queue/index', DEMO.staff.doctor);
    await until(() => Boolean(queue.querySelector(`#order-${consultId}`)), 'the consult in the queue');
    await tap(queue, `#order-${consultId}`);
    const page = await openPage('workbench/pages/order/index', DEMO.staff.doctor, lastNavigation(navigateTo).query);
    expect(textOf(page)).toContain('病情描述 头痛三天，夜里加重');

    await step(page, ['医生接诊', '无法服务'], '医生接诊');
    expect(textOf(page)).toContain('接诊后开始咨询计时，本次服务计为已使用');
    await answerDialog(page, '#confirm', 'confirm');
    await moved(page, 'in_service', 'complete');

    await tap(page, '#consult');
    const target = lastNavigation(navigateTo);
    expect(target).toEqual({ route: 'workbench/pages/consult/index', query: { orderId: consultId } });
    const consult = await openPage(target.route, DEMO.staff.doctor, target.query);
    expect(consult.data['view']).toBe('ready');
    expect(textOf(consult)).toContain('林*雨 三甲专科快速问诊 · 图文咨询');

    await clock('2026-06-01T10:05:00+08:00');
    await fill(consult, '#draft', '您好，请问有没有发烧？');
    await tap(consult, '#send');
    await until(
      () => (consult.data['messages'] as unknown[]).length === 1 && !consult.data['sending'],
      'the message sent',
    );
    expect(textOf(consult)).toContain('您好，请问有没有发烧？');

    // the member reads it on their side
    const read = await answer<Res<'order', 'messages'>>(MEMBER, 'order', { action: 'messages', orderId: consultId });
    expect(read.messages.map((m) => m.text)).toEqual(['您好，请问有没有发烧？']);

    await clock('2026-06-01T10:20:00+08:00');
    await tap(consult, '#end');
    await settle(400);
    await answerDialog(consult, '#end-dialog', 'confirm');
    await until(() => (consult.data['order'] as StaffOrder).status === 'completed', 'the consult ended');
    expect(consult.querySelector('#send')).toBeFalsy();
    expect(textOf(consult)).toContain('咨询已结束');
  });

  test('the escort manager books the escort and records a no-show', async () => {
    jest.spyOn(wx, 'showToast').mockImplementation(() => undefined as never);
    await clock('2026-06-01T11:00:00+08:00');
    const page = await openPage('workbench/pages/order/index', DEMO.staff.escortManager, { orderId: escortId });
    expect(textOf(page)).toContain('就医陪诊');

    await step(page, ['电话了解需求', '无法服务'], '电话了解需求');
    await answerDialog(page, '#confirm', 'confirm');
    await moved(page, 'accepted', 'book');

    await clock('2026-06-01T15:00:00+08:00');
    await step(page, ['陪诊已预约', '无法服务'], '陪诊已预约');
    await tap(page, '#period-0');
    await fill(page, '#address', '上海市徐汇区枫林路180号 门诊大厅');
    await tap(page, '#submit');
    await moved(page, 'booked', 'complete');

    const visitDay = orderOf(page).booking?.visitDate ?? '';
    await clock(`${visitDay}T12:00:00+08:00`);
    await step(page, ['医院停诊，终止服务', '登记爽约', '陪诊完成'], '登记爽约');
    expect(textOf(page)).toContain('订单将结束');
    await answerDialog(page, '#confirm', 'confirm');
    await moved(page, 'no_show', null);
    expect(page.querySelector('#steps')).toBeFalsy();

    const { order } = await answer<Res<'order', 'get'>>(MEMBER, 'order', { action: 'get', orderId: escortId });
    expect(order).toMatchObject({ status: 'no_show', quota: 'used' });
  });

  test('the butler answers the member’s thread and places an order on their behalf (R1.5)', async () => {
    await clock('2026-06-01T12:00:00+08:00');
    const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation(() => undefined as never);
    jest.spyOn(wx, 'showToast').mockImplementation(() => undefined as never);
    await answer(MEMBER, 'butler', { action: 'send', cardId, text: '想再约一次快速问诊，帮我下个单' });

    const threads = await openPage('workbench/pages/threads/index', DEMO.staff.butler);
    const mine = (threads.data['threads'] as { threadId: string; cardId: string }[]).find((t) => t.cardId === cardId);
    if (!mine) throw new Error('the member’s thread is not listed');
    expect(textOf(threads)).toContain('想再约一次快速问诊，帮我下个单');
    await tap(threads, `#thread-${mine.threadId}`);
    const thread = await openPage('workbench/pages/thread/index', DEMO.staff.butler, lastNavigation(navigateTo).query);
    await fill(thread, '#draft', '好的，我来为您下单');
    await tap(thread, '#send');
    await until(() => !thread.data['sending'] && (thread.data['messages'] as unknown[]).length === 2, 'the reply');

    await tap(thread, '#place-order');
    const target = lastNavigation(navigateTo);
    expect(target.route).toBe('workbench/pages/place-order/index');
    const place = await openPage(target.route, DEMO.staff.butler, target.query);
    await tap(place, '#benefit-quickConsult');
    await fill(place, '#description', '头痛复诊');
    await tap(place, '#submit');
    await until(() => lastNavigation(navigateTo).route === 'workbench/pages/order/index', 'the order placed');

    const placed = await openPage('workbench/pages/order/index', DEMO.staff.butler, lastNavigation(navigateTo).query);
    expect(textOf(placed)).toContain('代下单');
    expect(placed.querySelector('#steps')).toBeFalsy();
    const { orders } = await answer<Res<'order', 'list'>>(MEMBER, 'order', { action: 'list' });
    expect(orders[0]).toMatchObject({ benefit: 'quickConsult', placedBy: 'staff', form: { description: '头痛复诊' } });
  });
});
