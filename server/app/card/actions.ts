/**
 * The card's life (R2) and its family (R2.6) as use cases: schema-checked input in, the
 * contract's `card` out. Every multi-document change is one transaction.
 */
import type { Req, Res } from '../../../typings/contract';
import {
  canActivate,
  canInvite,
  canJoin,
  canRemoveMember,
  cardStatus,
  familyMax,
  inviteExpiresAt,
} from '../../domain/card-life';
import type { CardStatus } from '../../../typings/contract';
import { isValidIdNumber, maskName, normalizeIdNumber } from '../../domain/identity';
import { formatInstant, parseInstant, shanghaiDay } from '../../domain/time';
import { encrypt, hmac, newId, randomToken } from '../../runtime/crypto';
import { fail } from '../../runtime/errors';
import type { Ctx } from '../../runtime/router';
import type { CardDoc, MemberDoc } from '../../store/collections';
import { compareBy } from '../../store/match';
import type { Tx } from '../../store/port';
import { codeHash, isWellFormedCardNo } from '../admin/issue-cards';
import { activationPlans, writeReminders } from '../notify/schedule';
import { initialPools, pendingRows } from '../pool';
import { isLimited, hit, RATE_RULES, takeOrLimit } from '../rate';
import { uploadDirOf } from '../upload-dir';
import { cardView, loadBundle } from './view';

const WRONG_CARD_OR_CODE = '卡号或激活码不正确，请核对后重试';

interface RealName {
  name: string;
  idNumber: string;
  phone: string;
}

export function idHash(ctx: Ctx, idNumber: string): string {
  return hmac(ctx.config.secret, 'id-number', normalizeIdNumber(idNumber));
}

function newMember(ctx: Ctx, cardId: string, role: MemberDoc['role'], who: RealName): MemberDoc {
  const { dataKey } = ctx.config;
  return {
    _id: newId('mem', ctx.now),
    cardId,
    openid: ctx.openid,
    role,
    nameEnc: encrypt(dataKey, who.name),
    nameMasked: maskName(who.name),
    idHash: idHash(ctx, who.idNumber),
    idEnc: encrypt(dataKey, normalizeIdNumber(who.idNumber)),
    phoneEnc: encrypt(dataKey, who.phone),
    joinedAt: formatInstant(ctx.now),
    removedAt: null,
  };
}

/**
 * R2.3 The schema checks the ID number's form and checksum but cannot see the clock: a birth date
 * after today is no real ID number either. Checked before anything is looked up or counted.
 */
function checkBirthDate(ctx: Ctx, idNumber: string): void {
  if (!isValidIdNumber(idNumber, shanghaiDay(ctx.now))) fail('INVALID_ARGUMENT', '身份证号码不正确，请核对');
}

function statusOf(card: CardDoc, now: Date): CardStatus {
  return cardStatus({ activatedAt: card.activatedAt ? parseInstant(card.activatedAt) : null }, now);
}

/** Chinese messages for the family verdicts of the domain (R2.6). */
const FAMILY_MESSAGES = {
  BENEFIT_NOT_INCLUDED: '专业版仅限持卡人本人使用，不能添加家庭成员',
  HOLDER_ONLY: '只有持卡人可以管理家庭成员',
  INVALID_STATE: '这张卡还没有激活',
  CARD_EXPIRED: '这张卡已过有效期',
  FAMILY_FULL: '家庭成员已满 3 人，如需更换请先移除一位成员',
} as const;

/**
 * R2.6 One person (ID number) is on at most one active card. The person document points at the
 * card they are on; it may be taken over only when that card is expired or they have left it.
 */
async function claimPerson(tx: Tx, ctx: Ctx, member: MemberDoc): Promise<void> {
  const person = await tx.get('persons', member.idHash);
  if (person) {
    const [card, was] = await Promise.all([tx.get('cards', person.cardId), tx.get('members', person.memberId)]);
    const stillOn = was !== null && was.removedAt === null;
    const cardLive = card !== null && statusOf(card, ctx.now) !== 'expired';
    if (stillOn && cardLive) {
      fail(
        'NOT_ELIGIBLE',
        person.cardId === member.cardId ? '您已在这张卡上' : '该身份证号已绑定一张有效的太医蓝卡，一人只能使用一张',
      );
    }
  }
  await tx.put('persons', { _id: member.idHash, cardId: member.cardId, memberId: member._id });
}

/** The caller's membership of a card, or NOT_FOUND: a stranger learns nothing about the card. */
async function membershipOf(ctx: Ctx, cardId: string): Promise<{ card: CardDoc; me: MemberDoc }> {
  const [card, mine] = await Promise.all([
    ctx.store.get('cards', cardId),
    ctx.store.find('members', { openid: ctx.openid, removedAt: null }),
  ]);
  const me = mine.find((m) => m.cardId === cardId);
  if (!card || !me) fail('NOT_FOUND', '没有找到这张卡');
  return { card, me };
}

async function answerCard(
  ctx: Ctx,
  cardId: string,
  memberId: string,
): Promise<{ card: Res<'card', 'activate'>['card'] }> {
  const [card, me] = await Promise.all([ctx.store.get('cards', cardId), ctx.store.get('members', memberId)]);
  if (!card || !me) throw new Error(`card ${cardId} or member ${memberId} vanished`);
  return { card: cardView(await loadBundle(ctx.store, card), me, ctx.now) };
}

export async function activate(ctx: Ctx, req: Req<'card', 'activate'>): Promise<Res<'card', 'activate'>> {
  const { store, now } = ctx;
  checkBirthDate(ctx, req.idNumber);
  // R2.3 / abuse: guessing is limited per card and per caller, counted on failures only
  if (await isLimited(store, RATE_RULES.activateFailCaller, ctx.openid, now))
    fail('RATE_LIMITED', '尝试次数过多，请 1 小时后再试');
  if (await isLimited(store, RATE_RULES.activateFailCard, req.cardNo, now))
    fail('RATE_LIMITED', '尝试次数过多，请 1 小时后再试');

  const number = isWellFormedCardNo(req.cardNo) ? await store.get('cardNumbers', req.cardNo) : null;
  const found = number ? await store.get('cards', number.cardId) : null;
  if (!found || found.codeHash !== codeHash(ctx.config.secret, found.cardNo, req.code)) {
    await Promise.all([
      hit(store, RATE_RULES.activateFailCaller, ctx.openid, now),
      hit(store, RATE_RULES.activateFailCard, req.cardNo, now),
    ]);
    // never say which of the two was wrong
    fail('NOT_FOUND', WRONG_CARD_OR_CODE);
  }
  if (found.activatedAt) fail('ALREADY_ACTIVATED');
  if (!canActivate(found.orderDate, now)) fail('ACTIVATION_WINDOW_CLOSED');

  const holder = newMember(ctx, found._id, 'holder', req);
  await store.transaction(async (tx) => {
    const activatedAt = formatInstant(now);
    const ok = await tx.update(
      'cards',
      found._id,
      { $set: { activatedAt, holderOpenid: ctx.openid, holderMemberId: holder._id } },
      { activatedAt: null },
    );
    if (!ok) fail('ALREADY_ACTIVATED');
    await tx.insert('members', holder);
    await claimPerson(tx, ctx, holder);
    for (const pool of initialPools(found._id, found.edition)) await tx.insert('pools', pool);
    // R5.2 waiting period over and card expiring, to everyone on the card when due
    await writeReminders(tx, activationPlans(found._id, now), now);
  });
  return answerCard(ctx, found._id, holder._id);
}

export async function mine(ctx: Ctx): Promise<Res<'card', 'mine'>> {
  const memberships = await ctx.store.find('members', { openid: ctx.openid, removedAt: null });
  const cards = await Promise.all(
    memberships.map(async (me) => {
      const card = await ctx.store.get('cards', me.cardId);
      return card ? cardView(await loadBundle(ctx.store, card), me, ctx.now) : null;
    }),
  );
  // live cards first, then by activation, newest first
  const rank = { active: 0, waiting: 1, inactive: 2, expired: 3 } as const;
  return {
    cards: cards
      .filter((c) => c !== null)
      .sort((a, b) => rank[a.status] - rank[b.status] || (b.activatedAt ?? '').localeCompare(a.activatedAt ?? '')),
    // issue 10: where the app uploads the caller's files; other folders are refused (upload-dir.ts)
    uploadDir: uploadDirOf(ctx),
  };
}

export async function createInvite(ctx: Ctx, req: Req<'card', 'createInvite'>): Promise<Res<'card', 'createInvite'>> {
  const { card, me } = await membershipOf(ctx, req.cardId);
  const verdict = canInvite(
    { edition: card.edition, status: statusOf(card, ctx.now), members: card.familyCount },
    me.role,
  );
  if (!verdict.ok) fail(verdict.code, FAMILY_MESSAGES[verdict.code]);
  await takeOrLimit(ctx.store, RATE_RULES.invite, ctx.openid, ctx.now);

  const token = randomToken(24);
  const expiresAt = formatInstant(inviteExpiresAt(ctx.now));
  await ctx.store.insert('invites', {
    _id: hmac(ctx.config.secret, 'invite', token),
    cardId: card._id,
    createdBy: me._id,
    createdAt: formatInstant(ctx.now),
    expiresAt,
    usedAt: null,
  });
  return { token, expiresAt };
}

export async function acceptInvite(ctx: Ctx, req: Req<'card', 'acceptInvite'>): Promise<Res<'card', 'acceptInvite'>> {
  checkBirthDate(ctx, req.idNumber);
  const inviteId = hmac(ctx.config.secret, 'invite', req.token);
  const nowIso = formatInstant(ctx.now);
  const invite = await ctx.store.get('invites', inviteId);
  if (!invite || invite.usedAt !== null || invite.expiresAt <= nowIso) fail('INVITE_INVALID');
  const card = await ctx.store.get('cards', invite.cardId);
  if (!card) fail('INVITE_INVALID');
  const joinable = canJoin({ edition: card.edition, status: statusOf(card, ctx.now), members: card.familyCount });
  if (!joinable.ok) {
    // an expired card's invite is simply no longer valid; a full family is worth saying
    if (joinable.code === 'FAMILY_FULL') fail('FAMILY_FULL', FAMILY_MESSAGES.FAMILY_FULL);
    fail('INVITE_INVALID', joinable.code === 'CARD_EXPIRED' ? '这张卡已过有效期，邀请已失效' : undefined);
  }
  const already = await ctx.store.find('members', { openid: ctx.openid, removedAt: null });
  if (already.some((m) => m.cardId === card._id)) fail('INVALID_STATE', '您已是这张卡的成员');

  const member = newMember(ctx, card._id, 'member', req);
  await ctx.store.transaction(async (tx) => {
    // single use, even when two people open the same invite at once
    if (!(await tx.update('invites', inviteId, { $set: { usedAt: nowIso } }, { usedAt: null }))) fail('INVITE_INVALID');
    const max = familyMax(card.edition);
    if (!(await tx.update('cards', card._id, { $inc: { familyCount: 1 } }, { familyCount: { $lt: max } }))) {
      fail('FAMILY_FULL', FAMILY_MESSAGES.FAMILY_FULL);
    }
    await tx.insert('members', member);
    await claimPerson(tx, ctx, member);
  });
  return answerCard(ctx, card._id, member._id);
}

export async function removeMember(ctx: Ctx, req: Req<'card', 'removeMember'>): Promise<Res<'card', 'removeMember'>> {
  const { card, me } = await membershipOf(ctx, req.cardId);
  const target = await ctx.store.get('members', req.memberId);
  if (me.role === 'holder' && (!target || target.cardId !== card._id || target.removedAt !== null)) {
    fail('NOT_FOUND', '没有找到这位家庭成员');
  }
  // R2.6 not while they have an open order; what they used stays used (pools are untouched)
  const hasOpenOrder = target ? (await ctx.store.count('orders', { personId: target._id, open: true })) > 0 : false;
  const verdict = canRemoveMember(me.role, { role: target?.role ?? 'member', hasOpenOrder });
  if (!verdict.ok) {
    fail(
      verdict.code,
      verdict.code === 'HOLDER_ONLY'
        ? FAMILY_MESSAGES.HOLDER_ONLY
        : hasOpenOrder
          ? '该成员还有进行中的服务，完成或取消后才能移除'
          : '不能移除持卡人本人',
    );
  }
  if (!target) fail('NOT_FOUND', '没有找到这位家庭成员');
  await ctx.store.transaction(async (tx) => {
    const removed = await tx.update(
      'members',
      target._id,
      { $set: { removedAt: formatInstant(ctx.now) } },
      { removedAt: null },
    );
    if (!removed) fail('NOT_FOUND', '没有找到这位家庭成员');
    await tx.update('cards', card._id, { $inc: { familyCount: -1 } }, { familyCount: { $gt: 0 } });
    const person = await tx.get('persons', target.idHash);
    if (person?.memberId === target._id) await tx.remove('persons', target.idHash);
  });
  return answerCard(ctx, card._id, me._id);
}

const LEDGER_PAGE = 20;

export async function ledger(ctx: Ctx, req: Req<'card', 'ledger'>): Promise<Res<'card', 'ledger'>> {
  const { card, me } = await membershipOf(ctx, req.cardId);
  const limit = req.limit ?? LEDGER_PAGE;
  const skip = req.cursor ? Number(req.cursor) : 0;
  const where = req.benefit ? { cardId: card._id, benefit: req.benefit } : { cardId: card._id };
  const order = [
    ['at', 'desc'],
    ['_id', 'desc'],
  ] as const;
  const [pools, people] = await Promise.all([
    ctx.store.find('pools', where),
    // removed members too: their past use stays on the ledger
    ctx.store.find('members', { cardId: card._id }),
  ]);
  // R3.5 the rows of holds the settle sweep has not moved yet are kept in the pools: merged in,
  // the page is read from the top of `ledger` (pages beyond them are as before)
  const pending = pendingRows(pools);
  const settled = await ctx.store.find('ledger', where, {
    orderBy: order,
    ...(pending.length > 0 ? { limit: skip + limit + 1 } : { skip, limit: limit + 1 }),
  });
  const rows =
    pending.length > 0 ? [...settled, ...pending].sort(compareBy(order)).slice(skip, skip + limit + 1) : settled;
  const nameOf = new Map(people.map((m) => [m._id, m.nameMasked]));
  return {
    rows: rows.slice(0, limit).map((r) => ({
      rowId: r._id,
      benefit: r.benefit,
      change: r.change,
      orderId: r.orderId,
      person: nameOf.get(r.personId) ?? '**',
      personId: r.personId,
      self: r.personId === me._id,
      by: r.by,
      at: r.at,
    })),
    nextCursor: rows.length > limit ? String(skip + limit) : null,
  };
}
