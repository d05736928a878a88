/**
 * `record` (健康档案): only the person and the card's holder, consent before anything is stored,
 * bounded values, sealed at rest and never in the server's output. Real local cloud, demo seed:
 * demo-holder's premium card with three family members and orders in every status.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Card, Envelope, HealthRecord, Order } from '../../typings/contract';
import { startLocalCloud, type LocalCloudProcess } from './local-cloud';

const HOLDER = 'demo-holder';
const [M1, M2, M3] = ['demo-member-1', 'demo-member-2', 'demo-member-3'] as const;
const NEEDS_CONSENT = '请先同意《健康信息处理授权》';
/** Words that appear nowhere else, so finding them anywhere means the profile leaked. */
const SECRET = {
  allergy: '芒果过敏甲乙丙',
  medication: '测试用药丁戊己',
  condition: '罕见病壬癸',
  title: '甲状腺彩超报告庚辛',
};

let cloud: LocalCloudProcess;
let cardId: string;
const memberOf: Record<string, string> = {};

beforeAll(async () => {
  cloud = await startLocalCloud({ seed: 'demo', env: { TZ: 'UTC' } });
  for (const openid of [HOLDER, M1, M2, M3]) {
    const { cards } = await cloud.ok<{ cards: Card[] }>('card', openid, { action: 'mine' });
    const card = cards.find((c) => c.edition === 'premium');
    const me = card?.members.find((m) => m.self);
    if (!card || !me) throw new Error(`${openid} has no premium card`);
    cardId = card.cardId;
    memberOf[openid] = me.memberId;
  }
}, 60_000);
afterAll(async () => {
  await cloud.stop();
});

function member(openid: string): string {
  const id = memberOf[openid];
  if (!id) throw new Error(`no member for ${openid}`);
  return id;
}

const dirs = new Map<string, string>();

/** A file id under the caller's own upload folder (card.mine's uploadDir): the only files taken (issue 10). */
async function fileOf(openid: string, path: string): Promise<string> {
  let dir = dirs.get(openid);
  if (dir === undefined) {
    dir = (await cloud.ok<{ uploadDir: string }>('card', openid, { action: 'mine' })).uploadDir;
    dirs.set(openid, dir);
  }
  return `cloud://env-1.bucket/${dir}/${path}`;
}

function record(
  openid: string,
  action: string,
  data: Record<string, unknown>,
): Promise<Envelope<{ record: HealthRecord }>> {
  return cloud.call<{ record: HealthRecord }>('record', openid, { action, ...data });
}

async function ok(openid: string, action: string, data: Record<string, unknown>): Promise<HealthRecord> {
  return (await cloud.ok<{ record: HealthRecord }>('record', openid, { action, ...data })).record;
}

function expectError(e: Envelope<unknown>, code: string, message?: string): void {
  expect(e).toMatchObject({ ok: false, error: { code, ...(message ? { message } : {}) } });
}

function databaseBytes(): string {
  return readdirSync(cloud.dataDir)
    .filter((f) => f.startsWith('bluecard.db'))
    .map((f) => readFileSync(join(cloud.dataDir, f)).toString('latin1'))
    .join('');
}

/** How a UTF-8 string appears in the latin1 reading of a file. */
const asStored = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

describe('consent before health data (PIPL art. 29)', () => {
  it('reads an empty record without consent, but stores nothing until consent is recorded', async () => {
    const empty = await ok(M1, 'get', { memberId: member(M1) });
    expect(empty).toEqual({
      memberId: member(M1),
      name: expect.stringContaining('*'),
      role: 'member',
      consent: null,
      profile: { allergies: [], chronicConditions: [], medications: [], updatedAt: null },
      reports: [],
    });
    expectError(
      await record(M1, 'update', { memberId: member(M1), profile: { heightCm: 170 } }),
      'INVALID_STATE',
      NEEDS_CONSENT,
    );
    expectError(
      await record(M1, 'addReport', {
        memberId: member(M1),
        title: '血常规',
        files: [await fileOf(M1, 'records/1.jpg')],
      }),
      'INVALID_STATE',
      NEEDS_CONSENT,
    );
    expect((await ok(M1, 'get', { memberId: member(M1) })).profile.updatedAt).toBeNull();
  });

  it('records the consent version and time; the holder may consent for a family member', async () => {
    const mine = await ok(M1, 'consent', { memberId: member(M1), version: '2026.11' });
    expect(mine.consent).toEqual({ version: '2026.11', at: expect.stringMatching(/\+08:00$/), by: 'self' });
    const forM2 = await ok(HOLDER, 'consent', { memberId: member(M2), version: '2026.11' });
    expect(forM2.consent).toMatchObject({ version: '2026.11', by: 'holder' });
    expectError(await record(M1, 'consent', { memberId: member(M1), version: 'v 1' }), 'INVALID_ARGUMENT');
  });
});

describe('who may read and write (the person and the holder only)', () => {
  const profile = {
    heightCm: 172.35,
    weightKg: 65,
    allergies: [SECRET.allergy, ` ${SECRET.allergy} `, '', '青霉素'],
    chronicConditions: [SECRET.condition],
    medications: [SECRET.medication],
  };

  it('the person saves their profile: trimmed, blanks dropped, repeats kept once, one decimal', async () => {
    const r = await ok(M1, 'update', { memberId: member(M1), profile });
    expect(r.profile).toEqual({
      heightCm: 172.4,
      weightKg: 65,
      allergies: [SECRET.allergy, '青霉素'],
      chronicConditions: [SECRET.condition],
      medications: [SECRET.medication],
      updatedAt: expect.stringMatching(/\+08:00$/),
    });
  });

  it('the holder reads and changes it; given fields replace, null clears a number', async () => {
    const seen = await ok(HOLDER, 'get', { memberId: member(M1) });
    expect(seen.profile.allergies).toEqual([SECRET.allergy, '青霉素']);
    const changed = await ok(HOLDER, 'update', { memberId: member(M1), profile: { weightKg: 66.04, heightCm: null } });
    expect(changed.profile).toMatchObject({ weightKg: 66, allergies: [SECRET.allergy, '青霉素'] });
    expect(changed.profile).not.toHaveProperty('heightCm');
    expect((await ok(M1, 'get', { memberId: member(M1) })).profile).toEqual(changed.profile);
    await ok(M1, 'update', { memberId: member(M1), profile: { heightCm: 172 } });
  });

  it.each([
    ['another family member', M2],
    ['a family member reading another', M3],
    ['the pro card holder', 'demo-pro'],
    ['a newcomer without a card', 'demo-newcomer'],
    ['staff', 'demo-doctor'],
    ['an admin', 'demo-admin'],
  ])('%s gets NOT_FOUND for every action, and nothing changes', async (_who, openid) => {
    const before = await ok(M1, 'get', { memberId: member(M1) });
    const id = member(M1);
    for (const [action, data] of [
      ['get', { memberId: id }],
      ['update', { memberId: id, profile: { weightKg: 99 } }],
      ['consent', { memberId: id, version: '2026.12' }],
      // the caller's own upload: a file of someone else's is refused before (file-ownership.test.ts)
      ['addReport', { memberId: id, title: '报告', files: [await fileOf(openid, 'records/2.jpg')] }],
    ] as const) {
      expectError(await record(openid, action, data), 'NOT_FOUND', '没有找到这份健康档案');
    }
    expect(await ok(M1, 'get', { memberId: member(M1) })).toEqual(before);
  });

  it('a member cannot read the holder’s record, and an unknown id answers the same', async () => {
    const notFound = { ok: false, error: { code: 'NOT_FOUND', message: '没有找到这份健康档案' } };
    expect(await record(M1, 'get', { memberId: member(HOLDER) })).toEqual(notFound);
    expect(await record(M1, 'get', { memberId: 'mem_nosuch' })).toEqual(notFound);
    expect(await record(HOLDER, 'get', { memberId: 'mem_nosuch' })).toEqual(notFound);
  });
});

describe('bounded values', () => {
  const long = '很'.repeat(51);
  it.each([
    [{ heightCm: 251 }],
    [{ heightCm: 29.9 }],
    [{ weightKg: 1.9 }],
    [{ weightKg: 401 }],
    [{ heightCm: '170' }],
    [{ allergies: Array.from({ length: 31 }, (_, i) => `过敏${i}`) }],
    [{ allergies: [`${SECRET.allergy}${long}`] }],
    [{ medications: ['阿司匹林\u0007'] }],
    [{ medications: '阿司匹林' }],
    [{ bloodType: 'A' }],
  ])('refuses %j with INVALID_ARGUMENT and keeps the profile', async (bad) => {
    const before = await ok(M1, 'get', { memberId: member(M1) });
    const e = await record(M1, 'update', { memberId: member(M1), profile: bad });
    expectError(e, 'INVALID_ARGUMENT');
    // the refusal names the field, never the value
    expect(JSON.stringify(e)).not.toContain(SECRET.allergy);
    expect(await ok(M1, 'get', { memberId: member(M1) })).toEqual(before);
  });

  it('refuses a missing profile, a bad member id and unknown fields', async () => {
    expectError(await record(M1, 'update', { memberId: member(M1) }), 'INVALID_ARGUMENT');
    expectError(await record(M1, 'get', { memberId: '../members' }), 'INVALID_ARGUMENT');
    expectError(await record(M1, 'get', { memberId: member(M1), openid: HOLDER }), 'INVALID_ARGUMENT');
  });
});

describe('reports: uploads and what staff issued', () => {
  it('shows the files sent with an order, and the guidance once the doctor completes it', async () => {
    // demo seed: demo-member-2 uploaded a checkup report for reading; the doctor has accepted it
    const r = await ok(HOLDER, 'get', { memberId: member(M2) });
    const upload = r.reports.find((x) => x.benefit === 'reportReading' && x.source === 'upload');
    const dir = (await cloud.ok<{ uploadDir: string }>('card', M2, { action: 'mine' })).uploadDir;
    expect(upload).toMatchObject({
      title: '体检报告',
      files: [`cloud://demo-env.demo/${dir}/orders/2026-checkup.pdf`],
    });
    expect(r.reports.some((x) => x.source === 'staff')).toBe(false);

    const orderId = upload?.orderId ?? '';
    const guidance = await fileOf('demo-doctor', 'results/guidance.pdf');
    await cloud.ok<{ order: Order }>('staff', 'demo-doctor', {
      action: 'act',
      orderId,
      step: 'complete',
      result: { text: '各项指标总体平稳，建议半年后复查血脂。', files: [guidance] },
    });
    const after = await ok(M2, 'get', { memberId: member(M2) });
    expect(after.reports[0]).toMatchObject({
      reportId: `result_${orderId}`,
      source: 'staff',
      title: '健康指导意见',
      text: '各项指标总体平稳，建议半年后复查血脂。',
      files: [guidance],
      orderId,
      benefit: 'reportReading',
    });
    // the family member who is not the person does not see it
    expectError(await record(M1, 'get', { memberId: member(M2) }), 'NOT_FOUND');
  });

  it('adds and removes the person’s own uploads; order reports cannot be removed here', async () => {
    const added = await ok(M2, 'addReport', {
      memberId: member(M2),
      title: SECRET.title,
      day: '2026-05-20',
      files: [await fileOf(M2, 'records/thyroid-1.jpg'), await fileOf(M2, 'records/thyroid-2.jpg')],
    });
    const mine = added.reports.find((x) => x.title === SECRET.title);
    expect(mine).toMatchObject({ source: 'upload', day: '2026-05-20', files: expect.any(Array) });
    expect(mine?.reportId).toMatch(/^upl_/);
    expect(added.reports[0]?.reportId).toBe(mine?.reportId);

    const staffReport = added.reports.find((x) => x.source === 'staff');
    expectError(
      await record(M2, 'removeReport', { memberId: member(M2), reportId: staffReport?.reportId ?? 'x' }),
      'NOT_FOUND',
    );
    expectError(
      await record(M2, 'addReport', {
        memberId: member(M2),
        title: '报告',
        day: '2999-01-01',
        files: [await fileOf(M2, 'records/x.jpg')],
      }),
      'INVALID_ARGUMENT',
    );
    expectError(
      await record(M2, 'addReport', { memberId: member(M2), title: '报告', files: ['https://evil.example/x.jpg'] }),
      'INVALID_ARGUMENT',
    );
    expectError(await record(M2, 'addReport', { memberId: member(M2), title: '报告', files: [] }), 'INVALID_ARGUMENT');

    const removed = await ok(HOLDER, 'removeReport', { memberId: member(M2), reportId: mine?.reportId ?? '' });
    expect(removed.reports.some((x) => x.reportId === mine?.reportId)).toBe(false);
    // kept for the leak checks below
    await ok(M2, 'addReport', {
      memberId: member(M2),
      title: SECRET.title,
      files: [await fileOf(M2, 'records/thyroid-1.jpg')],
    });
  });
});

describe('a member removed from the card', () => {
  it('keeps their own record; the holder no longer sees it', async () => {
    await ok(M3, 'consent', { memberId: member(M3), version: '2026.11' });
    await ok(M3, 'update', { memberId: member(M3), profile: { chronicConditions: ['高血压'] } });
    expect((await ok(HOLDER, 'get', { memberId: member(M3) })).profile.chronicConditions).toEqual(['高血压']);
    await cloud.ok('card', HOLDER, { action: 'removeMember', cardId, memberId: member(M3) });
    expectError(await record(HOLDER, 'get', { memberId: member(M3) }), 'NOT_FOUND');
    expectError(
      await record(HOLDER, 'update', { memberId: member(M3), profile: { chronicConditions: [] } }),
      'NOT_FOUND',
    );
    expect((await ok(M3, 'get', { memberId: member(M3) })).profile.chronicConditions).toEqual(['高血压']);
  });
});

describe('sealed at rest, never logged', () => {
  it('no profile or report text is in the database files or the server output', async () => {
    // make sure the values are there to be found, had they been stored in the clear
    expect((await ok(M1, 'get', { memberId: member(M1) })).profile.medications).toEqual([SECRET.medication]);
    const bytes = databaseBytes();
    expect(bytes.length).toBeGreaterThan(0);
    // a known plain value is findable this way (the member's masked name), so absence means sealed
    expect(bytes).toContain(asStored('张*忌'));
    expect(bytes).toContain('"profileEnc":"v1.');
    for (const word of Object.values(SECRET)) {
      expect(bytes).not.toContain(asStored(word));
      expect(cloud.output()).not.toContain(word);
    }
    expect(cloud.output()).toMatch(/^record\.update OK \d+\.\dms$/m);
  });
});
