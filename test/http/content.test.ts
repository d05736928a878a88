/**
 * `content` (benefit details, directories, articles, R4 date pickers) and the admin actions that
 * feed it (`setHolidays`, `upsertDirectory`), through the real local cloud with the demo seed.
 */
import officialCalendar from 'chinese-days/dist/chinese-days.json';
import type {
  ActionName,
  ArticleSummary,
  DirectoryEntry,
  Envelope,
  HolidayTable,
  Hospital,
  Order,
  Res,
} from '../../typings/contract';
import { BENEFIT_KEYS, CATALOG } from '../../server/domain/catalog';
import { CRITICAL_ILLNESSES } from '../../server/domain/eligibility';
import { startLocalCloud, type LocalCloudProcess } from './local-cloud';

const ADMIN = 'test-admin';
const HOLDER = 'demo-holder';

let cloud: LocalCloudProcess;
beforeAll(async () => {
  cloud = await startLocalCloud({ seed: 'demo', admins: [ADMIN], env: { TZ: 'UTC' } });
}, 60_000);
afterAll(async () => {
  await cloud.setClock(null);
  await cloud.stop();
});

function content<A extends ActionName<'content'>>(action: A, data: Record<string, unknown> = {}, openid = HOLDER) {
  return cloud.ok<Res<'content', A>>('content', openid, { action, ...data });
}

function expectError(e: Envelope<unknown>, code: string): void {
  expect(e).toMatchObject({ ok: false, error: { code } });
  if (!e.ok) expect(e.error.message).toMatch(/[\u4e00-\u9fff]/);
}

/**
 * The expected working days, computed here from chinese-days' published data rather than through
 * server/domain/calendar.ts: official workdays (调休) work, official holidays do not, other days
 * by weekday; an override wins.
 */
function isWorkday(day: string, overrides: Record<string, string> = {}): boolean {
  const o = overrides[day];
  if (o !== undefined) return o === 'workday';
  if (day in officialCalendar.workdays) return true;
  if (day in officialCalendar.holidays) return false;
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6;
}

function workingDaysAfter(day: string, from: number, to: number, overrides: Record<string, string> = {}): string[] {
  const out: string[] = [];
  let t = Date.parse(`${day}T00:00:00Z`);
  for (let n = 0; n < to;) {
    t += 86_400_000;
    const d = new Date(t).toISOString().slice(0, 10);
    if (!isWorkday(d, overrides)) continue;
    n++;
    if (n >= from) out.push(d);
  }
  return out;
}

describe('content.benefits (R1.6)', () => {
  it('lists the 12 benefits of the catalog with their texts, quotas, hours and steps', async () => {
    const { benefits, forms } = await content('benefits');
    expect(benefits.map((b) => b.key)).toEqual(BENEFIT_KEYS);
    for (const b of benefits) {
      const def = CATALOG[b.key];
      expect(b).toMatchObject({
        name: def.name,
        subtitle: def.subtitle,
        description: def.description,
        notes: def.notes,
        holderOnly: def.holderOnly,
        waitingPeriod: def.waitingPeriod,
        orderable: def.orderable,
      });
      expect(b.steps.map((s) => s.label)).toEqual(def.workflow.steps.map((s) => s.label));
    }
    const byKey = new Map(benefits.map((b) => [b.key, b]));
    expect(byKey.get('escort')).toMatchObject({
      holderOnly: true,
      escortHours: { pro: 5, premium: 6 },
      quota: { pro: 1, premium: 1 },
    });
    expect(byKey.get('expertConsult')?.quota).toEqual({ premium: 12 });
    expect(byKey.get('butler')).toMatchObject({ quota: { pro: null, premium: null }, escortHours: null, steps: [] });
    expect(byKey.get('outpatientGreen')?.subtitle).toBe('专家号预约');

    expect(forms.outpatientGreen).toEqual({
      excludedDepartments: ['产科', '口腔美容保健', '美容整形', '辅助检查科室', '保健科', '康复科', '体检'],
      window: { from: 3, to: 5 },
    });
    expect(forms.inpatientGreen.criticalIllnesses).toEqual([...CRITICAL_ILLNESSES]);
    expect(forms.inpatientGreen.criticalIllnesses).toHaveLength(28);
    expect(forms.escort.exclusions).toContain('门诊输液');
    expect(forms.escort.relativeAge).toEqual({ atLeast: 70, under: 14 });
    expect(forms.escort.conditions.map((c) => c.key)).toEqual([
      'inpatient',
      'emergencyObservation',
      'severe',
      'mentalIllness',
      'infectious',
      'drunk',
      'needsSignature',
    ]);
    expect(forms.escort.conditions.find((c) => c.key === 'needsSignature')?.effect).toBe('needsRelative');
    expect(forms.escort.conditions.find((c) => c.key === 'severe')?.advice).toContain('120');
  });

  it('is open to any caller, card or not, and refuses a payload with fields', async () => {
    expect(await cloud.call('content', 'demo-newcomer', { action: 'benefits' })).toMatchObject({ ok: true });
    expectError(await cloud.call('content', HOLDER, { action: 'benefits', edition: 'pro' }), 'INVALID_ARGUMENT');
    expectError(await cloud.call('content', null, { action: 'benefits' }), 'PERMISSION_DENIED');
  });
});

describe('content directories', () => {
  it('lists hospitals with city, level, address and departments, by city', async () => {
    const all = await content('hospitals');
    expect(all.hospitals.length).toBeGreaterThanOrEqual(8);
    expect(all.cities).toEqual(expect.arrayContaining(['上海', '北京', '杭州', '广州', '成都']));
    const zs = all.hospitals.find((h) => h.name === '复旦大学附属中山医院');
    expect(zs).toEqual({
      id: 'h-zsyy',
      name: '复旦大学附属中山医院',
      city: '上海',
      level: '三级甲等',
      address: '上海市徐汇区枫林路180号',
      public: true,
      departments: expect.arrayContaining(['心血管内科', '消化内科']),
      // R4.1: none of its departments is one 门诊绿通 leaves out
      excludedDepartments: [],
    });
    const shanghai = await content('hospitals', { city: '上海' });
    expect(shanghai.hospitals.map((h) => h.id).sort()).toEqual(['h-hsyy', 'h-rjyy', 'h-zsyy']);
    expect((await content('hospitals', { city: ' 上海市 ' })).hospitals).toEqual(shanghai.hospitals);
    expect((await content('hospitals', { city: '拉萨' })).hospitals).toEqual([]);
    expectError(await cloud.call('content', HOLDER, { action: 'hospitals', city: 1 }), 'INVALID_ARGUMENT');
  });

  it('lists experts, optionally of one department, and family doctors', async () => {
    const { experts } = await content('experts');
    expect(experts.length).toBeGreaterThanOrEqual(5);
    expect(experts.find((e) => e.id === 'e-001')).toEqual({
      id: 'e-001',
      name: '林正华',
      title: '主任医师',
      hospital: '复旦大学附属中山医院',
      department: '心血管内科',
      specialty: '冠心病、高血压、心力衰竭',
    });
    const cardio = await content('experts', { department: '心血管内科' });
    expect(cardio.experts.map((e) => e.id)).toEqual(['e-001']);
    const { doctors } = await content('familyDoctors');
    expect(doctors.map((d) => d.id).sort()).toEqual(['d-001', 'd-002', 'd-003']);
    expect(doctors[0]).toEqual({
      id: expect.any(String),
      name: expect.any(String),
      title: expect.any(String),
      hospital: expect.any(String),
      specialty: expect.any(String),
    });
  });

  it('pages articles newest first, filters by category and solar term, and reads one with its body', async () => {
    const first = await content('articles', { limit: 2 });
    expect(first.articles).toHaveLength(2);
    expect(first.nextCursor).toBe('2');
    expect(first.categories).toEqual(expect.arrayContaining(['饮食', '运动', '睡眠', '体检', '慢病']));
    const rest = await content('articles', { cursor: first.nextCursor, limit: 50 });
    expect(rest.nextCursor).toBeNull();
    const all: ArticleSummary[] = [...first.articles, ...rest.articles];
    expect(new Set(all.map((a) => a.id)).size).toBe(all.length);
    const days = all.map((a) => a.publishedAt);
    expect(days).toEqual([...days].sort().reverse());
    for (const a of all) {
      expect(a.publishedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(a).not.toHaveProperty('body');
    }

    const diet = await content('articles', { category: '饮食' });
    expect(diet.articles.map((a) => a.id)).toEqual(['a-001']);
    const term = await content('articles', { term: '大雪' });
    expect(term.articles.map((a) => a.title)).toEqual(['冬季晨练别太早']);

    const { article } = await content('article', { articleId: 'a-001' });
    expect(article).toMatchObject({ id: 'a-001', title: '小雪时节，温补有度', category: '饮食', term: '小雪' });
    expect(article.body.length).toBeGreaterThan(40);
    // another kind's id, or an id that does not exist, is no article
    expectError(await cloud.call('content', HOLDER, { action: 'article', articleId: 'h-zsyy' }), 'NOT_FOUND');
    expectError(await cloud.call('content', HOLDER, { action: 'article', articleId: 'nosuch' }), 'NOT_FOUND');
    expectError(await cloud.call('content', HOLDER, { action: 'articles', cursor: '-1' }), 'INVALID_ARGUMENT');
    expectError(await cloud.call('content', HOLDER, { action: 'articles', limit: 51 }), 'INVALID_ARGUMENT');
  });
});

describe('content.outpatientDates and escortEarliestDay (R4.2, R4.4)', () => {
  afterEach(async () => {
    await cloud.setClock(null);
  });

  it('R4.2 offers the 3rd to the 5th working day after the request day, per chinese-days', async () => {
    await cloud.setClock('2026-09-28T10:00:00+08:00');
    // National Day 2026: 10-01..10-07 off, Saturday 10-10 is a make-up working day
    expect((await content('outpatientDates')).dates).toEqual(['2026-10-08', '2026-10-09', '2026-10-10']);
    for (const now of [
      '2026-01-30T08:00:00+08:00',
      '2026-02-12T23:30:00+08:00',
      '2026-04-30T09:00:00+08:00',
      '2026-06-16T10:00:00+08:00',
      '2026-12-30T10:00:00+08:00',
      // 00:30 in Shanghai is still the previous day in UTC: the request day is Shanghai's
      '2026-09-30T00:30:00+08:00',
    ]) {
      await cloud.setClock(now);
      expect((await content('outpatientDates')).dates).toEqual(workingDaysAfter(now.slice(0, 10), 3, 5));
    }
  });

  it('R4.4 the earliest escort day is the day after the next working day', async () => {
    await cloud.setClock('2026-06-05T10:00:00+08:00');
    expect((await content('escortEarliestDay')).day).toBe('2026-06-09');
    await cloud.setClock('2026-09-30T10:00:00+08:00');
    const next = workingDaysAfter('2026-09-30', 1, 1)[0] ?? '';
    expect(next).toBe('2026-10-08');
    expect((await content('escortEarliestDay')).day).toBe('2026-10-09');
  });
});

describe('admin.setHolidays / getHolidays (R4 overrides)', () => {
  afterEach(async () => {
    await cloud.setClock(null);
  });

  it('is refused to members and staff without the admin role', async () => {
    for (const who of [HOLDER, 'demo-agent', 'stranger']) {
      expectError(
        await cloud.call('admin', who, { action: 'setHolidays', days: { '2027-03-03': 'holiday' } }),
        'PERMISSION_DENIED',
      );
      expectError(await cloud.call('admin', who, { action: 'getHolidays' }), 'PERMISSION_DENIED');
    }
    // the demo admin has the admin role (staff), not the env list
    expect(await cloud.call('admin', 'demo-admin', { action: 'getHolidays' })).toMatchObject({ ok: true });
  });

  it.each([
    [{ '2027-02-30': 'holiday' }],
    [{ '20270303': 'holiday' }],
    [{ '1999-01-01': 'holiday' }],
    [{ '2027-03-03': 'off' }],
    [{ '2027-03-03': true }],
    // an own "__proto__" key, as JSON.parse makes it
    [JSON.parse('{"__proto__":"holiday"}') as Record<string, unknown>],
  ])('refuses a bad table %j with INVALID_ARGUMENT and keeps the stored one', async (days) => {
    const before = await cloud.ok<HolidayTable>('admin', ADMIN, { action: 'getHolidays' });
    expectError(await cloud.call('admin', ADMIN, { action: 'setHolidays', days }), 'INVALID_ARGUMENT');
    expect(await cloud.ok('admin', ADMIN, { action: 'getHolidays' })).toEqual(before);
  });

  it('a 2027 override moves the outpatient window, the escort day and an order deadline; null removes it', async () => {
    // 2027 is beyond chinese-days' data: Monday to Friday until ops say otherwise
    const empty = await cloud.ok<HolidayTable>('admin', ADMIN, { action: 'getHolidays' });
    expect(empty.officialYears.last).toBe(2026);
    await cloud.setClock('2027-03-01T10:00:00+08:00');
    expect((await content('outpatientDates')).dates).toEqual(['2027-03-04', '2027-03-05', '2027-03-08']);
    expect((await content('escortEarliestDay')).day).toBe('2027-03-03');

    const set = await cloud.ok<HolidayTable>('admin', ADMIN, {
      action: 'setHolidays',
      days: { '2027-03-03': 'holiday', '2027-03-06': 'workday' },
    });
    expect(set.days).toEqual({ '2027-03-03': 'holiday', '2027-03-06': 'workday' });
    expect(await cloud.ok('admin', ADMIN, { action: 'getHolidays' })).toEqual(set);
    const overrides = { '2027-03-03': 'holiday', '2027-03-06': 'workday' };
    expect((await content('outpatientDates')).dates).toEqual(workingDaysAfter('2027-03-01', 3, 5, overrides));
    expect((await content('outpatientDates')).dates).toEqual(['2027-03-05', '2027-03-06', '2027-03-08']);

    // merged, not replaced: removing one day keeps the other
    const merged = await cloud.ok<HolidayTable>('admin', ADMIN, {
      action: 'setHolidays',
      days: { '2027-03-06': null, '2027-03-02': 'holiday' },
    });
    expect(merged.days).toEqual({ '2027-03-02': 'holiday', '2027-03-03': 'holiday' });
    expect((await content('outpatientDates')).dates).toEqual(['2027-03-08', '2027-03-09', '2027-03-10']);
    expect((await content('escortEarliestDay')).day).toBe('2027-03-05');

    const cleared = await cloud.ok<HolidayTable>('admin', ADMIN, {
      action: 'setHolidays',
      days: { '2027-03-02': null, '2027-03-03': null, '2027-04-01': null },
    });
    expect(cleared.days).toEqual({});
    expect((await content('outpatientDates')).dates).toEqual(['2027-03-04', '2027-03-05', '2027-03-08']);
  });

  it('an order placed after an override is due by the override-shifted working day', async () => {
    const card = await activatedCard('2027-02-01T10:00:00+08:00');
    const place = async (requestId: string): Promise<Order> => {
      const { dates } = await content('outpatientDates', {}, card.openid);
      const { order } = await cloud.ok<{ order: Order }>('order', card.openid, {
        action: 'create',
        cardId: card.cardId,
        benefit: 'outpatientGreen',
        requestId,
        form: { hospital: '复旦大学附属中山医院', department: '心血管内科', wantedDate: dates[0] },
      });
      return order;
    };
    await cloud.setClock('2027-03-01T10:00:00+08:00');
    // R4: the agent confirms within 1 working day: by 21:00 on the next working day
    expect((await place('content-due-0001')).dueAt).toBe('2027-03-02T21:00:00+08:00');
    await cloud.ok('admin', ADMIN, { action: 'setHolidays', days: { '2027-03-02': 'holiday' } });
    try {
      expect((await place('content-due-0002')).dueAt).toBe('2027-03-03T21:00:00+08:00');
    } finally {
      await cloud.ok('admin', ADMIN, { action: 'setHolidays', days: { '2027-03-02': null } });
    }
  });
});

/** A premium card issued and activated at `at` by a fresh caller with valid real-name data. */
async function activatedCard(at: string): Promise<{ openid: string; cardId: string }> {
  await cloud.setClock(at);
  const orderNo = `CONTENT-${Math.random().toString(36).slice(2, 10)}`;
  const { cards } = await cloud.ok<{ cards: { cardNo: string; code: string }[] }>('admin', ADMIN, {
    action: 'issueCards',
    orderNo,
    orderDate: at.slice(0, 10),
    edition: 'premium',
  });
  const issued = cards[0];
  if (!issued) throw new Error('no card');
  const openid = `content-${orderNo.toLowerCase()}`;
  const { card } = await cloud.ok<{ card: { cardId: string } }>('card', openid, {
    action: 'activate',
    cardNo: issued.cardNo,
    code: issued.code,
    name: '赵敏',
    idNumber: idNumberOf(`31010119850315${String(Math.floor(Math.random() * 900) + 100)}`),
    phone: '13600136000',
  });
  return { openid, cardId: card.cardId };
}

function idNumberOf(body: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body.charAt(i)) * (weights[i] ?? 0);
  return body + '10X98765432'.charAt(sum % 11);
}

describe('admin.upsertDirectory / listDirectory', () => {
  const hospital = {
    kind: 'hospital',
    name: '南京鼓楼医院',
    active: true,
    data: {
      city: '南京',
      level: '三级甲等',
      address: '南京市鼓楼区中山路321号',
      public: true,
      departments: ['心血管内科', '骨科'],
    },
  };

  it('content.hospitals answers the departments 门诊绿通 does not serve, each with its reason (R4.1)', async () => {
    const { entry } = await cloud.ok<{ entry: DirectoryEntry }>('admin', ADMIN, {
      action: 'upsertDirectory',
      entry: {
        kind: 'hospital',
        name: '苏州大学附属第一医院',
        active: true,
        data: {
          city: '苏州',
          level: '三级甲等',
          address: '苏州市姑苏区十梓街188号',
          public: true,
          departments: [
            '心血管内科',
            '妇产科',
            '产科',
            '康复医学科',
            '体检中心',
            '超声医学科',
            '医学美容科',
            '烧伤整形科',
            '放射治疗科',
          ],
        },
      },
    });
    const [listed] = (await content('hospitals', { city: '苏州' })).hospitals;
    // in the hospital's order; 妇产科, 烧伤整形科 and 放射治疗科 are served (eligibility.ts)
    expect(listed?.excludedDepartments).toEqual([
      { name: '产科', reason: '产科' },
      { name: '康复医学科', reason: '康复科' },
      { name: '体检中心', reason: '体检' },
      { name: '超声医学科', reason: '辅助检查科室' },
      { name: '医学美容科', reason: '美容整形' },
    ]);
    // what the admins keep is the directory entry, without the computed exclusions
    const { entries } = await cloud.ok<{ entries: DirectoryEntry[] }>('admin', ADMIN, {
      action: 'listDirectory',
      kind: 'hospital',
    });
    expect(entries.find((e) => e.id === entry.id)?.data).not.toHaveProperty('excludedDepartments');
    await cloud.ok('admin', ADMIN, {
      action: 'upsertDirectory',
      entry: { id: entry.id, kind: 'hospital', name: entry.name, data: entry.data, active: false },
    });
  });

  it('is refused to non-admins and changes nothing', async () => {
    for (const who of [HOLDER, 'demo-doctor']) {
      expectError(await cloud.call('admin', who, { action: 'upsertDirectory', entry: hospital }), 'PERMISSION_DENIED');
      expectError(await cloud.call('admin', who, { action: 'listDirectory', kind: 'hospital' }), 'PERMISSION_DENIED');
    }
    expect((await content('hospitals', { city: '南京' })).hospitals).toEqual([]);
  });

  it('adds a hospital that members then see, updates it by id, and withdraws it', async () => {
    const { entry } = await cloud.ok<{ entry: DirectoryEntry }>('admin', ADMIN, {
      action: 'upsertDirectory',
      entry: hospital,
    });
    expect(entry).toMatchObject({ kind: 'hospital', name: '南京鼓楼医院', active: true, data: hospital.data });
    expect(entry.id).toMatch(/^hos_/);
    const listed = await content('hospitals', { city: '南京' });
    expect(listed.hospitals).toEqual<Hospital[]>([
      { id: entry.id, name: '南京鼓楼医院', ...hospital.data, excludedDepartments: [] },
    ]);
    expect(listed.cities).toContain('南京');

    const renamed = {
      ...hospital,
      id: entry.id,
      data: { ...hospital.data, departments: ['心血管内科', '骨科', '眼科'] },
    };
    await cloud.ok('admin', ADMIN, { action: 'upsertDirectory', entry: renamed });
    expect((await content('hospitals', { city: '南京' })).hospitals[0]?.departments).toEqual([
      '心血管内科',
      '骨科',
      '眼科',
    ]);

    await cloud.ok('admin', ADMIN, { action: 'upsertDirectory', entry: { ...renamed, active: false } });
    expect((await content('hospitals', { city: '南京' })).hospitals).toEqual([]);
    const active = await cloud.ok<{ entries: DirectoryEntry[] }>('admin', ADMIN, {
      action: 'listDirectory',
      kind: 'hospital',
    });
    expect(active.entries.some((e) => e.id === entry.id)).toBe(false);
    const all = await cloud.ok<{ entries: DirectoryEntry[] }>('admin', ADMIN, {
      action: 'listDirectory',
      kind: 'hospital',
      includeInactive: true,
    });
    expect(all.entries.find((e) => e.id === entry.id)).toMatchObject({ active: false });
    expect(all.entries.every((e) => e.kind === 'hospital')).toBe(true);
  });

  it('publishes an article that comes first in the list, dated today', async () => {
    await cloud.setClock('2026-12-21T09:00:00+08:00');
    try {
      const { entry } = await cloud.ok<{ entry: DirectoryEntry }>('admin', ADMIN, {
        action: 'upsertDirectory',
        entry: {
          kind: 'article',
          name: '冬至，早睡一点',
          active: true,
          data: {
            category: '睡眠',
            term: '冬至',
            summary: '一年中夜最长的一天，顺应天时早些休息。',
            body: '冬至前后天黑得早，不妨把入睡时间提前半小时。',
          },
        },
      });
      expect(entry).toMatchObject({ kind: 'article', data: { publishedAt: '2026-12-21' } });
      const { articles } = await content('articles', { limit: 1 });
      expect(articles[0]).toMatchObject({
        id: entry.id,
        title: '冬至，早睡一点',
        term: '冬至',
        publishedAt: '2026-12-21',
      });
      expect((await content('article', { articleId: entry.id })).article.body).toContain('入睡时间');
      // an update without a day keeps the first one
      await cloud.setClock('2027-01-05T09:00:00+08:00');
      const again = await cloud.ok<{ entry: DirectoryEntry }>('admin', ADMIN, {
        action: 'upsertDirectory',
        entry: {
          id: entry.id,
          kind: 'article',
          name: '冬至，早睡一点',
          active: true,
          data: { category: '睡眠', term: '冬至', summary: '早睡。', body: '早睡早起。' },
        },
      });
      expect(again.entry).toMatchObject({ data: { publishedAt: '2026-12-21', summary: '早睡。' } });
    } finally {
      await cloud.setClock(null);
    }
  });

  it.each([
    ['a hospital without a city', { ...hospital, name: '某医院甲', data: { ...hospital.data, city: undefined } }],
    ['a hospital with a blank city', { ...hospital, name: '某医院乙', data: { ...hospital.data, city: '  ' } }],
    [
      'a hospital field on an expert',
      {
        kind: 'expert',
        name: '王医生',
        active: true,
        data: { title: '主任医师', hospital: '某医院', department: '骨科', specialty: '关节', city: '南京' },
      },
    ],
    ['an unknown kind', { kind: 'pharmacy', name: '某药房', active: true, data: {} }],
    [
      'a made-up solar term',
      {
        kind: 'article',
        name: '春节',
        active: true,
        data: { category: '饮食', term: '春节', summary: '摘要', body: '正文' },
      },
    ],
    [
      'a family doctor without a specialty',
      { kind: 'familyDoctor', name: '李医生', active: true, data: { title: '主治医师', hospital: '某医院' } },
    ],
    [
      'an entry without active',
      { kind: 'familyDoctor', name: '李医生', data: { title: '主治医师', hospital: '某医院', specialty: '全科' } },
    ],
    ['a bad id', { ...hospital, id: '../x', name: '某医院丙' }],
  ])('refuses %s with INVALID_ARGUMENT', async (_what, entry) => {
    expectError(await cloud.call('admin', ADMIN, { action: 'upsertDirectory', entry }), 'INVALID_ARGUMENT');
  });

  it('keeps an id to its kind and a hospital name to one active entry', async () => {
    const asHospital = { ...hospital, id: 'e-001', name: '另一家医院' };
    expectError(await cloud.call('admin', ADMIN, { action: 'upsertDirectory', entry: asHospital }), 'INVALID_ARGUMENT');
    expect((await content('experts', { department: '心血管内科' })).experts.map((e) => e.id)).toEqual(['e-001']);
    const twin = { ...hospital, name: '复旦大学附属中山医院' };
    expectError(await cloud.call('admin', ADMIN, { action: 'upsertDirectory', entry: twin }), 'INVALID_ARGUMENT');
  });
});
