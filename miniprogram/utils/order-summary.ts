/**
 * What the member sent, as the order detail shows it: one labelled line per field of the order's
 * form (no raw keys), dates in words, files as a count to open. Pure: the page gives the order
 * and the few directory entries it needs to name an expert or a doctor.
 */
import type { BenefitFormData, Expert, FamilyDoctor, Order, OrderForms } from '../../typings/contract';
import { describeAnswer, questionOrder } from './questionnaire';

export interface SummaryRow {
  /** unique in the summary (the field's or the answer's key) */
  id: string;
  label: string;
  value: string;
  /** files behind the row (cloud://…): the row opens them */
  files?: string[];
}

export interface SummaryLookups {
  experts?: Expert[];
  doctors?: FamilyDoctor[];
  /** the escort form's condition labels, from content.benefits */
  escortConditions?: BenefitFormData['escort']['conditions'];
}

/** "2026年6月5日" from YYYY-MM-DD (or the day part of an instant); the text as it is otherwise. */
export function dayInWords(day: string): string {
  const found = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!found) return day;
  return `${found[1]}年${Number(found[2])}月${Number(found[3])}日`;
}

/** "2026年6月5日 09:00" from an instant with its +08:00 offset, as written. */
export function instantInWords(instant: string): string {
  const time = /T(\d{2}:\d{2})/.exec(instant)?.[1];
  return time ? `${dayInWords(instant)} ${time}` : dayInWords(instant);
}

const MODES: Readonly<Record<string, string>> = { text: '图文咨询', phone: '电话咨询', video: '视频咨询' };

function yesNo(value: boolean): string {
  return value ? '是' : '否';
}

function filesRow(id: string, label: string, files: string[]): SummaryRow {
  return { id, label, value: files.length > 0 ? `${files.length} 份，点击查看` : '未上传', files };
}

type Summarizer<B extends keyof OrderForms> = (form: OrderForms[B], lookups: SummaryLookups) => SummaryRow[];

const SUMMARIES: { [B in keyof OrderForms]: Summarizer<B> } = {
  outpatientGreen: (f) => [
    { id: 'hospital', label: '医院', value: f.hospital },
    { id: 'department', label: '科室', value: f.department },
    { id: 'wantedDate', label: '期望就诊日期', value: dayInWords(f.wantedDate) },
    ...(f.note ? [{ id: 'note', label: '备注', value: f.note }] : []),
  ],
  inpatientGreen: (f) => [
    { id: 'hospital', label: '医院', value: f.hospital },
    { id: 'wantedDate', label: '期望入院日期', value: dayInWords(f.wantedDate) },
    { id: 'disease', label: '疾病', value: f.disease },
    filesRow('records', '病历资料', f.records),
    filesRow('admissionSlip', '住院证', f.admissionSlip ? [f.admissionSlip] : []),
  ],
  escort: (f, { escortConditions = [] }) => {
    const ticked = (f.conditions ?? []).map((key) => escortConditions.find((c) => c.key === key)?.label ?? key);
    return [
      { id: 'hospital', label: '医院', value: f.hospital },
      { id: 'department', label: '科室', value: f.department },
      { id: 'visitAt', label: '就诊时间', value: instantInWords(f.visitAt) },
      { id: 'purpose', label: '就诊事项', value: f.purpose },
      { id: 'registered', label: '已自行挂号', value: yesNo(f.registered) },
      { id: 'withRelative', label: '家属陪同', value: yesNo(f.withRelative) },
      ...(ticked.length > 0 ? [{ id: 'conditions', label: '特殊情况', value: ticked.join('；') }] : []),
    ];
  },
  quickConsult: (f) => [
    { id: 'description', label: '病情描述', value: f.description },
    { id: 'mode', label: '咨询方式', value: MODES[f.mode] ?? f.mode },
  ],
  expertConsult: (f, { experts = [] }) => {
    const expert = experts.find((e) => e.id === f.expertId);
    return [
      {
        id: 'expertId',
        label: '专家',
        value: expert ? `${expert.name} ${expert.title} · ${expert.hospital}` : '已选专家',
      },
      { id: 'description', label: '病情描述', value: f.description },
      { id: 'mode', label: '咨询方式', value: MODES[f.mode] ?? f.mode },
    ];
  },
  familyDoctor: (f, { doctors = [] }) => {
    const doctor = f.doctorId ? doctors.find((d) => d.id === f.doctorId) : undefined;
    return [
      { id: 'question', label: '咨询问题', value: f.question },
      ...(f.doctorId
        ? [
            {
              id: 'doctorId',
              label: '签约医生',
              value: doctor ? `${doctor.name} ${doctor.title} · ${doctor.hospital}` : '已选医生',
            },
          ]
        : []),
    ];
  },
  assessment: (f) => questionnaireRows(f.questionnaire),
  checkupPlan: (f) => questionnaireRows(f.questionnaire),
  reportReading: (f) => [filesRow('files', '体检报告', f.files)],
};

function questionnaireRows(questionnaire: Record<string, unknown>): SummaryRow[] {
  const order = questionOrder();
  const keys = Object.keys(questionnaire).sort((a, b) => rank(order, a) - rank(order, b));
  return keys.map((key) => ({ id: `q_${key}`, ...describeAnswer(key, questionnaire[key]) }));
}

function rank(order: string[], key: string): number {
  const i = order.indexOf(key);
  return i < 0 ? order.length : i;
}

/** The order's form, line by line. */
export function summarize(order: Order, lookups: SummaryLookups = {}): SummaryRow[] {
  // The form's shape follows the benefit (contract); the union loses that link, so restore it.
  const summarizer = SUMMARIES[order.benefit] as Summarizer<keyof OrderForms>;
  return summarizer(order.form, lookups).filter((row) => row.value !== '');
}
