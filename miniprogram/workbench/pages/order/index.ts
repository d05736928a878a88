/**
 * An order on the workbench (`?orderId=`), as `staff.get` answers it for the caller: the status
 * and the SLA as time left, the served person (masked, with 拨打电话 when it is the caller's call),
 * what the member sent, the files (opened through temporary links), the booking, the result, the
 * history — and one action per step the caller may take now (`allowedSteps`), in an action sheet.
 * The page offers exactly the steps the answer lists: it never works out a rule, and a step that
 * is not the caller's is simply not there.
 *
 * Steps that need details open a form in a popup: book (date, period, hospital, address), fail
 * and providerStop (a reason), complete (result text and files), followUp (stars and comment).
 * accept and noShow are confirmed in a dialog that states what they do (`stepTexts[step].hint`).
 */
import type { BenefitFormData, OrderFileLink, StaffActReq, StaffOrder, StaffStep } from '../../../../typings/contract';
import { makePhoneCall } from '../../../adapters/phone-call';
import { navigateTo, route } from '../../../adapters/nav';
import { openFileLink } from '../../../adapters/temp-file';
import { setTitle, toast } from '../../../adapters/ui';
import { choosePdfs, chooseImages, uploadFile } from '../../../adapters/upload';
import { messageOf } from '../../../services/call';
import { benefits as benefitTexts, experts as expertList, familyDoctors } from '../../../services/content';
import { act, callMember, fileUrls, get, uploadDir } from '../../../services/staff';
import { dataText, numberOf, textOf } from '../../../utils/events';
import { summarize, type SummaryLookups, type SummaryRow } from '../../../utils/order-summary';
import { definePage } from '../../../utils/page';
import { reload, reloadMethods } from '../../../utils/reload';

export const CONSULT_URL = '/workbench/pages/consult/index';

/** The steps that need a form; the others are confirmed in a dialog. */
const FORM_STEPS: readonly StaffStep[] = ['book', 'providerStop', 'fail', 'complete', 'followUp'];
export const PERIODS: readonly string[] = ['上午', '下午', '晚上'];
/** Result files staff may attach at once (the function takes up to 20). */
export const MAX_RESULT_FILES = 9;

type View = 'loading' | 'error' | 'ready';
type Popup = '' | 'book' | 'providerStop' | 'fail' | 'complete' | 'followUp';

interface BookForm {
  visitDate: string;
  period: string;
  hospital: string;
  address: string;
}

interface ResultFile {
  fileId: string;
  name: string;
}

interface Errors {
  visitDate: string;
  period: string;
  hospital: string;
  address: string;
  reason: string;
  result: string;
  stars: string;
  /** what the function answered when the step was refused */
  submit: string;
}

interface OrderPageData {
  view: View;
  error: string;
  order: StaffOrder | null;
  summary: SummaryRow[];
  now: number;
  /** Shanghai's day: the booking's date picker starts there */
  today: string;
  /** the step sheet is open */
  sheet: boolean;
  popup: Popup;
  /** the step a dialog or popup is about */
  step: StaffStep | '';
  confirming: boolean;
  busy: boolean;
  book: BookForm;
  reason: string;
  resultText: string;
  resultFiles: ResultFile[];
  uploading: boolean;
  stars: number;
  comment: string;
  errors: Errors;
  periods: readonly string[];
  /** the files' temporary links, once asked for */
  links: OrderFileLink[];
  linksNote: string;
  calling: boolean;
  _orderId: string;
  _seq: number;
  _loaded: boolean;
  _conditions: BenefitFormData['escort']['conditions'];
}

function noErrors(): Errors {
  return { visitDate: '', period: '', hospital: '', address: '', reason: '', result: '', stars: '', submit: '' };
}

const initialData: OrderPageData = {
  view: 'loading',
  error: '',
  order: null,
  summary: [],
  now: 0,
  today: '',
  sheet: false,
  popup: '',
  step: '',
  confirming: false,
  busy: false,
  book: { visitDate: '', period: '', hospital: '', address: '' },
  reason: '',
  resultText: '',
  resultFiles: [],
  uploading: false,
  stars: 0,
  comment: '',
  errors: noErrors(),
  periods: PERIODS,
  links: [],
  linksNote: '',
  calling: false,
  _orderId: '',
  _seq: 0,
  _loaded: false,
  _conditions: [],
};

/** Names for the summary's expert, doctor and escort conditions; a failure leaves the generic words. */
async function lookupsFor(order: StaffOrder, known: BenefitFormData['escort']['conditions']): Promise<SummaryLookups> {
  const lookups: SummaryLookups = { escortConditions: known };
  try {
    if (order.benefit === 'expertConsult') lookups.experts = (await expertList()).experts;
    if (order.benefit === 'familyDoctor' && 'doctorId' in order.form && order.form.doctorId) {
      lookups.doctors = (await familyDoctors()).doctors;
    }
    if (
      order.benefit === 'escort' &&
      known.length === 0 &&
      'conditions' in order.form &&
      order.form.conditions?.length
    ) {
      lookups.escortConditions = (await benefitTexts()).forms.escort.conditions;
    }
  } catch {
    // the summary says 已选专家 / the condition's key instead: the order itself still shows
  }
  return lookups;
}

/** What the book form starts with: the booking made before (a rebooking), else what the member asked for. */
function bookFormOf(order: StaffOrder): BookForm {
  const form = order.form as Partial<Record<string, unknown>>;
  const text = (key: string): string => {
    const value = form[key];
    return typeof value === 'string' ? value : '';
  };
  const wanted = text('wantedDate') || text('visitAt').slice(0, 10);
  return {
    visitDate: order.booking?.visitDate ?? wanted,
    period: order.booking?.period ?? '',
    hospital: order.booking?.hospital ?? text('hospital'),
    address: order.booking?.address ?? '',
  };
}

function shanghaiDay(ms: number): string {
  return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

definePage({
  data: initialData,

  lifetimes: {
    detached() {
      this.data._seq += 1;
    },
  },

  methods: {
    ...reloadMethods,

    onLoad(query: Record<string, string | undefined>) {
      this.setData({ _orderId: query['orderId'] ?? '' });
      void this.load(false);
    },

    onShow() {
      // back from the consult: the session may have ended
      if (this.data._loaded) void this.load(true);
    },

    /** A link without an order says so at once; otherwise the order as utils/reload loads a page. */
    load(quiet: boolean): Promise<void> {
      const orderId = this.data._orderId;
      if (!orderId) {
        this.setData({ view: 'error', error: '没有找到这个订单', _loaded: true });
        return Promise.resolve();
      }
      return reload(this, quiet, {
        read: async () => {
          const { order } = await get(orderId);
          return { order, lookups: await lookupsFor(order, this.data._conditions) };
        },
        show: ({ order, lookups }) => {
          setTitle(order.benefitName);
          return {
            view: 'ready',
            order,
            summary: summarize(order, lookups).filter((row) => row.files === undefined),
            now: Date.now(),
            today: shanghaiDay(Date.now()),
            error: '',
            _loaded: true,
            _conditions: lookups.escortConditions ?? [],
          };
        },
        shown: 'ready',
        failed: { _loaded: true },
      });
    },

    // -- the steps ---------------------------------------------------------------------------

    onOpenSteps() {
      if ((this.data.order?.allowedSteps.length ?? 0) > 0) this.setData({ sheet: true });
    },

    onCloseSteps() {
      this.setData({ sheet: false });
    },

    onPickStep(event: WechatMiniprogram.CustomEvent<{ step?: StaffStep }>) {
      const step = event.detail.step;
      const order = this.data.order;
      this.setData({ sheet: false });
      // only what the answer offered: a stale sheet cannot send another step
      if (!order || !step || !order.allowedSteps.includes(step)) return;
      if (FORM_STEPS.includes(step)) {
        this.setData({
          popup: step as Popup,
          step,
          errors: noErrors(),
          book: bookFormOf(order),
          reason: '',
          resultText: '',
          resultFiles: [],
          stars: 0,
          comment: '',
        });
      } else {
        this.setData({ confirming: true, step, errors: noErrors() });
      }
    },

    onClosePopup() {
      if (!this.data.busy) this.setData({ popup: '', step: '' });
    },

    onCancelConfirm() {
      this.setData({ confirming: false, step: '' });
    },

    onConfirmStep() {
      const step = this.data.step;
      if (step === 'accept') void this.submit({ orderId: this.orderId(), step: 'accept' });
      else if (step === 'noShow') void this.submit({ orderId: this.orderId(), step: 'noShow' });
    },

    orderId(): string {
      return this.data.order?.orderId ?? this.data._orderId;
    },

    // -- forms -------------------------------------------------------------------------------

    onBookDate(event: WechatMiniprogram.PickerChange) {
      this.setData({ 'book.visitDate': String(event.detail.value), 'errors.visitDate': '' });
    },

    onPeriod(event: WechatMiniprogram.TouchEvent) {
      this.setData({ 'book.period': dataText(event, 'period'), 'errors.period': '' });
    },

    onBookField(event: WechatMiniprogram.CustomEvent) {
      const field = dataText(event, 'field');
      this.setData({ [`book.${field}`]: textOf(event.detail), [`errors.${field}`]: '' });
    },

    onReason(event: WechatMiniprogram.CustomEvent) {
      this.setData({ reason: textOf(event.detail), 'errors.reason': '' });
    },

    onResultText(event: WechatMiniprogram.CustomEvent) {
      this.setData({ resultText: textOf(event.detail), 'errors.result': '' });
    },

    onStars(event: WechatMiniprogram.CustomEvent) {
      this.setData({ stars: numberOf(event.detail), 'errors.stars': '' });
    },

    onComment(event: WechatMiniprogram.CustomEvent) {
      this.setData({ comment: textOf(event.detail) });
    },

    async onAddImages() {
      const { files } = await chooseImages(MAX_RESULT_FILES - this.data.resultFiles.length);
      await this.upload(files);
    },

    async onAddPdf() {
      const { files } = await choosePdfs(MAX_RESULT_FILES - this.data.resultFiles.length);
      await this.upload(files);
    },

    async upload(files: Awaited<ReturnType<typeof chooseImages>>['files']): Promise<void> {
      if (files.length === 0) return;
      this.setData({ uploading: true, 'errors.result': '' });
      const added: ResultFile[] = [];
      try {
        // into the staff member's own folder (staff.me): the functions take no one else's files
        for (const file of files) {
          added.push({ fileId: await uploadFile(file, uploadDir, 'results'), name: file.name });
        }
      } catch (err) {
        this.setData({ 'errors.result': err instanceof Error ? err.message : '上传失败，请重试' });
      }
      this.setData({ uploading: false, resultFiles: [...this.data.resultFiles, ...added] });
    },

    onRemoveFile(event: WechatMiniprogram.TouchEvent) {
      const index = Number(dataText(event, 'index'));
      this.setData({ resultFiles: this.data.resultFiles.filter((_, i) => i !== index) });
    },

    onSubmitForm() {
      const orderId = this.orderId();
      const errors = noErrors();
      switch (this.data.popup) {
        case 'book': {
          const b = this.data.book;
          const booking = {
            visitDate: b.visitDate,
            period: b.period.trim(),
            hospital: b.hospital.trim(),
            address: b.address.trim(),
          };
          if (!booking.visitDate) errors.visitDate = '请选择就诊日期';
          if (!booking.period) errors.period = '请选择就诊时段';
          if (!booking.hospital) errors.hospital = '请填写医院';
          if (!booking.address) errors.address = '请填写医院地址，会员将在短信中看到';
          if (this.invalid(errors)) return;
          void this.submit({ orderId, step: 'book', ...booking });
          return;
        }
        case 'providerStop':
        case 'fail': {
          const reason = this.data.reason.trim();
          if (!reason) errors.reason = '请填写原因';
          if (this.invalid(errors)) return;
          void this.submit({ orderId, step: this.data.popup, reason });
          return;
        }
        case 'complete': {
          const text = this.data.resultText.trim();
          const files = this.data.resultFiles.map((f) => f.fileId);
          if (this.data.uploading) {
            errors.result = '文件正在上传，请稍候';
            this.invalid(errors);
            return;
          }
          const result = { ...(text ? { text } : {}), ...(files.length > 0 ? { files } : {}) };
          void this.submit(
            Object.keys(result).length > 0 ? { orderId, step: 'complete', result } : { orderId, step: 'complete' },
          );
          return;
        }
        case 'followUp': {
          if (this.data.stars < 1) errors.stars = '请选择会员的满意度';
          if (this.invalid(errors)) return;
          const comment = this.data.comment.trim();
          void this.submit({ orderId, step: 'followUp', stars: this.data.stars, ...(comment ? { comment } : {}) });
          return;
        }
        default:
      }
    },

    invalid(errors: Errors): boolean {
      const bad = Object.values(errors).some((e) => e !== '');
      if (bad) this.setData({ errors });
      return bad;
    },

    /** Sends the step; on success the order is read again (what the caller may do next changed). */
    async submit(req: StaffActReq): Promise<void> {
      if (this.data.busy) return;
      const label = this.data.order?.stepTexts[req.step]?.label ?? '';
      this.setData({ busy: true, 'errors.submit': '' });
      try {
        await act(req);
        this.setData({ busy: false, popup: '', confirming: false, step: '', links: [], linksNote: '' });
        toast(label ? `已完成：${label}` : '已完成');
        await this.load(true);
      } catch (err) {
        const message = messageOf(err);
        if (this.data.popup) {
          this.setData({ busy: false, 'errors.submit': message });
        } else {
          this.setData({ busy: false, confirming: false, step: '' });
          toast(message);
          await this.load(true);
        }
      }
    },

    // -- the person and the files ------------------------------------------------------------

    async onCall() {
      const order = this.data.order;
      if (!order || !order.canCall || this.data.calling) return;
      this.setData({ calling: true });
      try {
        const { phone } = await callMember(order.orderId);
        await makePhoneCall(phone);
      } catch (err) {
        toast(messageOf(err));
      }
      this.setData({ calling: false });
    },

    async onOpenFile(event: WechatMiniprogram.TouchEvent) {
      const order = this.data.order;
      const file = order?.files[Number(dataText(event, 'index'))];
      if (!order || !file) return;
      let links = this.data.links;
      if (links.length === 0) {
        try {
          const answer = await fileUrls(order.orderId);
          links = answer.files;
          this.setData({ links, linksNote: answer.note ?? '' });
        } catch (err) {
          toast(messageOf(err));
          return;
        }
      }
      const link = links.find((l) => l.fileId === file.fileId);
      const opened = link?.url ? await openFileLink(link.url, link.fileId) : false;
      if (!opened) toast('文件暂时打不开，请稍后重试');
    },

    onConsult() {
      const order = this.data.order;
      if (order) navigateTo(route(CONSULT_URL, { orderId: order.orderId }), () => toast('咨询页面暂时打不开'));
    },
  },
});
