/**
 * Files to delete from cloud storage (issue 10): retention and erasure queue a file in the same
 * transaction that drops it from its order or record, and `drainFiles` deletes queued files through
 * the FileStore seam (server/app/file-store.ts). A deletion that fails is retried by the next run,
 * and given up after MAX_ATTEMPTS, kept `failed` with the service's error for ops; never dropped.
 */
import { createHash } from 'node:crypto';
import { formatInstant } from '../domain/time';
import type { Ctx } from '../runtime/router';
import type { FileQueueDoc } from '../store/collections';
import type { Tx } from '../store/port';
import { fileStore } from './file-store';

export const MAX_ATTEMPTS = 5;
/** Files deleted per run at most; the next run goes on. */
export const DRAIN_LIMIT = 500;

export function fileQueueId(fileId: string): string {
  return `fq_${createHash('sha256').update(fileId).digest('base64url').slice(0, 24)}`;
}

/** Queues files for deletion (each once: a file queued twice keeps its first row); answers how many were new. */
export async function queueFiles(
  tx: Tx,
  fileIds: readonly string[],
  reason: FileQueueDoc['reason'],
  now: Date,
): Promise<number> {
  let queued = 0;
  for (const fileId of new Set(fileIds.filter((f) => f !== ''))) {
    const _id = fileQueueId(fileId);
    if (await tx.get('fileQueue', _id)) continue;
    await tx.insert('fileQueue', { _id, fileId, reason, status: 'pending', attempts: 0, queuedAt: formatInstant(now) });
    queued++;
  }
  return queued;
}

export interface DrainReport {
  deleted: number;
  failed: number;
}

/** Deletes pending files, oldest first (or only `only`, e.g. an erasure's own files, at once). */
export async function drainFiles(
  ctx: Pick<Ctx, 'store' | 'now'>,
  opts: { only?: readonly string[]; limit?: number } = {},
): Promise<DrainReport> {
  const { store, now } = ctx;
  const pending: FileQueueDoc[] = [];
  if (opts.only) {
    for (const fileId of opts.only) {
      const doc = await store.get('fileQueue', fileQueueId(fileId));
      if (doc && doc.status === 'pending') pending.push(doc);
    }
  } else {
    pending.push(
      ...(await store.find(
        'fileQueue',
        { status: 'pending' },
        { orderBy: [['queuedAt', 'asc']], limit: opts.limit ?? DRAIN_LIMIT },
      )),
    );
  }
  if (pending.length === 0) return { deleted: 0, failed: 0 };
  const at = formatInstant(now);
  const results = await fileStore(store).remove(
    pending.map((d) => d.fileId),
    now,
  );
  const byFile = new Map(results.map((r) => [r.fileId, r]));
  const report: DrainReport = { deleted: 0, failed: 0 };
  for (const d of pending) {
    const r = byFile.get(d.fileId);
    if (r?.ok) {
      await store.update(
        'fileQueue',
        d._id,
        { $set: { status: 'done', doneAt: at }, $inc: { attempts: 1 } },
        { status: 'pending' },
      );
      report.deleted++;
    } else {
      const attempts = d.attempts + 1;
      await store.update(
        'fileQueue',
        d._id,
        {
          $set: { status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending', lastError: r?.error ?? 'no answer' },
          $inc: { attempts: 1 },
        },
        { status: 'pending', attempts: d.attempts },
      );
      report.failed++;
    }
  }
  return report;
}
