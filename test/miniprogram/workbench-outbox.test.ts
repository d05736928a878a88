/**
 * @jest-environment jsdom
 *
 * 通知发件箱 (admins, R5.3): admin.outbox by status with counts (failed first), each notice's
 * error, paging, and sending a failed or skipped one again (admin.retryNotice).
 */
import type { Envelope, OpsNotice } from '../../typings/contract';
import { deferred, loadPage, settle, tap, textOf } from './harness';
import { invoke } from './membership-kit';
import { answering, callsOf, ok, refused } from './workbench-kit';

const OUTBOX = 'workbench/pages/outbox/index';

afterEach(() => jest.restoreAllMocks());

function notice(overrides: Partial<OpsNotice> = {}): OpsNotice {
  return {
    noticeId: 'n-1',
    channel: 'sms',
    to: '138****8000',
    template: 'bookingMade',
    text: '【太平洋医疗健康】您好，请持医保卡于6月4日下午内前往北京协和医院的窗口或自助机取号。',
    dedupeKey: 'o-1:book:0',
    status: 'failed',
    attempts: 5,
    lastError: 'template not approved',
    createdAt: '2026-06-01T10:00:00+08:00',
    nextAttemptAt: null,
    sentAt: null,
    ...overrides,
  };
}

const COUNTS = { pending: 1, sent: 10, failed: 1, skipped: 2 };

describe('workbench outbox', () => {
  test('loading, then the failed notices with their error; tabs carry the counts', async () => {
    const answer = deferred<Envelope<unknown>>();
    const transport = answering({ 'admin.outbox': () => answer.promise });
    const page = loadPage(OUTBOX, { transport });
    await settle();
    expect(page.querySelector('.outbox__loading')).toBeTruthy();
    answer.resolve(ok({ notices: [notice()], nextCursor: null, counts: COUNTS }));
    await settle();
    expect(callsOf(transport, 'admin.outbox')).toEqual([{ status: 'failed', limit: 20 }]);
    const text = textOf(page);
    expect(text).toContain('发送失败 1');
    expect(text).toContain('未发送 2');
    expect(text).toContain('短信 bookingMade 发送失败 发往 138****8000 · 写入于 6月1日 10:00 · 尝试 5 次');
    expect(text).toContain('原因：template not approved');
    expect(text).toContain('重新发送');
  });

  test('sending again, then the list is read again; a refusal is a toast', async () => {
    let refuse = false;
    const transport = answering({
      'admin.outbox': ok({ notices: [notice()], nextCursor: null, counts: COUNTS }),
      'admin.retryNotice': () =>
        refuse
          ? refused('INVALID_STATE', '只有发送失败或未发送的通知可以重发')
          : ok({ notice: notice({ status: 'pending' }) }),
    });
    const toast = jest.spyOn(wx, 'showToast');
    const page = loadPage(OUTBOX, { transport });
    await settle();
    await tap(page, '#resend-n-1');
    await settle();
    expect(callsOf(transport, 'admin.retryNotice')).toEqual([{ noticeId: 'n-1' }]);
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '已重新排队发送' }));
    expect(callsOf(transport, 'admin.outbox')).toHaveLength(2);
    refuse = true;
    await tap(page, '#resend-n-1');
    await settle();
    expect(toast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '只有发送失败或未发送的通知可以重发' }));
  });

  test('other statuses, paging, empty and error', async () => {
    let fail = false;
    const transport = answering({
      'admin.outbox': (data) => {
        if (fail) return refused('INTERNAL', '服务繁忙，请稍后重试');
        if (data['status'] === 'sent' && data['cursor'] === '20') {
          return ok({
            notices: [
              notice({
                noticeId: 'n-21',
                status: 'sent',
                sentAt: '2026-06-01T10:01:00+08:00',
                lastError: undefined as never,
              }),
            ],
            nextCursor: null,
            counts: COUNTS,
          });
        }
        if (data['status'] === 'sent')
          return ok({
            notices: [notice({ status: 'sent', lastError: undefined as never, sentAt: '2026-06-01T10:01:00+08:00' })],
            nextCursor: '20',
            counts: COUNTS,
          });
        return ok({ notices: [], nextCursor: null, counts: COUNTS });
      },
    });
    const page = loadPage(OUTBOX, { transport });
    await settle();
    expect(textOf(page)).toContain('没有发送失败的通知');
    await invoke(page, 'onStatus', { detail: { index: 3 } });
    await settle();
    expect(textOf(page)).toContain('发送于 6月1日 10:01');
    expect(page.querySelector('#resend-n-1')).toBeFalsy();
    await invoke(page, 'onReachBottom');
    await settle();
    expect(callsOf(transport, 'admin.outbox').at(-1)).toEqual({ status: 'sent', limit: 20, cursor: '20' });
    expect(page.querySelector('#notice-n-21')).toBeTruthy();
    fail = true;
    await invoke(page, 'onStatus', { detail: { index: 1 } });
    await settle();
    expect(textOf(page)).toContain('服务繁忙，请稍后重试 重试');
  });
});
