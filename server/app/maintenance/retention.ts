/**
 * File retention (issue 10, PIPL art. 19: kept no longer than needed). Uploaded files — the
 * records and admission slip of 重疾绿通, the checkup reports of 报告解读, what staff issued with a
 * result, a person's own uploads to their 健康档案, and the images sent in consult and butler
 * conversations — are deleted `days` after they stopped being needed: an order's files `days`
 * after the order closed (its last change), a record upload's `days` after it was uploaded, a
 * message's images `days` after it was sent (a butler thread never closes; a consult's session
 * lasts a day at most). Ops set `days` (settings document `retention`, `{ days }`, through
 * maintenance.setRetention); without it, DEFAULT_DAYS.
 *
 * The order or record loses the fileIDs and keeps FILES_NOTE ("文件已按保存期限删除") instead, a
 * message keeps its words and IMAGES_NOTE ("图片已过保存期") where its images were, in the same
 * transaction that queues the files (server/app/file-queue.ts); the queue is drained at the end of
 * the run. Text (a diagnosis typed in a form, a result's words, a message) is not a file and stays:
 * what the member and the holder's record show of a service stays readable.
 *
 * The same run removes the first answers kept for R3.6 retries (`requests`) older than
 * REQUEST_DAYS, whichever action wrote them.
 */
import type { RetentionReport } from '../../../typings/contract';
import { formatInstant } from '../../domain/time';
import type { Ctx } from '../../runtime/router';
import type { MessageDoc, OrderDoc } from '../../store/collections';
import type { Store } from '../../store/port';
import { withoutImages } from '../conversation';
import { drainFiles, queueFiles } from '../file-queue';
import { openRecord, sealUploads } from '../record/actions';
import { filesOf } from '../staff/workbench';

export const FILES_NOTE = '文件已按保存期限删除';
/** What a message shows where its images were (the apps draw it as a placeholder). */
export const IMAGES_NOTE = '图片已过保存期';
export const DEFAULT_DAYS = 365;
export const MIN_DAYS = 1;
export const MAX_DAYS = 3650;
const DAY_MS = 24 * 3600_000;
/** Orders looked at per run; the next run goes on (a daily timer catches up in a few days). */
const ORDER_PAGE = 200;
const RECORD_PAGE = 200;
const MAX_RECORD_PAGES = 50;
/** Messages looked at per run at most (each once ever: see sweepMessages); the next run goes on. */
const MESSAGE_PAGE = 500;
const MAX_MESSAGE_PAGES = 40;
/**
 * R3.6 first answers are kept this long. A retry comes within minutes of its first call (the app
 * retries a call that got no answer, with the same requestId, while its page is open), so a month
 * is far beyond any retry; docs/decisions.md.
 */
export const REQUEST_DAYS = 30;
const REQUEST_PAGE = 500;
const MAX_REQUEST_PAGES = 40;
/** The settings document where the message sweep keeps how far it got (not an ops setting). */
export const PROGRESS_ID = 'retentionProgress';

export interface RetentionSetting {
  days: number;
  configured: boolean;
}

export async function retentionSetting(ctx: Pick<Ctx, 'store'>): Promise<RetentionSetting> {
  const value = (await ctx.store.get('settings', 'retention'))?.value as { days?: unknown } | undefined;
  const days = value?.days;
  return typeof days === 'number' && Number.isInteger(days) && days >= MIN_DAYS && days <= MAX_DAYS
    ? { days, configured: true }
    : { days: DEFAULT_DAYS, configured: false };
}

/** The form and result of an order without any file: fields keep their shape, emptied. */
export function orderWithoutFiles(o: OrderDoc): Pick<OrderDoc, 'form'> & Partial<Pick<OrderDoc, 'result'>> {
  const form: Record<string, unknown> = { ...o.form };
  if (Array.isArray(form.records)) form.records = [];
  if (typeof form.admissionSlip === 'string') form.admissionSlip = '';
  if (Array.isArray(form.files)) form.files = [];
  return {
    form,
    ...(o.result !== undefined
      ? { result: { ...o.result, ...(o.result.files !== undefined ? { files: [] } : {}) } }
      : {}),
  };
}

/** Closed orders past the period: their files queued, the order keeps the note. */
async function sweepOrders(ctx: Ctx, cutoff: string): Promise<{ orders: number; queued: number }> {
  const at = formatInstant(ctx.now);
  const docs = await ctx.store.find(
    'orders',
    { open: false, updatedAt: { $lt: cutoff }, filesDeletedAt: null },
    { orderBy: [['updatedAt', 'asc']], limit: ORDER_PAGE },
  );
  let orders = 0;
  let queued = 0;
  for (const o of docs) {
    const files = filesOf(o).map((f) => f.fileId);
    // an order without files is marked too, so that the next run does not read it again
    const set: Partial<OrderDoc> =
      files.length > 0
        ? { ...orderWithoutFiles(o), filesDeletedAt: at, filesNote: FILES_NOTE }
        : { filesDeletedAt: at };
    const n = await ctx.store.transaction(async (tx) => {
      // as read: a follow-up call or a rating in between leaves it for the next run
      if (!(await tx.update('orders', o._id, { $set: set, $inc: { rev: 1 } }, { rev: o.rev }))) return null;
      return files.length > 0 ? queueFiles(tx, files, 'retention', ctx.now) : null;
    });
    if (n !== null) {
      queued += n;
      orders++;
    }
  }
  return { orders, queued };
}

/** Health-record uploads past the period: their files queued, the upload keeps the note. */
async function sweepRecords(ctx: Ctx, cutoff: string): Promise<{ records: number; queued: number }> {
  let records = 0;
  let queued = 0;
  for (let page = 0; page < MAX_RECORD_PAGES; page++) {
    const docs = await ctx.store.find(
      'records',
      { uploadsEnc: { $ne: null } },
      { orderBy: [['_id', 'asc']], skip: page * RECORD_PAGE, limit: RECORD_PAGE },
    );
    for (const doc of docs) {
      const { uploads } = openRecord(ctx, doc);
      const old = uploads.filter((u) => u.at < cutoff && u.files.length > 0);
      if (old.length === 0) continue;
      const files = old.flatMap((u) => u.files);
      const items = uploads.map((u) =>
        u.at < cutoff && u.files.length > 0 ? { ...u, files: [], filesNote: FILES_NOTE } : u,
      );
      const set = { uploadsEnc: sealUploads(ctx, doc._id, items), updatedAt: formatInstant(ctx.now) };
      const n = await ctx.store.transaction(async (tx) => {
        // revision-checked as every record change: a change in between leaves it for the next run
        if (!(await tx.update('records', doc._id, { $set: set, $inc: { rev: 1 } }, { rev: doc.rev }))) return null;
        return queueFiles(tx, files, 'retention', ctx.now);
      });
      if (n !== null) {
        queued += n;
        records++;
      }
    }
    if (docs.length < RECORD_PAGE) break;
  }
  return { records, queued };
}

/** Where the message sweep got to: every message before it (by `at`, then `_id`) was looked at. */
export interface MessageCursor {
  at: string;
  id: string;
}

function isCursor(v: unknown): v is MessageCursor {
  const c = v as { at?: unknown; id?: unknown } | null;
  return typeof c === 'object' && c !== null && typeof c.at === 'string' && typeof c.id === 'string';
}

/**
 * The next messages to look at, oldest first: those sent at the cursor's instant after its id,
 * then those after its instant — all before `cutoff`. Served by the (at) index.
 */
export async function messagesAfter(
  store: Store,
  cursor: MessageCursor | null,
  cutoff: string,
  limit: number,
): Promise<MessageDoc[]> {
  const order = {
    orderBy: [
      ['at', 'asc'],
      ['_id', 'asc'],
    ] as const,
    limit,
  };
  if (cursor === null) return store.find('messages', { at: { $lt: cutoff } }, order);
  if (cursor.at >= cutoff) return [];
  const ties = await store.find('messages', { at: cursor.at, _id: { $gt: cursor.id } }, order);
  if (ties.length > 0) return ties;
  return store.find('messages', { at: { $gt: cursor.at, $lt: cutoff } }, order);
}

/**
 * Images of messages sent before the cutoff: each message loses them (IMAGES_NOTE in their place,
 * words kept) in the transaction that queues them. Images are sealed inside the message, so no
 * query can find the messages that have some; instead the sweep walks messages in the order they
 * were sent, from where the last run stopped (settings `retentionProgress`), and opens each once.
 * A message is written at the time it is sent and the cursor never passes `now - days`, so none is
 * missed. Messages change only here and in erasure, which re-seals them without images: a message
 * changed since it was read is left as it is.
 */
async function sweepMessages(ctx: Ctx, cutoff: string): Promise<{ messages: number; queued: number }> {
  const key = ctx.config.dataKey;
  const progress = (await ctx.store.get('settings', PROGRESS_ID))?.value as { messages?: unknown } | undefined;
  let cursor: MessageCursor | null = isCursor(progress?.messages) ? progress.messages : null;
  const start = cursor;
  let messages = 0;
  let queued = 0;
  for (let page = 0; page < MAX_MESSAGE_PAGES; page++) {
    const docs = await messagesAfter(ctx.store, cursor, cutoff, MESSAGE_PAGE);
    for (const doc of docs) {
      let stripped: ReturnType<typeof withoutImages>;
      try {
        stripped = withoutImages(key, doc, IMAGES_NOTE);
      } catch (e) {
        // one message that does not open (its error names no content) must not stop every run
        ctx.log.error(`retention: message ${doc._id} cannot be opened`, e);
        continue;
      }
      if (stripped === null) continue;
      const n = await ctx.store.transaction(async (tx) => {
        if (!(await tx.update('messages', doc._id, { $set: { bodyEnc: stripped.bodyEnc } }, { bodyEnc: doc.bodyEnc })))
          return null;
        return queueFiles(tx, stripped.images, 'retention', ctx.now);
      });
      if (n !== null) {
        queued += n;
        messages++;
      }
    }
    const last = docs[docs.length - 1];
    if (last) cursor = { at: last.at, id: last._id };
    if (docs.length < MESSAGE_PAGE) break;
  }
  if (cursor !== null && (start === null || cursor.at !== start.at || cursor.id !== start.id)) {
    await ctx.store.put('settings', {
      _id: PROGRESS_ID,
      value: { messages: cursor },
      updatedAt: formatInstant(ctx.now),
    });
  }
  return { messages, queued };
}

/**
 * R3.6 first answers (`requests`) older than REQUEST_DAYS, removed through the (at) index —
 * whatever wrote them (order.create today), by age alone.
 */
async function purgeRequests(ctx: Ctx): Promise<number> {
  const cutoff = formatInstant(new Date(ctx.now.getTime() - REQUEST_DAYS * DAY_MS));
  let removed = 0;
  for (let page = 0; page < MAX_REQUEST_PAGES; page++) {
    const docs = await ctx.store.find(
      'requests',
      { at: { $lt: cutoff } },
      { orderBy: [['at', 'asc']], limit: REQUEST_PAGE },
    );
    for (const d of docs) if (await ctx.store.remove('requests', d._id)) removed++;
    if (docs.length < REQUEST_PAGE) break;
  }
  return removed;
}

/**
 * One run of the `retention` trigger: sweep orders, records and messages, delete what is queued,
 * and remove R3.6 answers past REQUEST_DAYS.
 */
export async function runRetention(ctx: Ctx): Promise<RetentionReport> {
  const { days } = await retentionSetting(ctx);
  const cutoff = formatInstant(new Date(ctx.now.getTime() - days * DAY_MS));
  const o = await sweepOrders(ctx, cutoff);
  const r = await sweepRecords(ctx, cutoff);
  const m = await sweepMessages(ctx, cutoff);
  const drained = await drainFiles(ctx);
  const requests = await purgeRequests(ctx);
  return {
    days,
    orders: o.orders,
    records: r.records,
    messages: m.messages,
    requests,
    files: { queued: o.queued + r.queued + m.queued, deleted: drained.deleted, failed: drained.failed },
  };
}
