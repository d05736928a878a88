/**
 * @jest-environment jsdom
 *
 * 节假日调整 (admins, R4): the overrides as admin.getHolidays answers them, where the official
 * calendar ends, adding a day (放假 / 调休上班) and removing one (null) through admin.setHolidays.
 */
import type { Envelope, HolidayTable } from '../../typings/contract';
import { deferred, loadPage, settle, tap, textOf } from './harness';
import { emit } from './membership-kit';
import { answerDialog, answering, callsOf, ok, refused } from './workbench-kit';

const HOLIDAYS = 'workbench/pages/holidays/index';

afterEach(() => jest.restoreAllMocks());

const table = (days: HolidayTable['days']): HolidayTable => ({ days, officialYears: { first: 2004, last: 2026 } });

describe('workbench holidays', () => {
  test('loading, then the overrides with their weekday, and where the official data ends', async () => {
    const answer = deferred<Envelope<unknown>>();
    const page = loadPage(HOLIDAYS, { transport: answering({ 'admin.getHolidays': () => answer.promise }) });
    await settle();
    expect(page.querySelector('.holidays__loading')).toBeTruthy();
    answer.resolve(ok(table({ '2027-02-06': 'holiday', '2027-02-14': 'workday' })));
    await settle();
    const text = textOf(page);
    expect(text).toContain('官方节假日数据覆盖 2004–2026 年。2027 年起的放假与调休，请在国务院公布后在此添加。');
    expect(text).toContain('2027年2月6日 周六 放假');
    expect(text).toContain('2027年2月14日 周日 调休上班');
  });

  test('adding a day: date and kind required; sent as one override; the answer replaces the list', async () => {
    const transport = answering({
      'admin.getHolidays': ok(table({})),
      'admin.setHolidays': ok(table({ '2027-01-01': 'holiday' })),
    });
    const page = loadPage(HOLIDAYS, { transport });
    await settle();
    expect(textOf(page)).toContain('还没有调整，官方日历照常生效');
    await tap(page, '#add-first');
    await settle(400);
    await tap(page, '#save');
    expect(textOf(page)).toContain('请选择放假或调休上班');
    await emit(page, '#day', 'change', { value: '2027-01-01' });
    await tap(page, '#kind-holiday');
    await tap(page, '#save');
    await settle();
    expect(callsOf(transport, 'admin.setHolidays')).toEqual([{ days: { '2027-01-01': 'holiday' } }]);
    expect(textOf(page)).toContain('2027年1月1日 周五 放假');
    expect(page.data['adding']).toBe(false);
  });

  test('removing a day is confirmed and sends null; a refusal is a toast', async () => {
    const transport = answering({
      'admin.getHolidays': ok(table({ '2027-02-06': 'holiday' })),
      'admin.setHolidays': refused('INVALID_ARGUMENT', '日期应为 2000–2099 年的 YYYY-MM-DD'),
    });
    const toast = jest.spyOn(wx, 'showToast');
    const page = loadPage(HOLIDAYS, { transport });
    await settle();
    await tap(page, '#remove-2027-02-06 >>> .van-icon');
    await settle(400);
    expect(textOf(page)).toContain('删除后，2027-02-06 按官方日历计算是否为工作日');
    await answerDialog(page, '#remove-dialog', 'confirm');
    await settle();
    expect(callsOf(transport, 'admin.setHolidays')).toEqual([{ days: { '2027-02-06': null } }]);
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '日期应为 2000–2099 年的 YYYY-MM-DD' }));
  });

  test('an error shows the message and 重试', async () => {
    const page = loadPage(HOLIDAYS, {
      transport: answering({ 'admin.getHolidays': refused('PERMISSION_DENIED', '仅管理员可以进行此操作') }),
    });
    await settle();
    expect(textOf(page)).toContain('仅管理员可以进行此操作 重试');
  });
});
