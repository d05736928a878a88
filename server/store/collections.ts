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
  Order,
  Booking,
  OrderResult,
  OrderStatus,
  QuotaState,
  StaffRole,
  StaffStep,
  TimelineEntry,
} from '../../typings/contract';
import type { ReminderKind } from '../domain/reminders';
import type { OutgoingNotice } from '../runtime/sink';

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
  /**
   * Holds placed by order.create whose ledger rows have not been moved to `ledger` yet, by order
   * id (R3.5: the row is written in the same atomic update as the counters). The settle sweep
   * (server/app/order/settle.ts) moves them, or gives the unit back when the order never came.
   */
  pending?: Record<string, LedgerDoc>;
  /** how many `pending` entries there are: the sweep finds such pools by it */
  pendingCount?: number;
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
  /**
   * The contract's statuses, plus `sending`: claimed by a sender (under `lease`) until
   * `nextAttemptAt`. Answers and /_dev/outbox show `sending` as `pending`.
   */
  status: NoticeStatus | 'sending';
  attempts: number;
  lastError?: string;
  createdAt: Instant;
  /** when the sender may try next (pending), or when its claim expires (sending) */
  nextAttemptAt: Instant;
  /** the claim of the sender that is sending it (server/app/notify/sender.ts) */
  lease?: string | null;
  /** subscribe: the member's one-time consent was taken for it (a retry takes no second one) */
  consentTaken?: boolean;
  /** subscribe: the mini-program page the message opens */
  page?: string;
  /** sms: the values of the template's slots, for a provider template's parameters */
  vars?: Record<string, string>;
  sentAt?: Instant;
  updatedAt?: Instant;
}

/**
 * R5.2 one-time subscription consents of one WeChat user for one template (id = hash of openid +
 * template): each accepted request allows one message; the sender takes one per send.
 */
export interface ConsentDoc {
  _id: string;
  openid: string;
  template: string;
  /** messages still allowed */
  count: number;
  /** the last answer WeChat gave: accept, reject, ban, filter */
  last: string;
  updatedAt: Instant;
}

export type ReminderStatus = 'pending' | 'done' | 'cancelled' | 'failed';

/**
 * A reminder due at `dueAt` (R5.2, R4, written in the transaction of the event that makes it).
 * The sweep reads only `status: pending, dueAt <= now` through its index, checks that what it
 * announces still holds (`ref`), and writes the notices and `done` in one transaction.
 */
export interface ReminderDoc {
  /** hash of kind + subject (+ variant): a later event of the same subject replaces it */
  _id: string;
  kind: ReminderKind;
  status: ReminderStatus;
  dueAt: Instant;
  cardId: string | null;
  orderId: string | null;
  /** what the event looked like (a deadline, a visit day, a step): the sweep checks it still holds */
  ref: string;
  /** e.g. 7 or 1 days before the activation deadline */
  variant: string;
  createdAt: Instant;
  /** when it was sent, cancelled or given up, and why */
  closedAt?: Instant;
  note?: string;
  /** sweeps that failed on it */
  errors?: number;
}

/**
 * The local sink's record of every message that would have been sent (local cloud only): the
 * notice as the sender handed it to the sink, less WeChat's `miniprogramState`, so the two cannot
 * drift apart; its `attempt` is the try that got through (1 = first).
 */
export interface SentLogDoc extends Omit<OutgoingNotice, 'miniprogramState'> {
  _id: string;
  at: Instant;
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
  /** consults: the doctor who took the case (the only staff member who may write in its session) */
  takenBy?: string;
  /** that doctor's name when they took it */
  takenByName?: string;
  /** true while the order is not in a final state (R2.6 removal check) */
  open: boolean;
  /** bumped by every change: the optimistic check that two steps cannot both apply */
  rev: number;
  createdAt: Instant;
  updatedAt: Instant;
  /** the create's request key (R3.6): the order id is derived from it */
  requestKey?: string;
  /** R3.6 the create's first answer, returned to a retry as it was; erasure removes it */
  answer?: { order: Order };
  /** set by order.create until the settle sweep has written its ledger row and reminders */
  unsettled?: true;
  /** when its files were deleted (retention or erasure): the order keeps `filesNote` instead */
  filesDeletedAt?: Instant;
  filesNote?: string;
  /** when the served person's erasure scrubbed it (privacy.erase) */
  erasedAt?: Instant;
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

/**
 * What a staff member looked at of a member's personal data (server/app/audit.ts): who, what, which
 * order / person / thread, when — never the content. `callMember` is the phone number.
 */
export type AuditKind =
  | 'callMember'
  | 'viewOrder'
  | 'fileUrls'
  | 'viewThread'
  | 'queue'
  | 'threads'
  /** 《健康信息处理授权》 given or withdrawn (PIPL art. 29, 15): by the person or the holder for them */
  | 'consentGiven'
  | 'consentWithdrawn';

export interface AuditDoc {
  _id: string;
  kind: AuditKind;
  /** the staff member's openid */
  openid: string;
  /** null for views that are not of one order (a butler thread, a list) */
  orderId: string | null;
  /** the served person's memberId; null for lists */
  personId: string | null;
  /** butler threads */
  threadId?: string | null;
  /** lists (queue, threads): the orders or threads the answer showed, ids only */
  refs?: string[];
  at: Instant;
}

/**
 * An erasure (privacy.erase, PIPL art. 47) on record without personal data: a keyed hash of the
 * openid, when, and how much was erased.
 */
export interface ErasureDoc {
  _id: string;
  openidHash: string;
  at: Instant;
  memberships: number;
  orders: number;
  files: number;
}

/**
 * A file in cloud storage to delete (retention or erasure; id = hash of the fileID). The
 * `maintenance` timer deletes pending ones through the FileStore seam (server/app/file-store.ts).
 */
export interface FileQueueDoc {
  _id: string;
  fileId: string;
  reason: 'retention' | 'erasure';
  status: 'pending' | 'done' | 'failed';
  attempts: number;
  queuedAt: Instant;
  doneAt?: Instant;
  lastError?: string;
}

/** The local FileStore's record of every file it would have deleted (local cloud only). */
export interface DeletedFileDoc {
  _id: string;
  fileId: string;
  at: Instant;
}

/** Who wrote a message: the member, the doctor of a consult, the card's butler, or the system. */
export type MessageFromDoc = 'member' | 'doctor' | 'butler' | 'system';

/**
 * A conversation (server/app/conversation.ts): a consult order's session (`o_<orderId>`) or one
 * person's standing thread with the butlers (`b_<memberId>`). It numbers its messages, so they
 * keep their order when the clock stands still or is set back.
 */
export interface ThreadDoc {
  _id: string;
  kind: 'order' | 'butler';
  cardId: string;
  /** the person the conversation serves */
  memberId: string;
  /** the order, for order threads */
  orderId: string | null;
  /** the number of the last message; 0 before the first */
  seq: number;
  lastAt: Instant | null;
  lastFrom: MessageFromDoc | null;
  /** butler threads: the member's messages since a butler last read the thread */
  unreadStaff: number;
  /** order threads: call minutes the doctor logged (bounded by the mode's session minutes) */
  callMinutes: number;
  /** order threads: when the 3-minute warning was written */
  warnedAt: Instant | null;
}

/**
 * One message (id `<thread>:<seq>`). What was said is health information (PIPL art. 28): text,
 * images and call details are sealed together with the thread id (AES-256-GCM, the data key);
 * only who, when and where stay readable. Never logged.
 */
export interface MessageDoc {
  _id: string;
  thread: string;
  seq: number;
  from: MessageFromDoc;
  /** the sender's openid (null: system) */
  byOpenid: string | null;
  /** staff senders' names when they wrote (doctor, butler) */
  byName: string | null;
  at: Instant;
  bodyEnc: string;
}

/** 三甲家庭私人医生: the family doctor a person signed (id = memberId). */
export interface SigningDoc {
  _id: string;
  cardId: string;
  /** the directory entry (kind familyDoctor) */
  doctorId: string;
  signedAt: Instant;
  /** who signed: the person, or someone on the card for them */
  byOpenid: string;
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
  threads: ThreadDoc;
  messages: MessageDoc;
  signings: SigningDoc;
  audit: AuditDoc;
  erasures: ErasureDoc;
  fileQueue: FileQueueDoc;
  deletedFiles: DeletedFileDoc;
  consents: ConsentDoc;
  reminders: ReminderDoc;
  sentLog: SentLogDoc;
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
  'threads',
  'messages',
  'signings',
  'audit',
  'erasures',
  'fileQueue',
  'deletedFiles',
  'consents',
  'reminders',
  'sentLog',
  'things',
];

/** Indexes every query needs; each `find` in the app layer is served by one of these. */
export const INDEXES: Readonly<Partial<Record<CollectionName, readonly (readonly string[])[]>>> = {
  cards: [['holderOpenid'], ['orderNo']],
  members: [
    ['openid', 'removedAt'],
    ['cardId', 'removedAt'],
  ],
  pools: [['cardId'], ['pendingCount']],
  signings: [['cardId']],
  invites: [['cardId', 'usedAt']],
  ledger: [['cardId', 'at']],
  outbox: [['status', 'nextAttemptAt'], ['createdAt'], ['status', 'createdAt'], ['to']],
  directory: [['kind', 'active']],
  orders: [
    ['personOpenid', 'createdAt'],
    ['placedByOpenid', 'createdAt'],
    ['personId', 'open'],
    ['awaitingRole', 'dueAt'],
    ['open', 'updatedAt'],
    ['unsettled'],
  ],
  audit: [
    ['orderId', 'at'],
    ['personId', 'at'],
    ['openid', 'kind'],
  ],
  fileQueue: [['status', 'queuedAt']],
  threads: [['kind', 'lastAt']],
  messages: [['thread', 'seq'], ['at']],
  requests: [['at']],
  consents: [['openid'], ['template', 'count']],
  reminders: [['status', 'dueAt']],
  sentLog: [['noticeId'], ['to']],
  things: [['kind', 'n']],
};
