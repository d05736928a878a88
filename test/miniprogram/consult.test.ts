/**
 * @jest-environment jsdom
 */
import type { Message, SessionState } from '../../typings/contract';
import { loadPage, settle, tap, textOf, type FakeTransport, type SimulatedPage } from './harness';
import { MEMBER_DIR, callsOf, classOf, ok, order, refused, textIn, world, type Handler } from './order-fixtures';

const CONSULT = 'member/pages/consult/index';

afterEach(() => {
  jest.restoreAllMocks();
  Reflect.deleteProperty(wx, 'cloud');
});

function at(ms: number): string {
  const t = new Date(Date.now() + ms + 8 * 3600 * 1000);
  return `${t.toISOString().slice(0, 19)}+08:00`;
}

function session(overrides: Partial<SessionState> = {}): SessionState {
  return {
    open: true,
    endsAt: at(90 * 60 * 1000),
    mode: 'text',
    warning: false,
    doctorName: '陈明',
    as: 'member',
    ...overrides,
  };
}

function msg(n: number, from: Message['from'], text: string, extra: Partial<Message> = {}): Message {
  return {
    messageId: `o_1:${String(n).padStart(6, '0')}`,
    from,
    text,
    at: `2026-06-01T10:${String(n).padStart(2, '0')}:00+08:00`,
    ...extra,
  };
}

const inService = order('quickConsult', { orderId: 'o-1', status: 'in_service', quota: 'used', awaiting: 'complete' });

async function open(
  query: Record<string, string>,
  handlers: Record<string, Handler> = {},
): Promise<{ page: SimulatedPage; transport: FakeTransport }> {
  const transport = world({
    'order.get': () => ok({ order: inService }),
    'order.messages': () =>
      ok({
        messages: [msg(1, 'member', '头痛三天'), msg(2, 'doctor', '有发烧吗？', { name: '陈明' })],
        nextCursor: null,
        session: session(),
      }),
    ...handlers,
  });
  const page = loadPage(CONSULT, { transport });
  (page.instance as unknown as { onLoad(q: Record<string, string>): void }).onLoad(query);
  await settle();
  await settle();
  return { page, transport };
}

async function type(page: SimulatedPage, text: string): Promise<void> {
  page.querySelector('#draft')?.dispatchEvent('input', { detail: { value: text } });
  await settle();
}

async function invoke(page: SimulatedPage, method: string): Promise<void> {
  const fn = Reflect.get(page.instance as object, method) as () => unknown;
  await fn.call(page.instance);
  await settle();
}

function bubbles(page: SimulatedPage): string[] {
  const count = (page.data['messages'] as unknown[]).length;
  return Array.from({ length: count }, (_, i) => textIn(page, `#m${i}`));
}

describe('consult: in service', () => {
  test('the messages, the doctor, the time left and 结束咨询', async () => {
    const { page, transport } = await open({ orderId: 'o-1' });
    expect(page.data['view']).toBe('ready');
    expect(callsOf(transport, 'order.messages')).toEqual([{ action: 'messages', orderId: 'o-1' }]);
    expect(textIn(page, '#head')).toContain('三甲专科快速问诊 · 图文咨询');
    expect(textIn(page, '#session-open')).toMatch(/^陈明 医生已接诊 剩余时间 剩余 01:(29|30):\d{2}$/);
    expect(bubbles(page)).toEqual(['头痛三天', '陈明 医生 有发烧吗？']);
    expect(classOf(page, '#m0')).toContain('bubble-row--mine');
    expect(classOf(page, '#m1')).not.toContain('bubble-row--mine');
    expect(page.querySelector('#end')).toBeTruthy();
    expect(textOf(page)).toContain('6月1日 10:01');
  });

  test('sending text: the message is appended and the box cleared', async () => {
    const { page, transport } = await open(
      { orderId: 'o-1' },
      { 'order.send': (data) => ok({ message: msg(3, 'member', String(data['text'])), session: session() }) },
    );
    expect(classOf(page, '#send >>> .van-button')).toContain('van-button--disabled');
    await type(page, '  没有发烧  ');
    await tap(page, '#send');
    await settle();
    expect(callsOf(transport, 'order.send')).toEqual([{ action: 'send', orderId: 'o-1', text: '没有发烧' }]);
    expect(bubbles(page).at(-1)).toBe('没有发烧');
    expect(page.data['draft']).toBe('');
  });

  test('sending images: chosen, uploaded to cloud storage under the member’s own folder (issue 10), sent as one message', async () => {
    const uploadFile = jest.fn((options: { cloudPath: string; success: (r: unknown) => void }) =>
      options.success({ fileID: `cloud://env.b/${options.cloudPath}` }),
    );
    Reflect.set(wx, 'cloud', { uploadFile });
    jest
      .spyOn(wx as unknown as Record<string, (o: unknown) => void>, 'chooseMedia')
      .mockImplementation((options: unknown) => {
        (options as { success: (r: unknown) => void }).success({
          tempFiles: [
            { tempFilePath: 'wxfile://tmp/1.jpg', size: 1000 },
            { tempFilePath: 'wxfile://tmp/2.jpg', size: 1000 },
          ],
        });
      });
    const { page, transport } = await open(
      { orderId: 'o-1' },
      {
        'order.send': (data) =>
          ok({
            message: {
              messageId: 'o_1:000003',
              from: 'member',
              images: data['images'] as string[],
              at: '2026-06-01T10:03:00+08:00',
            },
            session: session(),
          }),
      },
    );
    await tap(page, '#images');
    await settle();
    const [sent] = callsOf(transport, 'order.send');
    // the folder card.mine answered, then what the files are for
    expect((sent?.['images'] as string[]).map((id) => id.startsWith(`cloud://env.b/${MEMBER_DIR}/consult/`))).toEqual([
      true,
      true,
    ]);
    expect(callsOf(transport, 'card.mine')).toHaveLength(1);
    expect(page.querySelectorAll('#m2 .bubble__image')).toHaveLength(2);
  });

  test('a refused send keeps the words and says why', async () => {
    const { page } = await open({ orderId: 'o-1' }, { 'order.send': () => refused('INVALID_STATE', '咨询已结束') });
    await type(page, '还有一个问题');
    await tap(page, '#send');
    await settle();
    expect(textIn(page, '#send-error')).toBe('咨询已结束');
    expect(page.data['draft']).toBe('还有一个问题');
  });

  test('under 3 minutes: the warning', async () => {
    const { page } = await open(
      { orderId: 'o-1' },
      {
        'order.messages': () =>
          ok({ messages: [], nextCursor: null, session: session({ warning: true, endsAt: at(150 * 1000) }) }),
      },
    );
    expect(textIn(page, '#warning')).toBe('咨询还剩不到 3 分钟，请抓紧沟通');
    expect(classOf(page, '#time-left >>> .sla-clock')).toContain('sla-clock--danger');
  });

  test('a phone consult says the doctor will call', async () => {
    const { page } = await open(
      { orderId: 'o-1' },
      { 'order.messages': () => ok({ messages: [], nextCursor: null, session: session({ mode: 'phone' }) }) },
    );
    expect(textOf(page)).toContain('医生将通过电话与您联系，请保持手机畅通。');
  });

  test('结束咨询: a dialog first, then order.end; the session closes', async () => {
    let ended = false;
    const closed = session({ open: false, endsAt: '2026-06-01T10:40:00+08:00' });
    const { page, transport } = await open(
      { orderId: 'o-1' },
      {
        'order.end': () => {
          ended = true;
          return ok({ order: { ...inService, status: 'completed', awaiting: 'followUp' } });
        },
        'order.messages': () =>
          ok({ messages: [msg(1, 'member', '头痛三天')], nextCursor: null, session: ended ? closed : session() }),
        'order.get': () => ok({ order: ended ? { ...inService, status: 'completed', awaiting: null } : inService }),
      },
    );
    await tap(page, '#end');
    await settle(400);
    expect(textIn(page, '#end-dialog >>> .van-dialog__message')).toBe(
      '结束后将不能继续发送消息，本次咨询视同已使用。确定结束吗？',
    );
    const buttons = page.querySelectorAll('#end-dialog >>> .van-dialog__button');
    buttons[1]?.querySelector('.van-button')?.dispatchEvent('tap');
    await settle(400);
    await settle();
    expect(callsOf(transport, 'order.end')).toEqual([{ action: 'end', orderId: 'o-1' }]);
    expect(textIn(page, '#session-closed')).toBe('咨询已结束（6月1日 10:40）');
    expect(page.querySelector('#draft')).toBeFalsy();
    expect(page.querySelector('#end')).toBeFalsy();
    expect(textIn(page, '#to-order')).toBe('查看订单并评价');
  });

  test('继续咨询 keeps the session', async () => {
    const { page, transport } = await open({ orderId: 'o-1' });
    await tap(page, '#end');
    await settle(400);
    page.querySelectorAll('#end-dialog >>> .van-dialog__button')[0]?.querySelector('.van-button')?.dispatchEvent('tap');
    await settle(400);
    expect(callsOf(transport, 'order.end')).toHaveLength(0);
    expect(page.data['confirmingEnd']).toBe(false);
  });
});

describe('consult: other states', () => {
  test('before take-over: waiting, with the doctor’s deadline; nothing can be sent yet', async () => {
    const waiting = order('quickConsult', { orderId: 'o-1', status: 'submitted', quota: 'held', awaiting: 'accept' });
    const { page } = await open(
      { orderId: 'o-1' },
      {
        'order.get': () => ok({ order: waiting }),
        'order.messages': () =>
          ok({ messages: [], nextCursor: null, session: session({ open: false, endsAt: null, doctorName: null }) }),
      },
    );
    expect(textIn(page, '#session-waiting')).toBe('正在为您安排医生。医生将于 6月2日 21:00 前接诊');
    expect(page.querySelector('#draft')).toBeFalsy();
    expect(textIn(page, '#closed-hint')).toBe('医生接诊后即可发送消息');
  });

  test('the poll notices the take-over: the session opens, and new messages are appended', async () => {
    let taken = false;
    const waiting = order('quickConsult', { orderId: 'o-1', status: 'submitted', quota: 'held', awaiting: 'accept' });
    const { page, transport } = await open(
      { orderId: 'o-1' },
      {
        'order.get': () => ok({ order: taken ? inService : waiting }),
        'order.messages': () =>
          ok({
            messages: taken ? [msg(1, 'doctor', '您好，我是陈医生', { name: '陈明' })] : [],
            nextCursor: null,
            session: taken ? session() : session({ open: false, endsAt: null, doctorName: null }),
          }),
      },
    );
    taken = true;
    await invoke(page, 'poll');
    await settle();
    expect(textIn(page, '#session-open')).toContain('陈明 医生已接诊');
    expect(bubbles(page)).toEqual(['陈明 医生 您好，我是陈医生']);
    expect(page.querySelector('#draft')).toBeTruthy();
    expect(callsOf(transport, 'order.get')).toHaveLength(2);
  });

  test('polling runs while shown and stops when hidden or closed', async () => {
    const set = jest.spyOn(globalThis, 'setInterval');
    const clear = jest.spyOn(globalThis, 'clearInterval');
    const { page } = await open({ orderId: 'o-1' });
    expect(set.mock.calls.some(([, ms]) => ms === 5000)).toBe(true);
    page.detach();
    expect(clear).toHaveBeenCalled();
  });

  test('older messages on pull-down, before the first one', async () => {
    const stop = jest.spyOn(wx, 'stopPullDownRefresh');
    const { page, transport } = await open(
      { orderId: 'o-1' },
      {
        'order.messages': (data) =>
          data['cursor']
            ? ok({ messages: [msg(0, 'member', '更早的一条')], nextCursor: null, session: session() })
            : ok({ messages: [msg(1, 'member', '头痛三天')], nextCursor: '1', session: session() }),
      },
    );
    expect(textIn(page, '#older')).toBe('查看更早的消息');
    await invoke(page, 'onPullDownRefresh');
    await settle();
    expect(callsOf(transport, 'order.messages').at(-1)).toEqual({ action: 'messages', orderId: 'o-1', cursor: '1' });
    expect(bubbles(page)).toEqual(['更早的一条', '头痛三天']);
    expect(page.querySelector('#older')).toBeFalsy();
    expect(stop).toHaveBeenCalled();
  });

  test('an order without a conversation: the function’s message', async () => {
    const { page } = await open(
      { orderId: 'o-1' },
      { 'order.messages': () => refused('INVALID_STATE', '此项服务没有在线沟通') },
    );
    expect(page.data['view']).toBe('error');
    expect(textOf(page)).toContain('此项服务没有在线沟通');
  });
});

describe('consult: the butler thread', () => {
  test('?benefit=butler&cardId=: the butler’s messages; always open', async () => {
    const setTitle = jest.spyOn(wx, 'setNavigationBarTitle');
    const { page, transport } = await open(
      { benefit: 'butler', cardId: 'c-1' },
      {
        'butler.messages': () =>
          ok({
            messages: [msg(1, 'butler', '您好，我是周管家', { name: '周管家' })],
            nextCursor: null,
            threadId: 'b_m-holder',
          }),
        'butler.send': (data) => ok({ message: msg(2, 'member', String(data['text'])) }),
      },
    );
    expect(setTitle).toHaveBeenCalledWith(expect.objectContaining({ title: '健康管家' }));
    expect(callsOf(transport, 'butler.messages')).toEqual([{ action: 'messages', cardId: 'c-1' }]);
    expect(callsOf(transport, 'order.get')).toHaveLength(0);
    expect(textIn(page, '#head')).toContain('健康管家 服务时间 9:00–21:00');
    expect(bubbles(page)).toEqual(['周管家 · 健康管家 您好，我是周管家']);
    expect(page.querySelector('#end')).toBeFalsy();

    await type(page, '想预约体检');
    await tap(page, '#send');
    await settle();
    expect(callsOf(transport, 'butler.send')).toEqual([{ action: 'send', cardId: 'c-1', text: '想预约体检' }]);
    expect(bubbles(page).at(-1)).toBe('想预约体检');
  });

  test('an empty thread greets the member', async () => {
    const { page } = await open(
      { benefit: 'butler', cardId: 'c-1' },
      { 'butler.messages': () => ok({ messages: [], nextCursor: null, threadId: 'b_m-holder' }) },
    );
    expect(textIn(page, '#empty')).toContain('您好，我是您的健康管家');
  });
});

describe('consult: images past the retention period (issue 10)', () => {
  test('a message whose images were deleted shows “图片已过保存期” in their place, words kept, nothing to open', async () => {
    const preview = jest.spyOn(wx, 'previewImage');
    const { page } = await open(
      { orderId: 'o-1' },
      {
        'order.messages': () =>
          ok({
            messages: [
              msg(1, 'member', '舌苔发白', { imagesNote: '图片已过保存期' }),
              {
                messageId: 'o_1:000002',
                from: 'doctor',
                name: '陈明',
                imagesNote: '图片已过保存期',
                at: '2026-06-01T10:02:00+08:00',
              },
              msg(3, 'member', '新拍的', { images: ['cloud://env.b/u/x/consult/new.jpg'] }),
            ],
            nextCursor: null,
            session: session(),
          }),
      },
    );
    expect(bubbles(page)).toEqual(['舌苔发白 图片已过保存期', '陈明 医生 图片已过保存期', '新拍的']);
    expect(page.querySelectorAll('#m0 .bubble__expired')).toHaveLength(1);
    expect(page.querySelectorAll('#m0 .bubble__image')).toHaveLength(0);
    expect(page.querySelectorAll('#m1 .bubble__expired')).toHaveLength(1);
    expect(page.querySelectorAll('#m2 .bubble__expired')).toHaveLength(0);
    expect(page.querySelectorAll('#m2 .bubble__image')).toHaveLength(1);
    page.querySelector('#m0 .bubble__expired')?.dispatchEvent('tap');
    await settle();
    expect(preview).not.toHaveBeenCalled();
  });
});
