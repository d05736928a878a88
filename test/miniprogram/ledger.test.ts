/**
 * @jest-environment jsdom
 */
import type { Envelope, LedgerRow } from '../../typings/contract';
import type { CallData } from '../../miniprogram/services/transport';
import { deferred, fakeTransport, settle, tap, textOf } from './harness';
import { benefit, invoke, ok, open, premiumCard, refused } from './membership-kit';

const LEDGER = 'member/pages/ledger/index';

const card = premiumCard({
  status: 'active',
  members: [
    { memberId: 'm-holder', role: 'holder', name: '张*丰', self: true },
    { memberId: 'm-li', role: 'member', name: '李*水', self: false },
  ],
  benefits: [
    benefit('butler', '健康管家', null, true),
    benefit('quickConsult', '三甲专科快速问诊', 48, true, 1),
    benefit('outpatientGreen', '门诊绿通', 8, true, 1),
    benefit('escort', '就医陪诊', 1, true),
  ],
});

let rowSeq = 0;
const row = (r: Partial<LedgerRow> & Pick<LedgerRow, 'benefit' | 'change' | 'at'>): LedgerRow => ({
  rowId: `led-${++rowSeq}`,
  orderId: 'o-1',
  person: '张*丰',
  personId: 'm-holder',
  self: true,
  by: 'member',
  ...r,
});

// Newest first, as the function answers.
const page1: LedgerRow[] = [
  row({ benefit: 'outpatientGreen', change: 'use', at: '2026-06-02T14:30:00+08:00', by: 'staff' }),
  row({ benefit: 'outpatientGreen', change: 'hold', at: '2026-06-02T09:05:00+08:00' }),
  row({
    benefit: 'quickConsult',
    change: 'release',
    at: '2026-06-01T20:10:00+08:00',
    person: '李*水',
    personId: 'm-1',
    self: false,
    by: 'member',
  }),
  row({
    benefit: 'quickConsult',
    change: 'hold',
    at: '2026-06-01T19:58:00+08:00',
    person: '李*水',
    personId: 'm-1',
    self: false,
    by: 'member',
  }),
];
const page2: LedgerRow[] = [
  row({ benefit: 'outpatientGreen', change: 'rehold', at: '2026-05-20T10:00:00+08:00', by: 'system' }),
];

/** Answers like the function: pages of 4 rows, one benefit's rows when `benefit` is asked. */
function world(options: { ledger?: (data: CallData) => Envelope<unknown> | Promise<Envelope<unknown>> } = {}) {
  return fakeTransport((_name, data) => {
    if (data.action === 'mine') return ok({ cards: [card] });
    if (options.ledger) return options.ledger(data);
    const all = [...page1, ...page2].filter((r) => data['benefit'] === undefined || r.benefit === data['benefit']);
    const from = Number(data['cursor'] ?? '0');
    const rows = all.slice(from, from + 4);
    return ok({ rows, nextCursor: from + 4 < all.length ? String(from + 4) : null });
  });
}

afterEach(() => jest.restoreAllMocks());

describe('ledger page', () => {
  test('loading, then rows grouped by day, newest first, in words', async () => {
    const answer = deferred<Envelope<unknown>>();
    const transport = world({ ledger: () => answer.promise });
    const page = await open(LEDGER, { cardId: 'c-premium' }, { transport });
    expect(page.data['view']).toBe('loading');
    expect(page.querySelector('.ledger__loading')).toBeTruthy();
    expect(transport.calls).toEqual([
      ['card', { action: 'mine' }],
      ['card', { action: 'ledger', cardId: 'c-premium' }],
    ]);

    answer.resolve(ok({ rows: page1, nextCursor: '4' }));
    await settle();
    const days = page.querySelectorAll('.ledger__day').map((d) => d.dom?.textContent?.trim());
    expect(days).toEqual(['2026年6月2日', '2026年6月1日']);
    const rows = page.querySelectorAll('.row').map((r) => r.dom?.textContent?.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual([
      '门诊绿通已使用使用人 张*丰 · 服务人员操作6月2日 14:30',
      '门诊绿通预约占用使用人 张*丰 · 本人操作6月2日 09:05',
      '三甲专科快速问诊已退回使用人 李*水 · 家人操作6月1日 20:10',
      '三甲专科快速问诊预约占用使用人 李*水 · 家人操作6月1日 19:58',
    ]);
  });

  test('loads the next page on reaching the bottom, until there is none', async () => {
    const transport = world();
    const page = await open(LEDGER, { cardId: 'c-premium' }, { transport });
    expect(textOf(page)).not.toContain('没有更多了');

    await invoke(page, 'onReachBottom');
    await settle();
    expect(transport.calls[2]).toEqual(['card', { action: 'ledger', cardId: 'c-premium', cursor: '4' }]);
    expect(page.querySelectorAll('.row')).toHaveLength(5);
    expect(textOf(page)).toContain('2026年5月20日');
    expect(textOf(page)).toContain('门诊绿通 重新占用 使用人 张*丰 · 系统操作');
    expect(textOf(page)).toContain('没有更多了');

    await invoke(page, 'onReachBottom');
    expect(transport.calls).toHaveLength(3);
  });

  test('a page that fails to load says so at the bottom; a tap tries again', async () => {
    let fail = true;
    const more = deferred<Envelope<unknown>>();
    const transport = world({
      ledger: (data) => {
        if (data['cursor'] !== '4') return ok({ rows: page1, nextCursor: '4' });
        if (fail) return refused('INTERNAL', '系统繁忙，请稍后再试');
        return more.promise;
      },
    });
    const page = await open(LEDGER, { cardId: 'c-premium' }, { transport });
    await invoke(page, 'onReachBottom');
    await settle();
    expect(textOf(page)).toContain('系统繁忙，请稍后再试，点击重试');
    expect(page.querySelectorAll('.row')).toHaveLength(4);

    fail = false;
    await tap(page, '#more-retry');
    expect(textOf(page)).toContain('加载中…');
    // a second reach-bottom while loading asks nothing more
    await invoke(page, 'onReachBottom');
    expect(transport.calls.filter(([, d]) => d['cursor'] === '4')).toHaveLength(2);

    more.resolve(ok({ rows: page2, nextCursor: null }));
    await settle();
    expect(page.querySelectorAll('.row')).toHaveLength(5);
    expect(textOf(page)).toContain('没有更多了');
  });

  test('a chip asks the function for its benefit’s rows and pages from the top again', async () => {
    const transport = world();
    const page = await open(LEDGER, { cardId: 'c-premium' }, { transport });
    const chips = page.querySelectorAll('.chip').map((c) => c.dom?.textContent?.trim());
    expect(chips).toEqual(['全部', '三甲专科快速问诊', '门诊绿通', '就医陪诊']);
    await invoke(page, 'onReachBottom');
    await settle();
    expect(page.querySelectorAll('.row')).toHaveLength(5);

    await tap(page, '#chip-quickConsult');
    expect(transport.calls.at(-1)).toEqual([
      'card',
      { action: 'ledger', cardId: 'c-premium', benefit: 'quickConsult' },
    ]);
    expect(page.querySelectorAll('.row')).toHaveLength(2);
    expect(textOf(page)).not.toContain('门诊绿通 已使用');
    // the day headers follow the rows shown
    expect(page.querySelectorAll('.ledger__day').map((d) => d.dom?.textContent?.trim())).toEqual(['2026年6月1日']);
    expect(textOf(page)).toContain('没有更多了');

    // a further page of the chip's benefit keeps asking for it
    await tap(page, '#chip-outpatientGreen');
    expect(page.querySelectorAll('.row')).toHaveLength(3);
    expect(page.data['nextCursor']).toBeNull();

    await tap(page, '#chip-escort');
    expect(transport.calls.at(-1)).toEqual(['card', { action: 'ledger', cardId: 'c-premium', benefit: 'escort' }]);
    expect(page.querySelectorAll('.row')).toHaveLength(0);
    expect(textOf(page)).toContain('这项权益还没有使用记录');
    expect(page.querySelectorAll('.chip')).toHaveLength(4);

    await tap(page, '#all');
    expect(transport.calls.at(-1)).toEqual(['card', { action: 'ledger', cardId: 'c-premium' }]);
    expect(page.querySelectorAll('.row')).toHaveLength(4);
    expect(page.data['filter']).toBe('');
  });

  test('a chip’s next page carries the benefit and the cursor', async () => {
    const transport = world({
      ledger: (data) =>
        data['cursor'] === 'q-2'
          ? ok({ rows: [page1[3]], nextCursor: null })
          : ok({ rows: data['benefit'] ? [page1[2]] : page1, nextCursor: data['benefit'] ? 'q-2' : '4' }),
    });
    const page = await open(LEDGER, { cardId: 'c-premium' }, { transport });
    await tap(page, '#chip-quickConsult');
    expect(page.querySelectorAll('.row')).toHaveLength(1);
    await invoke(page, 'onReachBottom');
    await settle();
    expect(transport.calls.at(-1)).toEqual([
      'card',
      { action: 'ledger', cardId: 'c-premium', benefit: 'quickConsult', cursor: 'q-2' },
    ]);
    expect(page.querySelectorAll('.row')).toHaveLength(2);
  });

  test('while a chip loads its rows are on their way; a late answer of another chip is dropped', async () => {
    const slow = deferred<Envelope<unknown>>();
    const fast = deferred<Envelope<unknown>>();
    const transport = world({
      ledger: (data) =>
        data['benefit'] === 'quickConsult'
          ? slow.promise
          : data['benefit'] === 'outpatientGreen'
            ? fast.promise
            : ok({ rows: page1, nextCursor: '4' }),
    });
    const page = await open(LEDGER, { cardId: 'c-premium' }, { transport });
    await tap(page, '#chip-quickConsult');
    expect(page.querySelector('.ledger__list-loading')).toBeTruthy();
    expect(page.querySelectorAll('.row')).toHaveLength(0);

    await tap(page, '#chip-outpatientGreen');
    fast.resolve(ok({ rows: [page1[0], page1[1]], nextCursor: null }));
    await settle();
    slow.resolve(ok({ rows: [page1[2], page1[3]], nextCursor: null }));
    await settle();
    expect(page.data['filter']).toBe('outpatientGreen');
    expect(textOf(page)).not.toContain('三甲专科快速问诊 已退回');
    expect(page.querySelectorAll('.row')).toHaveLength(2);
  });

  test('a chip’s refusal is shown under the chips; 重试 asks again', async () => {
    let broken = true;
    const transport = world({
      ledger: (data) =>
        data['benefit'] && broken ? refused('INTERNAL', '系统繁忙，请稍后再试') : ok({ rows: page1, nextCursor: null }),
    });
    const page = await open(LEDGER, { cardId: 'c-premium' }, { transport });
    await tap(page, '#chip-escort');
    expect(textOf(page)).toContain('系统繁忙，请稍后再试');
    expect(page.querySelectorAll('.chip')).toHaveLength(4);

    broken = false;
    await tap(page, '#list-retry');
    expect(transport.calls.at(-1)).toEqual(['card', { action: 'ledger', cardId: 'c-premium', benefit: 'escort' }]);
    expect(page.querySelectorAll('.row')).toHaveLength(4);
  });

  test('opens on one benefit’s chip when asked (a pool bar of the home page)', async () => {
    const transport = world();
    const page = await open(LEDGER, { cardId: 'c-premium', benefit: 'outpatientGreen' }, { transport });
    expect(page.data['filter']).toBe('outpatientGreen');
    expect(transport.calls.at(-1)).toEqual([
      'card',
      { action: 'ledger', cardId: 'c-premium', benefit: 'outpatientGreen' },
    ]);
    expect(page.querySelectorAll('.row')).toHaveLength(3);
    expect(page.querySelector('#chip-outpatientGreen')?.dom?.className).toContain('chip--on');

    const other = world();
    const unknown = await open(LEDGER, { cardId: 'c-premium', benefit: 'nonsense' }, { transport: other });
    expect(unknown.data['filter']).toBe('');
    expect(other.calls.at(-1)).toEqual(['card', { action: 'ledger', cardId: 'c-premium' }]);
    expect(unknown.querySelectorAll('.row')).toHaveLength(4);
  });

  test('empty: a friendly line and one action', async () => {
    const switchTab = jest.spyOn(wx, 'switchTab');
    const page = await open(
      LEDGER,
      { cardId: 'c-premium' },
      {
        transport: world({ ledger: () => ok({ rows: [], nextCursor: null }) }),
      },
    );
    expect(textOf(page)).toContain('还没有使用记录。预约服务后，占用和使用的次数会记在这里。');
    expect(page.querySelector('.chip')).toBeFalsy();
    await tap(page, '#home');
    expect(switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/home/index' }));
  });

  test('an error is shown as it came, 重试 loads again; pull-down starts from the top', async () => {
    let broken = true;
    const transport = world({
      ledger: () => (broken ? refused('NOT_FOUND', '没有找到这张卡') : ok({ rows: page1, nextCursor: '4' })),
    });
    const page = await open(LEDGER, { cardId: 'c-premium' }, { transport });
    expect(page.data['view']).toBe('error');
    expect(textOf(page)).toContain('没有找到这张卡');

    broken = false;
    await tap(page, '#retry');
    expect(page.querySelectorAll('.row')).toHaveLength(4);

    const stop = jest.spyOn(wx, 'stopPullDownRefresh');
    await invoke(page, 'onPullDownRefresh');
    await settle();
    const ledgerCalls = transport.calls.filter(([, d]) => d.action === 'ledger');
    expect(ledgerCalls[ledgerCalls.length - 1]).toEqual(['card', { action: 'ledger', cardId: 'c-premium' }]);
    expect(stop).toHaveBeenCalled();
  });

  test('without a cardId, the caller’s first card', async () => {
    const transport = world();
    await open(LEDGER, {}, { transport });
    expect(transport.calls).toEqual([
      ['card', { action: 'mine' }],
      ['card', { action: 'ledger', cardId: 'c-premium' }],
    ]);
  });
});
