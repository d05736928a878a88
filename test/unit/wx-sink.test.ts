/**
 * R5.3 the deployed side of sending, against a stand-in for wx-server-sdk's `cloud.openapi`: what
 * subscribeMessage.send and cloudbase.sendSms receive, how their errors become codes the sender
 * decides on, and how a timer trigger's event becomes `{ action: 'tick', trigger }`.
 */
import { timerEvent } from '../../server/runtime/deployed';
import { wxSink, type OutgoingNotice, type WxOpenapi } from '../../server/runtime/sink';

const NOW = new Date('2026-06-01T02:00:00Z');

function fake(over: { send?: () => Promise<unknown>; sms?: () => Promise<unknown> } = {}) {
  const calls: { api: string; req: unknown }[] = [];
  const openapi = {
    subscribeMessage: {
      send: (req: unknown) => {
        calls.push({ api: 'subscribeMessage.send', req });
        return over.send ? over.send() : Promise.resolve({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' });
      },
    },
    cloudbase: {
      sendSms: (req: unknown) => {
        calls.push({ api: 'cloudbase.sendSms', req });
        return over.sms
          ? over.sms()
          : Promise.resolve({ errCode: 0, sendStatusList: [{ code: 'Ok', message: 'send success' }] });
      },
    },
  } as unknown as WxOpenapi;
  return { calls, sink: wxSink(openapi, () => 'env-prod-1a2b') };
}

const SUB: OutgoingNotice = {
  noticeId: 'ntc_1',
  channel: 'subscribe',
  to: 'oUser',
  template: 'orderBooked',
  templateId: 'tmpl-OB',
  data: { thing1: '门诊绿通', date3: '2026年6月4日' },
  page: 'member/pages/order/index?orderId=o1',
  miniprogramState: 'formal',
  attempt: 1,
};
const SMS: OutgoingNotice = {
  noticeId: 'ntc_2',
  channel: 'sms',
  to: '13800138000',
  template: 'bookingMade',
  templateId: '2053122',
  text: '【太医蓝卡】…',
  params: ['6月4日', '上午', '北京协和医院', '帅府园1号'],
  attempt: 2,
};

describe('R5.3 deployed sink: WeChat subscription messages', () => {
  it('sends data as { key: { value } } to the member, with page and state', async () => {
    const { calls, sink } = fake();
    expect(await sink.send(SUB, NOW)).toEqual({ ok: true });
    expect(calls).toEqual([
      {
        api: 'subscribeMessage.send',
        req: {
          touser: 'oUser',
          templateId: 'tmpl-OB',
          page: 'member/pages/order/index?orderId=o1',
          data: { thing1: { value: '门诊绿通' }, date3: { value: '2026年6月4日' } },
          miniprogramState: 'formal',
          lang: 'zh_CN',
        },
      },
    ]);
  });

  it('a thrown errCode becomes the code (43101: refused, permanent for the sender)', async () => {
    const { sink } = fake({
      send: () =>
        Promise.reject(Object.assign(new Error('x'), { errCode: 43101, errMsg: 'user refuse to accept the msg' })),
    });
    expect(await sink.send(SUB, NOW)).toEqual({ ok: false, code: '43101', message: 'user refuse to accept the msg' });
  });

  it('a placeholder template id is not sent: TEMPLATE_NOT_CONFIGURED', async () => {
    const { calls, sink } = fake();
    expect(await sink.send({ ...SUB, templateId: 'PLACEHOLDER_orderBooked' }, NOW)).toEqual({
      ok: false,
      code: 'TEMPLATE_NOT_CONFIGURED',
    });
    expect(calls).toEqual([]);
  });
});

describe('R5.3 deployed sink: CloudBase SMS', () => {
  it('a notification SMS to +86…, the template parameters in order', async () => {
    const { calls, sink } = fake();
    expect(await sink.send(SMS, NOW)).toEqual({ ok: true });
    expect(calls).toEqual([
      {
        api: 'cloudbase.sendSms',
        req: {
          env: 'env-prod-1a2b',
          phoneNumberList: ['+8613800138000'],
          smsType: 'Notification',
          templateId: '2053122',
          templateParamList: ['6月4日', '上午', '北京协和医院', '帅府园1号'],
        },
      },
    ]);
  });

  it('a number the provider did not take is a failure with its status code', async () => {
    const { sink } = fake({
      sms: () => Promise.resolve({ errCode: 0, sendStatusList: [{ code: 'LimitExceeded', message: 'daily limit' }] }),
    });
    expect(await sink.send(SMS, NOW)).toEqual({ ok: false, code: 'SMS_LimitExceeded', message: 'daily limit' });
  });

  it('SMS without a configured template is SMS_NOT_CONFIGURED', async () => {
    const { sink } = fake();
    expect(await sink.send({ ...SMS, templateId: 'PLACEHOLDER_bookingMade' }, NOW)).toMatchObject({
      ok: false,
      code: 'SMS_NOT_CONFIGURED',
    });
  });
});

describe('timer triggers', () => {
  it('the trigger name travels as `trigger`; anything else is a plain tick', () => {
    expect(timerEvent({ Type: 'Timer', TriggerName: 'tips', Time: '2026-06-01T01:00:00Z' })).toEqual({
      action: 'tick',
      trigger: 'tips',
    });
    expect(timerEvent({})).toEqual({ action: 'tick' });
    expect(timerEvent({ TriggerName: '../../etc' })).toEqual({ action: 'tick' });
    expect(timerEvent(null)).toEqual({ action: 'tick' });
  });
});
