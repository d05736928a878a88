/**
 * The card's life (domain rules R2): activation window, waiting period, validity, and the family
 * on a premium card. Pure: every answer follows from the arguments (the caller passes `now` from
 * the clock), counted in Asia/Shanghai days whatever the process time zone.
 */
import type { BenefitKey, CardStatus, Day, ErrorCode, MemberRole } from '../../typings/contract';
import { EDITIONS, benefit, isIncluded, type CatalogEdition } from './catalog';
import { addDays, shanghaiDay, startOfShanghaiDay } from './time';

/** R2.2: days after the order date on which the card can still be activated. */
export const ACTIVATION_WINDOW_DAYS = 90;
/** R2.4: waiting days, the activation day being the first. */
export const WAITING_DAYS = 10;
/** R2.6: family members at a time on a premium card, besides the holder. */
export const FAMILY_MAX = 3;
/** R2.6: a card invite is single-use and valid this long. */
export const INVITE_TTL_HOURS = 72;

/** R2.2: the last day on which the card can be activated (order 2026-01-05 → 2026-04-05). */
export function lastActivationDay(orderDate: Day): Day {
  return addDays(orderDate, ACTIVATION_WINDOW_DAYS);
}

/**
 * R2.2: the last instant at which activation is accepted, 23:59:59.999 Shanghai time on the last
 * day. The last instant rather than the next midnight, so that the contract's
 * `activationDeadline` reads as the member's last moment (23:59:59+08:00) and `now <= deadline`
 * is the whole test.
 */
export function activationDeadline(orderDate: Day): Date {
  return new Date(startOfShanghaiDay(addDays(lastActivationDay(orderDate), 1)).getTime() - 1);
}

/** R2.2: whether the activation window is still open at `now` (else ACTIVATION_WINDOW_CLOSED). */
export function canActivate(orderDate: Day, now: Date): boolean {
  return now.getTime() <= activationDeadline(orderDate).getTime();
}

/**
 * R2.4: when the waiting period ends: 00:00 Shanghai on the activation day + 10, whatever the hour
 * of activation (activated 2026-03-10 → 2026-03-20 00:00+08:00).
 */
export function waitingUntil(activatedAt: Date): Date {
  return startOfShanghaiDay(addDays(shanghaiDay(activatedAt), WAITING_DAYS));
}

/**
 * The first day on which the card is no longer valid: the activation day's date one year on. An
 * activation on 29 February has no such date in a common year; the card then expires on 1 March
 * and stays usable through 28 February. dayjs would clamp to 28 February and so expire it on the
 * same instant as a card activated the day before; counting on to 1 March keeps the rule
 * "usable through the day before the anniversary" and never gives the member less than a year.
 */
function expiryDay(activationDay: Day): Day {
  const year = Number(activationDay.slice(0, 4)) + 1;
  const monthDay = activationDay.slice(5);
  const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (monthDay === '02-29' && !isLeap(year)) return `${year}-03-01`;
  return `${year}-${monthDay}`;
}

/**
 * R2.5: the instant from which the card is expired, 00:00 Shanghai on the anniversary of the
 * activation day (activated 2026-03-10 → expired from 2027-03-10 00:00+08:00, usable until
 * 2027-03-09 23:59:59). See `expiryDay` for 29 February.
 */
export function expiresAt(activatedAt: Date): Date {
  return startOfShanghaiDay(expiryDay(shanghaiDay(activatedAt)));
}

/** R2.5: the last Shanghai day on which the card can be used. */
export function lastUsableDay(activatedAt: Date): Day {
  return addDays(expiryDay(shanghaiDay(activatedAt)), -1);
}

export function cardStatus(card: { readonly activatedAt: Date | null }, now: Date): CardStatus {
  if (card.activatedAt === null) return 'inactive';
  const t = now.getTime();
  if (t >= expiresAt(card.activatedAt).getTime()) return 'expired';
  if (t < waitingUntil(card.activatedAt).getTime()) return 'waiting';
  return 'active';
}

export type BenefitClosedCode = Extract<
  ErrorCode,
  'BENEFIT_NOT_INCLUDED' | 'INVALID_STATE' | 'CARD_EXPIRED' | 'HOLDER_ONLY' | 'WAITING_PERIOD' | 'QUOTA_EXHAUSTED'
>;

export type BenefitOpenness = { readonly open: true } | { readonly open: false; readonly code: BenefitClosedCode };

export interface BenefitContext {
  readonly status: CardStatus;
  /**
   * The role on the card of the person the benefit would serve; for the card answer's `open`,
   * the caller's own role.
   */
  readonly role: MemberRole;
  /**
   * The pool's remaining units if known (null: unlimited). Leave it out to ask about everything
   * but the quota; the order's hold is still what enforces R3.2.
   */
  readonly remaining?: number | null;
}

/**
 * Whether the benefit may be used now, and if not, the code to answer. The card answer's `open`
 * flag and order.create both ask this. Reasons are checked from the most lasting to the most
 * passing, so the member is told the reason that waiting will not cure: not in the edition, card
 * not activated, expired (R2.5: everything), someone else's benefit (R1.3), waiting period
 * (R2.4), then an empty pool (R3.2).
 *
 * For benefits without orders (butler, healthRecord, knowledge) `open` means the channel or page
 * is usable; order.create refuses them anyway, as they take no form.
 */
export function benefitOpen(key: BenefitKey, edition: CatalogEdition, ctx: BenefitContext): BenefitOpenness {
  const def = benefit(key);
  if (!isIncluded(key, edition)) return { open: false, code: 'BENEFIT_NOT_INCLUDED' };
  if (ctx.status === 'inactive') return { open: false, code: 'INVALID_STATE' };
  if (ctx.status === 'expired') return { open: false, code: 'CARD_EXPIRED' };
  if (def.holderOnly && ctx.role !== 'holder') return { open: false, code: 'HOLDER_ONLY' };
  if (def.waitingPeriod && ctx.status === 'waiting') return { open: false, code: 'WAITING_PERIOD' };
  if (ctx.remaining !== undefined && ctx.remaining !== null && ctx.remaining <= 0) {
    return { open: false, code: 'QUOTA_EXHAUSTED' };
  }
  return { open: true };
}

/** R1.1 / R1.2: how many family members the edition allows besides the holder. */
export function familyMax(edition: CatalogEdition): number {
  return EDITIONS[edition].family ? FAMILY_MAX : 0;
}

export type Verdict<C extends ErrorCode> = { readonly ok: true } | { readonly ok: false; readonly code: C };

export type FamilyClosedCode = Extract<
  ErrorCode,
  'BENEFIT_NOT_INCLUDED' | 'HOLDER_ONLY' | 'INVALID_STATE' | 'CARD_EXPIRED' | 'FAMILY_FULL'
>;

export interface FamilyCard {
  readonly edition: CatalogEdition;
  readonly status: CardStatus;
  /** Family members on the card now, the holder not counted. */
  readonly members: number;
}

/**
 * R2.6: whether someone may join the card now (acceptInvite), and so whether an invite is worth
 * creating. A card without family answers BENEFIT_NOT_INCLUDED: the family is part of what the
 * premium edition sells. Joining during the waiting period is allowed; only orders wait.
 */
export function canJoin(card: FamilyCard): Verdict<Exclude<FamilyClosedCode, 'HOLDER_ONLY'>> {
  const max = familyMax(card.edition);
  if (max === 0) return { ok: false, code: 'BENEFIT_NOT_INCLUDED' };
  if (card.status === 'inactive') return { ok: false, code: 'INVALID_STATE' };
  if (card.status === 'expired') return { ok: false, code: 'CARD_EXPIRED' };
  if (card.members >= max) return { ok: false, code: 'FAMILY_FULL' };
  return { ok: true };
}

/** R2.6: whether the caller may create an invite: the holder of a card someone may join. */
export function canInvite(card: FamilyCard, callerRole: MemberRole): Verdict<FamilyClosedCode> {
  if (familyMax(card.edition) === 0) return { ok: false, code: 'BENEFIT_NOT_INCLUDED' };
  if (callerRole !== 'holder') return { ok: false, code: 'HOLDER_ONLY' };
  return canJoin(card);
}

/**
 * R2.6: whether the caller may remove `target`: only the holder, only a member (not the holder),
 * and only one with no open order. What the member used stays used; that is the pool's business.
 */
export function canRemoveMember(
  callerRole: MemberRole,
  target: { readonly role: MemberRole; readonly hasOpenOrder: boolean },
): Verdict<'HOLDER_ONLY' | 'INVALID_STATE'> {
  if (callerRole !== 'holder') return { ok: false, code: 'HOLDER_ONLY' };
  if (target.role === 'holder' || target.hasOpenOrder) return { ok: false, code: 'INVALID_STATE' };
  return { ok: true };
}

/** R2.6: when an invite created at `createdAt` stops being valid (72 hours, to the millisecond). */
export function inviteExpiresAt(createdAt: Date): Date {
  return new Date(createdAt.getTime() + INVITE_TTL_HOURS * 3_600_000);
}
