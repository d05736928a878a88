/**
 * Choosing and uploading the member's files (order forms: records, an admission slip, checkup
 * reports; the consult page: images): images from the album or the camera (wx.chooseMedia),
 * PDFs from a WeChat chat (wx.chooseMessageFile, the only place a phone keeps them), and the
 * upload to cloud storage (wx.cloud.uploadFile), whose fileID (cloud://…) is what the functions
 * take. The only place that calls those APIs.
 */

export type FileKind = 'image' | 'pdf';

export interface PickedFile {
  /** the temporary path on the phone */
  path: string;
  /** what the member sees: the PDF's own name, or 图片 n */
  name: string;
  size: number;
  kind: FileKind;
}

/** The largest file taken (a phone photo is 2–8 MB; a scanned report PDF rarely over 10 MB). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** What an upload that failed says (the member can tap to try again). */
export const UPLOAD_FAILED = '上传失败，请重试';

/** Outside WeChat (the component tests, the browser preview) there is no cloud storage. */
export const NO_STORAGE = '当前环境无法上传文件，请在微信中打开';

function isCancel(err: { errMsg?: string }): boolean {
  return /cancel/i.test(err.errMsg ?? '');
}

/**
 * Opens the album / camera for up to `count` images. Resolves [] when the member cancels; an
 * image over MAX_FILE_BYTES is left out and counted in `tooLarge`.
 */
export function chooseImages(count: number): Promise<{ files: PickedFile[]; tooLarge: number }> {
  if (count <= 0) return Promise.resolve({ files: [], tooLarge: 0 });
  return new Promise((resolve) => {
    wx.chooseMedia({
      count,
      mediaType: ['image'],
      sourceType: ['album', 'camera'],
      sizeType: ['compressed'],
      success: (res) => {
        // never more than asked for, whatever the picker let through
        const all = res.tempFiles.slice(0, count).map((f, i) => ({
          path: f.tempFilePath,
          name: `图片${i + 1}`,
          size: f.size,
          kind: 'image' as const,
        }));
        const files = all.filter((f) => f.size <= MAX_FILE_BYTES);
        resolve({ files, tooLarge: all.length - files.length });
      },
      fail: (err) => {
        if (!isCancel(err)) console.warn('chooseMedia failed', err.errMsg);
        resolve({ files: [], tooLarge: 0 });
      },
    });
  });
}

/** Opens a WeChat chat's files for up to `count` PDFs (a report the hospital sent as a file). */
export function choosePdfs(count: number): Promise<{ files: PickedFile[]; tooLarge: number }> {
  if (count <= 0) return Promise.resolve({ files: [], tooLarge: 0 });
  return new Promise((resolve) => {
    wx.chooseMessageFile({
      count,
      type: 'file',
      extension: ['pdf'],
      success: (res) => {
        const all = res.tempFiles
          .slice(0, count)
          .map((f) => ({ path: f.path, name: f.name, size: f.size, kind: 'pdf' as const }));
        const files = all.filter((f) => f.size <= MAX_FILE_BYTES);
        resolve({ files, tooLarge: all.length - files.length });
      },
      fail: (err) => {
        if (!isCancel(err)) console.warn('chooseMessageFile failed', err.errMsg);
        resolve({ files: [], tooLarge: 0 });
      },
    });
  });
}

function extensionOf(file: PickedFile): string {
  const found = /\.([A-Za-z0-9]{1,5})$/.exec(file.path) ?? /\.([A-Za-z0-9]{1,5})$/.exec(file.name);
  const ext = found?.[1]?.toLowerCase();
  if (ext) return ext;
  return file.kind === 'pdf' ? 'pdf' : 'jpg';
}

let sequence = 0;

/** `uploads/2026-06-02/k3x9…-1.jpg`: a folder per day, a name no other upload takes. */
function cloudPathOf(folder: string, file: PickedFile, now: number): string {
  sequence += 1;
  const day = new Date(now + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const unique = `${now.toString(36)}${Math.random().toString(36).slice(2, 10)}-${sequence}`;
  return `${folder}/${day}/${unique}.${extensionOf(file)}`;
}

/** Whether cloud storage is there (WeChat with 云开发). */
export function canUpload(): boolean {
  const cloud: unknown = typeof wx === 'undefined' ? undefined : Reflect.get(wx, 'cloud');
  return typeof cloud === 'object' && cloud !== null && typeof Reflect.get(cloud, 'uploadFile') === 'function';
}

/**
 * Uploads one chosen file into `folder` and resolves with its fileID (cloud://…). Rejects with
 * an Error whose message is for the member (UPLOAD_FAILED, NO_STORAGE).
 */
export function uploadFile(file: PickedFile, folder = 'uploads'): Promise<string> {
  if (!canUpload()) return Promise.reject(new Error(NO_STORAGE));
  return new Promise((resolve, reject) => {
    wx.cloud.uploadFile({
      cloudPath: cloudPathOf(folder, file, Date.now()),
      filePath: file.path,
      success: (res) => (res.fileID ? resolve(res.fileID) : reject(new Error(UPLOAD_FAILED))),
      fail: () => reject(new Error(UPLOAD_FAILED)),
    });
  });
}
