/**
 * Database round trips per `order.create`, counted by the store (`store.stats.roundTrips`) around
 * one call of the built `order` function, in this process:
 * - over the local cloud's SQLite store (the goal's figure; what a round trip is per adapter is
 *   in docs/decisions.md: there, one operation outside a transaction, or one whole transaction);
 * - over the CloudBase adapter and the SDK double, where every request to the service counts,
 *   each operation inside a transaction too (what a deployed create costs).
 * A counted benefit (outpatientGreen: a pool, a hospital looked up) and an unlimited one
 * (familyDoctor: no pool, the signed doctor looked up).
 */
import type { Res } from '../typings/contract';
import { emit, type Row } from './lib/report';
import {
  ACTIVATED,
  HOSPITAL,
  TODAY,
  WANTED,
  cloudbaseHost,
  newCard,
  putDirectory,
  sqliteHost,
  type Host,
} from './lib/world';

const GOAL = 3;

interface Counts {
  outpatientGreen: number;
  familyDoctor: number;
}

async function countCreates(h: Host): Promise<Counts> {
  await putDirectory(h.store);
  const card = await newCard(h, 'premium', ACTIVATED, 1);
  h.clock.set(new Date(TODAY));
  const holder = card.holder;
  await h.ok<Res<'order', 'signDoctor'>>('order', holder, {
    action: 'signDoctor',
    cardId: card.cardId,
    doctorId: 'd-001',
  });

  let n = 0;
  const measure = async (benefit: keyof Counts, form: unknown): Promise<number> => {
    // a warm-up create of the same kind first: the figure is a steady-state call
    const counts: number[] = [];
    for (let i = 0; i < 2; i++) {
      const before = h.store.stats.roundTrips;
      await h.ok('order', holder, {
        action: 'create',
        cardId: card.cardId,
        benefit,
        requestId: `bench-rt-${++n}`,
        form,
      });
      counts.push(h.store.stats.roundTrips - before);
    }
    return counts[1] ?? Number.NaN;
  };
  return {
    outpatientGreen: await measure('outpatientGreen', {
      hospital: HOSPITAL,
      department: '心血管内科',
      wantedDate: WANTED[0],
    }),
    familyDoctor: await measure('familyDoctor', { question: '孩子发烧 38 度要不要去医院' }),
  };
}

export async function roundTrips(): Promise<void> {
  const sqlite = sqliteHost();
  const cloud = cloudbaseHost();
  try {
    const local = await countCreates(sqlite);
    const deployed = await countCreates(cloud);
    const rows: Row[] = [
      {
        figure: 'DB round trips per order.create, SQLite store: outpatientGreen (counted) / familyDoctor (unlimited)',
        goal: `≤ ${GOAL}`,
        measured: `${local.outpatientGreen} / ${local.familyDoctor}`,
        met: local.outpatientGreen <= GOAL && local.familyDoctor <= GOAL,
      },
      {
        figure: 'DB requests per order.create, CloudBase adapter (SDK double): outpatientGreen / familyDoctor',
        goal: `≤ ${GOAL}`,
        measured: `${deployed.outpatientGreen} / ${deployed.familyDoctor}`,
        met: deployed.outpatientGreen <= GOAL && deployed.familyDoctor <= GOAL,
      },
    ];
    emit({
      bench: 'round-trips',
      rows,
      notes: [
        'Round trips: `store.stats.roundTrips` before and after one `order.create` (the second of its kind, in process, through the built `order` bundle).',
        'SQLite counts one per operation outside a transaction and one per transaction; CloudBase counts every request to the service, start and commit of a transaction and each operation inside it included (docs/decisions.md).',
      ],
    });
  } finally {
    await sqlite.close();
    await cloud.close();
  }
}
