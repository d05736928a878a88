/**
 * Every collection, its document shape and its indexes. The SQLite adapter creates the indexes
 * from `INDEXES`; docs/deploy.md lists the same ones for CloudBase.
 *
 * Stored documents are internal: answers are built from them by the app layer, which masks and
 * drops what callers must not see. Instants are ISO strings with +08:00 so that string order is
 * time order; days are YYYY-MM-DD.
 */
import type {
  Actor,
  BenefitKey,
  Day,
  Edition,
  Instant,
  LedgerChange,
  MemberRole,
  NoticeChannel,
  NoticeStatus,
  Booking,
  OrderResult,
  OrderStatus,
  QuotaState,
  StaffRole,
  StaffStep,
  TimelineEntry,
} from '../../typings/contract';

export interface CardDoc {
  _id: string;
  cardNo: string;
  /** HMAC of the activation code; the code itself is never stored */
  codeHash: string;
  edition: Edition;
  orderNo: string;
  orderDate: Day;
  activationDeadline: Instant;
  /** phone given by the platform at issue, encrypted; for the activation-deadline reminder */
  issuePhoneEnc: string | null;
  activatedAt: Instant | null;
  holderOpenid: string | null;
  holderMemberId: string | null;
  /** family members now on the card, holder excluded (R2.6: at most 3) */
  familyCount: number;
  createdAt: Instant;
}

/** Card number → card id: the document that makes card numbers unique. */
export interface CardNumberDoc {
  _id: string;
  cardId: string;
}

export interface MemberDoc {
  _id: string;
  cardId: string;
  openid: string;
  role: MemberRole;
  nameEnc: string;
  /** 张*三, precomputed so lists never decrypt */
  nameMasked: string;
  idHash: string;
  idEnc: string;
  phoneEnc: string;
  joinedAt: Instant;
  /** null while on the card */
  removedAt: Instant | null;
}

/** One person (ID number hash) → the card they are on: R2.6 one person, one active card. */
export interface PersonDoc {
  _id: string;
  cardId: string;
  memberId: string;
}

export interface PoolDoc {
  _id: string;
  cardId: string;
  benefit: BenefitKey;
  total: number;
  used: number;
  held: number;
  /** total - used - held, kept as a field so a hold is one conditional update (R3.2) */
  remaining: number;
}

export interface LedgerDoc {
  _id: string;
  cardId: string;
  benefit: BenefitKey;
  change: LedgerChange;
  orderId: string;
  personId: string;
  by: Actor;
  byOpenid: string | null;
  at: Instant;
}

export interface InviteDoc {
  /** hash of the token: a leaked database does not hand out invites */
  _id: string;
  cardId: string;
  createdBy: string;
  createdAt: Instant;
  expiresAt: Instant;
  usedAt: Instant | null;
}

/** The first answer to a client request id (R3.6). */
export interface RequestDoc {
  _id: string;
  answer: unknown;
  at: Instant;
}

export interface StaffDoc {
  _id: string;
  name: string;
  roles: StaffRole[];
  updatedAt: Instant;
}

/** Cards issued for one platform order: issueCards is idempotent by orderNo. */
export interface IssuanceDoc {
  _id: string;
  orderDate: Day;
  edition: Edition;
  cardNos: string[];
  createdAt: Instant;
}

export interface OutboxDoc {
  /** derived from channel + dedupeKey, so a notice is written at most once */
  _id: string;
  channel: NoticeChannel;
  to: string;
  template: string;
  text?: string;
  data?: Record<string, string>;
  dedupeKey: string;
  status: NoticeStatus;
  attempts: number;
  lastError?: string;
  createdAt: Instant;
  /** when the sender may try next */
  nextAttemptAt: Instant;
}

export interface RateDoc {
  _id: string;
  count: number;
  windowEnds: Instant;
}

/** Directory entries that admins manage (hospitals, departments, experts, doctors, articles). */
export interface DirectoryDoc {
  _id: string;
  kind: 'hospital' | 'expert' | 'familyDoctor' | 'article';
  name: string;
  data: Record<string, unknown>;
  active: boolean;
}

/** Ops settings, e.g. `calendar` overrides (id = setting name). */
export interface SettingDoc {
  _id: string;
  value: unknown;
  updatedAt: Instant;
}

export interface OrderDoc {
  _id: string;
  cardId: string;
  benefit: BenefitKey;
  /** the served person's memberId */
  personId: string;
  /** the served person's openid: who may see and change the order */
  personOpenid: string;
  /** the member who placed it, or the staff member for R1.5 orders */
  placedByOpenid: string;
  placedBy: 'member' | 'staff';
  status: OrderStatus;
  quota: QuotaState;
  /** the staff step awaited now and the role that takes it (the staff queue's index) */
  awaiting: StaffStep | null;
  awaitingRole: StaffRole | null;
  dueAt: Instant | null;
  /** when the awaited step started: anchors its deadline */
  stepAt: Instant;
  timeline: TimelineEntry[];
  form: Record<string, unknown>;
  booking?: Booking;
  result?: OrderResult;
  rating?: { stars: number; comment?: string; at: Instant };
  followUp?: { stars: number; comment?: string; at: Instant };
  /** true while the order is not in a final state (R2.6 removal check) */
  open: boolean;
  /** bumped by every change: the optimistic check that two steps cannot both apply */
  rev: number;
  createdAt: Instant;
  updatedAt: Instant;
}

/**
 * 健康档案 of one person on a card (id = memberId). Health data is sensitive personal information
 * (PIPL art. 28): the profile and the uploads are each sealed as one JSON (AES-256-GCM, the
 * data key), so a copy of the database shows none of it; consent fields stay readable for audit.
 */
export interface RecordDoc {
  _id: string;
  cardId: string;
  profileEnc: string | null;
  uploadsEnc: string | null;
  consentVersion: string | null;
  consentAt: Instant | null;
  /** who recorded the consent: the person, or the card's holder for them */
  consentBy: 'self' | 'holder' | null;
  /** bumped by every change: read-modify-write of a sealed field is conditioned on it */
  rev: number;
  updatedAt: Instant;
}

/** For the conformance suite only. */
export interface ThingDoc {
  _id: string;
  [field: string]: unknown;
}

export interface Collections {
  cards: CardDoc;
  cardNumbers: CardNumberDoc;
  members: MemberDoc;
  persons: PersonDoc;
  pools: PoolDoc;
  ledger: LedgerDoc;
  invites: InviteDoc;
  requests: RequestDoc;
  staff: StaffDoc;
  issuances: IssuanceDoc;
  outbox: OutboxDoc;
  rates: RateDoc;
  directory: DirectoryDoc;
  settings: SettingDoc;
  orders: OrderDoc;
  records: RecordDoc;
  things: ThingDoc;
}

export type CollectionName = keyof Collections;

export const COLLECTIONS: readonly CollectionName[] = [
  'cards',
  'cardNumbers',
  'members',
  'persons',
  'pools',
  'ledger',
  'invites',
  'requests',
  'staff',
  'issuances',
  'outbox',
  'rates',
  'directory',
  'settings',
  'orders',
  'records',
  'things',
];

/** Indexes every query needs; each `find` in the app layer is served by one of these. */
export const INDEXES: Readonly<Partial<Record<CollectionName, readonly (readonly string[])[]>>> = {
  cards: [['holderOpenid'], ['orderNo']],
  members: [['openid', 'removedAt'], ['cardId', 'removedAt']],
  pools: [['cardId']],
  ledger: [['cardId', 'at']],
  outbox: [['status', 'nextAttemptAt'], ['createdAt']],
  directory: [['kind', 'active']],
  orders: [
    ['personOpenid', 'createdAt'],
    ['placedByOpenid', 'createdAt'],
    ['personId', 'open'],
    ['awaitingRole', 'dueAt'],
  ],
  things: [['kind', 'n']],
};
