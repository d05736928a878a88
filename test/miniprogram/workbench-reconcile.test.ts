/**
 * @jest-environment jsdom
 *
 * 额度对账 (admins, R3.5): admin.reconcile's report — all pools agree, or which differ and how —
 * for every pool or one card, with the benefits' names from content.benefits.
 */
import type { Envelope } from '../../typings/contract';
import { deferred, loadPage, settle, tap, textOf } from './harness';
import { answering, callsOf, fill, ok, refused } from './workbench-kit';

const RECONCILE = 'workbench/pages/reconcile/index';

afterEach(() => jest.restoreAllMocks());

const names = ok({ benefits: [{ key: 'outpatientGreen', name: '门诊绿通' }], forms: {} });

describe('workbench reconcile', () => {
  test('runs on opening: every pool agrees', async () => {
    const answer = deferred<Envelope<unknown>>();
    const transport = answering({ 'admin.reconcile': () => answer.promise, 'content.benefits': names });
    const page = loadPage(RECONCILE, { transport });
    await settle();
    expect(page.querySelector('.reconcile__loading')).toBeTruthy();
    answer.resolve(ok({ pools: 42, mismatches: [] }));
    await settle();
    expect(callsOf(transport, 'admin.reconcile')).toEqual([{}]);
    expect(textOf(page)).toContain('全部 42 个额度池与流水一致');
  });

  test('mismatches name the card, the benefit and each counter, stored against the ledger', async () => {
    const transport = answering({
      'admin.reconcile': ok({
        pools: 3,
        mismatches: [
          {
            cardId: 'c-9',
            benefit: 'outpatientGreen',
            differences: [
              { field: 'used', stored: 2, fromLedger: 3 },
              { field: 'remaining', stored: 6, fromLedger: 5 },
            ],
          },
        ],
      }),
      'content.benefits': names,
    });
    const page = loadPage(RECONCILE, { transport });
    await settle();
    const text = textOf(page);
    expect(text).toContain('共核对 3 个额度池，1 个与流水不一致');
    expect(text).toContain('门诊绿通 不一致 卡 ID c-9 已用 记录 2 · 按流水 3 剩余 记录 6 · 按流水 5');
  });

  test('one card only, again on demand; an error with 重试', async () => {
    let fail = false;
    const transport = answering({
      'admin.reconcile': () => (fail ? refused('INTERNAL', '服务繁忙，请稍后重试') : ok({ pools: 4, mismatches: [] })),
      'content.benefits': names,
    });
    const page = loadPage(RECONCILE, { transport });
    await settle();
    await fill(page, '#cardId', 'c-1');
    await tap(page, '#run');
    await settle();
    expect(callsOf(transport, 'admin.reconcile').at(-1)).toEqual({ cardId: 'c-1' });
    expect(textOf(page)).toContain('该卡 4 个额度池与流水一致');
    // names are read once
    expect(callsOf(transport, 'content.benefits')).toHaveLength(1);
    fail = true;
    await tap(page, '#run');
    await settle();
    expect(textOf(page)).toContain('服务繁忙，请稍后重试 重试');
  });
});
