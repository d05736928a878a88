/**
 * @jest-environment jsdom
 */
import type { Card, CardBenefit, CardStatus } from '../../typings/contract';
import { loadPage, settle, tap, textOf, type SimulatedPage } from './harness';
import { card as baseCard } from './order-fixtures';

const CARD_FACE = 'components/card-face/index';
const BENEFIT_GRID = 'components/benefit-grid/index';
const POOL_BAR = 'components/pool-bar/index';

const card: Card = baseCard({
  cardId: 'c-premium',
  cardNo: '8800202600011234',
  members: [
    { memberId: 'm-2', role: 'member', name: '李*', self: false },
    { memberId: 'm-1', role: 'holder', name: '张*三', self: true },
  ],
  benefits: [],
});

function entry(partial: Partial<CardBenefit> & Pick<CardBenefit, 'key' | 'name'>): CardBenefit {
  return { total: null, used: 0, held: 0, remaining: null, shared: false, holderOnly: false, open: true, ...partial };
}

const benefits: CardBenefit[] = [
  entry({ key: 'butler', name: '健康管家' }),
  entry({ key: 'outpatientGreen', name: '门诊绿通', total: 8, used: 2, remaining: 6, shared: true }),
  entry({ key: 'inpatientGreen', name: '重疾绿通', total: 4, used: 4, remaining: 0, shared: true, open: false }),
  entry({ key: 'quickConsult', name: '三甲专科快速问诊', total: 48, remaining: 48, shared: true, open: false }),
  entry({ key: 'escort', name: '就医陪诊', total: 1, remaining: 1, holderOnly: true }),
];

function chip(page: SimulatedPage): { text: string | undefined; className: string } {
  const tag = page.querySelector('.card-face__head >>> .van-tag');
  return { text: tag?.dom?.textContent?.trim(), className: tag?.dom?.className ?? '' };
}

afterEach(() => jest.restoreAllMocks());

describe('card-face', () => {
  test.each<[CardStatus, string, string, string]>([
    ['inactive', '待激活', 'van-tag--default', '请于 2026年4月5日前激活'],
    ['waiting', '等待期', 'van-tag--warning', '3月20日起可预约'],
    ['active', '生效中', 'van-tag--success', '有效期至 2027年3月9日'],
    ['expired', '已过期', 'van-tag--default', '已于 2027年3月9日到期'],
  ])('%s: the chip reads %s in its colour, with its line', async (status, text, tone, line) => {
    const page = loadPage(CARD_FACE, { props: { card: { ...card, status } } });
    await settle();

    expect(chip(page)).toEqual({ text, className: expect.stringContaining(tone) as string });
    expect(page.querySelector('.card-face__date')?.dom?.textContent?.trim()).toBe(line);
  });

  test('尊享版 wears the gold mark; the number is masked; the holder’s name as answered', async () => {
    const page = loadPage(CARD_FACE, { props: { card } });
    await settle();

    const text = textOf(page);
    expect(text).toContain('太医蓝卡 尊享版');
    expect(text).toContain('**** 1234');
    expect(text).not.toContain('8800202600011234');
    expect(text).toContain('持卡人 张*三');
    expect(text).not.toContain('家庭成员');
    expect(page.querySelector('.card-face--premium')).toBeTruthy();
    expect(page.querySelector('.card-face__mark')).toBeTruthy();
  });

  test('专业版 has no gold mark; a family member’s card says so', async () => {
    const page = loadPage(CARD_FACE, { props: { card: { ...card, edition: 'pro', role: 'member' } } });
    await settle();

    expect(textOf(page)).toContain('太医蓝卡 专业版 家庭成员');
    expect(page.querySelector('.card-face--premium')).toBeFalsy();
    expect(page.querySelector('.card-face__mark')).toBeFalsy();
  });

  test('renders nothing before it has a card', async () => {
    const page = loadPage(CARD_FACE);
    await settle();
    expect(textOf(page)).toBe('');
  });
});

describe('benefit-grid', () => {
  /** Each tile's text: its name, then its badge. */
  function tiles(page: SimulatedPage): string[] {
    return page.querySelectorAll('.benefit-grid__item').map((tile) => {
      const pieces: string[] = [];
      tile.dom?.querySelectorAll('wx-text').forEach((node) => pieces.push(node.textContent?.trim() ?? ''));
      return pieces.join(' ');
    });
  }

  test('one tile per benefit, with the badge of what remains, as answered', async () => {
    const page = loadPage(BENEFIT_GRID, { props: { benefits, cardId: 'c-premium', role: 'holder' } });
    await settle();

    expect(tiles(page)).toEqual([
      '健康管家 不限',
      '门诊绿通 剩6次',
      '重疾绿通 已用完',
      '三甲专科快速问诊 未开通',
      '就医陪诊 剩1次',
    ]);
    // a vant icon per benefit
    expect(page.querySelectorAll('.benefit-grid__icon >>> .van-icon-manager-o')).toHaveLength(1);
    expect(page.querySelectorAll('.benefit-grid__icon >>> .van-icon-calendar-o')).toHaveLength(1);
    // closed or used up: the quiet tone
    const tones = page.querySelectorAll('.benefit-grid__badge').map((b) => b.dom?.className.includes('--on'));
    expect(tones).toEqual([true, true, false, false, true]);
  });

  test('a family member reads 仅限持卡人 on a holder-only benefit', async () => {
    const asMember = benefits.map((b) => (b.key === 'escort' ? { ...b, open: false } : b));
    const page = loadPage(BENEFIT_GRID, { props: { benefits: asMember, cardId: 'c-premium', role: 'member' } });
    await settle();

    expect(tiles(page)).toContain('就医陪诊 仅限持卡人');
    expect(tiles(page)).toContain('门诊绿通 剩6次');
  });

  test('仅限持卡人 wins over 已用完 for a member: it is the lasting reason', async () => {
    const used = [
      entry({ key: 'escort', name: '就医陪诊', total: 1, used: 1, remaining: 0, holderOnly: true, open: false }),
    ];
    const page = loadPage(BENEFIT_GRID, { props: { benefits: used, cardId: 'c-premium', role: 'member' } });
    await settle();

    expect(tiles(page)).toEqual(['就医陪诊 仅限持卡人']);
  });

  test('a tap opens the benefit’s detail for this card', async () => {
    const navigateTo = jest.spyOn(wx, 'navigateTo');
    const page = loadPage(BENEFIT_GRID, { props: { benefits, cardId: 'c-premium', role: 'holder' } });
    await settle();

    await tap(page, '#benefit-escort');
    expect(navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/member/pages/benefit/index?key=escort&cardId=c-premium' }),
    );
  });
});

describe('pool-bar', () => {
  const pool = entry({
    key: 'outpatientGreen',
    name: '门诊绿通',
    total: 8,
    used: 2,
    held: 1,
    remaining: 5,
    shared: true,
  });

  test('reads "门诊绿通 2/8 已用", with what orders in progress hold', async () => {
    const page = loadPage(POOL_BAR, { props: { benefit: pool, cardId: 'c-premium' } });
    await settle();

    expect(textOf(page)).toBe('门诊绿通 2/8 已用 处理中 1 次');
    expect(page.querySelector('.pool-bar__fill--used')?.dom?.getAttribute('style')).toContain('width: 25%');
    expect(page.querySelector('.pool-bar__fill--held')?.dom?.getAttribute('style')).toContain('width: 13%');
  });

  test('nothing held: no held segment and no line for it', async () => {
    const page = loadPage(POOL_BAR, { props: { benefit: { ...pool, held: 0, remaining: 6 }, cardId: 'c-premium' } });
    await settle();

    expect(textOf(page)).toBe('门诊绿通 2/8 已用');
    expect(page.querySelector('.pool-bar__fill--held')).toBeFalsy();
  });

  test('a tap opens the card’s ledger', async () => {
    const navigateTo = jest.spyOn(wx, 'navigateTo');
    const page = loadPage(POOL_BAR, { props: { benefit: pool, cardId: 'c-premium' } });
    await settle();

    await tap(page, '.pool-bar');
    expect(navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/member/pages/ledger/index?cardId=c-premium' }),
    );
  });
});
