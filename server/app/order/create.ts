/**
 * Placing an order (order.create, and staff.placeOrder for R1.5): card state, served person,
 * eligibility, then the order, its unit held, its timeline row and the request's answer kept for
 * retries (R3.6) — checks and writes in one transaction (see `createOrder` on round trips).
 */
import type { CreateOrderReq, Order } from '../../../typings/contract';
import { benefit, roleFor, staffMayOrder } from '../../domain/catalog';
import { benefitOpen, cardStatus } from '../../domain/card-life';
import { checkEligibility, type HospitalInfo } from '../../domain/eligibility';
import { deadlineOf, firstStep } from '../../domain/order-flow';
import { formatInstant, parseInstant } from '../../domain/time';
import { decrypt, hmac, newId } from '../../runtime/crypto';
import { fail, isAppError } from '../../runtime/errors';
import type { Ctx } from '../../runtime/router';
import type { MemberDoc, OrderDoc } from '../../store/collections';
import type { Tx } from '../../store/port';
import { orderReminders, writeReminders } from '../notify/schedule';
import { movePool, poolId } from '../pool';
import { RATE_RULES, takeInTx } from '../rate';
import { calendarOverrides } from '../settings';
import { doctorForQuestion } from './signing';
import { orderView } from './view';

const CLOSED_MESSAGES = {
  BENEFIT_NOT_INCLUDED: '您的卡不包含此项权益',
  INVALID_STATE: '这张卡还没有激活',
  CARD_EXPIRED: '这张卡已过有效期',
  HOLDER_ONLY: '此项权益仅限持卡人本人使用',
  WAITING_PERIOD: '权益尚在等待期内，等待期结束后即可预约',
  QUOTA_EXHAUSTED: '此项权益次数已用完',
} as const;

const ORDER_LIMITED = '下单太频繁，请稍后再试';

async function hospitalInfo(ctx: Ctx, name: string): Promise<HospitalInfo | null> {
  const [h] = await ctx.store.find('directory', { kind: 'hospital', active: true, name }, { limit: 1 });
  if (!h) return null;
  const d = h.data;
  return {
    name: h.name,
    city: typeof d.city === 'string' ? d.city : '',
    level: typeof d.level === 'string' ? d.level : '',
    public: d.public === true,
    departments: Array.isArray(d.departments) ? d.departments.filter((x): x is string => typeof x === 'string') : [],
  };
}

export interface Placer {
  kind: 'member' | 'staff';
}

/**
 * Round trips (docs/decisions.md, issue 11): the two queries CloudBase cannot run inside a
 * transaction — the card's members, and the form's hospital when it names one — go out together
 * first; everything else (the request's earlier answer, the card, its pool, the calendar
 * settings, the directory entries, the writes) is one transaction. So on the local store a create
 * costs 2 round trips, 3 with a hospital; the checks run in the same order as ever, inside it.
 */
export async function createOrder(ctx: Ctx, req: CreateOrderReq, placer: Placer): Promise<{ order: Order }> {
  const { store } = ctx;
  // R3.6 the same caller's same requestId answers the first answer, whatever happened since
  const requestKey = hmac(ctx.config.secret, 'order-request', ctx.openid, req.requestId);
  const form = req.form as Record<string, unknown>;
  try {
    const [members, hospital] = await Promise.all([
      store.find('members', { cardId: req.cardId, removedAt: null }),
      typeof form.hospital === 'string' ? hospitalInfo(ctx, form.hospital) : Promise.resolve(null),
    ]);
    return await store.transaction((tx) => placeInTx(ctx, tx, req, placer, { requestKey, members, hospital }));
  } catch (e) {
    // R3.6 a refusal of a request that was answered already — a retry that raced its own first
    // call (which has just taken the pool's last unit), or one sent after something changed (the
    // caller left the card): the first answer stands. Only refusals pay this read.
    if (isAppError(e)) {
      const first = await store.get('requests', requestKey);
      if (first) return first.answer as { order: Order };
    }
    throw e;
  }
}

interface Looked {
  requestKey: string;
  members: MemberDoc[];
  hospital: HospitalInfo | null;
}

/** Checks and writes of a create, in the transaction; may run again on a write conflict. */
async function placeInTx(
  ctx: Ctx,
  tx: Tx,
  req: CreateOrderReq,
  placer: Placer,
  looked: Looked,
): Promise<{ order: Order }> {
  const { now } = ctx;
  const { requestKey, members, hospital } = looked;
  const earlier = await tx.get('requests', requestKey);
  if (earlier) return earlier.answer as { order: Order };

  const card = await tx.get('cards', req.cardId);
  let person: MemberDoc | undefined;
  if (placer.kind === 'member') {
    const me = card ? members.find((m) => m.openid === ctx.openid) : undefined;
    if (!card || !me) fail('NOT_FOUND', '没有找到这张卡');
    person = req.personId ? members.find((m) => m._id === req.personId) : me;
    // R1.3 / R2.6 a holder-only benefit is used by the holder alone: a member cannot place it
    if (benefit(req.benefit).holderOnly && me.role !== 'holder') fail('HOLDER_ONLY', CLOSED_MESSAGES.HOLDER_ONLY);
  } else {
    if (!card) fail('NOT_FOUND', '没有找到这张卡');
    // R1.5 ordering on a member's behalf is a premium service
    if (!staffMayOrder(card.edition)) fail('BENEFIT_NOT_INCLUDED', '代为下单仅限尊享版');
    person = members.find((m) => m._id === req.personId);
  }
  // R4.5 orders are real-name: the served person is on this card
  if (!person) fail('NOT_ELIGIBLE', '服务对象需为本卡持卡人或家庭成员');

  const status = cardStatus({ activatedAt: card.activatedAt ? parseInstant(card.activatedAt) : null }, now);
  const pool = await tx.get('pools', poolId(card._id, req.benefit));
  const openness = benefitOpen(req.benefit, card.edition, {
    status,
    role: person.role,
    remaining: pool ? pool.remaining : null,
  });
  if (!openness.open) fail(openness.code, CLOSED_MESSAGES[openness.code]);

  const overrides = await calendarOverrides(tx);
  const form = { ...(req.form as Record<string, unknown>) };
  if (req.benefit === 'expertConsult') {
    // an expert of the list: not any directory entry (a hospital, an article) nor one withdrawn
    const expert = await tx.get('directory', req.form.expertId);
    if (!expert || expert.kind !== 'expert' || !expert.active) fail('INVALID_ARGUMENT', '请从专家列表中选择专家');
  }
  if (req.benefit === 'familyDoctor' && req.form.doctorId !== undefined) {
    const doctor = await tx.get('directory', req.form.doctorId);
    if (!doctor || doctor.kind !== 'familyDoctor' || !doctor.active)
      fail('INVALID_ARGUMENT', '请从医生列表中选择私人医生');
  }
  const eligible = checkEligibility(req.benefit, req.form, {
    now,
    overrides,
    person: { idNumber: decrypt(ctx.config.dataKey, person.idEnc) },
    hospital,
  });
  if (!eligible.ok) fail('NOT_ELIGIBLE', eligible.reason);
  if (req.benefit === 'familyDoctor') {
    // R4 familyDoctor: the question goes to the doctor the person signed (first use: sign one)
    form.doctorId = await doctorForQuestion(tx, person, req.form.doctorId);
  }

  const orderId = newId('ord', now);
  const at = formatInstant(now);
  const awaiting = firstStep(req.benefit);
  const mode = 'mode' in req.form ? req.form.mode : undefined;
  const due = deadlineOf(req.benefit, awaiting, { createdAt: now, stepAt: now, ...(mode ? { mode } : {}) }, overrides);
  const counted = pool !== null;
  const doc: OrderDoc = {
    _id: orderId,
    cardId: card._id,
    benefit: req.benefit,
    personId: person._id,
    personOpenid: person.openid,
    placedByOpenid: ctx.openid,
    placedBy: placer.kind,
    status: 'submitted',
    quota: counted ? 'held' : 'none',
    awaiting,
    awaitingRole: awaiting ? (roleFor(req.benefit, awaiting) ?? null) : null,
    dueAt: due ? formatInstant(due) : null,
    stepAt: at,
    timeline: [{ status: 'submitted', at, by: placer.kind === 'staff' ? 'staff' : 'member' }],
    form,
    open: true,
    rev: 0,
    createdAt: at,
    updatedAt: at,
    requestKey,
  };
  const answer = { order: orderView(doc, person.nameMasked) };

  // abuse limit (issue 10): accepted creates per caller, counted only when this transaction commits
  const [perHour, perDay] =
    placer.kind === 'staff'
      ? [RATE_RULES.staffOrderHour, RATE_RULES.staffOrderDay]
      : [RATE_RULES.orderHour, RATE_RULES.orderDay];
  await takeInTx(tx, perHour, ctx.openid, now, ORDER_LIMITED);
  await takeInTx(tx, perDay, ctx.openid, now, ORDER_LIMITED);
  await tx.insert('orders', doc);
  // R4 the warning before the first step's deadline, to the staff who take it
  await writeReminders(tx, orderReminders(null, doc, now), now);
  if (counted) {
    await movePool(tx, 'hold', {
      cardId: card._id,
      benefit: req.benefit,
      orderId,
      personId: person._id,
      by: placer.kind === 'staff' ? 'staff' : 'member',
      byOpenid: ctx.openid,
      at: now,
    });
  }
  await tx.insert('requests', { _id: requestKey, answer, at });
  return answer;
}
