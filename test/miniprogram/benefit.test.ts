/**
 * @jest-environment jsdom
 */
import type { BenefitInfo, BenefitKey, Card, Envelope, FunctionName } from '../../typings/contract';
import { deferred, fakeTransport, loadPage, settle, tap, textOf, type SimulatedPage } from './harness';
import { ZHANG_SAN, benefit, card as baseCard } from './order-fixtures';

const BENEFIT = 'member/pages/benefit/index';

/** The twelve benefits as `content.benefits` answers them (texts shortened). */
const TABLE: [BenefitKey, string, boolean, string[]][] = [
  ['butler', '健康管家', false, []],
  ['healthRecord', '健康档案', false, []],
  ['assessment', '全面健康评估', true, ['健康管理师联系', '出具健康评估报告']],
  ['checkupPlan', '体检方案制定', true, ['健康管理师联系', '出具《定制体检方案》']],
  ['reportReading', '体检报告解读', true, ['医生开始解读', '出具《健康指导意见》并电话解读']],
  ['knowledge', '健康知识', false, []],
  ['familyDoctor', '三甲家庭私人医生', true, ['医生接诊', '咨询结束']],
  ['quickConsult', '三甲专科快速问诊', true, ['医生接诊', '咨询结束']],
  ['expertConsult', '三甲名医在线', true, ['专家接诊', '咨询结束']],
  ['outpatientGreen', '门诊绿通', true, ['电话确认预约信息', '预约成功', '就诊完成', '满意度回访']],
  ['inpatientGreen', '重疾绿通', true, ['电话确认需求', '住院或手术已安排', '就诊完成', '满意度回访']],
  ['escort', '就医陪诊', true, ['电话了解需求', '陪诊已预约', '陪诊完成', '电话回访']],
];

const infos: BenefitInfo[] = TABLE.map(([key, name, orderable, steps]) => ({
  key,
  name,
  subtitle: key === 'outpatientGreen' ? '专家号预约' : null,
  description: `${name}：一句话说明。`,
  notes: [`${name}须知一`, `${name}须知二`],
  quota: {},
  shared: orderable && key !== 'familyDoctor' && key !== 'escort',
  holderOnly: key === 'escort',
  waitingPeriod: orderable,
  orderable,
  escortHours: key === 'escort' ? { pro: 5, premium: 6 } : null,
  steps: steps.map((label) => ({ step: 'accept' as const, label })),
}));

const premium: Card = baseCard({
  ...ZHANG_SAN,
  benefits: [
    benefit('butler', null),
    benefit('healthRecord', null),
    benefit('assessment', 4),
    benefit('checkupPlan', 4, true, { used: 1 }),
    benefit('reportReading', 4),
    benefit('knowledge', null),
    benefit('familyDoctor', null),
    benefit('quickConsult', 48, true, { used: 3 }),
    benefit('expertConsult', 12),
    benefit('outpatientGreen', 8, true, { used: 2 }),
    benefit('inpatientGreen', 4, false, { used: 4 }),
    benefit('escort', 1),
  ],
});

// 专业版 in its waiting period: no 三甲名医在线, nothing shared, booking benefits closed (R2.4).
const waitingPro: Card = {
  ...premium,
  cardId: 'c-pro',
  edition: 'pro',
  status: 'waiting',
  familySlots: 0,
  members: [{ memberId: 'm-3', role: 'holder', name: '王*五', self: true }],
  benefits: [
    benefit('butler', null),
    benefit('healthRecord', null),
    benefit('knowledge', null),
    benefit('outpatientGreen', 2, false, { shared: false }),
    benefit('escort', 1, false),
  ],
};

const asMember: Card = {
  ...premium,
  role: 'member',
  members: premium.members.map((m) => ({ ...m, self: m.role === 'member' })),
  benefits: premium.benefits.map((b) => (b.key === 'escort' ? { ...b, open: false } : b)),
};

const expired: Card = {
  ...premium,
  status: 'expired',
  benefits: premium.benefits.map((b) => ({ ...b, open: false })),
};

const texts: Envelope<unknown> = { ok: true, data: { benefits: infos, forms: {} } };

function world(cards: Card[]) {
  return (name: FunctionName): Envelope<unknown> => (name === 'content' ? texts : { ok: true, data: { cards } });
}

/** Opens the page as wx would for `?key=…&cardId=…`. */
async function open(
  key: string,
  cardId: string,
  cards: Card[] | ((name: FunctionName) => Envelope<unknown> | Promise<Envelope<unknown>>),
) {
  const transport = fakeTransport(typeof cards === 'function' ? cards : world(cards));
  const page = loadPage(BENEFIT, { transport });
  (page.instance as unknown as { onLoad(query: Record<string, string>): void }).onLoad({ key, cardId });
  await settle();
  return { page, transport };
}

function cellValue(page: SimulatedPage, id: string): string | undefined {
  return page.querySelector(`#${id} >>> .van-cell__value`)?.dom?.textContent?.trim();
}

function primary(page: SimulatedPage): { label: string | undefined; disabled: boolean } {
  const button = page.querySelector('#primary >>> .van-button');
  return {
    label: button?.dom?.textContent?.trim(),
    disabled: button?.dom?.className.includes('van-button--disabled') ?? false,
  };
}

afterEach(() => jest.restoreAllMocks());

describe('benefit detail page', () => {
  test('loads the texts and the card, then shows what it is, how it works, who, what remains', async () => {
    const setTitle = jest.spyOn(wx, 'setNavigationBarTitle');
    const answer = deferred<Envelope<unknown>>();
    const transport = fakeTransport((name) => (name === 'content' ? texts : answer.promise));
    const page = loadPage(BENEFIT, { transport });
    (page.instance as unknown as { onLoad(query: Record<string, string>): void }).onLoad({
      key: 'outpatientGreen',
      cardId: 'c-premium',
    });
    await settle();

    expect(transport.calls).toEqual([
      ['content', { action: 'benefits' }],
      ['card', { action: 'mine' }],
    ]);
    expect(page.data['view']).toBe('loading');
    expect(page.querySelector('.benefit__loading')).toBeTruthy();

    answer.resolve({ ok: true, data: { cards: [premium] } });
    await settle();

    const text = textOf(page);
    expect(setTitle).toHaveBeenCalledWith(expect.objectContaining({ title: '门诊绿通' }));
    expect(text).toContain('门诊绿通 专家号预约');
    expect(text).toContain('门诊绿通：一句话说明。');
    expect(cellValue(page, 'who')).toBe('持卡人及家庭成员');
    expect(cellValue(page, 'remaining')).toBe('家庭共享 剩余 6/8 次');
    expect(page.querySelector('#opens')).toBeFalsy();
    expect(page.querySelector('#reason')).toBeFalsy();
    // how it works: the member's step, then the staff steps' labels
    expect(page.querySelectorAll('#how >>> .van-step').map((s) => s.dom?.textContent?.trim())).toEqual([
      '提交申请',
      '电话确认预约信息',
      '预约成功',
      '就诊完成',
      '满意度回访',
    ]);
    expect(primary(page)).toEqual({ label: '立即预约', disabled: false });
  });

  test('立即预约 opens the order form for this benefit and card', async () => {
    const navigateTo = jest.spyOn(wx, 'navigateTo');
    const { page } = await open('outpatientGreen', 'c-premium', [premium]);

    await tap(page, '#primary');
    expect(navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/member/pages/order-form/index?benefit=outpatientGreen&cardId=c-premium' }),
    );
  });

  test('the notes start folded and open on a tap', async () => {
    const { page } = await open('outpatientGreen', 'c-premium', [premium]);

    expect(textOf(page)).toContain('注意事项 2 条');
    expect(page.data['notesOpen']).toEqual([]);
    expect(page.querySelector('#notes >>> .van-collapse-item__wrapper')?.dom?.getAttribute('style')).toContain(
      'height: 0',
    );

    await tap(page, '#notes >>> .van-cell');
    await settle(400);
    expect(page.data['notesOpen']).toEqual(['notes']);
    expect(textOf(page)).toContain('门诊绿通须知一 门诊绿通须知二');
  });

  const ACTIONS: Record<BenefitKey, [string, string]> = {
    butler: ['联系健康管家', '/member/pages/consult/index?benefit=butler&cardId=c-premium'],
    healthRecord: ['查看健康档案', '/member/pages/record/index'],
    knowledge: ['浏览健康知识', '/member/pages/knowledge/index'],
    assessment: ['立即预约', '/member/pages/order-form/index?benefit=assessment&cardId=c-premium'],
    checkupPlan: ['立即预约', '/member/pages/order-form/index?benefit=checkupPlan&cardId=c-premium'],
    reportReading: ['立即预约', '/member/pages/order-form/index?benefit=reportReading&cardId=c-premium'],
    familyDoctor: ['立即预约', '/member/pages/order-form/index?benefit=familyDoctor&cardId=c-premium'],
    quickConsult: ['立即预约', '/member/pages/order-form/index?benefit=quickConsult&cardId=c-premium'],
    expertConsult: ['立即预约', '/member/pages/order-form/index?benefit=expertConsult&cardId=c-premium'],
    outpatientGreen: ['立即预约', '/member/pages/order-form/index?benefit=outpatientGreen&cardId=c-premium'],
    inpatientGreen: ['立即预约', '/member/pages/order-form/index?benefit=inpatientGreen&cardId=c-premium'],
    escort: ['立即预约', '/member/pages/order-form/index?benefit=escort&cardId=c-premium'],
  };

  test.each(TABLE.map(([key, name]) => [key, name] as const))(
    '%s (%s): its texts and its one primary action',
    async (key, name) => {
      const navigateTo = jest.spyOn(wx, 'navigateTo');
      const { page } = await open(key, 'c-premium', [premium]);
      const [label, url] = ACTIONS[key];

      expect(page.data['view']).toBe('ready');
      expect(textOf(page)).toContain(`${name}：一句话说明。`);
      expect(Boolean(page.querySelector('#how'))).toBe((TABLE.find(([k]) => k === key)?.[3].length ?? 0) > 0);
      const button = primary(page);
      expect(button.label).toBe(label);
      if (key === 'inpatientGreen') {
        // this card's pool is used up
        expect(button.disabled).toBe(true);
        expect(navigateTo).not.toHaveBeenCalled();
        return;
      }
      expect(button.disabled).toBe(false);
      await tap(page, '#primary');
      expect(navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url }));
    },
  );

  test('unlimited reads 不限次数; a pool that is not shared reads without 家庭共享', async () => {
    const unlimited = await open('familyDoctor', 'c-premium', [premium]);
    expect(cellValue(unlimited.page, 'remaining')).toBe('不限次数');

    const own = await open('escort', 'c-premium', [premium]);
    expect(cellValue(own.page, 'remaining')).toBe('剩余 1/1 次');
    expect(cellValue(own.page, 'who')).toBe('仅限持卡人本人');
    expect(cellValue(own.page, 'hours')).toBe('单次最长 6 小时');
  });

  test('in the waiting period: when it opens, and 立即预约 disabled with the reason', async () => {
    const navigateTo = jest.spyOn(wx, 'navigateTo');
    const { page } = await open('outpatientGreen', 'c-pro', [waitingPro]);

    expect(cellValue(page, 'remaining')).toBe('剩余 2/2 次');
    expect(cellValue(page, 'opens')).toBe('3月20日起可预约');
    expect(page.querySelector('#reason')?.dom?.textContent?.trim()).toBe('等待期中，3月20日起可预约');
    expect(primary(page)).toEqual({ label: '立即预约', disabled: true });

    await tap(page, '#primary');
    expect(navigateTo).not.toHaveBeenCalled();
  });

  test('the butler is open from activation, even in the waiting period', async () => {
    const { page } = await open('butler', 'c-pro', [waitingPro]);

    expect(page.querySelector('#opens')).toBeFalsy();
    expect(page.querySelector('#reason')).toBeFalsy();
    expect(primary(page)).toEqual({ label: '联系健康管家', disabled: false });
  });

  test.each<[string, BenefitKey, Card, string, string]>([
    ['an expired card', 'outpatientGreen', expired, '您的卡已过期', '家庭共享 剩余 6/8 次'],
    ['a family member on a holder-only benefit', 'escort', asMember, '仅限持卡人本人使用', '剩余 1/1 次'],
    ['a pool used up', 'inpatientGreen', premium, '次数已用完', '家庭共享 剩余 0/4 次'],
    [
      'a benefit the card lacks',
      'expertConsult',
      { ...waitingPro, status: 'active' },
      '您的卡不包含此项权益',
      '未开通',
    ],
  ])('%s: disabled with the reason', async (_what, key, card, reason, remaining) => {
    const { page } = await open(key, card.cardId, [card]);

    expect(cellValue(page, 'remaining')).toBe(remaining);
    expect(page.querySelector('#reason')?.dom?.textContent?.trim()).toBe(reason);
    expect(page.querySelector('#opens')).toBeFalsy();
    expect(primary(page)).toEqual({ label: '立即预约', disabled: true });
  });

  test('a member reads who may use it: 仅限持卡人本人', async () => {
    const { page } = await open('escort', 'c-premium', [asMember]);
    expect(cellValue(page, 'who')).toBe('仅限持卡人本人');
  });

  test('coming back from the order form shows what remains now', async () => {
    let cards = [premium];
    const { page } = await open('outpatientGreen', 'c-premium', (name) =>
      name === 'content' ? texts : { ok: true, data: { cards } },
    );
    expect(cellValue(page, 'remaining')).toBe('家庭共享 剩余 6/8 次');

    cards = [
      {
        ...premium,
        benefits: premium.benefits.map((b) => (b.key === 'outpatientGreen' ? { ...b, held: 1, remaining: 5 } : b)),
      },
    ];
    (page.instance as unknown as { onShow(): void }).onShow();
    expect(page.data['view']).toBe('ready'); // no loading flash
    await settle();
    expect(cellValue(page, 'remaining')).toBe('家庭共享 剩余 5/8 次');
  });

  test('an unknown benefit or card: says so, with the way home', async () => {
    const switchTab = jest.spyOn(wx, 'switchTab');
    const unknown = await open('massage', 'c-premium', [premium]);
    expect(unknown.page.data['view']).toBe('missing');
    expect(textOf(unknown.page)).toContain('没有找到这项权益');
    await tap(unknown.page, '#home');
    expect(switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/home/index' }));

    const otherCard = await open('escort', 'c-other', [premium]);
    expect(textOf(otherCard.page)).toContain('没有找到这张太医蓝卡');
  });

  test('shows the function’s message as it came, and 重试 loads again', async () => {
    let calls = 0;
    const { page, transport } = await open('escort', 'c-premium', (name) => {
      if (name === 'content') {
        calls += 1;
        if (calls === 1) return { ok: false, error: { code: 'RATE_LIMITED', message: '操作太频繁，请稍后再试' } };
        return texts;
      }
      return { ok: true, data: { cards: [premium] } };
    });

    expect(page.data['view']).toBe('error');
    expect(textOf(page)).toContain('操作太频繁，请稍后再试');

    await tap(page, '#retry');
    expect(transport.calls).toHaveLength(4);
    expect(page.data['view']).toBe('ready');
    expect(textOf(page)).toContain('就医陪诊');
  });

  test('a call that never got through reads as a network problem', async () => {
    const { page } = await open('escort', 'c-premium', () => Promise.reject(new Error('request:fail timeout')));

    expect(textOf(page)).toContain('网络不太好，请稍后重试');
    expect(textOf(page)).not.toContain('timeout');
  });
});
