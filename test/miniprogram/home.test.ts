/**
 * @jest-environment jsdom
 */
import type { Card, CardBenefit, Envelope } from '../../typings/contract';
import { deferred, fakeTransport, loadPage, settle, tap, textOf } from './harness';

const HOME = 'pages/home/index';

function benefit(
  key: CardBenefit['key'],
  name: string,
  total: number | null,
  used: number,
  open: boolean,
): CardBenefit {
  return {
    key,
    name,
    total,
    used,
    held: 0,
    remaining: total === null ? null : total - used,
    shared: total !== null,
    holderOnly: key === 'escort',
    open,
  };
}

// Activated 2026-03-10: open from 03-20 (R2.4), valid through 2027-03-09 (R2.5).
const activePremium: Card = {
  cardId: 'c-premium',
  cardNo: '8800202600011234',
  edition: 'premium',
  role: 'holder',
  status: 'active',
  activationDeadline: '2026-04-05T23:59:59+08:00',
  activatedAt: '2026-03-10T10:00:00+08:00',
  waitingUntil: '2026-03-20T00:00:00+08:00',
  expiresAt: '2027-03-10T00:00:00+08:00',
  members: [
    { memberId: 'm-1', role: 'holder', name: '张*三', self: true },
    { memberId: 'm-2', role: 'member', name: '李*', self: false },
  ],
  benefits: [
    benefit('butler', '健康管家', null, 0, true),
    benefit('outpatientGreen', '门诊绿通', 8, 2, true),
    benefit('inpatientGreen', '重疾绿通', 4, 4, false),
  ],
};

const waitingPro: Card = {
  cardId: 'c-pro',
  cardNo: '8800202600025678',
  edition: 'pro',
  role: 'holder',
  status: 'waiting',
  activationDeadline: '2026-05-01T00:00:00+08:00',
  activatedAt: '2026-03-10T10:00:00+08:00',
  waitingUntil: '2026-03-20T00:00:00+08:00',
  expiresAt: '2027-03-10T00:00:00+08:00',
  members: [{ memberId: 'm-3', role: 'holder', name: '王*五', self: true }],
  benefits: [benefit('butler', '健康管家', null, 0, true), benefit('escort', '就医陪诊', 1, 0, false)],
};

const answered = (cards: Card[]): Envelope<unknown> => ({ ok: true, data: { cards } });

describe('home page', () => {
  test('shows the loading state, then one card face and benefit list per card, as answered', async () => {
    const answer = deferred<Envelope<unknown>>();
    const transport = fakeTransport(() => answer.promise);
    const page = loadPage(HOME, { transport });
    await settle();

    expect(transport.calls).toEqual([['card', { action: 'mine' }]]);
    expect(page.data['view']).toBe('loading');
    expect(page.querySelector('.home__loading')).toBeTruthy();
    expect(textOf(page)).not.toContain('太医蓝卡尊享版');

    answer.resolve(answered([activePremium, waitingPro]));
    await settle();

    const text = textOf(page);
    expect(page.querySelector('.home__loading')).toBeFalsy();
    expect(page.querySelectorAll('.card-face')).toHaveLength(2);
    // The active premium card.
    expect(text).toContain('尊享版');
    expect(text).toContain('**** 1234');
    expect(text).not.toContain('8800202600011234');
    expect(text).toContain('持卡人 张*三');
    expect(text).toContain('生效中');
    expect(text).toContain('有效期至 2027年3月9日');
    expect(text).toContain('门诊绿通 剩6次');
    expect(text).toContain('健康管家 不限');
    expect(text).toContain('重疾绿通 已用完');
    // The waiting card.
    expect(text).toContain('专业版');
    expect(text).toContain('**** 5678');
    expect(text).toContain('等待期');
    expect(text).toContain('3月20日起可预约');
    expect(text).toContain('就医陪诊 未开通');
  });

  test('shows the chip for each status, in its colour', async () => {
    const transport = fakeTransport(() => answered([activePremium, waitingPro]));
    const page = loadPage(HOME, { transport });
    await settle();

    const chips = page.querySelectorAll('.card-face__head >>> .van-tag');
    expect(chips.map((chip) => chip.dom?.textContent?.trim())).toEqual(['生效中', '等待期']);
    expect(chips[0]?.dom?.className).toContain('van-tag--success');
    expect(chips[1]?.dom?.className).toContain('van-tag--warning');
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
    const page = loadPage(HOME, { transport: fakeTransport(() => answered(cards)) });
    await settle();

    const lines = page.querySelectorAll('.card-face__date').map((line) => line.dom?.textContent?.trim());
    expect(lines).toEqual([
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

  test('coming back refreshes in place; a failed refresh keeps the cards and says why', async () => {
    const showToast = jest.spyOn(wx, 'showToast');
    let answer: Envelope<unknown> = answered([waitingPro]);
    const transport = fakeTransport(() => answer);
    const page = loadPage(HOME, { transport });
    await settle();
    const pageMethods = page.instance as unknown as { onShow(): void };

    answer = answered([{ ...waitingPro, status: 'active' }]);
    pageMethods.onShow();
    expect(page.data['view']).toBe('cards'); // no loading flash while refreshing
    await settle();
    expect(textOf(page)).toContain('生效中');

    answer = { ok: false, error: { code: 'RATE_LIMITED', message: '操作太频繁，请稍后再试' } };
    pageMethods.onShow();
    await settle();
    expect(page.data['view']).toBe('cards');
    expect(textOf(page)).toContain('生效中');
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '操作太频繁，请稍后再试' }));
    expect(transport.calls).toHaveLength(3);
    showToast.mockRestore();
  });

  test('without a card, invites the member to activate one', async () => {
    const navigateTo = jest.spyOn(wx, 'navigateTo');
    const page = loadPage(HOME, { transport: fakeTransport(() => answered([])) });
    await settle();

    expect(page.data['view']).toBe('empty');
    expect(textOf(page)).toContain('您还没有激活的太医蓝卡');

    await tap(page, '#activate');
    expect(navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/activate/index' }));
    navigateTo.mockRestore();
  });

  test('says so when the activation page is not there yet', async () => {
    const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation((options) => {
      options.fail?.({ errMsg: 'navigateTo:fail page "pages/activate/index" is not found' });
    });
    const showToast = jest.spyOn(wx, 'showToast');
    const page = loadPage(HOME, { transport: fakeTransport(() => answered([])) });
    await settle();

    await tap(page, '#activate');
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '激活功能即将开放' }));
    navigateTo.mockRestore();
    showToast.mockRestore();
  });

  test('shows the function’s message as it came, and 重试 loads again', async () => {
    let calls = 0;
    const transport = fakeTransport(() => {
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

    expect(transport.calls).toHaveLength(2);
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
