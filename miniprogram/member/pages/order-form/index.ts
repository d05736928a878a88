/**
 * The order form of every orderable benefit (`?benefit=&cardId=`): the served person, then the
 * benefit's own fields, then one button. What the form offers comes from the functions:
 * hospitals, experts and family doctors from `content`, the 门诊绿通 dates the calendar enables
 * (`content.outpatientDates`, R4.2), the first escort day (`content.escortEarliestDay`), each
 * hospital's departments 门诊绿通 does not serve (`content.hospitals`, R4.1), critical illnesses and
 * escort conditions (`content.benefits` forms, R4.3–R4.4), the people on the card and whether the
 * benefit is open (`card.mine`). The form's own
 * checks only spare a round trip; `order.create` checks everything again and its refusal is shown
 * as it comes, above the button.
 *
 * One `requestId` per opening of the form: a double tap, or a retry after a lost answer, places
 * one order (R3.6). Before sending, WeChat is asked for the subscription messages the order will
 * earn (R5.2; template ids from `notify.settings`, read when the form opens). On success the form is replaced by the order's detail.
 */
import type {
  BenefitFormData,
  Card,
  CardBenefit,
  CardMember,
  CreateOrderReq,
  Expert,
  FamilyDoctor,
  Hospital,
  OrderBenefit,
  SubscribeTemplateName,
} from '../../../../typings/contract';
import { redirectTo, route, switchTab } from '../../../adapters/nav';
import { requestFor } from '../../../adapters/subscribe';
import { setTitle, toast } from '../../../adapters/ui';
import { chooseImages, choosePdfs, uploadFile, type PickedFile } from '../../../adapters/upload';
import { messageOf } from '../../../services/call';
import { mine, uploadDir } from '../../../services/card';
import {
  benefits as benefitTexts,
  escortEarliestDay,
  experts as expertList,
  familyDoctors,
  hospitals as hospitalList,
  outpatientDates,
} from '../../../services/content';
import { prefetchSettings } from '../../../services/notify';
import { create, myDoctor, signDoctor } from '../../../services/order';
import { definePage } from '../../../utils/page';
import {
  answersToSend,
  checkAnswers,
  emptyAnswers,
  readNumber,
  sectionsFor,
  toggle,
  type Answers,
  type Section,
} from '../../../utils/questionnaire';

export const ORDER_URL = '/member/pages/order/index';
export const HOME_URL = '/pages/home/index';

const ORDERABLE: readonly OrderBenefit[] = [
  'outpatientGreen',
  'inpatientGreen',
  'escort',
  'quickConsult',
  'expertConsult',
  'familyDoctor',
  'assessment',
  'checkupPlan',
  'reportReading',
];

/**
 * The subscription messages each order earns (R5.2, by `notify.settings` name), asked for before
 * it is sent (WeChat asks for 3 at most): its steps' notices and the reminders of its visit or
 * consult session.
 */
const NOTICES: Readonly<Record<OrderBenefit, readonly SubscribeTemplateName[]>> = {
  outpatientGreen: ['orderAccepted', 'orderBooked', 'visitReminder'],
  inpatientGreen: ['orderAccepted', 'orderBooked'],
  escort: ['orderAccepted', 'orderBooked', 'escortReminder'],
  quickConsult: ['doctorTaken', 'consultEnding'],
  expertConsult: ['doctorTaken', 'consultEnding'],
  familyDoctor: ['doctorTaken', 'consultEnding'],
  assessment: ['orderAccepted', 'reportReady'],
  checkupPlan: ['orderAccepted', 'reportReady'],
  reportReading: ['orderAccepted', 'reportReady'],
};

const SUBMIT_LABEL: Readonly<Record<OrderBenefit, string>> = {
  outpatientGreen: '提交预约',
  inpatientGreen: '提交申请',
  escort: '提交预约',
  quickConsult: '提交咨询',
  expertConsult: '提交咨询',
  familyDoctor: '提交问题',
  assessment: '提交问卷',
  checkupPlan: '提交问卷',
  reportReading: '提交解读申请',
};

/** Escort visit times: the morning and early afternoon clinics (a visit lasts up to 4–6 hours). */
export const VISIT_TIMES = [
  '07:30',
  '08:00',
  '08:30',
  '09:00',
  '09:30',
  '10:00',
  '10:30',
  '13:00',
  '13:30',
  '14:00',
  '14:30',
];

/** How many days ahead an escort visit may be chosen. */
const ESCORT_DAYS_AHEAD = 30;

type View = 'loading' | 'error' | 'missing' | 'closed' | 'form';
type SheetField = 'hospital' | 'department' | 'disease' | 'visitTime' | 'expertId' | 'doctorId';
type CalendarField = 'wantedDate' | 'visitDay';
type UploadField = 'records' | 'admissionSlip' | 'files';

interface Option {
  value: string;
  label: string;
  note: string;
  disabled: boolean;
}

/** A choice that can be picked; `label` alone when there is nothing to add. */
function option(value: string, label: string = value, note = ''): Option {
  return { value, label, note, disabled: false };
}

interface Sheet {
  open: boolean;
  field: SheetField;
  title: string;
  options: Option[];
  footer: string;
}

/** A file in a vant uploader's list, and its upload. */
interface UploadItem {
  key: string;
  url: string;
  name: string;
  isImage: boolean;
  status: 'uploading' | 'done' | 'failed';
  message: string;
  fileID: string;
}

interface Values {
  hospital: string;
  department: string;
  wantedDate: string;
  note: string;
  disease: string;
  visitDay: string;
  visitTime: string;
  purpose: string;
  registered: boolean;
  withRelative: boolean;
  conditions: string[];
  description: string;
  mode: string;
  expertId: string;
  question: string;
  doctorId: string;
}

interface CalendarState {
  open: boolean;
  field: CalendarField;
  title: string;
  min: number;
  max: number;
  value: number;
}

type DayFormatter = (day: { date: Date; type: string; bottomInfo?: string }) => {
  date: Date;
  type: string;
  bottomInfo?: string;
};

interface FormData {
  view: View;
  error: string;
  missing: string;
  benefit: OrderBenefit | '';
  name: string;
  submitLabel: string;
  card: Card | null;
  /** the card's entry for the benefit: why it is closed, when it is */
  entry: CardBenefit | null;
  people: CardMember[];
  personId: string;
  hospitals: Hospital[];
  dates: string[];
  earliest: string;
  excluded: string[];
  illnesses: string[];
  escortForm: BenefitFormData['escort'] | null;
  experts: Expert[];
  doctors: FamilyDoctor[];
  /** the served person's signed family doctor (familyDoctor); null: choose one first */
  signed: FamilyDoctor | null;
  values: Values;
  uploads: Record<UploadField, UploadItem[]>;
  sections: Section[];
  answers: Answers;
  /** what was typed into the questionnaire's number fields */
  typed: Record<string, string>;
  errors: Record<string, string>;
  sheet: Sheet;
  calendar: CalendarState;
  formatter: DayFormatter;
  submitting: boolean;
  submitError: string;
  _requestId: string;
  _cardId: string;
  _seq: number;
  _uploadSeq: number;
}

const EMPTY_VALUES: Values = {
  hospital: '',
  department: '',
  wantedDate: '',
  note: '',
  disease: '',
  visitDay: '',
  visitTime: '',
  purpose: '',
  registered: false,
  withRelative: false,
  conditions: [],
  description: '',
  mode: 'text',
  expertId: '',
  question: '',
  doctorId: '',
};

const passThrough: DayFormatter = (day) => day;

const initialData: FormData = {
  view: 'loading',
  error: '',
  missing: '',
  benefit: '',
  name: '',
  submitLabel: '提交',
  card: null,
  entry: null,
  people: [],
  personId: '',
  hospitals: [],
  dates: [],
  earliest: '',
  excluded: [],
  illnesses: [],
  escortForm: null,
  experts: [],
  doctors: [],
  signed: null,
  values: EMPTY_VALUES,
  uploads: { records: [], admissionSlip: [], files: [] },
  sections: [],
  answers: {},
  typed: {},
  errors: {},
  sheet: { open: false, field: 'hospital', title: '', options: [], footer: '' },
  calendar: { open: false, field: 'wantedDate', title: '', min: 0, max: 0, value: 0 },
  formatter: passThrough,
  submitting: false,
  submitError: '',
  _requestId: '',
  _cardId: '',
  _seq: 0,
  _uploadSeq: 0,
};

/** 8..64 characters of [A-Za-z0-9_-], as order.create takes it. */
export function newRequestId(now: number): string {
  const random = () => Math.random().toString(36).slice(2, 10).padEnd(8, '0');
  return `of-${now.toString(36)}-${random()}${random()}`;
}

function isOrderable(key: string): key is OrderBenefit {
  return (ORDERABLE as readonly string[]).includes(key);
}

/** YYYY-MM-DD of a calendar day as vant builds it (local midnight on the phone). */
export function dayKey(date: Date): string {
  const m = date.getMonth() + 1;
  const d = date.getDate();
  return `${date.getFullYear()}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** The phone's local midnight of a YYYY-MM-DD day: what vant's calendar compares with. */
export function localMidnight(day: string): number {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  return new Date(y, m - 1, d).getTime();
}

function addDays(day: string, n: number): string {
  const t = new Date(localMidnight(day));
  t.setDate(t.getDate() + n);
  return dayKey(t);
}

/** The calendar's formatter: only the given days can be chosen (R4.2's dates, as answered). */
export function onlyDays(days: readonly string[]): DayFormatter {
  const allowed = new Set(days);
  return (day) => {
    if (!allowed.has(dayKey(day.date))) day.type = 'disabled';
    else if (day.type !== 'selected') day.bottomInfo = '可约';
    return day;
  };
}

type Errors = Record<string, string>;

/** A vant field's change: its text (some versions send `{ value }`). */
function textOf(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  const value: unknown = typeof detail === 'object' && detail !== null ? Reflect.get(detail, 'value') : undefined;
  return typeof value === 'string' ? value : '';
}

function hasErrors(errors: Errors): boolean {
  return Object.keys(errors).some((key) => errors[key] !== '');
}

definePage({
  data: initialData,

  lifetimes: {
    attached() {
      // once per opening: every send of this form carries it (R3.6)
      this.setData({ _requestId: newRequestId(Date.now()) });
      // the subscription templates' ids, at hand when the member taps submit (R5.2)
      prefetchSettings();
    },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const benefit = query['benefit'] ? decodeURIComponent(query['benefit']) : '';
      this.setData({
        benefit: isOrderable(benefit) ? benefit : '',
        _cardId: query['cardId'] ? decodeURIComponent(query['cardId']) : '',
      });
      void this.load();
    },

    onRetry() {
      void this.load();
    },

    onHome() {
      switchTab(HOME_URL);
    },

    async load(): Promise<void> {
      const seq = this.data._seq + 1;
      this.setData({ _seq: seq, view: 'loading' });
      const benefit = this.data.benefit;
      try {
        const [cards, texts] = await Promise.all([mine(), benefitTexts()]);
        if (seq !== this.data._seq) return;
        const card = cards.cards.find((c) => c.cardId === this.data._cardId) ?? null;
        const info = benefit === '' ? undefined : texts.benefits.find((b) => b.key === benefit);
        if (benefit === '' || !info || !info.orderable || !card) {
          this.setData({ view: 'missing', missing: card ? '没有找到这项服务' : '没有找到这张太医蓝卡' });
          return;
        }
        setTitle(info.name);
        const entry = card.benefits.find((b) => b.key === benefit);
        if (!entry || !entry.open) {
          // benefit.wxs words why, from the card as answered
          this.setData({ view: 'closed', card, entry: entry ?? null, name: info.name });
          return;
        }
        const people = info.holderOnly ? card.members.filter((m) => m.role === 'holder') : card.members;
        const person = people.find((m) => m.self) ?? people[0];
        const extra = await this.extras(benefit, card.cardId, person?.memberId ?? '', texts.forms);
        if (seq !== this.data._seq) return;
        const sections = benefit === 'assessment' || benefit === 'checkupPlan' ? sectionsFor(benefit) : [];
        this.setData({
          view: 'form',
          error: '',
          card,
          name: info.name,
          submitLabel: SUBMIT_LABEL[benefit],
          people,
          personId: person?.memberId ?? '',
          sections,
          answers: emptyAnswers(sections),
          ...extra,
        });
      } catch (err) {
        if (seq !== this.data._seq) return;
        this.setData({ view: 'error', error: messageOf(err) });
      }
    },

    /** What the benefit's fields need from the functions. */
    async extras(
      benefit: OrderBenefit,
      cardId: string,
      personId: string,
      forms: BenefitFormData,
    ): Promise<Partial<FormData>> {
      switch (benefit) {
        case 'outpatientGreen': {
          const [{ hospitals }, { dates }] = await Promise.all([hospitalList(), outpatientDates()]);
          return { hospitals, dates, excluded: forms.outpatientGreen.excludedDepartments, formatter: onlyDays(dates) };
        }
        case 'inpatientGreen':
          return { hospitals: (await hospitalList()).hospitals, illnesses: forms.inpatientGreen.criticalIllnesses };
        case 'escort': {
          const [{ hospitals }, { day }] = await Promise.all([hospitalList(), escortEarliestDay()]);
          return { hospitals, earliest: day, escortForm: forms.escort };
        }
        case 'expertConsult':
          return { experts: (await expertList()).experts };
        case 'familyDoctor': {
          const [{ doctors }, signed] = await Promise.all([familyDoctors(), myDoctor({ cardId, personId })]);
          return { doctors, signed: signed.doctor };
        }
        default:
          return {};
      }
    },

    // -----------------------------------------------------------------------------------------
    // The served person

    async onPerson(event: WechatMiniprogram.BaseEvent): Promise<void> {
      const id: unknown = event.currentTarget.dataset['id'];
      if (typeof id !== 'string' || id === this.data.personId) return;
      this.setData({ personId: id });
      if (this.data.benefit === 'familyDoctor' && this.data.card) {
        // each person signs their own doctor
        try {
          const { doctor } = await myDoctor({ cardId: this.data.card.cardId, personId: id });
          if (this.data.personId === id) this.setData({ signed: doctor, 'values.doctorId': '' });
        } catch (err) {
          toast(messageOf(err));
        }
      }
    },

    // -----------------------------------------------------------------------------------------
    // Pickers in a popup

    onOpenSheet(event: WechatMiniprogram.BaseEvent) {
      const field: unknown = event.currentTarget.dataset['field'];
      if (typeof field !== 'string') return;
      const sheet = this.sheetFor(field as SheetField);
      if (!sheet) return;
      this.setData({ sheet });
    },

    sheetFor(field: SheetField): Sheet | null {
      const { values, hospitals, excluded, illnesses, experts, doctors, benefit } = this.data;
      const sheet = (title: string, options: Option[], footer = ''): Sheet => ({
        open: true,
        field,
        footer,
        title,
        options,
      });
      switch (field) {
        case 'hospital':
          return sheet(
            '选择医院',
            hospitals.map((h) => option(h.name, h.name, `${h.city} · ${h.level}`)),
          );
        case 'department': {
          const hospital = hospitals.find((h) => h.name === values.hospital);
          if (!hospital) {
            this.setData({ 'errors.department': '请先选择医院' });
            return null;
          }
          const green = benefit === 'outpatientGreen';
          // R4.1 as content.hospitals answered it: the departments not served, with the reason
          return sheet(
            '选择科室',
            hospital.departments.map((d) => {
              const reason = green ? (hospital.excludedDepartments.find((x) => x.name === d)?.reason ?? '') : '';
              return {
                value: d,
                label: d,
                note: reason ? `不在门诊绿通服务范围（${reason}）` : '',
                disabled: reason !== '',
              };
            }),
            green && excluded.length > 0 ? `以下科室不在门诊绿通服务范围：${excluded.join('、')}` : '',
          );
        }
        case 'disease':
          return sheet(
            '选择疾病',
            illnesses.map((d) => option(d)),
            '重疾绿通服务《重大疾病保险的疾病定义使用规范（2020年修订版）》所列 28 种重度疾病',
          );
        case 'visitTime':
          return sheet(
            '选择就诊时间',
            VISIT_TIMES.map((t) => option(t)),
            '陪诊人员将提前 20 分钟到达',
          );
        case 'expertId':
          return sheet(
            '选择专家',
            experts.map((e) =>
              option(e.id, `${e.name} ${e.title}`, `${e.hospital} · ${e.department} · 擅长 ${e.specialty}`),
            ),
          );
        case 'doctorId':
          return sheet(
            '选择您的家庭医生',
            doctors.map((d) => option(d.id, `${d.name} ${d.title}`, `${d.hospital} · ${d.specialty}`)),
            '签约后，您的问题将由这位医生解答',
          );
        default:
          return null;
      }
    },

    onCloseSheet() {
      this.setData({ 'sheet.open': false });
    },

    onPick(event: WechatMiniprogram.BaseEvent) {
      const index: unknown = event.currentTarget.dataset['index'];
      const option = typeof index === 'number' ? this.data.sheet.options[index] : undefined;
      if (!option || option.disabled) return;
      const field = this.data.sheet.field;
      const patch: Record<string, unknown> = {
        'sheet.open': false,
        [`values.${field}`]: option.value,
        [`errors.${field}`]: '',
      };
      // another hospital has other departments
      if (field === 'hospital' && option.value !== this.data.values.hospital) patch['values.department'] = '';
      this.setData(patch);
    },

    // -----------------------------------------------------------------------------------------
    // Dates

    onOpenCalendar(event: WechatMiniprogram.BaseEvent) {
      const field: unknown = event.currentTarget.dataset['field'];
      if (field === 'wantedDate' && this.data.benefit === 'outpatientGreen') {
        const { dates } = this.data;
        const first = dates[0];
        const last = dates[dates.length - 1];
        if (first === undefined || last === undefined) {
          this.setData({ 'errors.wantedDate': '暂无可预约的日期，请稍后再试' });
          return;
        }
        this.openCalendar('wantedDate', '选择期望就诊日期', first, last);
      } else if (field === 'wantedDate') {
        // 重疾绿通: a wanted admission day from today on (the function refuses a past one)
        const today = dayKey(new Date());
        this.openCalendar('wantedDate', '选择期望入院日期', today, addDays(today, 60));
      } else if (field === 'visitDay' && this.data.earliest) {
        const earliest = this.data.earliest;
        this.openCalendar('visitDay', '选择就诊日期', earliest, addDays(earliest, ESCORT_DAYS_AHEAD));
      }
    },

    openCalendar(field: CalendarField, title: string, from: string, to: string) {
      const chosen = this.data.values[field];
      const min = localMidnight(from);
      const max = localMidnight(to);
      const value = chosen ? localMidnight(chosen) : min;
      this.setData({ calendar: { open: true, field, title, min, max, value } });
    },

    onCalendarConfirm(event: WechatMiniprogram.CustomEvent) {
      const picked: unknown = event.detail;
      const date = picked instanceof Date ? picked : new Date(typeof picked === 'number' ? picked : Number.NaN);
      if (Number.isNaN(date.getTime())) return;
      const field = this.data.calendar.field;
      this.setData({ 'calendar.open': false, [`values.${field}`]: dayKey(date), [`errors.${field}`]: '' });
    },

    onCalendarClose() {
      this.setData({ 'calendar.open': false });
    },

    // -----------------------------------------------------------------------------------------
    // Typed fields, switches, choices

    onInput(event: WechatMiniprogram.CustomEvent) {
      const field: unknown = event.currentTarget.dataset['field'];
      if (typeof field !== 'string') return;
      this.setData({ [`values.${field}`]: textOf(event.detail), [`errors.${field}`]: '' });
    },

    onSwitch(event: WechatMiniprogram.CustomEvent) {
      const field: unknown = event.currentTarget.dataset['field'];
      if (field !== 'registered' && field !== 'withRelative') return;
      const on: unknown = event.detail;
      this.setData({ [`values.${field}`]: on === true, [`errors.${field}`]: '', 'errors.conditions': '' });
    },

    onMode(event: WechatMiniprogram.BaseEvent) {
      const mode: unknown = event.currentTarget.dataset['mode'];
      if (typeof mode === 'string') this.setData({ 'values.mode': mode });
    },

    onCondition(event: WechatMiniprogram.BaseEvent) {
      const key: unknown = event.currentTarget.dataset['key'];
      if (typeof key !== 'string') return;
      const current = this.data.values.conditions;
      const conditions = current.includes(key) ? current.filter((k) => k !== key) : [...current, key];
      this.setData({ 'values.conditions': conditions, 'errors.conditions': '', 'errors.withRelative': '' });
    },

    // -----------------------------------------------------------------------------------------
    // The questionnaire

    onChoose(event: WechatMiniprogram.BaseEvent) {
      const key: unknown = event.currentTarget.dataset['key'];
      const option: unknown = event.currentTarget.dataset['option'];
      if (typeof key !== 'string' || typeof option !== 'string') return;
      const question = this.data.sections.flatMap((s) => s.questions).find((q) => q.key === key);
      if (!question) return;
      let value: string | string[] = option;
      if (question.kind === 'multi') {
        const current = this.data.answers[key];
        value = toggle(question, Array.isArray(current) ? current : [], option);
      } else if (question.kind === 'single' && this.data.answers[key] === option) {
        return;
      }
      this.setData({ [`answers.${key}`]: value, [`errors.q_${key}`]: '' });
    },

    onAnswer(event: WechatMiniprogram.CustomEvent) {
      const key: unknown = event.currentTarget.dataset['key'];
      const kind: unknown = event.currentTarget.dataset['kind'];
      if (typeof key !== 'string') return;
      const text = textOf(event.detail);
      if (kind === 'number') {
        this.setData({ [`typed.${key}`]: text, [`answers.${key}`]: readNumber(text), [`errors.q_${key}`]: '' });
      } else {
        this.setData({ [`answers.${key}`]: text, [`errors.q_${key}`]: '' });
      }
    },

    // -----------------------------------------------------------------------------------------
    // Files

    async onAddImages(event: WechatMiniprogram.BaseEvent): Promise<void> {
      const field = this.uploadField(event);
      if (!field) return;
      const { files, tooLarge } = await chooseImages(this.room(field));
      this.addFiles(field, files, tooLarge);
    },

    async onAddPdfs(event: WechatMiniprogram.BaseEvent): Promise<void> {
      const field = this.uploadField(event);
      if (!field) return;
      const { files, tooLarge } = await choosePdfs(this.room(field));
      this.addFiles(field, files, tooLarge);
    },

    uploadField(event: WechatMiniprogram.BaseEvent): UploadField | null {
      const field: unknown = event.currentTarget.dataset['field'];
      return field === 'records' || field === 'admissionSlip' || field === 'files' ? field : null;
    },

    /** How many more files `field` takes (the function's limits). */
    room(field: UploadField): number {
      const max = field === 'admissionSlip' ? 1 : field === 'records' ? 9 : 20;
      return max - this.data.uploads[field].length;
    },

    addFiles(field: UploadField, files: PickedFile[], tooLarge: number) {
      if (tooLarge > 0) toast(`有 ${tooLarge} 个文件超过 20 MB，未添加`);
      if (files.length === 0) return;
      let seq = this.data._uploadSeq;
      const items: UploadItem[] = files.map((file) => ({
        key: `u${++seq}`,
        url: file.path,
        name: file.name,
        isImage: file.kind === 'image',
        status: 'uploading',
        message: '上传中',
        fileID: '',
      }));
      const list = this.data.uploads[field];
      const patch: Record<string, unknown> = { _uploadSeq: seq, [`errors.${field}`]: '' };
      items.forEach((item, i) => {
        patch[`uploads.${field}[${list.length + i}]`] = item;
      });
      this.setData(patch);
      files.forEach((file, i) => {
        const key = items[i]?.key ?? '';
        // into the member's own folder (card.mine, read when the page opened): the only files taken
        void uploadFile(file, uploadDir, 'orders').then(
          (fileID) => this.uploaded(field, key, { status: 'done', message: '', fileID }),
          (err: unknown) =>
            this.uploaded(field, key, {
              status: 'failed',
              message: err instanceof Error ? err.message : '上传失败',
              fileID: '',
            }),
        );
      });
    },

    uploaded(field: UploadField, key: string, result: Pick<UploadItem, 'status' | 'message' | 'fileID'>) {
      const i = this.data.uploads[field].findIndex((item) => item.key === key);
      if (i < 0) return; // deleted meanwhile
      const item = this.data.uploads[field][i];
      if (!item) return;
      const message = result.status === 'failed' ? '上传失败' : '';
      this.setData({ [`uploads.${field}[${i}]`]: { ...item, ...result, message } });
      if (result.status === 'failed') toast(result.message);
    },

    onDeleteFile(event: WechatMiniprogram.CustomEvent) {
      const detail: unknown = event.detail;
      const index: unknown = typeof detail === 'object' && detail !== null ? Reflect.get(detail, 'index') : undefined;
      const name: unknown = typeof detail === 'object' && detail !== null ? Reflect.get(detail, 'name') : undefined;
      if (name !== 'records' && name !== 'admissionSlip' && name !== 'files') return;
      const list = this.data.uploads[name].filter((_, i) => i !== index);
      this.setData({ [`uploads.${name}`]: list, [`errors.${name}`]: '' });
    },

    // -----------------------------------------------------------------------------------------
    // Checking and sending

    /** The form's own checks, field by field ('' when fine). */
    check(): Errors {
      const { benefit, values, uploads, escortForm, signed, sections, answers, typed, personId } = this.data;
      const errors: Errors = {};
      const need = (field: keyof Values, message: string) => {
        const value = values[field];
        errors[field] = typeof value === 'string' && value.trim() === '' ? message : '';
      };
      const files = (field: UploadField, missing: string) => {
        const list = uploads[field];
        if (list.length === 0) errors[field] = missing;
        else if (list.some((f) => f.status === 'uploading')) errors[field] = '文件正在上传，请稍候';
        else if (list.some((f) => f.status === 'failed')) errors[field] = '有文件上传失败，请删除后重新上传';
        else errors[field] = '';
      };
      errors['personId'] = personId === '' ? '请选择服务对象' : '';
      switch (benefit) {
        case 'outpatientGreen':
          need('hospital', '请选择医院');
          need('department', '请选择科室');
          need('wantedDate', '请选择期望就诊日期');
          break;
        case 'inpatientGreen':
          need('hospital', '请选择医院');
          need('wantedDate', '请选择期望入院日期');
          need('disease', '请选择疾病');
          files('records', '请上传病历资料');
          files('admissionSlip', '请上传住院证');
          break;
        case 'escort': {
          need('hospital', '请选择医院');
          need('department', '请选择科室');
          need('visitDay', '请选择就诊日期');
          need('visitTime', '请选择就诊时间');
          need('purpose', '请填写就诊事项，如 门诊复诊');
          errors['registered'] = values.registered ? '' : '陪诊仅在您自行挂号后提供，请先挂号';
          const ticked = (escortForm?.conditions ?? []).filter((c) => values.conditions.includes(c.key));
          const refused = ticked.filter((c) => c.effect === 'notEligible');
          const advice = refused.map((c) => c.advice).filter((a): a is string => Boolean(a));
          errors['conditions'] =
            refused.length > 0
              ? [`陪诊服务不适用于：${refused.map((c) => c.label).join('、')}`, ...advice].join('。')
              : '';
          const withRelative = ticked.some((c) => c.effect === 'needsRelative');
          errors['withRelative'] = withRelative && !values.withRelative ? '您勾选的情况需家属陪同，请确认家属陪同' : '';
          break;
        }
        case 'quickConsult':
          need('description', '请用一句话描述您的情况');
          break;
        case 'expertConsult':
          need('expertId', '请选择专家');
          need('description', '请描述您的情况');
          break;
        case 'familyDoctor':
          need('question', '请填写您的问题');
          errors['doctorId'] = signed || values.doctorId !== '' ? '' : '请选择一位家庭医生';
          break;
        case 'assessment':
        case 'checkupPlan': {
          const found = checkAnswers(sections, answers, typed);
          for (const key of Object.keys(found)) errors[`q_${key}`] = found[key] ?? '';
          break;
        }
        case 'reportReading':
          files('files', '请上传体检报告（图片或 PDF）');
          break;
        default:
          break;
      }
      return errors;
    },

    /** What order.create receives. */
    request(): CreateOrderReq | null {
      const { benefit, values, uploads, sections, answers, signed, personId, _requestId: requestId, card } = this.data;
      if (!card || benefit === '') return null;
      const base = { cardId: card.cardId, requestId, personId };
      const ids = (field: UploadField) => uploads[field].map((f) => f.fileID);
      const text = (s: string) => s.trim();
      switch (benefit) {
        case 'outpatientGreen': {
          const note = text(values.note);
          return {
            ...base,
            benefit,
            form: {
              hospital: values.hospital,
              department: values.department,
              wantedDate: values.wantedDate,
              ...(note ? { note } : {}),
            },
          };
        }
        case 'inpatientGreen':
          return {
            ...base,
            benefit,
            form: {
              hospital: values.hospital,
              wantedDate: values.wantedDate,
              disease: values.disease,
              records: ids('records'),
              admissionSlip: ids('admissionSlip')[0] ?? '',
            },
          };
        case 'escort':
          return {
            ...base,
            benefit,
            form: {
              hospital: values.hospital,
              department: values.department,
              visitAt: `${values.visitDay}T${values.visitTime}:00+08:00`,
              purpose: text(values.purpose),
              registered: values.registered,
              withRelative: values.withRelative,
              conditions: values.conditions,
            },
          };
        case 'quickConsult':
          return {
            ...base,
            benefit,
            form: {
              description: text(values.description),
              mode: values.mode === 'phone' || values.mode === 'video' ? values.mode : 'text',
            },
          };
        case 'expertConsult':
          return {
            ...base,
            benefit,
            form: {
              expertId: values.expertId,
              description: text(values.description),
              mode: values.mode === 'phone' ? 'phone' : 'text',
            },
          };
        case 'familyDoctor': {
          const doctorId = signed?.id ?? values.doctorId;
          return { ...base, benefit, form: { question: text(values.question), ...(doctorId ? { doctorId } : {}) } };
        }
        case 'assessment':
        case 'checkupPlan':
          return { ...base, benefit, form: { questionnaire: answersToSend(sections, answers) } };
        case 'reportReading':
          return { ...base, benefit, form: { files: ids('files') } };
        default:
          return null;
      }
    },

    onSubmit() {
      if (this.data.submitting) return; // a double tap: the first one is on its way
      const errors = this.check();
      if (hasErrors(errors)) {
        this.setData({ errors, submitError: '请按提示完善后再提交' });
        return;
      }
      const req = this.request();
      const benefit = this.data.benefit;
      if (!req || benefit === '') return;
      this.setData({ submitting: true, submitError: '', errors });
      // WeChat opens its panel only from a tap: ask now, before anything is awaited
      const asked = requestFor(NOTICES[benefit]);
      void this.send(asked, req);
    },

    async send(asked: Promise<unknown>, req: CreateOrderReq): Promise<void> {
      await asked;
      try {
        const { signed, values, card, personId } = this.data;
        if (req.benefit === 'familyDoctor' && !signed && card) {
          // first use: sign the chosen doctor, then ask (R4 familyDoctor)
          const { doctor } = await signDoctor({ cardId: card.cardId, doctorId: values.doctorId, personId });
          this.setData({ signed: doctor });
        }
        const { order } = await create(req);
        redirectTo(route(ORDER_URL, { orderId: order.orderId }), () => toast('已提交，请在订单中查看'));
      } catch (err) {
        this.setData({ submitting: false, submitError: messageOf(err) });
      }
    },
  },
});
