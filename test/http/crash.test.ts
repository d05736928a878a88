/**
 * Issue 10 — crash safety. The local cloud, on a data folder of its own, takes 1,000 order creates
 * (mixed cards, people and benefits, each with its own requestId; pools small enough that many
 * end QUOTA_EXHAUSTED) from 64 callers at once, and is killed with SIGKILL in the middle (after
 * about 300 answers), then started again on the same folder. Afterwards:
 *
 * - R3.5 every pool reconciles with its ledger (admin.reconcile: no mismatch);
 * - every request that was answered with an order finds it (order.get), and sending the same
 *   requestId again answers exactly the first answer (R3.6);
 * - every request is sent again — those without an answer (cut off or never sent) twice at once,
 *   racing each other — and then each order belongs to exactly one request's answer: nothing
 *   lost, nothing doubled;
 * - per pool, held + used equals the orders holding or using a unit, the ledger holds each of
 *   those orders exactly once, and no pool gave more than its total (R3.2).
 *
 * `npm test` runs one round; `npm run soak` runs CRASH_ROUNDS=10 (each with its own folder, seed
 * and kill point). 200 concurrent creates on one pool and retries racing the first call, without a
 * crash, are in order-concurrency.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Card, Edition, Envelope, LedgerRow, Order, OrderBenefit, Res } from '../../typings/contract';
import { startLocalCloud, type LocalCloudProcess } from './local-cloud';
import { ADMIN, FORMS, person, selfOf, user } from './order-kit';

const CREATES = Number(process.env.CRASH_CREATES ?? 1000);
const KILL_AFTER = Number(process.env.CRASH_KILL_AFTER ?? 300);
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 1);
const SEED = Number(process.env.CRASH_SEED ?? 20_260_601);
/** Requests in flight at once. */
const CALLERS = 64;

const ACTIVATED = '2026-05-10T10:00:00+08:00';
/** Monday 2026-06-01 10:00; the clock stands here before and after the crash. */
const TODAY = '2026-06-01T10:00:00+08:00';
const WANTED = ['2026-06-04', '2026-06-05', '2026-06-08'] as const;

/** The counted benefits ordered here, with a valid form each (files in the caller's folder `dir`). */
const BENEFITS: readonly { benefit: OrderBenefit; form: (i: number, dir: string) => object }[] = [
  { benefit: 'quickConsult', form: () => FORMS.quickConsult() },
  { benefit: 'outpatientGreen', form: (i) => FORMS.outpatientGreen(WANTED[i % WANTED.length] ?? WANTED[0]) },
  { benefit: 'inpatientGreen', form: (_, dir) => FORMS.inpatientGreen(dir, '2026-06-10') },
  { benefit: 'assessment', form: () => FORMS.assessment() },
  { benefit: 'checkupPlan', form: () => FORMS.checkupPlan() },
  { benefit: 'reportReading', form: (_, dir) => FORMS.reportReading(dir) },
];

interface Person {
  openid: string;
  memberId: string;
  /** their own upload folder (card.mine), where their forms' files are */
  dir: string;
}

interface TestCard {
  cardId: string;
  edition: Edition;
  people: Person[];
}

interface Request {
  openid: string;
  requestId: string;
  cardId: string;
  data: Record<string, unknown>;
  /** what the first call answered; undefined when it got no answer (never sent, or cut off) */
  first?: Envelope<Res<'order', 'create'>>;
  /** the call was under way when the server died */
  cutOff?: boolean;
  /** the answer after the restart (the first one's again, for answered requests) */
  last?: Envelope<Res<'order', 'create'>>;
}

/** mulberry32: a small seeded PRNG, so that a round can be replayed (CRASH_SEED). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function setClock(cloud: LocalCloudProcess, now: string): Promise<void> {
  await cloud.setClock(now);
}

/** Issues and activates a card for a fresh holder; premium cards get three family members. */
async function newCard(cloud: LocalCloudProcess, edition: Edition, n: number): Promise<TestCard> {
  const { cards } = await cloud.ok<Res<'admin', 'issueCards'>>('admin', ADMIN, {
    action: 'issueCards',
    orderNo: `CRASH-${process.pid}-${n}-${Date.now()}`,
    orderDate: '2026-05-05',
    edition,
  });
  const issued = cards[0];
  if (!issued) throw new Error('no card issued');
  const holder = user('crash-holder');
  const { card } = await cloud.ok<Res<'card', 'activate'>>('card', holder, {
    action: 'activate',
    cardNo: issued.cardNo,
    code: issued.code,
    ...person(),
  });
  const dirOf = async (openid: string) =>
    (await cloud.ok<Res<'card', 'mine'>>('card', openid, { action: 'mine' })).uploadDir;
  const people: Person[] = [{ openid: holder, memberId: selfOf(card), dir: await dirOf(holder) }];
  for (let i = 0; edition === 'premium' && i < 3; i++) {
    const { token } = await cloud.ok<Res<'card', 'createInvite'>>('card', holder, {
      action: 'createInvite',
      cardId: card.cardId,
    });
    const openid = user('crash-member');
    const joined = await cloud.ok<Res<'card', 'acceptInvite'>>('card', openid, {
      action: 'acceptInvite',
      token,
      ...person(),
    });
    people.push({ openid, memberId: selfOf(joined.card), dir: await dirOf(openid) });
  }
  return { cardId: card.cardId, edition, people };
}

async function create(cloud: LocalCloudProcess, r: Request): Promise<Envelope<Res<'order', 'create'>>> {
  return cloud.call<Res<'order', 'create'>>('order', r.openid, r.data);
}

/** Every order a person sees (served or placed), all pages. */
async function listAll(cloud: LocalCloudProcess, openid: string): Promise<Order[]> {
  const out: Order[] = [];
  let cursor: string | null = null;
  do {
    const page: Res<'order', 'list'> = await cloud.ok<Res<'order', 'list'>>('order', openid, {
      action: 'list',
      limit: 50,
      ...(cursor !== null ? { cursor } : {}),
    });
    out.push(...page.orders);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

async function ledgerAll(cloud: LocalCloudProcess, openid: string, cardId: string): Promise<LedgerRow[]> {
  const out: LedgerRow[] = [];
  let cursor: string | null = null;
  do {
    const page: Res<'card', 'ledger'> = await cloud.ok<Res<'card', 'ledger'>>('card', openid, {
      action: 'ledger',
      cardId,
      limit: 50,
      ...(cursor !== null ? { cursor } : {}),
    });
    out.push(...page.rows);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

function codeOf(e: Envelope<unknown> | undefined): string {
  return e === undefined ? 'no answer' : e.ok ? 'OK' : e.error.code;
}

function tally(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

interface RoundReport {
  firstAnswers: Record<string, number>;
  cutOff: number;
  orders: number;
  pools: number;
  ms: { load: number; restart: number; verify: number };
}

/** One round: load, kill, restart, verify. Returns what happened, for the log. */
async function round(seed: number, killAfter: number): Promise<RoundReport> {
  const random = prng(seed);
  const dataDir = mkdtempSync(join(tmpdir(), 'bluecard-crash-'));
  const env = { TZ: 'UTC' };
  let cloud = await startLocalCloud({ dataDir, seed: 'none', admins: [ADMIN], env });
  try {
    // the world: 6 premium cards (4 people each) and 6 pro cards
    await setClock(cloud, ACTIVATED);
    const cards: TestCard[] = [];
    for (let i = 0; i < 12; i++) cards.push(await newCard(cloud, i % 2 === 0 ? 'premium' : 'pro', i));
    await setClock(cloud, TODAY);

    const requests: Request[] = Array.from({ length: CREATES }, (_, i) => {
      const card = cards[Math.floor(random() * cards.length)] as TestCard;
      const who = card.people[Math.floor(random() * card.people.length)] as Person;
      const pick = BENEFITS[Math.floor(random() * BENEFITS.length)];
      if (!pick) throw new Error('no benefit');
      const { benefit, form } = pick;
      const requestId = `crash-${seed}-${i}-${Math.floor(random() * 1e9).toString(36)}`;
      return {
        openid: who.openid,
        requestId,
        cardId: card.cardId,
        data: { action: 'create', cardId: card.cardId, benefit, requestId, form: form(i, who.dir) },
      };
    });

    // load, and SIGKILL once `killAfter` answers are in
    const t0 = Date.now();
    let next = 0;
    let answered = 0;
    let killed: Promise<void> | null = null;
    const worker = async (): Promise<void> => {
      while (next < requests.length && killed === null) {
        const r = requests[next++] as Request;
        try {
          r.first = await create(cloud, r);
          answered += 1;
          if (answered >= killAfter && killed === null) killed = cloud.kill();
        } catch {
          // under way when the server died: committed or not, nobody knows yet
          r.cutOff = true;
        }
      }
    };
    await Promise.all(Array.from({ length: CALLERS }, worker));
    if (killed === null) killed = cloud.kill();
    await killed;
    const load = Date.now() - t0;

    // restart on the same folder; the clock is the process's, set it again
    const t1 = Date.now();
    cloud = await startLocalCloud({ dataDir, seed: 'none', admins: [ADMIN], env });
    await setClock(cloud, TODAY);
    const restart = Date.now() - t1;

    const t2 = Date.now();
    // R3.5 every pool equals its ledger
    const reconciled = await cloud.ok<Res<'admin', 'reconcile'>>('admin', ADMIN, { action: 'reconcile' });
    expect(reconciled.mismatches).toEqual([]);

    // every order answered before the crash is there, and its requestId answers it again, exactly
    const accepted = requests.filter((r) => r.first?.ok);
    expect(accepted.length).toBeGreaterThan(0);
    for (const r of accepted) {
      if (!r.first?.ok) continue;
      const got = await cloud.call<Res<'order', 'get'>>('order', r.openid, {
        action: 'get',
        orderId: r.first.data.order.orderId,
      });
      expect(codeOf(got)).toBe('OK');
      if (got.ok) expect(got.data.order.orderId).toBe(r.first.data.order.orderId);
    }

    // every request again: answered ones once, cut-off and unsent ones twice at once (racing)
    await Promise.all(
      requests.map(async (r) => {
        if (r.first !== undefined) {
          r.last = await create(cloud, r);
          if (r.first.ok) expect(r.last).toEqual(r.first);
          return;
        }
        const [a, b] = await Promise.all([create(cloud, r), create(cloud, r)]);
        if (a.ok || b.ok) {
          // a retry never takes a second unit: both got the one order
          expect(codeOf(a)).toBe('OK');
          expect(codeOf(b)).toBe('OK');
          if (a.ok && b.ok) expect(b.data.order.orderId).toBe(a.data.order.orderId);
        }
        r.last = a;
      }),
    );
    for (const r of requests) expect(codeOf(r.last)).not.toBe('INTERNAL');

    // each order is exactly one request's answer: none lost, none doubled
    const claimed = new Map<string, Request>();
    for (const r of requests) {
      if (!r.last?.ok) continue;
      const id = r.last.data.order.orderId;
      expect(claimed.has(id)).toBe(false);
      claimed.set(id, r);
    }
    const listed = new Map<string, Order>();
    for (const card of cards)
      for (const p of card.people) for (const o of await listAll(cloud, p.openid)) listed.set(o.orderId, o);
    expect([...listed.keys()].sort()).toEqual([...claimed.keys()].sort());

    // per pool: held + used = the orders holding or using a unit = the ledger's orders; never over total
    let pools = 0;
    for (const card of cards) {
      const holder = card.people[0] as Person;
      const { cards: mine } = await cloud.ok<{ cards: Card[] }>('card', holder.openid, { action: 'mine' });
      const view = mine.find((c) => c.cardId === card.cardId);
      if (!view) throw new Error(`card ${card.cardId} is gone`);
      const orders = [...listed.values()].filter((o) => o.cardId === card.cardId);
      const rows = await ledgerAll(cloud, holder.openid, card.cardId);
      for (const b of view.benefits) {
        if (b.total === null) continue;
        pools += 1;
        const ofPool = orders.filter((o) => o.benefit === b.key);
        const holding = ofPool.filter((o) => o.quota === 'held').length;
        const using = ofPool.filter((o) => o.quota === 'used').length;
        expect({ pool: `${card.cardId}:${b.key}`, held: b.held, used: b.used }).toEqual({
          pool: `${card.cardId}:${b.key}`,
          held: holding,
          used: using,
        });
        expect(b.held + b.used).toBeLessThanOrEqual(b.total);
        expect(b.remaining).toBe(b.total - b.held - b.used);
        // nothing was released here: one `hold` row per order, for exactly these orders
        const holds = rows.filter((row) => row.benefit === b.key).map((row) => `${row.change}:${row.orderId}`);
        expect(holds.sort()).toEqual(ofPool.map((o) => `hold:${o.orderId}`).sort());
      }
    }
    expect(reconciled.pools).toBe(pools);
    const verify = Date.now() - t2;

    return {
      firstAnswers: tally(requests.map((r) => codeOf(r.first))),
      cutOff: requests.filter((r) => r.cutOff).length,
      orders: listed.size,
      pools,
      ms: { load, restart, verify },
    };
  } finally {
    await cloud.kill().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe(`crash safety: ${CREATES} creates, SIGKILL after ~${KILL_AFTER} answers, restart (${ROUNDS} round${ROUNDS > 1 ? 's' : ''})`, () => {
  it(
    'every pool reconciles, no unit lost or doubled, every accepted request findable and answered the same',
    async () => {
      const random = prng(SEED);
      for (let i = 0; i < ROUNDS; i++) {
        // each round its own seed and kill point (± a third of KILL_AFTER)
        const seed = Math.floor(random() * 2 ** 31);
        const killAfter = i === 0 ? KILL_AFTER : Math.max(1, Math.round(KILL_AFTER * (0.67 + random() * 0.66)));
        const report = await round(seed, killAfter);
        console.log(
          `crash round ${i + 1}/${ROUNDS} (seed ${seed}, kill after ${killAfter}): ${JSON.stringify(report)}`,
        );
        expect(report.firstAnswers.OK ?? 0).toBeGreaterThan(0);
        expect(report.firstAnswers.QUOTA_EXHAUSTED ?? 0).toBeGreaterThan(0);
      }
    },
    ROUNDS * 180_000,
  );
});
