/**
 * `butler` (R1 健康管家): each person on a card has one standing conversation with the butlers, a
 * thread of their own (`b_<memberId>`): the handbook's butler serves the member one to one, and
 * what a family member tells the butler is theirs, not the holder's (PIPL minimum, as for orders).
 * Members read and write their thread while on the card; staff with the butler role work as one
 * team: they list every thread (newest message first, with unread counts), read and reply.
 * Ordering on a member's behalf (R1.5) is `staff.placeOrder`.
 *
 * Messages share the `messages` collection, its sealing and its paging with consult sessions
 * (server/app/conversation.ts); sends are rate-limited per caller (issue 10).
 */
import * as z from 'zod';
import type { ButlerThread, Edition } from '../../../typings/contract';
import { cardStatus } from '../../domain/card-life';
import { staffMayOrder } from '../../domain/catalog';
import { parseInstant } from '../../domain/time';
import { fail } from '../../runtime/errors';
import { defineFunction, type Ctx } from '../../runtime/router';
import type { MemberDoc, ThreadDoc } from '../../store/collections';
import {
  append,
  butlerThreadId,
  content,
  contentOf,
  memberOfButlerThread,
  messageView,
  paging,
  readPage,
  previewOf,
  type ThreadInit,
} from '../conversation';
import { audit } from '../audit';
import { RATE_RULES, takeOrLimit } from '../rate';
import { id } from '../schemas';

const THREADS_PAGE = 50;
const NO_CARD = '没有找到这张卡';
const NO_THREAD = '没有找到这个会话';

/** The caller on the card (not removed), else NOT_FOUND. */
async function meOn(ctx: Ctx, cardId: string): Promise<MemberDoc> {
  const [me] = await ctx.store.find('members', { cardId, openid: ctx.openid, removedAt: null }, { limit: 1 });
  if (!me) fail('NOT_FOUND', NO_CARD);
  return me;
}

function initOf(m: MemberDoc): ThreadInit {
  return { _id: butlerThreadId(m._id), kind: 'butler', cardId: m.cardId, memberId: m._id, orderId: null };
}

async function requireButler(ctx: Ctx): Promise<void> {
  if (!(await ctx.hasRole('butler'))) fail('PERMISSION_DENIED', '只有健康管家可以处理会员留言');
}

/** The person of a thread id, on a card now; NOT_FOUND otherwise. */
async function personOfThread(ctx: Ctx, threadId: string): Promise<MemberDoc> {
  const memberId = memberOfButlerThread(threadId);
  const m = memberId ? await ctx.store.get('members', memberId) : null;
  if (!m || m.removedAt !== null) fail('NOT_FOUND', NO_THREAD);
  return m;
}

async function threadView(ctx: Ctx, m: MemberDoc, t: ThreadDoc | null, edition?: Edition): Promise<ButlerThread> {
  const last = t && t.seq > 0 ? await ctx.store.get('messages', `${t._id}:${String(t.seq).padStart(6, '0')}`) : null;
  const ed = edition ?? (await ctx.store.get('cards', m.cardId))?.edition ?? 'pro';
  return {
    threadId: butlerThreadId(m._id),
    cardId: m.cardId,
    edition: ed,
    mayOrder: staffMayOrder(ed),
    memberId: m._id,
    personName: m.nameMasked,
    lastAt: t?.lastAt ?? null,
    lastFrom: t?.lastFrom ?? null,
    preview: last ? previewOf(messageView(ctx.config.dataKey, last)) : '',
    unread: t?.unreadStaff ?? 0,
  };
}

export const butlerFunction = defineFunction('butler', {
  messages: {
    access: 'caller',
    schema: z.strictObject({ cardId: id, ...paging }),
    run: async (ctx, req) => {
      const me = await meOn(ctx, req.cardId);
      const threadId = butlerThreadId(me._id);
      return { threadId, ...(await readPage(ctx.store, ctx.config.dataKey, threadId, req)) };
    },
  },
  send: {
    access: 'caller',
    schema: z.strictObject({ cardId: id, ...content }),
    run: async (ctx, req) => {
      const body = contentOf(ctx, req);
      await takeOrLimit(ctx.store, RATE_RULES.message, ctx.openid, ctx.now);
      const me = await meOn(ctx, req.cardId);
      const card = await ctx.store.get('cards', me.cardId);
      const status = cardStatus({ activatedAt: card?.activatedAt ? parseInstant(card.activatedAt) : null }, ctx.now);
      // R2.4 the butler is open from activation; R2.5 closed, like everything, once the card expired
      if (status === 'expired') fail('CARD_EXPIRED', '这张卡已过有效期');
      if (status === 'inactive') fail('INVALID_STATE', '这张卡还没有激活');
      const r = await append(
        ctx.store,
        ctx.config.dataKey,
        initOf(me),
        { from: 'member', byOpenid: ctx.openid, byName: null, ...body },
        ctx.now,
      );
      if (!r.ok) fail('INVALID_STATE', '消息发送失败，请重试');
      return { message: r.message };
    },
  },
  threads: {
    access: 'staff',
    schema: z.strictObject({
      cursor: z
        .string()
        .regex(/^\d{1,6}$/)
        .exactOptional(),
      limit: z.number().int().min(1).max(100).exactOptional(),
    }),
    run: async (ctx, req) => {
      await requireButler(ctx);
      const skip = req.cursor ? Number(req.cursor) : 0;
      const limit = req.limit ?? THREADS_PAGE;
      const docs = await ctx.store.find(
        'threads',
        { kind: 'butler' },
        {
          orderBy: [
            ['lastAt', 'desc'],
            ['_id', 'asc'],
          ],
          skip,
          limit: limit + 1,
        },
      );
      const threads: ButlerThread[] = [];
      const shown = docs.slice(0, limit);
      // issue 10: the list shows each thread's last words; one audit row per answer, ids only
      if (shown.length > 0) await audit(ctx, 'threads', { refs: shown.map((t) => t._id) });
      for (const t of shown) {
        const m = await ctx.store.get('members', t.memberId);
        if (m) threads.push(await threadView(ctx, m, t));
      }
      return { threads, nextCursor: docs.length > limit ? String(skip + limit) : null };
    },
  },
  thread: {
    access: 'staff',
    schema: z.strictObject({ threadId: id, ...paging }),
    run: async (ctx, req) => {
      await requireButler(ctx);
      const m = await personOfThread(ctx, req.threadId);
      const threadId = butlerThreadId(m._id);
      await audit(ctx, 'viewThread', { personId: m._id, threadId });
      const t = await ctx.store.get('threads', threadId);
      const page = await readPage(ctx.store, ctx.config.dataKey, threadId, req);
      let seen = t;
      if (t && req.cursor === undefined && t.unreadStaff > 0) {
        // read up to the newest message: a message that arrived meanwhile stays unread
        if (await ctx.store.update('threads', t._id, { $set: { unreadStaff: 0 } }, { seq: t.seq })) {
          seen = { ...t, unreadStaff: 0 };
        }
      }
      return { thread: await threadView(ctx, m, seen), ...page };
    },
  },
  reply: {
    access: 'staff',
    schema: z.strictObject({ threadId: id, ...content }),
    run: async (ctx, req) => {
      await requireButler(ctx);
      const body = contentOf(ctx, req);
      await takeOrLimit(ctx.store, RATE_RULES.message, ctx.openid, ctx.now);
      const m = await personOfThread(ctx, req.threadId);
      const r = await append(
        ctx.store,
        ctx.config.dataKey,
        initOf(m),
        { from: 'butler', byOpenid: ctx.openid, byName: (await ctx.staff())?.name ?? null, ...body },
        ctx.now,
        { readByStaff: true },
      );
      if (!r.ok) fail('INVALID_STATE', '消息发送失败，请重试');
      return { message: r.message };
    },
  },
});
