/**
 * @jest-environment jsdom
 *
 * Journey: the real home and benefit pages, their service layer bridged over HTTP to a running
 * local cloud seeded with the demo world (`node scripts/build.mjs` first: dist/local/server.js).
 * What the pages show is checked against what the functions answer, not against copied numbers,
 * so the demo seed may change its orders without breaking this.
 */
import type { Card, Envelope, Order, Res } from '../../typings/contract';
import type { Transport } from '../../miniprogram/services/transport';
import { DEMO } from '../../server/local/seed';
import { loadPage, settle, tap, textOf, type SimulatedPage } from './harness';
import { useDemoCloud } from './journey-cloud';

jest.setTimeout(60000);

const { as } = useDemoCloud();

afterEach(() => jest.restoreAllMocks());

async function answer<T>(
  transport: Transport,
  name: 'card' | 'order',
  data: { action: string } & Record<string, unknown>,
): Promise<T> {
  const envelope = (await transport(name, data)) as Envelope<T>;
  if (!envelope.ok) throw new Error(`${name}.${data.action}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.data;
}

/** Lets real HTTP round trips finish: polls until the page leaves its loading state. */
async function loaded(page: SimulatedPage): Promise<void> {
  for (let i = 0; i < 200 && page.data['view'] === 'loading'; i++) await settle(25);
  await settle(25);
  expect(page.data['view']).not.toBe('loading');
}

/** Opens the page a navigateTo url names, with its query, as wx would. */
async function follow(url: string, transport: Transport): Promise<SimulatedPage> {
  const [route = '', search = ''] = url.replace(/^\//, '').split('?');
  const query: Record<string, string> = {};
  for (const pair of search.split('&').filter(Boolean)) {
    const [key = '', value = ''] = pair.split('=');
    query[key] = decodeURIComponent(value);
  }
  const page = loadPage(route, { transport });
  (page.instance as unknown as { onLoad(q: Record<string, string>): void }).onLoad(query);
  await loaded(page);
  return page;
}

function cellValue(page: SimulatedPage, id: string): string | undefined {
  return page.querySelector(`#${id} >>> .van-cell__value`)?.dom?.textContent?.trim();
}

function lastUrl(spy: jest.SpyInstance): string {
  const options = spy.mock.calls.at(-1)?.[0] as { url?: string } | undefined;
  return options?.url ?? '';
}

describe('journey: home and benefit detail against the demo world', () => {
  test('demo-holder: the premium card active, with the shared pools of the 3 family members', async () => {
    const holder = as(DEMO.holder);
    const { cards } = await answer<Res<'card', 'mine'>>(holder, 'card', { action: 'mine' });
    const card = cards.find((c) => c.edition === 'premium') as Card;
    const { orders } = await answer<{ orders: Order[] }>(holder, 'order', { action: 'list', limit: 1 });
    expect(card.status).toBe('active');
    expect(card.members.filter((m) => m.role === 'member')).toHaveLength(3);

    const page = loadPage('pages/home/index', { transport: holder });
    await loaded(page);

    const text = textOf(page);
    expect(page.data['view']).toBe('cards');
    expect(text).toContain('太医蓝卡 尊享版');
    expect(text).toContain('生效中');
    expect(text).toMatch(/有效期至 \d{4}年\d{1,2}月\d{1,2}日/);
    expect(text).toContain(`**** ${card.cardNo.slice(-4)}`);
    // the family: four people share the pools
    expect(text).toContain(`家庭共享额度 4 人共用 ${card.members.map((m) => m.name).join(' ')}`);
    const pools = card.benefits.filter((b) => b.shared && b.total !== null);
    expect(pools.length).toBeGreaterThan(0);
    const bars = page.querySelectorAll('.home >>> .pool-bar__head').map((n) => n.dom?.textContent?.replace(/\s+/g, ''));
    expect(bars).toEqual(pools.map((b) => `${b.name}${b.used}/${b.total}已用`));
    // the grid: one tile per benefit, 就医陪诊 the holder's own
    for (const b of card.benefits) expect(text).toContain(b.name);
    expect(text).not.toContain('仅限持卡人');
    // the latest order, as order.list answered it
    const latest = orders[0];
    if (latest) {
      expect(text).toContain('最近订单');
      expect(textOf(page)).toContain(latest.personName);
    }
  });

  test('demo-member-1 sees 仅限持卡人 on 就医陪诊, and its detail says why it is closed', async () => {
    const member = as(DEMO.members[0]);
    const navigateTo = jest.spyOn(wx, 'navigateTo');

    const home = loadPage('pages/home/index', { transport: member });
    await loaded(home);
    expect(textOf(home)).toContain('太医蓝卡 尊享版 家庭成员');
    expect(textOf(home)).toContain('就医陪诊 仅限持卡人');

    await tap(home, '.home >>> #benefit-escort');
    const url = lastUrl(navigateTo);
    expect(url).toMatch(/^\/member\/pages\/benefit\/index\?key=escort&cardId=/);

    const detail = await follow(url, member);
    expect(detail.data['view']).toBe('ready');
    expect(textOf(detail)).toContain('就医陪诊');
    expect(cellValue(detail, 'who')).toBe('仅限持卡人本人');
    expect(detail.querySelector('#reason')?.dom?.textContent?.trim()).toBe('仅限持卡人本人使用');
    expect(detail.querySelector('#primary >>> .van-button')?.dom?.className).toContain('van-button--disabled');
  });

  test('tapping a benefit opens its detail with what remains, as card.mine answers it', async () => {
    const holder = as(DEMO.holder);
    const navigateTo = jest.spyOn(wx, 'navigateTo');
    const { cards } = await answer<Res<'card', 'mine'>>(holder, 'card', { action: 'mine' });
    const card = cards.find((c) => c.edition === 'premium') as Card;

    const home = loadPage('pages/home/index', { transport: holder });
    await loaded(home);

    for (const key of ['outpatientGreen', 'quickConsult', 'familyDoctor'] as const) {
      const expected = card.benefits.find((b) => b.key === key);
      if (!expected) throw new Error(`${key} missing from the demo card`);
      await tap(home, `.home >>> #benefit-${key}`);
      const url = lastUrl(navigateTo);
      expect(url).toBe(`/member/pages/benefit/index?key=${key}&cardId=${card.cardId}`);

      const detail = await follow(url, holder);
      expect(detail.data['view']).toBe('ready');
      expect(textOf(detail)).toContain(expected.name);
      expect(cellValue(detail, 'remaining')).toBe(
        expected.total === null ? '不限次数' : `家庭共享 剩余 ${expected.remaining}/${expected.total} 次`,
      );
      // the texts and steps come from content.benefits
      expect(detail.querySelectorAll('#how >>> .van-step').length).toBeGreaterThan(1);
      const open = !detail.querySelector('#primary >>> .van-button')?.dom?.className.includes('van-button--disabled');
      expect(open).toBe(expected.open);
    }
  });
});
