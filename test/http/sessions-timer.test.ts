/**
 * R4 consult sessions end by themselves: the reminders timer warns 3 minutes before the end and
 * completes the session once its time is over (quick consult text: 2 hours after take-over).
 */
import { peek } from './db-peek';
import { FORMS, Kit, STAFF, dataOf, type TestCard } from './order-kit';

let kit: Kit;
let card: TestCard;
const TAKEN = '2026-06-01T10:00:00+08:00';

beforeAll(async () => {
  kit = await Kit.start('none');
  card = await kit.newCard('premium', '2026-05-01T10:00:00+08:00');
});
afterAll(async () => {
  await kit.stop();
});

async function runReminders(): Promise<Record<string, unknown>> {
  const res = await kit.cloud.raw('/_dev/run/reminders', { method: 'POST' });
  return dataOf((await res.json()) as Parameters<typeof dataOf<Record<string, unknown>>>[0]);
}

describe('R4 quick consult sessions close on the timer', () => {
  it('warns at 3 minutes left, completes at the end, and leaves the unit used', async () => {
    await kit.at('2026-06-01T09:59:00+08:00');
    const o = await kit.order(card.holder.openid, card, 'quickConsult', FORMS.quickConsult());
    await kit.at(TAKEN);
    const taken = await kit.step(STAFF.doctor, { orderId: o.orderId, step: 'accept' });
    expect(taken).toMatchObject({ status: 'in_service', dueAt: '2026-06-01T12:00:00+08:00' });

    // issue 10: the doctor reading the member's consult is written to the audit log, without content
    const before = peek<{ kind: string; orderId: string | null }>(kit.cloud.dataDir, 'audit').length;
    await kit.cloud.ok('order', STAFF.doctor, { action: 'messages', orderId: o.orderId });
    const rows = peek<{ kind: string; orderId: string | null; openid: string }>(kit.cloud.dataDir, 'audit').slice(
      before,
    );
    expect(rows).toEqual([expect.objectContaining({ kind: 'viewThread', orderId: o.orderId, openid: STAFF.doctor })]);
    // the member reading their own consult is not a staff view
    await kit.cloud.ok('order', card.holder.openid, { action: 'messages', orderId: o.orderId });
    expect(peek(kit.cloud.dataDir, 'audit')).toHaveLength(before + 1);

    await kit.at('2026-06-01T11:50:00+08:00');
    expect(await runReminders()).toMatchObject({ sessionsWarned: 0, sessionsClosed: 0 });

    await kit.at('2026-06-01T11:57:30+08:00');
    expect(await runReminders()).toMatchObject({ sessionsWarned: 1, sessionsClosed: 0 });
    // once only
    expect(await runReminders()).toMatchObject({ sessionsWarned: 0, sessionsClosed: 0 });

    await kit.at('2026-06-01T12:00:01+08:00');
    expect(await runReminders()).toMatchObject({ sessionsClosed: 1 });
    const closed = dataOf(await kit.get(card.holder.openid, o.orderId)).order;
    expect(closed).toMatchObject({ status: 'completed', quota: 'used', awaiting: null });
    expect(closed.timeline.at(-1)).toMatchObject({ status: 'completed', by: 'system' });
    expect(await runReminders()).toMatchObject({ sessionsClosed: 0 });
    expect((await kit.reconcile(card.cardId)).mismatches).toEqual([]);
  });
});
