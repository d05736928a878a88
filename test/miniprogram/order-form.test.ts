/**
 * @jest-environment jsdom
 */
import type { Envelope, FamilyDoctor, OrderBenefit, SubscribeTemplateName } from '../../typings/contract';
import type { CallData } from '../../miniprogram/services/transport';
import { deferred, loadPage, settle, tap, textOf, typeIn, type FakeTransport, type SimulatedPage } from './harness';
import {
  benefit,
  callsOf,
  card,
  classOf,
  FORMS,
  MEMBER_DIR,
  ok,
  order,
  refused,
  textIn,
  world,
  type Handler,
} from './order-fixtures';

const FORM = 'member/pages/order-form/index';
const DATES = ['2026-06-04', '2026-06-05', '2026-06-08'];
const DOCTORS: FamilyDoctor[] = [
  { id: 'd-001', name: '陈医生', title: '主治医师', hospital: '复旦大学附属华山医院', specialty: '全科、慢病管理' },
  { id: 'd-002', name: '杨医生', title: '副主任医师', hospital: '北京大学第一医院', specialty: '全科、老年病' },
];

type Stub = jest.Mock;

const TEMPLATE_TITLES: Partial<Record<SubscribeTemplateName, string>> = {
  orderAccepted: '服务受理通知',
  orderBooked: '预约成功通知',
  doctorTaken: '医生接诊通知',
  reportReady: '报告出具通知',
  escortReminder: '陪诊服务提醒',
  visitReminder: '就诊提醒',
  consultEnding: '咨询即将结束提醒',
};

/** What notify.subscribe answers for one request: one message per accept. */
function countsOf(results: unknown): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [name, answer] of Object.entries(results as Record<string, string>))
    counts[name] = answer === 'accept' ? 1 : 0;
  return counts;
}

afterEach(() => {
  jest.restoreAllMocks();
  Reflect.deleteProperty(wx, 'cloud');
});

interface Opened {
  page: SimulatedPage;
  transport: FakeTransport;
}

async function open(
  benefitKey: string,
  handlers: Record<string, Handler> = {},
  options: { cardId?: string; templates?: Partial<Record<SubscribeTemplateName, string>> } = {},
): Promise<Opened> {
  const templates = options.templates;
  const transport = world({
    // notify.settings: the template ids ops configured ('' for the others); without `templates`
    // the call is refused, and the form asks WeChat for nothing
    ...(templates
      ? {
          'notify.settings': () =>
            ok({
              templates: (Object.keys(TEMPLATE_TITLES) as SubscribeTemplateName[]).map((name) => ({
                name,
                templateId: templates[name] ?? '',
                title: TEMPLATE_TITLES[name],
                audience: 'member',
              })),
              consents: {},
            }),
          'notify.subscribe': (data: CallData) => ok({ consents: countsOf(data['results']) }),
        }
      : {}),
    'content.outpatientDates': () => ok({ dates: DATES }),
    'content.escortEarliestDay': () => ok({ day: '2026-06-04' }),
    'content.experts': () =>
      ok({
        experts: [
          {
            id: 'e-001',
            name: '林正华',
            title: '主任医师',
            hospital: '复旦大学附属中山医院',
            department: '心血管内科',
            specialty: '冠心病、高血压',
          },
          {
            id: 'e-002',
            name: '沈雅琴',
            title: '主任医师',
            hospital: '上海交通大学医学院附属瑞金医院',
            department: '内分泌科',
            specialty: '糖尿病',
          },
        ],
      }),
    'content.familyDoctors': () => ok({ doctors: DOCTORS }),
    'order.myDoctor': () => ok({ doctor: null, signedAt: null }),
    'order.create': (data) => ok({ order: order(data['benefit'] as OrderBenefit, { orderId: 'o-created' }) }),
    ...handlers,
  });
  const page = loadPage(FORM, { transport });
  (page.instance as unknown as { onLoad(q: Record<string, string>): void }).onLoad({
    benefit: benefitKey,
    cardId: options.cardId ?? 'c-1',
  });
  await settle();
  await settle();
  return { page, transport };
}

/** Taps a vant cell (the tap lands on its inner view, as a finger's would). */
async function tapCell(page: SimulatedPage, id: string): Promise<void> {
  await tap(page, `#${id} >>> .van-cell`);
  await settle(50);
}

/** Opens the picker of `cell` and picks the option whose label starts with `label`. */
async function pick(page: SimulatedPage, cell: string, label: string): Promise<void> {
  await tapCell(page, cell);
  const options = page.querySelectorAll('.option');
  const index = options.findIndex((o) => (o.dom?.textContent ?? '').trim().startsWith(label));
  if (index < 0)
    throw new Error(`no option ${label} in ${cell}: ${options.map((o) => o.dom?.textContent).join(' | ')}`);
  await tap(page, `#option-${index}`);
}

/** The calendar's days that can be chosen, as YYYY-MM-DD, in the month(s) shown. */
function enabledDays(page: SimulatedPage): string[] {
  const months = page.querySelectorAll('#calendar >>> .van-calendar__month');
  const days: string[] = [];
  for (const month of months) {
    // vant's month component carries its first day (local midnight) as data-date
    const start = new Date(Number(month.dom?.parentElement?.getAttribute('data-date')));
    const ym = `${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, '0')}`;
    const cells = Array.from(month.dom?.querySelectorAll('wx-view') ?? []).filter((el) =>
      /(^|\s)\S*van-calendar__day(\s|$)/.test(el.className),
    );
    for (const day of cells) {
      const classes = day.className;
      const n = /^\d+/.exec(day.textContent?.trim() ?? '')?.[0];
      if (!n || classes.includes('van-calendar__day--disabled')) continue;
      days.push(`${ym}-${n.padStart(2, '0')}`);
    }
  }
  return days;
}

/** Confirms `day` in the open calendar, as its confirm button does. */
async function chooseDay(page: SimulatedPage, day: string): Promise<void> {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  page.querySelector('#calendar')?.dispatchEvent('confirm', { detail: new Date(y, m - 1, d) });
  await settle(50);
}

function error(page: SimulatedPage, field: string): string {
  return textIn(page, `#error-${field}`);
}

function created(transport: FakeTransport): CallData[] {
  return callsOf(transport, 'order.create');
}

function stubWx(name: string, impl: (options: Record<string, (res: unknown) => void>) => void): Stub {
  const stub = jest.fn(impl);
  jest
    .spyOn(wx as unknown as Record<string, (o: unknown) => void>, name)
    .mockImplementation(stub as (o: unknown) => void);
  return stub;
}

/** A cloud storage that answers each upload with cloud://env.b/<n>. */
function stubCloud(fail = false): Stub {
  let n = 0;
  const uploadFile = jest.fn(
    (options: { cloudPath: string; success: (r: unknown) => void; fail: (e: unknown) => void }) => {
      n += 1;
      if (fail) options.fail({ errMsg: 'uploadFile:fail' });
      else options.success({ fileID: `cloud://env.b/${options.cloudPath}#${n}` });
    },
  );
  Reflect.set(wx, 'cloud', { uploadFile });
  return uploadFile;
}

/** Fills a valid 门诊绿通 form. */
async function fillOutpatient(page: SimulatedPage): Promise<void> {
  await pick(page, 'hospital', '复旦大学附属中山医院');
  await pick(page, 'department', '心血管内科');
  await tapCell(page, 'wantedDate');
  await chooseDay(page, '2026-06-05');
}

describe('order form: common', () => {
  test('loading, then the served person: holder and family, the caller chosen', async () => {
    const answer = deferred<Envelope<unknown>>();
    const { page } = await open('quickConsult', { 'card.mine': () => answer.promise });
    expect(page.data['view']).toBe('loading');
    expect(page.querySelector('.form__loading')).toBeTruthy();
    answer.resolve(ok({ cards: [card()] }));
    await settle();
    await settle();
    expect(page.data['view']).toBe('form');
    expect(textIn(page, '#person-m-holder')).toBe('张*丰 持卡人 · 本人');
    expect(textIn(page, '#person-m-li')).toBe('李*水 家庭成员');
    expect(classOf(page, '#person-m-holder')).toContain('person--on');
    expect(classOf(page, '#person-m-li')).not.toContain('person--on');
  });

  test('a family member can be chosen as the served person, and the order carries their memberId', async () => {
    const { page, transport } = await open('quickConsult');
    await tap(page, '#person-m-li');
    await typeIn(page, '#description', '孩子咳嗽一周');
    await tap(page, '#submit');
    await settle();
    expect(created(transport)[0]).toMatchObject({ personId: 'm-li', benefit: 'quickConsult' });
  });

  test('a holder-only benefit offers the holder only', async () => {
    const { page } = await open('escort');
    expect(page.querySelector('#person-m-holder')).toBeTruthy();
    expect(page.querySelector('#person-m-li')).toBeFalsy();
    expect(textOf(page)).toContain('就医陪诊仅限持卡人本人使用');
  });

  test('a closed benefit says why, from the card as answered', async () => {
    const waiting = card({ status: 'waiting', benefits: [benefit('outpatientGreen', 8, false)] });
    const { page, transport } = await open('outpatientGreen', { 'card.mine': () => ok({ cards: [waiting] }) });
    expect(page.data['view']).toBe('closed');
    expect(textOf(page)).toContain('门诊绿通暂不可预约：等待期中，3月20日起可预约');
    expect(callsOf(transport, 'content.hospitals')).toHaveLength(0);
  });

  test('an unknown benefit or card is not found', async () => {
    const { page } = await open('butler');
    expect(page.data['view']).toBe('missing');
    expect(textOf(page)).toContain('没有找到这项服务');
    const other = await open('quickConsult', {}, { cardId: 'c-none' });
    expect(textOf(other.page)).toContain('没有找到这张太医蓝卡');
  });

  test('a failed load shows the message and 重试', async () => {
    let fail = true;
    const { page } = await open('quickConsult', {
      'card.mine': () => (fail ? refused('INTERNAL', '服务暂时不可用，请稍后重试') : ok({ cards: [card()] })),
    });
    expect(page.data['view']).toBe('error');
    expect(textOf(page)).toContain('服务暂时不可用，请稍后重试');
    fail = false;
    await tap(page, '#retry');
    await settle();
    expect(page.data['view']).toBe('form');
  });
});

describe('order form: 门诊绿通', () => {
  test('hospitals come from content.hospitals; the departments it excludes are disabled with the reason', async () => {
    const { page } = await open('outpatientGreen');
    await tapCell(page, 'hospital');
    expect(textIn(page, '.sheet')).toContain('复旦大学附属中山医院 上海 · 三级甲等 北京协和医院 北京 · 三级甲等');
    await tap(page, '#option-0');

    await tapCell(page, 'department');
    const options = page.querySelectorAll('.option');
    const rows = options.map((o) => ({
      text: (o.dom?.textContent ?? '').trim(),
      disabled: (o.dom?.className ?? '').includes('option--disabled'),
    }));
    // as answered: the page matches no names itself (超声医学科 falls under 辅助检查科室)
    expect(rows.filter((r) => r.disabled).map((r) => r.text)).toEqual([
      '产科不在门诊绿通服务范围（产科）',
      '康复科不在门诊绿通服务范围（康复科）',
      '体检中心不在门诊绿通服务范围（体检）',
      '超声医学科不在门诊绿通服务范围（辅助检查科室）',
    ]);
    // 妇产科 is not 产科 (R4.1): the function did not list it
    expect(rows.filter((r) => !r.disabled).map((r) => r.text)).toEqual(['心血管内科', '妇产科', '消化内科']);
    expect(textIn(page, '.sheet__footer')).toBe(
      `以下科室不在门诊绿通服务范围：${FORMS.outpatientGreen.excludedDepartments.join('、')}`,
    );

    // a disabled department cannot be picked
    const disabled = rows.findIndex((r) => r.disabled);
    await tap(page, `#option-${disabled}`);
    expect((page.data['values'] as { department: string }).department).toBe('');
    expect(page.data['sheet']).toMatchObject({ open: true });
  });

  test('the calendar’s enabled days are content.outpatientDates, and nothing else', async () => {
    const { page } = await open('outpatientGreen');
    expect(textIn(page, '#wantedDate')).toContain('可选 6月4日 周四、6月5日 周五、6月8日 周一');
    await tapCell(page, 'wantedDate');
    await settle(400);
    expect(enabledDays(page)).toEqual(DATES);
    await chooseDay(page, '2026-06-08');
    expect(textIn(page, '#wantedDate')).toContain('6月8日 周一');
  });

  test('inline messages under each field; nothing is sent', async () => {
    const { page, transport } = await open('outpatientGreen');
    await tap(page, '#submit');
    expect(error(page, 'hospital')).toBe('请选择医院');
    expect(error(page, 'department')).toBe('请选择科室');
    expect(error(page, 'wantedDate')).toBe('请选择期望就诊日期');
    expect(textIn(page, '#submit-error')).toBe('请按提示完善后再提交');
    expect(created(transport)).toHaveLength(0);

    // the department picker needs a hospital first
    await tapCell(page, 'department');
    expect(error(page, 'department')).toBe('请先选择医院');

    await pick(page, 'hospital', '复旦大学附属中山医院');
    expect(error(page, 'hospital')).toBe('');
  });

  test('a complete form is sent as order.create takes it, and the member lands on the order', async () => {
    const redirectTo = jest.spyOn(wx, 'redirectTo');
    const { page, transport } = await open('outpatientGreen');
    await fillOutpatient(page);
    await typeIn(page, '#note', '  复查血压  ');
    await tap(page, '#submit');
    await settle();

    const [req] = created(transport);
    expect(req).toEqual({
      action: 'create',
      cardId: 'c-1',
      benefit: 'outpatientGreen',
      requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
      personId: 'm-holder',
      form: { hospital: '复旦大学附属中山医院', department: '心血管内科', wantedDate: '2026-06-05', note: '复查血压' },
    });
    expect(redirectTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/member/pages/order/index?orderId=o-created' }),
    );
  });

  test('a double tap places one order: one create call, the button disabled while it is pending', async () => {
    const answer = deferred<Envelope<unknown>>();
    const { page, transport } = await open('outpatientGreen', { 'order.create': () => answer.promise });
    await fillOutpatient(page);

    const submit = page.querySelector('#submit >>> .van-button');
    submit?.dispatchEvent('tap');
    submit?.dispatchEvent('tap');
    await settle();
    const instance = page.instance as unknown as { onSubmit(): void };
    instance.onSubmit();
    instance.onSubmit();
    await settle();

    expect(created(transport)).toHaveLength(1);
    expect(classOf(page, '#submit >>> .van-button')).toMatch(/van-button--(loading|disabled)/);
    answer.resolve(ok({ order: order('outpatientGreen', { orderId: 'o-1' }) }));
    await settle();
    expect(created(transport)).toHaveLength(1);
  });

  test('a refusal is shown as it came; trying again sends the same requestId (R3.6)', async () => {
    let calls = 0;
    const { page, transport } = await open('outpatientGreen', {
      'order.create': (data) => {
        calls += 1;
        return calls === 1
          ? refused('NOT_ELIGIBLE', '期望就诊日期需在申请日后第 3–5 个工作日内')
          : ok({ order: order('outpatientGreen', { orderId: String(data['requestId']) }) });
      },
    });
    await fillOutpatient(page);
    await tap(page, '#submit');
    await settle();
    expect(textIn(page, '#submit-error')).toBe('期望就诊日期需在申请日后第 3–5 个工作日内');
    expect(classOf(page, '#submit >>> .van-button')).not.toMatch(/van-button--(loading|disabled)/);

    await tap(page, '#submit');
    await settle();
    const [first, second] = created(transport);
    expect(second?.['requestId']).toBe(first?.['requestId']);
  });

  test('a lost answer (network) is retried with the same requestId', async () => {
    let calls = 0;
    const { page, transport } = await open('outpatientGreen', {
      'order.create': () => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error('timeout')) : ok({ order: order('outpatientGreen') });
      },
    });
    await fillOutpatient(page);
    await tap(page, '#submit');
    await settle();
    expect(textIn(page, '#submit-error')).toBe('网络不太好，请稍后重试');
    await tap(page, '#submit');
    await settle();
    const ids = created(transport).map((c) => c['requestId']);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1);
  });

  test('each opening of the form has its own requestId', async () => {
    const a = await open('outpatientGreen');
    const b = await open('outpatientGreen');
    await fillOutpatient(a.page);
    await fillOutpatient(b.page);
    await tap(a.page, '#submit');
    await tap(b.page, '#submit');
    await settle();
    expect(created(a.transport)[0]?.['requestId']).not.toBe(created(b.transport)[0]?.['requestId']);
  });

  test('the subscription messages are asked for first, then the order is sent', async () => {
    const order_: string[] = [];
    const subscribe = stubWx('requestSubscribeMessage', (options) => {
      order_.push('subscribe');
      options['success']?.({ 'tmpl-accepted': 'accept', 'tmpl-visit': 'reject' });
    });
    const { page, transport } = await open(
      'outpatientGreen',
      {
        'order.create': () => {
          order_.push('create');
          return ok({ order: order('outpatientGreen') });
        },
      },
      // orderBooked not configured: skipped; escortReminder is no notice of this order
      { templates: { orderAccepted: 'tmpl-accepted', visitReminder: 'tmpl-visit', escortReminder: 'tmpl-escort' } },
    );
    expect(callsOf(transport, 'notify.settings')).toHaveLength(1);
    await fillOutpatient(page);
    await tap(page, '#submit');
    await settle();
    expect(subscribe).toHaveBeenCalledTimes(1);
    expect(subscribe).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tmpl-accepted', 'tmpl-visit'] }));
    expect(order_).toEqual(['subscribe', 'create']);
    expect(created(transport)).toHaveLength(1);
    // WeChat's answers reach the server, by template name
    expect(callsOf(transport, 'notify.subscribe')).toEqual([
      { action: 'subscribe', results: { orderAccepted: 'accept', visitReminder: 'reject' } },
    ]);
  });

  test('every order asks for its own notices, 3 at most (WeChat’s limit)', async () => {
    const asked: unknown[] = [];
    stubWx('requestSubscribeMessage', (options) => {
      asked.push(options['tmplIds']);
      options['success']?.({});
    });
    const all = {
      orderAccepted: 'a',
      orderBooked: 'b',
      visitReminder: 'v',
      escortReminder: 'e',
      doctorTaken: 'd',
      consultEnding: 'c',
      reportReady: 'r',
    };
    const { page } = await open('outpatientGreen', {}, { templates: all });
    await fillOutpatient(page);
    await tap(page, '#submit');
    await settle();
    expect(asked).toEqual([['a', 'b', 'v']]);
  });

  test('a member who refuses the subscription still places the order', async () => {
    stubWx('requestSubscribeMessage', (options) =>
      options['fail']?.({ errMsg: 'requestSubscribeMessage:fail', errCode: 20004 }),
    );
    const { page, transport } = await open('outpatientGreen', {}, { templates: { orderAccepted: 'tmpl-accepted' } });
    await fillOutpatient(page);
    await tap(page, '#submit');
    await settle();
    expect(created(transport)).toHaveLength(1);
    expect(callsOf(transport, 'notify.subscribe')).toHaveLength(0);
  });

  test('without configured templates (or settings) nothing is asked and the order goes', async () => {
    const subscribe = stubWx('requestSubscribeMessage', (options) => options['success']?.({}));
    const { page, transport } = await open('outpatientGreen', {}, { templates: {} });
    await fillOutpatient(page);
    await tap(page, '#submit');
    await settle();
    expect(subscribe).not.toHaveBeenCalled();
    expect(created(transport)).toHaveLength(1);
  });

  test('a failed report of the answers does not stop the order', async () => {
    stubWx('requestSubscribeMessage', (options) => options['success']?.({ 'tmpl-accepted': 'accept' }));
    const { page, transport } = await open(
      'outpatientGreen',
      { 'notify.subscribe': () => refused('INTERNAL', '系统繁忙') },
      { templates: { orderAccepted: 'tmpl-accepted' } },
    );
    await fillOutpatient(page);
    await tap(page, '#submit');
    await settle();
    expect(callsOf(transport, 'notify.subscribe')).toHaveLength(1);
    expect(created(transport)).toHaveLength(1);
    expect(textIn(page, '#submit-error')).toBe('');
  });
});

describe('order form: 重疾绿通', () => {
  test('disease from the critical-illness list; records as images and PDFs, uploaded to cloud storage', async () => {
    const upload = stubCloud();
    stubWx('chooseMedia', (options) =>
      options['success']?.({
        tempFiles: [
          { tempFilePath: 'wxfile://tmp/a.jpg', size: 2000 },
          { tempFilePath: 'wxfile://tmp/b.jpg', size: 3000 },
        ],
      }),
    );
    const chooseFile = stubWx('chooseMessageFile', (options) =>
      options['success']?.({ tempFiles: [{ path: 'wxfile://tmp/report.pdf', name: '出院小结.pdf', size: 5000 }] }),
    );
    const { page, transport } = await open('inpatientGreen');

    await tapCell(page, 'disease');
    expect(page.querySelectorAll('.option').map((o) => o.dom?.textContent?.trim())).toEqual(
      FORMS.inpatientGreen.criticalIllnesses,
    );
    await tap(page, '#option-1');

    await pick(page, 'hospital', '复旦大学附属中山医院');
    await tapCell(page, 'wantedDate');
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    await chooseDay(page, day);

    await tap(page, '#add-records');
    await tap(page, '#pdf-records');
    expect(chooseFile).toHaveBeenCalledWith(expect.objectContaining({ type: 'file', extension: ['pdf'] }));
    await tap(page, '#add-admissionSlip');
    await settle();
    expect(upload).toHaveBeenCalledTimes(4);
    expect(page.querySelectorAll('#records >>> .van-uploader__preview')).toHaveLength(3);
    expect(textIn(page, '#records')).toContain('出院小结.pdf');
    // one admission slip: its add tile is gone
    expect(page.querySelector('#add-admissionSlip')).toBeFalsy();

    await tap(page, '#submit');
    await settle();
    const form = created(transport)[0]?.['form'] as Record<string, unknown>;
    expect(form).toMatchObject({ hospital: '复旦大学附属中山医院', wantedDate: day, disease: '较重急性心肌梗死' });
    expect(form['records']).toHaveLength(3);
    // under the member's own folder (card.mine's uploadDir, issue 10): the only files the function takes
    const dir = `cloud://env.b/${MEMBER_DIR}/orders/`;
    expect((form['records'] as string[]).every((id) => id.startsWith(dir))).toBe(true);
    expect(String(form['admissionSlip']).startsWith(dir)).toBe(true);
    expect(String(form['admissionSlip'])).toMatch(/\.jpg#4$/);
  });

  test('missing records and slip are said under their blocks; a failed upload blocks the send', async () => {
    stubCloud(true);
    stubWx('chooseMedia', (options) =>
      options['success']?.({ tempFiles: [{ tempFilePath: 'wxfile://tmp/a.jpg', size: 2000 }] }),
    );
    const { page, transport } = await open('inpatientGreen');
    await tap(page, '#submit');
    expect(error(page, 'records')).toBe('请上传病历资料');
    expect(error(page, 'admissionSlip')).toBe('请上传住院证');
    expect(error(page, 'disease')).toBe('请选择疾病');

    await tap(page, '#add-records');
    await settle();
    await tap(page, '#submit');
    expect(error(page, 'records')).toBe('有文件上传失败，请删除后重新上传');
    expect(created(transport)).toHaveLength(0);

    // deleting the failed file (vant's delete) clears it
    page.querySelector('#records')?.dispatchEvent('delete', { detail: { index: 0, name: 'records' } });
    await settle();
    expect(page.querySelectorAll('#records >>> .van-uploader__preview')).toHaveLength(0);
  });

  test('outside WeChat (no cloud storage) an upload fails with a clear message', async () => {
    const toast = jest.spyOn(wx, 'showToast');
    stubWx('chooseMedia', (options) =>
      options['success']?.({ tempFiles: [{ tempFilePath: 'wxfile://tmp/a.jpg', size: 2000 }] }),
    );
    const { page } = await open('inpatientGreen');
    await tap(page, '#add-records');
    await settle();
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '当前环境无法上传文件，请在微信中打开' }));
  });
});

describe('order form: 就医陪诊', () => {
  test('the exclusions and the conditions are shown before submit', async () => {
    const { page } = await open('escort');
    const notice = textIn(page, '#exclusions');
    expect(notice).toContain(`陪诊服务不包括： ${FORMS.escort.exclusions.join('、')}`);
    expect(notice).toContain('就诊人 70 岁及以上或 14 岁以下，需家属陪同。');
    for (const c of FORMS.escort.conditions) expect(textIn(page, `#condition-${c.key}`)).toContain(c.label);
  });

  test('the visit day starts at escortEarliestDay; the time from the list; the form as order.create takes it', async () => {
    const { page, transport } = await open('escort');
    await pick(page, 'hospital', '复旦大学附属中山医院');
    await pick(page, 'department', '消化内科');
    expect(textIn(page, '#visitDay')).toContain('最早可选 6月4日 周四');
    await tapCell(page, 'visitDay');
    await settle(400);
    const enabled = enabledDays(page);
    expect(enabled[0]).toBe('2026-06-04');
    expect(enabled).not.toContain('2026-06-03');
    await chooseDay(page, '2026-06-09');
    await pick(page, 'visitTime', '08:30');
    await typeIn(page, '#purpose', '门诊复诊');
    await tap(page, '#registered >>> .van-switch');
    await tap(page, '#condition-needsSignature');

    await tap(page, '#submit');
    // a needs-relative condition without a relative: said under the switch
    expect(error(page, 'withRelative')).toBe('您勾选的情况需家属陪同，请确认家属陪同');
    expect(created(transport)).toHaveLength(0);

    await tap(page, '#withRelative >>> .van-switch');
    await tap(page, '#submit');
    await settle();
    expect(created(transport)[0]).toMatchObject({
      benefit: 'escort',
      personId: 'm-holder',
      form: {
        hospital: '复旦大学附属中山医院',
        department: '消化内科',
        visitAt: '2026-06-09T08:30:00+08:00',
        purpose: '门诊复诊',
        registered: true,
        withRelative: true,
        conditions: ['needsSignature'],
      },
    });
  });

  test('not registered yet, or a condition escort is not for: said before sending', async () => {
    const { page, transport } = await open('escort');
    await tap(page, '#condition-severe');
    await tap(page, '#submit');
    expect(error(page, 'registered')).toBe('陪诊仅在您自行挂号后提供，请先挂号');
    expect(error(page, 'conditions')).toBe('陪诊服务不适用于：重症或急救患者。如情况紧急，请立即拨打 120 或前往急诊');
    expect(error(page, 'purpose') || textIn(page, '#purpose')).toContain('请填写就诊事项');
    expect(created(transport)).toHaveLength(0);
    // unticking clears the message
    await tap(page, '#condition-severe');
    expect(error(page, 'conditions')).toBe('');
  });
});

describe('order form: consults', () => {
  test('三甲专科快速问诊: a one-sentence description and the mode (图文 / 电话 / 视频)', async () => {
    const { page, transport } = await open('quickConsult');
    expect(textOf(page)).toContain('图文咨询 电话咨询 视频咨询');
    await tap(page, '#submit');
    expect(textIn(page, '#description')).toContain('请用一句话描述您的情况');
    await typeIn(page, '#description', '头痛三天，夜里加重');
    await tap(page, '#mode-video');
    await tap(page, '#submit');
    await settle();
    expect(created(transport)[0]).toMatchObject({
      benefit: 'quickConsult',
      form: { description: '头痛三天，夜里加重', mode: 'video' },
    });
  });

  test('三甲名医在线: the expert from content.experts; text or phone only', async () => {
    const { page, transport } = await open('expertConsult');
    expect(page.querySelector('#mode-video')).toBeFalsy();
    await tap(page, '#submit');
    expect(error(page, 'expertId')).toBe('请选择专家');
    await pick(page, 'expertId', '沈雅琴');
    expect(textIn(page, '#chosen-expert')).toBe(
      '沈雅琴 主任医师 上海交通大学医学院附属瑞金医院 · 内分泌科 · 擅长 糖尿病',
    );
    await typeIn(page, '#description', '血糖控制不好');
    await tap(page, '#mode-phone');
    await tap(page, '#submit');
    await settle();
    expect(created(transport)[0]).toMatchObject({
      form: { expertId: 'e-002', description: '血糖控制不好', mode: 'phone' },
    });
  });

  test('三甲家庭私人医生, first use: choose a doctor, who is signed before the question is sent', async () => {
    const { page, transport } = await open('familyDoctor', {
      'order.signDoctor': (data) =>
        ok({ doctor: DOCTORS.find((d) => d.id === data['doctorId']), signedAt: '2026-06-01T10:00:00+08:00' }),
    });
    expect(callsOf(transport, 'order.myDoctor')).toEqual([{ action: 'myDoctor', cardId: 'c-1', personId: 'm-holder' }]);
    expect(textOf(page)).toContain('首次使用，请选择并签约一位家庭医生。');
    await tap(page, '#submit');
    expect(error(page, 'doctorId')).toBe('请选择一位家庭医生');
    await pick(page, 'doctorId', '杨医生');
    await typeIn(page, '#question', '最近血压偏高怎么办');
    await tap(page, '#submit');
    await settle();
    expect(callsOf(transport, 'order.signDoctor')).toEqual([
      { action: 'signDoctor', cardId: 'c-1', doctorId: 'd-002', personId: 'm-holder' },
    ]);
    expect(created(transport)[0]).toMatchObject({ form: { question: '最近血压偏高怎么办', doctorId: 'd-002' } });
    const names = transport.calls.map(([name, data]) => `${name}.${data.action}`);
    expect(names.indexOf('order.signDoctor')).toBeLessThan(names.indexOf('order.create'));
  });

  test('三甲家庭私人医生, signed: the doctor is shown and the question goes to them', async () => {
    const { page, transport } = await open('familyDoctor', {
      'order.myDoctor': () => ok({ doctor: DOCTORS[0], signedAt: '2026-05-01T10:00:00+08:00' }),
    });
    expect(textIn(page, '#signed')).toBe('陈医生 主治医师 复旦大学附属华山医院 · 全科、慢病管理');
    expect(page.querySelector('#doctorId')).toBeFalsy();
    await typeIn(page, '#question', '孩子发烧要不要去医院');
    await tap(page, '#submit');
    await settle();
    expect(callsOf(transport, 'order.signDoctor')).toHaveLength(0);
    expect(created(transport)[0]).toMatchObject({ form: { question: '孩子发烧要不要去医院', doctorId: 'd-001' } });
  });

  test('another served person has their own doctor', async () => {
    const { page, transport } = await open('familyDoctor', {
      'order.myDoctor': (data) => ok({ doctor: data['personId'] === 'm-li' ? DOCTORS[1] : null, signedAt: null }),
    });
    await tap(page, '#person-m-li');
    await settle();
    expect(callsOf(transport, 'order.myDoctor').at(-1)).toMatchObject({ personId: 'm-li' });
    expect(textIn(page, '#signed')).toContain('杨医生');
  });
});

describe('order form: 《健康测评问卷》', () => {
  test('全面健康评估: four parts; required answers said under each question; flat answers sent', async () => {
    const { page, transport } = await open('assessment');
    const text = textOf(page);
    for (const part of ['基本信息', '生活方式', '已知疾病', '家族史']) expect(text).toContain(part);
    expect(text).not.toContain('体检相关');

    await tap(page, '#submit');
    expect(textIn(page, '#q-heightCm')).toContain('请填写身高');
    expect(error(page, 'q-smoking')).toBe('请选择吸烟');
    expect(error(page, 'q-conditions')).toBe('请选择，没有请选“无”');
    expect(created(transport)).toHaveLength(0);

    await typeIn(page, '#q-heightCm', '172');
    await typeIn(page, '#q-weightKg', '68.5');
    await typeIn(page, '#q-sleepHours', '30');
    await tap(page, '#q-smoking-0');
    await tap(page, '#q-drinking-1');
    await tap(page, '#q-exercise-2');
    await tap(page, '#q-sleepQuality-1');
    await tap(page, '#q-conditions-0'); // 高血压
    await tap(page, '#q-conditions-1'); // 糖尿病
    await tap(page, '#q-familyHistory-0');
    await tap(page, '#q-familyHistory-5'); // 无 clears the others
    await typeIn(page, '#q-medications', '氨氯地平');
    await tap(page, '#submit');
    expect(textIn(page, '#q-sleepHours')).toContain('平均每晚睡眠应在 0–24 小时之间');
    expect(created(transport)).toHaveLength(0);

    await typeIn(page, '#q-sleepHours', '7.5');
    await tap(page, '#submit');
    await settle();
    expect(created(transport)[0]).toMatchObject({
      benefit: 'assessment',
      form: {
        questionnaire: {
          heightCm: 172,
          weightKg: 68.5,
          smoking: '从不吸烟',
          drinking: '偶尔饮酒',
          exercise: '每周 3 次以上',
          sleepHours: 7.5,
          sleepQuality: '一般',
          conditions: ['高血压', '糖尿病'],
          medications: '氨氯地平',
          familyHistory: ['无'],
        },
      },
    });
    const questionnaire = (created(transport)[0]?.['form'] as { questionnaire: Record<string, unknown> }).questionnaire;
    // flat, as the function's schema takes it: keys [A-Za-z0-9_], no empty optional answers
    for (const key of Object.keys(questionnaire)) expect(key).toMatch(/^[A-Za-z0-9_]+$/);
    expect(questionnaire).not.toHaveProperty('allergies');
  });

  test('体检方案制定 adds its own part', async () => {
    const { page } = await open('checkupPlan');
    expect(textOf(page)).toContain('体检相关');
    expect(textOf(page)).toContain('上次体检');
    expect(textOf(page)).toContain('《定制体检方案》');
  });
});

describe('order form: 体检报告解读', () => {
  test('the report as PDFs or images; sent as fileIDs', async () => {
    stubCloud();
    stubWx('chooseMessageFile', (options) =>
      options['success']?.({ tempFiles: [{ path: 'wxfile://tmp/x.pdf', name: '2026体检报告.pdf', size: 800000 }] }),
    );
    const { page, transport } = await open('reportReading');
    await tap(page, '#submit');
    expect(error(page, 'files')).toBe('请上传体检报告（图片或 PDF）');
    await tap(page, '#pdf-files');
    await settle();
    await tap(page, '#submit');
    await settle();
    const files = (created(transport)[0]?.['form'] as { files: string[] }).files;
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^cloud:\/\/env\.b\/u\/member-folder\/orders\/\d{4}-\d{2}-\d{2}\/.+\.pdf#1$/);
  });

  test('a file over 20 MB is left out, with a word', async () => {
    const toast = jest.spyOn(wx, 'showToast');
    stubCloud();
    stubWx('chooseMessageFile', (options) =>
      options['success']?.({ tempFiles: [{ path: 'wxfile://tmp/x.pdf', name: 'big.pdf', size: 30 * 1024 * 1024 }] }),
    );
    const { page } = await open('reportReading');
    await tap(page, '#pdf-files');
    await settle();
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '有 1 个文件超过 20 MB，未添加' }));
    expect((page.data['uploads'] as { files: unknown[] }).files).toHaveLength(0);
  });
});
