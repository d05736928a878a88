/**
 * The API contract (../shared/api-contract.md) as types, written once. The mini-program's service
 * layer and the cloud functions both import these, so a renamed field breaks the build on both
 * sides. Only `import type` from here: nothing in this folder exists at run time.
 */

export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'ACTIVATION_WINDOW_CLOSED'
  | 'ALREADY_ACTIVATED'
  | 'WAITING_PERIOD'
  | 'CARD_EXPIRED'
  | 'BENEFIT_NOT_INCLUDED'
  | 'HOLDER_ONLY'
  | 'QUOTA_EXHAUSTED'
  | 'FAMILY_FULL'
  | 'INVITE_INVALID'
  | 'NOT_ELIGIBLE'
  | 'INVALID_STATE'
  | 'RATE_LIMITED'
  | 'INTERNAL';

export interface ApiError {
  code: ErrorCode;
  /** Chinese, written for the member; safe to show as it is. */
  message: string;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/** ISO 8601 instant with +08:00, e.g. 2026-03-10T10:00:00+08:00 */
export type Instant = string;
/** A calendar day in Asia/Shanghai, YYYY-MM-DD */
export type Day = string;

export type Edition = 'pro' | 'premium';

export type BenefitKey =
  | 'butler'
  | 'healthRecord'
  | 'assessment'
  | 'checkupPlan'
  | 'reportReading'
  | 'knowledge'
  | 'familyDoctor'
  | 'quickConsult'
  | 'expertConsult'
  | 'outpatientGreen'
  | 'inpatientGreen'
  | 'escort';

export type StaffRole = 'butler' | 'manager' | 'doctor' | 'agent' | 'escortManager' | 'admin';

export type CardStatus = 'inactive' | 'waiting' | 'active' | 'expired';
export type MemberRole = 'holder' | 'member';

export interface CardMember {
  memberId: string;
  role: MemberRole;
  /** masked: 张*三 */
  name: string;
  self: boolean;
}

export interface CardBenefit {
  key: BenefitKey;
  name: string;
  /** null: unlimited */
  total: number | null;
  used: number;
  held: number;
  /** null: unlimited */
  remaining: number | null;
  shared: boolean;
  holderOnly: boolean;
  /** whether the caller may place an order for it now */
  open: boolean;
}

export interface Card {
  cardId: string;
  cardNo: string;
  edition: Edition;
  role: MemberRole;
  status: CardStatus;
  activationDeadline: Instant;
  activatedAt: Instant | null;
  waitingUntil: Instant | null;
  expiresAt: Instant | null;
  members: CardMember[];
  /** how many more family members may join now (R2.6; 0 on pro) */
  familySlots: number;
  benefits: CardBenefit[];
}

export type OrderStatus =
  'submitted' | 'accepted' | 'booked' | 'in_service' | 'completed' | 'no_show' | 'cancelled' | 'failed';

export type QuotaState = 'held' | 'used' | 'released' | 'none';
export type Actor = 'member' | 'staff' | 'system';

export interface TimelineEntry {
  status: OrderStatus;
  at: Instant;
  by: Actor;
  note?: string;
}

/** A file in cloud storage: cloud://… */
export type FileId = string;

export interface OrderForms {
  outpatientGreen: { hospital: string; department: string; wantedDate: Day; note?: string };
  inpatientGreen: {
    hospital: string;
    wantedDate: Day;
    disease: string;
    records: FileId[];
    admissionSlip: FileId;
  };
  escort: {
    hospital: string;
    department: string;
    visitAt: Instant;
    purpose: string;
    registered: boolean;
    withRelative: boolean;
    conditions?: string[];
  };
  quickConsult: { description: string; mode: 'text' | 'phone' | 'video' };
  expertConsult: { expertId: string; description: string; mode: 'text' | 'phone' };
  assessment: { questionnaire: Record<string, unknown> };
  checkupPlan: { questionnaire: Record<string, unknown> };
  reportReading: { files: FileId[] };
  familyDoctor: { question: string; doctorId?: string };
}

export type OrderBenefit = keyof OrderForms;

export interface Booking {
  visitDate: Day;
  period: string;
  hospital: string;
  address: string;
}

export interface OrderResult {
  text?: string;
  files?: FileId[];
}

export interface Order<B extends OrderBenefit = OrderBenefit> {
  orderId: string;
  cardId: string;
  benefit: B;
  personId: string;
  placedBy: 'member' | 'staff';
  status: OrderStatus;
  quota: QuotaState;
  dueAt: Instant | null;
  timeline: TimelineEntry[];
  form: OrderForms[B];
  result?: OrderResult;
  /** the staff step now awaited (drives dueAt), null when nothing is awaited */
  awaiting: StaffStep | null;
  /** served person, masked */
  personName: string;
  booking?: Booking;
  rating?: { stars: number; comment?: string; at: Instant };
  followUp?: { stars: number; comment?: string; at: Instant };
  createdAt: Instant;
  /** set once the order's files were deleted (retention or erasure): 文件已按保存期限删除 */
  filesNote?: string;
}

/** An order as staff see it in their queue. */
export interface QueuedOrder extends Order {
  overdue: boolean;
}

/** An order as the workbench lists it: the queued order with its words from the catalog. */
export interface WorkbenchOrder extends QueuedOrder {
  /** the handbook's name of the benefit (R1 table) */
  benefitName: string;
  /** the catalog's label of the awaited step (e.g. 电话确认预约信息); null when nothing is awaited */
  awaitingLabel: string | null;
}

/** A file that came with an order: what the member sent (form) or what staff issued (result). */
export interface OrderFile {
  fileId: FileId;
  /** e.g. 病历资料, 住院证, 体检报告, 服务结果 */
  label: string;
}

/** `staff.fileUrls`: a file with a temporary download URL; `url` null when none could be made. */
export interface OrderFileLink extends OrderFile {
  url: string | null;
}

/** `staff.get`: one order as staff see it, with the steps the caller may take now. */
export interface StaffOrder extends WorkbenchOrder {
  edition: Edition;
  /** the steps the caller may take now (the flow's allowed steps that the caller's roles serve) */
  allowedSteps: StaffStep[];
  /** for each step in `allowedSteps`: its label and what it does (shown before confirming) */
  stepTexts: Partial<Record<StaffStep, { label: string; hint: string }>>;
  /** the served person's mobile number, masked (138****8000) */
  personPhone: string;
  /** whether the caller may phone the served person (`staff.callMember`) */
  canCall: boolean;
  files: OrderFile[];
}

/** A staff member as admins manage them. */
export interface StaffMember {
  openid: string;
  name: string;
  roles: StaffRole[];
  updatedAt: Instant;
}

export type NoticeChannel = 'sms' | 'subscribe';
export type NoticeStatus = 'pending' | 'sent' | 'failed' | 'skipped';

export interface Notice {
  noticeId: string;
  channel: NoticeChannel;
  /** openid or phone */
  to: string;
  template: string;
  text?: string;
  data?: Record<string, string>;
  dedupeKey: string;
  status: NoticeStatus;
  attempts: number;
  lastError?: string;
  createdAt: Instant;
}

/** R5.2 / R5.4 the subscription messages, by our name (ids and fields are ops settings). */
export type SubscribeTemplateName =
  | 'orderAccepted'
  | 'orderBooked'
  | 'doctorTaken'
  | 'reportReady'
  | 'escortReminder'
  | 'visitReminder'
  | 'waitingOver'
  | 'cardExpiring'
  | 'consultEnding'
  | 'slaWarning'
  | 'healthTips'
  | 'knowledge';

/** What wx.requestSubscribeMessage answered for one template id. */
export type SubscribeAnswer = 'accept' | 'reject' | 'ban' | 'filter';

/** A template the mini-program may ask consent for (wx.requestSubscribeMessage, ≤ 3 a tap). */
export interface SubscribeTemplateInfo {
  name: SubscribeTemplateName;
  /** the id to pass to wx.requestSubscribeMessage; '' while ops have not configured it */
  templateId: string;
  /** the template's title, e.g. 预约成功通知 */
  title: string;
  audience: 'member' | 'staff';
}

/** A notice as ops see it (`admin.outbox`): phone numbers masked (138****0000). */
export interface OpsNotice extends Notice {
  /** pending: when the sender tries next */
  nextAttemptAt: Instant | null;
  sentAt: Instant | null;
}

/** What one run of the notice sender did. */
export interface SenderReport {
  sent: number;
  /** failed this time, to be tried again later */
  retrying: number;
  /** failed for good (permanent error, attempts used up, or a sender that died mid-send) */
  failed: number;
  /** no consent */
  skipped: number;
}

/** What one run of the reminders function did (`trigger`: reminders, tips or knowledge). */
export interface ReminderReport {
  trigger: string;
  /** reminders or subscribers looked at */
  processed: number;
  /** notices written */
  notices: number;
  /** reminders that no longer applied (card activated, order moved on) */
  cancelled: number;
  /** consult sessions warned (3 minutes left) and closed (time over) by this sweep */
  sessionsWarned?: number;
  sessionsClosed?: number;
  /** orders settled (ledger row and first reminders written) and orphan holds given back */
  ordersSettled?: number;
  holdsReleased?: number;
}

export type LedgerChange = 'hold' | 'use' | 'release' | 'rehold';

export interface LedgerRow {
  /** stable id of the row (lists key on it) */
  rowId: string;
  benefit: BenefitKey;
  change: LedgerChange;
  orderId: string;
  /** served person, masked */
  person: string;
  /** the served person's memberId, and whether that is the caller */
  personId: string;
  self: boolean;
  by: Actor;
  at: Instant;
}

export interface PoolMismatch {
  cardId: string;
  benefit: BenefitKey;
  differences: { field: 'total' | 'used' | 'held' | 'remaining'; stored: number; fromLedger: number }[];
}

export type StaffStep = 'accept' | 'book' | 'providerStop' | 'fail' | 'noShow' | 'complete' | 'followUp';

export type DayKind = 'workday' | 'holiday';

/** Ops' working-day overrides; an override wins over the official calendar. */
export interface HolidayTable {
  days: Record<Day, DayKind>;
  /** the years chinese-days' official data covers; beyond `last` only overrides know holidays */
  officialYears: { first: number; last: number };
}

/** What admins manage in the directory, by kind. */
export interface DirectoryData {
  hospital: { city: string; level: string; address: string; public: boolean; departments: string[] };
  expert: { title: string; hospital: string; department: string; specialty: string };
  familyDoctor: { title: string; hospital: string; specialty: string };
  /** `term`: the solar term (节气) it belongs to, '' for none; `publishedAt` defaults to the day it is first saved */
  article: { category: string; term: string; summary: string; body: string; publishedAt?: Day };
}

export type DirectoryKind = keyof DirectoryData;

export type DirectoryEntry = {
  [K in DirectoryKind]: { id: string; kind: K; name: string; data: DirectoryData[K]; active: boolean };
}[DirectoryKind];

/** Without `id` a new entry is made; with one, that entry is created or replaced (its kind stays). */
export type DirectoryEntryInput = {
  [K in DirectoryKind]: { id?: string; kind: K; name: string; data: DirectoryData[K]; active: boolean };
}[DirectoryKind];

export interface Hospital {
  id: string;
  name: string;
  city: string;
  /** 医院等级, e.g. 三级甲等 */
  level: string;
  address: string;
  public: boolean;
  departments: string[];
  /**
   * R4.1 the departments 门诊绿通 does not serve, each with the handbook's exclusion it falls under
   * (e.g. 体检中心 → 体检); the order form disables them. Answered by `content.hospitals`.
   */
  excludedDepartments: { name: string; reason: string }[];
}

export interface Expert {
  id: string;
  name: string;
  title: string;
  hospital: string;
  department: string;
  specialty: string;
}

export interface FamilyDoctor {
  id: string;
  name: string;
  title: string;
  hospital: string;
  specialty: string;
}

export interface ArticleSummary {
  id: string;
  title: string;
  category: string;
  /** solar term (节气), '' for none */
  term: string;
  summary: string;
  publishedAt: Day;
}

export interface Article extends ArticleSummary {
  body: string;
}

/** A benefit as its detail page shows it (R1.6: read from the catalog). */
export interface BenefitInfo {
  key: BenefitKey;
  name: string;
  subtitle: string | null;
  description: string;
  notes: string[];
  /** per edition: uses, null for unlimited; an edition without the benefit is absent */
  quota: Partial<Record<Edition, number | null>>;
  shared: boolean;
  holderOnly: boolean;
  waitingPeriod: boolean;
  orderable: boolean;
  /** R1.4 the longest escort visit per edition, in hours; null for other benefits */
  escortHours: Partial<Record<Edition, number>> | null;
  /** the staff steps an order goes through, in order; empty when it takes no orders */
  steps: { step: StaffStep; label: string }[];
}

/** What order forms show before the member submits (R4.1-R4.4). */
export interface BenefitFormData {
  outpatientGreen: {
    /** R4.1 department exclusions, as the handbook names them */
    excludedDepartments: string[];
    /** R4.2 the wanted date lies from the from-th to the to-th working day after the request */
    window: { from: number; to: number };
  };
  inpatientGreen: {
    /** R4.3 the 28 severe critical illnesses served, for the picker */
    criticalIllnesses: string[];
  };
  escort: {
    /** R4.4 services escort does not include */
    exclusions: string[];
    /** R4.4 the tick boxes of the form (`conditions`) */
    conditions: { key: string; label: string; effect: 'notEligible' | 'needsRelative'; advice?: string }[];
    /** R4.4 ages from which (`atLeast`) and below which (`under`) a relative must come along */
    relativeAge: { atLeast: number; under: number };
  };
}

export interface HealthProfile {
  heightCm?: number;
  weightKg?: number;
  allergies: string[];
  chronicConditions: string[];
  medications: string[];
  /** null until first saved */
  updatedAt: Instant | null;
}

export interface HealthProfileInput {
  heightCm?: number | null;
  weightKg?: number | null;
  allergies?: string[];
  chronicConditions?: string[];
  medications?: string[];
}

export interface HealthReport {
  reportId: string;
  /** upload: the person's files (their own or an order's); staff: what staff issued */
  source: 'upload' | 'staff';
  title: string;
  /** when it was uploaded or issued */
  at: Instant;
  /** the day the report itself carries (e.g. the checkup's), when the uploader gave one */
  day?: Day;
  text?: string;
  files: FileId[];
  /** reports that came with an order */
  orderId?: string;
  benefit?: BenefitKey;
  /** set once the files were deleted after the retention period (`files` is then empty) */
  filesNote?: string;
}

export interface HealthRecord {
  memberId: string;
  /** masked */
  name: string;
  role: MemberRole;
  /**
   * null until the person (or the holder for them) agreed to 《健康信息处理授权》, and again once it
   * was withdrawn (`record.withdrawConsent`). `by`: who gave it — only the person may withdraw
   * what they gave themself; the holder may withdraw what the holder gave.
   */
  consent: { version: string; at: Instant; by: 'self' | 'holder' } | null;
  /** set while the consent stands withdrawn: when it was withdrawn (what was kept is gone) */
  withdrawnAt?: Instant;
  profile: HealthProfile;
  /** newest first */
  reports: HealthReport[];
}

/** One card the caller is or was on, with their own real-name data in full (privacy.export). */
export interface PrivacyMembership {
  memberId: string;
  cardId: string;
  cardNo: string;
  edition: Edition;
  role: MemberRole;
  name: string;
  idNumber: string;
  phone: string;
  joinedAt: Instant;
  /** when they left the card (removed, or erased), null while on it */
  removedAt: Instant | null;
}

/** A person's 健康档案 in full (privacy.export): consent, profile, their uploads. */
export interface PrivacyRecord {
  memberId: string;
  consent: { version: string; at: Instant; by: 'self' | 'holder' } | null;
  /** every time the consent was given or withdrawn, oldest first (the audit log's consent rows) */
  consentEvents: { event: 'given' | 'withdrawn'; by: 'self' | 'holder'; at: Instant }[];
  profile: HealthProfile;
  uploads: HealthReport[];
}

/** A conversation the caller took part in or that serves them (privacy.export). */
export interface PrivacyConversation {
  threadId: string;
  kind: 'butler' | 'order';
  memberId: string;
  orderId: string | null;
  /** oldest first */
  messages: Message[];
}

/**
 * `privacy.export` (PIPL art. 45): everything held about the caller, their own data in full —
 * an export is for the person themself. Others' data (a family member's name) stays masked.
 */
export interface PrivacyExport {
  exportedAt: Instant;
  /** the WeChat openid the data is kept under */
  openid: string;
  memberships: PrivacyMembership[];
  /** the orders `order.list` shows the caller, with forms, timelines, results and ratings */
  orders: Order[];
  records: PrivacyRecord[];
  conversations: PrivacyConversation[];
  /** 三甲家庭私人医生 signed for the caller */
  signings: { memberId: string; doctorId: string; signedAt: Instant }[];
  /** R5.2 one-time subscription consents: messages each template still allows */
  subscriptions: { template: string; count: number; last: string; updatedAt: Instant }[];
  /** R3.5 pool changes of orders that served the caller */
  ledger: {
    cardId: string;
    benefit: BenefitKey;
    change: LedgerChange;
    orderId: string;
    personId: string;
    by: Actor;
    at: Instant;
  }[];
  /** staff views of the caller's data (the audit log): what and when */
  staffViews: { kind: string; orderId: string | null; at: Instant }[];
  /** notices written to the caller (their openid or phone), as the outbox keeps them */
  notices: Notice[];
  /** family invites the caller created as a holder (the tokens themselves are never kept) */
  invites: { cardId: string; createdAt: Instant; expiresAt: Instant; usedAt: Instant | null }[];
  /** the caller's staff record, when they are staff */
  staff: { name: string; roles: StaffRole[] } | null;
}

/** `privacy.erase`: what was erased (counts only). */
export interface ErasureReport {
  erasedAt: Instant;
  memberships: number;
  orders: number;
  files: number;
}

/** `maintenance.tick` (timer trigger `retention`): the file retention sweep. */
export interface RetentionReport {
  days: number;
  /** closed orders and health records whose old files were queued for deletion */
  orders: number;
  records: number;
  /** consult and butler messages whose images were queued for deletion (the same period) */
  messages: number;
  /** R3.6 first answers older than 30 days removed (`requests`) */
  requests: number;
  files: { queued: number; deleted: number; failed: number };
}

/**
 * Every function and action: its request (without `action`) and its answer's `data`.
 * Later issues add actions here first; the router and the service layer both follow.
 */
export interface Api {
  admin: {
    issueCards: {
      req: { orderNo: string; orderDate: Day; edition: Edition; count?: number; phone?: string };
      res: { cards: { cardNo: string; code: string }[] };
    };
    setStaff: {
      req: { openid: string; name: string; roles: StaffRole[] };
      res: Record<string, never>;
    };
    /** R3.5 every pool (or one card's) recomputed from its ledger */
    reconcile: {
      req: { cardId?: string };
      res: { pools: number; mismatches: PoolMismatch[] };
    };
    /** R4 ops' working-day overrides (chinese-days' data ends in 2026); null removes a day */
    setHolidays: { req: { days: Record<Day, DayKind | null> }; res: HolidayTable };
    getHolidays: { req: Record<string, never>; res: HolidayTable };
    upsertDirectory: { req: { entry: DirectoryEntryInput }; res: { entry: DirectoryEntry } };
    listDirectory: {
      req: { kind: DirectoryKind; includeInactive?: boolean };
      res: { entries: DirectoryEntry[] };
    };
    /** R5.3 the outbox for ops: newest first, by status (pending includes notices being sent) */
    outbox: {
      req: { status?: NoticeStatus; cursor?: string; limit?: number };
      res: { notices: OpsNotice[]; nextCursor: string | null; counts: Record<NoticeStatus, number> };
    };
    /** R5.3 a failed or skipped notice sent again (after ops fixed a template id or setting) */
    retryNotice: { req: { noticeId: string }; res: { notice: OpsNotice } };
  };
  card: {
    activate: {
      req: { cardNo: string; code: string; name: string; idNumber: string; phone: string };
      res: { card: Card };
    };
    /**
     * `uploadDir` (issue 10): the caller's own upload folder; the app puts every file it uploads
     * below it, and the functions take only file ids under the caller's folder.
     */
    mine: { req: Record<string, never>; res: { cards: Card[]; uploadDir: string } };
    createInvite: { req: { cardId: string }; res: { token: string; expiresAt: Instant } };
    acceptInvite: {
      req: { token: string; name: string; idNumber: string; phone: string };
      res: { card: Card };
    };
    removeMember: { req: { cardId: string; memberId: string }; res: { card: Card } };
    ledger: {
      req: { cardId: string; benefit?: BenefitKey; cursor?: string; limit?: number };
      res: { rows: LedgerRow[]; nextCursor: string | null };
    };
  };
  order: {
    create: { req: CreateOrderReq; res: { order: Order } };
    get: { req: { orderId: string }; res: { order: Order } };
    list: {
      req: { cardId?: string; cursor?: string; limit?: number };
      res: { orders: Order[]; nextCursor: string | null };
    };
    cancel: { req: { orderId: string; reason?: string }; res: { order: Order } };
    rate: { req: { orderId: string; stars: number; comment?: string }; res: { order: Order } };
    /**
     * A consult's conversation (quickConsult, expertConsult, familyDoctor): for the served person,
     * the placer and the doctor who took the case. Without `cursor` the newest page; `nextCursor`
     * goes back to older messages. Each page is oldest first.
     */
    messages: {
      req: { orderId: string; cursor?: string; limit?: number };
      res: MessagePage & { session: SessionState };
    };
    /** Text and/or images while the session is open; the member side or the doctor who took it */
    send: {
      req: { orderId: string; text?: string; images?: FileId[] };
      res: { message: Message; session: SessionState };
    };
    /** The member ends the session early (可提前结束) → completed; the unit stays used */
    end: { req: { orderId: string }; res: { order: Order } };
    /** The doctor who took a phone / video consult logs a call and its length (a system message) */
    logCall: {
      req: { orderId: string; minutes: number; kind: CallKind };
      res: { message: Message; session: SessionState };
    };
    /** 三甲家庭私人医生: choose and sign a doctor of the list for a person (default: the caller) */
    signDoctor: {
      req: { cardId: string; doctorId: string; personId?: string };
      res: { doctor: FamilyDoctor; signedAt: Instant };
    };
    /** The person's signed family doctor, or null */
    myDoctor: {
      req: { cardId: string; personId?: string };
      res: { doctor: FamilyDoctor | null; signedAt: Instant | null };
    };
  };
  staff: {
    /** overdue first, then soonest `dueAt`, then no deadline; paged when `limit` or `cursor` is given */
    queue: {
      req: { role?: StaffRole; cursor?: string; limit?: number };
      res: { orders: WorkbenchOrder[]; nextCursor: string | null };
    };
    act: { req: StaffActReq; res: { order: Order } };
    /** R1.5 the butler orders on a member's behalf (premium only) */
    placeOrder: { req: CreateOrderReq & { personId: string }; res: { order: Order } };
    /**
     * Who the caller is as staff; any caller may ask: `{ name: '', roles: [] }` when not staff.
     * `uploadDir`: the caller's own upload folder (as `card.mine` answers it), for the workbench.
     */
    me: { req: Record<string, never>; res: { name: string; roles: StaffRole[]; uploadDir: string } };
    /** One order for the workbench: staff whose roles serve its benefit, its placer, admins */
    get: { req: { orderId: string }; res: { order: StaffOrder } };
    /** The served person's number for wx.makePhoneCall; each call is written to the `audit` log */
    callMember: { req: { orderId: string }; res: { phone: string } };
    /** Temporary download URLs of the order's files; `note` says why they are not real links */
    fileUrls: { req: { orderId: string }; res: { files: OrderFileLink[]; note: string | null } };
    /** Every staff member and their roles (admins only) */
    roster: { req: Record<string, never>; res: { staff: StaffMember[] } };
  };
  /** Read-only pages of the member app: benefit details, directories, articles, date pickers. */
  content: {
    benefits: { req: Record<string, never>; res: { benefits: BenefitInfo[]; forms: BenefitFormData } };
    hospitals: { req: { city?: string }; res: { hospitals: Hospital[]; cities: string[] } };
    experts: { req: { department?: string }; res: { experts: Expert[] } };
    familyDoctors: { req: Record<string, never>; res: { doctors: FamilyDoctor[] } };
    articles: {
      req: { category?: string; term?: string; cursor?: string; limit?: number };
      res: { articles: ArticleSummary[]; categories: string[]; nextCursor: string | null };
    };
    article: { req: { articleId: string }; res: { article: Article } };
    /** R4.2 the wanted dates a 门诊绿通 request placed now may choose */
    outpatientDates: { req: Record<string, never>; res: { dates: Day[] } };
    /** R4.4 the first visit day an escort request placed now may choose */
    escortEarliestDay: { req: Record<string, never>; res: { day: Day } };
  };
  /**
   * 健康管家: each person on a card has one standing thread with the butlers (their own, not the
   * family's). Members: `messages`, `send`; staff with the butler role: `threads`, `thread`, `reply`.
   */
  butler: {
    messages: {
      req: { cardId: string; cursor?: string; limit?: number };
      res: MessagePage & { threadId: string };
    };
    send: { req: { cardId: string; text?: string; images?: FileId[] }; res: { message: Message } };
    /** newest message first; `cursor` is an offset */
    threads: {
      req: { cursor?: string; limit?: number };
      res: { threads: ButlerThread[]; nextCursor: string | null };
    };
    /** one thread's messages (as `messages`); reading the newest page marks it read */
    thread: {
      req: { threadId: string; cursor?: string; limit?: number };
      res: MessagePage & { thread: ButlerThread };
    };
    reply: { req: { threadId: string; text?: string; images?: FileId[] }; res: { message: Message } };
  };
  /** 健康档案 of one person on a card: that person and the card's holder only. */
  record: {
    get: { req: { memberId: string }; res: { record: HealthRecord } };
    /** given fields replace; null clears a number */
    update: { req: { memberId: string; profile: HealthProfileInput }; res: { record: HealthRecord } };
    /** 《健康信息处理授权》: required before any health data is stored */
    consent: { req: { memberId: string; version: string }; res: { record: HealthRecord } };
    addReport: {
      req: { memberId: string; title: string; day?: Day; files: FileId[] };
      res: { record: HealthRecord };
    };
    removeReport: { req: { memberId: string; reportId: string }; res: { record: HealthRecord } };
    /**
     * PIPL art. 15: 《健康信息处理授权》 withdrawn. The profile and the person's own uploads are
     * deleted (art. 47), nothing more is stored until consent is given again; the person may
     * always withdraw, the holder only a consent the holder gave. Nothing to withdraw: the record
     * as it is.
     */
    withdrawConsent: { req: { memberId: string }; res: { record: HealthRecord } };
  };
  /** R5.2 subscription consent: what the member accepted in wx.requestSubscribeMessage. */
  notify: {
    /** the answers of one request (≤ 3 templates); each accept allows one message */
    subscribe: {
      req: { results: Partial<Record<SubscribeTemplateName, SubscribeAnswer>> };
      res: { consents: Partial<Record<SubscribeTemplateName, number>> };
    };
    /** the templates the caller may be asked for, and the messages each still allows */
    settings: {
      req: Record<string, never>;
      res: { templates: SubscribeTemplateInfo[]; consents: Partial<Record<SubscribeTemplateName, number>> };
    };
  };
  /** R5.3 the notice sender (timer trigger `sender`; locally POST /_dev/run/sender). */
  sender: {
    tick: { req: { trigger?: string }; res: SenderReport };
  };
  /** R5.2 / R5.4 reminders and pushes (timer triggers `reminders`, `tips`, `knowledge`). */
  reminders: {
    tick: { req: { trigger?: string }; res: ReminderReport };
  };
  /** PIPL (issue 10): a person's own data — export everything, or erase it. */
  privacy: {
    export: { req: Record<string, never>; res: { data: PrivacyExport } };
    /** personal fields removed, ledger counts kept; refused (INVALID_STATE) while an order is open */
    erase: { req: { confirm: '确认删除' }; res: ErasureReport };
  };
  /** File retention (issue 10): the timer trigger `retention`, and the period ops set (admins). */
  maintenance: {
    tick: { req: { trigger?: string }; res: RetentionReport };
    retention: { req: Record<string, never>; res: { days: number; configured: boolean } };
    setRetention: { req: { days: number }; res: { days: number; configured: boolean } };
  };
}

export type MessageFrom = 'member' | 'doctor' | 'butler' | 'system';
export type CallKind = 'phone' | 'video';
export type ConsultMode = 'text' | 'phone' | 'video';

/** One message of a consult or butler conversation. */
export interface Message {
  messageId: string;
  from: MessageFrom;
  /** the staff sender's name (doctor, butler) */
  name?: string;
  text?: string;
  images?: FileId[];
  /** set once the images were deleted after the retention period (`images` is then absent) */
  imagesNote?: string;
  /** a call the doctor logged (from 'system') */
  call?: { kind: CallKind; minutes: number };
  at: Instant;
}

/** A page of messages, oldest first; `nextCursor` fetches the page before it, null at the start. */
export interface MessagePage {
  messages: Message[];
  nextCursor: string | null;
}

/** A consult's session (R4): opened by the doctor's take-over, ends by itself, by the member or the doctor. */
export interface SessionState {
  /** whether messages may be sent now */
  open: boolean;
  /** while in service: when it ends by itself; once over: when it ended; null before take-over */
  endsAt: Instant | null;
  mode: ConsultMode;
  /** R4 open with 3 minutes or less left */
  warning: boolean;
  /** the doctor who took the case, null before */
  doctorName: string | null;
  /** the caller's side of the conversation */
  as: 'member' | 'doctor';
}

/** A person's standing conversation with the butlers, as staff list it. */
export interface ButlerThread {
  threadId: string;
  cardId: string;
  edition: Edition;
  /** R1.5: the butler may place orders on this member's behalf */
  mayOrder: boolean;
  memberId: string;
  /** masked */
  personName: string;
  lastAt: Instant | null;
  lastFrom: MessageFrom | null;
  /** the last message, shortened ([图片] for images only) */
  preview: string;
  /** the member's messages since a butler last read the thread */
  unread: number;
}

/** `order.create`'s request: the form's shape follows the benefit. */
export type CreateOrderReq = {
  [B in OrderBenefit]: { cardId: string; benefit: B; requestId: string; personId?: string; form: OrderForms[B] };
}[OrderBenefit];

export type StaffActReq =
  | { orderId: string; step: 'accept'; note?: string }
  | ({ orderId: string; step: 'book' } & Booking)
  | { orderId: string; step: 'providerStop'; reason: string }
  | { orderId: string; step: 'fail'; reason: string }
  | { orderId: string; step: 'noShow'; note?: string }
  | { orderId: string; step: 'complete'; result?: OrderResult }
  | { orderId: string; step: 'followUp'; stars: number; comment?: string };

export type FunctionName = keyof Api;
export type ActionName<F extends FunctionName> = keyof Api[F] & string;
export type Req<F extends FunctionName, A extends ActionName<F>> = Api[F][A] extends { req: infer R } ? R : never;
export type Res<F extends FunctionName, A extends ActionName<F>> = Api[F][A] extends { res: infer R } ? R : never;
