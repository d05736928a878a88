/**
 * @jest-environment jsdom
 */
import type { Card, Envelope, StaffRole } from '../../typings/contract';
import {
  TEMPLATE_IDS,
  storedChoices,
  subscribe,
  unsubscribe,
  wechatSettings,
} from '../../miniprogram/adapters/subscribe';
import type { CallData } from '../../miniprogram/services/transport';
import { deferred, fakeTransport, loadPage, settle, tap, textOf, type SimulatedPage } from './harness';

const MY = 'pages/my/index';

function card(over: Partial<Card> = {}): Card {
  return {
    cardId: 'c-premium',
    cardNo: '8860202600011234',
    edition: 'premium',
    role: 'holder',
    status: 'active',
    activationDeadline: '2026-04-05T23:59:59+08:00',
    activatedAt: '2026-03-10T10:00:00+08:00',
    waitingUntil: '2026-03-20T00:00:00+08:00',
    expiresAt: '2027-03-10T00:00:00+08:00',
    familySlots: 0,
    members: [
      { memberId: 'm-1', role: 'holder', name: '张*丰', self: true },
      { memberId: 'm-2', role: 'member', name: '李*水', self: false },
    ],
    benefits: [],
    ...over,
  };
}

const ok = (data: unknown): Envelope<unknown> => ({ ok: true, data });
const refused = (message: string): Envelope<unknown> => ({ ok: false, error: { code: 'RATE_LIMITED', message } });

/** Answers card.mine with `cards` (or a refusal) and staff.me with `roles`. */
function world(cards: Card[] | Envelope<unknown>, roles: StaffRole[] = []) {
  return fakeTransport((name: string, data: CallData) => {
    if (name === 'staff' && data.action === 'me') return ok({ name: roles.length ? '周管家' : '', roles });
    if (name === 'card' && data.action === 'mine') return Array.isArray(cards) ? ok({ cards }) : cards;
    return refused(`unexpected ${name}.${data.action}`);
  });
}

/** A cell is tapped on its inner .van-cell, as a finger would. */
async function tapCell(page: SimulatedPage, id: string): Promise<void> {
  const cell = page.querySelector(`#${id} >>> .van-cell`);
  if (!cell) throw new Error(`no cell #${id}`);
  cell.dispatchEvent('tap');
  await settle();
}

async function tapSwitch(page: SimulatedPage, id: string): Promise<void> {
  const node = page.querySelector(`#${id} >>> .van-switch`);
  if (!node) throw new Error(`no switch #${id}`);
  node.dispatchEvent('tap');
  await settle();
}

/** wx storage as a Map: simulate's own storage keeps nothing. */
function fakeStorage(initial: Record<string, unknown> = {}) {
  const stored = new Map<string, unknown>(Object.entries(initial));
  const get = jest.spyOn(wx, 'getStorageSync').mockImplementation((key: string) => stored.get(key) ?? '');
  const set = jest.spyOn(wx, 'setStorageSync').mockImplementation((key: string, value: unknown) => {
    stored.set(key, value);
  });
  return { stored, restore: () => (get.mockRestore(), set.mockRestore()) };
}

/** WeChat's settings as getSetting answers them (simulate's own default has every message off). */
function stubSetting(subscriptionsSetting: WechatMiniprogram.SubscriptionsSetting) {
  return jest.spyOn(wx, 'getSetting').mockImplementation((options?: WechatMiniprogram.GetSettingOption) => {
    options?.success?.({ authSetting: {}, subscriptionsSetting, errMsg: 'getSetting:ok' });
  });
}

function rootClass(page: SimulatedPage): string {
  return page.querySelector('.my')?.dom?.className ?? '';
}

let storage: ReturnType<typeof fakeStorage>;
let navigateTo: jest.SpyInstance;
beforeEach(() => {
  storage = fakeStorage();
  navigateTo = jest.spyOn(wx, 'navigateTo');
});
afterEach(() => {
  storage.restore();
  navigateTo.mockRestore();
});

function navigatedTo(): string[] {
  return navigateTo.mock.calls.map(([options]: [{ url: string }]) => options.url);
}

describe('我的', () => {
  test('loading, then one compact row per card with its status, as answered', async () => {
    const answer = deferred<Envelope<unknown>>();
    const transport = fakeTransport((name) => (name === 'card' ? answer.promise : ok({ name: '', roles: [] })));
    const page = loadPage(MY, { transport });
    await settle();

    expect(page.data['view']).toBe('loading');
    expect(page.querySelector('.my__loading')).toBeTruthy();
    expect(transport.calls).toEqual(
      expect.arrayContaining([
        ['card', { action: 'mine' }],
        ['staff', { action: 'me' }],
      ]),
    );

    answer.resolve(
      ok({
        cards: [
          card(),
          card({ cardId: 'c-old', cardNo: '8860202500019999', edition: 'pro', status: 'expired', role: 'member' }),
        ],
      }),
    );
    await settle();

    const text = textOf(page);
    expect(page.querySelector('.my__loading')).toBeFalsy();
    expect(page.querySelectorAll('.my-card')).toHaveLength(2);
    expect(text).toContain('太医蓝卡 尊享版');
    expect(text).toContain('**** 1234 · 持卡人');
    expect(text).not.toContain('8860202600011234');
    expect(text).toContain('生效中');
    expect(text).toContain('有效期至 2027年3月9日');
    expect(text).toContain('太医蓝卡 专业版');
    expect(text).toContain('**** 9999 · 家庭成员');
    expect(text).toContain('已过期');
    // the entries every member has
    for (const entry of ['健康档案', '健康知识', '联系健康管家', '订阅消息', '大字模式', '隐私政策']) {
      expect(text).toContain(entry);
    }
    // no server action for export / erasure yet: the section is not offered
    expect(text).not.toContain('数据导出');
  });

  test('家庭成员 for the holder of a 尊享版 card, 额度明细 for an activated card; both carry the card', async () => {
    const page = loadPage(MY, { transport: world([card()]) });
    await settle();
    expect(textOf(page)).toContain('家庭成员');
    expect(textOf(page)).toContain('额度明细');

    await tapCell(page, 'family');
    await tapCell(page, 'ledger');
    await tapCell(page, 'record');
    await tapCell(page, 'knowledge');
    await tapCell(page, 'privacy');
    await tapCell(page, 'butler');
    expect(navigatedTo()).toEqual([
      '/member/pages/family/index?cardId=c-premium',
      '/member/pages/ledger/index?cardId=c-premium',
      '/member/pages/record/index',
      '/member/pages/knowledge/index',
      '/member/pages/privacy/index',
      '/member/pages/consult/index?benefit=butler&cardId=c-premium',
    ]);
  });

  test.each<[string, Partial<Card>, boolean, boolean]>([
    ['a family member of a 尊享版 card', { role: 'member' }, false, true],
    ['the holder of a 专业版 card', { edition: 'pro' }, false, true],
    ['a card not activated yet', { status: 'inactive', activatedAt: null }, true, false],
  ])('%s: 家庭成员 %s, 额度明细 %s', async (_who, over, family, ledger) => {
    const page = loadPage(MY, { transport: world([card(over)]) });
    await settle();
    expect(Boolean(page.querySelector('#family'))).toBe(family);
    expect(Boolean(page.querySelector('#ledger'))).toBe(ledger);
  });

  test('the entries act on the live card when there are several', async () => {
    const page = loadPage(MY, {
      transport: world([
        card({ cardId: 'c-expired', status: 'expired' }),
        card({ cardId: 'c-live', status: 'waiting' }),
      ]),
    });
    await settle();
    await tapCell(page, 'ledger');
    expect(navigatedTo()).toEqual(['/member/pages/ledger/index?cardId=c-live']);
  });

  test('工作台 shows for staff only, and opens the workbench', async () => {
    const member = loadPage(MY, { transport: world([card()], []) });
    await settle();
    expect(member.querySelector('#workbench')).toBeFalsy();
    expect(textOf(member)).not.toContain('工作台');

    const staff = loadPage(MY, { transport: world([card()], ['agent']) });
    await settle();
    expect(textOf(staff)).toContain('工作台');
    await tapCell(staff, 'workbench');
    expect(navigatedTo()).toEqual(['/workbench/pages/queue/index']);
  });

  test('工作台 for staff without a card too; says so while the workbench is not there yet', async () => {
    navigateTo.mockImplementation((options: WechatMiniprogram.NavigateToOption) => {
      options.fail?.({ errMsg: 'navigateTo:fail page not found' });
    });
    const showToast = jest.spyOn(wx, 'showToast');
    const page = loadPage(MY, { transport: world([], ['butler']) });
    await settle();

    expect(page.data['view']).toBe('empty');
    await tapCell(page, 'workbench');
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '工作台即将开放' }));
    showToast.mockRestore();
  });

  test('staff.me failing hides 工作台 and leaves the rest of the page alone', async () => {
    const transport = fakeTransport((name) => (name === 'staff' ? refused('服务繁忙') : ok({ cards: [card()] })));
    const page = loadPage(MY, { transport });
    await settle();
    expect(page.data['view']).toBe('cards');
    expect(textOf(page)).not.toContain('工作台');
    expect(textOf(page)).not.toContain('服务繁忙');
  });

  test('without a card: a friendly line and 激活; card entries hidden, the rest offered', async () => {
    const page = loadPage(MY, { transport: world([]) });
    await settle();

    expect(page.data['view']).toBe('empty');
    const text = textOf(page);
    expect(text).toContain('您还没有激活的太医蓝卡');
    expect(page.querySelector('#family')).toBeFalsy();
    expect(page.querySelector('#ledger')).toBeFalsy();
    expect(page.querySelector('#butler')).toBeFalsy();
    expect(text).toContain('健康知识');
    expect(text).toContain('隐私政策');

    await tap(page, '#activate');
    expect(navigatedTo()).toEqual(['/pages/activate/index']);
  });

  test('the function’s message as it came, and 重试 loads again', async () => {
    let calls = 0;
    const transport = fakeTransport((name) => {
      if (name === 'staff') return ok({ name: '', roles: [] });
      calls += 1;
      return calls === 1 ? refused('操作太频繁，请稍后再试') : ok({ cards: [card()] });
    });
    const page = loadPage(MY, { transport });
    await settle();

    expect(page.data['view']).toBe('error');
    expect(textOf(page)).toContain('操作太频繁，请稍后再试');
    expect(textOf(page)).toContain('隐私政策');

    await tap(page, '#retry');
    expect(page.data['view']).toBe('cards');
    expect(textOf(page)).not.toContain('操作太频繁');
    expect(textOf(page)).toContain('**** 1234');
  });

  test('coming back refreshes in place; a failed refresh keeps the cards and says why', async () => {
    const showToast = jest.spyOn(wx, 'showToast');
    let answer: Envelope<unknown> = ok({ cards: [card({ status: 'waiting' })] });
    const transport = fakeTransport((name) => (name === 'staff' ? ok({ name: '', roles: [] }) : answer));
    const page = loadPage(MY, { transport });
    await settle();
    const methods = page.instance as unknown as { onShow(): void };

    answer = ok({ cards: [card()] });
    methods.onShow();
    expect(page.data['view']).toBe('cards');
    await settle();
    expect(textOf(page)).toContain('生效中');

    answer = refused('网络不太好，请稍后重试');
    methods.onShow();
    await settle();
    expect(page.data['view']).toBe('cards');
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '网络不太好，请稍后重试' }));
    showToast.mockRestore();
  });

  test('大字模式: the switch puts `elder` on the page root at once and keeps the choice', async () => {
    const page = loadPage(MY, { transport: world([card()]) });
    await settle();
    expect(rootClass(page)).not.toMatch(/\belder\b/);

    await tapSwitch(page, 'elder-switch');
    expect(page.data['elder']).toBe(true);
    expect(rootClass(page)).toMatch(/\belder\b/);
    expect(storage.stored.get('bluecard.elderMode')).toBe(true);

    // the next page opened reads it before its first render
    const next = loadPage(MY, { transport: world([card()]) });
    expect(rootClass(next)).toMatch(/\belder\b/);

    await tapSwitch(page, 'elder-switch');
    expect(rootClass(page)).not.toMatch(/\belder\b/);
    expect(storage.stored.get('bluecard.elderMode')).toBe(false);
  });

  test('订阅消息: one switch per notice kind; the choice is kept on the phone', async () => {
    const getSetting = stubSetting({ mainSwitch: true });
    const page = loadPage(MY, { transport: world([card()]) });
    await settle();

    await tapCell(page, 'notices');
    await settle(400);
    const text = textOf(page);
    for (const kind of ['预约进度', '医生接诊', '报告出具', '陪诊提醒', '蓝卡提醒', '健康知识'])
      expect(text).toContain(kind);
    expect(text).not.toContain('您已在微信中关闭了订阅消息');

    await tapSwitch(page, 'notice-order');
    expect(storage.stored.get('bluecard.subscriptions')).toMatchObject({ order: true, doctor: false });
    const rows = page.data['notices'] as { kind: string; on: boolean }[];
    expect(rows.find((r) => r.kind === 'order')?.on).toBe(true);

    await tapSwitch(page, 'notice-order');
    expect(storage.stored.get('bluecard.subscriptions')).toMatchObject({ order: false });
    getSetting.mockRestore();
  });

  test('订阅消息: says so when every subscription message is off in WeChat', async () => {
    const getSetting = stubSetting({ mainSwitch: false });
    const page = loadPage(MY, { transport: world([card()]) });
    await settle();
    await tapCell(page, 'notices');
    await settle(400);
    expect(textOf(page)).toContain('您已在微信中关闭了订阅消息');
    getSetting.mockRestore();
  });
});

describe('adapters/subscribe with a template id', () => {
  const ids = TEMPLATE_IDS as Record<string, string>;
  beforeEach(() => {
    ids['order'] = 'tmpl-order';
  });
  afterEach(() => {
    ids['order'] = '';
  });

  /** WeChat's panel answers `answers` (template id → accept/reject), or fails with `errCode`. */
  function answerPanel(answers: Record<string, string>, errCode?: number) {
    return jest
      .spyOn(wx, 'requestSubscribeMessage')
      .mockImplementation((options: WechatMiniprogram.RequestSubscribeMessageOption) => {
        if (errCode !== undefined) options.fail?.({ errMsg: 'requestSubscribeMessage:fail', errCode });
        else options.success?.({ errMsg: 'requestSubscribeMessage:ok', ...answers });
      });
  }

  test('accept in WeChat’s panel turns the kind on; reject leaves it off', async () => {
    let panel = answerPanel({ 'tmpl-order': 'accept' });
    await expect(subscribe('order')).resolves.toMatchObject({ outcome: 'accept', choices: { order: true } });
    expect(panel).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tmpl-order'] }));
    panel.mockRestore();

    panel = answerPanel({ 'tmpl-order': 'reject' });
    await expect(subscribe('order')).resolves.toMatchObject({ outcome: 'reject', choices: { order: false } });
    panel.mockRestore();

    panel = answerPanel({}, 20004);
    await expect(subscribe('order')).resolves.toMatchObject({ outcome: 'off' });
    panel.mockRestore();
    expect(storedChoices().order).toBe(false);
  });

  test('unsubscribe turns it off; getSetting’s remembered answers are read per kind', async () => {
    const panel = answerPanel({ 'tmpl-order': 'accept' });
    await subscribe('order');
    expect(unsubscribe('order').order).toBe(false);
    panel.mockRestore();

    const getSetting = stubSetting({ mainSwitch: true, itemSettings: { 'tmpl-order': 'reject' } });
    await expect(wechatSettings()).resolves.toEqual({ mainSwitch: true, items: { order: 'reject' } });
    getSetting.mockRestore();
  });
});
