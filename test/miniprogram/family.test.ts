/**
 * @jest-environment jsdom
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Card, CardMember, Envelope } from '../../typings/contract';
import type { CallData } from '../../miniprogram/services/transport';
import { deferred, fakeTransport, settle, tap, textOf, type SimulatedPage } from './harness';
import { invoke, isDisabled, ok, open, premiumCard, refused } from './membership-kit';

const FAMILY = 'member/pages/family/index';

const holder: CardMember = { memberId: 'm-holder', role: 'holder', name: '张*丰', self: true };
const li: CardMember = { memberId: 'm-li', role: 'member', name: '李*水', self: false };
const wuji: CardMember = { memberId: 'm-wuji', role: 'member', name: '张*忌', self: false };
const cuishan: CardMember = { memberId: 'm-cui', role: 'member', name: '张*山', self: false };

/** An active 尊享版 card; `familySlots` as the function answers it for 1 + 3 (R1.1). */
const family = (members: CardMember[], overrides: Partial<Card> = {}): Card =>
  premiumCard({ status: 'active', members, familySlots: Math.max(0, 4 - members.length), ...overrides });

const mineAnswer = (...cards: Card[]): Envelope<unknown> => ok({ cards });

interface Share {
  title?: string;
  path?: string;
  imageUrl?: string;
}

function share(page: SimulatedPage, from: string): Share {
  return (page.instance as unknown as { onShareAppMessage(o: { from: string }): Share }).onShareAppMessage({ from });
}

/** The vant dialog's two buttons: cancel, then confirm. */
async function answerDialog(page: SimulatedPage, which: 'cancel' | 'confirm'): Promise<void> {
  const buttons = page.querySelectorAll('#remove-dialog >>> .van-dialog__button');
  const button = buttons[which === 'cancel' ? 0 : 1]?.querySelector('.van-button');
  if (!button) throw new Error('no dialog button');
  button.dispatchEvent('tap');
  await settle(400);
}

afterEach(() => jest.restoreAllMocks());

describe('family page', () => {
  test('loading, then the members: masked names, roles, 我, and the places left', async () => {
    const answer = deferred<Envelope<unknown>>();
    const transport = fakeTransport(() => answer.promise);
    const page = await open(FAMILY, { cardId: 'c-premium' }, { transport });

    expect(page.data['view']).toBe('loading');
    expect(page.querySelector('.family__loading')).toBeTruthy();
    expect(transport.calls).toEqual([['card', { action: 'mine' }]]);

    answer.resolve(mineAnswer(family([holder, li])));
    await settle();
    const text = textOf(page);
    expect(page.querySelector('.family__loading')).toBeFalsy();
    expect(text).toContain('太医蓝卡尊享版');
    expect(text).toContain('张*丰 我 持卡人');
    expect(text).toContain('李*水 家庭成员');
    expect(text).toContain('还可邀请 2 位');
    expect(text).toContain('邀请家人');
    expect(page.querySelectorAll('.member')).toHaveLength(2);
    // the holder may remove a member, never themself
    expect(page.querySelector('#remove-m-li')).toBeTruthy();
    expect(page.querySelector('#remove-m-holder')).toBeFalsy();
  });

  test('the menu’s 转发 is hidden: an invite leaves only through the share button', async () => {
    const hide = jest.spyOn(wx, 'hideShareMenu');
    await open(FAMILY, { cardId: 'c-premium' }, { transport: fakeTransport(() => mineAnswer(family([holder]))) });
    expect(hide).toHaveBeenCalled();
  });

  test('opens the card asked for among several; an unknown one gets a way home', async () => {
    const other = family([{ ...holder }], { cardId: 'c-other', cardNo: '8860202600015678' });
    const page = await open(
      FAMILY,
      { cardId: 'c-other' },
      { transport: fakeTransport(() => mineAnswer(family([holder, li]), other)) },
    );
    expect(textOf(page)).toContain('**** 5678');

    const switchTab = jest.spyOn(wx, 'switchTab');
    const lost = await open(
      FAMILY,
      { cardId: 'c-gone' },
      { transport: fakeTransport(() => mineAnswer(family([holder]))) },
    );
    expect(lost.data['view']).toBe('empty');
    expect(textOf(lost)).toContain('没有找到这张卡');
    await tap(lost, '#home');
    expect(switchTab).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/home/index' }));
  });

  test('an error is shown as it came, and 重试 loads again; pull-down refreshes', async () => {
    let answer: Envelope<unknown> = refused('INTERNAL', '系统繁忙，请稍后再试');
    const transport = fakeTransport(() => answer);
    const page = await open(FAMILY, { cardId: 'c-premium' }, { transport });
    expect(page.data['view']).toBe('error');
    expect(textOf(page)).toContain('系统繁忙，请稍后再试');

    answer = mineAnswer(family([holder]));
    await tap(page, '#retry');
    expect(textOf(page)).toContain('还可邀请 3 位');

    const stop = jest.spyOn(wx, 'stopPullDownRefresh');
    answer = mineAnswer(family([holder, li]));
    await invoke(page, 'onPullDownRefresh');
    await settle();
    expect(textOf(page)).toContain('李*水');
    expect(stop).toHaveBeenCalled();
  });

  test('invites: creates the invite, then the share button sends the invite page with its token', async () => {
    const transport = fakeTransport((_name, data: CallData) =>
      data.action === 'createInvite'
        ? ok({ token: 'tok_AbC-123', expiresAt: '2026-06-05T14:30:00+08:00' })
        : mineAnswer(family([holder, li])),
    );
    const page = await open(FAMILY, { cardId: 'c-premium' }, { transport });

    await tap(page, '#invite');
    await settle(400);
    expect(transport.calls[1]).toEqual(['card', { action: 'createInvite', cardId: 'c-premium' }]);
    const text = textOf(page);
    expect(text).toContain('邀请已生成');
    expect(text).toContain('请在 6月5日 14:30 前接受，仅限一位家人使用。');
    const button = page.querySelector('#share');
    expect(button?.data?.['openType']).toBe('share');

    const payload = share(page, 'button');
    expect(payload).toEqual({
      title: '邀请您加入我的太医蓝卡家庭',
      path: '/pages/invite/index?token=tok_AbC-123',
      imageUrl: '/assets/share/invite.png',
    });
    await settle();
    expect(textOf(page)).toContain('已打开微信分享');

    // closing drops the token: the next invite is a new one
    await invoke(page, 'onCloseInvite');
    expect(page.data['invite']).toBeNull();
    expect(share(page, 'menu')).toEqual({ title: '太医蓝卡', path: '/pages/home/index' });
  });

  test('the share image is a 5:4 PNG under 40 KB in the main package', () => {
    const file = path.resolve(__dirname, '../../miniprogram/assets/share/invite.png');
    const png = fs.readFileSync(file);
    expect(png.length).toBeLessThanOrEqual(40 * 1024);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width * 4).toBe(height * 5);
  });

  test('a refused invite is said under the button', async () => {
    const transport = fakeTransport((_name, data: CallData) =>
      data.action === 'createInvite'
        ? refused('RATE_LIMITED', '操作太频繁，请稍后再试')
        : mineAnswer(family([holder, li])),
    );
    const page = await open(FAMILY, { cardId: 'c-premium' }, { transport });
    await tap(page, '#invite');

    expect(page.querySelector('.family__invite-error')?.dom?.textContent).toBe('操作太频繁，请稍后再试');
    expect(page.data['showInvite']).toBe(false);
  });

  test('a full family: no place left, the invite button is off', async () => {
    const page = await open(
      FAMILY,
      { cardId: 'c-premium' },
      {
        transport: fakeTransport(() => mineAnswer(family([holder, li, wuji, cuishan]))),
      },
    );
    expect(textOf(page)).toContain('家庭成员已满');
    expect(textOf(page)).not.toContain('还可邀请');
    expect(isDisabled(page, '#invite')).toBe(true);
  });

  test('the places left are the card’s familySlots as answered, not a count of the members', async () => {
    let answer = mineAnswer(family([holder, li], { familySlots: 1 }));
    const page = await open(FAMILY, { cardId: 'c-premium' }, { transport: fakeTransport(() => answer) });
    expect(textOf(page)).toContain('还可邀请 1 位');
    expect(isDisabled(page, '#invite')).toBe(false);

    answer = mineAnswer(family([holder], { familySlots: 0 }));
    await invoke(page, 'onPullDownRefresh');
    await settle();
    expect(textOf(page)).toContain('家庭成员已满');
    expect(isDisabled(page, '#invite')).toBe(true);
  });

  test('removing asks first, stating the consequence; cancel changes nothing', async () => {
    const transport = fakeTransport(() => mineAnswer(family([holder, li])));
    const page = await open(FAMILY, { cardId: 'c-premium' }, { transport });

    await tap(page, '#remove-m-li');
    await settle(400);
    const text = textOf(page);
    expect(text).toContain('移除 李*水');
    expect(text).toContain('移除后，TA 将不能再使用本卡的共享权益；已使用的次数不会退回。确定移除吗？');
    expect(transport.calls).toHaveLength(1);

    await answerDialog(page, 'cancel');
    expect(transport.calls).toHaveLength(1);
    expect(page.data['confirm']).toEqual({ show: false, memberId: '', name: '' });
  });

  test('confirming removes the member and shows the card as answered', async () => {
    const transport = fakeTransport((_name, data: CallData) =>
      data.action === 'removeMember' ? ok({ card: family([holder]) }) : mineAnswer(family([holder, li])),
    );
    const page = await open(FAMILY, { cardId: 'c-premium' }, { transport });
    await tap(page, '#remove-m-li');
    await settle(400);
    await answerDialog(page, 'confirm');
    await settle();

    expect(transport.calls[1]).toEqual(['card', { action: 'removeMember', cardId: 'c-premium', memberId: 'm-li' }]);
    expect(textOf(page)).not.toContain('李*水');
    expect(textOf(page)).toContain('还可邀请 3 位');
  });

  test('a member with an open order cannot be removed: the refusal is said under their row', async () => {
    const message = '该成员还有进行中的服务，完成或取消后才能移除';
    const transport = fakeTransport((_name, data: CallData) =>
      data.action === 'removeMember' ? refused('INVALID_STATE', message) : mineAnswer(family([holder, li, wuji])),
    );
    const page = await open(FAMILY, { cardId: 'c-premium' }, { transport });
    await tap(page, '#remove-m-wuji');
    await settle(400);
    await answerDialog(page, 'confirm');
    await settle();

    const errors = page.querySelectorAll('.member__error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.dom?.textContent).toBe(message);
    // under 张*忌's row, the second member
    const rows = page.querySelectorAll('.member');
    expect(rows[2]?.dom?.textContent).toContain(message);
    expect(textOf(page)).toContain('张*忌');
  });

  test('专业版: explained as for the holder alone, nothing to invite', async () => {
    const pro = premiumCard({ edition: 'pro', status: 'active', members: [holder] });
    const page = await open(FAMILY, { cardId: 'c-premium' }, { transport: fakeTransport(() => mineAnswer(pro)) });
    const text = textOf(page);
    expect(text).toContain('专业版仅限本人使用');
    expect(text).toContain('张*丰 我 持卡人');
    expect(page.querySelector('#invite')).toBeFalsy();
    expect(text).not.toContain('还可邀请');
  });

  test('a member sees the family but neither invites nor removes', async () => {
    const asMember = family(
      [
        { ...holder, self: false },
        { ...li, self: true },
        { ...wuji, self: false },
      ],
      { role: 'member' },
    );
    const page = await open(FAMILY, { cardId: 'c-premium' }, { transport: fakeTransport(() => mineAnswer(asMember)) });
    const text = textOf(page);
    expect(text).toContain('张*丰 持卡人');
    expect(text).toContain('李*水 我 家庭成员');
    expect(text).toContain('家庭成员由持卡人邀请和管理');
    expect(page.querySelector('#invite')).toBeFalsy();
    expect(page.querySelector('#remove-m-holder')).toBeFalsy();
    expect(page.querySelector('#remove-m-wuji')).toBeFalsy();
  });

  test('leads to the pool’s ledger', async () => {
    const navigateTo = jest.spyOn(wx, 'navigateTo');
    const page = await open(
      FAMILY,
      { cardId: 'c-premium' },
      { transport: fakeTransport(() => mineAnswer(family([holder]))) },
    );
    await tap(page, '#ledger >>> .van-cell');
    expect(navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/member/pages/ledger/index?cardId=c-premium' }),
    );
  });
});
