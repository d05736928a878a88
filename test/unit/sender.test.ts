/**
 * R5.3 the sender's bookkeeping, run directly over a SQLite store with a scripted sink (the HTTP
 * tests run it through the local cloud): one consent per message however often it is retried,
 * backoff and permanent errors, a claim left by a sender that died, and a sink that throws. And
 * the sweeps' cost: they read through indexes only what is due.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSender } from '../../server/app/notify/sender';
import { reminderId } from '../../server/app/notify/schedule';
import { sweepReminders } from '../../server/app/notify/sweep';
import { consentId, recordAnswer } from '../../server/app/notify/consent';
import { enqueue, noticeId, type NewNotice } from '../../server/app/outbox';
import { formatInstant } from '../../server/domain/time';
import { makeCtx, type Runtime } from '../../server/runtime/router';
import type { OutgoingNotice, SendResult } from '../../server/runtime/sink';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite';

let dir: string;
let store: SqliteStore;
let now: Date;
let script: ((n: OutgoingNotice) => SendResult | Promise<SendResult>)[];
const sends: OutgoingNotice[] = [];

function rt(): Runtime {
  return {
    store,
    clock: { now: () => now },
    config: { adminOpenids: new Set(), secret: Buffer.alloc(32, 1), dataKey: Buffer.alloc(32, 2) },
    log: { info: () => undefined, error: () => undefined },
    sink: {
      send: async (n) => {
        sends.push(n);
        const next = script.shift();
        return next ? next(n) : { ok: true };
      },
    },
  };
}

const run = () => runSender(makeCtx({ openid: '' }, rt()));
const outbox = (id: string) => store.get('outbox', id);

const SUB: NewNotice = {
  channel: 'subscribe',
  to: 'o-member',
  template: 'orderBooked',
  data: { thing1: '门诊绿通' },
  dedupeKey: 'k-sub',
};
const SMS: NewNotice = {
  channel: 'sms',
  to: '13800138000',
  template: 'bookingMade',
  text: '【太医蓝卡】…',
  vars: { date: '12月1日', period: '上午', hospital: 'H', address: 'A' },
  dedupeKey: 'k-sms',
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bluecard-sender-'));
  store = openSqliteStore(join(dir, 'db.sqlite'));
  now = new Date('2026-11-25T02:00:00Z');
  script = [];
  sends.length = 0;
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function write(n: NewNotice): Promise<string> {
  await store.transaction((tx) => enqueue(tx, n, now));
  return noticeId(n.channel, n.dedupeKey);
}

const minutes = (m: number) => {
  now = new Date(now.getTime() + m * 60_000);
};

describe('R5.2 consent: one per message', () => {
  it('no consent → skipped (NO_CONSENT), kept, nothing sent', async () => {
    const id = await write(SUB);
    expect(await run()).toEqual({ sent: 0, retrying: 0, failed: 0, skipped: 1 });
    expect(await outbox(id)).toMatchObject({ status: 'skipped', lastError: 'NO_CONSENT', attempts: 0 });
    expect(sends).toEqual([]);
  });

  it('a retried message takes its consent once: accepted once, failed once, then sent', async () => {
    await recordAnswer(store, 'o-member', 'orderBooked', 'accept', now);
    const id = await write(SUB);
    script = [() => ({ ok: false, code: '-1' })];
    expect(await run()).toMatchObject({ retrying: 1 });
    expect((await store.get('consents', consentId('o-member', 'orderBooked')))?.count).toBe(0);
    minutes(1);
    expect(await run()).toMatchObject({ sent: 1, skipped: 0 });
    expect(await outbox(id)).toMatchObject({ status: 'sent', attempts: 2, lastError: '-1' });
    expect(sends.map((s) => s.attempt)).toEqual([1, 2]);
  });

  it('the template id and page come from settings; SMS parameters follow the configured order', async () => {
    await store.put('settings', {
      _id: 'notices',
      value: {
        subscribe: { orderBooked: { templateId: 'T-OB' } },
        sms: { bookingMade: { templateId: 'S-BM', params: ['hospital', 'date'] } },
      },
      updatedAt: formatInstant(now),
    });
    await recordAnswer(store, 'o-member', 'orderBooked', 'accept', now);
    await write({ ...SUB, page: 'member/pages/order/index?orderId=o1' });
    await write(SMS);
    await run();
    expect(sends.map((s) => [s.channel, s.templateId, s.page ?? s.params?.join('|')])).toEqual([
      ['subscribe', 'T-OB', 'member/pages/order/index?orderId=o1'],
      ['sms', 'S-BM', 'H|12月1日'],
    ]);
  });
});

describe('R5.3 retries', () => {
  it('waits its backoff: nothing is tried before, one try after', async () => {
    const id = await write(SMS);
    script = [() => ({ ok: false, code: '-1' }), () => ({ ok: false, code: '-1' })];
    await run(); // try 1 fails → next in 1 min
    minutes(0.5);
    expect(await run()).toEqual({ sent: 0, retrying: 0, failed: 0, skipped: 0 });
    minutes(0.5);
    await run(); // try 2 fails → next in 2 min
    minutes(1);
    await run();
    expect(sends).toHaveLength(2);
    minutes(1);
    await run();
    expect(await outbox(id)).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('a permanent error ends it failed with its code; no more tries', async () => {
    const id = await write(SMS);
    script = [() => ({ ok: false, code: '47003' })];
    expect(await run()).toMatchObject({ failed: 1 });
    minutes(120);
    await run();
    expect(sends).toHaveLength(1);
    expect(await outbox(id)).toMatchObject({ status: 'failed', attempts: 1, lastError: '47003' });
  });

  it('a sink that throws is a transient failure', async () => {
    const id = await write(SMS);
    script = [() => Promise.reject(new Error('socket hang up'))];
    expect(await run()).toMatchObject({ retrying: 1 });
    expect(await outbox(id)).toMatchObject({ status: 'pending', lastError: 'SINK_ERROR', attempts: 1 });
  });

  it('a claim whose sender died ends failed (LEASE_EXPIRED), not sent a second time', async () => {
    const id = await write(SMS);
    await store.update('outbox', id, {
      $set: { status: 'sending', lease: 'dead', nextAttemptAt: formatInstant(new Date(now.getTime() + 5 * 60_000)) },
    });
    minutes(4);
    expect(await run()).toEqual({ sent: 0, retrying: 0, failed: 0, skipped: 0 });
    minutes(2);
    expect(await run()).toMatchObject({ failed: 1 });
    expect(await outbox(id)).toMatchObject({ status: 'failed', lastError: 'LEASE_EXPIRED' });
    expect(sends).toEqual([]);
  });
});

describe('the sweeps read only what is due, through an index (cost follows due items, not cards)', () => {
  it('the sender, the reminders sweep and the pushes are served by their indexes', async () => {
    const plan = async (...args: Parameters<typeof store.queryPlan>) => (await store.queryPlan(...args)).join(' | ');
    expect(
      await plan(
        'outbox',
        { status: 'pending', nextAttemptAt: { $lte: '2026-01-01' } },
        { orderBy: [['nextAttemptAt', 'asc']], limit: 50 },
      ),
    ).toMatch(/USING INDEX ix_outbox_status_nextAttemptAt/);
    expect(
      await plan(
        'reminders',
        { status: 'pending', dueAt: { $lte: '2026-01-01' } },
        { orderBy: [['dueAt', 'asc']], limit: 100 },
      ),
    ).toMatch(/USING INDEX ix_reminders_status_dueAt/);
    expect(
      await plan(
        'consents',
        { template: 'healthTips', count: { $gt: 0 }, _id: { $gt: '' } },
        { orderBy: [['_id', 'asc']], limit: 100 },
      ),
    ).toMatch(/USING INDEX ix_consents_template_count/);
  });

  it('a sweep over 3 due reminders costs the same beside 20 or 2,000 that are not due', async () => {
    const cost = async (notDue: number): Promise<number> => {
      const nowIso = formatInstant(now);
      await store.transaction(async (tx) => {
        for (let i = 0; i < notDue; i++) {
          await tx.put('reminders', {
            _id: reminderId('cardExpiring', `later-${notDue}-${i}`),
            kind: 'cardExpiring',
            status: 'pending',
            dueAt: '2027-01-01T10:00:00+08:00',
            cardId: `later-${notDue}-${i}`,
            orderId: null,
            ref: '',
            variant: '',
            createdAt: nowIso,
          });
        }
        for (let i = 0; i < 3; i++) {
          // due, for cards that do not exist: each ends cancelled (GONE)
          await tx.put('reminders', {
            _id: reminderId('activationDeadline', `due-${notDue}-${i}`, '7'),
            kind: 'activationDeadline',
            status: 'pending',
            dueAt: nowIso,
            cardId: `due-${notDue}-${i}`,
            orderId: null,
            ref: '2026-01-01',
            variant: '7',
            createdAt: nowIso,
          });
        }
      });
      const before = store.stats.roundTrips;
      expect(await sweepReminders(makeCtx({ openid: '' }, rt()))).toEqual({
        trigger: 'reminders',
        processed: 3,
        notices: 0,
        cancelled: 3,
      });
      return store.stats.roundTrips - before;
    };
    const small = await cost(20);
    expect(small).toBeGreaterThan(0);
    expect(await cost(2000)).toBe(small);
  });
});
