/**
 * @jest-environment jsdom
 *
 * 代为下单 (R1.5): the butler places an order for a person through staff.placeOrder — the forms a
 * phone call can fill, inline validation, one request id per order (R3.6), the function's refusal
 * shown as it came, and the new order opened on the workbench.
 */
import type { BenefitInfo } from '../../typings/contract';
import { settle, tap, textOf } from './harness';
import { emit, fieldValue, open } from './membership-kit';
import { answering, callsOf, fill, ok, refused } from './workbench-kit';

const PLACE = 'workbench/pages/place-order/index';
const QUERY = { cardId: 'c-1', memberId: 'm-2', name: '李*水' };

afterEach(() => jest.restoreAllMocks());

function info(key: BenefitInfo['key'], name: string, orderable = true): BenefitInfo {
  return {
    key,
    name,
    subtitle: null,
    description: '',
    notes: [],
    quota: {},
    shared: true,
    holderOnly: key === 'escort',
    waitingPeriod: true,
    orderable,
    escortHours: null,
    steps: [],
  };
}

const BENEFITS = [
  info('butler', '健康管家', false),
  info('assessment', '全面健康评估'),
  info('quickConsult', '三甲专科快速问诊'),
  info('expertConsult', '三甲名医在线'),
  info('outpatientGreen', '门诊绿通'),
  info('familyDoctor', '三甲家庭私人医生'),
  info('escort', '就医陪诊'),
];

function world(placed = ok({ order: { orderId: 'o-new' } })) {
  return answering({
    'content.benefits': ok({ benefits: BENEFITS, forms: {} }),
    'content.hospitals': ok({
      hospitals: [
        {
          id: 'h1',
          name: '复旦大学附属中山医院',
          city: '上海',
          level: '三级甲等',
          address: '枫林路180号',
          public: true,
          departments: ['心血管内科', '消化内科'],
        },
      ],
      cities: ['上海'],
    }),
    'content.outpatientDates': ok({ dates: ['2026-06-04', '2026-06-05', '2026-06-08'] }),
    'content.experts': ok({
      experts: [
        {
          id: 'e-001',
          name: '王建国',
          title: '主任医师',
          hospital: '北京协和医院',
          department: '心内科',
          specialty: '高血压',
        },
      ],
    }),
    'staff.placeOrder': () => placed,
  });
}

describe('workbench place order (butler, R1.5)', () => {
  test('the orderable benefits: those the butler fills first, the others marked for the member', async () => {
    const page = await open(PLACE, QUERY, { transport: world() });
    const text = textOf(page);
    expect(text).toContain('为 李*水 代为下单');
    expect(text).toContain('门诊绿通');
    expect(text).toContain('全面健康评估 需会员本人在小程序中提交');
    expect(text).toContain('就医陪诊 需会员本人在小程序中提交');
    expect(page.querySelector('#benefit-butler')).toBeFalsy();
    const toast = jest.spyOn(wx, 'showToast');
    await tap(page, '#benefit-escort');
    expect(page.data['benefit']).toBe('');
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '此项服务需会员本人在小程序中提交' }));
  });

  test('门诊绿通: hospital, department and a date offered by the function; sent with the person and a request id', async () => {
    const transport = world();
    const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation(() => undefined as never);
    const page = await open(PLACE, QUERY, { transport });
    await tap(page, '#benefit-outpatientGreen');
    await settle();
    expect(textOf(page)).toContain('2026年6月4日 2026年6月5日 2026年6月8日');
    await tap(page, '#submit');
    const text = textOf(page);
    expect(text).toContain('请选择医院');
    expect(text).toContain('请选择科室');
    expect(text).toContain('请选择期望就诊日期');
    expect(callsOf(transport, 'staff.placeOrder')).toEqual([]);

    await emit(page, '#hospital', 'change', { value: 0 });
    await emit(page, '#department', 'change', { value: 1 });
    await tap(page, '#date-1');
    await fill(page, '#note', '会员电话确认过');
    await tap(page, '#submit');
    await settle();
    const [sent] = callsOf(transport, 'staff.placeOrder');
    expect(sent).toEqual({
      cardId: 'c-1',
      personId: 'm-2',
      requestId: expect.stringMatching(/^staff-[a-z0-9]+-[a-z0-9]+$/),
      benefit: 'outpatientGreen',
      form: {
        hospital: '复旦大学附属中山医院',
        department: '消化内科',
        wantedDate: '2026-06-05',
        note: '会员电话确认过',
      },
    });
    expect(navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/workbench/pages/order/index?orderId=o-new' }),
    );
  });

  test('a refusal is shown as it came; retrying sends the same request id (R3.6)', async () => {
    const transport = world(refused('QUOTA_EXHAUSTED', '此项权益次数已用完'));
    const page = await open(PLACE, QUERY, { transport });
    await tap(page, '#benefit-quickConsult');
    await tap(page, '#submit');
    expect(textOf(page)).toContain('请用一句话描述会员的情况');
    await fill(page, '#description', '孩子咳嗽两天');
    await tap(page, '#mode-phone');
    await tap(page, '#submit');
    await settle();
    expect(page.querySelector('#submit-error')?.dom?.textContent).toBe('此项权益次数已用完');
    await tap(page, '#submit');
    await settle();
    const calls = callsOf(transport, 'staff.placeOrder');
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual({
      cardId: 'c-1',
      personId: 'm-2',
      requestId: calls[1]?.['requestId'],
      benefit: 'quickConsult',
      form: { description: '孩子咳嗽两天', mode: 'phone' },
    });
  });

  test('三甲名医在线: an expert from the list; 三甲家庭私人医生: the question', async () => {
    const transport = world();
    jest.spyOn(wx, 'navigateTo').mockImplementation(() => undefined as never);
    const page = await open(PLACE, QUERY, { transport });
    await tap(page, '#benefit-expertConsult');
    await settle();
    expect(page.querySelector('#mode-video')).toBeFalsy();
    await tap(page, '#submit');
    expect(textOf(page)).toContain('请选择专家');
    await emit(page, '#expert', 'change', { value: 0 });
    expect(fieldValue(page, '#expert-field')).toBe('王建国 主任医师 · 北京协和医院');
    await fill(page, '#description', '血压控制不理想');
    await tap(page, '#submit');
    await settle();
    expect(callsOf(transport, 'staff.placeOrder')[0]).toMatchObject({
      benefit: 'expertConsult',
      form: { expertId: 'e-001', description: '血压控制不理想', mode: 'text' },
    });

    await tap(page, '#benefit-familyDoctor');
    await tap(page, '#submit');
    expect(textOf(page)).toContain('请填写会员的问题');
    await fill(page, '#question', '孩子发烧要不要去医院');
    await tap(page, '#submit');
    await settle();
    expect(callsOf(transport, 'staff.placeOrder')[1]).toMatchObject({
      benefit: 'familyDoctor',
      form: { question: '孩子发烧要不要去医院' },
    });
  });

  test('without a card and person it says where to start; a failed load offers 重试', async () => {
    const bare = await open(PLACE, {}, { transport: world() });
    expect(textOf(bare)).toContain('请从会员会话进入代为下单');
    const failing = await open(PLACE, QUERY, {
      transport: answering({ 'content.benefits': refused('INTERNAL', '网络不太好，请稍后重试') }),
    });
    expect(textOf(failing)).toContain('网络不太好，请稍后重试 重试');
  });
});
