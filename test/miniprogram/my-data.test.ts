/**
 * @jest-environment jsdom
 */
import type { Envelope, ErasureReport, PrivacyExport } from '../../typings/contract';
import type { CallData } from '../../miniprogram/services/transport';
import { deferred, fakeTransport, loadPage, settle, tap, textOf, type SimulatedPage } from './harness';
import { isDisabled, ok, refused, typeInto } from './membership-kit';

const MY_DATA = 'member/pages/my-data/index';

const CONSEQUENCE = '删除后，您的姓名、证件号、手机号、健康档案和咨询内容将被清除，且无法恢复；已使用的服务次数保留。';
const OPEN_ORDER = '您还有进行中的服务，请在服务完成或取消后再注销';
const FAMILY_ON_CARD = '卡上还有家庭成员，请先移除家庭成员后再注销';

const message = (seq: number) => ({
  messageId: `msg-${seq}`,
  seq,
  from: 'member' as const,
  text: '您好',
  at: '2026-03-10T10:00:00+08:00',
});

/** privacy.export for a holder on two cards (one left), with a little of everything. */
function exported(): PrivacyExport {
  const membership = {
    memberId: 'm-1',
    cardId: 'c-premium',
    cardNo: '8860202600011234',
    edition: 'premium' as const,
    role: 'holder' as const,
    name: '张三丰',
    idNumber: '110101199001011234',
    phone: '13800138000',
    joinedAt: '2026-03-10T10:00:00+08:00',
    removedAt: null,
  };
  return {
    exportedAt: '2026-06-02T21:05:00+08:00',
    openid: 'o-zhang',
    memberships: [
      membership,
      { ...membership, memberId: 'm-9', cardId: 'c-old', edition: 'pro', removedAt: '2026-01-01T00:00:00+08:00' },
    ],
    orders: [{ orderId: 'o-1' }, { orderId: 'o-2' }, { orderId: 'o-3' }] as unknown as PrivacyExport['orders'],
    records: [] as PrivacyExport['records'],
    conversations: [
      { threadId: 't-1', kind: 'butler', memberId: 'm-1', orderId: null, messages: [message(1), message(2)] },
      {
        threadId: 't-2',
        kind: 'order',
        memberId: 'm-1',
        orderId: 'o-1',
        messages: [message(1), message(2), message(3)],
      },
    ] as unknown as PrivacyExport['conversations'],
    signings: [{ memberId: 'm-1', doctorId: 'd-1', signedAt: '2026-03-11T10:00:00+08:00' }],
    subscriptions: [],
    ledger: [],
    staffViews: [{ kind: 'order', orderId: 'o-1', at: '2026-03-12T10:00:00+08:00' }],
    notices: [],
    invites: [],
    staff: null,
  };
}

const REPORT: ErasureReport = { erasedAt: '2026-06-02T21:30:00+08:00', memberships: 2, orders: 3, files: 4 };

const invalidState = (text: string): Envelope<unknown> => refused('INVALID_STATE', text);

/** Answers privacy.export and privacy.erase as given, recording the calls. */
function world(answers: {
  export?: () => Envelope<unknown> | Promise<Envelope<unknown>>;
  erase?: () => Envelope<unknown>;
}) {
  return fakeTransport((name, data: CallData) => {
    if (name === 'privacy' && data.action === 'export')
      return answers.export ? answers.export() : ok({ data: exported() });
    if (name === 'privacy' && data.action === 'erase') return answers.erase ? answers.erase() : ok(REPORT);
    return refused('INTERNAL', `unexpected ${name}.${data.action}`);
  });
}

/** Where the page writes the file: WeChat's user data folder, as simulate's wx lacks a real one. */
const USER_DATA_PATH = 'wxfile://usr';

function stubFiles(
  share: (options: WechatMiniprogram.ShareFileMessageOption) => void = (o) =>
    o.success?.({ errMsg: 'shareFileMessage:ok' }),
) {
  const env: unknown = Reflect.get(wx, 'env');
  Reflect.set(wx, 'env', { USER_DATA_PATH });
  const writeFileSync = jest.fn();
  const fs = jest
    .spyOn(wx, 'getFileSystemManager')
    .mockReturnValue({ writeFileSync } as unknown as WechatMiniprogram.FileSystemManager);
  const shareFileMessage = jest.spyOn(wx, 'shareFileMessage').mockImplementation((options) => {
    share(options);
    return undefined as never;
  });
  return {
    writeFileSync,
    shareFileMessage,
    restore() {
      Reflect.set(wx, 'env', env);
      fs.mockRestore();
      shareFileMessage.mockRestore();
    },
  };
}

async function openPage(transport = world({})): Promise<SimulatedPage> {
  const page = loadPage(MY_DATA, { transport });
  await settle();
  return page;
}

async function exportNow(page: SimulatedPage): Promise<void> {
  await tap(page, '#export');
  await settle();
}

async function askErase(page: SimulatedPage): Promise<void> {
  await tap(page, '#erase');
  await settle(400);
}

/** The text inside the erase dialog only. */
function dialogText(page: SimulatedPage): string {
  const pieces: string[] = [];
  const root = page.querySelector('#erase-dialog')?.dom;
  if (!root) return '';
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const text = node.textContent?.trim();
    if (text) pieces.push(text);
  }
  return pieces.join(' ');
}

function privacyCalls(transport: ReturnType<typeof world>): CallData[] {
  return transport.calls.filter(([name]) => name === 'privacy').map(([, data]) => data);
}

afterEach(() => jest.restoreAllMocks());

describe('数据导出与删除', () => {
  test('opens without calling anything: both rights, the consequence stated before any tap', async () => {
    const transport = world({});
    const page = await openPage(transport);
    const text = textOf(page);
    expect(transport.calls).toEqual([]);
    expect(text).toContain('导出我的数据');
    expect(text).toContain('删除我的个人信息');
    expect(text).toContain(CONSEQUENCE);
    expect(page.data['eraseOpen']).toBe(false);
  });

  test('导出我的数据: loading, then a summary the member can read, with units', async () => {
    const answer = deferred<Envelope<unknown>>();
    const transport = world({ export: () => answer.promise });
    const page = await openPage(transport);

    await exportNow(page);
    expect(privacyCalls(transport)).toEqual([{ action: 'export' }]);
    expect(page.data['exportView']).toBe('loading');
    expect(page.querySelector('.my-data__loading')).toBeTruthy();
    expect(isDisabled(page, '#export')).toBe(true);

    answer.resolve(ok({ data: exported() }));
    await settle();
    const text = textOf(page);
    expect(page.querySelector('.my-data__loading')).toBeFalsy();
    expect(text).toContain('6月2日 21:05 导出');
    expect(text).toContain('蓝卡 2 张');
    expect(text).toContain('服务订单 3 笔');
    expect(text).toContain('健康档案 0 份');
    expect(text).toContain('咨询与管家对话 2 段');
    expect(text).toContain('对话消息 5 条');
    expect(text).toContain('家庭医生签约 1 个');
    expect(text).toContain('服务人员查看记录 1 次');
    expect(text).toContain('保存为文件');
    // the summary, not the data itself, is what the page renders
    expect(text).not.toContain('110101199001011234');
    expect(page.querySelector('#export')).toBeFalsy();
  });

  test('保存为文件: the export written as JSON in the user data folder and sent through WeChat', async () => {
    const files = stubFiles();
    const page = await openPage();
    await exportNow(page);
    await tap(page, '#save');
    await settle();

    const path = `${USER_DATA_PATH}/太医蓝卡-我的数据-20260602.json`;
    expect(files.writeFileSync).toHaveBeenCalledTimes(1);
    const [writtenPath, written, encoding] = files.writeFileSync.mock.calls[0] as [string, string, string];
    expect(writtenPath).toBe(path);
    expect(encoding).toBe('utf8');
    expect(JSON.parse(written)).toEqual(exported());
    expect(files.shareFileMessage).toHaveBeenCalledWith(
      expect.objectContaining({ filePath: path, fileName: '太医蓝卡-我的数据-20260602.json' }),
    );
    expect(textOf(page)).toContain('文件已发送。您可以在聊天中打开或保存它。');
    files.restore();
  });

  test.each<[string, (o: WechatMiniprogram.ShareFileMessageOption) => void, string]>([
    ['closing the sheet says nothing', (o) => o.fail?.({ errMsg: 'shareFileMessage:fail cancel' }), ''],
    [
      'a failure says so',
      (o) => o.fail?.({ errMsg: 'shareFileMessage:fail unknown' }),
      '文件没有保存成功，请稍后重试。',
    ],
  ])('保存为文件: %s', async (_what, share, note) => {
    const files = stubFiles(share);
    const page = await openPage();
    await exportNow(page);
    await tap(page, '#save');
    await settle();
    expect(page.data['saveNote']).toBe(note);
    expect(Boolean(page.querySelector('#save-note'))).toBe(note !== '');
    files.restore();
  });

  test('保存为文件 where this WeChat cannot send files says so, and writes nothing', async () => {
    const files = stubFiles();
    Reflect.set(wx, 'env', {});
    const page = await openPage();
    await exportNow(page);
    await tap(page, '#save');
    await settle();
    expect(files.writeFileSync).not.toHaveBeenCalled();
    expect(files.shareFileMessage).not.toHaveBeenCalled();
    expect(textOf(page)).toContain('当前微信版本不能发送文件，请升级微信后再试。');
    files.restore();
  });

  test('an export refused is shown as it came (RATE_LIMITED), and 重试 asks again', async () => {
    let limited = true;
    const transport = world({
      export: () => (limited ? refused('RATE_LIMITED', '操作太频繁，请稍后再试') : ok({ data: exported() })),
    });
    const page = await openPage(transport);
    await exportNow(page);
    expect(page.data['exportView']).toBe('error');
    expect(page.querySelector('#export-error')?.dom?.textContent).toContain('操作太频繁，请稍后再试');

    limited = false;
    await tap(page, '#export-retry');
    await settle();
    expect(privacyCalls(transport)).toEqual([{ action: 'export' }, { action: 'export' }]);
    expect(textOf(page)).toContain('服务订单 3 笔');
    expect(textOf(page)).not.toContain('操作太频繁');
  });

  test('删除我的个人信息: a dialog states the consequence; confirming waits for 确认删除 typed', async () => {
    const transport = world({});
    const page = await openPage(transport);
    await askErase(page);

    expect(page.data['eraseOpen']).toBe(true);
    const text = dialogText(page);
    expect(text).toContain('删除我的个人信息');
    expect(text).toContain(CONSEQUENCE);
    expect(text).toContain('请输入“确认删除”以继续');
    expect(isDisabled(page, '#erase-confirm')).toBe(true);

    // a tap on the disabled button does nothing
    await tap(page, '#erase-confirm');
    await typeInto(page, '#erase-typed', '确认', false);
    expect(isDisabled(page, '#erase-confirm')).toBe(true);
    await typeInto(page, '#erase-typed', '删除', false);
    expect(isDisabled(page, '#erase-confirm')).toBe(true);
    expect(privacyCalls(transport)).toEqual([]);

    await typeInto(page, '#erase-typed', '确认删除', false);
    expect(isDisabled(page, '#erase-confirm')).toBe(false);
    expect(privacyCalls(transport)).toEqual([]);
  });

  test('取消 closes the dialog, calls nothing, and forgets what was typed', async () => {
    const transport = world({});
    const page = await openPage(transport);
    await askErase(page);
    await typeInto(page, '#erase-typed', '确认删除', false);

    const cancel = page.querySelectorAll('#erase-dialog >>> .van-dialog__button')[0]?.querySelector('.van-button');
    if (!cancel) throw new Error('no cancel button');
    cancel.dispatchEvent('tap');
    await settle(400);
    expect(page.data['eraseOpen']).toBe(false);
    expect(page.data['typed']).toBe('');
    expect(privacyCalls(transport)).toEqual([]);

    await askErase(page);
    expect(isDisabled(page, '#erase-confirm')).toBe(true);
  });

  test('confirmed: privacy.erase with the word, then the done state and the way home', async () => {
    const switchTab = jest.spyOn(wx, 'switchTab');
    const transport = world({});
    const page = await openPage(transport);
    await askErase(page);
    await typeInto(page, '#erase-typed', '确认删除', false);
    await tap(page, '#erase-confirm');
    await settle(400);

    expect(privacyCalls(transport)).toEqual([{ action: 'erase', confirm: '确认删除' }]);
    expect(page.data['view']).toBe('done');
    expect(page.data['eraseOpen']).toBe(false);
    const text = textOf(page);
    expect(text).toContain('您的个人信息已删除');
    expect(text).toContain('6月2日 21:30 完成。已清除身份信息 2 份、订单内容 3 笔、文件 4 个。');
    expect(text).toContain('已使用的服务次数保留');
    expect(page.querySelector('#export')).toBeFalsy();
    expect(page.querySelector('#erase')).toBeFalsy();

    await tap(page, '#home');
    expect(switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/home/index' }));
  });

  test.each([
    ['an order still open', OPEN_ORDER],
    ['family still on the card', FAMILY_ON_CARD],
  ])('a refusal (%s) is shown as the function says it; nothing is done', async (_why, text) => {
    const transport = world({ erase: () => invalidState(text) });
    const page = await openPage(transport);
    await askErase(page);
    await typeInto(page, '#erase-typed', '确认删除', false);
    await tap(page, '#erase-confirm');
    await settle(400);

    expect(privacyCalls(transport)).toEqual([{ action: 'erase', confirm: '确认删除' }]);
    expect(page.data['view']).toBe('ready');
    expect(page.data['eraseOpen']).toBe(false);
    expect(page.querySelector('#erase-error')?.dom?.textContent?.trim()).toBe(text);
    expect(textOf(page)).not.toContain('您的个人信息已删除');

    // asking again starts afresh: the word must be typed again, the old refusal goes
    await askErase(page);
    expect(isDisabled(page, '#erase-confirm')).toBe(true);
    expect(page.querySelector('#erase-error')).toBeFalsy();
  });

  test('大字模式 applies here too', () => {
    const getStorageSync = jest
      .spyOn(wx, 'getStorageSync')
      .mockImplementation((key: string) => key === 'bluecard.elderMode');
    const page = loadPage(MY_DATA, { transport: world({}) });
    expect(page.querySelector('.my-data')?.dom?.className).toMatch(/\belder\b/);
    getStorageSync.mockRestore();
  });
});
