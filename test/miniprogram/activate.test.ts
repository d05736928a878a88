/**
 * @jest-environment jsdom
 */
import type { Envelope } from '../../typings/contract';
import { deferred, fakeTransport, settle, tap, textOf, type FakeTransport, type SimulatedPage } from './harness';
import {
  cardNumber,
  emit,
  fieldError,
  fieldValue,
  fillRealName,
  isDisabled,
  ok,
  open,
  premiumCard,
  refused,
  tickConsent,
  typeInto,
} from './membership-kit';
import {
  cardNoDigits,
  cardNoFromScan,
  checkCardNo,
  checkIdNumber,
  checkName,
  checkPhone,
  groupCardNo,
  normalizeRealName,
} from '../../miniprogram/utils/validate';

const ACTIVATE = 'pages/activate/index';

const CARD_NO = cardNumber('886012345678901');
const PERSON = { name: '张三丰', idNumber: '110101198003070033', phone: '13800138000' };

/** The calls to `card` (the page also reads notify.settings when it opens, for R5.2). */
function cardCalls(transport: FakeTransport): FakeTransport['calls'] {
  return transport.calls.filter(([name]) => name === 'card');
}

async function fillCard(page: SimulatedPage, cardNo = CARD_NO, code = 'ab3k 7pqz'): Promise<void> {
  await typeInto(page, '#cardNo', cardNo);
  await typeInto(page, '#code', code);
}

// wx APIs the simulator lacks (base library 2.32.3+), installed per test and removed after.
const added: string[] = [];
function stubWx(name: string, fn: (...args: never[]) => unknown): jest.Mock {
  const mock = jest.fn(fn);
  Reflect.set(wx, name, mock);
  added.push(name);
  return mock;
}
afterEach(() => {
  for (const name of added.splice(0)) Reflect.deleteProperty(wx, name);
  jest.restoreAllMocks();
});

describe('activate page', () => {
  test('groups the card number in fours as it is typed, and capitalises the code', async () => {
    const page = await open(ACTIVATE, {}, { transport: fakeTransport(() => ok({})) });

    await typeInto(page, '#cardNo', '88601234', false);
    expect(fieldValue(page, '#cardNo')).toBe('8860 1234');
    await typeInto(page, '#cardNo', '886012345678901', false);
    expect(fieldValue(page, '#cardNo')).toBe('8860 1234 5678 901');
    // pasted with other separators and too long: 16 digits at most, grouped
    await typeInto(page, '#cardNo', '8860-1234-5678-901234', false);
    expect(page.data['cardNo']).toBe('8860 1234 5678 9012');
    await typeInto(page, '#code', 'ab3k 7pqz', false);
    expect(fieldValue(page, '#code')).toBe('AB3K7PQZ');
  });

  test('a card number from the link is filled in', async () => {
    const page = await open(ACTIVATE, { cardNo: CARD_NO }, { transport: fakeTransport(() => ok({})) });
    expect(fieldValue(page, '#cardNo')).toBe(CARD_NO.replace(/(\d{4})(?=\d)/g, '$1 '));
  });

  test('says what is wrong under each field once the member leaves it', async () => {
    const page = await open(ACTIVATE, {}, { transport: fakeTransport(() => ok({})) });

    // typing alone is quiet; leaving the field shows its message
    await typeInto(page, '#cardNo', '8860123456789010', false);
    expect(fieldError(page, '#cardNo')).toBe('');
    await typeInto(page, '#cardNo', '8860123456789010');
    expect(fieldError(page, '#cardNo')).toBe('卡号有误，请核对后重新输入'); // Luhn
    await typeInto(page, '#cardNo', '8860 1234');
    expect(fieldError(page, '#cardNo')).toBe('卡号为 16 位数字，请核对');
    await typeInto(page, '#cardNo', CARD_NO);
    expect(fieldError(page, '#cardNo')).toBe('');

    await typeInto(page, '#realname >>> #name', '张');
    expect(fieldError(page, '#realname >>> #name')).toBe('请输入 2–20 个字的真实姓名');
    await typeInto(page, '#realname >>> #name', '张三丰2');
    expect(fieldError(page, '#realname >>> #name')).toBe('请输入 2–20 个字的真实姓名');
    await typeInto(page, '#realname >>> #name', '阿依古丽·买买提');
    expect(fieldError(page, '#realname >>> #name')).toBe('');

    // GB 11643: the last character checks the other 17
    await typeInto(page, '#realname >>> #idNumber', '110101198003070034');
    expect(fieldError(page, '#realname >>> #idNumber')).toBe('身份证号码不正确，请核对');
    await typeInto(page, '#realname >>> #idNumber', '11010119800307003');
    expect(fieldError(page, '#realname >>> #idNumber')).toBe('身份证号码为 18 位，请核对');
    await typeInto(page, '#realname >>> #idNumber', '11010120100901001x');
    expect(fieldError(page, '#realname >>> #idNumber')).toBe('');

    await typeInto(page, '#realname >>> #phone', '23800138000');
    expect(fieldError(page, '#realname >>> #phone')).toBe('手机号码应为 1 开头的 11 位数字');
    await typeInto(page, '#realname >>> #phone', '1380013800');
    expect(fieldError(page, '#realname >>> #phone')).toBe('手机号码应为 1 开头的 11 位数字');
    // once shown, the message follows the typing
    await typeInto(page, '#realname >>> #phone', '13800138000', false);
    expect(fieldError(page, '#realname >>> #phone')).toBe('');
  });

  test('submit stays disabled until the consent is ticked; no call before it', async () => {
    const transport = fakeTransport(() => ok({ card: premiumCard() }));
    const page = await open(ACTIVATE, {}, { transport });
    await fillCard(page);
    await fillRealName(page, PERSON, { consent: false });

    expect(isDisabled(page, '#submit')).toBe(true);
    expect(textOf(page)).toContain('勾选同意授权后即可激活');
    await tap(page, '#submit');
    expect(cardCalls(transport)).toHaveLength(0);

    await tickConsent(page);
    expect(isDisabled(page, '#submit')).toBe(false);
    await tickConsent(page, '#realname', false);
    expect(isDisabled(page, '#submit')).toBe(true);
  });

  test('the consent can be read, and agreed from the text', async () => {
    const page = await open(ACTIVATE, {}, { transport: fakeTransport(() => ok({})) });
    await tap(page, '#realname >>> #consent-link');
    await settle(400);
    const text = textOf(page);
    expect(text).toContain('个人信息与健康信息处理授权');
    expect(text).toContain('健康信息');
    expect(text).toContain('看不到您的咨询内容和健康资料');

    await tap(page, '#realname >>> #consent-agree');
    expect(page.data['consent']).toBe(true);
    expect(isDisabled(page, '#submit')).toBe(false);
  });

  test('an empty form says what each field needs and sends nothing', async () => {
    const transport = fakeTransport(() => ok({}));
    const page = await open(ACTIVATE, {}, { transport });
    await tickConsent(page);
    await tap(page, '#submit');

    expect(cardCalls(transport)).toHaveLength(0);
    expect(fieldError(page, '#cardNo')).toBe('请输入卡号');
    expect(fieldError(page, '#code')).toBe('请输入激活码');
    expect(fieldError(page, '#realname >>> #name')).toBe('请输入姓名');
    expect(fieldError(page, '#realname >>> #idNumber')).toBe('请输入身份证号码');
    expect(fieldError(page, '#realname >>> #phone')).toBe('请输入手机号码');
  });

  test('activates, then shows the card in its waiting period and leads home', async () => {
    const switchTab = jest.spyOn(wx, 'switchTab');
    const transport = fakeTransport(() => ok({ card: premiumCard() }));
    const page = await open(ACTIVATE, {}, { transport });
    await fillCard(page);
    await fillRealName(page, { ...PERSON, name: ' 张三丰 ', idNumber: '110101198003070033' });
    await tap(page, '#submit');
    await settle();

    expect(cardCalls(transport)).toEqual([
      [
        'card',
        {
          action: 'activate',
          cardNo: CARD_NO,
          code: 'AB3K7PQZ',
          name: '张三丰',
          idNumber: '110101198003070033',
          phone: '13800138000',
        },
      ],
    ]);
    const text = textOf(page);
    expect(text).toContain('激活成功');
    expect(text).toContain('等待期');
    expect(text).toContain('3月20日起可预约');
    expect(text).toContain('**** 1234');
    expect(text).toContain('等待期内，您现在就可以使用：健康管家、健康档案、健康知识');
    expect(text).not.toContain('立即激活');

    await tap(page, '#home');
    expect(switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/home/index' }));
  });

  test('right before activating, WeChat is asked for the card’s notices; the answers are reported', async () => {
    const steps: string[] = [];
    const panel = jest
      .spyOn(wx, 'requestSubscribeMessage')
      .mockImplementation((options: WechatMiniprogram.RequestSubscribeMessageOption) => {
        steps.push('panel');
        options.success?.({ errMsg: 'requestSubscribeMessage:ok', 'tmpl-open': 'accept', 'tmpl-expiry': 'reject' });
      });
    const transport = fakeTransport((name, data) => {
      if (name === 'notify' && data.action === 'settings')
        return ok({
          templates: [
            { name: 'orderAccepted', templateId: 'tmpl-accepted', title: '服务受理通知', audience: 'member' },
            { name: 'waitingOver', templateId: 'tmpl-open', title: '权益生效通知', audience: 'member' },
            { name: 'cardExpiring', templateId: 'tmpl-expiry', title: '会员到期提醒', audience: 'member' },
          ],
          consents: {},
        });
      if (name === 'notify') return ok({ consents: { waitingOver: 1, cardExpiring: 0 } });
      steps.push(`${name}.${data.action}`);
      return ok({ card: premiumCard() });
    });
    const page = await open(ACTIVATE, {}, { transport });
    await fillCard(page);
    await fillRealName(page, PERSON);
    await tap(page, '#submit');
    await settle();

    expect(panel).toHaveBeenCalledTimes(1);
    expect(panel).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tmpl-open', 'tmpl-expiry'] }));
    expect(steps).toEqual(['panel', 'card.activate']);
    expect(transport.calls.filter(([, data]) => data.action === 'subscribe')).toEqual([
      ['notify', { action: 'subscribe', results: { waitingOver: 'accept', cardExpiring: 'reject' } }],
    ]);
    expect(textOf(page)).toContain('激活成功');
  });

  test('a member who turns the notices down, or an invalid form, still gets what they asked for', async () => {
    const panel = jest
      .spyOn(wx, 'requestSubscribeMessage')
      .mockImplementation((options: WechatMiniprogram.RequestSubscribeMessageOption) => {
        options.fail?.({ errMsg: 'requestSubscribeMessage:fail', errCode: 20004 });
      });
    const transport = fakeTransport((name, data) =>
      name === 'notify' && data.action === 'settings'
        ? ok({
            templates: [{ name: 'waitingOver', templateId: 'tmpl-open', title: '权益生效通知', audience: 'member' }],
            consents: {},
          })
        : ok({ card: premiumCard() }),
    );
    const page = await open(ACTIVATE, {}, { transport });
    // a form with mistakes asks WeChat nothing
    await tickConsent(page);
    await tap(page, '#submit');
    expect(panel).not.toHaveBeenCalled();

    await fillCard(page);
    await fillRealName(page, PERSON);
    await tap(page, '#submit');
    await settle();
    expect(panel).toHaveBeenCalledTimes(1);
    expect(cardCalls(transport)).toHaveLength(1);
    expect(transport.calls.filter(([, data]) => data.action === 'subscribe')).toHaveLength(0);
    expect(textOf(page)).toContain('激活成功');
  });

  test('a double tap sends one request; the form is locked while it is under way', async () => {
    const answer = deferred<Envelope<unknown>>();
    const transport = fakeTransport(() => answer.promise);
    const page = await open(ACTIVATE, {}, { transport });
    await fillCard(page);
    await fillRealName(page, PERSON);

    await invokeTwice(page);
    expect(cardCalls(transport)).toHaveLength(1);
    expect(page.data['pending']).toBe(true);
    expect(isDisabled(page, '#submit')).toBe(true);
    expect(textOf(page)).toContain('正在激活…');

    answer.resolve(ok({ card: premiumCard() }));
    await settle();
    expect(textOf(page)).toContain('激活成功');
    expect(cardCalls(transport)).toHaveLength(1);
  });

  test.each<[string, string, string, string]>([
    ['NOT_FOUND', '卡号或激活码不正确，请核对后重试', '#code', 'under the code'],
    ['ACTIVATION_WINDOW_CLOSED', '该卡已超过激活期限，无法激活', '#cardNo', 'under the card number'],
    ['ALREADY_ACTIVATED', '该卡已激活，无需重复激活', '#cardNo', 'under the card number'],
    [
      'NOT_ELIGIBLE',
      '该身份证号已绑定一张有效的太医蓝卡，一人只能使用一张',
      '#realname >>> #idNumber',
      'under the ID number',
    ],
  ])('%s is shown as it came, %s', async (code, message, field) => {
    const transport = fakeTransport(() => refused(code, message));
    const page = await open(ACTIVATE, {}, { transport });
    await fillCard(page);
    await fillRealName(page, PERSON);
    await tap(page, '#submit');
    await settle();

    expect(fieldError(page, field)).toBe(message);
    expect(page.data['view']).toBe('form');
    expect(page.data['pending']).toBe(false);
    expect(page.querySelector('.activate__error')).toBeFalsy();
  });

  test('RATE_LIMITED and network trouble are said above the button; the form is kept to retry', async () => {
    let answer: Envelope<unknown> | Error = refused('RATE_LIMITED', '尝试次数过多，请 1 小时后再试');
    const transport = fakeTransport(() => (answer instanceof Error ? Promise.reject(answer) : answer));
    const page = await open(ACTIVATE, {}, { transport });
    await fillCard(page);
    await fillRealName(page, PERSON);
    await tap(page, '#submit');
    await settle();
    expect(page.querySelector('.activate__error')?.dom?.textContent).toBe('尝试次数过多，请 1 小时后再试');

    answer = new Error('request:fail');
    await tap(page, '#submit');
    await settle();
    expect(page.querySelector('.activate__error')?.dom?.textContent).toBe('网络不太好，请稍后重试');
    expect(page.querySelector('#realname')?.data?.['value']).toEqual(PERSON);

    answer = ok({ card: premiumCard() });
    await tap(page, '#submit');
    await settle();
    expect(textOf(page)).toContain('激活成功');
  });

  test('scans the card number from a QR code; a cancelled scan changes nothing', async () => {
    const scan = jest.spyOn(wx, 'scanCode').mockImplementation((options) => {
      options.success?.({
        result: `https://card.example.com/a?no=${CARD_NO}&from=letter`,
        scanType: 'QR_CODE',
        charSet: 'utf8',
        path: '',
        rawData: '',
        errMsg: 'scanCode:ok',
      });
    });
    const page = await open(ACTIVATE, {}, { transport: fakeTransport(() => ok({})) });
    await tap(page, '#scan');
    await settle();
    expect(scan).toHaveBeenCalledTimes(1);
    expect(fieldValue(page, '#cardNo')).toBe(CARD_NO.replace(/(\d{4})(?=\d)/g, '$1 '));
    expect(fieldError(page, '#cardNo')).toBe('');

    scan.mockImplementation((options) => options.fail?.({ errMsg: 'scanCode:fail cancel' }));
    await tap(page, '#scan');
    await settle();
    expect(fieldValue(page, '#cardNo')).toBe(CARD_NO.replace(/(\d{4})(?=\d)/g, '$1 '));
    expect(fieldError(page, '#cardNo')).toBe('');

    scan.mockImplementation((options) =>
      options.success?.({
        result: 'hello',
        scanType: 'QR_CODE',
        charSet: 'utf8',
        path: '',
        rawData: '',
        errMsg: 'scanCode:ok',
      }),
    );
    await tap(page, '#scan');
    await settle();
    expect(fieldError(page, '#cardNo')).toBe('这个码里没有卡号，请手动输入');
  });

  test('the privacy popup: shown when WeChat asks, opens the guide, agrees through WeChat’s button', async () => {
    let listener: ((resolve: (answer: unknown) => void, info: { referrer: string }) => void) | null = null;
    stubWx('onNeedPrivacyAuthorization', (fn: never) => {
      listener = fn;
    });
    const resolve = jest.fn();
    // WeChat asks as soon as the page wants the agreement and the member has not given it.
    stubWx('requirePrivacyAuthorize', () => listener?.(resolve, { referrer: 'requirePrivacyAuthorize' }));
    const openContract = stubWx('openPrivacyContract', (options: never) =>
      (options as { success?: () => void }).success?.(),
    );

    const page = await open(ACTIVATE, {}, { transport: fakeTransport(() => ok({})) });
    await settle(400);
    expect(textOf(page)).toContain('用户隐私保护提示');
    expect(textOf(page)).toContain('《用户隐私保护指引》');
    expect(resolve).toHaveBeenCalledWith({ event: 'exposureAuthorization' });

    await tap(page, '#privacy-popup >>> #privacy-contract');
    expect(openContract).toHaveBeenCalledTimes(1);

    // the agree button is WeChat's open-type button; WeChat reports the tap as this event
    const agree = page.querySelector('#privacy-popup >>> #privacy-agree');
    expect(agree?.data?.['openType']).toBe('agreePrivacyAuthorization');
    await emit(page, '#privacy-popup >>> #privacy-agree', 'agreeprivacyauthorization', {});
    expect(resolve).toHaveBeenLastCalledWith({ event: 'agree', buttonId: 'privacy-agree' });
    expect(page.querySelector('#privacy-popup')?.data?.['show']).toBe(false);
  });

  test('declining the privacy guide stops the activation and says why', async () => {
    let listener: ((resolve: (answer: unknown) => void) => void) | null = null;
    stubWx('onNeedPrivacyAuthorization', (fn: never) => {
      listener = fn;
    });
    let agreed = false;
    stubWx('requirePrivacyAuthorize', (options: never) => {
      const { success, fail } = options as { success?: () => void; fail?: () => void };
      if (agreed) return success?.();
      listener?.((answer) => {
        agreed = (answer as { event: string }).event === 'agree';
        if ((answer as { event: string }).event !== 'exposureAuthorization') (agreed ? success : fail)?.();
      });
    });
    const transport = fakeTransport(() => ok({ card: premiumCard() }));
    const page = await open(ACTIVATE, {}, { transport });
    await tap(page, '#privacy-popup >>> #privacy-disagree');

    await fillCard(page);
    await fillRealName(page, PERSON);
    await tap(page, '#submit');
    await settle(400);
    // asked again at submit; declined again
    expect(textOf(page)).toContain('用户隐私保护提示');
    await tap(page, '#privacy-popup >>> #privacy-disagree');
    await settle();
    expect(cardCalls(transport)).toHaveLength(0);
    expect(page.querySelector('.activate__error')?.dom?.textContent).toBe('需要您同意《用户隐私保护指引》后才能激活');

    // agreeing goes on with the activation
    await tap(page, '#submit');
    await settle();
    await emit(page, '#privacy-popup >>> #privacy-agree', 'agreeprivacyauthorization', {});
    await settle();
    expect(cardCalls(transport)).toHaveLength(1);
    expect(textOf(page)).toContain('激活成功');
  });

  test('the phone number is typed: WeChat’s phone button is not offered until its function exists', async () => {
    const page = await open(ACTIVATE, {}, { transport: fakeTransport(() => ok({})) });
    expect(page.data['phoneButton']).toBe(false);
    expect(page.querySelector('#realname >>> #phone-button')).toBeFalsy();

    // where it is offered, it is WeChat's getPhoneNumber button beside the field
    page.setData({ phoneButton: true });
    await settle();
    const button = page.querySelector('#realname >>> #phone-button');
    expect(button?.data?.['openType']).toBe('getPhoneNumber');
  });
});

/** Two taps on submit before the page re-renders: the second must not send again. */
async function invokeTwice(page: SimulatedPage): Promise<void> {
  const submit = page.instance as unknown as { onSubmit(): Promise<void> };
  void submit.onSubmit();
  void submit.onSubmit();
  await tap(page, '#submit');
  await settle();
}

describe('utils/validate (the forms’ own checks; the function checks again)', () => {
  test('card numbers: digits only, 16 at most, grouped; Luhn', () => {
    expect(groupCardNo('８８６０１２３４')).toBe('8860 1234'); // full-width digits from a Chinese keyboard
    expect(cardNoDigits('8860-1234 5678 9012 3456')).toBe('8860123456789012');
    expect(checkCardNo(CARD_NO)).toBe('');
    const slipped = CARD_NO.slice(0, 15) + String((Number(CARD_NO[15]) + 1) % 10);
    expect(checkCardNo(slipped)).toBe('卡号有误，请核对后重新输入');
    expect(cardNoFromScan(`no:${CARD_NO.slice(0, 8)} ${CARD_NO.slice(8)}`)).toBe(CARD_NO);
    expect(cardNoFromScan('https://example.com/?id=123')).toBe('');
  });

  test('GB 11643 ID numbers: 18 characters, a real birth day, the check character', () => {
    expect(checkIdNumber('11010120100901001X')).toBe('');
    expect(checkIdNumber('11010120100901001x')).toBe('');
    expect(checkIdNumber(' 110101 19800307 0033 ')).toBe('');
    expect(checkIdNumber('110101198002300031')).toBe('身份证号码不正确，请核对'); // 30 February
    expect(checkIdNumber('010101198003070033')).toBe('身份证号码不正确，请核对');
    expect(
      normalizeRealName({ name: ' 阿依古丽 • 买买提 ', idNumber: '11010120100901001x', phone: '138 0013 8000' }),
    ).toEqual({
      name: '阿依古丽·买买提',
      idNumber: '11010120100901001X',
      phone: '13800138000',
    });
  });

  test('names: 2–20 characters, letters and the middle dot; a rare character counts once', () => {
    expect(checkName('王𠮷')).toBe('');
    expect(checkName('John Smith')).toBe('');
    expect(checkName('张'.repeat(21))).toBe('请输入 2–20 个字的真实姓名');
    expect(checkName('张三!')).toBe('请输入 2–20 个字的真实姓名');
    expect(checkPhone('1380013800')).toBe('手机号码应为 1 开头的 11 位数字');
  });
});
