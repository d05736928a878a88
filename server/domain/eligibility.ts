/**
 * Whether an order form may be served (domain rules R4.1-R4.4) and, if not, why, in Chinese
 * written for the member: the app answers `NOT_ELIGIBLE` with `reason`. The rule lists are data
 * here, exported so that the mini-program can show the exclusions before the member submits.
 *
 * Pure: every answer follows from the arguments (the caller passes `now` from its clock, the
 * hospital from the directory, ops' calendar overrides from settings), counted in Asia/Shanghai
 * days whatever the process time zone. An invalid `now` throws RangeError, as in calendar.ts;
 * any form, however malformed, gets an answer.
 *
 * What is not here: the shape of a form (the app's strict schema refuses unknown fields, so a
 * 门诊绿通 or 重疾绿通 form cannot carry a doctor: R4.1 "never name a doctor" is enforced by the
 * form having no doctor field; free text such as `note` is not searched for doctors' names),
 * holder-only and real-name checks (R1.3, R4.5), quotas and the card's life (R2, R3).
 *
 * Plain substring matching only (no RegExp lookbehind, no ES2022 API): the mini-program may
 * bundle this module, and older iOS WeChat engines reject lookbehind at load time.
 */
import type { Day, OrderBenefit, OrderForms } from '../../typings/contract';
import { addWorkingDays, workingDayWindow, type CalendarOverrides } from './calendar';
import { ageOn } from './identity';
import { addDays, isDay, parseInstant, shanghaiDay } from './time';

// ---------------------------------------------------------------------------------------------
// Answer and context

export type EligibilityRule = 'R4.1' | 'R4.2' | 'R4.3' | 'R4.4';

/** One reason why a form cannot be served, with the rule that says so (for logs and tests). */
export interface Ineligibility {
  readonly rule: EligibilityRule;
  /** Chinese, for the member. */
  readonly reason: string;
}

/**
 * `reason` is every problem's reason joined by '；', so the member learns all that must change in
 * one answer rather than one per submit; `problems` keeps them apart for a list display.
 */
export type Eligibility =
  { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly problems: readonly Ineligibility[] };

/** A hospital as the directory holds it (directory doc `data`, plus its name). */
export interface HospitalInfo {
  readonly name: string;
  readonly city: string;
  /** 医院等级, e.g. '三级甲等', '二级乙等', '三甲', '一级', '未定级' */
  readonly level: string;
  readonly public: boolean;
  readonly departments: readonly string[];
}

export interface EligibilityContext {
  /** The request instant; R4.2 and R4.4 count from its Shanghai day. */
  readonly now: Date;
  /** Ops' corrections to the official working-day calendar (calendar.ts). */
  readonly overrides?: CalendarOverrides;
  /** The served person; R4.4 reads the age from the ID number. */
  readonly person: { readonly idNumber: string };
  /**
   * The form's hospital looked up in the directory by the caller; null or absent when not found.
   * Only escort checks it (R4.4); the green channels' 指定医院范围 is the directory the picker
   * offers, and the agent confirms the hospital by phone.
   */
  readonly hospital?: HospitalInfo | null;
  /** R4.4: the cities with escort nurses; absent means not restricted by city. */
  readonly coveredCities?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Exclusion lists (data)

/**
 * A service or department the handbook excludes. A department name or a purpose matches it when,
 * after normalizing (NFKC, no spaces, Latin upper case) and deleting every `ignore` phrase, it
 * contains one of `words`. `ignore` carves out what shares a word but is not excluded
 * (妇产科 holds 产科; 手术后复查 holds 手术).
 */
export interface Exclusion {
  /** As the handbook names it; shown to the member. */
  readonly label: string;
  readonly words: readonly string[];
  readonly ignore?: readonly string[];
}

/**
 * R4.1 门诊绿通 departments excluded, in the handbook's order (the first match names the reason).
 *
 * - 产科: obstetrics and its synonyms. 妇产科 is NOT excluded: many hospitals list gynaecology and
 *   obstetrics as one department, and refusing it would refuse all gynaecology, which the
 *   handbook does not exclude; the agent confirms the visit by phone. '妇产科（产科）' still is.
 * - 口腔美容保健: cosmetic and preventive dentistry; 口腔科 itself is served. Listed before
 *   美容整形 and 保健科 so that '口腔保健科' names the precise exclusion.
 * - 美容整形: anything with 美容, 医美 or 整形, except burns surgery (烧伤整形科 treats burns;
 *   '烧伤整形美容科' is still excluded by 美容).
 * - 辅助检查科室: laboratory, imaging, ultrasound, ECG/EEG/EMG, endoscopy, pathology, which issue
 *   exams rather than expert outpatient visits; radiotherapy and interventional radiology are
 *   treatment and are not excluded.
 * - 保健科 (any 保健, e.g. 干部保健科, 儿童保健科), 康复科 (any 康复), 体检 (体检, 健康管理中心).
 */
export const OUTPATIENT_EXCLUDED_DEPARTMENTS: readonly Exclusion[] = [
  { label: '产科', words: ['产科', '产前', '围产', '孕产', '产检'], ignore: ['妇产科'] },
  { label: '口腔美容保健', words: ['口腔美容', '口腔保健', '口腔美学', '牙齿美白'] },
  { label: '美容整形', words: ['美容', '医美', '整形'], ignore: ['烧伤整形'] },
  {
    label: '辅助检查科室',
    words: [
      '辅助检查',
      '医技',
      '检验',
      '影像',
      '放射',
      '超声',
      'B超',
      '心电',
      '脑电',
      '肌电',
      '内镜',
      '内窥镜',
      '病理',
      'CT',
      'MRI',
      '磁共振',
      '核磁',
    ],
    ignore: ['放射治疗', '介入放射'],
  },
  { label: '保健科', words: ['保健'] },
  { label: '康复科', words: ['康复'] },
  { label: '体检', words: ['体检', '健康管理'] },
];

/**
 * R4.4 escort excludes these services, matched against both the department and the purpose.
 * Words are the handbook's names and their everyday synonyms. A purpose that merely mentions one
 * ('咨询是否需要手术') is refused too, with the exclusion named so the member can rephrase
 * ('外科复诊'); the escort manager's call settles anything finer. '手术后复查' is not surgery.
 */
export const ESCORT_EXCLUSIONS: readonly Exclusion[] = [
  { label: '产检', words: ['产检', '产前', '孕检', '孕期检查', '围产', '产科'], ignore: ['妇产科'] },
  { label: '分娩', words: ['分娩', '顺产', '剖宫产', '剖腹产', '待产', '产房', '接生'] },
  { label: '急诊', words: ['急诊'] },
  { label: '口腔美容保健', words: ['口腔美容', '口腔保健', '口腔美学', '牙齿美白', '洁牙', '洗牙'] },
  { label: '生殖科', words: ['生殖', '不孕', '不育', '试管婴儿', '取卵', '胚胎'] },
  { label: '手术（含门诊手术）', words: ['手术', '人流', '人工流产'], ignore: ['手术后'] },
  { label: '门诊输液', words: ['输液', '点滴', '挂水', '吊针', '吊瓶'] },
  { label: '住院前检查', words: ['住院前检查', '入院前检查', '入院检查', '术前检查'] },
  { label: '办理住院手续', words: ['办理住院', '办理入院', '住院手续', '入院手续', '住院登记', '入院登记'] },
  { label: '院中陪护', words: ['陪护', '护工', '院中陪'] },
];

function normalizeText(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

function exclusionOf(list: readonly Exclusion[], text: string): Exclusion | null {
  const normalized = normalizeText(text);
  for (const exclusion of list) {
    let rest = normalized;
    for (const phrase of exclusion.ignore ?? []) rest = rest.split(normalizeText(phrase)).join('|');
    if (exclusion.words.some((word) => rest.includes(normalizeText(word)))) return exclusion;
  }
  return null;
}

/** R4.1: the exclusion a 门诊绿通 department falls under (its label), or null when served. */
export function outpatientExclusionOf(department: string): string | null {
  return exclusionOf(OUTPATIENT_EXCLUDED_DEPARTMENTS, department)?.label ?? null;
}

/** R4.4: the escort exclusion a department or purpose falls under (its label), or null. */
export function escortExclusionOf(text: string): string | null {
  return exclusionOf(ESCORT_EXCLUSIONS, text)?.label ?? null;
}

// ---------------------------------------------------------------------------------------------
// R4.2 the outpatient window

/** R4.2: 门诊绿通 books a visit on the 3rd to the 5th working day after the request's day. */
export const OUTPATIENT_WINDOW = { from: 3, to: 5 } as const;

/**
 * R4.2: the days a 门诊绿通 visit may be wanted on, for a request at `now`: the 3rd to the 5th
 * working day after its Shanghai day. The date picker offers exactly these and disables the rest.
 */
export function outpatientDates(now: Date, overrides?: CalendarOverrides): Day[] {
  return workingDayWindow(shanghaiDay(now), OUTPATIENT_WINDOW.from, OUTPATIENT_WINDOW.to, overrides);
}

// ---------------------------------------------------------------------------------------------
// R4.3 critical illnesses

/**
 * R4.3: the 28 severe critical illnesses (重度疾病) of 《重大疾病保险的疾病定义使用规范（2020年修订版）》,
 * in the order of domain-rules.md. 重疾绿通 serves only these; the app shows them as a picker.
 */
export const CRITICAL_ILLNESSES = [
  '恶性肿瘤——重度',
  '较重急性心肌梗死',
  '严重脑中风后遗症',
  '重大器官移植术或造血干细胞移植术',
  '冠状动脉搭桥术',
  '严重慢性肾衰竭',
  '多个肢体缺失',
  '急性重症肝炎或亚急性重症肝炎',
  '严重非恶性颅内肿瘤',
  '严重慢性肝衰竭',
  '严重脑炎后遗症或严重脑膜炎后遗症',
  '深度昏迷',
  '双耳失聪',
  '双目失明',
  '瘫痪',
  '心脏瓣膜手术',
  '严重阿尔茨海默病',
  '严重脑损伤',
  '严重原发性帕金森病',
  '严重Ⅲ度烧伤',
  '严重特发性肺动脉高压',
  '严重运动神经元病',
  '语言能力丧失',
  '重型再生障碍性贫血',
  '主动脉手术',
  '严重慢性呼吸衰竭',
  '严重克罗恩病',
  '严重溃疡性结肠炎',
] as const;

export type CriticalIllness = (typeof CRITICAL_ILLNESSES)[number];

const CRITICAL_BY_NORMALIZED: ReadonlyMap<string, CriticalIllness> = new Map(
  CRITICAL_ILLNESSES.map((name) => [normalizeText(name), name] as const),
);

/**
 * R4.3: the listed illness `name` is, as the list spells it, or null. Exact up to NFKC and spaces,
 * so '严重III度烧伤' (Latin letters, as typed) is '严重Ⅲ度烧伤'; no fuzzy matching beyond that.
 */
export function criticalIllness(name: string): CriticalIllness | null {
  return CRITICAL_BY_NORMALIZED.get(normalizeText(name)) ?? null;
}

// ---------------------------------------------------------------------------------------------
// R4.4 escort

/** The condition keys the member ticks on the escort form, in display order. */
export const ESCORT_CONDITION_KEYS = [
  'inpatient',
  'emergencyObservation',
  'severe',
  'mentalIllness',
  'infectious',
  'drunk',
  'needsSignature',
] as const;

export type EscortConditionKey = (typeof ESCORT_CONDITION_KEYS)[number];

export interface EscortCondition {
  readonly key: EscortConditionKey;
  /** Shown beside the tick box. */
  readonly label: string;
  /** 'notEligible': escort is not for this person; 'needsRelative': only with a relative present. */
  readonly effect: 'notEligible' | 'needsRelative';
  /** Added to the refusal, where the member needs more than a no. */
  readonly advice?: string;
}

/** R4.4: the situations the handbook names (服务须知 3) ⑤ and ⑩). */
export const ESCORT_CONDITIONS: { readonly [K in EscortConditionKey]: EscortCondition & { readonly key: K } } = {
  inpatient: { key: 'inpatient', label: '住院患者', effect: 'notEligible' },
  emergencyObservation: { key: 'emergencyObservation', label: '门急诊留观患者', effect: 'notEligible' },
  severe: {
    key: 'severe',
    label: '重症或急救患者',
    effect: 'notEligible',
    advice: '如情况紧急，请立即拨打 120 或前往急诊',
  },
  mentalIllness: { key: 'mentalIllness', label: '精神疾病患者', effect: 'notEligible' },
  infectious: { key: 'infectious', label: '传染病患者', effect: 'notEligible' },
  drunk: { key: 'drunk', label: '醉酒状态', effect: 'notEligible' },
  needsSignature: {
    key: 'needsSignature',
    label: '当天有需家属签字的检查（如全麻检查、增强核磁等需注射造影剂的检查）',
    effect: 'needsRelative',
  },
};

export function isEscortConditionKey(s: string): s is EscortConditionKey {
  return (ESCORT_CONDITION_KEYS as readonly string[]).includes(s);
}

/**
 * R4.4: full years of age on the visit day from which (`atLeast`) and below which (`under`) a
 * relative must be present. "Over 70" (handbook: 70 岁以上, which under PRC Civil Code art. 1259
 * includes 70) counts from the 70th birthday; "under 14" (14 岁以下) ends on the 14th birthday,
 * as domain-rules.md words it. So 69 and 14-69 go alone; 70+, and 13 and younger, need a relative.
 */
export const ESCORT_RELATIVE_AGE = { atLeast: 70, under: 14 } as const;

export function needsRelativeAtAge(age: number): boolean {
  return age >= ESCORT_RELATIVE_AGE.atLeast || age < ESCORT_RELATIVE_AGE.under;
}

/** R4.4: the least hospital level (二级) escort serves. */
export const ESCORT_MIN_HOSPITAL_LEVEL = 2;

/**
 * The level (1-3) a directory `level` names: '三级甲等', '三级', '三甲', '3级' → 3; '二级乙等',
 * '二甲' → 2; '一级' → 1; anything else ('未定级', '') → null, which escort treats as not proven
 * level 2, so not served.
 */
export function hospitalLevel(level: string): 1 | 2 | 3 | null {
  const s = normalizeText(level);
  const grade = s.charAt(0);
  const next = s.charAt(1);
  if (!['级', '甲', '乙', '丙', '特'].includes(next)) return null;
  if (grade === '三' || grade === '3') return 3;
  if (grade === '二' || grade === '2') return 2;
  if (grade === '一' || grade === '1') return 1;
  return null;
}

function normalizeCity(city: string): string {
  const s = normalizeText(city);
  return s.endsWith('市') ? s.slice(0, -1) : s;
}

/**
 * R4.4: the first day an escort visit may be on, for a request at `now`: the day after the next
 * working day after the request's Shanghai day. The escort manager phones within 1 working day
 * (by 21:00 on that next working day) to learn the needs, and only then books the nurse, so a
 * visit on that day or sooner could come before the call; from the day after it, the call and
 * the booking come first, and that call can double as the day-before reminder. A request on
 * Friday 2026-06-05 → Tuesday 06-09. Later days are all open, weekends and holidays included.
 */
export function escortEarliestDay(now: Date, overrides?: CalendarOverrides): Day {
  return addDays(addWorkingDays(shanghaiDay(now), 1, overrides), 1);
}

// ---------------------------------------------------------------------------------------------
// The checks

type Check<B extends OrderBenefit> = (form: OrderForms[B], ctx: EligibilityContext) => Ineligibility[];

/** '2026-10-08' → '10月8日' */
function dayLabel(day: Day): string {
  return `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}

const none = (): Ineligibility[] => [];

const checkOutpatient: Check<'outpatientGreen'> = (form, ctx) => {
  const problems: Ineligibility[] = [];
  const excluded = outpatientExclusionOf(form.department);
  if (excluded !== null) {
    problems.push({
      rule: 'R4.1',
      reason: `门诊绿通不含${excluded}的预约（所选科室：${form.department}），请选择其他科室`,
    });
  }
  const dates = outpatientDates(ctx.now, ctx.overrides);
  if (!dates.includes(form.wantedDate)) {
    problems.push({
      rule: 'R4.2',
      reason: `门诊绿通可预约第 ${OUTPATIENT_WINDOW.from}–${OUTPATIENT_WINDOW.to} 个工作日的号源，请在${dates.map(dayLabel).join('、')}中选择就诊日期`,
    });
  }
  return problems;
};

const checkInpatient: Check<'inpatientGreen'> = (form, ctx) => {
  const problems: Ineligibility[] = [];
  if (criticalIllness(form.disease) === null) {
    problems.push({
      rule: 'R4.3',
      reason: '重疾绿通仅服务《重大疾病保险的疾病定义使用规范（2020年修订版）》所列的 28 种重度疾病，请从列表中选择',
    });
  }
  if (!isDay(form.wantedDate)) {
    problems.push({ rule: 'R4.3', reason: '请选择期望就诊日期' });
  } else if (form.wantedDate < shanghaiDay(ctx.now)) {
    problems.push({ rule: 'R4.3', reason: '期望就诊日期已过，请选择今天或以后的日期' });
  }
  return problems;
};

function checkEscortHospital(ctx: EligibilityContext): Ineligibility[] {
  const hospital = ctx.hospital;
  if (hospital === undefined || hospital === null) {
    return [{ rule: 'R4.4', reason: '未找到所选医院，陪诊仅限服务城市的二级及以上公立医院' }];
  }
  const problems: Ineligibility[] = [];
  if (!hospital.public) {
    problems.push({ rule: 'R4.4', reason: `陪诊仅限公立医院，${hospital.name}不在服务范围内` });
  }
  const level = hospitalLevel(hospital.level);
  if (level === null || level < ESCORT_MIN_HOSPITAL_LEVEL) {
    const shown = hospital.level.trim() === '' ? '等级未知' : hospital.level.trim();
    problems.push({ rule: 'R4.4', reason: `陪诊仅限二级及以上医院，${hospital.name}（${shown}）不在服务范围内` });
  }
  const cities = ctx.coveredCities;
  if (cities !== undefined && !cities.some((c) => normalizeCity(c) === normalizeCity(hospital.city))) {
    problems.push({ rule: 'R4.4', reason: `${hospital.city}暂未开通陪诊服务` });
  }
  return problems;
}

const checkEscort: Check<'escort'> = (form, ctx) => {
  const problems: Ineligibility[] = [];

  const excluded = new Set<string>();
  for (const text of [form.department, form.purpose]) {
    const label = escortExclusionOf(text);
    if (label !== null) excluded.add(label);
  }
  if (excluded.size > 0) {
    problems.push({ rule: 'R4.4', reason: `陪诊服务不含${[...excluded].join('、')}` });
  }

  if (!form.registered) {
    problems.push({ rule: 'R4.4', reason: '陪诊仅在您自行挂号成功后提供，请先完成挂号再申请' });
  }

  problems.push(...checkEscortHospital(ctx));

  const ticked = form.conditions ?? [];
  if (ticked.some((key) => !isEscortConditionKey(key))) {
    problems.push({ rule: 'R4.4', reason: '有无法识别的就诊情况选项，请重新选择' });
  }
  const known = ESCORT_CONDITION_KEYS.filter((key) => ticked.includes(key)).map((key) => ESCORT_CONDITIONS[key]);
  const blocking = known.filter((c) => c.effect === 'notEligible');
  if (blocking.length > 0) {
    const advice = blocking.flatMap((c) => (c.advice === undefined ? [] : [c.advice]));
    problems.push({
      rule: 'R4.4',
      reason: [`陪诊服务不适用于${blocking.map((c) => c.label).join('、')}`, ...advice].join('，'),
    });
  }
  if (!form.withRelative && known.some((c) => c.effect === 'needsRelative')) {
    problems.push({ rule: 'R4.4', reason: '当天有需家属签字的检查（如全麻、增强核磁），需有家属陪同方可提供陪诊' });
  }

  const visit = parseInstant(form.visitAt);
  const today = shanghaiDay(ctx.now);
  if (visit === null) {
    problems.push({ rule: 'R4.4', reason: '请选择就诊时间' });
  } else if (visit.getTime() <= ctx.now.getTime()) {
    problems.push({ rule: 'R4.4', reason: '就诊时间已过，请重新选择' });
  } else {
    const earliest = escortEarliestDay(ctx.now, ctx.overrides);
    if (shanghaiDay(visit) < earliest) {
      problems.push({
        rule: 'R4.4',
        reason: `就医协助经理需在 1 个工作日内与您确认需求并安排护士，陪诊最早可预约${dayLabel(earliest)}的就诊`,
      });
    }
  }

  // Age on the visit day; with no usable visit time (already refused above), on the request day.
  const age = ageOn(ctx.person.idNumber, visit === null ? today : shanghaiDay(visit));
  if (age === null) {
    problems.push({ rule: 'R4.4', reason: '无法从就诊人身份证号核实年龄，请联系健康管家' });
  } else if (!form.withRelative && needsRelativeAtAge(age)) {
    problems.push({
      rule: 'R4.4',
      reason: `就诊人就诊时${age}岁，${ESCORT_RELATIVE_AGE.atLeast}岁及以上或${ESCORT_RELATIVE_AGE.under}岁以下需有家属陪同方可提供陪诊`,
    });
  }

  return problems;
};

/** One check per order form; consults, questionnaires and reports have no R4 eligibility rule. */
const CHECKS: { readonly [B in OrderBenefit]: Check<B> } = {
  outpatientGreen: checkOutpatient,
  inpatientGreen: checkInpatient,
  escort: checkEscort,
  quickConsult: none,
  expertConsult: none,
  assessment: none,
  checkupPlan: none,
  reportReading: none,
  familyDoctor: none,
};

/**
 * R4.1-R4.4: whether `form` may be served for `benefit` at `ctx.now`, else every reason why not
 * (the app answers NOT_ELIGIBLE with `reason`). The form is assumed to have passed the schema;
 * a malformed field still gets a reason, never an exception.
 */
export function checkEligibility<B extends OrderBenefit>(
  benefit: B,
  form: OrderForms[B],
  ctx: EligibilityContext,
): Eligibility {
  const check: Check<B> = CHECKS[benefit];
  const problems = check(form, ctx);
  if (problems.length === 0) return { ok: true };
  return { ok: false, reason: problems.map((p) => p.reason).join('；'), problems };
}
