/**
 * @jest-environment jsdom
 *
 * The butler's side of the 健康管家 conversations: the list of threads (butler.threads, newest
 * first, unread counts, paging) and one thread (butler.thread, replies, 代为下单 on premium cards).
 */
import type { ButlerThread, Message } from '../../typings/contract';
import { deferred, loadPage, settle, tap, textOf } from './harness';
import { invoke, open } from './membership-kit';
import { answering, callsOf, fill, ok, refused } from './workbench-kit';
import type { Envelope } from '../../typings/contract';

const THREADS = 'workbench/pages/threads/index';
const THREAD = 'workbench/pages/thread/index';

afterEach(() => jest.restoreAllMocks());

function thread(overrides: Partial<ButlerThread> = {}): ButlerThread {
  return {
    threadId: 't-1',
    cardId: 'c-1',
    edition: 'premium',
    mayOrder: true,
    memberId: 'm-1',
    personName: '张*丰',
    lastAt: '2026-06-01T10:05:00+08:00',
    lastFrom: 'member',
    preview: '想预约下周的门诊',
    unread: 2,
    ...overrides,
  };
}

const msg = (id: string, from: Message['from'], text: string): Message => ({
  messageId: id,
  from,
  text,
  at: '2026-06-01T10:05:00+08:00',
});

describe('workbench threads (butler)', () => {
  test('loading, then the threads: person, edition, preview, unread', async () => {
    const answer = deferred<Envelope<unknown>>();
    const transport = answering({ 'butler.threads': () => answer.promise });
    const page = loadPage(THREADS, { transport });
    await settle();
    expect(page.querySelector('.threads__loading')).toBeTruthy();
    answer.resolve(
      ok({
        threads: [
          thread(),
          thread({
            threadId: 't-2',
            personName: '王*嫣',
            edition: 'pro',
            mayOrder: false,
            unread: 0,
            lastFrom: 'butler',
            preview: '好的',
          }),
        ],
        nextCursor: null,
      }),
    );
    await settle();
    const text = textOf(page);
    expect(callsOf(transport, 'butler.threads')).toEqual([{ limit: 20 }]);
    expect(text).toContain('张*丰 尊享版 6月1日 10:05 想预约下周的门诊 2');
    expect(text).toContain('王*嫣 专业版 6月1日 10:05 我：好的');
    expect(text).toContain('没有更多了');
  });

  test('paging, empty, error and opening a thread', async () => {
    const transport = answering({
      'butler.threads': (data) =>
        data['cursor'] === '20'
          ? ok({ threads: [thread({ threadId: 't-21' })], nextCursor: null })
          : ok({ threads: [thread()], nextCursor: '20' }),
    });
    const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation(() => undefined as never);
    const page = loadPage(THREADS, { transport });
    await settle();
    await invoke(page, 'onReachBottom');
    expect(callsOf(transport, 'butler.threads').at(-1)).toEqual({ limit: 20, cursor: '20' });
    expect(page.querySelector('#thread-t-21')).toBeTruthy();
    await tap(page, '#thread-t-21');
    expect(navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/workbench/pages/thread/index?threadId=t-21' }),
    );

    const empty = loadPage(THREADS, {
      transport: answering({ 'butler.threads': ok({ threads: [], nextCursor: null }) }),
    });
    await settle();
    expect(textOf(empty)).toContain('还没有会员发来消息');

    const failing = loadPage(THREADS, {
      transport: answering({ 'butler.threads': refused('PERMISSION_DENIED', '只有健康管家可以查看会话') }),
    });
    await settle();
    expect(textOf(failing)).toContain('只有健康管家可以查看会话 重试');
  });
});

describe('workbench thread (butler)', () => {
  test('the messages, a reply, and 代为下单 for the person on a premium card', async () => {
    const transport = answering({
      'butler.thread': ok({
        thread: thread(),
        messages: [msg('1', 'member', '想预约下周的门诊'), msg('2', 'butler', '好的，我来帮您')],
        nextCursor: null,
      }),
      'butler.reply': (data) => ok({ message: msg('3', 'butler', String(data['text'])) }),
    });
    const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation(() => undefined as never);
    const page = await open(THREAD, { threadId: 't-1' }, { transport });
    expect(callsOf(transport, 'butler.thread')).toEqual([{ threadId: 't-1', limit: 30 }]);
    const text = textOf(page);
    expect(text).toContain('张*丰 太医蓝卡 尊享版 代为下单');
    expect(text).toContain('想预约下周的门诊');
    expect(page.querySelector('#m-2')?.dom?.className).toContain('msg--mine');

    await tap(page, '#send');
    expect(textOf(page)).toContain('请输入内容');
    await fill(page, '#draft', '已为您预约，请留意短信');
    await tap(page, '#send');
    await settle();
    expect(callsOf(transport, 'butler.reply')).toEqual([{ threadId: 't-1', text: '已为您预约，请留意短信' }]);
    expect(page.querySelector('#m-3')).toBeTruthy();

    await tap(page, '#place-order');
    expect(navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({
        url: `/workbench/pages/place-order/index?cardId=c-1&memberId=m-1&name=${encodeURIComponent('张*丰')}`,
      }),
    );
  });

  test('a pro card offers no 代为下单 (R1.5); a refusal to reply is shown as it came', async () => {
    const transport = answering({
      'butler.thread': ok({ thread: thread({ edition: 'pro', mayOrder: false }), messages: [], nextCursor: null }),
      'butler.reply': refused('RATE_LIMITED', '发送太频繁，请稍后再试'),
    });
    const page = await open(THREAD, { threadId: 't-1' }, { transport });
    expect(page.querySelector('#place-order')).toBeFalsy();
    await fill(page, '#draft', '您好');
    await tap(page, '#send');
    await settle();
    expect(textOf(page)).toContain('发送太频繁，请稍后再试');
    expect(page.data['draft']).toBe('您好');
  });

  test('older messages, and an error with 重试', async () => {
    let fail = true;
    const transport = answering({
      'butler.thread': (data) => {
        if (fail) return refused('NOT_FOUND', '没有找到这个会话');
        return data['cursor'] === '30'
          ? ok({ thread: thread(), messages: [msg('0', 'member', '更早')], nextCursor: null })
          : ok({ thread: thread(), messages: [msg('1', 'member', '较新')], nextCursor: '30' });
      },
    });
    const page = await open(THREAD, { threadId: 't-1' }, { transport });
    expect(textOf(page)).toContain('没有找到这个会话 重试');
    fail = false;
    await tap(page, '#retry');
    await tap(page, '#older');
    await settle();
    const text = textOf(page);
    expect(text.indexOf('更早')).toBeLessThan(text.indexOf('较新'));
  });
});

describe('workbench thread: images past the retention period (issue 10)', () => {
  test('the butler sees “[图片已过保存期]” where a member’s images were', async () => {
    const transport = answering({
      'butler.thread': ok({
        thread: thread({ preview: '[图片]' }),
        messages: [
          { ...msg('1', 'member', '这是化验单'), imagesNote: '图片已过保存期' },
          {
            messageId: '2',
            from: 'butler',
            name: '周管家',
            imagesNote: '图片已过保存期',
            at: '2026-06-01T10:06:00+08:00',
          },
        ],
        nextCursor: null,
      }),
    });
    const page = await open(THREAD, { threadId: 't-1' }, { transport });
    const text = textOf(page);
    expect(text).toContain('这是化验单 [图片已过保存期]');
    expect(text).toContain('周管家 · 6月1日 10:06 [图片已过保存期]');
    expect(page.querySelectorAll('.msg__expired')).toHaveLength(2);
    expect(page.querySelectorAll('.msg__images')).toHaveLength(0);
  });
});
