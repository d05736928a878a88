/** The contract's `order` answer from a stored order: the served person masked, nothing internal. */
import type { Order, OrderBenefit, OrderForms } from '../../../typings/contract';
import type { OrderDoc } from '../../store/collections';

export function orderView(o: OrderDoc, personName: string): Order {
  return {
    orderId: o._id,
    cardId: o.cardId,
    benefit: o.benefit as OrderBenefit,
    personId: o.personId,
    personName,
    placedBy: o.placedBy,
    status: o.status,
    quota: o.quota,
    dueAt: o.dueAt,
    awaiting: o.awaiting,
    timeline: o.timeline,
    form: o.form as unknown as OrderForms[OrderBenefit],
    ...(o.result !== undefined ? { result: o.result } : {}),
    ...(o.booking !== undefined ? { booking: o.booking } : {}),
    ...(o.rating !== undefined ? { rating: o.rating } : {}),
    ...(o.followUp !== undefined ? { followUp: o.followUp } : {}),
    createdAt: o.createdAt,
    ...(o.filesNote !== undefined ? { filesNote: o.filesNote } : {}),
  };
}
