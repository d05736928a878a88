/**
 * Consult sessions (R4): a doctor's take-over opens one; it ends by itself at `sessionEndsAt`
 * (domain/order-flow.ts), when the member ends it, or when the doctor completes it. The end is
 * enforced lazily (a send after it is refused, `order.messages` shows it closed) and made final
 * by `closeExpiredSessions`, which a timer runs; `warnEndingSessions` writes the 3-minute warning.
 */
import type { ConsultMode, SessionState } from '../../../typings/contract';
import { benefit, roleFor } from '../../domain/catalog';
import {
  SESSION_WARNING_MINUTES,
  isFinal,
  sessionEnding,
  sessionEndsAt,
  sessionOpen,
  sessionTimeout,
  type SessionFacts,
} from '../../domain/order-flow';
import { formatInstant, parseInstant } from '../../domain/time';
import { isAppError } from '../../runtime/errors';
import type { OrderDoc } from '../../store/collections';
import type { Store } from '../../store/port';
import { append, orderThreadId } from '../conversation';
import { calendarOverrides } from '../settings';
import { applyChange } from './transition';

/** The benefits whose take-over opens a session (quickConsult, expertConsult, familyDoctor). */
export function hasSession(o: Pick<OrderDoc, 'benefit'>): boolean {
  return benefit(o.benefit).workflow.session !== null;
}

export function modeOf(o: Pick<OrderDoc, 'form'>): ConsultMode {
  const m = o.form.mode;
  return m === 'phone' || m === 'video' ? m : 'text';
}

function lastAt(o: OrderDoc, pick: (status: OrderDoc['status']) => boolean): Date | null {
  for (let i = o.timeline.length - 1; i >= 0; i--) {
    const t = o.timeline[i];
    if (t && pick(t.status)) return parseInstant(t.at);
  }
  return null;
}

export function sessionFactsOf(o: OrderDoc): SessionFacts {
  return {
    benefit: o.benefit,
    status: o.status,
    mode: modeOf(o),
    takenAt: lastAt(o, (s) => s === 'in_service'),
  };
}

export function sessionState(o: OrderDoc, now: Date, as: SessionState['as']): SessionState {
  const facts = sessionFactsOf(o);
  const scheduled = sessionEndsAt(facts);
  // once over: when it ended (the member's end, the doctor's completion, the timer), if before
  const ended = facts.takenAt && isFinal(o.status) ? lastAt(o, isFinal) : null;
  const endsAt = ended && scheduled && ended < scheduled ? ended : scheduled;
  return {
    open: sessionOpen(facts, now),
    endsAt: endsAt ? formatInstant(endsAt) : null,
    mode: facts.mode ?? 'text',
    warning: sessionEnding(facts, now),
    doctorName: o.takenByName ?? null,
    as,
  };
}

/** The roles that complete session orders: the orders a timer looks at are in their queues. */
function sessionRoles(): string[] {
  const roles = new Set<string>();
  for (const key of ['quickConsult', 'expertConsult', 'familyDoctor'] as const) {
    if (benefit(key).workflow.session) roles.add(roleFor(key, 'complete') ?? '');
  }
  roles.delete('');
  return [...roles];
}

/** In-service sessions whose awaited completion is due by `until` (the queue's index, then the status). */
async function dueSessions(store: Store, until: Date, limit: number): Promise<OrderDoc[]> {
  const docs = await store.find(
    'orders',
    { awaitingRole: { $in: sessionRoles() }, status: 'in_service', dueAt: { $gt: '', $lte: formatInstant(until) } },
    { orderBy: [['dueAt', 'asc']], limit },
  );
  return docs.filter((o) => o.status === 'in_service' && hasSession(o));
}

/**
 * R4 到时自动结束: completes every in-service session whose end has passed, through applyChange,
 * by 'system' (the unit, committed at take-over, stays used). An order someone changed meanwhile
 * is left for the next run. Answers how many were closed.
 */
export async function closeExpiredSessions(store: Store, now: Date, limit = 200): Promise<number> {
  const overrides = await calendarOverrides(store);
  let closed = 0;
  for (const o of await dueSessions(store, now, limit)) {
    const ends = sessionEndsAt(sessionFactsOf(o));
    if (!ends || ends.getTime() > now.getTime()) continue;
    const answer = sessionTimeout(o);
    if (!answer.ok) continue;
    try {
      await applyChange(
        { store, now, openid: 'system' },
        o,
        { next: answer.next, by: 'system', note: '咨询时间已到，自动结束' },
        overrides,
      );
      closed++;
    } catch (e) {
      // the doctor completed it or the member ended it meanwhile: nothing left to do
      if (!isAppError(e)) throw e;
    }
  }
  return closed;
}

/**
 * R4 结束前 3 分钟提醒: a system message in each open session with 3 minutes or less left, once
 * per session. Answers how many were written.
 */
export async function warnEndingSessions(store: Store, dataKey: Buffer, now: Date, limit = 200): Promise<number> {
  const until = new Date(now.getTime() + SESSION_WARNING_MINUTES * 60_000);
  let warned = 0;
  for (const o of await dueSessions(store, until, limit)) {
    if (!sessionEnding(sessionFactsOf(o), now)) continue;
    const r = await append(
      store,
      dataKey,
      { _id: orderThreadId(o._id), kind: 'order', cardId: o.cardId, memberId: o.personId, orderId: o._id },
      { from: 'system', byOpenid: null, byName: null, text: `距离本次咨询结束还有 ${SESSION_WARNING_MINUTES} 分钟` },
      now,
      { warning: true },
    );
    if (r.ok) warned++;
  }
  return warned;
}
