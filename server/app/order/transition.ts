/**
 * Applies a flow transition (domain/order-flow.ts) to a stored order: one transaction that checks
 * the order did not change meanwhile, moves its pool (R3.5 rows), recomputes `dueAt` (R4) and
 * writes the notices and reminders the step earns (R5.3).
 */
import type { Actor, TimelineEntry } from '../../../typings/contract';
import { roleFor } from '../../domain/catalog';
import type { CalendarOverrides } from '../../domain/calendar';
import { deadlineOf, isFinal, type Transition } from '../../domain/order-flow';
import { formatInstant, parseInstant } from '../../domain/time';
import { fail } from '../../runtime/errors';
import type { Ctx } from '../../runtime/router';
import type { OrderDoc } from '../../store/collections';
import { orderReminders, writeReminders } from '../notify/schedule';
import { enqueue, type NewNotice } from '../outbox';
import { movePool } from '../pool';

export interface Change {
  next: Transition;
  by: Actor;
  note?: string;
  /** other fields the step sets (booking, result, follow-up…) */
  set?: Partial<Pick<OrderDoc, 'booking' | 'result' | 'rating' | 'followUp' | 'takenBy' | 'takenByName'>>;
  notices?: NewNotice[];
}

function parse(s: string): Date {
  const d = parseInstant(s);
  if (!d) throw new Error(`stored instant unreadable: ${s}`);
  return d;
}

/** What applying a change reads from the call: also built by timers (server/app/order/sessions.ts). */
export type ChangeCtx = Pick<Ctx, 'store' | 'now' | 'openid'>;

export async function applyChange(
  ctx: ChangeCtx,
  order: OrderDoc,
  change: Change,
  overrides: CalendarOverrides,
): Promise<OrderDoc> {
  const { next } = change;
  const at = formatInstant(ctx.now);
  const booking = change.set?.booking ?? order.booking;
  const form = order.form;
  const mode = form.mode === 'phone' || form.mode === 'video' || form.mode === 'text' ? form.mode : undefined;
  const stepChanged = next.awaiting !== order.awaiting || next.status !== order.status;
  const stepAt = stepChanged ? ctx.now : parse(order.stepAt);
  const due = deadlineOf(
    order.benefit,
    next.awaiting,
    {
      createdAt: parse(order.createdAt),
      stepAt,
      ...(booking ? { visitDate: booking.visitDate } : {}),
      ...(mode ? { mode } : {}),
    },
    overrides,
  );
  const entry: TimelineEntry = {
    status: next.status,
    at,
    by: change.by,
    ...(change.note ? { note: change.note } : {}),
  };
  const updated: OrderDoc = {
    ...order,
    ...change.set,
    status: next.status,
    quota: next.quota,
    awaiting: next.awaiting,
    awaitingRole: next.awaiting ? (roleFor(order.benefit, next.awaiting) ?? null) : null,
    dueAt: due ? formatInstant(due) : null,
    stepAt: formatInstant(stepAt),
    timeline: [...order.timeline, entry],
    open: !isFinal(next.status),
    rev: order.rev + 1,
    updatedAt: at,
  };

  await ctx.store.transaction(async (tx) => {
    // optimistic: the order must be as we read it, or someone acted first
    const { _id, ...fields } = updated;
    const ok = await tx.update('orders', _id, { $set: fields }, { rev: order.rev });
    if (!ok) fail('INVALID_STATE', '订单状态已变化，请刷新后再试');
    for (const [seq, move] of next.moves.entries()) {
      await movePool(tx, move, {
        seq,
        cardId: order.cardId,
        benefit: order.benefit,
        orderId: order._id,
        personId: order.personId,
        by: change.by,
        byOpenid: ctx.openid,
        at: ctx.now,
      });
    }
    for (const n of change.notices ?? []) await enqueue(tx, n, ctx.now);
    // R5.2 / R4 the reminders this change makes or ends (SLA warning, visit, consult ending)
    await writeReminders(tx, orderReminders(order, updated, ctx.now), ctx.now);
  });
  return updated;
}
