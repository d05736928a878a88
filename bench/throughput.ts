/**
 * `order.create` through the local cloud: the real server (dist/local/server.js, seed none,
 * timers off) over HTTP, 20 concurrent callers.
 *
 * A pool holds at most 48 units (quickConsult on a premium card), too few to time alone, and a
 * member may place 20 orders an hour (issue 10's limit). So the run goes through CARDS premium
 * cards (holder + 3 family members each), one pool after the other: the requests are a single
 * queue — card 1's 48 + OVERRUN quickConsult creates, then card 2's, … — spread over the card's
 * four people in turn, and 20 callers take from it without pause (so at a card change up to two
 * pools are hit at once). Every pool is overrun, so the check is the R3.2 one: exactly 48 accepted
 * per card and the rest QUOTA_EXHAUSTED, used + held = total, remaining 0, the ledger reconciles.
 * The rate is accepted creates over the wall time of the whole run, refusals included.
 */
import type { Envelope, Res } from '../typings/contract';
import { FORMS, Kit, STAFF, type TestCard } from '../test/http/order-kit';
import { emit, median, range, type Row } from './lib/report';
import { ACTIVATED, TODAY } from './lib/world';

const CALLERS = 20;
const CARDS = 30;
const POOL = 48;
const OVERRUN = 12;
const ROUNDS = 3;
const GOAL = 300;

interface Job {
  card: TestCard;
  openid: string;
}

async function run(kit: Kit, cards: readonly TestCard[]): Promise<{ seconds: number; answers: Map<string, Envelope<unknown>[]> }> {
  const jobs: Job[] = cards.flatMap((card) => {
    const people = [card.holder, ...card.members];
    return Array.from({ length: POOL + OVERRUN }, (_, i) => ({ card, openid: (people[i % people.length] ?? card.holder).openid }));
  });
  const answers = new Map<string, Envelope<unknown>[]>(cards.map((c) => [c.cardId, []]));
  let next = 0;
  const caller = async (): Promise<void> => {
    for (let j = jobs[next++]; j; j = jobs[next++]) {
      const a = await kit.create(j.openid, j.card, 'quickConsult', FORMS.quickConsult());
      answers.get(j.card.cardId)?.push(a);
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CALLERS }, caller));
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, answers };
}

export async function throughput(): Promise<void> {
  const kit = await Kit.start('none');
  try {
    const rates: number[] = [];
    const problems: string[] = [];
    let accepted = 0;
    let refused = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const cards: TestCard[] = [];
      for (let i = 0; i < CARDS; i++) cards.push(await kit.newCard('premium', ACTIVATED, 3));
      await kit.at(TODAY);
      const { seconds, answers } = await run(kit, cards);
      let ok = 0;
      for (const card of cards) {
        const got = answers.get(card.cardId) ?? [];
        const codes = new Map<string, number>();
        for (const a of got) codes.set(a.ok ? 'OK' : a.error.code, (codes.get(a.ok ? 'OK' : a.error.code) ?? 0) + 1);
        const okHere = codes.get('OK') ?? 0;
        ok += okHere;
        refused += got.length - okHere;
        const pool = await kit.pool(card, 'quickConsult');
        const others = [...codes.keys()].filter((k) => k !== 'OK' && k !== 'QUOTA_EXHAUSTED');
        if (okHere !== POOL || pool.used + pool.held !== POOL || pool.remaining !== 0 || others.length) {
          problems.push(`${card.cardId}: ${JSON.stringify(Object.fromEntries(codes))}, pool ${JSON.stringify(pool)}`);
        }
      }
      accepted += ok;
      rates.push(ok / seconds);
      console.log(`round ${round + 1}: ${ok} accepted in ${seconds.toFixed(2)} s = ${(ok / seconds).toFixed(0)}/s`);
    }
    const rec = await kit.reconcile();
    const overSpend = problems.length + rec.mismatches.length;
    for (const p of problems.slice(0, 5)) console.log(`pool problem: ${p}`);
    const rate = median(rates);
    const rows: Row[] = [
      {
        figure: `order.create through the local cloud, ${CALLERS} concurrent callers on one pool at a time`,
        goal: `≥ ${GOAL}/s, zero over-spend`,
        measured: `${rate.toFixed(0)}/s (rounds ${range(rates, 0)}); over-spend ${overSpend}`,
        met: rate >= GOAL && overSpend === 0,
      },
    ];
    emit({
      bench: 'throughput',
      rows,
      notes: [
        `The local cloud over HTTP (seed none, timers off), ${CALLERS} callers with keep-alive taking from one queue of requests: per premium card ${POOL} + ${OVERRUN} quickConsult creates from its 4 people in turn, ${CARDS} cards one after the other, ${ROUNDS} rounds; the median round's accepted creates per second (refusals inside the time). A pool holds at most ${POOL} units and a member may place 20 orders an hour, hence one pool after another rather than one large pool.`,
        `Over-spend: a card with other than exactly ${POOL} accepted, or used + held ≠ ${POOL}, or remaining ≠ 0, plus admin.reconcile mismatches. This run: ${accepted} accepted, ${refused} refused, ${overSpend} problems.`,
        `Staff (${Object.values(STAFF).join(', ')}) exist as in the HTTP tests; the clock stands at ${TODAY}.`,
      ],
    });
  } finally {
    await kit.stop();
  }
}
