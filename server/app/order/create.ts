/**
 * Placing an order (order.create, and staff.placeOrder for R1.5): card state, served person,
 * eligibility, then the unit held and the order written with its first answer kept for retries
 * (R3.6) — in three round trips (see `createOrder`).
 */
import type { CreateOrderReq, Order } from '../../../typings/contract';
import { benefit, roleFor, staffMayOrder } from '../../domain/catalog';
import { benefitOpen, cardStatus } from '../../domain/card-life';
import { checkEligibility, type HospitalInfo } from '../../domain/eligibility';
import { deadlineOf, firstStep } from '../../domain/order-flow';
import { formatInstant, parseInstant } from '../../domain/time';
import { decrypt, hmac } from '../../runtime/crypto';
import { fail } from '../../runtime/errors';
import type { Ctx } from '../../runtime/router';
import type { DirectoryDoc, MemberDoc, OrderDoc } from '../../store/collections';
import { isDuplicateKey } from '../../store/port';
import { holdPending, poolId } from '../pool';
import { hit, RATE_RULES } from '../rate';
import { CALENDAR_SETTINGS, calendarOverridesOf } from '../settings';
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

function hospitalInfo(h: DirectoryDoc | undefined): HospitalInfo | null {
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

/** R3.6 the order a request makes has an id derived from it: a retry names the same order. */
export function orderIdFor(ctx: Ctx, requestKey: string): string {
  return `ord_${hmac(ctx.config.secret, 'order-id', requestKey)
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 22)}`;
}

/**
 * Round trips (docs/decisions.md, issue 11): three, on either store.
 * 1. `gather`: the card with everything the checks read — its members, the pool, the calendar
 *    settings, the expert the form names or the family doctors listed and the card's signings,
 *    the form's hospital, the order this request made already (R3.6), and how many orders the
 *    caller placed in the last hour and day (abuse limit).
 * 2. The hold: one conditional update of the pool that also writes its ledger row (R3.2, R3.5);
 *    for familyDoctor, which has no pool, the hourly counter's slot instead.
 * 3. The order, inserted under the id the request gives it.
 * No transaction: CloudBase counts every operation inside one as a request. What the
 * transaction used to make atomic is kept by the shape instead: the hold's condition refuses a
 * second hold for the same order, the insert refuses a second order, and the settle sweep
 * (settle.ts) writes the order's ledger row and reminders, or gives back the unit of a create
 * that stopped between its hold and its order.
 */
export async function createOrder(ctx: Ctx, req: CreateOrderReq, placer: Placer): Promise<{ order: Order }> {
  const { store, now } = ctx;
  // R3.6 the same caller's same requestId answers the first answer, whatever happened since
  const requestKey = hmac(ctx.config.secret, 'order-request', ctx.openid, req.requestId);
  const orderId = orderIdFor(ctx, requestKey);
  const form = { ...(req.form as Record<string, unknown>) };
  // the directory entries the checks need: the expert the form names, or the family doctors
  // listed now (the signed one is among them unless withdrawn; a provider lists tens)
  const directory =
    req.benefit === 'familyDoctor'
      ? { kind: 'familyDoctor', active: true }
      : typeof form.expertId === 'string'
        ? { _id: form.expertId }
        : null;
  const [perHour, perDay] =
    placer.kind === 'staff'
      ? [RATE_RULES.staffOrderHour, RATE_RULES.staffOrderDay]
      : [RATE_RULES.orderHour, RATE_RULES.orderDay];
  const since = (ms: number) => ({
    placedByOpenid: ctx.openid,
    createdAt: { $gt: formatInstant(new Date(now.getTime() - ms)) },
  });
  // a lookup this benefit does not need: `limit: 0` runs nothing
  const unless = (needed: boolean, limit: number) => (needed ? limit : 0);
  const { doc: card, found } = await store.gather('cards', req.cardId, {
    earlier: { coll: 'orders', where: { _id: orderId } },
    members: { coll: 'members', where: { cardId: req.cardId, removedAt: null } },
    pool: { coll: 'pools', where: { _id: poolId(req.cardId, req.benefit) } },
    settings: { coll: 'settings', where: { _id: CALENDAR_SETTINGS } },
    listed: { coll: 'directory', where: directory ?? {}, limit: unless(directory !== null, 500) },
    hospital: {
      coll: 'directory',
      where: { kind: 'hospital', active: true, name: typeof form.hospital === 'string' ? form.hospital : '' },
      limit: unless(typeof form.hospital === 'string', 1),
    },
    signings: {
      coll: 'signings',
      where: { cardId: req.cardId },
      limit: unless(req.benefit === 'familyDoctor', 20),
    },
    lastHour: { coll: 'orders', where: since(perHour.windowMs), count: true },
    lastDay: { coll: 'orders', where: since(perDay.windowMs), count: true },
  });
  const earlier = found.earlier[0];
  if (earlier) return firstAnswer(earlier, found.members);

  let person: MemberDoc | undefined;
  if (placer.kind === 'member') {
    const me = card ? found.members.find((m) => m.openid === ctx.openid) : undefined;
    if (!card || !me) fail('NOT_FOUND', '没有找到这张卡');
    person = req.personId ? found.members.find((m) => m._id === req.personId) : me;
    // R1.3 / R2.6 a holder-only benefit is used by the holder alone: a member cannot place it
    if (benefit(req.benefit).holderOnly && me.role !== 'holder') fail('HOLDER_ONLY', CLOSED_MESSAGES.HOLDER_ONLY);
  } else {
    if (!card) fail('NOT_FOUND', '没有找到这张卡');
    // R1.5 ordering on a member's behalf is a premium service
    if (!staffMayOrder(card.edition)) fail('BENEFIT_NOT_INCLUDED', '代为下单仅限尊享版');
    person = found.members.find((m) => m._id === req.personId);
  }
  // R4.5 orders are real-name: the served person is on this card
  if (!person) fail('NOT_ELIGIBLE', '服务对象需为本卡持卡人或家庭成员');

  const status = cardStatus({ activatedAt: card.activatedAt ? parseInstant(card.activatedAt) : null }, now);
  const pool = found.pool[0] ?? null;
  // a retry whose first call has taken the unit already sees it as its own
  const heldAlready = pool?.pending?.[orderId] !== undefined;
  const openness = benefitOpen(req.benefit, card.edition, {
    status,
    role: person.role,
    remaining: pool ? pool.remaining + (heldAlready ? 1 : 0) : null,
  });
  if (!openness.open) fail(openness.code, CLOSED_MESSAGES[openness.code]);

  const overrides = calendarOverridesOf(found.settings[0]);
  const listed = (id: string, kind: DirectoryDoc['kind']) =>
    found.listed.find((d) => d._id === id && d.kind === kind && d.active);
  if (req.benefit === 'expertConsult') {
    // an expert of the list: not any directory entry (a hospital, an article) nor one withdrawn
    if (!listed(req.form.expertId, 'expert')) fail('INVALID_ARGUMENT', '请从专家列表中选择专家');
  }
  if (req.benefit === 'familyDoctor' && req.form.doctorId !== undefined && !listed(req.form.doctorId, 'familyDoctor'))
    fail('INVALID_ARGUMENT', '请从医生列表中选择私人医生');
  const eligible = checkEligibility(req.benefit, req.form, {
    now,
    overrides,
    person: { idNumber: decrypt(ctx.config.dataKey, person.idEnc) },
    hospital: hospitalInfo(found.hospital[0]),
  });
  if (!eligible.ok) fail('NOT_ELIGIBLE', eligible.reason);
  if (req.benefit === 'familyDoctor') {
    // R4 familyDoctor: the question goes to the doctor the person signed (first use: sign one)
    const signing = found.signings.find((s) => s._id === person._id) ?? null;
    form.doctorId = doctorForQuestion(signing, found.listed, req.form.doctorId);
  }
  // abuse limit (issue 10): the caller's accepted orders of the last hour and day, counted with
  // the card. A counted benefit's burst is bounded by its pool; an unlimited one (familyDoctor)
  // also takes a slot of the hourly counter, one conditional increment, so no burst passes it.
  if (found.lastHour >= perHour.limit || found.lastDay >= perDay.limit) fail('RATE_LIMITED', ORDER_LIMITED);
  if (pool === null && !(await hit(store, perHour, ctx.openid, now))) fail('RATE_LIMITED', ORDER_LIMITED);

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
    unsettled: true,
  };
  const answer = { order: orderView(doc, person.nameMasked) };
  doc.answer = answer;

  if (counted && !heldAlready) {
    const held = await holdPending(store, {
      cardId: card._id,
      benefit: req.benefit,
      orderId,
      personId: person._id,
      by: placer.kind === 'staff' ? 'staff' : 'member',
      byOpenid: ctx.openid,
      at: now,
    });
    if (!held) {
      // the condition failed: the pool ran out, or a retry racing this call holds for the order
      const again = await store.get('pools', poolId(card._id, req.benefit));
      if (again?.pending?.[orderId] === undefined) {
        const first = await store.get('orders', orderId);
        if (first) return firstAnswer(first, found.members);
        fail('QUOTA_EXHAUSTED', CLOSED_MESSAGES.QUOTA_EXHAUSTED);
      }
    }
  }
  try {
    await store.insert('orders', doc);
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    // R3.6 a retry that raced its own first call: the first one's order stands
    const first = await store.get('orders', orderId);
    if (!first) throw e;
    return firstAnswer(first, found.members);
  }
  return answer;
}

/** R3.6 the answer a request got the first time (an erased order's answer is gone: its view now). */
function firstAnswer(order: OrderDoc, members: readonly MemberDoc[]): { order: Order } {
  return order.answer ?? { order: orderView(order, members.find((m) => m._id === order.personId)?.nameMasked ?? '**') };
}
