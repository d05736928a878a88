/**
 * R5.3 the outbox for ops (`admin.outbox`, `admin.retryNotice`): every notice with its status,
 * attempts and last error; failed ones (permanent errors, attempts used up, a sender that died
 * mid-send) and skipped ones (no consent) stay listed until ops requeue them. Phone numbers are
 * masked in these answers (138****0000): ops need to see that an SMS went to the member, not the
 * number.
 */
import * as z from 'zod';
import type { NoticeStatus, OpsNotice } from '../../../typings/contract';
import { maskPhone } from '../../domain/notices';
import { formatInstant } from '../../domain/time';
import { fail } from '../../runtime/errors';
import type { ActionMap } from '../../runtime/router';
import type { OutboxDoc } from '../../store/collections';
import type { Where } from '../../store/port';
import { noticeView } from '../outbox';

const STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const satisfies readonly NoticeStatus[];
const PAGE = 50;

export function opsView(d: OutboxDoc): OpsNotice {
  const n = noticeView(d);
  return {
    ...n,
    to: d.channel === 'sms' ? maskPhone(d.to) : d.to,
    nextAttemptAt: n.status === 'pending' ? d.nextAttemptAt : null,
    sentAt: d.sentAt ?? null,
  };
}

function whereOf(status: NoticeStatus): Where {
  // a notice being sent is still pending to the outside
  return status === 'pending' ? { status: { $in: ['pending', 'sending'] } } : { status };
}

type OutboxActions = Pick<ActionMap<'admin'>, 'outbox' | 'retryNotice'>;

export const outboxActions: OutboxActions = {
  outbox: {
    access: 'admin',
    schema: z.strictObject({
      status: z.enum(STATUSES).exactOptional(),
      cursor: z
        .string()
        .regex(/^\d{1,6}$/)
        .exactOptional(),
      limit: z.number().int().min(1).max(100).exactOptional(),
    }),
    run: async (ctx, req) => {
      const limit = req.limit ?? PAGE;
      const skip = req.cursor ? Number(req.cursor) : 0;
      const [docs, ...counted] = await Promise.all([
        ctx.store.find('outbox', req.status ? whereOf(req.status) : {}, {
          orderBy: [
            ['createdAt', 'desc'],
            ['_id', 'desc'],
          ],
          skip,
          limit: limit + 1,
        }),
        ...STATUSES.map((s) => ctx.store.count('outbox', whereOf(s))),
      ]);
      const counts = Object.fromEntries(STATUSES.map((s, i) => [s, counted[i] ?? 0])) as Record<NoticeStatus, number>;
      return {
        notices: docs.slice(0, limit).map(opsView),
        nextCursor: docs.length > limit ? String(skip + limit) : null,
        counts,
      };
    },
  },
  retryNotice: {
    access: 'admin',
    schema: z.strictObject({
      noticeId: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[A-Za-z0-9_-]+$/),
    }),
    run: async (ctx, req) => {
      const at = formatInstant(ctx.now);
      const ok = await ctx.store.update(
        'outbox',
        req.noticeId,
        // a fresh start: the next sender run tries it (a skipped one asks for consent again)
        { $set: { status: 'pending', attempts: 0, nextAttemptAt: at, lease: null, updatedAt: at } },
        { status: { $in: ['failed', 'skipped'] } },
      );
      const doc = await ctx.store.get('outbox', req.noticeId);
      if (!doc) fail('NOT_FOUND', '没有找到这条通知');
      if (!ok) fail('INVALID_STATE', '只有发送失败或已跳过的通知可以重新发送');
      return { notice: opsView(doc) };
    },
  },
};
