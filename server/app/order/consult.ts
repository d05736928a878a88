/**
 * A consult's conversation (R4 quickConsult, expertConsult, familyDoctor): `order.messages`,
 * `send`, `end` and `logCall`. The member side is the served person and whoever placed the order
 * (as for `order.get`); the doctor side is the doctor who took the case (`takenBy`), no other.
 */
import * as z from 'zod';
import type { CallKind, Req, Res, SessionState } from '../../../typings/contract';
import { memberEnd, sessionEndsAt, sessionMinutes, sessionTimeout } from '../../domain/order-flow';
import { audit } from '../audit';
import { fail } from '../../runtime/errors';
import type { Ctx } from '../../runtime/router';
import type { OrderDoc } from '../../store/collections';
import { append, content, contentOf, orderThreadId, paging, readPage, type ThreadInit } from '../conversation';
import { RATE_RULES, takeOrLimit } from '../rate';
import { id } from '../schemas';
import { calendarOverrides } from '../settings';
import { hasSession, modeOf, sessionFactsOf, sessionState } from './sessions';
import { applyChange } from './transition';

const NOT_FOUND = '没有找到这个订单';

export const schemas = {
  messages: z.strictObject({ orderId: id, ...paging }),
  send: z.strictObject({ orderId: id, ...content }),
  end: z.strictObject({ orderId: id }),
  logCall: z.strictObject({
    orderId: id,
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    kind: z.enum(['phone', 'video']),
  }),
} satisfies { [A in 'messages' | 'send' | 'end' | 'logCall']: z.ZodType<Req<'order', A>> };

interface Seat {
  order: OrderDoc;
  as: SessionState['as'];
}

function isMemberSide(ctx: Ctx, o: OrderDoc): boolean {
  return o.personOpenid === ctx.openid || (o.placedBy === 'member' && o.placedByOpenid === ctx.openid);
}

/**
 * Who the caller is in the order's conversation. Strangers (a family member not served, anyone
 * else) get NOT_FOUND, as for order.get; a doctor who did not take the case gets PERMISSION_DENIED
 * (the queue shows staff the order anyway).
 */
async function seatOf(ctx: Ctx, orderId: string): Promise<Seat> {
  const o = await ctx.store.get('orders', orderId);
  if (!o) fail('NOT_FOUND', NOT_FOUND);
  let as: SessionState['as'] | null = null;
  if (isMemberSide(ctx, o)) as = 'member';
  else if (o.takenBy === ctx.openid && (await ctx.hasRole('doctor'))) as = 'doctor';
  else if (await ctx.hasRole('doctor')) fail('PERMISSION_DENIED', '只有接诊的医生可以查看和回复这个咨询');
  if (!as) fail('NOT_FOUND', NOT_FOUND);
  if (!hasSession(o)) fail('INVALID_STATE', '此项服务没有在线沟通');
  return { order: o, as };
}

function threadOf(o: OrderDoc): ThreadInit {
  return { _id: orderThreadId(o._id), kind: 'order', cardId: o.cardId, memberId: o.personId, orderId: o._id };
}

/** Why nothing may be sent now (INVALID_STATE), or nothing when the session is open. */
function refuseUnlessOpen(ctx: Ctx, seat: Seat): void {
  const facts = sessionFactsOf(seat.order);
  if (seat.order.status === 'submitted' || facts.takenAt === null) fail('INVALID_STATE', '医生接诊后即可开始沟通');
  if (!sessionEndsAt(facts) || !sessionState(seat.order, ctx.now, seat.as).open) fail('INVALID_STATE', '咨询已结束');
}

export async function messages(ctx: Ctx, req: Req<'order', 'messages'>): Promise<Res<'order', 'messages'>> {
  const seat = await seatOf(ctx, req.orderId);
  const threadId = orderThreadId(seat.order._id);
  const page = await readPage(ctx.store, ctx.config.dataKey, threadId, req);
  // issue 10: a doctor reading a member's consult is a staff view of health data
  if (seat.as === 'doctor')
    await audit(ctx, 'viewThread', { orderId: seat.order._id, personId: seat.order.personId, threadId });
  return { ...page, session: sessionState(seat.order, ctx.now, seat.as) };
}

export async function send(ctx: Ctx, req: Req<'order', 'send'>): Promise<Res<'order', 'send'>> {
  const body = contentOf(ctx, req);
  // issue 10: per caller, before anything else is read
  await takeOrLimit(ctx.store, RATE_RULES.message, ctx.openid, ctx.now);
  const seat = await seatOf(ctx, req.orderId);
  refuseUnlessOpen(ctx, seat);
  const byName = seat.as === 'doctor' ? ((await ctx.staff())?.name ?? null) : null;
  const r = await append(
    ctx.store,
    ctx.config.dataKey,
    threadOf(seat.order),
    { from: seat.as, byOpenid: ctx.openid, byName, ...body },
    ctx.now,
  );
  if (!r.ok) fail('INVALID_STATE', '消息发送失败，请重试');
  return { message: r.message, session: sessionState(seat.order, ctx.now, seat.as) };
}

export async function end(ctx: Ctx, req: Req<'order', 'end'>): Promise<OrderDoc> {
  const seat = await seatOf(ctx, req.orderId);
  if (seat.as !== 'member') fail('PERMISSION_DENIED', '医生请在工作台结束咨询');
  const o = seat.order;
  // past its end but not yet closed by the timer: it ended by itself, not by the member
  const ends = sessionEndsAt(sessionFactsOf(o));
  const expired = ends !== null && ctx.now.getTime() >= ends.getTime();
  const answer = expired ? sessionTimeout(o) : memberEnd(o);
  if (!answer.ok) fail('INVALID_STATE', answer.reason);
  return applyChange(
    ctx,
    o,
    expired
      ? { next: answer.next, by: 'system', note: '咨询时间已到，自动结束' }
      : { next: answer.next, by: 'member', note: '会员提前结束咨询' },
    await calendarOverrides(ctx.store),
  );
}

const CALL_NAMES: Record<CallKind, string> = { phone: '电话', video: '视频' };

export async function logCall(ctx: Ctx, req: Req<'order', 'logCall'>): Promise<Res<'order', 'logCall'>> {
  const seat = await seatOf(ctx, req.orderId);
  if (seat.as !== 'doctor') fail('PERMISSION_DENIED', '只有接诊的医生可以登记通话');
  const o = seat.order;
  const mode = modeOf(o);
  if (mode === 'text') fail('INVALID_STATE', '图文咨询没有通话');
  // logged during the session or right after it ended by itself or by the doctor
  if (o.status !== 'in_service' && o.status !== 'completed') fail('INVALID_STATE', '当前状态不能登记通话');
  const max = sessionMinutes(o.benefit, mode);
  if (max === null) fail('INVALID_STATE', '此项服务没有通话');
  if (req.minutes > max) fail('INVALID_ARGUMENT', `单次通话不超过 ${max} 分钟`);
  const r = await append(
    ctx.store,
    ctx.config.dataKey,
    threadOf(o),
    {
      from: 'system',
      byOpenid: ctx.openid,
      byName: null,
      text: `${CALL_NAMES[req.kind]}沟通 ${req.minutes} 分钟`,
      call: { kind: req.kind, minutes: req.minutes },
    },
    ctx.now,
    { maxCallMinutes: max },
  );
  if (!r.ok) fail('INVALID_STATE', `本次咨询的通话合计不能超过 ${max} 分钟`);
  return { message: r.message, session: sessionState(o, ctx.now, seat.as) };
}
