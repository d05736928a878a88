/**
 * The local cloud serves the contract's "Calling" and "Envelope" sections, and `admin` works as
 * the contract says. Runs the real built server over a temporary database.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalCloud, type LocalCloudProcess } from './local-cloud';

let cloud: LocalCloudProcess;
beforeAll(async () => {
  cloud = await startLocalCloud({ admins: ['test-admin'] });
});
afterAll(async () => {
  await cloud.stop();
});

describe('local cloud endpoints', () => {
  it('answers /health once ready', async () => {
    const res = await cloud.raw('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answers an unknown function, a missing or unknown action with an error envelope', async () => {
    expect(await cloud.call('nosuch', 'u1', { action: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await cloud.call('admin', 'test-admin', {})).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(await cloud.call('admin', 'test-admin', { action: 'dropAll' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    // inherited properties are not actions
    for (const action of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(await cloud.call('admin', 'test-admin', { action })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT' },
      });
    }
  });

  it('answers a 10 MB string and malformed JSON with INVALID_ARGUMENT, no stack', async () => {
    const big = await cloud.call('admin', 'test-admin', {
      action: 'issueCards',
      orderNo: 'x'.repeat(10 * 1024 * 1024),
    });
    expect(big).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const res = await cloud.raw('/call/admin', { method: 'POST', body: '{"openid": "test-admin", "data": {' });
    const body = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
    expect(body).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.js|SyntaxError|sqlite/i);
  });

  it('sets the clock for every function and lets it run again', async () => {
    const set = await cloud.raw('/_dev/clock', {
      method: 'POST',
      body: JSON.stringify({ now: '2026-03-10T10:00:00+08:00' }),
    });
    expect(await set.json()).toMatchObject({ ok: true, data: { now: '2026-03-10T02:00:00.000Z', fixed: true } });
    const bad = await cloud.raw('/_dev/clock', { method: 'POST', body: JSON.stringify({ now: 'tomorrow' }) });
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const back = await cloud.raw('/_dev/clock', { method: 'POST', body: JSON.stringify({ now: null }) });
    expect(await back.json()).toMatchObject({ ok: true, data: { fixed: false } });
  });

  it('shows the outbox and refuses an unknown trigger', async () => {
    expect(await cloud.outbox()).toEqual([]);
    const res = await cloud.raw('/_dev/run/nosuch', { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('logs one line a call: function, action, code and time, nothing personal', async () => {
    await cloud.call('admin', 'stranger', { action: 'setStaff', openid: 'x', name: '张三丰', roles: [] });
    expect(cloud.output()).toMatch(/^admin\.setStaff PERMISSION_DENIED \d+\.\dms$/m);
    expect(cloud.output()).not.toContain('张三丰');
  });
});

describe('admin.issueCards (R2.1)', () => {
  it('is refused to anyone who is not an admin', async () => {
    const e = await cloud.call('admin', 'someone', {
      action: 'issueCards',
      orderNo: 'P-1',
      orderDate: '2026-01-05',
      edition: 'pro',
    });
    expect(e).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(
      await cloud.call('admin', null, {
        action: 'issueCards',
        orderNo: 'P-1',
        orderDate: '2026-01-05',
        edition: 'pro',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
  });

  it('issues unique 16-digit card numbers and 8-character codes, and the same orderNo answers the same cards', async () => {
    const req = { action: 'issueCards', orderNo: 'PLAT-0001', orderDate: '2026-01-05', edition: 'premium', count: 50 };
    const first = await cloud.ok<{ cards: { cardNo: string; code: string }[] }>('admin', 'test-admin', req);
    expect(first.cards).toHaveLength(50);
    expect(new Set(first.cards.map((c) => c.cardNo)).size).toBe(50);
    for (const c of first.cards) {
      expect(c.cardNo).toMatch(/^\d{16}$/);
      expect(c.code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    }
    const again = await cloud.ok('admin', 'test-admin', { ...req, count: 3 });
    expect(again).toEqual(first);
  });

  it('answers concurrent calls with one orderNo with one set of cards', async () => {
    const req = { action: 'issueCards', orderNo: 'PLAT-RACE', orderDate: '2026-01-05', edition: 'pro', count: 5 };
    const answers = await Promise.all(Array.from({ length: 8 }, () => cloud.ok('admin', 'test-admin', req)));
    for (const a of answers) expect(a).toEqual(answers[0]);
  });

  it('stores no activation code in the clear', async () => {
    const { cards } = await cloud.ok<{ cards: { cardNo: string; code: string }[] }>('admin', 'test-admin', {
      action: 'issueCards',
      orderNo: 'PLAT-SECRET',
      orderDate: '2026-01-05',
      edition: 'pro',
      count: 3,
    });
    const files = readdirSync(cloud.dataDir).filter((f) => f.startsWith('bluecard.db'));
    const bytes = files.map((f) => readFileSync(join(cloud.dataDir, f)).toString('latin1')).join('');
    expect(bytes).toContain(cards[0]?.cardNo);
    for (const c of cards) expect(bytes).not.toContain(c.code);
  });

  it.each([
    [{ count: 0 }],
    [{ count: 1001 }],
    [{ count: 2.5 }],
    [{ orderDate: '2026-02-30' }],
    [{ orderDate: '20260105' }],
    [{ edition: 'basic' }],
    [{ orderNo: '' }],
    [{ orderNo: { $gt: '' } }],
    [{ extra: 1 }],
  ])('refuses a bad payload %j with INVALID_ARGUMENT and issues nothing', async (patch) => {
    const e = await cloud.call('admin', 'test-admin', {
      action: 'issueCards',
      orderNo: 'PLAT-BAD',
      orderDate: '2026-01-05',
      edition: 'pro',
      ...patch,
    });
    expect(e).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    // the orderNo was never used: a valid call now issues fresh cards
    const ok = await cloud.ok<{ cards: unknown[] }>('admin', 'test-admin', {
      action: 'issueCards',
      orderNo: `PLAT-BAD-${JSON.stringify(patch).length}-${Math.random().toString(36).slice(2, 8)}`,
      orderDate: '2026-01-05',
      edition: 'pro',
    });
    expect(ok.cards).toHaveLength(1);
  });
});

describe('admin.setStaff', () => {
  it('gives roles: a staff admin may then issue cards, and losing the role takes it away', async () => {
    const req = { action: 'issueCards', orderNo: 'PLAT-STAFF', orderDate: '2026-01-05', edition: 'pro' };
    expect(await cloud.call('admin', 'ops-lee', req)).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
    await cloud.ok('admin', 'test-admin', {
      action: 'setStaff',
      openid: 'ops-lee',
      name: '李运营',
      roles: ['admin', 'agent'],
    });
    expect(await cloud.call('admin', 'ops-lee', req)).toMatchObject({ ok: true });
    await cloud.ok('admin', 'test-admin', { action: 'setStaff', openid: 'ops-lee', name: '李运营', roles: ['agent'] });
    expect(await cloud.call('admin', 'ops-lee', req)).toMatchObject({
      ok: false,
      error: { code: 'PERMISSION_DENIED' },
    });
  });

  it('refuses unknown roles', async () => {
    const e = await cloud.call('admin', 'test-admin', { action: 'setStaff', openid: 'x', name: '某', roles: ['god'] });
    expect(e).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});

describe('npm start lifecycle', () => {
  it('stops cleanly on SIGTERM and keeps its data across a restart', async () => {
    const dataDir = cloud.dataDir;
    const first = await startLocalCloud({ dataDir: `${dataDir}-restart` });
    await first.ok('admin', 'test-admin', {
      action: 'issueCards',
      orderNo: 'KEEP',
      orderDate: '2026-01-05',
      edition: 'pro',
    });
    const before = await first.ok('admin', 'test-admin', {
      action: 'issueCards',
      orderNo: 'KEEP',
      orderDate: '2026-01-05',
      edition: 'pro',
    });
    expect(await first.stop()).toBe(0);
    const second = await startLocalCloud({ dataDir: `${dataDir}-restart` });
    const after = await second.ok('admin', 'test-admin', {
      action: 'issueCards',
      orderNo: 'KEEP',
      orderDate: '2026-01-05',
      edition: 'pro',
    });
    expect(after).toEqual(before);
    expect(await second.stop()).toBe(0);
  });
});
