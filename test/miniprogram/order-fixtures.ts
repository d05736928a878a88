/**
 * Orders, cards and content as the functions answer them, for the order pages' tests (orders,
 * order, order-form, consult): one order per state of every benefit, the catalog's names, the
 * form data of content.benefits, and a transport that answers by function and action.
 */
import type {
  BenefitFormData,
  BenefitInfo,
  BenefitKey,
  Card,
  CardBenefit,
  Envelope,
  FunctionName,
  Hospital,
  Order,
  OrderBenefit,
  OrderForms,
  OrderStatus,
  QuotaState,
  StaffStep,
  TimelineEntry,
} from '../../typings/contract';
import type { CallData } from '../../miniprogram/services/transport';
import { fakeTransport, type FakeTransport, type SimulatedPage } from './harness';

export const ok = (data: unknown): Envelope<unknown> => ({ ok: true, data });

export const refused = (code: string, message: string): Envelope<unknown> =>
  ({ ok: false, error: { code, message } }) as Envelope<unknown>;

export const NAMES: Record<BenefitKey, string> = {
  butler: '健康管家',
  healthRecord: '健康档案',
  assessment: '全面健康评估',
  checkupPlan: '体检方案制定',
  reportReading: '体检报告解读',
  knowledge: '健康知识',
  familyDoctor: '三甲家庭私人医生',
  quickConsult: '三甲专科快速问诊',
  expertConsult: '三甲名医在线',
  outpatientGreen: '门诊绿通',
  inpatientGreen: '重疾绿通',
  escort: '就医陪诊',
};

const ORDERABLE: OrderBenefit[] = [
  'assessment',
  'checkupPlan',
  'reportReading',
  'familyDoctor',
  'quickConsult',
  'expertConsult',
  'outpatientGreen',
  'inpatientGreen',
  'escort',
];

export const INFOS: BenefitInfo[] = (Object.keys(NAMES) as BenefitKey[]).map((key) => ({
  key,
  name: NAMES[key],
  subtitle: null,
  description: `${NAMES[key]}。`,
  notes: [],
  quota: {},
  shared: ORDERABLE.includes(key as OrderBenefit) && key !== 'escort' && key !== 'familyDoctor',
  holderOnly: key === 'escort',
  waitingPeriod: ORDERABLE.includes(key as OrderBenefit),
  orderable: ORDERABLE.includes(key as OrderBenefit),
  escortHours: key === 'escort' ? { pro: 5, premium: 6 } : null,
  steps: [],
}));

export const FORMS: BenefitFormData = {
  outpatientGreen: {
    excludedDepartments: ['产科', '口腔美容保健', '美容整形', '辅助检查科室', '保健科', '康复科', '体检'],
    window: { from: 3, to: 5 },
  },
  inpatientGreen: { criticalIllnesses: ['恶性肿瘤——重度', '较重急性心肌梗死', '严重脑中风后遗症'] },
  escort: {
    exclusions: [
      '产检',
      '分娩',
      '急诊',
      '口腔美容保健',
      '生殖科',
      '手术（含门诊手术）',
      '门诊输液',
      '住院前检查',
      '办理住院手续',
      '院中陪护',
    ],
    conditions: [
      { key: 'inpatient', label: '住院患者', effect: 'notEligible' },
      {
        key: 'severe',
        label: '重症或急救患者',
        effect: 'notEligible',
        advice: '如情况紧急，请立即拨打 120 或前往急诊',
      },
      {
        key: 'needsSignature',
        label: '当天有需家属签字的检查（如全麻检查、增强核磁等需注射造影剂的检查）',
        effect: 'needsRelative',
      },
    ],
    relativeAge: { atLeast: 70, under: 14 },
  },
};

export const HOSPITALS: Hospital[] = [
  {
    id: 'h-zsyy',
    name: '复旦大学附属中山医院',
    city: '上海',
    level: '三级甲等',
    address: '上海市徐汇区枫林路180号',
    public: true,
    departments: ['心血管内科', '妇产科', '产科', '康复科', '体检中心', '超声医学科', '消化内科'],
    // R4.1 as content.hospitals answers it (eligibility.ts outpatientExclusionOf)
    excludedDepartments: [
      { name: '产科', reason: '产科' },
      { name: '康复科', reason: '康复科' },
      { name: '体检中心', reason: '体检' },
      { name: '超声医学科', reason: '辅助检查科室' },
    ],
  },
  {
    id: 'h-xhyy',
    name: '北京协和医院',
    city: '北京',
    level: '三级甲等',
    address: '北京市东城区帅府园1号',
    public: true,
    departments: ['内分泌科', '眼科'],
    excludedDepartments: [],
  },
];

/** A pool as card.mine shows it: `used` and `held` (none by default) come off `total`. */
export function benefit(
  key: OrderBenefit | BenefitKey,
  total: number | null,
  open = true,
  {
    used = 0,
    held = 0,
    shared = total !== null && key !== 'escort',
  }: { used?: number; held?: number; shared?: boolean } = {},
): CardBenefit {
  return {
    key,
    name: NAMES[key],
    total,
    used,
    held,
    remaining: total === null ? null : total - used - held,
    shared,
    holderOnly: key === 'escort',
    open,
  };
}

export function card(overrides: Partial<Card> = {}): Card {
  return {
    cardId: 'c-1',
    cardNo: '8860202600011234',
    edition: 'premium',
    role: 'holder',
    status: 'active',
    activationDeadline: '2026-04-05T23:59:59+08:00',
    activatedAt: '2026-03-10T10:00:00+08:00',
    waitingUntil: '2026-03-20T00:00:00+08:00',
    expiresAt: '2027-03-10T00:00:00+08:00',
    familySlots: 0,
    members: [
      { memberId: 'm-holder', role: 'holder', name: '张*丰', self: true },
      { memberId: 'm-li', role: 'member', name: '李*水', self: false },
    ],
    benefits: [
      benefit('butler', null),
      benefit('assessment', 4),
      benefit('checkupPlan', 4),
      benefit('reportReading', 4),
      benefit('familyDoctor', null),
      benefit('quickConsult', 48),
      benefit('expertConsult', 12),
      benefit('outpatientGreen', 8),
      benefit('inpatientGreen', 4),
      benefit('escort', 1),
    ],
    ...overrides,
  };
}

/** 张*三's premium card with 李* on it (the home and benefit pages' tests): `card({ ...ZHANG_SAN, … })`. */
export const ZHANG_SAN = {
  cardId: 'c-premium',
  cardNo: '8800202600011234',
  members: [
    { memberId: 'm-1', role: 'holder', name: '张*三', self: true },
    { memberId: 'm-2', role: 'member', name: '李*', self: false },
  ],
} satisfies Partial<Card>;

export const SAMPLE_FORMS: { [B in OrderBenefit]: OrderForms[B] } = {
  outpatientGreen: {
    hospital: '复旦大学附属中山医院',
    department: '心血管内科',
    wantedDate: '2026-06-05',
    note: '复查血压',
  },
  inpatientGreen: {
    hospital: '复旦大学附属中山医院',
    wantedDate: '2026-06-10',
    disease: '恶性肿瘤——重度',
    records: ['cloud://env.b/records/a.jpg', 'cloud://env.b/records/b.pdf'],
    admissionSlip: 'cloud://env.b/records/slip.jpg',
  },
  escort: {
    hospital: '复旦大学附属中山医院',
    department: '消化内科',
    visitAt: '2026-06-05T09:00:00+08:00',
    purpose: '门诊复诊',
    registered: true,
    withRelative: false,
    conditions: ['needsSignature'],
  },
  quickConsult: { description: '头痛三天', mode: 'text' },
  expertConsult: { expertId: 'e-001', description: '血压控制不理想', mode: 'phone' },
  assessment: { questionnaire: { heightCm: 170, smoking: '从不吸烟', conditions: ['高血压'], sleepHours: 7 } },
  checkupPlan: { questionnaire: { lastCheckup: '1–3 年', pastIllness: '胆结石' } },
  reportReading: { files: ['cloud://env.b/reports/2026.pdf'] },
  familyDoctor: { question: '孩子发烧要不要去医院' },
};

export interface OrderOptions {
  orderId?: string;
  status?: OrderStatus;
  quota?: QuotaState;
  awaiting?: StaffStep | null;
  dueAt?: string | null;
  extra?: Partial<Order>;
}

/** An order of `benefit` in the given state; the timeline follows the status. */
export function order(benefit: OrderBenefit, options: OrderOptions = {}): Order {
  const status = options.status ?? 'submitted';
  const timeline: TimelineEntry[] = [{ status: 'submitted', at: '2026-06-01T10:00:00+08:00', by: 'member' }];
  if (status !== 'submitted') timeline.push({ status, at: '2026-06-01T15:30:00+08:00', by: 'staff' });
  return {
    orderId: options.orderId ?? `o-${benefit}-${status}`,
    cardId: 'c-1',
    benefit,
    personId: 'm-holder',
    personName: '张*丰',
    placedBy: 'member',
    status,
    quota: options.quota ?? 'held',
    dueAt: options.dueAt === undefined ? '2026-06-02T21:00:00+08:00' : options.dueAt,
    awaiting: options.awaiting === undefined ? 'accept' : options.awaiting,
    timeline,
    form: SAMPLE_FORMS[benefit],
    createdAt: '2026-06-01T10:00:00+08:00',
    ...options.extra,
  };
}

export const BOOKING = {
  visitDate: '2026-06-05',
  period: '上午',
  hospital: '复旦大学附属中山医院',
  address: '上海市徐汇区枫林路180号',
};

export type Handler = (data: CallData) => Envelope<unknown> | Promise<Envelope<unknown>>;

/**
 * A transport answering `function.action` from `handlers` (content.benefits and card.mine have
 * defaults); anything else is refused, so an unexpected call shows up in the test.
 */
/** The member's own upload folder, as `card.mine` answers it (issue 10: uploads go under it). */
export const MEMBER_DIR = 'u/member-folder';

export function world(handlers: Record<string, Handler> = {}): FakeTransport {
  const defaults: Record<string, Handler> = {
    'content.benefits': () => ok({ benefits: INFOS, forms: FORMS }),
    'card.mine': () => ok({ cards: [card()], uploadDir: MEMBER_DIR }),
    'content.hospitals': () => ok({ hospitals: HOSPITALS, cities: ['上海', '北京'] }),
  };
  return fakeTransport((name: FunctionName, data: CallData) => {
    const key = `${name}.${data.action}`;
    const handler = handlers[key] ?? defaults[key];
    return handler ? handler(data) : refused('INVALID_ARGUMENT', `unexpected call ${key}`);
  });
}

/** The calls of one `function.action`, with their data. */
export function callsOf(transport: FakeTransport, key: string): CallData[] {
  return transport.calls.filter(([name, data]) => `${name}.${data.action}` === key).map(([, data]) => data);
}

/** The visible text inside what `selector` finds, pieces joined by one space (as textOf does). */
export function textIn(page: SimulatedPage, selector: string): string {
  const root = page.querySelector(selector)?.dom;
  if (!root) return '';
  const pieces: string[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const text = node.textContent?.trim();
    if (text) pieces.push(text);
  }
  return pieces.join(' ').replace(/\s+/g, ' ');
}

/** The class attribute of what `selector` finds ('' when nothing): classes carry a `main--` prefix. */
export function classOf(page: SimulatedPage, selector: string): string {
  return page.querySelector(selector)?.dom?.className ?? '';
}
