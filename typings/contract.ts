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
  benefits: CardBenefit[];
}

export type OrderStatus =
  | 'submitted'
  | 'accepted'
  | 'booked'
  | 'in_service'
  | 'completed'
  | 'no_show'
  | 'cancelled'
  | 'failed';

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
}

/** An order as staff see it in their queue. */
export interface QueuedOrder extends Order {
  overdue: boolean;
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

export type LedgerChange = 'hold' | 'use' | 'release' | 'rehold';

export interface LedgerRow {
  benefit: BenefitKey;
  change: LedgerChange;
  orderId: string;
  /** served person, masked */
  person: string;
  by: Actor;
  at: Instant;
}

export interface PoolMismatch {
  cardId: string;
  benefit: BenefitKey;
  differences: { field: 'total' | 'used' | 'held' | 'remaining'; stored: number; fromLedger: number }[];
}

export type StaffStep = 'accept' | 'book' | 'providerStop' | 'fail' | 'noShow' | 'complete' | 'followUp';

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
  };
  card: {
    activate: {
      req: { cardNo: string; code: string; name: string; idNumber: string; phone: string };
      res: { card: Card };
    };
    mine: { req: Record<string, never>; res: { cards: Card[] } };
    createInvite: { req: { cardId: string }; res: { token: string; expiresAt: Instant } };
    acceptInvite: {
      req: { token: string; name: string; idNumber: string; phone: string };
      res: { card: Card };
    };
    removeMember: { req: { cardId: string; memberId: string }; res: { card: Card } };
    ledger: {
      req: { cardId: string; cursor?: string; limit?: number };
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
  };
  staff: {
    queue: { req: { role?: StaffRole }; res: { orders: QueuedOrder[] } };
    act: { req: StaffActReq; res: { order: Order } };
    /** R1.5 the butler orders on a member's behalf (premium only) */
    placeOrder: { req: CreateOrderReq & { personId: string }; res: { order: Order } };
  };
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
