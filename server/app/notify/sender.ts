/**
 * R5.3 the notice sender (timer trigger `sender`, every minute). It reads the notices that are due
 * through the outbox's (status, nextAttemptAt) index and, for each:
 *
 * 1. claims it: a conditional update `pending → sending` under a fresh lease, so of two senders
 *    that overlap (or a function retried by the platform) exactly one gets it;
 * 2. subscribe: takes one of the member's one-time consents in the same transaction that marks
 *    the notice (`consentTaken`, so a retry takes no second one); none left → `skipped`
 *    (NO_CONSENT), kept, never sent;
 * 3. hands it to the sink (WeChat deployed, the recording sink locally);
 * 4. records the outcome under its lease: `sent`; or, failed, its error code and either the next
 *    try after a backoff or `failed` (permanent codes, attempts used up) — never dropped.
 *
 * A claim whose lease expired belongs to a sender that died between claiming and recording: the
 * message may or may not have gone out, so rather than risk sending it twice it ends `failed`
 * (LEASE_EXPIRED) for ops to look at and, if they judge so, requeue (admin.retryNotice).
 */
import type { SenderReport } from '../../../typings/contract';
import { afterFailure, LEASE_MS } from '../../domain/delivery';
import { isSmsTemplate, isSubscribeTemplate, type NoticeSettings } from '../../domain/notices';
import { formatInstant } from '../../domain/time';
import { randomToken } from '../../runtime/crypto';
import type { Ctx } from '../../runtime/router';
import type { OutgoingNotice, SendResult } from '../../runtime/sink';
import type { OutboxDoc } from '../../store/collections';
import { noticeSettings } from '../settings';
import { takeConsent } from './consent';

const PAGE = 50;
const MAX_PAGES = 8;
/** Stop taking new pages after this much real time: a deployed function may run 60 s. */
const TIME_BUDGET_MS = 40_000;

class LeaseLost extends Error {}

function outgoing(n: OutboxDoc, settings: NoticeSettings): OutgoingNotice {
  const base = { noticeId: n._id, channel: n.channel, to: n.to, template: n.template, attempt: n.attempts + 1 };
  if (n.channel === 'subscribe') {
    const templateId = isSubscribeTemplate(n.template) ? settings.subscribe[n.template].templateId : '';
    return {
      ...base,
      templateId,
      data: n.data ?? {},
      ...(n.page !== undefined ? { page: n.page } : {}),
      miniprogramState: settings.miniprogramState,
    };
  }
  const sms = isSmsTemplate(n.template) ? settings.sms[n.template] : null;
  return {
    ...base,
    templateId: sms?.templateId ?? '',
    ...(n.text !== undefined ? { text: n.text } : {}),
    params: (sms?.params ?? []).map((p) => n.vars?.[p] ?? ''),
  };
}

type Outcome = 'sent' | 'retrying' | 'failed' | 'skipped' | 'lost';

async function deliver(ctx: Ctx, n: OutboxDoc, settings: NoticeSettings): Promise<Outcome> {
  const { store } = ctx;
  const nowIso = formatInstant(ctx.now);
  const lease = randomToken(12);
  const claimed = await store.update(
    'outbox',
    n._id,
    {
      $set: {
        status: 'sending',
        lease,
        nextAttemptAt: formatInstant(new Date(ctx.now.getTime() + LEASE_MS)),
        updatedAt: nowIso,
      },
    },
    { status: 'pending', attempts: n.attempts, nextAttemptAt: n.nextAttemptAt },
  );
  if (!claimed) return 'lost'; // another sender has it, or it changed since we read it

  if (n.channel === 'subscribe' && n.consentTaken !== true) {
    const consented = await store
      .transaction(async (tx) => {
        if (await takeConsent(tx, n.to, n.template, ctx.now)) {
          if (!(await tx.update('outbox', n._id, { $set: { consentTaken: true } }, { lease }))) throw new LeaseLost();
          return true;
        }
        if (
          !(await tx.update(
            'outbox',
            n._id,
            { $set: { status: 'skipped', lastError: 'NO_CONSENT', lease: null, updatedAt: nowIso } },
            { lease },
          ))
        ) {
          throw new LeaseLost();
        }
        return false;
      })
      .catch((e: unknown) => {
        if (e instanceof LeaseLost) return null;
        throw e;
      });
    if (consented === null) return 'lost';
    if (!consented) return 'skipped';
  }

  let result: SendResult;
  try {
    result = await ctx.sink.send(outgoing(n, settings), ctx.now);
  } catch (e) {
    ctx.log.error(`sender: sink threw for ${n._id}`, e);
    result = { ok: false, code: 'SINK_ERROR' };
  }
  const attempts = n.attempts + 1;
  if (result.ok) {
    await store.update(
      'outbox',
      n._id,
      { $set: { status: 'sent', attempts, sentAt: nowIso, lease: null, updatedAt: nowIso } },
      { lease },
    );
    return 'sent';
  }
  const next = afterFailure(attempts, result.code, ctx.now);
  await store.update(
    'outbox',
    n._id,
    {
      $set: {
        status: next.status,
        attempts,
        lastError: result.code,
        lease: null,
        updatedAt: nowIso,
        ...(next.status === 'pending' ? { nextAttemptAt: formatInstant(next.nextAttemptAt) } : {}),
      },
    },
    { lease },
  );
  return next.status === 'pending' ? 'retrying' : 'failed';
}

export async function runSender(ctx: Ctx): Promise<SenderReport> {
  const report: SenderReport = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
  const { store } = ctx;
  const nowIso = formatInstant(ctx.now);
  const started = Date.now();

  // claims whose sender died: kept as failed, not sent a second time
  const stale = await store.find(
    'outbox',
    { status: 'sending', nextAttemptAt: { $lte: nowIso } },
    { orderBy: [['nextAttemptAt', 'asc']], limit: PAGE },
  );
  for (const s of stale) {
    const ok = await store.update(
      'outbox',
      s._id,
      // the lease stays: should that sender still record its outcome, its record wins
      { $set: { status: 'failed', lastError: 'LEASE_EXPIRED', updatedAt: nowIso } },
      { status: 'sending', lease: s.lease ?? null, nextAttemptAt: s.nextAttemptAt },
    );
    if (ok) report.failed++;
  }

  const settings = await noticeSettings(store);
  const seen = new Set<string>();
  for (let page = 0; page < MAX_PAGES && Date.now() - started < TIME_BUDGET_MS; page++) {
    const due = await store.find(
      'outbox',
      { status: 'pending', nextAttemptAt: { $lte: nowIso } },
      { orderBy: [['nextAttemptAt', 'asc']], limit: PAGE },
    );
    const fresh = due.filter((n) => !seen.has(n._id));
    if (fresh.length === 0) break;
    for (const n of fresh) {
      seen.add(n._id);
      let outcome: Outcome;
      try {
        outcome = await deliver(ctx, n, settings);
      } catch (e) {
        // the store failed us: the claim (if made) expires and ends as LEASE_EXPIRED
        ctx.log.error(`sender: ${n._id} failed`, e);
        continue;
      }
      if (outcome !== 'lost') report[outcome]++;
    }
    if (due.length < PAGE) break;
  }
  return report;
}
