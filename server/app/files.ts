/**
 * Temporary download links for files in cloud storage (`cloud://…`), behind one small seam.
 *
 * - Deployed: wx-server-sdk's `getTempFileURL` (links valid for `maxAge` seconds). The SDK is
 *   external to the bundle, so `require` returns the very instance the host initialised
 *   (runtime/deployed.ts calls `init` before any action runs).
 * - Locally there is no file service (the local cloud stores no files): the fileIDs are answered
 *   as they are, with a note that says so, and the workbench shows them as text.
 *
 * Which one runs: `TENCENTCLOUD_RUNENV=SCF` is set by the cloud-function runtime (SCF, under
 * CloudBase) and by nothing local. Tests can put their own with `setFileLinks`.
 */

export interface FileLinks {
  /** Why the links are not real download links, or null when they are. */
  readonly note: string | null;
  /** One URL per fileID, in order; null where none could be made (deleted file, no access). */
  links(fileIds: readonly string[], maxAgeSeconds: number): Promise<(string | null)[]>;
}

export const LOCAL_FILES_NOTE = '本地环境没有文件服务：显示的是文件编号，部署后为临时下载链接';

/** The local cloud: no storage, so each fileID stands for itself. */
export const localFileLinks: FileLinks = {
  note: LOCAL_FILES_NOTE,
  links: (fileIds) => Promise.resolve(fileIds.map((id) => id)),
};

interface TempFileSdk {
  getTempFileURL(opts: { fileList: { fileID: string; maxAge: number }[] }): Promise<{
    fileList: { fileID: string; tempFileURL?: string; status?: number }[];
  }>;
}

/** CloudBase storage through wx-server-sdk (deployed only). */
export const cloudFileLinks: FileLinks = {
  note: null,
  async links(fileIds, maxAgeSeconds) {
    if (fileIds.length === 0) return [];
    // required here, not at the top: the local cloud loads the same bundle without using the SDK
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('wx-server-sdk') as TempFileSdk;
    const { fileList } = await sdk.getTempFileURL({
      fileList: fileIds.map((fileID) => ({ fileID, maxAge: maxAgeSeconds })),
    });
    const byId = new Map(fileList.map((f) => [f.fileID, f.status === 0 && f.tempFileURL ? f.tempFileURL : null]));
    return fileIds.map((id) => byId.get(id) ?? null);
  },
};

let override: FileLinks | null = null;

/** Replaces the file service (tests); null goes back to the one the environment implies. */
export function setFileLinks(next: FileLinks | null): void {
  override = next;
}

export function fileLinks(): FileLinks {
  if (override) return override;
  return process.env.TENCENTCLOUD_RUNENV === 'SCF' ? cloudFileLinks : localFileLinks;
}
