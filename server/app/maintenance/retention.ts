/**
 * File retention (issue 10, PIPL art. 19: kept no longer than needed). Uploaded files — the
 * records and admission slip of 重疾绿通, the checkup reports of 报告解读, what staff issued with a
 * result, and a person's own uploads to their 健康档案 — are deleted `days` after they stopped being
 * needed: an order's files `days` after the order closed (its last change), a record upload's
 * `days` after it was uploaded. Ops set `days` (settings document `retention`, `{ days }`,
 * through maintenance.setRetention); without it, DEFAULT_DAYS.
 *
 * The order or record loses the fileIDs and keeps FILES_NOTE ("文件已按保存期限删除") instead, in
 * the same transaction that queues the files (server/app/file-queue.ts); the queue is drained at
 * the end of the run. Text (a diagnosis typed in a form, a result's words) is not a file and stays
 * with the order: what the member and the holder's record show of a service stays readable.
 */
import type { RetentionReport } from '../../../typings/contract';
import { formatInstant } from '../../domain/time';
import type { Ctx } from '../../runtime/router';
import type { OrderDoc } from '../../store/collections';
import { drainFiles, queueFiles } from '../file-queue';
import { openRecord, sealUploads } from '../record/actions';
import { filesOf } from '../staff/workbench';

export const FILES_NOTE = '文件已按保存期限删除';
export const DEFAULT_DAYS = 365;
export const MIN_DAYS = 1;
export const MAX_DAYS = 3650;
const DAY_MS = 24 * 3600_000;
/** Orders looked at per run; the next run goes on (a daily timer catches up in a few days). */
const ORDER_PAGE = 200;
const RECORD_PAGE = 200;
const MAX_RECORD_PAGES = 50;

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

/** One run of the `retention` trigger: sweep orders and records, then delete what is queued. */
export async function runRetention(ctx: Ctx): Promise<RetentionReport> {
  const { days } = await retentionSetting(ctx);
  const cutoff = formatInstant(new Date(ctx.now.getTime() - days * DAY_MS));
  const o = await sweepOrders(ctx, cutoff);
  const r = await sweepRecords(ctx, cutoff);
  const drained = await drainFiles(ctx);
  return {
    days,
    orders: o.orders,
    records: r.records,
    files: { queued: o.queued + r.queued, deleted: drained.deleted, failed: drained.failed },
  };
}
