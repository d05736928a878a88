/**
 * @jest-environment jsdom
 *
 * The doctor's side of a consult: the conversation as order.messages answers it for the doctor
 * who took the case, the session's time left, sending, older messages, logging a call, and ending
 * the consult through the order's `complete` step — offered only when staff.get lists it.
 */
import type { Message, SessionState } from '../../typings/contract';
import { settle, tap, textOf } from './harness';
import { invoke, open } from './membership-kit';
import { answerDialog, answering, callsOf, fill, fromNow, ok, refused, staffOrder } from './workbench-kit';

const CONSULT = 'workbench/pages/consult/index';

afterEach(() => jest.restoreAllMocks());

const consultOrder = (steps: ('noShow' | 'complete')[] = ['noShow', 'complete']) =>
  staffOrder(steps, {
    benefit: 'quickConsult',
    benefitName: '三甲专科快速问诊',
    status: 'in_service',
    awaiting: 'complete',
    awaitingLabel: '咨询结束',
    form: { description: '头痛三天', mode: 'phone' },
    stepTexts: steps.includes('complete') ? { complete: { label: '咨询结束', hint: '结束本次咨询' } } : {},
  });

function session(overrides: Partial<SessionState> = {}): SessionState {
  return {
    open: true,
    endsAt: fromNow(8),
    mode: 'phone',
    warning: false,
    doctorName: '陈明',
    as: 'doctor',
    ...overrides,
  };
}

const msg = (id: string, from: Message['from'], text: string, extra: Partial<Message> = {}): Message => ({
  messageId: id,
  from,
  text,
  at: '2026-06-01T10:05:00+08:00',
  ...extra,
});

describe('workbench consult (doctor)', () => {
  test('the conversation, the person, the time left; mine on the right', async () => {
    const transport = answering({
      'staff.get': ok({ order: consultOrder() }),
      'order.messages': ok({
        messages: [
          msg('1', 'member', '医生您好，头痛三天了'),
          msg('2', 'doctor', '您好，请问有没有发烧？', { name: '陈明' }),
          msg('3', 'system', '电话沟通 5 分钟', { call: { kind: 'phone', minutes: 5 } }),
          msg('4', 'member', '', { images: ['cloud://env/a.jpg'] }),
        ],
        nextCursor: null,
        session: session(),
      }),
    });
    const page = await open(CONSULT, { orderId: 'o-1' }, { transport });
    expect(callsOf(transport, 'order.messages')).toEqual([{ orderId: 'o-1', limit: 30 }]);
    const text = textOf(page);
    expect(text).toContain('张*丰 三甲专科快速问诊 · 电话咨询');
    expect(text).toContain('剩 8 分钟');
    expect(text).toContain('医生您好，头痛三天了');
    expect(text).toContain('陈明 · 6月1日 10:05 您好，请问有没有发烧？');
    expect(text).toContain('电话沟通 5 分钟');
    expect(text).toContain('[图片 1 张] 点击查看');
    expect(page.querySelector('#m-2')?.dom?.className).toContain('msg--mine');
    expect(page.querySelector('#m-1')?.dom?.className).toContain('msg--theirs');
    expect(page.querySelector('#end')).toBeTruthy();
    expect(page.querySelector('#log-call')).toBeTruthy();
  });

  test('the 3-minute warning shows in red', async () => {
    const transport = answering({
      'staff.get': ok({ order: consultOrder() }),
      'order.messages': ok({ messages: [], nextCursor: null, session: session({ endsAt: fromNow(2), warning: true }) }),
    });
    const page = await open(CONSULT, { orderId: 'o-1' }, { transport });
    expect(textOf(page)).toContain('咨询即将结束，请抓紧回复会员');
    expect(page.querySelector('#time-left')?.dom?.className).toContain('sla--red');
    expect(textOf(page)).toContain('还没有消息');
  });

  test('sending: empty is refused inline; text is sent and shown', async () => {
    const transport = answering({
      'staff.get': ok({ order: consultOrder() }),
      'order.messages': ok({ messages: [msg('1', 'member', '在吗')], nextCursor: null, session: session() }),
      'order.send': (data) =>
        ok({ message: msg('9', 'doctor', String(data['text']), { name: '陈明' }), session: session() }),
    });
    const page = await open(CONSULT, { orderId: 'o-1' }, { transport });
    await tap(page, '#send');
    expect(textOf(page)).toContain('请输入内容');
    expect(callsOf(transport, 'order.send')).toEqual([]);

    await fill(page, '#draft', '建议多休息，注意饮水');
    await tap(page, '#send');
    await settle();
    expect(callsOf(transport, 'order.send')).toEqual([{ orderId: 'o-1', text: '建议多休息，注意饮水' }]);
    expect(page.querySelector('#m-9')).toBeTruthy();
    expect(page.data['draft']).toBe('');
  });

  test('a refused send shows the function’s message and keeps the draft', async () => {
    const transport = answering({
      'staff.get': ok({ order: consultOrder() }),
      'order.messages': ok({ messages: [], nextCursor: null, session: session() }),
      'order.send': refused('INVALID_STATE', '咨询已结束'),
    });
    const page = await open(CONSULT, { orderId: 'o-1' }, { transport });
    await fill(page, '#draft', '还在吗');
    await tap(page, '#send');
    await settle();
    expect(textOf(page)).toContain('咨询已结束');
    expect(page.data['draft']).toBe('还在吗');
  });

  test('older messages come before the shown ones', async () => {
    const transport = answering({
      'staff.get': ok({ order: consultOrder() }),
      'order.messages': (data) =>
        data['cursor'] === '30'
          ? ok({ messages: [msg('0', 'member', '最早的一条')], nextCursor: null, session: session() })
          : ok({ messages: [msg('1', 'member', '较新的一条')], nextCursor: '30', session: session() }),
    });
    const page = await open(CONSULT, { orderId: 'o-1' }, { transport });
    await tap(page, '#older');
    await settle();
    expect(callsOf(transport, 'order.messages').at(-1)).toEqual({ orderId: 'o-1', cursor: '30', limit: 30 });
    const text = textOf(page);
    expect(text.indexOf('最早的一条')).toBeLessThan(text.indexOf('较新的一条'));
    expect(page.querySelector('#older')).toBeFalsy();
  });

  test('logging a call sends its minutes and kind; a refusal stays in the form', async () => {
    let refuse = true;
    const transport = answering({
      'staff.get': ok({ order: consultOrder() }),
      'order.messages': ok({ messages: [], nextCursor: null, session: session() }),
      'order.logCall': (data) =>
        refuse
          ? refused('INVALID_ARGUMENT', '单次通话不超过 10 分钟')
          : ok({ message: msg('c', 'system', `电话沟通 ${String(data['minutes'])} 分钟`), session: session() }),
    });
    const page = await open(CONSULT, { orderId: 'o-1' }, { transport });
    await tap(page, '#log-call');
    await settle(400);
    await tap(page, '#log-submit');
    expect(textOf(page)).toContain('请填写通话分钟数（整数）');
    await fill(page, '#minutes', '12');
    await tap(page, '#log-submit');
    await settle();
    expect(textOf(page)).toContain('单次通话不超过 10 分钟');
    refuse = false;
    await fill(page, '#minutes', '8');
    await tap(page, '#log-submit');
    await settle();
    expect(callsOf(transport, 'order.logCall').at(-1)).toEqual({ orderId: 'o-1', minutes: 8, kind: 'phone' });
    expect(textOf(page)).toContain('电话沟通 8 分钟');
  });

  test('结束咨询: confirmed, then the complete step; the session shows as ended', async () => {
    let ended = false;
    const transport = answering({
      'staff.get': () => ok({ order: ended ? consultOrder([]) : consultOrder() }),
      'order.messages': () => ok({ messages: [], nextCursor: null, session: session(ended ? { open: false } : {}) }),
      'staff.act': () => {
        ended = true;
        return ok({ order: consultOrder([]) });
      },
    });
    const page = await open(CONSULT, { orderId: 'o-1' }, { transport });
    await tap(page, '#end');
    await settle(400);
    expect(textOf(page)).toContain('结束本次咨询，确定结束吗？');
    await answerDialog(page, '#end-dialog', 'confirm');
    await settle();
    expect(callsOf(transport, 'staff.act')).toEqual([{ orderId: 'o-1', step: 'complete' }]);
    expect(textOf(page)).toContain('咨询已结束，记录可随时查看');
    expect(page.querySelector('#send')).toBeFalsy();
    expect(page.querySelector('#end')).toBeFalsy();
  });

  test('a doctor who may not end it (not in allowedSteps) sees no 结束咨询', async () => {
    const transport = answering({
      'staff.get': ok({ order: consultOrder([]) }),
      'order.messages': ok({ messages: [], nextCursor: null, session: session() }),
    });
    const page = await open(CONSULT, { orderId: 'o-1' }, { transport });
    expect(page.querySelector('#end')).toBeFalsy();
    await invoke(page, 'onAskEnd');
    expect(page.data['ending']).toBe(false);
  });

  test('another doctor’s consult: the function’s refusal, with 重试', async () => {
    const transport = answering({
      'staff.get': ok({ order: consultOrder([]) }),
      'order.messages': refused('PERMISSION_DENIED', '只有接诊的医生可以查看和回复这个咨询'),
    });
    const page = await open(CONSULT, { orderId: 'o-1' }, { transport });
    expect(page.data['view']).toBe('error');
    expect(textOf(page)).toContain('只有接诊的医生可以查看和回复这个咨询 重试');
  });

  test('a poll merges new messages without repeating the shown ones', async () => {
    let round = 0;
    const transport = answering({
      'staff.get': ok({ order: consultOrder() }),
      'order.messages': () =>
        ok({
          messages:
            round++ === 0
              ? [msg('1', 'member', '第一条')]
              : [msg('1', 'member', '第一条'), msg('2', 'member', '第二条')],
          nextCursor: null,
          session: session(),
        }),
    });
    const page = await open(CONSULT, { orderId: 'o-1' }, { transport });
    await invoke(page, 'refresh');
    await settle();
    expect(page.querySelectorAll('.msg')).toHaveLength(2);
    expect(page.data['bottom']).toBe('m-2');
  });
});

describe('workbench consult: images past the retention period (issue 10)', () => {
  test('deleted images read “[图片已过保存期]”, not a link; the words stay', async () => {
    const preview = jest.spyOn(wx, 'previewImage');
    const transport = answering({
      'staff.get': ok({ order: consultOrder() }),
      'order.messages': ok({
        messages: [
          msg('1', 'member', '这是舌苔照片', { imagesNote: '图片已过保存期' }),
          msg('2', 'doctor', '', { name: '陈明', imagesNote: '图片已过保存期' }),
          msg('3', 'member', '', { images: ['cloud://env/new.jpg'] }),
        ],
        nextCursor: null,
        session: session(),
      }),
    });
    const page = await open(CONSULT, { orderId: 'o-1' }, { transport });
    const text = textOf(page);
    expect(text).toContain('这是舌苔照片 [图片已过保存期]');
    expect(text).toContain('陈明 · 6月1日 10:05 [图片已过保存期]');
    expect(text).toContain('[图片 1 张] 点击查看');
    expect(page.querySelectorAll('.msg__expired')).toHaveLength(2);
    expect(page.querySelector('#m-1 .msg__images')).toBeFalsy();
    page.querySelector('#m-1 .msg__expired')?.dispatchEvent('tap');
    await settle();
    expect(preview).not.toHaveBeenCalled();
  });
});
