/**
 * Shared set-up for the `order` / `staff` HTTP tests (test/http/order-*.test.ts): a real local
 * cloud (TZ=UTC, as deployed cloud functions run), staff of every role, test people with valid
 * real-name data, cards issued and activated at a past instant, family members, and typed calls.
 *
 * Seed: files whose tests need the hospital / expert directory (escort, expertConsult) start the
 * cloud with seed 'demo' (server/local/demo-directory.ts) and still use only their own openids,
 * people and cards; the others start empty (seed 'none').
 */
import type {
  BenefitKey,
  Card,
  CardBenefit,
  CreateOrderReq,
  Edition,
  Envelope,
  ErrorCode,
  LedgerChange,
  LedgerRow,
  Order,
  OrderBenefit,
  OrderForms,
  OrderStatus,
  QueuedOrder,
  QuotaState,
  Res,
  StaffActReq,
  StaffRole,
  StaffStep,
} from '../../typings/contract';
import { startLocalCloud, type LocalCloudProcess } from './local-cloud';

export const ADMIN = 'test-admin';
const CHINESE = /[\u4e00-\u9fff]/;

/** One staff openid per role, and the name the doctor-taken SMS carries. */
export const STAFF = {
  agent: 'st-agent',
  doctor: 'st-doctor',
  manager: 'st-manager',
  escortManager: 'st-escort',
  butler: 'st-butler',
} as const satisfies Partial<Record<StaffRole, string>>;
export const STAFF_NAMES: Record<keyof typeof STAFF, string> = {
  agent: '郑专员',
  doctor: '陈明',
  manager: '吴健康',
  escortManager: '钱主管',
  butler: '周管家',
};

/** In server/local/demo-directory.ts (seed 'demo' only). */
export const DEMO_HOSPITAL = { name: '复旦大学附属中山医院', address: '上海市徐汇区枫林路180号' } as const;
export const DEMO_EXPERT = 'e-001';
/** The family doctor `Kit.signFamilyDoctor` signs by default (added by the kit, any seed). */
export const KIT_FAMILY_DOCTOR = 'fd-kit';

// ---------------------------------------------------------------------------------------------
// People

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** A valid 18-character ID number for a 17-digit body (GB 11643 check character). */
export function idNumberOf(body: string): string {
  if (!/^\d{17}$/.test(body)) throw new Error(`not a 17-digit body: ${body}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body.charAt(i)) * (ID_WEIGHTS[i] ?? 0);
  return body + ID_CHECK_CHARS.charAt(sum % 11);
}

export interface Person {
  name: string;
  idNumber: string;
  phone: string;
}

const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平';

/** Every person this process has made, so that tests can check no text carries an ID number. */
export const PEOPLE: Person[] = [];

/** A new person born 1985-06-15 (so 14–69 for escort) with a distinct ID number and phone. */
export function person(): Person {
  const n = PEOPLE.length;
  if (n >= 1000) throw new Error('out of test people');
  const p = {
    name: `${SURNAMES.charAt(n % 20)}${GIVEN.charAt(Math.floor(n / 20) % 20)}${GIVEN.charAt(n % 7)}`,
    idNumber: idNumberOf(`33010619850615${String(n).padStart(3, '0')}`),
    phone: `1370000${String(n).padStart(4, '0')}`,
  };
  PEOPLE.push(p);
  return p;
}

let openidSeq = 0;
export function user(label: string): string {
  return `${label}-${++openidSeq}`;
}

let requestSeq = 0;
export function rid(): string {
  return `req-${++requestSeq}-${Math.random().toString(36).slice(2, 10)}`;
}

// ---------------------------------------------------------------------------------------------
// Answers

/** Asserts an error answer with `code` and a Chinese message; returns the message. */
export function expectError(e: Envelope<unknown>, code: ErrorCode): string {
  if (e.ok) throw new Error(`expected ${code}, got ok: ${JSON.stringify(e.data).slice(0, 300)}`);
  expect(e.error.code).toBe(code);
  expect(e.error.message).toMatch(CHINESE);
  return e.error.message;
}

export function dataOf<T>(e: Envelope<T>): T {
  if (!e.ok) throw new Error(`expected ok, got ${e.error.code}: ${e.error.message}`);
  return e.data;
}

export interface Who {
  openid: string;
  memberId: string;
  person: Person;
}

export interface TestCard {
  cardId: string;
  edition: Edition;
  holder: Who;
  members: Who[];
}

/** The counters of a pool as card.mine shows them. */
export interface PoolNumbers {
  used: number;
  held: number;
  remaining: number | null;
}

/**
 * A file id as wx.cloud.uploadFile answers one uploaded under `dir`, the uploader's own folder
 * (`Kit.uploadDir`): the functions take only files under the caller's folder (issue 10).
 */
export function fileIn(dir: string, path: string): string {
  return `cloud://env-test.bucket/${dir}/${path}`;
}

/**
 * A valid form of each orderable benefit (dates are the caller's to choose). Forms with files take
 * the caller's upload folder (`Kit.uploadDir`).
 */
export const FORMS = {
  outpatientGreen: (wantedDate: string, department = '心血管内科'): OrderForms['outpatientGreen'] => ({
    hospital: DEMO_HOSPITAL.name,
    department,
    wantedDate,
  }),
  inpatientGreen: (dir: string, wantedDate: string, disease = '恶性肿瘤——重度'): OrderForms['inpatientGreen'] => ({
    hospital: DEMO_HOSPITAL.name,
    wantedDate,
    disease,
    records: [fileIn(dir, 'orders/a.jpg')],
    admissionSlip: fileIn(dir, 'orders/slip.jpg'),
  }),
  escort: (visitAt: string, purpose = '心内科复诊'): OrderForms['escort'] => ({
    hospital: DEMO_HOSPITAL.name,
    department: '心血管内科',
    visitAt,
    purpose,
    registered: true,
    withRelative: false,
  }),
  quickConsult: (mode: 'text' | 'phone' | 'video' = 'text'): OrderForms['quickConsult'] => ({
    description: '头痛三天，夜里加重',
    mode,
  }),
  expertConsult: (mode: 'text' | 'phone' = 'phone'): OrderForms['expertConsult'] => ({
    expertId: DEMO_EXPERT,
    description: '血压控制不理想，想请专家看看用药',
    mode,
  }),
  familyDoctor: (): OrderForms['familyDoctor'] => ({ question: '孩子发烧 38 度要不要去医院' }),
  assessment: (): OrderForms['assessment'] => ({
    questionnaire: { smoker: false, sleepHours: 7, conditions: ['高血压'] },
  }),
  checkupPlan: (): OrderForms['checkupPlan'] => ({ questionnaire: { pastIllness: '胆结石', age: 41 } }),
  reportReading: (dir: string): OrderForms['reportReading'] => ({ files: [fileIn(dir, 'orders/2026.pdf')] }),
} as const;

// ---------------------------------------------------------------------------------------------
// The world

/** When most test cards are activated: the waiting period is over on 2026-05-20. */
export const ACTIVATED = '2026-05-10T10:00:00+08:00';
/**
 * Monday 2026-06-01 10:00, where most tests run: R4.2's window (3rd–5th working days) is 06-04,
 * 06-05 and 06-08; the first escort day is Wednesday 06-03.
 */
export const TODAY = '2026-06-01T10:00:00+08:00';
/** R4.2: the first day of TODAY's window (06-04, 06-05, 06-08) an outpatient visit may be wanted on. */
export const WANTED = '2026-06-04';
/** R4.4: an escort visit after the first escort day from TODAY (Wednesday 06-03). */
export const ESCORT_VISIT = '2026-06-05T09:00:00+08:00';
/** A `book` step's booking at the demo hospital (seed 'demo') on the morning of WANTED. */
export const DEMO_BOOKING = {
  visitDate: '2026-06-04',
  period: '上午',
  hospital: DEMO_HOSPITAL.name,
  address: DEMO_HOSPITAL.address,
};

export interface UseKitOptions {
  /** After all tests, before the cloud stops: R3.5 every pool still equals its ledger (`admin.reconcile`). */
  reconcile?: boolean;
  /** After all tests (and the reconcile check), before the cloud stops: the file's own last checks or clean-up. */
  beforeStop?: () => Promise<void>;
  /** The starting `beforeAll`'s timeout (ms); jest's default otherwise. */
  timeout?: number;
}

/**
 * One local cloud for the file: registers the `beforeAll` that starts it (seed `seed`) and the
 * `afterAll` that stops it. The kit and its clock (a `Ticker` from `start`) are there at once;
 * the kit's cloud answers from the first `beforeAll` on.
 */
export function useKit(seed: 'demo' | 'none', start: string, opts: UseKitOptions = {}): { kit: Kit; clock: Ticker } {
  const { kit, boot } = Kit.unstarted();
  const clock = new Ticker(kit, start);
  beforeAll(() => boot(seed), opts.timeout);
  afterAll(async () => {
    if (opts.reconcile) expect((await kit.reconcile()).mismatches).toEqual([]);
    await opts.beforeStop?.();
    await kit.stop();
  });
  return { kit, clock };
}

/** A card (`Kit.newCard`) activated at ACTIVATED with `members` family members; the clock then at TODAY. */
export async function newCardToday(kit: Kit, clock: Ticker, edition: Edition, members = 0): Promise<TestCard> {
  const card = await kit.newCard(edition, ACTIVATED, members);
  await clock.set(TODAY);
  return card;
}

export class Kit {
  private started: LocalCloudProcess | undefined;
  private constructor() {}

  /** `env`: more variables for the local cloud (e.g. the local sink's BLUECARD_SINK_FAIL_RATE). */
  static async start(seed: 'demo' | 'none', env: Record<string, string> = {}): Promise<Kit> {
    const kit = new Kit();
    await kit.boot(seed, env);
    return kit;
  }

  /** A kit whose cloud `boot` starts later (in a `beforeAll`: `useKit`). */
  static unstarted(): { kit: Kit; boot: (seed: 'demo' | 'none') => Promise<void> } {
    const kit = new Kit();
    return { kit, boot: (seed) => kit.boot(seed, {}) };
  }

  private async boot(seed: 'demo' | 'none', env: Record<string, string>): Promise<void> {
    this.started = await startLocalCloud({ seed, admins: [ADMIN], env: { TZ: 'UTC', ...env } });
    for (const role of Object.keys(STAFF) as (keyof typeof STAFF)[]) {
      await this.setStaff(STAFF[role], STAFF_NAMES[role], [role]);
    }
  }

  /** The local cloud; there once `start` (or `useKit`'s `beforeAll`) has started it. */
  get cloud(): LocalCloudProcess {
    if (!this.started)
      throw new Error('the local cloud is not started yet (Kit.start, or useKit before its beforeAll)');
    return this.started;
  }

  stop(): Promise<number | null> {
    return this.cloud.stop();
  }

  private readonly dirs = new Map<string, string>();

  /** The caller's own upload folder, as the app reads it (`card.mine`'s `uploadDir`). */
  async uploadDir(openid: string): Promise<string> {
    let dir = this.dirs.get(openid);
    if (dir === undefined) {
      dir = (await this.cloud.ok<Res<'card', 'mine'>>('card', openid, { action: 'mine' })).uploadDir;
      this.dirs.set(openid, dir);
    }
    return dir;
  }

  /** A file id under the caller's own upload folder (`fileIn`). */
  async fileOf(openid: string, path: string): Promise<string> {
    return fileIn(await this.uploadDir(openid), path);
  }

  async setStaff(openid: string, name: string, roles: StaffRole[]): Promise<void> {
    await this.cloud.ok('admin', ADMIN, { action: 'setStaff', openid, name, roles });
  }

  /** Sets the clock (an instant written with +08:00). */
  async at(instant: string): Promise<void> {
    if (!instant.endsWith('+08:00')) throw new Error(`write test instants with +08:00: ${instant}`);
    await this.cloud.setClock(instant);
  }

  private orderSeq = 0;

  /**
   * Issues a card (ordered 5 days before `activateAt`), activates it at `activateAt` for a fresh
   * holder and adds `members` family members by invite. Leaves the clock at `activateAt`.
   */
  async newCard(edition: Edition, activateAt: string, members = 0): Promise<TestCard> {
    const orderDate = new Date(Date.parse(activateAt) + 8 * 3600_000 - 5 * 86400_000).toISOString().slice(0, 10);
    const { cards } = await this.cloud.ok<Res<'admin', 'issueCards'>>('admin', ADMIN, {
      action: 'issueCards',
      orderNo: `ORD-T-${process.pid}-${++this.orderSeq}`,
      orderDate,
      edition,
    });
    const issued = cards[0];
    if (!issued) throw new Error('no card issued');
    await this.at(activateAt);
    const holderPerson = person();
    const holderOpenid = user('holder');
    const { card } = await this.cloud.ok<Res<'card', 'activate'>>('card', holderOpenid, {
      action: 'activate',
      cardNo: issued.cardNo,
      code: issued.code,
      ...holderPerson,
    });
    const holder: Who = { openid: holderOpenid, memberId: selfOf(card), person: holderPerson };
    const family: Who[] = [];
    for (let i = 0; i < members; i++) {
      const { token } = await this.cloud.ok<Res<'card', 'createInvite'>>('card', holderOpenid, {
        action: 'createInvite',
        cardId: card.cardId,
      });
      const p = person();
      const openid = user('member');
      const joined = await this.cloud.ok<Res<'card', 'acceptInvite'>>('card', openid, {
        action: 'acceptInvite',
        token,
        ...p,
      });
      family.push({ openid, memberId: selfOf(joined.card), person: p });
    }
    return { cardId: card.cardId, edition, holder, members: family };
  }

  // -- orders --------------------------------------------------------------------------------

  create<B extends OrderBenefit>(
    openid: string,
    card: { cardId: string },
    benefit: B,
    form: OrderForms[B],
    opts: { personId?: string; requestId?: string } = {},
  ): Promise<Envelope<Res<'order', 'create'>>> {
    return this.cloud.call<Res<'order', 'create'>>('order', openid, {
      action: 'create',
      cardId: card.cardId,
      benefit,
      requestId: opts.requestId ?? rid(),
      ...(opts.personId !== undefined ? { personId: opts.personId } : {}),
      form,
    });
  }

  /** order.create that must succeed. */
  async order<B extends OrderBenefit>(
    openid: string,
    card: { cardId: string },
    benefit: B,
    form: OrderForms[B],
    opts: { personId?: string; requestId?: string } = {},
  ): Promise<Order> {
    return dataOf(await this.create(openid, card, benefit, form, opts)).order;
  }

  /** order.create with any payload (for refusals of malformed requests). */
  createRaw(openid: string, payload: Record<string, unknown>): Promise<Envelope<Res<'order', 'create'>>> {
    return this.cloud.call<Res<'order', 'create'>>('order', openid, { action: 'create', ...payload });
  }

  placeOrder(
    openid: string,
    req: CreateOrderReq & { personId: string },
  ): Promise<Envelope<Res<'staff', 'placeOrder'>>> {
    return this.cloud.call<Res<'staff', 'placeOrder'>>('staff', openid, { action: 'placeOrder', ...req });
  }

  get(openid: string, orderId: string): Promise<Envelope<Res<'order', 'get'>>> {
    return this.cloud.call<Res<'order', 'get'>>('order', openid, { action: 'get', orderId });
  }

  async list(openid: string, cardId?: string): Promise<Order[]> {
    const all: Order[] = [];
    let cursor: string | null = null;
    do {
      const page: Res<'order', 'list'> = await this.cloud.ok<Res<'order', 'list'>>('order', openid, {
        action: 'list',
        limit: 50,
        ...(cardId !== undefined ? { cardId } : {}),
        ...(cursor !== null ? { cursor } : {}),
      });
      all.push(...page.orders);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return all;
  }

  cancel(openid: string, orderId: string, reason?: string): Promise<Envelope<Res<'order', 'cancel'>>> {
    return this.cloud.call<Res<'order', 'cancel'>>('order', openid, {
      action: 'cancel',
      orderId,
      ...(reason !== undefined ? { reason } : {}),
    });
  }

  rate(openid: string, orderId: string, stars: unknown, comment?: string): Promise<Envelope<Res<'order', 'rate'>>> {
    return this.cloud.call<Res<'order', 'rate'>>('order', openid, {
      action: 'rate',
      orderId,
      stars,
      ...(comment !== undefined ? { comment } : {}),
    });
  }

  private kitDoctor = false;

  /**
   * 三甲家庭私人医生: signs a family doctor for the caller (or `personId`), as a member does before
   * the first question. Without `doctorId`, the kit's own doctor (added to the directory once, so
   * it works on seed 'none' too). Answers the doctor's id.
   */
  async signFamilyDoctor(
    openid: string,
    card: { cardId: string },
    opts: { doctorId?: string; personId?: string } = {},
  ): Promise<string> {
    let doctorId = opts.doctorId;
    if (doctorId === undefined) {
      doctorId = KIT_FAMILY_DOCTOR;
      if (!this.kitDoctor) {
        await this.cloud.ok('admin', ADMIN, {
          action: 'upsertDirectory',
          entry: {
            id: KIT_FAMILY_DOCTOR,
            kind: 'familyDoctor',
            name: '测试家庭医生',
            active: true,
            data: { title: '主治医师', hospital: '测试医院', specialty: '全科' },
          },
        });
        this.kitDoctor = true;
      }
    }
    await this.cloud.ok<Res<'order', 'signDoctor'>>('order', openid, {
      action: 'signDoctor',
      cardId: card.cardId,
      doctorId,
      ...(opts.personId !== undefined ? { personId: opts.personId } : {}),
    });
    return doctorId;
  }

  // -- staff ---------------------------------------------------------------------------------

  act(openid: string, req: StaffActReq): Promise<Envelope<Res<'staff', 'act'>>> {
    return this.cloud.call<Res<'staff', 'act'>>('staff', openid, { action: 'act', ...req });
  }

  /** staff.act that must succeed. */
  async step(openid: string, req: StaffActReq): Promise<Order> {
    return dataOf(await this.act(openid, req)).order;
  }

  async queue(openid: string, role?: StaffRole): Promise<QueuedOrder[]> {
    return (await this.cloud.ok<Res<'staff', 'queue'>>('staff', openid, { action: 'queue', ...(role ? { role } : {}) }))
      .orders;
  }

  // -- the card's pools ----------------------------------------------------------------------

  async cardOf(openid: string, cardId: string): Promise<Card> {
    const { cards } = await this.cloud.ok<Res<'card', 'mine'>>('card', openid, { action: 'mine' });
    const card = cards.find((c) => c.cardId === cardId);
    if (!card) throw new Error(`${openid} does not see card ${cardId}`);
    return card;
  }

  async benefit(openid: string, cardId: string, key: BenefitKey): Promise<CardBenefit> {
    const b = (await this.cardOf(openid, cardId)).benefits.find((x) => x.key === key);
    if (!b) throw new Error(`card ${cardId} shows no ${key}`);
    return b;
  }

  async pool(card: TestCard, key: BenefitKey): Promise<PoolNumbers> {
    const b = await this.benefit(card.holder.openid, card.cardId, key);
    return { used: b.used, held: b.held, remaining: b.remaining };
  }

  /** Every ledger row of the card, oldest first (the ledger pages newest first). */
  async ledger(card: TestCard): Promise<LedgerRow[]> {
    const rows: LedgerRow[] = [];
    let cursor: string | null = null;
    do {
      const page: Res<'card', 'ledger'> = await this.cloud.ok<Res<'card', 'ledger'>>('card', card.holder.openid, {
        action: 'ledger',
        cardId: card.cardId,
        limit: 50,
        ...(cursor !== null ? { cursor } : {}),
      });
      rows.push(...page.rows);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return rows.reverse();
  }

  /**
   * The ledger changes of one order, oldest first. Rows written by one step share their instant
   * (a give-back after the commit point is rehold + release) and still come in the order made.
   */
  async changes(card: TestCard, orderId: string): Promise<LedgerChange[]> {
    return (await this.ledger(card)).filter((r) => r.orderId === orderId).map((r) => r.change);
  }

  async reconcile(cardId?: string): Promise<Res<'admin', 'reconcile'>> {
    return this.cloud.ok<Res<'admin', 'reconcile'>>('admin', ADMIN, {
      action: 'reconcile',
      ...(cardId ? { cardId } : {}),
    });
  }
}

export function selfOf(card: Card): string {
  const me = card.members.find((m) => m.self);
  if (!me) throw new Error('the card shows no member as self');
  return me.memberId;
}

/** A staff step's request without its order (a distributive Omit keeps each step's fields). */
export type StepBody = StaffActReq extends infer U ? (U extends unknown ? Omit<U, 'orderId'> : never) : never;

/** The parts of an order a step checks. */
export function stateOf(o: Order): { status: OrderStatus; quota: QuotaState; awaiting: StaffStep | null } {
  return { status: o.status, quota: o.quota, awaiting: o.awaiting };
}

/**
 * A clock that moves forward a minute per `tick()`, so that every step happens at its own instant
 * (ledger rows and timelines then have one order). Instants are written with +08:00.
 */
export class Ticker {
  private t: number;
  constructor(
    private readonly kit: Kit,
    start: string,
  ) {
    this.t = Date.parse(start);
  }

  /** The current instant, +08:00. */
  get now(): string {
    return shanghai(this.t);
  }

  async set(instant: string): Promise<void> {
    this.t = Date.parse(instant);
    await this.kit.at(this.now);
  }

  async tick(minutes = 1): Promise<string> {
    this.t += minutes * 60_000;
    await this.kit.at(this.now);
    return this.now;
  }
}

/** An instant (ms) written as the contract writes times: YYYY-MM-DDTHH:mm:ss+08:00. */
export function shanghai(ms: number): string {
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}
