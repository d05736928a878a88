/**
 * Conversations: a consult order's session (`order.messages` / `send` / `logCall`) and each
 * person's standing thread with the butlers (`butler`). One `threads` document numbers a
 * conversation's messages; each message is one `messages` document whose words, images and call
 * details are sealed with the data key, the thread id inside (a sealed body copied into another
 * thread does not open). What people tell a doctor or a butler is health information (PIPL art.
 * 28): nothing here logs or echoes it.
 *
 * Paging: without a cursor the newest page; `nextCursor` (the number of the page's oldest message)
 * fetches the page before it. Each page is oldest first, as a chat shows it.
 */
import * as z from 'zod';
import type { CallKind, FileId, Message, MessageFrom, MessagePage } from '../../typings/contract';
import { formatInstant } from '../domain/time';
import { decrypt, encrypt } from '../runtime/crypto';
import { fail } from '../runtime/errors';
import type { Ctx } from '../runtime/router';
import type { MessageDoc, ThreadDoc } from '../store/collections';
import { isDuplicateKey, type Store } from '../store/port';
import { text } from './schemas';
import { fileId, requireOwnFiles } from './upload-dir';

export const PAGE = 30;
export const MAX_PAGE = 100;
export const MAX_IMAGES = 9;
const PREVIEW_CHARS = 40;

/** What a sender may write: text, images, or both; at least one (images: their own, contentOf). */
export const content = {
  text: text(2000).exactOptional(),
  images: z.array(fileId('图片地址不正确')).max(MAX_IMAGES, `一次最多发送 ${MAX_IMAGES} 张图片`).exactOptional(),
};

export const paging = {
  cursor: z
    .string()
    .regex(/^\d{1,9}$/)
    .exactOptional(),
  limit: z.number().int().min(1).max(MAX_PAGE).exactOptional(),
};

export interface Content {
  text?: string;
  images?: FileId[];
}

/**
 * The words and images of a message, without empty parts; INVALID_ARGUMENT when nothing is left
 * or an image is not the sender's own upload (issue 10, upload-dir.ts). Reads nothing: senders call
 * it first, before the message counts against their rate.
 */
export function contentOf(ctx: Pick<Ctx, 'config' | 'openid'>, req: Content): Content {
  requireOwnFiles(ctx, req.images, 'image');
  const out: Content = {
    ...(req.text ? { text: req.text } : {}),
    ...(req.images && req.images.length > 0 ? { images: req.images } : {}),
  };
  if (!out.text && !out.images) fail('INVALID_ARGUMENT', '请输入文字或选择图片');
  return out;
}

/** What is sealed in `bodyEnc`. */
interface Body extends Content {
  /** the thread id: a body copied into another thread fails to open */
  t: string;
  call?: { kind: CallKind; minutes: number };
  /** the images were deleted after the retention period (maintenance/retention.ts) */
  imagesNote?: string;
}

export const orderThreadId = (orderId: string): string => `o_${orderId}`;
export const butlerThreadId = (memberId: string): string => `b_${memberId}`;

/** The memberId of a butler thread id, or null when it is not one. */
export function memberOfButlerThread(threadId: string): string | null {
  return threadId.startsWith('b_') && threadId.length > 2 ? threadId.slice(2) : null;
}

function messageId(thread: string, seq: number): string {
  return `${thread}:${String(seq).padStart(6, '0')}`;
}

function open(key: Buffer, doc: MessageDoc): Body {
  let body: Body;
  try {
    body = JSON.parse(decrypt(key, doc.bodyEnc)) as Body;
  } catch {
    // never rethrow a parse error: its message quotes the text it choked on
    throw new Error('conversation: sealed message cannot be opened');
  }
  if (body.t !== doc.thread) throw new Error('conversation: sealed message belongs to another thread');
  return body;
}

export function messageView(key: Buffer, doc: MessageDoc): Message {
  const body = open(key, doc);
  return {
    messageId: doc._id,
    from: doc.from,
    ...(doc.byName ? { name: doc.byName } : {}),
    ...(body.text !== undefined ? { text: body.text } : {}),
    ...(body.images !== undefined ? { images: body.images } : {}),
    ...(body.imagesNote !== undefined ? { imagesNote: body.imagesNote } : {}),
    ...(body.call !== undefined ? { call: body.call } : {}),
    at: doc.at,
  };
}

/** A short line for thread lists. */
export function previewOf(m: Message): string {
  if (m.text) return m.text.length > PREVIEW_CHARS ? `${m.text.slice(0, PREVIEW_CHARS)}…` : m.text;
  if (m.images || m.imagesNote) return '[图片]';
  if (m.call) return m.call.kind === 'video' ? '[视频通话]' : '[电话]';
  return '';
}

/** One page of a thread (see the header for the paging). */
export async function readPage(
  store: Store,
  key: Buffer,
  thread: string,
  req: { cursor?: string; limit?: number },
): Promise<MessagePage> {
  const limit = req.limit ?? PAGE;
  const where = req.cursor !== undefined ? { thread, seq: { $lt: Number(req.cursor) } } : { thread };
  const docs = await store.find('messages', where, { orderBy: [['seq', 'desc']], limit: limit + 1 });
  const page = docs.slice(0, limit).reverse();
  const oldest = page[0];
  return {
    messages: page.map((d) => messageView(key, d)),
    nextCursor: docs.length > limit && oldest ? String(oldest.seq) : null,
  };
}

/** What a new thread document starts with (written with its first message). */
export type ThreadInit = Pick<ThreadDoc, '_id' | 'kind' | 'cardId' | 'memberId' | 'orderId'>;

export interface NewMessage extends Content {
  from: MessageFrom;
  byOpenid: string | null;
  byName: string | null;
  call?: { kind: CallKind; minutes: number };
}

export interface AppendOptions {
  /** order threads: call minutes may not exceed this in total (logCall) */
  maxCallMinutes?: number;
  /** reset the butler's unread count (a butler replies) */
  readByStaff?: boolean;
  /** set when the message is the 3-minute warning: written at most once per thread */
  warning?: boolean;
}

export type AppendResult =
  { ok: true; message: Message; thread: ThreadDoc } | { ok: false; reason: 'calls' | 'warned' };

/**
 * Appends a message: one transaction numbers it (the thread's `seq` + 1, conditioned on the number
 * read, so two senders at once get 1 and 2, never the same), writes it sealed and moves the
 * thread's summary. Retried a few times when another message took the number first.
 */
export async function append(
  store: Store,
  key: Buffer,
  init: ThreadInit,
  msg: NewMessage,
  now: Date,
  opts: AppendOptions = {},
): Promise<AppendResult> {
  const at = formatInstant(now);
  const minutes = msg.call?.minutes ?? 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    let result: AppendResult | null;
    try {
      result = await store.transaction(async (tx): Promise<AppendResult | null> => {
        const t = await tx.get('threads', init._id);
        if (opts.warning && t?.warnedAt) return { ok: false, reason: 'warned' };
        if (opts.maxCallMinutes !== undefined && (t?.callMinutes ?? 0) + minutes > opts.maxCallMinutes) {
          return { ok: false, reason: 'calls' };
        }
        const seq = (t?.seq ?? 0) + 1;
        const unreadStaff = opts.readByStaff ? 0 : (t?.unreadStaff ?? 0) + (msg.from === 'member' ? 1 : 0);
        const summary = {
          seq,
          lastAt: at,
          lastFrom: msg.from,
          unreadStaff,
          callMinutes: (t?.callMinutes ?? 0) + minutes,
          warnedAt: opts.warning ? at : (t?.warnedAt ?? null),
        };
        const thread: ThreadDoc = t ? { ...t, ...summary } : { ...init, ...summary };
        if (!t) {
          await tx.insert('threads', thread);
        } else if (!(await tx.update('threads', t._id, { $set: summary }, { seq: t.seq }))) {
          return null;
        }
        const body: Body = {
          t: init._id,
          ...(msg.text !== undefined ? { text: msg.text } : {}),
          ...(msg.images !== undefined ? { images: msg.images } : {}),
          ...(msg.call !== undefined ? { call: msg.call } : {}),
        };
        const doc: MessageDoc = {
          _id: messageId(init._id, seq),
          thread: init._id,
          seq,
          from: msg.from,
          byOpenid: msg.byOpenid,
          byName: msg.byName,
          at,
          bodyEnc: encrypt(key, JSON.stringify(body)),
        };
        await tx.insert('messages', doc);
        return { ok: true, message: messageView(key, doc), thread };
      });
    } catch (e) {
      // two first messages at once: the other one created the thread; number this one after it
      if (isDuplicateKey(e)) continue;
      throw e;
    }
    if (result) return result;
  }
  fail('INVALID_STATE', '消息发送繁忙，请稍后重试');
}

/**
 * A message's words replaced (privacy.erase): the body is sealed again, for the same thread, with
 * only `text`; images and call details are gone. Who wrote it and when stay, so the thread keeps
 * its shape for the other side.
 */
export function resealed(key: Buffer, doc: MessageDoc, text: string): string {
  const body: Body = { t: doc.thread, text };
  return encrypt(key, JSON.stringify(body));
}

/**
 * A message without its images (file retention): the body is sealed again, for the same thread,
 * with `note` where the images were; words and call details stay. Null when it has no images.
 */
export function withoutImages(
  key: Buffer,
  doc: MessageDoc,
  note: string,
): { bodyEnc: string; images: FileId[] } | null {
  const { images, ...rest } = open(key, doc);
  if (!images || images.length === 0) return null;
  const body: Body = { ...rest, imagesNote: note };
  return { bodyEnc: encrypt(key, JSON.stringify(body)), images };
}
