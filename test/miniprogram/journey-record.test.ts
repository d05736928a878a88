/**
 * @jest-environment jsdom
 *
 * Journey: the real 健康档案 and 我的 pages, their service layer bridged over HTTP to a running
 * local cloud seeded with the demo world (`node scripts/build.mjs` first: dist/local/server.js).
 * A family member consents and fills in their profile; the card's holder can read it; another
 * family member cannot.
 */
import type { SimulatedPage } from './harness';
import type { Card, Envelope } from '../../typings/contract';
import { DEMO } from '../../server/local/seed';
import { loadPage, settle, tap, textOf, typeIn } from './harness';
import { useDemoCloud } from './journey-cloud';

jest.setTimeout(60000);

const RECORD = 'member/pages/record/index';
const MY = 'pages/my/index';

const { as } = useDemoCloud();

afterEach(() => jest.restoreAllMocks());

/** Real round trips take real time: polls until `done` holds. */
async function until(page: SimulatedPage, done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await settle(25);
  await settle(25);
  if (!done()) throw new Error(`gave up waiting for ${what}; the page shows: ${textOf(page)}`);
}

const settled = (page: SimulatedPage) => () => page.data['view'] !== 'loading';

async function mine(openid: string): Promise<Card[]> {
  const envelope = (await as(openid)('card', { action: 'mine' })) as Envelope<{ cards: Card[] }>;
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.data.cards;
}

describe('健康档案 against the local cloud', () => {
  test('demo-member-1 consents and saves a profile; the holder reads it; demo-member-2 cannot', async () => {
    const [memberCard] = await mine(DEMO.members[0]);
    const member1 = memberCard?.members.find((m) => m.self);
    if (!member1) throw new Error('demo-member-1 has no card');

    // demo-member-1 opens 健康档案 from 我的: their own record, consent first
    const own = loadPage(RECORD, { transport: as(DEMO.members[0]) });
    await until(own, settled(own), 'the record');
    expect(own.data['view']).toBe('consent');
    expect(textOf(own)).toContain(`${member1.name} 的健康档案`);
    expect(own.querySelector('#edit')).toBeFalsy();

    await tap(own, '#agree');
    await until(own, () => own.data['view'] === 'record', 'the consent');

    await tap(own, '#edit');
    await typeIn(own, '#height', '163');
    await typeIn(own, '#weight', '52.5');
    await typeIn(own, '#allergies', '青霉素、海鲜');
    await typeIn(own, '#medications', '维生素D');
    await tap(own, '#save');
    await until(own, () => own.data['editing'] === false, 'the save');
    expect(own.data['saveError']).toBe('');
    const saved = textOf(own);
    expect(saved).toContain('身高 163 厘米');
    expect(saved).toContain('体重 52.5 千克');
    expect(saved).toContain('过敏史 青霉素、海鲜');
    expect(saved).toContain('慢性病 无');
    expect(saved).toContain('长期用药 维生素D');

    // the holder switches to demo-member-1 and reads the same profile
    const holder = loadPage(RECORD, { transport: as(DEMO.holder) });
    await until(holder, settled(holder), 'the holder’s own record');
    await tap(holder, '#switch');
    await settle(400);
    const row = holder
      .querySelectorAll('#people >>> .van-action-sheet__item')
      .find((node) => (node.dom?.textContent ?? '').includes(member1.name));
    if (!row) throw new Error(`no ${member1.name} in the switcher: ${textOf(holder)}`);
    row.dispatchEvent('tap');
    await until(
      holder,
      () => holder.data['personId'] === member1.memberId && holder.data['view'] === 'record',
      'the member’s record',
    );
    const read = textOf(holder);
    expect(read).toContain(`${member1.name} 的健康档案`);
    expect(read).toContain('身高 163 厘米');
    expect(read).toContain('过敏史 青霉素、海鲜');

    // demo-member-2, on the same card, cannot open it
    const other = loadPage(RECORD, { transport: as(DEMO.members[1]), props: { memberId: member1.memberId } });
    await until(other, settled(other), 'the refusal');
    expect(other.data['view']).toBe('error');
    expect(textOf(other)).toContain('没有找到这份健康档案');
    expect(textOf(other)).not.toContain('163');
  });
});

describe('我的 against the local cloud', () => {
  test('工作台 for staff (staff.me), not for a member', async () => {
    const staff = loadPage(MY, { transport: as(DEMO.staff.butler) });
    await until(staff, settled(staff), 'staff’s 我的');
    expect(staff.data['view']).toBe('empty');
    expect(textOf(staff)).toContain('工作台');

    const member = loadPage(MY, { transport: as(DEMO.holder) });
    await until(member, settled(member), 'the holder’s 我的');
    expect(member.data['view']).toBe('cards');
    expect(textOf(member)).toContain('太医蓝卡 尊享版');
    expect(textOf(member)).toContain('家庭成员');
    expect(textOf(member)).not.toContain('工作台');
  });
});
