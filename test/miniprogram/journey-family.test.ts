/**
 * @jest-environment jsdom
 *
 * A family's journey through the real pages and the real local cloud (`node dist/local/server.js`,
 * demo seed): a newcomer activates a card, invites through the share button, a second person
 * accepts through the invite page, the family page shows both, the holder removes the member.
 * Each page's service layer talks HTTP to the local cloud as its own openid.
 */
import type { Card, Envelope } from '../../typings/contract';
import { httpTransport } from '../../miniprogram/services/transport';
import { startLocalCloud, type LocalCloudProcess } from '../http/local-cloud';
import { settle, tap, textOf, type SimulatedPage } from './harness';
import { fieldError, fillRealName, idNumber, open, typeInto } from './membership-kit';
import { nodeFetch } from './node-fetch';

const NEWCOMER = 'demo-newcomer';
const FRIEND = 'journey-friend';
const ADMIN = 'demo-admin';

const HOLDER_PERSON = { name: '殷素素', idNumber: idNumber('1986-04-12', 231), phone: '13912345678' };
const FRIEND_PERSON = { name: '谢逊', idNumber: idNumber('1962-09-30', 517), phone: '13787654321' };

let cloud: LocalCloudProcess;

beforeAll(async () => {
  cloud = await startLocalCloud({ seed: 'demo' });
}, 60_000);

afterAll(async () => {
  await cloud.stop();
});

/** jsdom has no fetch: the test's own calls go through the same Node http bridge as the pages'. */
async function post<T>(fn: string, openid: string, data: Record<string, unknown>): Promise<T> {
  const res = await nodeFetch(`${cloud.base}/call/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid, data }),
  });
  const envelope = (await res.json()) as Envelope<T>;
  if (!envelope.ok)
    throw new Error(`${fn}.${String(data['action'])}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.data;
}

const as = (openid: string) => ({ transport: httpTransport({ base: cloud.base, openid, fetch: nodeFetch }) });

/** Waits for the page to reach a state the local cloud's answer brings. */
async function until(page: SimulatedPage, what: string, done: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the page says: ${textOf(page)}`);
    await settle(20);
  }
}

function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

test('a newcomer activates, invites, a friend joins, the holder sees and removes them', async () => {
  // A fresh premium card, issued the way the insurer's platform would.
  const { cards } = await post<{ cards: { cardNo: string; code: string }[] }>('admin', ADMIN, {
    action: 'issueCards',
    orderNo: `JOURNEY-FAMILY-${Date.now()}`,
    orderDate: shanghaiToday(),
    edition: 'premium',
  });
  const issued = cards[0];
  if (!issued) throw new Error('no card issued');

  // 1. The newcomer activates it.
  const activate = await open('pages/activate/index', {}, as(NEWCOMER));
  await typeInto(activate, '#cardNo', issued.cardNo);
  expect(activate.data['cardNo']).toBe(issued.cardNo.replace(/(\d{4})(?=\d)/g, '$1 '));
  await typeInto(activate, '#code', issued.code.toLowerCase());
  await fillRealName(activate, HOLDER_PERSON);
  expect(fieldError(activate, '#cardNo')).toBe('');
  await tap(activate, '#submit');
  await until(activate, 'the activation', () => activate.data['view'] === 'success');

  const card = activate.data['card'] as Card;
  expect(card.status).toBe('waiting');
  expect(card.role).toBe('holder');
  expect(textOf(activate)).toContain('激活成功');
  expect(textOf(activate)).toContain('等待期');
  expect(textOf(activate)).toMatch(/\d{1,2}月\d{1,2}日起可预约/);
  expect(textOf(activate)).toContain('殷*素');

  // 2. The family page: the holder alone; the invite is created and shared.
  const family = await open('member/pages/family/index', { cardId: card.cardId }, as(NEWCOMER));
  await until(family, 'the family', () => family.data['view'] === 'family');
  expect(textOf(family)).toContain('殷*素 我 持卡人');
  expect(textOf(family)).toContain('还可邀请 3 位');

  await tap(family, '#invite');
  await until(family, 'the invite', () => family.data['showInvite'] === true);
  const shared = (
    family.instance as unknown as { onShareAppMessage(o: { from: string }): { title: string; path: string } }
  ).onShareAppMessage({ from: 'button' });
  expect(shared.title).toBe('邀请您加入我的太医蓝卡家庭');
  const [route, query] = shared.path.split('?');
  expect(route).toBe('/pages/invite/index');
  const token = new URLSearchParams(query).get('token');
  expect(token).toBeTruthy();

  // 3. The friend opens the share card and accepts with their own real name.
  const invite = await open('pages/invite/index', { token: encodeURIComponent(token ?? '') }, as(FRIEND));
  expect(textOf(invite)).toContain('邀请您加入TA的太医蓝卡家庭');
  await fillRealName(invite, FRIEND_PERSON);
  await tap(invite, '#submit');
  await until(invite, 'the acceptance', () => invite.data['view'] !== 'form' || invite.data['formError'] !== '');
  expect(invite.data['view']).toBe('success');
  expect(textOf(invite)).toContain('您已加入太医蓝卡家庭');
  expect(textOf(invite)).toContain('家庭成员');
  expect((invite.data['card'] as Card).role).toBe('member');

  // The same invite a second time: used.
  const again = await open('pages/invite/index', { token: token ?? '' }, as('journey-late'));
  await fillRealName(again, { name: '周芷若', idNumber: idNumber('1992-11-03', 402), phone: '13611112222' });
  await tap(again, '#submit');
  await until(again, 'the refusal', () => again.data['view'] === 'answer');
  expect(textOf(again)).toContain('这个邀请已经不能使用了');

  // 4. Back on the family page (coming back refreshes): two people.
  await (family.instance as unknown as { onShow(): Promise<void> }).onShow();
  await until(family, 'the second member', () => ((family.data['card'] as Card | null)?.members.length ?? 0) === 2);
  expect(textOf(family)).toContain('谢* 家庭成员');
  expect(textOf(family)).toContain('还可邀请 2 位');

  // The friend sees the card, without the holder's actions.
  const friendFamily = await open('member/pages/family/index', { cardId: card.cardId }, as(FRIEND));
  await until(friendFamily, 'the family', () => friendFamily.data['view'] === 'family');
  expect(textOf(friendFamily)).toContain('谢* 我 家庭成员');
  expect(friendFamily.querySelector('#invite')).toBeFalsy();

  // 5. The holder removes the member, after the dialog.
  const friend = (family.data['card'] as Card).members.find((m) => m.role === 'member');
  if (!friend) throw new Error('no member');
  await tap(family, `#remove-${friend.memberId}`);
  await settle(400);
  expect(textOf(family)).toContain('移除后，TA 将不能再使用本卡的共享权益；已使用的次数不会退回。确定移除吗？');
  const confirm = family.querySelectorAll('#remove-dialog >>> .van-dialog__button')[1]?.querySelector('.van-button');
  confirm?.dispatchEvent('tap');
  await until(family, 'the removal', () => ((family.data['card'] as Card | null)?.members.length ?? 0) === 1);
  expect(textOf(family)).not.toContain('谢*');
  expect(textOf(family)).toContain('还可邀请 3 位');

  // The friend no longer has the card.
  const left = await post<{ cards: Card[] }>('card', FRIEND, { action: 'mine' });
  expect(left.cards).toEqual([]);
}, 60_000);
