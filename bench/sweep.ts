/**
 * Reminder and SLA sweep time with 100,000 cards vs 10,000, the same number due.
 *
 * Two worlds are seeded straight through the SQLite store (the functions would take hours), each
 * in its own data folder: N activated premium cards with their holder, one completed order each,
 * and the reminders such a world carries — per card its pending card-expiring reminder (months
 * ahead) and two done ones (the waiting-period notice and the order's SLA warning). On top, the
 * same DUE items in both: DUE/2 cards whose waiting period ends today (a pending waitingOver due
 * now) and DUE/2 open outpatientGreen orders awaiting the agent, whose SLA warning is due now.
 *
 * Timed: the `reminders` trigger (the built function, as the timer runs it) over each world,
 * alternated A B A B with a warm-up, each run from the same state (what a run wrote is put back
 * after it); the figure is the ratio of the medians. The staff SLA queue (staff.queue for the
 * agent: open orders by deadline) is timed the same way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReminderReport } from '../typings/contract';
import { roleFor } from '../server/domain/catalog';
import { firstStep } from '../server/domain/order-flow';
import { slaWarningAt, waitingOverAt } from '../server/domain/reminders';
import { formatInstant } from '../server/domain/time';
import { reminderId } from '../server/app/notify/schedule';
import { openLocalCloud, type LocalCloud } from '../server/local/cloud';
import type { CardDoc, MemberDoc, OrderDoc, ReminderDoc } from '../server/store/collections';
import type { CollectionName, Collections } from '../server/store/collections';
import type { Store } from '../server/store/port';
import { openSqliteStore } from '../server/store/sqlite';
import { emit, median, range, type Row } from './lib/report';
import { ADMIN, ROOT, silent } from './lib/world';

const SMALL = 10_000;
const LARGE = 100_000;
const DUE = 1_000;
const RUNS = 5;
const QUEUE_RUNS = 15;
const GOAL = 1.5;

const NOW = new Date('2026-06-01T10:00:00+08:00');
const AGENTS = ['bench-agent-1', 'bench-agent-2', 'bench-agent-3'];

async function insertAll<C extends CollectionName>(
  store: Store,
  coll: C,
  docs: Iterable<Collections[C]>,
): Promise<void> {
  let batch: Collections[C][] = [];
  const flush = async () => {
    const b = batch;
    batch = [];
    await store.transaction(async (tx) => {
      for (const d of b) await tx.insert(coll, d);
    });
  };
  for (const d of docs) {
    batch.push(d);
    if (batch.length >= 5000) await flush();
  }
  if (batch.length) await flush();
}

function* range0(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

const at = formatInstant;
const DAY = 86400_000;

interface World {
  dir: string;
  /** the due reminders as seeded: put back after each timed run */
  due: ReminderDoc[];
}

/** A world of n cards, DUE of its items due now. */
async function seed(n: number): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), `bluecard-bench-sweep-${n}-`));
  const store = openSqliteStore(join(dir, 'bluecard.db'));
  const cardId = (i: number) => `card_${String(i).padStart(7, '0')}`;
  const memberId = (i: number) => `mem_${String(i).padStart(7, '0')}`;
  const orderId = (i: number) => `ord_${String(i).padStart(7, '0')}`;
  const waitingToday = DUE / 2;
  // the first DUE/2 cards were activated 10 days ago (their waiting period ends today), the rest
  // spread over the past five months
  const activatedAt = (i: number) =>
    i < waitingToday ? new Date(NOW.getTime() - 10 * DAY - 3600_000) : new Date(NOW.getTime() - (20 + (i % 150)) * DAY);
  const card = (i: number): CardDoc => ({
    _id: cardId(i),
    cardNo: `8860${String(i).padStart(12, '0')}`,
    codeHash: 'x'.repeat(43),
    edition: 'premium',
    orderNo: `BENCH-${i}`,
    orderDate: '2026-01-05',
    activationDeadline: '2026-04-05T23:59:59+08:00',
    issuePhoneEnc: null,
    activatedAt: at(activatedAt(i)),
    holderOpenid: `holder-${i}`,
    holderMemberId: memberId(i),
    familyCount: 0,
    createdAt: '2026-01-05T10:00:00+08:00',
  });
  const member = (i: number): MemberDoc => ({
    _id: memberId(i),
    cardId: cardId(i),
    openid: `holder-${i}`,
    role: 'holder',
    nameEnc: 'e'.repeat(60),
    nameMasked: '王*明',
    idHash: `h${i}`,
    idEnc: 'e'.repeat(80),
    phoneEnc: 'e'.repeat(64),
    joinedAt: at(activatedAt(i)),
    removedAt: null,
  });
  const step = firstStep('outpatientGreen');
  const role = step ? (roleFor('outpatientGreen', step) ?? null) : null;
  const openDue = new Date(NOW.getTime() + 3 * 3600_000);
  const isOpen = (i: number) => i >= n - DUE / 2;
  const order = (i: number): OrderDoc => {
    const created = at(new Date(activatedAt(i).getTime() + 2 * DAY));
    const base = {
      _id: orderId(i),
      cardId: cardId(i),
      benefit: 'outpatientGreen' as const,
      personId: memberId(i),
      personOpenid: `holder-${i}`,
      placedByOpenid: `holder-${i}`,
      placedBy: 'member' as const,
      form: { hospital: '复旦大学附属中山医院', department: '心血管内科', wantedDate: '2026-06-04' },
      rev: 0,
      createdAt: created,
      updatedAt: created,
      stepAt: created,
    };
    return isOpen(i)
      ? {
          ...base,
          status: 'submitted',
          quota: 'held',
          awaiting: step,
          awaitingRole: role,
          dueAt: at(openDue),
          timeline: [{ status: 'submitted', at: created, by: 'member' }],
          open: true,
        }
      : {
          ...base,
          status: 'completed',
          quota: 'used',
          awaiting: null,
          awaitingRole: null,
          dueAt: null,
          timeline: [
            { status: 'submitted', at: created, by: 'member' },
            { status: 'completed', at: created, by: 'staff' },
          ],
          open: false,
        };
  };
  const due: ReminderDoc[] = [];
  function* reminders(): Generator<ReminderDoc> {
    for (let i = 0; i < n; i++) {
      const act = activatedAt(i);
      const waiting: ReminderDoc = {
        _id: reminderId('waitingOver', cardId(i)),
        kind: 'waitingOver',
        status: i < waitingToday ? 'pending' : 'done',
        dueAt: at(i < waitingToday ? new Date(NOW.getTime() - 60_000) : waitingOverAt(act)),
        cardId: cardId(i),
        orderId: null,
        ref: at(act),
        variant: '',
        createdAt: at(act),
        ...(i < waitingToday ? {} : { closedAt: at(waitingOverAt(act)) }),
      };
      if (i < waitingToday) due.push(waiting);
      yield waiting;
      yield {
        _id: reminderId('cardExpiring', cardId(i)),
        kind: 'cardExpiring',
        status: 'pending',
        dueAt: at(new Date(act.getTime() + 335 * DAY)),
        cardId: cardId(i),
        orderId: null,
        ref: at(act),
        variant: '',
        createdAt: at(act),
      };
      const o = order(i);
      const sla: ReminderDoc = isOpen(i)
        ? {
            _id: reminderId('slaWarning', o._id),
            kind: 'slaWarning',
            status: 'pending',
            dueAt: at(new Date(Math.min(slaWarningAt(openDue, NOW)?.getTime() ?? 0, NOW.getTime() - 60_000))),
            cardId: cardId(i),
            orderId: o._id,
            ref: `${step ?? ''}@${o.dueAt ?? ''}`,
            variant: '',
            createdAt: o.createdAt,
          }
        : {
            _id: reminderId('slaWarning', o._id),
            kind: 'slaWarning',
            status: 'done',
            dueAt: o.createdAt,
            cardId: cardId(i),
            orderId: o._id,
            ref: `accept@${o.createdAt}`,
            variant: '',
            createdAt: o.createdAt,
            closedAt: o.createdAt,
          };
      if (isOpen(i)) due.push(sla);
      yield sla;
    }
  }
  await insertAll(
    store,
    'cards',
    (function* () {
      for (const i of range0(n)) yield card(i);
    })(),
  );
  await insertAll(
    store,
    'members',
    (function* () {
      for (const i of range0(n)) yield member(i);
    })(),
  );
  await insertAll(
    store,
    'orders',
    (function* () {
      for (const i of range0(n)) yield order(i);
    })(),
  );
  await insertAll(store, 'reminders', reminders());
  await insertAll(
    store,
    'staff',
    AGENTS.map((id) => ({ _id: id, name: '郑专员', roles: role ? [role] : [], updatedAt: at(NOW) })),
  );
  await store.close();
  return { dir, due };
}

function open(w: World): LocalCloud {
  const cloud = openLocalCloud({
    root: ROOT,
    dataDir: w.dir,
    env: { ...process.env, BLUECARD_ADMIN_OPENIDS: ADMIN },
    log: silent,
  });
  cloud.clock.set(NOW);
  return cloud;
}

/** Puts back what a sweep changed: the due reminders pending again, no notices. */
async function reset(cloud: LocalCloud, w: World): Promise<void> {
  const store = cloud.rt.store;
  const notices = await store.find('outbox', {});
  await store.transaction(async (tx) => {
    for (const r of w.due) await tx.put('reminders', r);
    for (const o of notices) await tx.remove('outbox', o._id);
  });
}

async function timeSweep(cloud: LocalCloud, w: World): Promise<number> {
  const t0 = process.hrtime.bigint();
  const answer = await cloud.run('reminders');
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!answer?.ok) throw new Error(`sweep failed: ${JSON.stringify(answer)}`);
  const report = answer.data as ReminderReport;
  if (report.processed !== DUE || report.cancelled !== 0)
    throw new Error(`sweep did other work than planned: ${JSON.stringify(report)}`);
  await reset(cloud, w);
  return ms;
}

async function timeQueue(cloud: LocalCloud): Promise<number> {
  const t0 = process.hrtime.bigint();
  const answer = await cloud.call('staff', AGENTS[0] ?? '', { action: 'queue' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!answer.ok) throw new Error(`queue failed: ${JSON.stringify(answer)}`);
  return ms;
}

/** A then B, B then A, …: each pair's order alternates, so drift hits both alike. */
async function alternate(
  runs: number,
  a: () => Promise<number>,
  b: () => Promise<number>,
): Promise<[number[], number[]]> {
  const as: number[] = [];
  const bs: number[] = [];
  await a();
  await b();
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      as.push(await a());
      bs.push(await b());
    } else {
      bs.push(await b());
      as.push(await a());
    }
  }
  return [as, bs];
}

export async function sweep(): Promise<void> {
  const t0 = Date.now();
  const small = await seed(SMALL);
  const large = await seed(LARGE);
  console.log(`seeded ${SMALL} and ${LARGE} cards in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const a = open(small);
  const b = open(large);
  try {
    const [sa, sb] = await alternate(
      RUNS,
      () => timeSweep(a, small),
      () => timeSweep(b, large),
    );
    const [qa, qb] = await alternate(
      QUEUE_RUNS,
      () => timeQueue(a),
      () => timeQueue(b),
    );
    const sweepRatio = median(sb) / median(sa);
    const queueRatio = median(qb) / median(qa);
    console.log(
      `sweep ms ${SMALL}: ${sa.map((x) => x.toFixed(0)).join(' ')}; ${LARGE}: ${sb.map((x) => x.toFixed(0)).join(' ')}`,
    );
    console.log(
      `queue ms ${SMALL}: ${qa.map((x) => x.toFixed(1)).join(' ')}; ${LARGE}: ${qb.map((x) => x.toFixed(1)).join(' ')}`,
    );
    const rows: Row[] = [
      {
        figure: `reminders sweep (reminder + SLA warnings), ${LARGE / 1000}k cards vs ${SMALL / 1000}k, ${DUE} due in both`,
        goal: `ratio ≤ ${GOAL}`,
        measured: `${sweepRatio.toFixed(2)} (${median(sb).toFixed(0)} / ${median(sa).toFixed(0)} ms)`,
        met: sweepRatio <= GOAL,
      },
      {
        figure: `  staff SLA queue (staff.queue, agent), same worlds`,
        goal: `ratio ≤ ${GOAL}`,
        measured: `${queueRatio.toFixed(2)} (${median(qb).toFixed(1)} / ${median(qa).toFixed(1)} ms)`,
        met: queueRatio <= GOAL,
      },
    ];
    emit({
      bench: 'sweep',
      rows,
      notes: [
        `Worlds seeded through the SQLite store: per card its holder, one order and three reminders (a pending card-expiring one months ahead, a done waiting-period one, a done SLA warning); ${DUE / 2} waiting-period reminders and ${DUE / 2} SLA warnings of open orders due now in both worlds. Pools, ledgers and outbox history are left out: the sweep does not read them.`,
        `The built reminders function run as its timer runs it, ${RUNS} runs per world after a warm-up, A B / B A alternated, each from the same state (what a run wrote is put back); ratio of the medians (runs ${range(sa, 0)} ms and ${range(sb, 0)} ms). staff.queue the same way, ${QUEUE_RUNS} runs.`,
        'Every query the sweep makes goes through an index: due reminders by (status, dueAt), cards and orders by id, members by (cardId, removedAt); so its time follows the number due, not the number of cards.',
      ],
    });
  } finally {
    await a.close();
    await b.close();
    rmSync(small.dir, { recursive: true, force: true });
    rmSync(large.dir, { recursive: true, force: true });
  }
}
