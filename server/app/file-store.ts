/**
 * Deleting files in cloud storage (`cloud://…`), behind one small seam, as files.ts does for links.
 *
 * - Deployed: wx-server-sdk's `deleteFile({ fileList })` (at most 50 a call). A file that is
 *   already gone counts as deleted.
 * - Locally there is no file service: each deletion is recorded in the `deletedFiles` collection
 *   (like the notice sink's `sentLog`), so tests and demos see what would have been deleted.
 *
 * Which one runs: `TENCENTCLOUD_RUNENV=SCF` is set by the cloud-function runtime and by nothing
 * local. Tests can put their own with `setFileStore`.
 */
import { formatInstant } from '../domain/time';
import { newId } from '../runtime/crypto';
import type { Store } from '../store/port';

export interface FileDeletion {
  fileId: string;
  ok: boolean;
  /** why it failed (the service's code), never the file's content */
  error?: string;
}

export interface FileStore {
  remove(fileIds: readonly string[], now: Date): Promise<FileDeletion[]>;
}

/** The most fileIDs deleteFile takes in one call. */
export const DELETE_BATCH = 50;

interface DeleteFileSdk {
  deleteFile(opts: { fileList: string[] }): Promise<{
    fileList: { fileID: string; status: number; errMsg?: string }[];
  }>;
}

/** Storage answers for a file that is not there: it is as deleted as it will ever be. */
const GONE = /NONEXIST|NOT_?EXIST|NoSuchKey/i;

/** CloudBase storage through wx-server-sdk (deployed only). */
export const cloudFileStore: FileStore = {
  async remove(fileIds) {
    const out: FileDeletion[] = [];
    // required here, not at the top: the local cloud loads the same bundle without the SDK
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('wx-server-sdk') as DeleteFileSdk;
    for (let i = 0; i < fileIds.length; i += DELETE_BATCH) {
      const batch = fileIds.slice(i, i + DELETE_BATCH);
      const { fileList } = await sdk.deleteFile({ fileList: [...batch] });
      const byId = new Map(fileList.map((f) => [f.fileID, f]));
      for (const fileId of batch) {
        const f = byId.get(fileId);
        if (f && (f.status === 0 || GONE.test(f.errMsg ?? ''))) out.push({ fileId, ok: true });
        else
          out.push({
            fileId,
            ok: false,
            error: f ? `status ${f.status}${f.errMsg ? ` ${f.errMsg.slice(0, 80)}` : ''}` : 'no answer',
          });
      }
    }
    return out;
  },
};

/** The local cloud: records what would have been deleted. */
export function localFileStore(store: Store): FileStore {
  return {
    async remove(fileIds, now) {
      const out: FileDeletion[] = [];
      for (const fileId of fileIds) {
        await store.insert('deletedFiles', { _id: newId('del', now), fileId, at: formatInstant(now) });
        out.push({ fileId, ok: true });
      }
      return out;
    },
  };
}

let override: FileStore | null = null;

/** Replaces the file service (tests); null goes back to the one the environment implies. */
export function setFileStore(next: FileStore | null): void {
  override = next;
}

export function fileStore(store: Store): FileStore {
  if (override) return override;
  return process.env.TENCENTCLOUD_RUNENV === 'SCF' ? cloudFileStore : localFileStore(store);
}
