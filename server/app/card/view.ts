/**
 * Builds the contract's `card` answer from stored documents. The only place where a card is
 * turned into what a caller sees: names come masked, the caller's own benefits carry `open`.
 */
import type { Card, CardBenefit, MemberRole } from '../../../typings/contract';
import { benefitsOf, isShared, quotaOf } from '../../domain/catalog';
import { benefitOpen, cardStatus, expiresAt, familyMax, waitingUntil } from '../../domain/card-life';
import { formatInstant, parseInstant } from '../../domain/time';
import type { CardDoc, MemberDoc, PoolDoc } from '../../store/collections';
import type { Store } from '../../store/port';

export interface CardBundle {
  card: CardDoc;
  /** members now on the card, holder first */
  members: MemberDoc[];
  pools: PoolDoc[];
}

export async function loadBundle(store: Store, card: CardDoc): Promise<CardBundle> {
  const [members, pools] = await Promise.all([
    store.find(
      'members',
      { cardId: card._id, removedAt: null },
      {
        orderBy: [
          ['joinedAt', 'asc'],
          ['_id', 'asc'],
        ],
      },
    ),
    store.find('pools', { cardId: card._id }),
  ]);
  members.sort((a, b) => (a.role === b.role ? 0 : a.role === 'holder' ? -1 : 1));
  return { card, members, pools };
}

export function cardView({ card, members, pools }: CardBundle, viewer: MemberDoc, now: Date): Card {
  const activatedAt = card.activatedAt ? parseInstant(card.activatedAt) : null;

  const status = cardStatus({ activatedAt }, now);
  const role: MemberRole = viewer.role;
  const poolOf = new Map(pools.map((p) => [p.benefit, p]));
  const benefits: CardBenefit[] = benefitsOf(card.edition).map((b) => {
    const total = quotaOf(b.key, card.edition);
    const pool = poolOf.get(b.key);
    const limited = typeof total === 'number';
    const remaining = limited ? (pool?.remaining ?? 0) : null;
    const openness = benefitOpen(b.key, card.edition, { status, role, remaining });
    return {
      key: b.key,
      name: b.name,
      total: limited ? total : null,
      used: pool?.used ?? 0,
      held: pool?.held ?? 0,
      remaining,
      shared: isShared(b.key, card.edition),
      holderOnly: b.holderOnly,
      open: openness.open,
    };
  });
  return {
    cardId: card._id,
    cardNo: card.cardNo,
    edition: card.edition,
    role,
    status,
    activationDeadline: card.activationDeadline,
    activatedAt: card.activatedAt,
    waitingUntil: activatedAt ? formatInstant(waitingUntil(activatedAt)) : null,
    expiresAt: activatedAt ? formatInstant(expiresAt(activatedAt)) : null,
    members: members.map((m) => ({ memberId: m._id, role: m.role, name: m.nameMasked, self: m._id === viewer._id })),
    familySlots: status === 'expired' ? 0 : Math.max(0, familyMax(card.edition) - card.familyCount),
    benefits,
  };
}
