/**
 * The reminders sweep (timer trigger `reminders`, every minute): reads only the reminders that are
 * due — `status: pending, dueAt <= now`, through the (status, dueAt) index, a page at a time — so
 * its cost follows the number of due reminders, not the number of cards or orders. For each, it
 * checks that what it announces still holds (the card is still unactivated, the order still awaits
 * that step, the visit is still that day…), then writes the notices and marks the reminder `done`
 * in one transaction, conditioned on the reminder being still pending and unchanged: a second
 * sweep, or two at once, write nothing more (and the notices' dedupe keys would keep one anyway).
 * A reminder that no longer applies ends `cancelled` with the reason.
 */
import type { ReminderReport } from '../../../typings/contract';
import { benefit, EDITIONS } from '../../domain/catalog';
import { cardStatus, lastActivationDay, lastUsableDay, waitingUntil } from '../../domain/card-life';
import { chineseDate, pageOf, renderSms, renderSubscribe, type NoticeSettings } from '../../domain/notices';
import { addDays, formatInstant, parseInstant, shanghaiDay, startOfShanghaiDay } from '../../domain/time';
import { decrypt } from '../../runtime/crypto';
import type { Ctx } from '../../runtime/router';
import type { CardDoc, OrderDoc, ReminderDoc } from '../../store/collections';
import { enqueue, type NewNotice } from '../outbox';
import { noticeSettings } from '../settings';

const PAGE = 100;
/** Pages per run: the next run (a minute later) goes on where this one stopped. */
const MAX_PAGES = 20;
/** A reminder that made the sweep fail this often is given up (kept as `failed`). */
const MAX_ERRORS = 5;
const ERROR_RETRY_MS = 10 * 60_000;
const WAITING_OVER_STALE_MS = 3 * 24 * 3600_000;

type Plan = { notices: NewNotice[]; note?: string } | { cancel: string };

function must(s: string): Date {
  const d = parseInstant(s);
  if (!d) throw new Error(`stored instant unreadable: ${s}`);
  return d;
}

function cardName(card: CardDoc): string {
  return `太医蓝卡${EDITIONS[card.edition].name}`;
}

async function cardPlan(ctx: Ctx, r: ReminderDoc, settings: NoticeSettings): Promise<Plan> {
  const card = r.cardId ? await ctx.store.get('cards', r.cardId) : null;
  if (!card) return { cancel: 'GONE' };
  if (r.kind === 'activationDeadline') {
    if (card.activatedAt) return { cancel: 'ACTIVATED' };
    if (ctx.now.getTime() > must(card.activationDeadline).getTime()) return { cancel: 'CLOSED' };
    if (!card.issuePhoneEnc) return { cancel: 'NO_PHONE' };
    const vars = { date: chineseDate(lastActivationDay(card.orderDate)) };
    return {
      notices: [
        {
          channel: 'sms',
          to: decrypt(ctx.config.dataKey, card.issuePhoneEnc),
          template: 'activationDeadline',
          text: renderSms('activationDeadline', vars, settings),
          vars,
          dedupeKey: `activationDeadline:${card._id}:${r.variant}`,
        },
      ],
    };
  }
  // waitingOver, cardExpiring: to everyone on the card now
  if (!card.activatedAt || card.activatedAt !== r.ref) return { cancel: 'GONE' };
  const activatedAt = must(card.activatedAt);
  if (cardStatus({ activatedAt }, ctx.now) === 'expired') return { cancel: 'EXPIRED' };
  // news of benefits opening is news for a few days only (a sweep down for a week sends no stale news)
  if (r.kind === 'waitingOver' && ctx.now.getTime() > must(r.dueAt).getTime() + WAITING_OVER_STALE_MS)
    return { cancel: 'TOO_LATE' };
  const members = await ctx.store.find('members', { cardId: card._id, removedAt: null });
  const notices: NewNotice[] = members.map((m) => {
    const data =
      r.kind === 'waitingOver'
        ? renderSubscribe(
            'waitingOver',
            {
              card: cardName(card),
              status: '已生效',
              date: { day: shanghaiDay(waitingUntil(activatedAt)) },
              tip: '服务类权益已开放，可在线预约',
            },
            settings,
          )
        : renderSubscribe(
            'cardExpiring',
            {
              card: cardName(card),
              date: { day: lastUsableDay(activatedAt) },
              tip: '到期后权益将无法使用，请及时使用',
            },
            settings,
          );
    const template = r.kind === 'waitingOver' ? 'waitingOver' : 'cardExpiring';
    return {
      channel: 'subscribe',
      to: m.openid,
      template,
      data,
      page: pageOf(template),
      dedupeKey: `${r.kind}:${card._id}:${m._id}`,
    };
  });
  return { notices, ...(notices.length === 0 ? { note: 'NO_MEMBERS' } : {}) };
}

async function orderPlan(ctx: Ctx, r: ReminderDoc, settings: NoticeSettings): Promise<Plan> {
  const o: OrderDoc | null = r.orderId ? await ctx.store.get('orders', r.orderId) : null;
  if (!o) return { cancel: 'GONE' };
  const def = benefit(o.benefit);
  const service = def.name;
  const page = (t: Parameters<typeof pageOf>[0]) => pageOf(t, { orderId: o._id });
  switch (r.kind) {
    case 'slaWarning': {
      if (!o.open || !o.awaiting || !o.dueAt || `${o.awaiting}@${o.dueAt}` !== r.ref) return { cancel: 'SUPERSEDED' };
      const due = must(o.dueAt);
      if (ctx.now.getTime() >= due.getTime()) return { cancel: 'OVERDUE' };
      const role = o.awaitingRole;
      // staff is a small collection (tens of people): read whole, filtered by role here
      const staff = role ? (await ctx.store.find('staff', {})).filter((s) => s.roles.includes(role)) : [];
      const step = o.awaiting;
      const label = def.workflow.steps.find((s) => s.step === step)?.label ?? step;
      const data = renderSubscribe('slaWarning', { service, step: label, due: { at: due }, order: o._id }, settings);
      const notices: NewNotice[] = staff.map((s) => ({
        channel: 'subscribe',
        to: s._id,
        template: 'slaWarning',
        data,
        page: pageOf('slaWarning'),
        dedupeKey: `slaWarning:${o._id}:${r.ref}:${s._id}`,
      }));
      return { notices, ...(notices.length === 0 ? { note: 'NO_STAFF' } : {}) };
    }
    case 'consultEnding': {
      if (o.status !== 'in_service' || o.dueAt !== r.ref) return { cancel: 'SUPERSEDED' };
      const end = must(r.ref);
      if (ctx.now.getTime() >= end.getTime()) return { cancel: 'TOO_LATE' };
      const data = renderSubscribe(
        'consultEnding',
        { service, time: { at: end }, tip: '本次咨询将于3分钟后结束' },
        settings,
      );
      return {
        notices: [
          {
            channel: 'subscribe',
            to: o.personOpenid,
            template: 'consultEnding',
            data,
            page: page('consultEnding'),
            dedupeKey: `consultEnding:${o._id}:${r.ref}`,
          },
        ],
      };
    }
    case 'visitReminder':
    case 'escortReminder': {
      const b = o.booking;
      if (o.status !== 'booked' || !b || b.visitDate !== r.ref) return { cancel: 'SUPERSEDED' };
      if (ctx.now.getTime() >= startOfShanghaiDay(addDays(b.visitDate, 1)).getTime()) return { cancel: 'TOO_LATE' };
      const data =
        r.kind === 'escortReminder'
          ? renderSubscribe(
              'escortReminder',
              {
                service,
                date: { day: b.visitDate },
                period: b.period,
                place: b.hospital,
                tip: '陪诊护士将提前20分钟到达医院',
              },
              settings,
            )
          : renderSubscribe(
              'visitReminder',
              {
                service,
                person: (await ctx.store.get('members', o.personId))?.nameMasked ?? '**',
                date: { day: b.visitDate },
                period: b.period,
                place: b.hospital,
              },
              settings,
            );
      return {
        notices: [
          {
            channel: 'subscribe',
            to: o.personOpenid,
            template: r.kind,
            data,
            page: page(r.kind),
            dedupeKey: `${r.kind}:${o._id}:${b.visitDate}`,
          },
        ],
      };
    }
    default:
      return { cancel: 'UNKNOWN' };
  }
}

function planFor(ctx: Ctx, r: ReminderDoc, settings: NoticeSettings): Promise<Plan> {
  return r.kind === 'activationDeadline' || r.kind === 'waitingOver' || r.kind === 'cardExpiring'
    ? cardPlan(ctx, r, settings)
    : orderPlan(ctx, r, settings);
}

export async function sweepReminders(ctx: Ctx): Promise<ReminderReport> {
  const report: ReminderReport = { trigger: 'reminders', processed: 0, notices: 0, cancelled: 0 };
  const settings = await noticeSettings(ctx.store);
  const nowIso = formatInstant(ctx.now);
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES; page++) {
    const due = await ctx.store.find(
      'reminders',
      { status: 'pending', dueAt: { $lte: nowIso } },
      { orderBy: [['dueAt', 'asc']], limit: PAGE },
    );
    const fresh = due.filter((r) => !seen.has(r._id));
    if (fresh.length === 0) break;
    for (const r of fresh) {
      seen.add(r._id);
      report.processed++;
      try {
        const plan = await planFor(ctx, r, settings);
        const closed =
          'cancel' in plan
            ? { status: 'cancelled' as const, note: plan.cancel }
            : { status: 'done' as const, ...(plan.note ? { note: plan.note } : {}) };
        const written = await ctx.store.transaction(async (tx) => {
          // still pending and not replaced by a later event meanwhile
          const ok = await tx.update(
            'reminders',
            r._id,
            { $set: { ...closed, closedAt: nowIso } },
            { status: 'pending', dueAt: r.dueAt, ref: r.ref },
          );
          if (!ok) return null;
          let n = 0;
          if (!('cancel' in plan)) for (const notice of plan.notices) if (await enqueue(tx, notice, ctx.now)) n++;
          return n;
        });
        if (written === null) continue;
        if ('cancel' in plan) report.cancelled++;
        report.notices += written;
      } catch (e) {
        ctx.log.error(`reminders: ${r.kind} ${r._id} failed`, e);
        const errors = (r.errors ?? 0) + 1;
        const patch =
          errors >= MAX_ERRORS
            ? { status: 'failed', closedAt: nowIso, note: 'ERROR', errors }
            : { dueAt: formatInstant(new Date(ctx.now.getTime() + ERROR_RETRY_MS)), errors };
        await ctx.store.update('reminders', r._id, { $set: patch }, { status: 'pending', dueAt: r.dueAt });
      }
    }
    if (due.length < PAGE) break;
  }
  return report;
}
