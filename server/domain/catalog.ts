/**
 * The benefit catalog (domain rules R1). R1.6: the catalog is data, not code spread around. Forms,
 * workflows, staff roles, quotas, the waiting period and the member-facing texts of every benefit
 * are read from this one table; nothing else in the project switches on a benefit key.
 *
 * Texts come from the service handbook (June 2024), reworded for members. Consults are described
 * as 健康咨询 and nothing here promises a medical outcome.
 */
import type { BenefitKey, Edition, OrderBenefit, StaffRole, StaffStep } from '../../typings/contract';
import type { SmsTemplate, SubscribeTemplate } from './notices';

/**
 * The contract sells `pro` and `premium`; the handbook also names a 基础 tier (R1.4 escort hours),
 * so the table already has room for `basic` without changing its shape.
 */
export type CatalogEdition = Edition | 'basic';

/** A number of uses, 'unlimited', or null when the edition does not include the benefit. */
export type Quota = number | 'unlimited' | null;

/** `basic` is optional until that edition is defined: absent means not included. */
export interface QuotaTable {
  readonly pro: Quota;
  readonly premium: Quota;
  readonly basic?: Quota;
}

export interface EditionDef {
  readonly key: CatalogEdition;
  readonly name: string;
  /** R1.1 / R1.2: whether the holder may add family members (premium is 1+3). */
  readonly family: boolean;
  /** R1.5: the butler may place an order on a member's behalf (代为下单). */
  readonly staffMayOrder: boolean;
}

export interface WorkflowStep {
  readonly step: StaffStep;
  /** The staff role that performs this step. */
  readonly role: StaffRole;
  /** Shown on the order timeline and the workbench. */
  readonly label: string;
}

export interface Workflow {
  /**
   * The role that owns the case: it takes the side steps (fail, noShow, providerStop) and its
   * queue shows the order. For benefits without orders, the role that serves the member.
   */
  readonly owner: StaffRole;
  /** The forward path of an order, in order. Empty for benefits that take no orders. */
  readonly steps: readonly WorkflowStep[];
  /**
   * R3.2: the step at which the held unit becomes used. null when nothing is held (unlimited
   * benefits and benefits without orders).
   */
  readonly commitAt: 'accept' | 'book' | null;
  /**
   * What a stop by the hospital or expert does to a committed order: 'rebook' puts it back to be
   * booked again with its unit held (R3.3, green channels), 'release' gives the unit back (R3.2,
   * escort: 停诊, epidemic stop or force majeure are not counted). null: no such event.
   */
  readonly providerStop: 'rebook' | 'release' | null;
  /** R3.4: false when the member may not cancel once the commit point is passed (escort). */
  readonly memberMayCancelAfterCommit: boolean;
  /**
   * Consults: taking the case opens a session (`in_service`) that lasts this many minutes per
   * mode (R4: quick consult text 2 h, phone 10 min, video 15 min). null: no session; taking the
   * case only moves the order to `accepted`.
   */
  readonly session: Readonly<Partial<Record<ConsultMode, number>>> | null;
  /** R4: the deadline of each awaited staff step. A step without one has no deadline. */
  readonly sla: Readonly<Partial<Record<StaffStep, Deadline>>>;
  /** The report, plan or guidance that `complete` hands over (R4): completing needs it. */
  readonly completeNeedsResult: boolean;
  /** R5.1: the SMS a step sends to the served person. */
  readonly sms: Readonly<Partial<Record<StaffStep, SmsTemplate>>>;
  /** R5.2: the subscription message a step sends to the served person (with their consent). */
  readonly subscribe: Readonly<Partial<Record<StaffStep, SubscribeTemplate>>>;
  /** R5.2 / R4: the reminder of a booked visit, sent the day before at `at`; null: none. */
  readonly visitReminder: { readonly template: 'visitReminder' | 'escortReminder'; readonly at: string } | null;
}

export type ConsultMode = 'text' | 'phone' | 'video';

/**
 * R4 deadlines, counted from an anchor: the order's creation, the start of the awaited step (the
 * previous step's time), or the booked visit day.
 * - workingDays: by 21:00 on the N-th working day after the anchor's day (R4's definition)
 * - days: by 21:00 (end of staff hours) on the N-th calendar day after the anchor's day
 * - minutes: a clock deadline
 * - takeover: 3 minutes from 7:00 to 24:00, 10 minutes from 0:00 to 7:00 (quick consult)
 */
export type Deadline =
  | { readonly kind: 'workingDays'; readonly n: number; readonly from: DeadlineAnchor }
  | { readonly kind: 'days'; readonly n: number; readonly from: DeadlineAnchor }
  | { readonly kind: 'minutes'; readonly n: number; readonly from: DeadlineAnchor }
  | { readonly kind: 'takeover' }
  | { readonly kind: 'session' };

export type DeadlineAnchor = 'created' | 'step' | 'visit';

export interface BenefitDef {
  readonly key: BenefitKey;
  /** As in the R1 table. */
  readonly name: string;
  /** The handbook's bracketed qualifier, e.g. 专家号预约; null when it has none. */
  readonly subtitle: string | null;
  readonly description: string;
  readonly notes: readonly string[];
  readonly quota: QuotaTable;
  /** R1.1: on an edition with family, one pool for the holder and all members. */
  readonly shared: boolean;
  /** R1.3 / R2.6: only the holder may use it. */
  readonly holderOnly: boolean;
  /** R2.4: closed during the 10-day waiting period. */
  readonly waitingPeriod: boolean;
  /** Whether it is used through order.create (the others are open channels or pages). */
  readonly orderable: boolean;
  /** The order form it takes (contract `OrderForms`), null when not orderable. */
  readonly form: OrderBenefit | null;
  /** R1.4: the longest escort visit per tier, in hours; null for other benefits. */
  readonly escortHours: Readonly<Record<CatalogEdition, number>> | null;
  readonly workflow: Workflow;
}

export const EDITIONS: Readonly<Record<CatalogEdition, EditionDef>> = {
  basic: { key: 'basic', name: '基础版', family: false, staffMayOrder: false },
  pro: { key: 'pro', name: '专业版', family: false, staffMayOrder: false },
  // The handbook says 代为下单 is for 进阶版 only; R1.5 settles that this means premium.
  premium: { key: 'premium', name: '尊享版（1+3）', family: true, staffMayOrder: true },
};

const NO_ORDERS = (owner: StaffRole): Workflow => ({
  owner,
  steps: [],
  commitAt: null,
  providerStop: null,
  memberMayCancelAfterCommit: true,
  session: null,
  sla: {},
  completeNeedsResult: false,
  sms: {},
  subscribe: {},
  visitReminder: null,
});

/**
 * Benefits that end in a written report or plan: the unit is used once staff take the case, the
 * member may still cancel, and `complete` hands the result over (R4).
 */
const REPORT_WORKFLOW: Omit<Workflow, 'owner' | 'steps' | 'sla'> = {
  commitAt: 'accept',
  providerStop: null,
  memberMayCancelAfterCommit: true,
  session: null,
  completeNeedsResult: true,
  sms: {},
  subscribe: { accept: 'orderAccepted', complete: 'reportReady' },
  visitReminder: null,
};

/**
 * The 《健康测评问卷》 benefits (assessment, check-up plan). R4: the manager contacts within 1 day;
 * the doctor reports within 2 days of hand-over.
 */
const QUESTIONNAIRE_WORKFLOW: Omit<Workflow, 'steps'> = {
  ...REPORT_WORKFLOW,
  owner: 'manager',
  sla: { accept: { kind: 'days', n: 1, from: 'created' }, complete: { kind: 'days', n: 2, from: 'step' } },
};

/** The questionnaire path: the manager calls, then the doctor writes `report`. */
const questionnaireSteps = (report: string): readonly WorkflowStep[] => [
  { step: 'accept', role: 'manager', label: '健康管理师联系' },
  { step: 'complete', role: 'doctor', label: report },
];

/** Consults: a doctor takes the case (and the member is told), then the session ends it. */
const CONSULT_WORKFLOW: Omit<Workflow, 'steps' | 'commitAt' | 'session' | 'sla'> = {
  owner: 'doctor',
  providerStop: null,
  memberMayCancelAfterCommit: true,
  completeNeedsResult: false,
  sms: { accept: 'doctorTaken' },
  subscribe: { accept: 'doctorTaken' },
  visitReminder: null,
};

const consultSteps = (taken: string): readonly WorkflowStep[] => [
  { step: 'accept', role: 'doctor', label: taken },
  { step: 'complete', role: 'doctor', label: '咨询结束' },
];

/** Visit benefits (green channels, escort): the unit is used once the visit is booked. */
const VISIT_WORKFLOW: Pick<Workflow, 'commitAt' | 'session' | 'completeNeedsResult' | 'subscribe'> = {
  commitAt: 'book',
  session: null,
  completeNeedsResult: false,
  subscribe: { accept: 'orderAccepted', book: 'orderBooked' },
};

/**
 * R4 for visit benefits: confirm within 1 working day, book within `bookWorkingDays` working days
 * of confirming, call back within 1 working day after the visit.
 */
const visitSla = (bookWorkingDays: number): Workflow['sla'] => ({
  accept: { kind: 'workingDays', n: 1, from: 'created' },
  book: { kind: 'workingDays', n: bookWorkingDays, from: 'step' },
  // the visit is recorded done by the close of staff hours on the visit day
  complete: { kind: 'days', n: 0, from: 'visit' },
  followUp: { kind: 'workingDays', n: 1, from: 'visit' },
});

/** The visit path, performed by one role throughout; `labels` name accept, book, complete, followUp. */
const visitSteps = (role: StaffRole, labels: readonly [string, string, string, string]): readonly WorkflowStep[] => [
  { step: 'accept', role, label: labels[0] },
  { step: 'book', role, label: labels[1] },
  { step: 'complete', role, label: labels[2] },
  { step: 'followUp', role, label: labels[3] },
];

type Catalog = { readonly [K in BenefitKey]: BenefitDef & { readonly key: K } };

/** In the order of the R1 table, which is also the order members see. */
export const CATALOG: Catalog = {
  butler: {
    key: 'butler',
    name: '健康管家',
    subtitle: null,
    description: '激活后一对一专属健康管家，协助建立健康档案、协调就医资源、协助使用各项权益，并提供诊后随访与关怀。',
    notes: [
      '激活后自动与您一对一签约',
      '健康咨询、权益介绍、医院或医生推荐等问题，管家一般 3 分钟内回复',
      '尊享版会员可请管家代为下单',
      '每周按时令节气推送饮食、运动、作息睡眠建议（需订阅）',
      '服务时间 7×24 小时',
    ],
    quota: { pro: 'unlimited', premium: 'unlimited' },
    shared: false,
    holderOnly: false,
    waitingPeriod: false,
    orderable: false,
    form: null,
    escortHours: null,
    workflow: NO_ORDERS('butler'),
  },
  healthRecord: {
    key: 'healthRecord',
    name: '健康档案',
    subtitle: null,
    description:
      '根据您的基本资料、家族病史、个人病史、就医记录、体检报告和生活方式，建立私密、完整、可持续更新的电子健康档案。',
    notes: [
      '可在“基本健康信息”中自行完善',
      '需要协助时，可通过健康管家代为更新',
      '问诊、挂号、购药订单信息同步到健康档案',
    ],
    quota: { pro: 'unlimited', premium: 'unlimited' },
    shared: false,
    holderOnly: false,
    waitingPeriod: false,
    orderable: false,
    form: null,
    escortHours: null,
    workflow: NO_ORDERS('butler'),
  },
  assessment: {
    key: 'assessment',
    name: '全面健康评估',
    subtitle: null,
    description:
      '填写《健康测评问卷》后，健康管理师与保健医生综合评估您的整体健康状态和常见慢病风险，出具评估报告并电话讲解。',
    notes: [
      '提交问卷后，健康管理师 1 天内与您联系，进一步了解健康信息',
      '保健医生 2 天内出具健康评估报告和日常健康管理建议',
      '健康管理师电话为您讲解报告',
      '服务时间 9:00–21:00',
    ],
    quota: { pro: 1, premium: 4 },
    shared: true,
    holderOnly: false,
    waitingPeriod: true,
    orderable: true,
    form: 'assessment',
    escortHours: null,
    workflow: { ...QUESTIONNAIRE_WORKFLOW, steps: questionnaireSteps('出具健康评估报告') },
  },
  checkupPlan: {
    key: 'checkupPlan',
    name: '体检方案制定',
    subtitle: null,
    description: '根据您的健康档案和问卷，由保健医生为您量身定制体检方案。',
    notes: [
      '提交《健康测评问卷》后，健康管理师 1 天内与您联系，了解既往病史等信息',
      '保健医生 2 天内出具书面《定制体检方案》',
      '服务时间 9:00–21:00',
    ],
    quota: { pro: 1, premium: 4 },
    shared: true,
    holderOnly: false,
    waitingPeriod: true,
    orderable: true,
    form: 'checkupPlan',
    escortHours: null,
    workflow: { ...QUESTIONNAIRE_WORKFLOW, steps: questionnaireSteps('出具《定制体检方案》') },
  },
  reportReading: {
    key: 'reportReading',
    name: '体检报告解读',
    subtitle: null,
    description: '上传体检报告，由保健医生分析异常指标，给出进一步检查建议和健康生活指导。',
    notes: [
      '上传体检报告（图片或 PDF）并提交',
      '保健医生 3 个工作日内出具《健康指导意见》',
      '医生电话为您解读，时长不少于 20 分钟',
      '服务时间 9:00–21:00',
    ],
    quota: { pro: 1, premium: 4 },
    shared: true,
    holderOnly: false,
    waitingPeriod: true,
    orderable: true,
    form: 'reportReading',
    escortHours: null,
    workflow: {
      ...REPORT_WORKFLOW,
      owner: 'doctor',
      steps: [
        { step: 'accept', role: 'doctor', label: '医生开始解读' },
        { step: 'complete', role: 'doctor', label: '出具《健康指导意见》并电话解读' },
      ],
      // R4: guidance within 3 working days of the upload; first contact the next working day
      sla: {
        accept: { kind: 'workingDays', n: 1, from: 'created' },
        complete: { kind: 'workingDays', n: 3, from: 'created' },
      },
    },
  },
  knowledge: {
    key: 'knowledge',
    name: '健康知识',
    subtitle: null,
    description: '健康科普文章，了解常见疾病的症状、康复与预防知识。',
    notes: ['可随时按兴趣查看', '健康管家每月推送 2 次（需订阅）'],
    quota: { pro: 'unlimited', premium: 'unlimited' },
    shared: false,
    holderOnly: false,
    waitingPeriod: false,
    orderable: false,
    form: null,
    escortHours: null,
    workflow: NO_ORDERS('butler'),
  },
  familyDoctor: {
    key: 'familyDoctor',
    name: '三甲家庭私人医生',
    subtitle: null,
    description: '三甲医院主治及以上在职医生，以图文方式提供健康咨询、就医指导、日常用药指导和检查报告解读。',
    notes: [
      '首次使用时，从医生列表中选择并签约您的私人医生',
      '医生一般 1 小时内接诊，接诊后短信提醒您，无需一直等待',
      '可帮您判断症状的紧急程度，推荐就诊科室和医院',
      '服务时间 7×12 小时',
    ],
    quota: { pro: 'unlimited', premium: 'unlimited' },
    shared: false,
    holderOnly: false,
    waitingPeriod: true,
    orderable: true,
    form: 'familyDoctor',
    escortHours: null,
    workflow: {
      ...CONSULT_WORKFLOW,
      steps: consultSteps('医生接诊'),
      commitAt: null,
      // 7×12 text service; a question stays open for a day of follow-up questions
      session: { text: 24 * 60 },
      sla: { accept: { kind: 'minutes', n: 60, from: 'created' }, complete: { kind: 'session' } },
    },
  },
  quickConsult: {
    key: 'quickConsult',
    name: '三甲专科快速问诊',
    subtitle: '图文/电话/视频',
    description: '快速匹配三甲医院主治及以上专科医生，通过图文、电话或视频进行健康咨询。',
    notes: [
      '用一句话描述您的情况，系统智能分诊到对应科室',
      '7:00–24:00 一般 3 分钟内接诊，0:00–7:00 一般 10 分钟内接诊',
      '图文：接诊后 2 小时内不限次交流；电话单次 10 分钟；视频单次 15 分钟',
      '通话结束前 3 分钟提醒，到时自动结束，您也可提前结束',
    ],
    quota: { pro: 12, premium: 48 },
    shared: true,
    holderOnly: false,
    waitingPeriod: true,
    orderable: true,
    form: 'quickConsult',
    escortHours: null,
    workflow: {
      ...CONSULT_WORKFLOW,
      steps: consultSteps('医生接诊'),
      commitAt: 'accept',
      session: { text: 120, phone: 10, video: 15 },
      sla: { accept: { kind: 'takeover' }, complete: { kind: 'session' } },
    },
  },
  expertConsult: {
    key: 'expertConsult',
    name: '三甲名医在线',
    subtitle: '图文/电话',
    description: '一线及新一线城市三甲医院副主任及以上专家，通过图文或电话提供健康咨询。',
    notes: [
      '从名医列表中按需选择专家和咨询方式',
      '专家一般 1 小时内接诊，接诊后短信或电话提醒您',
      '电话单次 10 分钟，结束前 3 分钟提醒',
    ],
    quota: { pro: null, premium: 12 },
    shared: true,
    holderOnly: false,
    waitingPeriod: true,
    orderable: true,
    form: 'expertConsult',
    escortHours: null,
    workflow: {
      ...CONSULT_WORKFLOW,
      steps: consultSteps('专家接诊'),
      commitAt: 'accept',
      session: { text: 120, phone: 10 },
      sla: { accept: { kind: 'minutes', n: 60, from: 'created' }, complete: { kind: 'session' } },
    },
  },
  outpatientGreen: {
    key: 'outpatientGreen',
    name: '门诊绿通',
    subtitle: '专家号预约',
    description: '在指定医院范围内，协助预约对症科室副主任及以上专家 3–5 个工作日内的号源。',
    notes: [
      '实名预约，请提供就诊人的真实信息',
      '不支持点名预约医生',
      '产科、口腔美容保健、美容整形、辅助检查科室、保健科、康复科、体检不提供预约',
      '客服专员 1 个工作日内电话确认，确认后 1 个工作日内完成预约并短信通知您',
      '预约成功后因个人原因取消或未就诊，视同本次服务已完成',
      '医院或专家停诊的，免费改约',
    ],
    quota: { pro: 2, premium: 8 },
    shared: true,
    holderOnly: false,
    waitingPeriod: true,
    orderable: true,
    form: 'outpatientGreen',
    escortHours: null,
    workflow: {
      ...VISIT_WORKFLOW,
      owner: 'agent',
      steps: visitSteps('agent', ['电话确认预约信息', '预约成功', '就诊完成', '满意度回访']),
      providerStop: 'rebook',
      memberMayCancelAfterCommit: true,
      // R4: book within 1 working day of confirming
      sla: visitSla(1),
      sms: { book: 'bookingMade' },
      // R5.2 the booked visit is reminded the day before
      visitReminder: { template: 'visitReminder', at: '10:00' },
    },
  },
  inpatientGreen: {
    key: 'inpatientGreen',
    name: '重疾绿通',
    subtitle: '住院/手术安排',
    description: '在指定医院范围内为您优先安排住院或手术，并协助办理医院手续。',
    notes: [
      '仅服务《重大疾病保险的疾病定义使用规范（2020年修订版）》所列重疾',
      '可指定城市或医院，不支持点名医生',
      '客服专员 1 个工作日内电话确认，7 个工作日内完成安排',
      '未能安排住院或手术的，不扣除权益次数',
      '安排成功后因个人原因取消或未就诊，视同本次服务已完成',
      '医院或专家停诊的，免费改约',
    ],
    quota: { pro: 1, premium: 4 },
    shared: true,
    holderOnly: false,
    waitingPeriod: true,
    orderable: true,
    form: 'inpatientGreen',
    escortHours: null,
    workflow: {
      ...VISIT_WORKFLOW,
      owner: 'agent',
      steps: visitSteps('agent', ['电话确认需求', '住院或手术已安排', '就诊完成', '满意度回访']),
      providerStop: 'rebook',
      memberMayCancelAfterCommit: true,
      // R4: arranged within 7 working days of confirming
      sla: visitSla(7),
      sms: {},
      visitReminder: null,
    },
  },
  escort: {
    key: 'escort',
    name: '就医陪诊',
    subtitle: null,
    description: '持证护士全程陪同就诊，熟悉医院环境和就诊流程，就医协助经理全程跟进。',
    notes: [
      '限持卡人本人使用',
      '请先自行挂号成功，再提交陪诊申请',
      '就医协助经理 1 个工作日内致电了解需求',
      '就诊前一天 15:00 前电话提醒，陪诊护士提前 20 分钟到达医院',
      '预约成功后不可取消；因个人原因未能按时就诊，记使用 1 次',
      '挂号费、诊疗费、药费、检查费等医院费用需自行支付',
      '不含产检、分娩、急诊、口腔美容保健、生殖科、手术（含门诊手术）、门诊输液、住院前检查、办理住院手续、院中陪护',
      '陪诊过程中不提供诊疗意见',
    ],
    quota: { pro: 1, premium: 1 },
    shared: false,
    holderOnly: true,
    waitingPeriod: true,
    orderable: true,
    form: 'escort',
    escortHours: { basic: 4, pro: 5, premium: 6 },
    workflow: {
      ...VISIT_WORKFLOW,
      owner: 'escortManager',
      steps: visitSteps('escortManager', ['电话了解需求', '陪诊已预约', '陪诊完成', '电话回访']),
      providerStop: 'release',
      memberMayCancelAfterCommit: false,
      // R4: the escort manager phones within 1 working day and books on that call's day after
      sla: visitSla(1),
      sms: {},
      // R4 the escort is reminded the day before, before 15:00
      visitReminder: { template: 'escortReminder', at: '09:00' },
    },
  },
};

/** Every benefit key, in the order of the R1 table. */
export const BENEFIT_KEYS: readonly BenefitKey[] = Object.keys(CATALOG) as BenefitKey[];

export function isBenefitKey(s: unknown): s is BenefitKey {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(CATALOG, s);
}

export function isCatalogEdition(s: unknown): s is CatalogEdition {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(EDITIONS, s);
}

export function benefit<K extends BenefitKey>(key: K): Catalog[K] {
  return CATALOG[key];
}

export function edition(e: CatalogEdition): EditionDef {
  return EDITIONS[e];
}

function rawQuota(key: BenefitKey, e: CatalogEdition): Quota {
  return CATALOG[key].quota[e] ?? null;
}

/**
 * The quota in the contract's terms: a number of uses, null for unlimited (as `total` in the card
 * answer), undefined when the edition does not include the benefit.
 */
export function quotaOf(key: BenefitKey, e: CatalogEdition): number | null | undefined {
  const q = rawQuota(key, e);
  if (q === null) return undefined;
  return q === 'unlimited' ? null : q;
}

export function isIncluded(key: BenefitKey, e: CatalogEdition): boolean {
  return rawQuota(key, e) !== null;
}

/** The benefits an edition includes, in table order; a benefit the edition lacks is absent. */
export function benefitsOf(e: CatalogEdition): readonly BenefitDef[] {
  return BENEFIT_KEYS.filter((key) => isIncluded(key, e)).map((key) => CATALOG[key]);
}

/** Whether the card answer shows the pool as shared: only where there is a family to share it. */
export function isShared(key: BenefitKey, e: CatalogEdition): boolean {
  return CATALOG[key].shared && EDITIONS[e].family;
}

/** R1.4: the longest escort visit on this edition, in hours. */
export function escortHoursOf(e: CatalogEdition): number {
  const hours = CATALOG.escort.escortHours;
  if (hours === null) throw new Error('catalog: escort has no hours');
  return hours[e];
}

/** R1.5: whether the butler may place an order on a member's behalf on this edition. */
export function staffMayOrder(e: CatalogEdition): boolean {
  return EDITIONS[e].staffMayOrder;
}

/**
 * The staff role that performs `step` on an order of this benefit: the role named on the step,
 * else (side steps such as fail, noShow, providerStop) the case owner. undefined for benefits that
 * take no orders.
 */
export function roleFor(key: BenefitKey, step: StaffStep): StaffRole | undefined {
  const def = CATALOG[key];
  if (!def.orderable) return undefined;
  return def.workflow.steps.find((s) => s.step === step)?.role ?? def.workflow.owner;
}
