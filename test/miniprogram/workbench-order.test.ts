/**
 * @jest-environment jsdom
 *
 * An order on the workbench: what staff.get answered (status, SLA, the masked person, the form,
 * files, booking, history) and exactly the steps it allows the caller — one action per step,
 * in an action sheet, with a form or a confirm per step. A staff member who is not the right role
 * is offered nothing: the page never adds a step the answer did not list.
 */
import type { Envelope, StaffOrder } from '../../typings/contract';
import { deferred, settle, tap, textOf, type SimulatedPage } from './harness';
import { emit, fieldError, invoke, open } from './membership-kit';
import {
  answerDialog,
  answering,
  callsOf,
  fill,
  fromNow,
  ok,
  pickSheetRow,
  refused,
  sheetRows,
  staffOrder,
} from './workbench-kit';

const ORDER = 'workbench/pages/order/index';
/** The staff member's own upload folder, as staff.me answers it (issue 10: results go under it). */
const STAFF_DIR = 'u/staff-folder';

afterEach(() => {
  jest.restoreAllMocks();
  Reflect.deleteProperty(wx, 'cloud');
});

function withOrder(first: StaffOrder, after?: StaffOrder) {
  let current = first;
  const transport = answering({
    'staff.get': () => ok({ order: current }),
    'staff.act': () => {
      if (after) current = after;
      return ok({ order: current });
    },
    'staff.callMember': ok({ phone: '13800138000' }),
    'staff.fileUrls': ok({
      files: first.files.map((f) => ({ ...f, url: f.fileId })),
      note: '本地环境没有文件服务：显示的是文件编号，部署后为临时下载链接',
    }),
    'staff.me': ok({ name: '陈明', roles: ['doctor'], uploadDir: STAFF_DIR }),
  });
  return transport;
}

async function openSheet(page: SimulatedPage): Promise<string[]> {
  await tap(page, '#steps');
  await settle(400);
  return sheetRows(page, '#step-sheet');
}

describe('workbench order', () => {
  test('loading, then the order: status, time left, the masked person, the form, the history', async () => {
    const answer = deferred<Envelope<unknown>>();
    const transport = answering({ 'staff.get': () => answer.promise });
    const page = await open(ORDER, { orderId: 'o-1' }, { transport });
    expect(page.data['view']).toBe('loading');
    expect(page.querySelector('.staff-order__loading')).toBeTruthy();
    expect(callsOf(transport, 'staff.get')).toEqual([{ orderId: 'o-1' }]);

    answer.resolve(
      ok({
        order: staffOrder(['accept', 'fail'], {
          dueAt: fromNow(150),
          form: {
            hospital: '复旦大学附属中山医院',
            department: '心血管内科',
            wantedDate: '2026-06-04',
            note: '复查血压',
          },
        }),
      }),
    );
    await settle();
    const text = textOf(page);
    expect(page.data['view']).toBe('ready');
    expect(text).toContain('门诊绿通 已提交');
    expect(text).toContain('待办：电话确认预约信息 剩 2 小时 30 分钟');
    expect(page.querySelector('#awaiting .sla')?.dom?.className).toContain('sla--orange');
    expect(text).toContain('尊享版 · 提交于 6月1日 10:00');
    expect(text).toContain('服务对象 张*丰 138****8000 拨打电话');
    expect(text).not.toContain('13800138000');
    expect(text).toContain('医院 复旦大学附属中山医院');
    expect(text).toContain('科室 心血管内科');
    expect(text).toContain('期望就诊日期 2026年6月4日');
    expect(text).toContain('备注 复查血压');
    expect(text).toContain('处理记录 提交申请');
    expect(page.querySelector('#steps')).toBeTruthy();
    expect(page.querySelector('#nothing')).toBeFalsy();
  });

  test('an error shows the function’s message and 重试 loads again', async () => {
    let fail = true;
    const transport = answering({
      'staff.get': () =>
        fail ? refused('PERMISSION_DENIED', '这个订单不由您的岗位处理') : ok({ order: staffOrder([]) }),
    });
    const page = await open(ORDER, { orderId: 'o-1' }, { transport });
    expect(page.data['view']).toBe('error');
    expect(textOf(page)).toContain('这个订单不由您的岗位处理 重试');
    fail = false;
    await tap(page, '#retry');
    expect(page.data['view']).toBe('ready');
  });

  test('a staff member who is not the right role sees no step and no call (a doctor on an outpatient order)', async () => {
    const transport = withOrder(staffOrder([], { canCall: false }));
    const page = await open(ORDER, { orderId: 'o-1' }, { transport });
    expect(page.querySelector('#steps')).toBeFalsy();
    expect(page.querySelector('#consult')).toBeFalsy();
    expect(page.querySelector('#call')).toBeFalsy();
    expect(sheetRows(page, '#step-sheet')).toEqual([]);
    expect(textOf(page)).toContain('当前没有需要您处理的步骤');
    // even a stray select cannot send a step the answer did not list
    await invoke(page, 'onPickStep', { detail: { step: 'book' } });
    expect(page.data['popup']).toBe('');
    expect(callsOf(transport, 'staff.act')).toEqual([]);
  });

  test('the sheet lists exactly the allowed steps, in the answer’s order, with what each does', async () => {
    const page = await open(
      ORDER,
      { orderId: 'o-1' },
      { transport: withOrder(staffOrder(['providerStop', 'noShow', 'complete'])) },
    );
    expect(await openSheet(page)).toEqual(['医院停诊，重新预约', '登记爽约', '就诊完成']);
    expect(textOf(page)).toContain('订单回到待预约，重新预约不另扣次数');
  });

  test('accept: confirmed in a dialog, sent, and the order read again', async () => {
    const after = staffOrder(['book', 'fail'], { status: 'accepted', awaiting: 'book', awaitingLabel: '预约成功' });
    const transport = withOrder(staffOrder(['accept', 'fail']), after);
    const toast = jest.spyOn(wx, 'showToast');
    const page = await open(ORDER, { orderId: 'o-1' }, { transport });
    await openSheet(page);
    await pickSheetRow(page, '#step-sheet', '电话确认预约信息');
    expect(page.data['confirming']).toBe(true);
    expect(textOf(page)).toContain('确定办理这一步吗？');

    await answerDialog(page, '#confirm', 'confirm');
    await settle();
    expect(callsOf(transport, 'staff.act')).toEqual([{ orderId: 'o-1', step: 'accept' }]);
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '已完成：电话确认预约信息' }));
    expect(callsOf(transport, 'staff.get')).toHaveLength(2);
    expect(textOf(page)).toContain('待办：预约成功');
  });

  test('cancelling the dialog sends nothing', async () => {
    const transport = withOrder(staffOrder(['accept']));
    const page = await open(ORDER, { orderId: 'o-1' }, { transport });
    await openSheet(page);
    await pickSheetRow(page, '#step-sheet', '电话确认预约信息');
    await answerDialog(page, '#confirm', 'cancel');
    expect(callsOf(transport, 'staff.act')).toEqual([]);
  });

  test('book: every field is required, inline; then date, period, hospital and address are sent', async () => {
    const transport = withOrder(staffOrder(['book', 'fail'], { status: 'accepted', awaiting: 'book' }));
    const page = await open(ORDER, { orderId: 'o-1' }, { transport });
    await openSheet(page);
    await pickSheetRow(page, '#step-sheet', '预约成功');
    expect(page.data['popup']).toBe('book');
    // prefilled from what the member asked for
    expect(page.data['book']).toEqual({
      visitDate: '2026-06-04',
      period: '',
      hospital: '复旦大学附属中山医院',
      address: '',
    });
    expect(textOf(page)).toContain('本次服务计为已使用');

    await tap(page, '#submit');
    expect(textOf(page)).toContain('请选择就诊时段');
    expect(fieldError(page, '#address')).toBe('请填写医院地址，会员将在短信中看到');
    expect(callsOf(transport, 'staff.act')).toEqual([]);

    await emit(page, '#visit-date', 'change', { value: '2026-06-05' });
    await tap(page, '#period-1');
    await fill(page, '#address', '上海市徐汇区枫林路180号');
    expect(fieldError(page, '#address')).toBe('');
    await tap(page, '#submit');
    await settle();
    expect(callsOf(transport, 'staff.act')).toEqual([
      {
        orderId: 'o-1',
        step: 'book',
        visitDate: '2026-06-05',
        period: '下午',
        hospital: '复旦大学附属中山医院',
        address: '上海市徐汇区枫林路180号',
      },
    ]);
    expect(page.data['popup']).toBe('');
  });

  test('a rebooking after a stop starts from the booking made before', async () => {
    const booking = { visitDate: '2026-06-05', period: '上午', hospital: '北京协和医院', address: '帅府园1号' };
    const page = await open(
      ORDER,
      { orderId: 'o-1' },
      { transport: withOrder(staffOrder(['book', 'fail'], { status: 'accepted', awaiting: 'book', booking })) },
    );
    await openSheet(page);
    await pickSheetRow(page, '#step-sheet', '预约成功');
    expect(page.data['book']).toEqual(booking);
  });

  test('fail: a reason is required; a refusal is shown in the form, as it came', async () => {
    const transport = answering({
      'staff.get': ok({ order: staffOrder(['accept', 'fail']) }),
      'staff.act': refused('INVALID_STATE', '当前状态不能标记为无法服务'),
    });
    const page = await open(ORDER, { orderId: 'o-1' }, { transport });
    await openSheet(page);
    await pickSheetRow(page, '#step-sheet', '无法服务');
    expect(textOf(page)).toContain('订单将结束，次数退还会员');
    await tap(page, '#submit');
    expect(fieldError(page, '#reason')).toBe('请填写原因');

    await fill(page, '#reason', '号源已满');
    await tap(page, '#submit');
    await settle();
    expect(callsOf(transport, 'staff.act')).toEqual([{ orderId: 'o-1', step: 'fail', reason: '号源已满' }]);
    expect(page.data['popup']).toBe('fail');
    expect(page.querySelector('#submit-error')?.dom?.textContent).toBe('当前状态不能标记为无法服务');
  });

  test('providerStop sends the reason', async () => {
    const transport = withOrder(staffOrder(['providerStop', 'noShow', 'complete'], { status: 'booked' }));
    const page = await open(ORDER, { orderId: 'o-1' }, { transport });
    await openSheet(page);
    await pickSheetRow(page, '#step-sheet', '医院停诊，重新预约');
    await fill(page, '#reason', '专家临时停诊');
    await tap(page, '#submit');
    await settle();
    expect(callsOf(transport, 'staff.act')).toEqual([{ orderId: 'o-1', step: 'providerStop', reason: '专家临时停诊' }]);
  });

  test('complete: the result text and an uploaded file (under the staff member’s own folder, issue 10) go with the step', async () => {
    const order = staffOrder(['complete'], {
      benefit: 'assessment',
      benefitName: '全面健康评估',
      form: { questionnaire: {} },
      stepTexts: { complete: { label: '出具健康评估报告', hint: '' } },
    });
    const transport = withOrder(order);
    jest.spyOn(wx, 'chooseMedia').mockImplementation((options) => {
      options.success?.({
        tempFiles: [{ tempFilePath: 'wxfile://tmp/report.jpg', size: 1000 }],
        type: 'image',
      } as never);
      return undefined as never;
    });
    const uploadFile = jest.fn((options: { cloudPath: string; success?: (r: { fileID: string }) => void }) =>
      options.success?.({ fileID: 'cloud://env/results/report.jpg' }),
    );
    Reflect.set(wx, 'cloud', { uploadFile });

    const page = await open(ORDER, { orderId: 'o-1' }, { transport });
    await openSheet(page);
    await pickSheetRow(page, '#step-sheet', '出具健康评估报告');
    await fill(page, '#result-text', '血压偏高，建议低盐饮食');
    await tap(page, '#add-images');
    await settle();
    expect(uploadFile).toHaveBeenCalled();
    expect(uploadFile.mock.calls[0]?.[0].cloudPath).toMatch(/^u\/staff-folder\/results\/\d{4}-\d{2}-\d{2}\/.+\.jpg$/);
    expect(callsOf(transport, 'staff.me')).toHaveLength(1);
    expect(textOf(page)).toContain('图片1');
    await tap(page, '#submit');
    await settle();
    expect(callsOf(transport, 'staff.act')).toEqual([
      {
        orderId: 'o-1',
        step: 'complete',
        result: { text: '血压偏高，建议低盐饮食', files: ['cloud://env/results/report.jpg'] },
      },
    ]);
  });

  test('complete without a result sends the bare step; without cloud storage the upload says so', async () => {
    const transport = withOrder(staffOrder(['providerStop', 'noShow', 'complete'], { status: 'booked' }));
    jest.spyOn(wx, 'chooseMedia').mockImplementation((options) => {
      options.success?.({ tempFiles: [{ tempFilePath: 'wxfile://tmp/a.jpg', size: 10 }], type: 'image' } as never);
      return undefined as never;
    });
    const page = await open(ORDER, { orderId: 'o-1' }, { transport });
    await openSheet(page);
    await pickSheetRow(page, '#step-sheet', '就诊完成');
    await tap(page, '#add-images');
    await settle();
    expect(textOf(page)).toContain('当前环境无法上传文件，请在微信中打开');
    await tap(page, '#submit');
    await settle();
    expect(callsOf(transport, 'staff.act')).toEqual([{ orderId: 'o-1', step: 'complete' }]);
  });

  test('followUp: stars are required; stars and comment are sent', async () => {
    const transport = withOrder(
      staffOrder(['followUp'], { status: 'completed', awaiting: 'followUp', awaitingLabel: '满意度回访' }),
    );
    const page = await open(ORDER, { orderId: 'o-1' }, { transport });
    await openSheet(page);
    await pickSheetRow(page, '#step-sheet', '满意度回访');
    await tap(page, '#submit');
    expect(textOf(page)).toContain('请选择会员的满意度');
    await emit(page, '#stars', 'change', 4);
    await fill(page, '#comment', '专员很耐心');
    await tap(page, '#submit');
    await settle();
    expect(callsOf(transport, 'staff.act')).toEqual([
      { orderId: 'o-1', step: 'followUp', stars: 4, comment: '专员很耐心' },
    ]);
  });

  test('noShow: a dialog states what it does; a refusal is a toast and the order is read again', async () => {
    const transport = answering({
      'staff.get': ok({ order: staffOrder(['providerStop', 'noShow', 'complete'], { status: 'booked' }) }),
      'staff.act': refused('INVALID_STATE', '只有已预约或服务中的订单可以登记爽约'),
    });
    const toast = jest.spyOn(wx, 'showToast');
    const page = await open(ORDER, { orderId: 'o-1' }, { transport });
    await openSheet(page);
    await pickSheetRow(page, '#step-sheet', '登记爽约');
    expect(textOf(page)).toContain('订单将结束');
    await answerDialog(page, '#confirm', 'confirm');
    await settle();
    expect(callsOf(transport, 'staff.act')).toEqual([{ orderId: 'o-1', step: 'noShow' }]);
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '只有已预约或服务中的订单可以登记爽约' }));
    expect(callsOf(transport, 'staff.get')).toHaveLength(2);
  });

  test('拨打电话 asks for the number (audited by the function) and dials it', async () => {
    const transport = withOrder(staffOrder(['accept']));
    const dial = jest.spyOn(wx, 'makePhoneCall').mockImplementation((options) => {
      options.success?.({ errMsg: 'makePhoneCall:ok' });
      return undefined as never;
    });
    const page = await open(ORDER, { orderId: 'o-1' }, { transport });
    await tap(page, '#call');
    await settle();
    expect(callsOf(transport, 'staff.callMember')).toEqual([{ orderId: 'o-1' }]);
    expect(dial).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '13800138000' }));
  });

  test('a refused call is a toast, and nothing is dialled', async () => {
    const transport = answering({
      'staff.get': ok({ order: staffOrder(['accept']) }),
      'staff.callMember': refused('PERMISSION_DENIED', '只有负责这个订单的岗位可以联系会员'),
    });
    const dial = jest.spyOn(wx, 'makePhoneCall');
    const toast = jest.spyOn(wx, 'showToast');
    const page = await open(ORDER, { orderId: 'o-1' }, { transport });
    await tap(page, '#call');
    await settle();
    expect(dial).not.toHaveBeenCalled();
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '只有负责这个订单的岗位可以联系会员' }));
  });

  test('files open through the links staff.fileUrls answers; locally the note says they are file ids', async () => {
    const order = staffOrder(['accept', 'fail'], {
      benefit: 'inpatientGreen',
      benefitName: '重疾绿通',
      form: {
        hospital: '复旦大学附属中山医院',
        wantedDate: '2026-06-04',
        disease: '恶性肿瘤——重度',
        records: ['cloud://env/records/a.jpg'],
        admissionSlip: 'cloud://env/records/slip.jpg',
      },
      files: [
        { fileId: 'cloud://env/records/a.jpg', label: '病历资料' },
        { fileId: 'cloud://env/records/slip.jpg', label: '住院证' },
      ],
    });
    const transport = withOrder(order);
    const preview = jest.spyOn(wx, 'previewImage').mockImplementation((options) => {
      options.success?.({ errMsg: 'previewImage:ok' });
      return undefined as never;
    });
    const page = await open(ORDER, { orderId: 'o-1' }, { transport });
    const text = textOf(page);
    expect(text).toContain('资料 病历资料 查看 住院证 查看');
    expect(text).toContain('疾病 恶性肿瘤——重度');
    await tap(page, '#file-1');
    await settle();
    expect(callsOf(transport, 'staff.fileUrls')).toEqual([{ orderId: 'o-1' }]);
    expect(preview).toHaveBeenCalledWith(expect.objectContaining({ urls: ['cloud://env/records/slip.jpg'] }));
    expect(textOf(page)).toContain('本地环境没有文件服务');
    // the links are kept: a second file does not ask again
    await tap(page, '#file-0');
    await settle();
    expect(callsOf(transport, 'staff.fileUrls')).toHaveLength(1);
  });

  test('a deployed link opens a PDF through a download; a failure says so', async () => {
    const order = staffOrder([], {
      benefit: 'reportReading',
      benefitName: '体检报告解读',
      form: { files: ['cloud://env/r.pdf'] },
      files: [{ fileId: 'cloud://env/r.pdf', label: '体检报告' }],
    });
    const transport = answering({
      'staff.get': ok({ order }),
      'staff.fileUrls': ok({
        files: [{ fileId: 'cloud://env/r.pdf', label: '体检报告', url: 'https://tmp.example/r.pdf?sign=1' }],
        note: null,
      }),
    });
    jest.spyOn(wx, 'downloadFile').mockImplementation((options) => {
      options.fail?.({ errMsg: 'downloadFile:fail' });
      return undefined as never;
    });
    const toast = jest.spyOn(wx, 'showToast');
    const page = await open(ORDER, { orderId: 'o-1' }, { transport });
    await tap(page, '#file-0');
    await settle();
    expect(wx.downloadFile).toHaveBeenCalledWith(expect.objectContaining({ url: 'https://tmp.example/r.pdf?sign=1' }));
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '文件暂时打不开，请稍后重试' }));
    expect(page.querySelector('#links-note')).toBeFalsy();
  });

  test('a consult in service: 进入咨询 opens the doctor’s side of the conversation', async () => {
    const order = staffOrder(['noShow', 'complete'], {
      benefit: 'quickConsult',
      benefitName: '三甲专科快速问诊',
      status: 'in_service',
      awaiting: 'complete',
      awaitingLabel: '咨询结束',
      form: { description: '头痛三天', mode: 'text' },
    });
    const navigateTo = jest.spyOn(wx, 'navigateTo').mockImplementation(() => undefined as never);
    const page = await open(ORDER, { orderId: 'o-9' }, { transport: withOrder({ ...order, orderId: 'o-9' }) });
    expect(textOf(page)).toContain('病情描述 头痛三天');
    await tap(page, '#consult');
    expect(navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/workbench/pages/consult/index?orderId=o-9' }),
    );
  });

  test('an ended order reads its end line and offers nothing', async () => {
    const order = staffOrder([], {
      status: 'completed',
      awaiting: null,
      awaitingLabel: null,
      dueAt: null,
      result: { text: '就诊顺利' },
      followUp: { stars: 5, comment: '满意', at: '2026-06-06T10:00:00+08:00' },
      booking: { visitDate: '2026-06-04', period: '下午', hospital: '北京协和医院', address: '帅府园1号' },
    });
    const page = await open(ORDER, { orderId: 'o-1' }, { transport: withOrder(order) });
    const text = textOf(page);
    expect(text).toContain('服务已完成');
    expect(text).toContain('预约信息 就诊日期 2026年6月4日 下午 医院 北京协和医院 地址 帅府园1号');
    expect(text).toContain('服务结果 就诊顺利 回访 5 星 · 满意');
    expect(page.querySelector('#steps')).toBeFalsy();
  });
});
