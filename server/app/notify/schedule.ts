/**
 * Reminders are written in the transaction of the event that makes them (R5.3's rule for
 * notices, applied to the notices of the future): issuing a card with a phone, activating it,
 * and every order change. A reminder's id is its kind and subject, so a later event of the same
 * subject replaces it (a rebooking moves the visit reminder, a new step moves the SLA warning);
 * the sweep (sweep.ts) still checks that what it announces holds when it is due.
 */
import { createHash } from 'node:crypto';
import { benefit } from '../../domain/catalog';
import { expiresAt } from '../../domain/card-life';
import {
  activationReminders,
  cardExpiringAt,
  consultEndingAt,
  dayBeforeAt,
  slaWarningAt,
  waitingOverAt,
  type ReminderKind,
} from '../../domain/reminders';
import { formatInstant, parseInstant } from '../../domain/time';
import type { OrderDoc } from '../../store/collections';
import type { Tx } from '../../store/port';

export interface ReminderPlan {
  kind: ReminderKind;
  dueAt: Date;
  cardId: string | null;
  orderId: string | null;
  ref: string;
  variant: string;
}

export interface ReminderChanges {
  put: ReminderPlan[];
  /** reminders (kind + subject) that no longer apply */
  cancel: { kind: ReminderKind; subject: string }[];
}

export function reminderId(kind: ReminderKind, subject: string, variant = ''): string {
  return `rem_${createHash('sha256').update(`${kind}\u0000${subject}\u0000${variant}`).digest('base64url').slice(0, 24)}`;
}

function subjectOf(p: ReminderPlan): string {
  return p.orderId ?? p.cardId ?? '';
}

/** Writes the reminders (replacing those of the same kind and subject) and cancels the stale ones. */
export async function writeReminders(tx: Tx, changes: ReminderChanges, now: Date): Promise<void> {
  const at = formatInstant(now);
  for (const c of changes.cancel) {
    await tx.update(
      'reminders',
      reminderId(c.kind, c.subject),
      { $set: { status: 'cancelled', closedAt: at, note: 'SUPERSEDED' } },
      { status: 'pending' },
    );
  }
  for (const p of changes.put) {
    await tx.put('reminders', {
      _id: reminderId(p.kind, subjectOf(p), p.variant),
      kind: p.kind,
      status: 'pending',
      dueAt: formatInstant(p.dueAt),
      cardId: p.cardId,
      orderId: p.orderId,
      ref: p.ref,
      variant: p.variant,
      createdAt: at,
    });
  }
}

/** R5.2 the activation-deadline SMS reminders of a card issued with a phone. */
export function issueReminders(cardId: string, orderDate: string, now: Date): ReminderChanges {
  return {
    put: activationReminders(orderDate, now).map((r) => ({
      kind: 'activationDeadline' as const,
      dueAt: r.at,
      cardId,
      orderId: null,
      ref: orderDate,
      variant: String(r.daysBefore),
    })),
    cancel: [],
  };
}

/** R5.2 the waiting-period-over and card-expiring reminders of a card activated at `activatedAt`. */
export function activationPlans(cardId: string, activatedAt: Date): ReminderChanges {
  const ref = formatInstant(activatedAt);
  return {
    put: [
      { kind: 'waitingOver', dueAt: waitingOverAt(activatedAt), cardId, orderId: null, ref, variant: '' },
      { kind: 'cardExpiring', dueAt: cardExpiringAt(expiresAt(activatedAt)), cardId, orderId: null, ref, variant: '' },
    ],
    cancel: [],
  };
}

function instant(s: string | null): Date | null {
  return s === null ? null : parseInstant(s);
}

/**
 * The reminders an order change makes or ends (`before` null: the order was just placed):
 * - slaWarning to the staff of the awaited step, before its deadline (not for a consult's
 *   session, which ends by itself);
 * - consultEnding 3 minutes before a consult session ends;
 * - the day-before visit reminder of a booked visit (catalog `visitReminder`).
 */
export function orderReminders(before: OrderDoc | null, after: OrderDoc, now: Date): ReminderChanges {
  const wf = benefit(after.benefit).workflow;
  const out: ReminderChanges = { put: [], cancel: [] };
  const base = { cardId: after.cardId, orderId: after._id, variant: '' };
  const stepKind = after.awaiting ? wf.sla[after.awaiting]?.kind : undefined;

  const slaMoved =
    !before || before.awaiting !== after.awaiting || before.dueAt !== after.dueAt || before.status !== after.status;
  if (slaMoved) {
    const due = instant(after.dueAt);
    const at = after.open && after.awaiting && due && stepKind !== 'session' ? slaWarningAt(due, now) : null;
    if (at)
      out.put.push({ ...base, kind: 'slaWarning', dueAt: at, ref: `${after.awaiting ?? ''}@${after.dueAt ?? ''}` });
    else if (before) out.cancel.push({ kind: 'slaWarning', subject: after._id });
  }

  const inSession = after.status === 'in_service' && wf.session !== null && stepKind === 'session';
  if (inSession && (before?.status !== 'in_service' || before.dueAt !== after.dueAt)) {
    const end = instant(after.dueAt);
    const at = end ? consultEndingAt(end, now) : null;
    if (at) out.put.push({ ...base, kind: 'consultEnding', dueAt: at, ref: after.dueAt ?? '' });
  } else if (!inSession && before?.status === 'in_service') {
    out.cancel.push({ kind: 'consultEnding', subject: after._id });
  }

  const visit = wf.visitReminder;
  if (visit) {
    const booked = after.status === 'booked' && after.booking !== undefined;
    if (booked && (before?.status !== 'booked' || before.booking?.visitDate !== after.booking?.visitDate)) {
      const day = after.booking?.visitDate ?? '';
      const at = dayBeforeAt(day, visit.at, now);
      if (at) out.put.push({ ...base, kind: visit.template, dueAt: at, ref: day });
    } else if (!booked && before?.status === 'booked') {
      out.cancel.push({ kind: visit.template, subject: after._id });
    }
  }
  return out;
}
