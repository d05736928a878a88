/**
 * @jest-environment jsdom
 */
import type { Envelope } from '../../typings/contract';
import { deferred, fakeTransport, settle, tap, textOf } from './harness';
import {
  fieldError,
  fillRealName,
  isDisabled,
  ok,
  open,
  premiumCard,
  refused,
  tickConsent,
  typeInto,
} from './membership-kit';

const INVITE = 'pages/invite/index';
const TOKEN = 'Tk_3x9-QmZ2pLw8vN4rYb7sHc';
const PERSON = { name: '李秋水', idNumber: '110101198205120027', phone: '13800138001' };

const memberCard = premiumCard({
  role: 'member',
  members: [
    { memberId: 'm-holder', role: 'holder', name: '张*丰', self: false },
    { memberId: 'm-new', role: 'member', name: '李*水', self: true },
  ],
});

afterEach(() => jest.restoreAllMocks());

describe('invite page', () => {
  test('says what joining means, without naming anyone and without a call', async () => {
    const transport = fakeTransport(() => ok({}));
    const page = await open(INVITE, { token: TOKEN }, { transport });

    const text = textOf(page);
    expect(text).toContain('邀请您加入TA的太医蓝卡家庭');
    expect(text).toContain('共享这张卡的服务次数');
    expect(text).toContain('门诊绿通');
    expect(text).toContain('就医陪诊仅限持卡人本人使用');
    expect(text).toContain('实名信息');
    expect(text).not.toContain('*'); // no masked name: nobody is named before accepting
    expect(transport.calls).toHaveLength(0);
    expect(isDisabled(page, '#submit')).toBe(true);
  });

  test('a link without its token gets a clear answer and one way out', async () => {
    const switchTab = jest.spyOn(wx, 'switchTab');
    const page = await open(INVITE, {}, { transport: fakeTransport(() => ok({})) });

    expect(textOf(page)).toContain('邀请链接不完整');
    expect(textOf(page)).toContain('请让持卡人重新发送一次邀请。');
    expect(page.querySelector('#submit')).toBeFalsy();
    await tap(page, '#answer-action');
    expect(switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/home/index' }));

    // a link cut short in the middle of an escape
    const cut = await open(INVITE, { token: 'Tk_3x9%E4%B' }, { transport: fakeTransport(() => ok({})) });
    expect(textOf(cut)).toContain('邀请链接不完整');
  });

  test('the same inline checks and consent as activation', async () => {
    const transport = fakeTransport(() => ok({ card: memberCard }));
    const page = await open(INVITE, { token: TOKEN }, { transport });

    await typeInto(page, '#realname >>> #name', 'L');
    await typeInto(page, '#realname >>> #idNumber', '110101198205120028');
    await typeInto(page, '#realname >>> #phone', '0138001380');
    expect(fieldError(page, '#realname >>> #name')).toBe('请输入 2–20 个字的真实姓名');
    expect(fieldError(page, '#realname >>> #idNumber')).toBe('身份证号码不正确，请核对');
    expect(fieldError(page, '#realname >>> #phone')).toBe('手机号码应为 1 开头的 11 位数字');

    await tickConsent(page);
    expect(isDisabled(page, '#submit')).toBe(false);
    await tap(page, '#submit');
    expect(transport.calls).toHaveLength(0);
  });

  test('accepts with the invitee’s own real name, then shows the card as 家庭成员', async () => {
    const switchTab = jest.spyOn(wx, 'switchTab');
    const transport = fakeTransport(() => ok({ card: memberCard }));
    const page = await open(INVITE, { token: encodeURIComponent(TOKEN) }, { transport });
    await fillRealName(page, { ...PERSON, phone: '138 0013 8001' });
    await tap(page, '#submit');
    await settle();

    expect(transport.calls).toEqual([['card', { action: 'acceptInvite', token: TOKEN, ...PERSON }]]);
    const text = textOf(page);
    expect(text).toContain('您已加入太医蓝卡家庭');
    expect(text).toContain('家庭成员');
    expect(text).toContain('持卡人 张*丰');
    expect(text).toContain('3月20日起可预约');

    await tap(page, '#home');
    expect(switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/home/index' }));
  });

  test('a double tap accepts once', async () => {
    const answer = deferred<Envelope<unknown>>();
    const transport = fakeTransport(() => answer.promise);
    const page = await open(INVITE, { token: TOKEN }, { transport });
    await fillRealName(page, PERSON);

    await tap(page, '#submit');
    await tap(page, '#submit');
    await (page.instance as unknown as { onSubmit(): Promise<void> }).onSubmit();
    expect(transport.calls).toHaveLength(1);
    expect(textOf(page)).toContain('正在加入…');

    answer.resolve(ok({ card: memberCard }));
    await settle();
    expect(textOf(page)).toContain('您已加入太医蓝卡家庭');
  });

  test.each<[string, string, string, string]>([
    ['INVITE_INVALID', '邀请已失效，请联系持卡人重新邀请', '这个邀请已经不能使用了', '返回首页'],
    ['INVITE_INVALID', '这张卡已过有效期，邀请已失效', '这个邀请已经不能使用了', '返回首页'],
    ['FAMILY_FULL', '家庭成员已满 3 人，如需更换请先移除一位成员', '这个家庭已经满员了', '返回首页'],
    ['NOT_ELIGIBLE', '该身份证号已绑定一张有效的太医蓝卡，一人只能使用一张', '您已经有一张太医蓝卡了', '查看我的卡'],
    ['INVALID_STATE', '您已是这张卡的成员', '您已经在这个家庭中了', '查看我的卡'],
  ])('%s (%s): a friendly line, the message as it came, one action', async (code, message, line, action) => {
    const switchTab = jest.spyOn(wx, 'switchTab');
    const page = await open(INVITE, { token: TOKEN }, { transport: fakeTransport(() => refused(code, message)) });
    await fillRealName(page, PERSON);
    await tap(page, '#submit');
    await settle();

    const text = textOf(page);
    expect(text).toContain(line);
    expect(text).toContain(message);
    expect(page.querySelector('#submit')).toBeFalsy();
    expect(page.querySelectorAll('.van-button')).toHaveLength(0); // vant buttons are inside components
    expect(page.querySelector('#answer-action')?.dom?.textContent?.trim()).toBe(action);

    await tap(page, '#answer-action');
    expect(switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/home/index' }));
  });

  test('a refusal that is not about the invite stays on the form, said above the button', async () => {
    let answer: Envelope<unknown> = refused('RATE_LIMITED', '操作太频繁，请稍后再试');
    const page = await open(INVITE, { token: TOKEN }, { transport: fakeTransport(() => answer) });
    await fillRealName(page, PERSON);
    await tap(page, '#submit');
    await settle();

    expect(page.querySelector('.invite__error')?.dom?.textContent).toBe('操作太频繁，请稍后再试');
    expect(page.data['view']).toBe('form');
    expect(isDisabled(page, '#submit')).toBe(false);

    answer = ok({ card: memberCard });
    await tap(page, '#submit');
    await settle();
    expect(textOf(page)).toContain('您已加入太医蓝卡家庭');
  });
});
