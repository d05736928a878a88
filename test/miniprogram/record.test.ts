/**
 * @jest-environment jsdom
 */
import type { Card, Envelope, HealthRecord } from '../../typings/contract';
import type { CallData } from '../../miniprogram/services/transport';
import {
  deferred,
  fakeTransport,
  loadPage,
  settle,
  tap,
  textOf,
  typeIn,
  type FakeTransport,
  type SimulatedPage,
} from './harness';
import { card as baseCard } from './order-fixtures';

const RECORD = 'member/pages/record/index';

function card(over: Partial<Card> = {}): Card {
  return baseCard({
    members: [
      { memberId: 'm-holder', role: 'holder', name: '张*丰', self: true },
      { memberId: 'm-wife', role: 'member', name: '李*水', self: false },
      { memberId: 'm-son', role: 'member', name: '张*忌', self: false },
    ],
    benefits: [],
    ...over,
  });
}

const memberCard = card({
  role: 'member',
  familySlots: 0,
  members: [
    { memberId: 'm-holder', role: 'holder', name: '张*丰', self: false },
    { memberId: 'm-wife', role: 'member', name: '李*水', self: true },
  ],
});

function record(over: Partial<HealthRecord> = {}): HealthRecord {
  return {
    memberId: 'm-holder',
    name: '张*丰',
    role: 'holder',
    consent: { version: '2026-02', at: '2026-03-11T09:00:00+08:00', by: 'self' },
    profile: { allergies: [], chronicConditions: [], medications: [], updatedAt: null },
    reports: [],
    ...over,
  };
}

const filled = record({
  profile: {
    heightCm: 175,
    weightKg: 68.5,
    allergies: ['青霉素', '花粉'],
    chronicConditions: ['高血压'],
    medications: [],
    updatedAt: '2026-03-12T10:00:00+08:00',
  },
  reports: [
    {
      reportId: 'result_o1',
      source: 'staff',
      title: '健康指导意见',
      at: '2026-03-15T18:00:00+08:00',
      text: '血压偏高，建议低盐饮食，每天测量。',
      files: [],
      orderId: 'o1',
      benefit: 'reportReading',
    },
    {
      reportId: 'upload_o1',
      source: 'upload',
      title: '体检报告',
      at: '2026-03-12T09:00:00+08:00',
      files: ['cloud://env.bucket/r/1.jpg', 'cloud://env.bucket/r/2.jpg'],
      orderId: 'o1',
      benefit: 'reportReading',
    },
  ],
});

const ok = (data: unknown): Envelope<unknown> => ({ ok: true, data });
const refused = (
  code: 'NOT_FOUND' | 'INVALID_ARGUMENT' | 'RATE_LIMITED' | 'PERMISSION_DENIED',
  message: string,
): Envelope<unknown> => ({
  ok: false,
  error: { code, message },
});

type Handler = (data: CallData) => Envelope<unknown> | Promise<Envelope<unknown>>;

/** card.mine answers `cards`; record.* answer through `handlers` (default: `rec` for every get). */
function world(cards: Card[], handlers: Partial<Record<string, Handler>> = {}, rec: HealthRecord = record()) {
  return fakeTransport((name, data) => {
    if (name === 'card' && data.action === 'mine') return ok({ cards });
    if (name === 'record') {
      const handler = handlers[data.action];
      if (handler) return handler(data);
      if (data.action === 'get') return ok({ record: { ...rec, memberId: data['memberId'] } });
    }
    return refused('INVALID_ARGUMENT', `unexpected ${name}.${data.action}`);
  });
}

/** The page on `card()`'s holder with `filled` (record.get answers it, `handlers` the rest), loaded. */
async function openFilled(
  handlers: Partial<Record<string, Handler>> = {},
): Promise<{ transport: FakeTransport; page: SimulatedPage }> {
  const transport = world([card()], { get: () => ok({ record: filled }), ...handlers });
  const page = loadPage(RECORD, { transport });
  await settle();
  return { transport, page };
}

function recordCalls(transport: { calls: [string, CallData][] }): CallData[] {
  return transport.calls.filter(([name]) => name === 'record').map(([, data]) => data);
}

describe('健康档案', () => {
  test('loading, then the caller’s own record by default (their place on card.mine)', async () => {
    const answer = deferred<Envelope<unknown>>();
    const transport = fakeTransport((name, data) =>
      name === 'card'
        ? ok({ cards: [card()] })
        : data.action === 'get'
          ? answer.promise
          : refused('INVALID_ARGUMENT', 'x'),
    );
    const page = loadPage(RECORD, { transport });
    await settle();

    expect(page.data['view']).toBe('loading');
    expect(page.querySelector('.record__loading')).toBeTruthy();
    expect(recordCalls(transport)).toEqual([{ action: 'get', memberId: 'm-holder' }]);

    answer.resolve(ok({ record: filled }));
    await settle();
    const text = textOf(page);
    expect(page.data['view']).toBe('record');
    expect(text).toContain('张*丰 的健康档案');
    expect(text).toContain('身高 175 厘米');
    expect(text).toContain('体重 68.5 千克');
    expect(text).toContain('过敏史 青霉素、花粉');
    expect(text).toContain('慢性病 高血压');
    expect(text).toContain('长期用药 无');
    expect(text).toContain('更新于 2026年3月12日');
  });

  test('the reports, uploaded and issued, newest first as answered; a report’s images open', async () => {
    const previewImage = jest
      .spyOn(wx, 'previewImage')
      .mockImplementation((options: WechatMiniprogram.PreviewImageOption) => {
        options.success?.({ errMsg: 'previewImage:ok' });
      });
    const page = loadPage(RECORD, { transport: world([card()], {}, filled) });
    await settle();

    const rows = page.querySelectorAll('.report').map((r) => r.dom?.textContent?.replace(/\s+/g, ' ').trim());
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('健康指导意见');
    expect(rows[0]).toContain('服务出具');
    expect(rows[0]).toContain('2026年3月15日');
    expect(rows[0]).toContain('血压偏高，建议低盐饮食');
    expect(rows[1]).toContain('体检报告');
    expect(rows[1]).toContain('上传');
    expect(rows[1]).toContain('共 2 个文件');

    const upload = page.querySelectorAll('.report')[1];
    upload?.dispatchEvent('tap');
    await settle();
    expect(previewImage).toHaveBeenCalledWith(
      expect.objectContaining({ urls: ['cloud://env.bucket/r/1.jpg', 'cloud://env.bucket/r/2.jpg'] }),
    );
    previewImage.mockRestore();
  });

  test('an empty record says what to do: 完善档案, and no reports yet offers 体检报告解读', async () => {
    const navigateTo = jest.spyOn(wx, 'navigateTo');
    const page = loadPage(RECORD, { transport: world([card()]) });
    await settle();

    const text = textOf(page);
    expect(text).toContain('身高 未填写');
    expect(text).toContain('过敏史 未填写');
    expect(text).toContain('还没有填写');
    expect(text).toContain('完善档案');
    expect(text).toContain('还没有报告');

    await tap(page, '#report-reading');
    expect(navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/member/pages/benefit/index?key=reportReading&cardId=c-1' }),
    );
    navigateTo.mockRestore();
  });

  test('consent first: no form before 《健康信息处理授权》 is agreed, then the record', async () => {
    const transport = world([card()], {
      get: () => ok({ record: record({ consent: null }) }),
      consent: (data) => ok({ record: record({ memberId: String(data['memberId']) }) }),
    });
    const page = loadPage(RECORD, { transport });
    await settle();

    expect(page.data['view']).toBe('consent');
    const text = textOf(page);
    expect(text).toContain('《健康信息处理授权》');
    expect(text).toContain('同意并开启健康档案');
    expect(page.querySelector('#edit')).toBeFalsy();
    expect(page.querySelector('#height')).toBeFalsy();
    expect(text).not.toContain('基本信息');
    expect(text).not.toContain('您正在为'); // their own record

    await tap(page, '#full-text');
    expect(textOf(page)).toContain('未满 14 周岁的家庭成员');

    await tap(page, '#agree');
    expect(recordCalls(transport)).toContainEqual({ action: 'consent', memberId: 'm-holder', version: '2026-02' });
    expect(page.data['view']).toBe('record');
    expect(page.querySelector('#edit')).toBeTruthy();
  });

  test('a refused consent stays on the card with the function’s message under the button', async () => {
    const transport = world([card()], {
      get: () => ok({ record: record({ consent: null }) }),
      consent: () => refused('RATE_LIMITED', '操作太频繁，请稍后再试'),
    });
    const page = loadPage(RECORD, { transport });
    await settle();
    await tap(page, '#agree');

    expect(page.data['view']).toBe('consent');
    expect(page.querySelector('.consent .record__error')?.dom?.textContent).toContain('操作太频繁，请稍后再试');
  });

  test('edit and save: what was typed goes to record.update, parsed; the answer is shown', async () => {
    const showToast = jest.spyOn(wx, 'showToast');
    const { transport, page } = await openFilled({
      update: (data) =>
        ok({
          record: record({
            profile: {
              heightCm: 176,
              allergies: ['青霉素'],
              chronicConditions: [],
              medications: ['氨氯地平', '阿司匹林'],
              updatedAt: '2026-03-20T10:00:00+08:00',
            },
            memberId: String(data['memberId']),
          }),
        }),
    });

    await tap(page, '#edit');
    expect(page.data['editing']).toBe(true);
    expect(page.data['form']).toEqual({
      heightCm: '175',
      weightKg: '68.5',
      allergies: '青霉素、花粉',
      chronicConditions: '高血压',
      medications: '',
    });

    await typeIn(page, '#height', '176');
    await typeIn(page, '#weight', '');
    await typeIn(page, '#allergies', '青霉素');
    await typeIn(page, '#chronic', '');
    await typeIn(page, '#medications', '氨氯地平，阿司匹林\n');
    await tap(page, '#save');

    expect(recordCalls(transport)).toContainEqual({
      action: 'update',
      memberId: 'm-holder',
      profile: {
        heightCm: 176,
        weightKg: null,
        allergies: ['青霉素'],
        chronicConditions: [],
        medications: ['氨氯地平', '阿司匹林'],
      },
    });
    expect(page.data['editing']).toBe(false);
    const text = textOf(page);
    expect(text).toContain('身高 176 厘米');
    expect(text).toContain('体重 未填写');
    expect(text).toContain('长期用药 氨氯地平、阿司匹林');
    expect(text).toContain('更新于 2026年3月20日');
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存' }));
    showToast.mockRestore();
  });

  test('a number that is not one is caught under its field; nothing is sent', async () => {
    const { transport, page } = await openFilled();
    await tap(page, '#edit');
    await typeIn(page, '#height', '一米七');
    await tap(page, '#save');

    expect(recordCalls(transport).filter((d) => d.action === 'update')).toEqual([]);
    expect(page.querySelector('#height >>> .van-field__error-message')?.dom?.textContent).toContain('请输入数字');
    expect(page.data['editing']).toBe(true);

    await typeIn(page, '#height', '170');
    expect(page.querySelector('#height >>> .van-field__error-message')).toBeFalsy();
  });

  test('the function’s refusal of a value is shown under the form, which stays open', async () => {
    const { page } = await openFilled({
      update: () => refused('INVALID_ARGUMENT', '身高应在 30–250 厘米之间'),
    });
    await tap(page, '#edit');
    await typeIn(page, '#height', '1750');
    await tap(page, '#save');

    expect(page.data['editing']).toBe(true);
    expect(page.querySelector('.profile-form .record__error')?.dom?.textContent).toContain('身高应在 30–250 厘米之间');

    await tap(page, '#cancel');
    expect(page.data['editing']).toBe(false);
    expect(textOf(page)).toContain('身高 175 厘米');
  });

  test('the holder switches between family members; their consent note names the person', async () => {
    const transport = world([card()], {
      get: (data) =>
        data['memberId'] === 'm-son'
          ? ok({ record: record({ memberId: 'm-son', name: '张*忌', role: 'member', consent: null }) })
          : ok({ record: filled }),
    });
    const page = loadPage(RECORD, { transport });
    await settle();

    expect(page.querySelector('#switch')).toBeTruthy();
    await tap(page, '#switch');
    await settle(400);
    const sheet = textOf(page);
    expect(sheet).toContain('查看谁的健康档案');
    expect(sheet).toContain('李*水 家庭成员');
    expect(sheet).toContain('张*忌 家庭成员');

    const rows = page.querySelectorAll('#people >>> .van-action-sheet__item');
    expect(rows).toHaveLength(3);
    rows[2]?.dispatchEvent('tap');
    await settle();

    expect(recordCalls(transport).at(-1)).toEqual({ action: 'get', memberId: 'm-son' });
    expect(page.data['view']).toBe('consent');
    expect(textOf(page)).toContain('张*忌 的健康档案');
    expect(textOf(page)).toContain('您正在为 张*忌 开启健康档案');
  });

  test('a family member sees their own record only: no switch', async () => {
    const transport = world([memberCard]);
    const page = loadPage(RECORD, { transport });
    await settle();
    expect(recordCalls(transport)).toEqual([{ action: 'get', memberId: 'm-wife' }]);
    expect(page.querySelector('#switch')).toBeFalsy();
  });

  test('?memberId= opens that person’s record', async () => {
    const transport = world([card()]);
    loadPage(RECORD, { transport, props: { memberId: 'm-wife' } });
    await settle();
    expect(recordCalls(transport)).toEqual([{ action: 'get', memberId: 'm-wife' }]);
  });

  test('someone else’s record: the function’s message as it came, and 重试', async () => {
    let calls = 0;
    const transport = world([card()], {
      get: () => {
        calls += 1;
        return calls === 1 ? refused('NOT_FOUND', '没有找到这份健康档案') : ok({ record: filled });
      },
    });
    const page = loadPage(RECORD, { transport, props: { memberId: 'm-stranger' } });
    await settle();

    expect(page.data['view']).toBe('error');
    expect(textOf(page)).toContain('没有找到这份健康档案');
    await tap(page, '#retry');
    expect(page.data['view']).toBe('record');
  });

  test('without a card there is no record yet: 激活', async () => {
    const navigateTo = jest.spyOn(wx, 'navigateTo');
    const transport = world([]);
    const page = loadPage(RECORD, { transport });
    await settle();

    expect(page.data['view']).toBe('empty');
    expect(recordCalls(transport)).toEqual([]);
    expect(textOf(page)).toContain('激活太医蓝卡后，即可建立您的健康档案');
    await tap(page, '#activate');
    expect(navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/activate/index' }));
    navigateTo.mockRestore();
  });

  test('a call that never got through reads as a network problem', async () => {
    const page = loadPage(RECORD, { transport: fakeTransport(() => Promise.reject(new Error('timeout'))) });
    await settle();
    expect(textOf(page)).toContain('网络不太好，请稍后重试');
  });
});

/** The 撤回同意 dialog's two buttons: cancel, then confirm. */
async function answerWithdraw(page: SimulatedPage, which: 'cancel' | 'confirm'): Promise<void> {
  const buttons = page.querySelectorAll('#withdraw-dialog >>> .van-dialog__button');
  const button = buttons[which === 'cancel' ? 0 : 1]?.querySelector('.van-button');
  if (!button) throw new Error('no dialog button');
  button.dispatchEvent('tap');
  await settle(400);
}

const withdrawn = record({ consent: null, withdrawnAt: '2026-06-02T09:30:00+08:00' });

describe('健康档案: 撤回同意 (PIPL art. 15)', () => {
  test('the record shows the consent with 撤回同意; the dialog says what is deleted; cancel changes nothing', async () => {
    const { transport, page } = await openFilled();

    const grant = page.querySelector('.grant')?.dom?.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(grant).toContain('《健康信息处理授权》');
    expect(grant).toContain('本人同意 · 2026年3月11日');
    expect(page.querySelector('#withdraw')).toBeTruthy();

    await tap(page, '#withdraw');
    await settle(400);
    expect(page.data['withdrawOpen']).toBe(true);
    const text = textOf(page);
    expect(text).toContain('撤回授权');
    expect(text).toContain(
      '撤回后，您的健康档案中的身高、体重、过敏史、慢性病、长期用药和上传的报告将被删除，且无法恢复；我们也不再保存新的健康信息。',
    );
    expect(text).toContain('预约服务时提交的资料和服务出具的报告随订单保留');
    expect(text).toContain('确认撤回');

    await answerWithdraw(page, 'cancel');
    expect(page.data['withdrawOpen']).toBe(false);
    expect(recordCalls(transport).filter((d) => d.action === 'withdrawConsent')).toEqual([]);
    expect(page.data['view']).toBe('record');
  });

  test('confirming withdraws through record.withdrawConsent; the consent card comes back, saying so', async () => {
    const showToast = jest.spyOn(wx, 'showToast');
    const { transport, page } = await openFilled({
      withdrawConsent: () => ok({ record: withdrawn }),
      consent: () => ok({ record: record() }),
    });
    await tap(page, '#withdraw');
    await settle(400);
    await answerWithdraw(page, 'confirm');
    await settle();

    expect(recordCalls(transport)).toContainEqual({ action: 'withdrawConsent', memberId: 'm-holder' });
    expect(page.data['view']).toBe('consent');
    const text = textOf(page);
    expect(text).toContain('已于 2026年6月2日 撤回授权，健康档案中的信息已删除。重新同意后可继续使用健康档案。');
    expect(text).toContain('重新同意并开启健康档案');
    expect(text).not.toContain('基本信息');
    expect(page.querySelector('#edit')).toBeFalsy();
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已撤回授权' }));

    // reversible: agreeing again opens the record
    await tap(page, '#agree');
    expect(recordCalls(transport)).toContainEqual({ action: 'consent', memberId: 'm-holder', version: '2026-02' });
    expect(page.data['view']).toBe('record');
    showToast.mockRestore();
  });

  test('a refusal is shown under the consent, which stays', async () => {
    const { page } = await openFilled({
      withdrawConsent: () => refused('RATE_LIMITED', '操作太频繁，请稍后再试'),
    });
    await tap(page, '#withdraw');
    await settle(400);
    await answerWithdraw(page, 'confirm');
    await settle();

    expect(page.data['view']).toBe('record');
    expect(page.querySelector('.grant .record__error')?.dom?.textContent).toContain('操作太频繁，请稍后再试');
  });

  test('the holder withdraws what the holder gave for a family member, the dialog naming them', async () => {
    const son = record({
      memberId: 'm-son',
      name: '张*忌',
      role: 'member',
      consent: { version: '2026-02', at: '2026-03-11T09:00:00+08:00', by: 'holder' },
    });
    const transport = world([card()], {
      get: (data) => ok({ record: data['memberId'] === 'm-son' ? son : filled }),
      withdrawConsent: () => ok({ record: { ...withdrawn, memberId: 'm-son', name: '张*忌' } }),
    });
    const page = loadPage(RECORD, { transport, props: { memberId: 'm-son' } });
    await settle();

    expect(textOf(page)).toContain('持卡人代为同意');
    await tap(page, '#withdraw');
    await settle(400);
    expect(textOf(page)).toContain('撤回后，张*忌 的健康档案中的身高、体重');
    await answerWithdraw(page, 'confirm');
    await settle();
    expect(recordCalls(transport)).toContainEqual({ action: 'withdrawConsent', memberId: 'm-son' });
    expect(page.data['view']).toBe('consent');
  });

  test('a consent the member gave themself: the holder is told only they can withdraw it, no button', async () => {
    const wife = record({ memberId: 'm-wife', name: '李*水', role: 'member' });
    const transport = world([card()], { get: () => ok({ record: wife }) });
    const page = loadPage(RECORD, { transport, props: { memberId: 'm-wife' } });
    await settle();

    expect(page.querySelector('#withdraw')).toBeFalsy();
    expect(textOf(page)).toContain('该授权由 李*水 本人同意，如需撤回，请由本人操作。');
  });
});
