/**
 * `order`: a member's service orders (R3.2–R3.4, R4). An order is seen by the person it serves
 * and by whoever placed it; the rest of the family sees only the pool's ledger (R3.5), not what
 * someone else asked a doctor.
 */
import * as z from 'zod';
import type { Order } from '../../../typings/contract';
import { memberCancel } from '../../domain/order-flow';
import { formatInstant } from '../../domain/time';
import { fail } from '../../runtime/errors';
import { defineFunction, type Ctx } from '../../runtime/router';
import type { OrderDoc } from '../../store/collections';
import { id, text } from '../schemas';
import { calendarOverrides } from '../settings';
import { formFiles, requireOwnFiles } from '../upload-dir';
import * as consult from './consult';
import { createOrder } from './create';
import { createOrderSchema } from './forms';
import { applyChange } from './transition';
import { myDoctor, signDoctor, signingSchemas } from './signing';
import { orderView } from './view';

const PAGE = 20;

async function personName(ctx: Ctx, o: OrderDoc): Promise<string> {
  return (await ctx.store.get('members', o.personId))?.nameMasked ?? '**';
}

/** Many orders' answers with one read of the people they serve, not one read per order. */
export async function viewsOf(ctx: Ctx, orders: readonly OrderDoc[]): Promise<Order[]> {
  const cardIds = [...new Set(orders.map((o) => o.cardId))];
  // removed members too: their orders stay listed
  const members = cardIds.length ? await ctx.store.find('members', { cardId: { $in: cardIds } }) : [];
  const names = new Map(members.map((m) => [m._id, m.nameMasked]));
  return orders.map((o) => orderView(o, names.get(o.personId) ?? '**'));
}

export async function viewOf(ctx: Ctx, o: OrderDoc): Promise<Order> {
  return orderView(o, await personName(ctx, o));
}

/** The order if the caller may see it (served person or placer), else NOT_FOUND: no hint it exists. */
async function ownOrder(ctx: Ctx, orderId: string): Promise<OrderDoc> {
  const o = await ctx.store.get('orders', orderId);
  if (!o || (o.personOpenid !== ctx.openid && !(o.placedBy === 'member' && o.placedByOpenid === ctx.openid))) {
    fail('NOT_FOUND', '没有找到这个订单');
  }
  return o;
}

export const orderFunction = defineFunction('order', {
  create: {
    access: 'caller',
    schema: createOrderSchema,
    run: (ctx, req) => {
      // issue 10: the form's files must be the caller's own uploads, before anything is read
      requireOwnFiles(ctx, formFiles(req.benefit, req.form));
      return createOrder(ctx, req, { kind: 'member' });
    },
  },
  get: {
    access: 'caller',
    schema: z.strictObject({ orderId: id }),
    run: async (ctx, req) => ({ order: await viewOf(ctx, await ownOrder(ctx, req.orderId)) }),
  },
  list: {
    access: 'caller',
    schema: z.strictObject({
      cardId: id.exactOptional(),
      cursor: z
        .string()
        .regex(/^\d{1,6}$/)
        .exactOptional(),
      limit: z.number().int().min(1).max(50).exactOptional(),
    }),
    run: async (ctx, req) => {
      const limit = req.limit ?? PAGE;
      const skip = req.cursor ? Number(req.cursor) : 0;
      const opts = {
        orderBy: [
          ['createdAt', 'desc'],
          ['_id', 'desc'],
        ] as const,
        limit: skip + limit + 1,
      };
      const [served, placed] = await Promise.all([
        ctx.store.find('orders', { personOpenid: ctx.openid }, opts),
        ctx.store.find('orders', { placedByOpenid: ctx.openid, placedBy: 'member' }, opts),
      ]);
      const byId = new Map([...served, ...placed].map((o) => [o._id, o]));
      const all = [...byId.values()]
        .filter((o) => !req.cardId || o.cardId === req.cardId)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b._id.localeCompare(a._id));
      const page = all.slice(skip, skip + limit);
      return {
        orders: await viewsOf(ctx, page),
        nextCursor: all.length > skip + limit ? String(skip + limit) : null,
      };
    },
  },
  cancel: {
    access: 'caller',
    schema: z.strictObject({ orderId: id, reason: text(200).exactOptional() }),
    run: async (ctx, req) => {
      const o = await ownOrder(ctx, req.orderId);
      const answer = memberCancel(o);
      if (!answer.ok || !answer.next) fail('INVALID_STATE', answer.reason);
      const note =
        answer.consequence === 'kept'
          ? '服务已开始，本次视同使用'
          : answer.consequence === 'released'
            ? '次数已退回'
            : undefined;
      const updated = await applyChange(
        ctx,
        o,
        { next: answer.next, by: 'member', note: [req.reason, note].filter(Boolean).join('；') },
        await calendarOverrides(ctx.store),
      );
      return { order: await viewOf(ctx, updated) };
    },
  },
  rate: {
    access: 'caller',
    schema: z.strictObject({ orderId: id, stars: z.number().int().min(1).max(5), comment: text(300).exactOptional() }),
    run: async (ctx, req) => {
      const o = await ownOrder(ctx, req.orderId);
      if (o.status !== 'completed') fail('INVALID_STATE', '服务完成后才能评价');
      const rating = { stars: req.stars, ...(req.comment ? { comment: req.comment } : {}), at: formatInstant(ctx.now) };
      // once: only a completed order without a rating takes one. Conditioned on that, not on the
      // revision read above, so a staff step in between (the follow-up call) does not make the
      // member's rating fail as "already rated"; the revision still moves, so a step that read
      // the order before the rating cannot write it back without it.
      const ok = await ctx.store.update(
        'orders',
        o._id,
        { $set: { rating }, $inc: { rev: 1 } },
        { status: 'completed', rating: null },
      );
      if (!ok) fail('INVALID_STATE', '您已评价过这个订单');
      return { order: await viewOf(ctx, { ...o, rating, rev: o.rev + 1 }) };
    },
  },
  // consult conversations (order/consult.ts) and the family doctor's signing (order/signing.ts)
  messages: { access: 'caller', schema: consult.schemas.messages, run: consult.messages },
  send: { access: 'caller', schema: consult.schemas.send, run: consult.send },
  end: {
    access: 'caller',
    schema: consult.schemas.end,
    run: async (ctx, req) => ({ order: await viewOf(ctx, await consult.end(ctx, req)) }),
  },
  logCall: { access: 'caller', schema: consult.schemas.logCall, run: consult.logCall },
  signDoctor: { access: 'caller', schema: signingSchemas.signDoctor, run: signDoctor },
  myDoctor: { access: 'caller', schema: signingSchemas.myDoctor, run: myDoctor },
});
