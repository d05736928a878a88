/**
 * @jest-environment jsdom
 */
import type { Card, Envelope, StaffRole, SubscribeTemplateName } from '../../typings/contract';
import { requestFor, wechatSettings, withdraw } from '../../miniprogram/adapters/subscribe';
import { setTransport } from '../../miniprogram/services/call';
import { forgetSettings, knownSettings, loadSettings } from '../../miniprogram/services/notify';
import type { CallData, Transport } from '../../miniprogram/services/transport';
import { deferred, fakeTransport, loadPage, settle, tap, textOf, type SimulatedPage } from './harness';
import { card as baseCard } from './order-fixtures';

const MY = 'pages/my/index';

function card(over: Partial<Card> = {}): Card {
  return baseCard({
    cardId: 'c-premium',
    members: [
      { memberId: 'm-1', role: 'holder', name: '张*丰', self: true },
      { memberId: 'm-2', role: 'member', name: '李*水', self: false },
    ],
    benefits: [],
    ...over,
  });
}

const ok = (data: unknown): Envelope<unknown> => ({ ok: true, data });
const refused = (message: string): Envelope<unknown> => ({ ok: false, error: { code: 'RATE_LIMITED', message } });

type Ids = Partial<Record<SubscribeTemplateName, string>>;
type Counts = Partial<Record<SubscribeTemplateName, number>>;

const MEMBER_TEMPLATES: SubscribeTemplateName[] = [
  'orderAccepted',
  'orderBooked',
  'doctorTaken',
  'reportReady',
  'escortReminder',
  'visitReminder',
  'waitingOver',
  'cardExpiring',
  'consultEnding',
  'healthTips',
  'knowledge',
];

/** notify.settings as the function answers it: staff templates for staff only, '' where not configured. */
function settingsAnswer(ids: Ids, consents: Counts, staff = false) {
  const names: SubscribeTemplateName[] = staff ? [...MEMBER_TEMPLATES, 'slaWarning'] : MEMBER_TEMPLATES;
  return {
    templates: names.map((name) => ({
      name,
      templateId: ids[name] ?? '',
      title: name,
      audience: name === 'slaWarning' ? 'staff' : 'member',
    })),
    consents,
  };
}

interface Notify {
  ids?: Ids;
  consents?: Counts;
  /** notify.subscribe: by default counts one per accept and voids on ban, like the function */
  subscribe?: (results: Record<string, string>) => Envelope<unknown>;
  settings?: () => Envelope<unknown>;
}

/** Answers card.mine with `cards` (or a refusal), staff.me with `roles`, and notify like the function. */
function world(cards: Card[] | Envelope<unknown>, roles: StaffRole[] = [], notify: Notify = {}) {
  const consents: Counts = { ...notify.consents };
  return fakeTransport((name: string, data: CallData) => {
    if (name === 'staff' && data.action === 'me') return ok({ name: roles.length ? '周管家' : '', roles });
    if (name === 'card' && data.action === 'mine') return Array.isArray(cards) ? ok({ cards }) : cards;
    if (name === 'notify' && data.action === 'settings')
      return notify.settings ? notify.settings() : ok(settingsAnswer(notify.ids ?? {}, consents, roles.length > 0));
    if (name === 'notify' && data.action === 'subscribe') {
      const results = data['results'] as Record<SubscribeTemplateName, string>;
      if (notify.subscribe) return notify.subscribe(results);
      for (const [template, answer] of Object.entries(results) as [SubscribeTemplateName, string][]) {
        if (answer === 'accept') consents[template] = (consents[template] ?? 0) + 1;
        else if (answer === 'ban') consents[template] = 0;
        else consents[template] ??= 0;
      }
      return ok({ consents });
    }
    return refused(`unexpected ${name}.${data.action}`);
  });
}

/** WeChat's panel answers `answers` (template id → accept/reject), or fails with `errCode`. */
function answerPanel(answers: Record<string, string>, errCode?: number) {
  return jest
    .spyOn(wx, 'requestSubscribeMessage')
    .mockImplementation((options: WechatMiniprogram.RequestSubscribeMessageOption) => {
      if (errCode !== undefined) options.fail?.({ errMsg: 'requestSubscribeMessage:fail', errCode });
      else options.success?.({ errMsg: 'requestSubscribeMessage:ok', ...answers });
    });
}

interface Row {
  kind: string;
  label: string;
  on: boolean;
  disabled: boolean;
}

function rowOf(page: SimulatedPage, kind: string): Row | undefined {
  return (page.data['notices'] as Row[]).find((r) => r.kind === kind);
}

async function openNotices(page: SimulatedPage): Promise<void> {
  await tapCell(page, 'notices');
  await settle(400);
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
    for (const entry of [
      '健康档案',
      '健康知识',
      '联系健康管家',
      '订阅消息',
      '大字模式',
      '隐私政策',
      '数据导出与删除',
    ]) {
      expect(text).toContain(entry);
    }
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
    await tapCell(page, 'my-data');
    await tapCell(page, 'butler');
    expect(navigatedTo()).toEqual([
      '/member/pages/family/index?cardId=c-premium',
      '/member/pages/ledger/index?cardId=c-premium',
      '/member/pages/record/index',
      '/member/pages/knowledge/index',
      '/member/pages/privacy/index',
      '/member/pages/my-data/index',
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

  test('订阅消息: one switch per kind the server lists, on while the server allows a message', async () => {
    const getSetting = stubSetting({ mainSwitch: true });
    const transport = world([card()], [], {
      ids: { orderAccepted: 'tmpl-accepted', orderBooked: 'tmpl-booked', doctorTaken: 'tmpl-doctor' },
      consents: { orderAccepted: 1, orderBooked: 1, doctorTaken: 0 },
    });
    const page = loadPage(MY, { transport });
    await settle();
    // read when the panel opens, not before
    expect(transport.calls.some(([name]) => name === 'notify')).toBe(false);

    await openNotices(page);
    expect(transport.calls.filter(([name]) => name === 'notify')).toEqual([['notify', { action: 'settings' }]]);
    const text = textOf(page);
    for (const kind of ['预约进度', '医生接诊', '报告出具', '陪诊提醒', '蓝卡提醒', '健康知识'])
      expect(text).toContain(kind);
    // staff templates for staff only
    expect(text).not.toContain('工单超时预警');
    expect(text).not.toContain('您已在微信中关闭了订阅消息');
    expect(rowOf(page, 'order')).toMatchObject({ on: true, disabled: false });
    expect(text).toContain('受理、预约成功时通知您（还可接收 2 条）');
    expect(rowOf(page, 'doctor')).toMatchObject({ on: false, disabled: false });
    // no template of the kind configured by ops: nothing to ask for
    expect(rowOf(page, 'report')).toMatchObject({ on: false, disabled: true });
    expect(text).toContain('（暂未开放）');
    getSetting.mockRestore();
  });

  test('订阅消息: switching on asks WeChat in the tap, reports the answers and shows the server’s count', async () => {
    const getSetting = stubSetting({ mainSwitch: true });
    const panel = answerPanel({ 'tmpl-doctor': 'accept', 'tmpl-ending': 'reject' });
    const transport = world([card()], [], { ids: { doctorTaken: 'tmpl-doctor', consultEnding: 'tmpl-ending' } });
    const page = loadPage(MY, { transport });
    await settle();
    await openNotices(page);

    await tapSwitch(page, 'notice-doctor');
    await settle();
    expect(panel).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tmpl-doctor', 'tmpl-ending'] }));
    expect(transport.calls.filter(([, data]) => data.action === 'subscribe')).toEqual([
      ['notify', { action: 'subscribe', results: { doctorTaken: 'accept', consultEnding: 'reject' } }],
    ]);
    expect(rowOf(page, 'doctor')).toMatchObject({ on: true });
    expect(textOf(page)).toContain('（还可接收 1 条）');
    panel.mockRestore();
    getSetting.mockRestore();
  });

  test('订阅消息: a refusal in WeChat’s panel leaves the kind off and says so', async () => {
    const getSetting = stubSetting({ mainSwitch: true });
    const panel = answerPanel({ 'tmpl-report': 'reject' });
    const showToast = jest.spyOn(wx, 'showToast');
    const page = loadPage(MY, { transport: world([card()], [], { ids: { reportReady: 'tmpl-report' } }) });
    await settle();
    await openNotices(page);

    await tapSwitch(page, 'notice-report');
    await settle();
    expect(rowOf(page, 'report')).toMatchObject({ on: false });
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '您未同意接收这类消息' }));

    // every subscription message off in WeChat (20004): nothing reported, the member is told where to look
    panel.mockRestore();
    const off = answerPanel({}, 20004);
    await tapSwitch(page, 'notice-report');
    await settle();
    expect(showToast).toHaveBeenLastCalledWith(
      expect.objectContaining({ title: '请先在微信“设置 → 通知管理”中打开订阅消息' }),
    );
    off.mockRestore();
    showToast.mockRestore();
    getSetting.mockRestore();
  });

  test('订阅消息: switching off voids the messages the server still allows', async () => {
    const getSetting = stubSetting({ mainSwitch: true });
    const panel = answerPanel({});
    const transport = world([card()], [], {
      ids: { orderAccepted: 'tmpl-accepted', orderBooked: 'tmpl-booked' },
      consents: { orderAccepted: 2, orderBooked: 0 },
    });
    const page = loadPage(MY, { transport });
    await settle();
    await openNotices(page);
    expect(rowOf(page, 'order')).toMatchObject({ on: true });

    await tapSwitch(page, 'notice-order');
    await settle();
    // WeChat is not asked: it has no call to take a subscription back
    expect(panel).not.toHaveBeenCalled();
    expect(transport.calls.filter(([, data]) => data.action === 'subscribe')).toEqual([
      ['notify', { action: 'subscribe', results: { orderAccepted: 'ban' } }],
    ]);
    expect(rowOf(page, 'order')).toMatchObject({ on: false });
    panel.mockRestore();
    getSetting.mockRestore();
  });

  test('订阅消息: a failed report keeps the switch as the server last said and says so', async () => {
    const getSetting = stubSetting({ mainSwitch: true });
    const panel = answerPanel({ 'tmpl-report': 'accept' });
    const showToast = jest.spyOn(wx, 'showToast');
    const page = loadPage(MY, {
      transport: world([card()], [], {
        ids: { reportReady: 'tmpl-report' },
        subscribe: () => refused('服务繁忙'),
      }),
    });
    await settle();
    await openNotices(page);
    await tapSwitch(page, 'notice-report');
    await settle();
    expect(rowOf(page, 'report')).toMatchObject({ on: false });
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '网络不太好，请稍后重试' }));
    panel.mockRestore();
    showToast.mockRestore();
    getSetting.mockRestore();
  });

  test('订阅消息: staff also see 工单超时预警', async () => {
    const getSetting = stubSetting({ mainSwitch: true });
    const page = loadPage(MY, { transport: world([card()], ['agent'], { ids: { slaWarning: 'tmpl-sla' } }) });
    await settle();
    await openNotices(page);
    expect(textOf(page)).toContain('工单超时预警');
    expect(rowOf(page, 'sla')).toMatchObject({ on: false, disabled: false });
    getSetting.mockRestore();
  });

  test('订阅消息: WeChat’s remembered refusal shows and keeps the kind off', async () => {
    const getSetting = stubSetting({ mainSwitch: true, itemSettings: { 'tmpl-accepted': 'reject' } });
    const page = loadPage(MY, {
      transport: world([card()], [], { ids: { orderAccepted: 'tmpl-accepted' }, consents: { orderAccepted: 1 } }),
    });
    await settle();
    await openNotices(page);
    expect(rowOf(page, 'order')).toMatchObject({ on: false });
    expect(textOf(page)).toContain('（已在微信中拒绝）');
    getSetting.mockRestore();
  });

  test('订阅消息: a failed read says why, 重试 reads again', async () => {
    const getSetting = stubSetting({ mainSwitch: true });
    let broken = true;
    const page = loadPage(MY, {
      transport: world([card()], [], {
        settings: () => (broken ? refused('操作太频繁，请稍后再试') : ok(settingsAnswer({}, {}))),
      }),
    });
    await settle();
    await openNotices(page);
    expect(textOf(page)).toContain('操作太频繁，请稍后再试');

    broken = false;
    await tap(page, '#notices-retry');
    await settle();
    expect(textOf(page)).toContain('预约进度');
    expect(textOf(page)).not.toContain('操作太频繁');
    getSetting.mockRestore();
  });

  test('订阅消息: says so when every subscription message is off in WeChat', async () => {
    const getSetting = stubSetting({ mainSwitch: false });
    const page = loadPage(MY, { transport: world([card()]) });
    await settle();
    await openNotices(page);
    expect(textOf(page)).toContain('您已在微信中关闭了订阅消息');
    getSetting.mockRestore();
  });
});

describe('adapters/subscribe', () => {
  let restore: Transport | null = null;
  let transport: ReturnType<typeof world>;

  function use(notify: Notify): void {
    transport = world([], [], notify);
    const previous = setTransport(transport);
    restore ??= previous;
  }

  beforeEach(() => forgetSettings());
  afterEach(() => {
    if (restore) setTransport(restore);
    restore = null;
    jest.restoreAllMocks();
  });

  test('before the settings are read nothing is asked, and they are read for the next tap', async () => {
    use({ ids: { orderAccepted: 'tmpl-accepted' } });
    const panel = answerPanel({ 'tmpl-accepted': 'accept' });
    await expect(requestFor(['orderAccepted'])).resolves.toMatchObject({ asked: [], failure: 'none' });
    expect(panel).not.toHaveBeenCalled();
    await settle();
    expect(knownSettings()?.templates.find((t) => t.name === 'orderAccepted')?.templateId).toBe('tmpl-accepted');

    const requested = await requestFor(['orderAccepted']);
    expect(requested).toMatchObject({ asked: ['orderAccepted'], answers: { orderAccepted: 'accept' }, failure: null });
    await expect(requested.consents).resolves.toEqual({ orderAccepted: 1 });
  });

  test('asks for at most 3 configured templates, each once; the settings are read once per launch', async () => {
    use({ ids: { orderAccepted: 'a', doctorTaken: 'd', reportReady: 'r', knowledge: 'k' } });
    const panel = answerPanel({});
    await loadSettings();
    await requestFor(['orderAccepted', 'orderBooked', 'orderAccepted', 'doctorTaken', 'reportReady', 'knowledge']);
    expect(panel).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['a', 'd', 'r'] }));
    await requestFor(['knowledge']);
    expect(transport.calls.filter(([, data]) => data.action === 'settings')).toHaveLength(1);
    // nothing answered: nothing reported
    expect(transport.calls.filter(([, data]) => data.action === 'subscribe')).toHaveLength(0);
  });

  test('never rejects: a failed panel, a throwing API, a failed report', async () => {
    use({ ids: { orderAccepted: 'a' }, subscribe: () => refused('服务繁忙') });
    await loadSettings();
    let panel = answerPanel({}, 20004);
    await expect(requestFor(['orderAccepted'])).resolves.toMatchObject({ failure: 'off' });
    panel.mockRestore();
    panel = answerPanel({}, 10005);
    await expect(requestFor(['orderAccepted'])).resolves.toMatchObject({ failure: 'failed' });
    panel.mockRestore();
    panel = jest.spyOn(wx, 'requestSubscribeMessage').mockImplementation(() => {
      throw new Error('not supported');
    });
    await expect(requestFor(['orderAccepted'])).resolves.toMatchObject({ failure: 'failed' });
    panel.mockRestore();
    answerPanel({ a: 'accept' });
    const requested = await requestFor(['orderAccepted']);
    expect(requested.answers).toEqual({ orderAccepted: 'accept' });
    await expect(requested.consents).resolves.toBeNull();
    await expect(withdraw(['orderAccepted'])).resolves.toBeNull();
  });

  test('a failed read of the settings is not kept: the next call reads again', async () => {
    let broken = true;
    use({ settings: () => (broken ? refused('服务繁忙') : ok(settingsAnswer({ knowledge: 'k' }, {}))) });
    await expect(loadSettings()).rejects.toThrow('服务繁忙');
    expect(knownSettings()).toBeNull();
    broken = false;
    await expect(loadSettings()).resolves.toMatchObject({ consents: {} });
    expect(knownSettings()?.templates).toHaveLength(MEMBER_TEMPLATES.length);
  });

  test('getSetting’s remembered answers are read per template', async () => {
    const getSetting = stubSetting({ mainSwitch: true, itemSettings: { 'tmpl-order': 'reject', other: 'accept' } });
    const templates = settingsAnswer({ orderAccepted: 'tmpl-order', knowledge: '' }, {}).templates as {
      name: SubscribeTemplateName;
      templateId: string;
      title: string;
      audience: 'member' | 'staff';
    }[];
    await expect(wechatSettings(templates)).resolves.toEqual({ mainSwitch: true, items: { orderAccepted: 'reject' } });
    getSetting.mockRestore();
  });
});
