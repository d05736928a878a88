/**
 * R5.3 the sender through the real local cloud, with the local sink told to fail:
 * - 30% of sends fail (BLUECARD_SINK_FAIL_RATE=0.3, a fixed seed, so the run is repeatable);
 *   running the sender again and again, the clock moved past each backoff, ends with every
 *   notice sent exactly once (one sentLog row per notice);
 * - senders that overlap (concurrent POST /_dev/run/sender) never send one notice twice;
 * - permanent errors (43101, 47003) end a notice `failed` with its code, no retries, shown to ops.
 */
import type { Notice, Res } from '../../typings/contract';
import type { SentRow } from './local-cloud';
import { ADMIN, FORMS, Kit, STAFF, Ticker, dataOf, type TestCard } from './order-kit';

const ACTIVATED = '2026-11-01T10:00:00+08:00';
const TODAY = '2026-11-25T10:00:00+08:00';

/** Places `n` quick consults and has a doctor take each: 2n notices (SMS + subscription). */
async function consultNotices(kit: Kit, clock: Ticker, card: TestCard, n: number): Promise<string[]> {
  const me = card.holder.openid;
  for (let i = 0; i < n; i++)
    await kit.cloud.ok('notify', me, { action: 'subscribe', results: { doctorTaken: 'accept' } });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const o = await kit.order(me, card, 'quickConsult', FORMS.quickConsult('text'));
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: o.orderId, step: 'accept' });
    ids.push(o.orderId);
  }
  return ids;
}

function byNotice(sent: SentRow[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of sent) m.set(s.noticeId, (m.get(s.noticeId) ?? 0) + 1);
  return m;
}

describe('R5.3 a sender with 30% of sends failing ends with every notice sent exactly once', () => {
  let kit: Kit;
  let clock: Ticker;
  beforeAll(async () => {
    kit = await Kit.start('none', { BLUECARD_SINK_FAIL_RATE: '0.3', BLUECARD_SINK_SEED: '7' });
    clock = new Ticker(kit, TODAY);
  });
  afterAll(async () => {
    await kit.stop();
  });

  it('retries with backoff until all are sent; one sentLog row per notice', async () => {
    // two cards: a member places at most 20 orders an hour (rate limit)
    for (let i = 0; i < 2; i++) {
      const card = await kit.newCard('premium', ACTIVATED);
      await clock.set(TODAY);
      await consultNotices(kit, clock, card, 12);
    }
    const notices = await kit.cloud.outbox();
    expect(notices).toHaveLength(48);

    let rounds = 0;
    const reports = [];
    while ((await kit.cloud.outbox()).some((n) => n.status === 'pending') && rounds < 20) {
      reports.push(dataOf(await kit.cloud.run<Res<'sender', 'tick'>>('sender')));
      // past any backoff (capped at an hour)
      await clock.tick(61);
      rounds++;
    }
    const after = await kit.cloud.outbox();
    expect(after.map((n) => n.status)).toEqual(notices.map(() => 'sent'));
    // failures did happen, and were retried: a notice tried more than once kept its error code
    const retried = after.filter((n) => n.attempts > 1);
    expect(retried.length).toBeGreaterThan(5);
    for (const n of retried) expect(n.lastError).toBe('-1');
    expect(reports.reduce((s, r) => s + r.retrying, 0)).toBe(after.reduce((s, n) => s + n.attempts - 1, 0));

    const sent = byNotice(await kit.cloud.sent());
    expect(sent.size).toBe(notices.length);
    for (const n of notices) expect(sent.get(n.noticeId)).toBe(1);

    // and again: nothing more
    await kit.cloud.run('sender');
    expect((await kit.cloud.sent()).length).toBe(notices.length);
  });

  it('overlapping senders (and a retried function) never send one notice twice', async () => {
    const card = await kit.newCard('premium', ACTIVATED);
    await clock.set('2026-11-26T10:00:00+08:00');
    const before = new Set((await kit.cloud.outbox()).map((n) => n.noticeId));
    await consultNotices(kit, clock, card, 15);
    const fresh = (await kit.cloud.outbox()).filter((n: Notice) => !before.has(n.noticeId));
    expect(fresh).toHaveLength(30);

    for (let round = 0; round < 20 && (await kit.cloud.outbox()).some((n) => n.status === 'pending'); round++) {
      // four senders at once, every round
      const answers = await Promise.all([0, 1, 2, 3].map(() => kit.cloud.run<Res<'sender', 'tick'>>('sender')));
      for (const a of answers) expect(a.ok).toBe(true);
      await clock.tick(61);
    }
    const sent = byNotice(await kit.cloud.sent());
    for (const n of fresh) expect(sent.get(n.noticeId)).toBe(1);
    expect((await kit.cloud.outbox()).every((n) => n.status === 'sent')).toBe(true);
  });
});

describe('R5.3 permanent errors stop retries and are shown to ops', () => {
  let kit: Kit;
  let clock: Ticker;
  beforeAll(async () => {
    kit = await Kit.start('none', { BLUECARD_SINK_FAIL_RATE: '1', BLUECARD_SINK_FAIL_CODES: '43101,47003' });
    clock = new Ticker(kit, TODAY);
  });
  afterAll(async () => {
    await kit.stop();
  });

  it('43101 / 47003: failed after one try, kept with the code, never tried again', async () => {
    const card = await kit.newCard('premium', ACTIVATED);
    await clock.set(TODAY);
    await consultNotices(kit, clock, card, 4);
    expect(dataOf(await kit.cloud.run<Res<'sender', 'tick'>>('sender'))).toEqual({
      sent: 0,
      retrying: 0,
      failed: 8,
      skipped: 0,
    });
    await clock.tick(24 * 60);
    expect(dataOf(await kit.cloud.run<Res<'sender', 'tick'>>('sender'))).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
      skipped: 0,
    });
    const after = await kit.cloud.outbox();
    expect(after).toHaveLength(8);
    for (const n of after) {
      expect(n.status).toBe('failed');
      expect(n.attempts).toBe(1);
      expect(['43101', '47003']).toContain(n.lastError);
    }
    expect(await kit.cloud.sent()).toEqual([]);

    const ops = await kit.cloud.ok<Res<'admin', 'outbox'>>('admin', ADMIN, { action: 'outbox', status: 'failed' });
    expect(ops.counts).toEqual({ pending: 0, sent: 0, failed: 8, skipped: 0 });
    expect(ops.notices.map((n) => n.noticeId).sort()).toEqual(after.map((n) => n.noticeId).sort());
    for (const n of ops.notices.filter((x) => x.channel === 'sms'))
      expect(n.to).toBe(`${card.holder.person.phone.slice(0, 3)}****${card.holder.person.phone.slice(-4)}`);
  });
});
