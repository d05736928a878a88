/**
 * @jest-environment jsdom
 *
 * Journey: a member orders 门诊绿通 through the real order form, sees it in 我的订单, the agent
 * (HTTP staff.act as demo-agent) accepts and books it, the member sees the booking on the order's
 * page, the agent completes it, and the member rates it 5 stars — the pages' service layer bridged
 * over HTTP to a running local cloud seeded with the demo world (`node scripts/build.mjs` first).
 *
 * A fresh premium card is issued (admin) and activated (real name) over HTTP for a new openid, and
 * the local clock is moved past its waiting period (R2.4) with POST /_dev/clock.
 */
import type { Card, Envelope, Order, Res } from '../../typings/contract';
import { httpTransport, type CallData, type Transport } from '../../miniprogram/services/transport';
import { DEMO } from '../../server/local/seed';
import { startLocalCloud, type LocalCloudProcess } from '../http/local-cloud';
import { loadPage, settle, tap, textOf, type SimulatedPage } from './harness';
import { idNumber } from './membership-kit';
import { nodeFetch } from './node-fetch';
import { classOf, textIn } from './order-fixtures';

jest.setTimeout(90000);

const ADMIN = 'test-admin';
const MEMBER = 'journey-order-holder';
const HOSPITAL = '复旦大学附属中山医院';
const ADDRESS = '上海市徐汇区枫林路180号';

let cloud: LocalCloudProcess;
let card: Card;

function as(openid: string): Transport {
  return httpTransport({ base: cloud.base, openid, fetch: nodeFetch });
}

async function answer<T>(openid: string, name: Parameters<Transport>[0], data: CallData): Promise<T> {
  const envelope = (await as(openid)(name, data)) as Envelope<T>;
  if (!envelope.ok) throw new Error(`${name}.${data.action}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.data;
}

async function setClock(now: string): Promise<void> {
  const res = await nodeFetch(`${cloud.base}/_dev/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ now }),
  });
  const envelope = (await res.json()) as Envelope<unknown>;
  if (!envelope.ok) throw new Error(`clock: ${envelope.error.message}`);
}

/** Shanghai's calendar day of `ms`. */
function shanghaiDay(ms: number): string {
  return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

/** Lets real HTTP round trips finish: polls until `done` holds. */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !done(); i++) await settle(25);
  await settle(25);
  if (!done()) throw new Error(`timed out waiting for ${what}`);
}

async function openPage(route: string, query: Record<string, string> | null): Promise<SimulatedPage> {
  const page = loadPage(route, { transport: as(MEMBER) });
  if (query) (page.instance as unknown as { onLoad(q: Record<string, string>): void }).onLoad(query);
  await until(() => page.data['view'] !== 'loading', `${route} to load`);
  return page;
}

async function pick(page: SimulatedPage, cell: string, label: string): Promise<void> {
  await tap(page, `#${cell} >>> .van-cell`);
  await settle(50);
  const options = page.querySelectorAll('.option');
  const index = options.findIndex((o) => (o.dom?.textContent ?? '').trim().startsWith(label));
  if (index < 0) throw new Error(`no option ${label}`);
  await tap(page, `#option-${index}`);
}

function enabledDays(page: SimulatedPage): string[] {
  const days: string[] = [];
  for (const month of page.querySelectorAll('#calendar >>> .van-calendar__month')) {
    const start = new Date(Number(month.dom?.parentElement?.getAttribute('data-date')));
    const ym = `${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, '0')}`;
    const cells = Array.from(month.dom?.querySelectorAll('wx-view') ?? []).filter((el) =>
      /(^|\s)\S*van-calendar__day(\s|$)/.test(el.className),
    );
    for (const cell of cells) {
      const n = /^\d+/.exec(cell.textContent?.trim() ?? '')?.[0];
      if (n && !cell.className.includes('van-calendar__day--disabled')) days.push(`${ym}-${n.padStart(2, '0')}`);
    }
  }
  return days;
}

async function act(data: Record<string, unknown>): Promise<Order> {
  return (await answer<{ order: Order }>(DEMO.staff.agent, 'staff', { action: 'act', ...data })).order;
}

beforeAll(async () => {
  cloud = await startLocalCloud({ seed: 'demo', admins: [ADMIN] });
  // a fresh premium card, issued today and activated now by a new member
  const today = shanghaiDay(Date.now());
  const { cards } = await answer<Res<'admin', 'issueCards'>>(ADMIN, 'admin', {
    action: 'issueCards',
    orderNo: `JOURNEY-ORDER-${Date.now()}`,
    orderDate: today,
    edition: 'premium',
  });
  const issued = cards[0];
  if (!issued) throw new Error('no card issued');
  const activated = await answer<Res<'card', 'activate'>>(MEMBER, 'card', {
    action: 'activate',
    cardNo: issued.cardNo,
    code: issued.code,
    name: '赵明远',
    idNumber: idNumber('1984-09-12', 917, '330106'),
    phone: '13700009917',
  });
  card = activated.card;
  expect(card.status).toBe('waiting');
  // past the waiting period (R2.4): 10:00 on the day the bookable benefits open
  const opens = card.waitingUntil?.slice(0, 10) ?? '';
  await setClock(`${opens}T10:00:00+08:00`);
});

afterAll(async () => {
  await cloud?.stop();
});

afterEach(() => jest.restoreAllMocks());

describe('journey: 门诊绿通 from the form to five stars', () => {
  let orderId = '';
  let wantedDate = '';

  test('the member orders through the form page; the calendar offers content.outpatientDates', async () => {
    const redirectTo = jest.spyOn(wx, 'redirectTo');
    const { dates } = await answer<Res<'content', 'outpatientDates'>>(MEMBER, 'content', { action: 'outpatientDates' });
    expect(dates.length).toBeGreaterThan(0);

    const form = await openPage('member/pages/order-form/index', { benefit: 'outpatientGreen', cardId: card.cardId });
    expect(form.data['view']).toBe('form');
    expect(textIn(form, '#person-' + (card.members[0]?.memberId ?? ''))).toContain('持卡人 · 本人');

    await pick(form, 'hospital', HOSPITAL);
    await pick(form, 'department', '心血管内科');
    await tap(form, '#wantedDate >>> .van-cell');
    await settle(400);
    expect(enabledDays(form)).toEqual(dates);
    wantedDate = dates[0] ?? '';
    const [y = 0, m = 1, d = 1] = wantedDate.split('-').map(Number);
    form.querySelector('#calendar')?.dispatchEvent('confirm', { detail: new Date(y, m - 1, d) });
    await settle(50);

    await tap(form, '#submit');
    await until(() => redirectTo.mock.calls.length > 0 || Boolean(form.data['submitError']), 'the order to be placed');
    expect(form.data['submitError']).toBe('');
    const url = (redirectTo.mock.calls[0]?.[0] as { url: string }).url;
    expect(url).toMatch(/^\/member\/pages\/order\/index\?orderId=/);
    orderId = decodeURIComponent(url.split('orderId=')[1] ?? '');

    const { order } = await answer<{ order: Order }>(MEMBER, 'order', { action: 'get', orderId });
    expect(order).toMatchObject({
      benefit: 'outpatientGreen',
      status: 'submitted',
      quota: 'held',
      form: { hospital: HOSPITAL, department: '心血管内科', wantedDate },
    });
  });

  test('it is the first row of 我的订单, with the step awaited and its deadline', async () => {
    const { order } = await answer<{ order: Order }>(MEMBER, 'order', { action: 'get', orderId });
    const orders = await openPage('pages/orders/index', null);
    expect(orders.data['view']).toBe('list');
    const row = textIn(orders, `#order-${orderId}`);
    expect(row).toContain('门诊绿通 已提交 服务对象');
    expect(row).toMatch(/客服将于 \d{1,2}月\d{1,2}日 21:00 前联系您/);
    expect(order.dueAt).toMatch(/T21:00:00\+08:00$/);
    const first = (orders.data['orders'] as { orderId: string }[])[0];
    expect(first?.orderId).toBe(orderId);
  });

  test('the agent accepts and books; the member sees the booking on the order page', async () => {
    await act({ orderId, step: 'accept' });
    const booked = await act({
      orderId,
      step: 'book',
      visitDate: wantedDate,
      period: '上午',
      hospital: HOSPITAL,
      address: ADDRESS,
    });
    expect(booked.status).toBe('booked');

    const detail = await openPage('member/pages/order/index', { orderId });
    expect(detail.data['view']).toBe('ready');
    expect(classOf(detail, '#status')).toContain('status--primary');
    expect(textIn(detail, '#status')).toContain('已预约');
    const [y, m, d] = wantedDate.split('-').map(Number);
    expect(textIn(detail, '#booking')).toContain(`就诊日期 ${y}年${m}月${d}日 上午 医院 ${HOSPITAL} 地址 ${ADDRESS}`);
    expect(textIn(detail, '#timeline')).toContain('预约成功');
    // after booking the cancel dialog states the rule's consequence (R3.3)
    await tap(detail, '#cancel');
    await settle(400);
    expect(textIn(detail, '#cancel-dialog >>> .van-dialog__message')).toBe(
      '已预约成功，取消将视同使用一次，确定取消吗？',
    );
  });

  test('the agent completes; the member rates it 5 stars', async () => {
    await act({ orderId, step: 'complete' });
    const detail = await openPage('member/pages/order/index', { orderId });
    expect(textIn(detail, '#status')).toContain('已完成');
    expect(classOf(detail, '#status')).toContain('status--success');
    expect(detail.querySelector('#rate')).toBeTruthy();

    detail.querySelector('#stars')?.dispatchEvent('change', { detail: 5 });
    await settle();
    await tap(detail, '#rate-submit');
    await until(
      () => detail.querySelector('#rated') !== undefined && detail.querySelector('#rated') !== null,
      'the rating',
    );
    expect(textIn(detail, '#rated')).toContain('您的评价 5 星');
    expect(textOf(detail)).not.toContain('为本次服务评分');

    const { order } = await answer<{ order: Order }>(MEMBER, 'order', { action: 'get', orderId });
    expect(order.status).toBe('completed');
    expect(order.rating?.stars).toBe(5);
  });
});
