/**
 * @jest-environment jsdom
 *
 * 发卡 (admins, R2.1): the form with inline validation, admin.issueCards, the numbers and codes
 * on screen, and the CSV export written with the file system manager and shared into a chat.
 */
import { cardsCsv, toCsv } from '../../miniprogram/utils/csv';
import { deferred, loadPage, settle, tap, textOf } from './harness';
import { emit, fieldError } from './membership-kit';
import { answering, callsOf, fill, ok, refused } from './workbench-kit';
import type { Envelope } from '../../typings/contract';

const ISSUE = 'workbench/pages/issue/index';

afterEach(() => {
  jest.restoreAllMocks();
  Reflect.deleteProperty(wx, 'env');
});

const CARDS = [
  { cardNo: '8860123456789012', code: 'K7M2Q9XA' },
  { cardNo: '8860987654321098', code: 'P3R8T2WZ' },
];

describe('cards CSV', () => {
  test('one line per card, card numbers kept as text, formulas defused, fields quoted', () => {
    expect(cardsCsv({ orderNo: 'PA-001', orderDate: '2026-06-01', edition: '尊享版', cards: CARDS })).toBe(
      '订单号,下单日期,版本,卡号,激活码\r\n' +
        'PA-001,2026-06-01,尊享版,\t8860123456789012,K7M2Q9XA\r\n' +
        'PA-001,2026-06-01,尊享版,\t8860987654321098,P3R8T2WZ\r\n',
    );
    expect(toCsv(['a'], [['=HYPERLINK("x")'], ['1,2'], ['say "hi"'], ['-1']])).toBe(
      'a\r\n"\'=HYPERLINK(""x"")"\r\n"1,2"\r\n"say ""hi"""\r\n\'-1\r\n',
    );
  });
});

describe('workbench issue cards', () => {
  test('every field is checked inline before anything is sent', async () => {
    const transport = answering({});
    const page = loadPage(ISSUE, { transport });
    await settle();
    await fill(page, '#count', '0');
    await fill(page, '#phone', '12345');
    await tap(page, '#submit');
    expect(fieldError(page, '#orderNo')).toBe('请填写平台订单号');
    expect(textOf(page)).toContain('请选择版本');
    expect(fieldError(page, '#count')).toBe('数量为 1–1000 张');
    expect(fieldError(page, '#phone')).toBe('请填写 11 位手机号');
    await fill(page, '#orderNo', 'PA 001');
    await tap(page, '#submit');
    expect(fieldError(page, '#orderNo')).toBe('订单号只能包含字母、数字、- 和 _，最长 64 位');
    expect(transport.calls).toEqual([]);
  });

  test('issues the cards, lists numbers and codes, and exports them as a shared CSV file', async () => {
    const answer = deferred<Envelope<unknown>>();
    const transport = answering({ 'admin.issueCards': () => answer.promise });
    Reflect.set(wx, 'env', { USER_DATA_PATH: 'wxfile://usr' });
    const writeFile = jest.fn((options: { success?: () => void }) => options.success?.());
    jest
      .spyOn(wx, 'getFileSystemManager')
      .mockReturnValue({ writeFile } as unknown as WechatMiniprogram.FileSystemManager);
    const share = jest.spyOn(wx, 'shareFileMessage').mockImplementation((options) => {
      options.success?.({ errMsg: 'shareFileMessage:ok' });
      return undefined as never;
    });
    const toast = jest.spyOn(wx, 'showToast');

    const page = loadPage(ISSUE, { transport });
    await settle();
    await fill(page, '#orderNo', 'PA-001');
    await emit(page, '#orderDate', 'change', { value: '2026-06-01' });
    await tap(page, '#edition-premium');
    await fill(page, '#count', '2');
    await fill(page, '#phone', '13700137000');
    await tap(page, '#submit');
    expect(callsOf(transport, 'admin.issueCards')).toEqual([
      { orderNo: 'PA-001', orderDate: '2026-06-01', edition: 'premium', count: 2, phone: '13700137000' },
    ]);
    answer.resolve(ok({ cards: CARDS }));
    await settle();

    const text = textOf(page);
    expect(text).toContain('已发放 2 张');
    expect(text).toContain('订单 PA-001 · 2026年6月1日 · 尊享版');
    expect(text).toContain('8860123456789012 K7M2Q9XA');
    expect(text).toContain('8860987654321098 P3R8T2WZ');

    await tap(page, '#export');
    await settle();
    expect(writeFile).toHaveBeenCalledWith(
      expect.objectContaining({
        filePath: 'wxfile://usr/太医蓝卡-PA-001.csv',
        data: '\ufeff' + cardsCsv({ orderNo: 'PA-001', orderDate: '2026-06-01', edition: '尊享版', cards: CARDS }),
        encoding: 'utf8',
      }),
    );
    expect(share).toHaveBeenCalledWith(
      expect.objectContaining({ filePath: 'wxfile://usr/太医蓝卡-PA-001.csv', fileName: '太医蓝卡-PA-001.csv' }),
    );
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '已导出' }));

    await tap(page, '#again');
    expect(page.querySelector('#submit')).toBeTruthy();
  });

  test('a failed export says so; a refusal of the issue is shown as it came', async () => {
    const transport = answering({ 'admin.issueCards': refused('PERMISSION_DENIED', '仅管理员可以进行此操作') });
    const page = loadPage(ISSUE, { transport });
    await settle();
    await fill(page, '#orderNo', 'PA-002');
    await tap(page, '#edition-pro');
    await tap(page, '#submit');
    await settle();
    expect(page.querySelector('#submit-error')?.dom?.textContent).toBe('仅管理员可以进行此操作');

    const many = Array.from({ length: 60 }, (_, i) => ({
      cardNo: `88601234567${String(i).padStart(5, '0')}`,
      code: 'ABCDEFGH',
    }));
    const big = loadPage(ISSUE, { transport: answering({ 'admin.issueCards': ok({ cards: many }) }) });
    await settle();
    await fill(big, '#orderNo', 'PA-003');
    await tap(big, '#edition-pro');
    await fill(big, '#count', '60');
    await tap(big, '#submit');
    await settle();
    expect(textOf(big)).toContain('共 60 张，此处显示前 50 张，完整列表请导出');
    // no wx.env (no user data folder): the export cannot be written
    const toast = jest.spyOn(wx, 'showToast');
    await tap(big, '#export');
    await settle();
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '导出失败，请重试' }));
  });
});
