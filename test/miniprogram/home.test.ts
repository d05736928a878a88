/**
 * @jest-environment jsdom
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Card, Envelope, FunctionName, Order } from '../../typings/contract';
import { deferred, fakeTransport, loadPage, settle, tap, textOf, type SimulatedPage } from './harness';
import { ZHANG_SAN, benefit, card as baseCard } from './order-fixtures';

const HOME = 'pages/home/index';

// Activated 2026-03-10: open from 03-20 (R2.4), valid through 2027-03-09 (R2.5).
const activePremium: Card = baseCard({
  ...ZHANG_SAN,
  benefits: [
    benefit('butler', null),
    benefit('outpatientGreen', 8, true, { used: 2 }),
    benefit('inpatientGreen', 4, false, { used: 4 }),
    benefit('quickConsult', 48, true, { used: 3, held: 1 }),
    benefit('escort', 1),
  ],
});

const waitingPro: Card = baseCard({
  cardId: 'c-pro',
  cardNo: '8800202600025678',
  edition: 'pro',
  status: 'waiting',
  activationDeadline: '2026-05-01T00:00:00+08:00',
  members: [{ memberId: 'm-3', role: 'holder', name: '王*五', self: true }],
  benefits: [
    benefit('butler', null),
    benefit('outpatientGreen', 2, false, { shared: false }),
    benefit('escort', 1, false),
  ],
});

const bookedOrder: Order = {
  orderId: 'o-1',
  cardId: 'c-premium',
  benefit: 'outpatientGreen',
  personId: 'm-2',
  placedBy: 'member',
  status: 'booked',
  quota: 'used',
  dueAt: null,
  timeline: [],
  form: { hospital: '复旦大学附属中山医院', department: '心血管内科', wantedDate: '2026-06-05' },
  awaiting: 'complete',
  personName: '李*',
  booking: { visitDate: '2026-06-05', period: '下午', hospital: '复旦大学附属中山医院', address: '枫林路180号' },
  createdAt: '2026-06-01T10:00:00+08:00',
};

const { booking: _booking, ...unbooked } = bookedOrder;
const submittedOrder: Order = {
  ...unbooked,
  orderId: 'o-2',
  status: 'submitted',
  quota: 'held',
  dueAt: '2026-06-02T21:00:00+08:00',
  awaiting: 'accept',
  personName: '张*三',
};

const answered = (cards: Card[]): Envelope<unknown> => ({ ok: true, data: { cards } });
const ordersAnswer = (orders: Order[]): Envelope<unknown> => ({ ok: true, data: { orders, nextCursor: null } });

/** card.mine answers `cards`, order.list answers `orders`. */
function world(cards: Card[], orders: Order[] = []) {
  return (name: FunctionName): Envelope<unknown> => (name === 'card' ? answered(cards) : ordersAnswer(orders));
}

/** The text of every element `selector` finds, inside components too, pieces joined as textOf does. */
function textsOf(page: SimulatedPage, selector: string): string[] {
  return page.querySelectorAll(`.home >>> ${selector}`).map((node) => spaced(node.dom));
}

function spaced(dom: Node | undefined): string {
  const pieces: string[] = [];
  const walker = document.createTreeWalker(dom ?? document.createElement('div'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const text = node.textContent?.trim();
    if (text) pieces.push(text);
  }
  return pieces.join(' ').replace(/\s+/g, ' ');
}

async function swipeTo(page: SimulatedPage, current: number): Promise<void> {
  page.querySelector('#cards')?.dispatchEvent('change', { detail: { current, source: 'touch' } });
  await settle();
}

afterEach(() => jest.restoreAllMocks());

describe('home page', () => {
  test('shows the loading state, then the card face, benefit grid and shared pools, as answered', async () => {
    const answer = deferred<Envelope<unknown>>();
    const transport = fakeTransport((name) => (name === 'card' ? answer.promise : ordersAnswer([])));
    const page = loadPage(HOME, { transport });
    await settle();

    expect(transport.calls).toEqual([
      ['card', { action: 'mine' }],
      ['order', { action: 'list', limit: 1 }],
    ]);
    expect(page.data['view']).toBe('loading');
    expect(page.querySelector('.home__loading')).toBeTruthy();
    expect(textOf(page)).not.toContain('太医蓝卡');

    answer.resolve(answered([activePremium]));
    await settle();

    const text = textOf(page);
    expect(page.querySelector('.home__loading')).toBeFalsy();
    expect(page.querySelectorAll('.home >>> .card-face')).toHaveLength(1);
    expect(page.querySelector('#cards')).toBeFalsy(); // one card: no swiper
    expect(text).toContain('太医蓝卡 尊享版');
    expect(text).toContain('**** 1234');
    expect(text).not.toContain('8800202600011234');
    expect(text).toContain('持卡人 张*三');
    expect(text).toContain('生效中');
    expect(text).toContain('有效期至 2027年3月9日');
    // the grid: name, then what remains
    expect(text).toContain('门诊绿通 剩6次');
    expect(text).toContain('健康管家 不限');
    expect(text).toContain('重疾绿通 已用完');
    expect(text).toContain('三甲专科快速问诊 剩44次');
    // 家庭共享额度: one bar per shared pool, with the people who share it
    expect(text).toContain('家庭共享额度 2 人共用 张*三 李*');
    expect(textsOf(page, '.pool-bar__head')).toEqual([
      '门诊绿通 2/8 已用',
      '重疾绿通 4/4 已用',
      '三甲专科快速问诊 3/48 已用',
    ]);
    expect(text).toContain('处理中 1 次');
    // no order yet: no order block; the butler is at hand
    expect(text).not.toContain('最近订单');
    expect(spaced(page.querySelector('#butler')?.dom)).toBe('健康管家');
    // simulate drops aria-* attributes, so the label is checked in the template
    expect(fs.readFileSync(path.join(__dirname, '../../miniprogram/pages/home/index.wxml'), 'utf8')).toMatch(
      /id="butler"[^>]*aria-label="健康管家"/,
    );
  });

  test('several cards: a swiper of card faces; the grid and pools follow the card on show', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-03-15T23:30:00+08:00'));
    const page = loadPage(HOME, { transport: fakeTransport(world([activePremium, waitingPro])) });
    await settle();

    expect(page.querySelector('#cards')).toBeTruthy();
    expect(textsOf(page, '.card-face__no')).toEqual(['**** 1234', '**** 5678']);
    expect(textOf(page)).toContain('门诊绿通 剩6次');
    expect(textOf(page)).toContain('家庭共享额度');
    expect(page.querySelector('#opens')).toBeFalsy();

    await swipeTo(page, 1);

    const text = textOf(page);
    expect(page.data['current']).toBe(1);
    expect(text).toContain('专业版');
    expect(text).toContain('等待期');
    expect(text).toContain('3月20日起可预约');
    expect(text).toContain('门诊绿通 未开通');
    expect(text).toContain('就医陪诊 未开通');
    expect(text).not.toContain('门诊绿通 剩6次');
    // pro has no family: no shared pools (R1.2)
    expect(text).not.toContain('家庭共享额度');
    // the waiting period's end, counted in Shanghai days from today (15 March, late evening)
    expect(page.querySelector('#opens')?.dom?.textContent?.trim()).toBe(
      '等待期中，预约类服务 5 天后开放（3月20日起可预约）',
    );
  });

  test('the opening day itself reads 今天开放', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-03-20T00:10:00+08:00'));
    const page = loadPage(HOME, { transport: fakeTransport(world([waitingPro])) });
    await settle();

    expect(page.querySelector('#opens')?.dom?.textContent).toContain('今天开放');
  });

  test('shows the chip for each status, in its colour', async () => {
    const cards: Card[] = [
      activePremium,
      waitingPro,
      { ...activePremium, cardId: 'x', status: 'expired' },
      { ...waitingPro, cardId: 'y', status: 'inactive' },
    ];
    const page = loadPage(HOME, { transport: fakeTransport(world(cards)) });
    await settle();

    const chips = page.querySelectorAll('.home >>> .card-face__head >>> .van-tag');
    expect(chips.map((chip) => chip.dom?.textContent?.trim())).toEqual(['生效中', '等待期', '已过期', '待激活']);
    expect(chips[0]?.dom?.className).toContain('van-tag--success');
    expect(chips[1]?.dom?.className).toContain('van-tag--warning');
    expect(chips[2]?.dom?.className).toContain('van-tag--default');
    expect(chips[3]?.dom?.className).toContain('van-tag--default');
  });

  test('reads the end of a period either way the functions write it', async () => {
    const cards: Card[] = [
      // last moment inside, and a month boundary
      { ...activePremium, cardId: 'a', expiresAt: '2028-02-29T23:59:59+08:00' },
      { ...activePremium, cardId: 'b', expiresAt: '2027-03-01T00:00:00+08:00' },
      { ...waitingPro, cardId: 'c', waitingUntil: '2026-12-31T23:59:59+08:00' },
      { ...activePremium, cardId: 'd', status: 'expired', expiresAt: '2027-01-01T00:00:00+08:00' },
      {
        ...waitingPro,
        cardId: 'e',
        role: 'member',
        status: 'inactive',
        activationDeadline: '2026-04-06T00:00:00+08:00',
      },
    ];
    const page = loadPage(HOME, { transport: fakeTransport(world(cards)) });
    await settle();

    expect(textsOf(page, '.card-face__date')).toEqual([
      '有效期至 2028年2月29日',
      '有效期至 2027年2月28日',
      '1月1日起可预约',
      '已于 2026年12月31日到期',
      '请于 2026年4月5日前激活',
    ]);
    expect(textOf(page)).toContain('已过期');
    expect(textOf(page)).toContain('待激活');
    expect(textOf(page)).toContain('家庭成员');
  });

  test('the gold mark is on premium cards only', async () => {
    const page = loadPage(HOME, { transport: fakeTransport(world([activePremium, waitingPro])) });
    await settle();

    const faces = page.querySelectorAll('.home >>> .card-face');
    expect(faces[0]?.dom?.className).toContain('card-face--premium');
    expect(faces[1]?.dom?.className).toContain('card-face--pro');
    expect(page.querySelectorAll('.home >>> .card-face__mark')).toHaveLength(1);
  });

  test('a family member reads 仅限持卡人 on a holder-only benefit', async () => {
    const asMember: Card = {
      ...activePremium,
      role: 'member',
      members: activePremium.members.map((m) => ({ ...m, self: m.role === 'member' })),
      benefits: activePremium.benefits.map((b) => (b.key === 'escort' ? { ...b, open: false } : b)),
    };
    const page = loadPage(HOME, { transport: fakeTransport(world([asMember])) });
    await settle();

    expect(textOf(page)).toContain('就医陪诊 仅限持卡人');
    expect(textOf(page)).toContain('家庭成员');
  });

  test('a benefit tile opens its detail; a pool opens the ledger', async () => {
    const navigateTo = jest.spyOn(wx, 'navigateTo');
    const page = loadPage(HOME, { transport: fakeTransport(world([activePremium])) });
    await settle();

    await tap(page, '.home >>> #benefit-outpatientGreen');
    expect(navigateTo).toHaveBeenLastCalledWith(
      expect.objectContaining({ url: '/member/pages/benefit/index?key=outpatientGreen&cardId=c-premium' }),
    );

    await tap(page, '.home >>> .pool-bar');
    expect(navigateTo).toHaveBeenLastCalledWith(
      expect.objectContaining({ url: '/member/pages/ledger/index?cardId=c-premium' }),
    );
  });

  test('the latest order shows as a status card; it opens the order, 全部订单 the orders tab', async () => {
    const navigateTo = jest.spyOn(wx, 'navigateTo');
    const switchTab = jest.spyOn(wx, 'switchTab');
    const page = loadPage(HOME, { transport: fakeTransport(world([activePremium], [bookedOrder])) });
    await settle();

    const card = spaced(page.querySelector('#latest-order')?.dom);
    expect(textOf(page)).toContain('最近订单 全部订单');
    expect(card).toContain('门诊绿通');
    expect(card).toContain('已预约');
    expect(card).toContain('服务对象 李* · 提交于 6月1日 10:00');
    expect(card).toContain('就诊 6月5日 下午 · 复旦大学附属中山医院');

    await tap(page, '#latest-order');
    expect(navigateTo).toHaveBeenLastCalledWith(
      expect.objectContaining({ url: '/member/pages/order/index?orderId=o-1' }),
    );
    await tap(page, '#all-orders');
    expect(switchTab).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/orders/index' }));
  });

  test('an order awaiting staff shows its deadline', async () => {
    const page = loadPage(HOME, { transport: fakeTransport(world([activePremium], [submittedOrder])) });
    await settle();

    const card = spaced(page.querySelector('#latest-order')?.dom);
    expect(card).toContain('已提交');
    expect(card).toContain('预计 6月2日 21:00 前处理');
  });

  test('a consult in service shows when its session ends', async () => {
    const inService: Order = { ...submittedOrder, status: 'in_service', dueAt: '2026-06-01T12:00:00+08:00' };
    const page = loadPage(HOME, { transport: fakeTransport(world([activePremium], [inService])) });
    await settle();

    const card = spaced(page.querySelector('#latest-order')?.dom);
    expect(card).toContain('服务中');
    expect(card).toContain('预计 6月1日 12:00 结束');
  });

  test('the status chip has the order pages’ colours (wxs/order.wxs): completed green', async () => {
    const cases: [Order['status'], string, string][] = [
      ['completed', '已完成', 'van-tag--success'],
      ['booked', '已预约', 'van-tag--primary'],
      ['cancelled', '已取消', 'van-tag--default'],
      ['failed', '未能完成', 'van-tag--danger'],
    ];
    for (const [status, text, type] of cases) {
      const order: Order = { ...submittedOrder, status, dueAt: null };
      const page = loadPage(HOME, { transport: fakeTransport(world([activePremium], [order])) });
      await settle();
      const tag = page.querySelectorAll('.home >>> .van-tag').find((t) => (t.dom?.textContent ?? '').trim() === text);
      expect({ status, className: tag?.dom?.className ?? '' }).toEqual({
        status,
        className: expect.stringContaining(type),
      });
    }
  });

  test('a failed order list keeps the cards, says why, and 重试 loads the order again', async () => {
    let fail = true;
    const transport = fakeTransport((name) => {
      if (name === 'card') return answered([activePremium]);
      return fail
        ? { ok: false, error: { code: 'RATE_LIMITED', message: '操作太频繁，请稍后再试' } }
        : ordersAnswer([bookedOrder]);
    });
    const page = loadPage(HOME, { transport });
    await settle();

    expect(page.data['view']).toBe('cards');
    expect(textOf(page)).toContain('门诊绿通 剩6次');
    expect(textOf(page)).toContain('最近订单没有加载出来：操作太频繁，请稍后再试');

    fail = false;
    await tap(page, '#order-retry');
    expect(transport.calls.at(-1)).toEqual(['order', { action: 'list', limit: 1 }]);
    expect(textOf(page)).toContain('最近订单 全部订单');
    expect(textOf(page)).not.toContain('没有加载出来');
  });

  test('the 健康管家 button opens the butler’s consult for the card on show', async () => {
    const navigateTo = jest.spyOn(wx, 'navigateTo');
    const page = loadPage(HOME, { transport: fakeTransport(world([activePremium, waitingPro])) });
    await settle();
    await swipeTo(page, 1);

    await tap(page, '#butler');
    expect(navigateTo).toHaveBeenLastCalledWith(
      expect.objectContaining({ url: '/member/pages/consult/index?benefit=butler&cardId=c-pro' }),
    );
  });

  test('大字模式 puts the elder class on the page root', async () => {
    jest.spyOn(wx, 'getStorageSync').mockImplementation((key: string) => key === 'bluecard.elderMode');
    const page = loadPage(HOME, { transport: fakeTransport(world([activePremium])) });
    await settle();

    expect(page.querySelector('.home')?.dom?.className).toContain('elder');
  });

  test('coming back refreshes in place, on the same card; a failed refresh keeps the cards and says why', async () => {
    const showToast = jest.spyOn(wx, 'showToast');
    let cards: Envelope<unknown> = answered([activePremium, waitingPro]);
    const transport = fakeTransport((name) => (name === 'card' ? cards : ordersAnswer([])));
    const page = loadPage(HOME, { transport });
    await settle();
    await swipeTo(page, 1);
    const pageMethods = page.instance as unknown as { onShow(): void };

    cards = answered([activePremium, { ...waitingPro, status: 'active' }]);
    pageMethods.onShow();
    expect(page.data['view']).toBe('cards'); // no loading flash while refreshing
    await settle();
    expect(page.data['current']).toBe(1);
    expect(textsOf(page, '.card-face__head >>> .van-tag')).toEqual(['生效中', '生效中']);
    expect(textOf(page)).toContain('门诊绿通 未开通'); // still the pro card's grid

    cards = { ok: false, error: { code: 'RATE_LIMITED', message: '操作太频繁，请稍后再试' } };
    pageMethods.onShow();
    await settle();
    expect(page.data['view']).toBe('cards');
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '操作太频繁，请稍后再试' }));
    expect(transport.calls.filter(([name]) => name === 'card')).toHaveLength(3);
  });

  test('pull-down refreshes and then stops the spinner', async () => {
    const stop = jest.spyOn(wx, 'stopPullDownRefresh');
    const transport = fakeTransport(world([activePremium]));
    const page = loadPage(HOME, { transport });
    await settle();

    (page.instance as unknown as { onPullDownRefresh(): void }).onPullDownRefresh();
    await settle();
    expect(transport.calls.filter(([name]) => name === 'card')).toHaveLength(2);
    expect(stop).toHaveBeenCalled();
  });

  test('without a card, invites the member to activate one', async () => {
    const navigateTo = jest.spyOn(wx, 'navigateTo');
    const page = loadPage(HOME, { transport: fakeTransport(world([])) });
    await settle();

    expect(page.data['view']).toBe('empty');
    expect(textOf(page)).toContain('您还没有激活的太医蓝卡');
    expect(page.querySelector('#butler')).toBeFalsy();

    await tap(page, '#activate');
    expect(navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/activate/index' }));
  });

  test('says so when the activation page is not there yet', async () => {
    jest.spyOn(wx, 'navigateTo').mockImplementation((options) => {
      options.fail?.({ errMsg: 'navigateTo:fail page "pages/activate/index" is not found' });
    });
    const showToast = jest.spyOn(wx, 'showToast');
    const page = loadPage(HOME, { transport: fakeTransport(world([])) });
    await settle();

    await tap(page, '#activate');
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '激活功能即将开放' }));
  });

  test('shows the function’s message as it came, and 重试 loads again', async () => {
    let calls = 0;
    const transport = fakeTransport((name) => {
      if (name !== 'card') return ordersAnswer([]);
      calls += 1;
      return calls === 1
        ? { ok: false, error: { code: 'RATE_LIMITED', message: '操作太频繁，请稍后再试' } }
        : answered([activePremium]);
    });
    const page = loadPage(HOME, { transport });
    await settle();

    expect(page.data['view']).toBe('error');
    expect(textOf(page)).toContain('操作太频繁，请稍后再试');
    expect(textOf(page)).toContain('重试');

    await tap(page, '#retry');

    expect(calls).toBe(2);
    expect(page.data['view']).toBe('cards');
    expect(textOf(page)).toContain('有效期至 2027年3月9日');
    expect(textOf(page)).not.toContain('操作太频繁');
  });

  test('a call that never got through reads as a network problem', async () => {
    const page = loadPage(HOME, {
      transport: fakeTransport(() => Promise.reject(new Error('request:fail timeout'))),
    });
    await settle();

    expect(textOf(page)).toContain('网络不太好，请稍后重试');
    expect(textOf(page)).not.toContain('timeout');
  });
});
