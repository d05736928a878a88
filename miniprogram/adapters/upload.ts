/**
 * Choosing and uploading the member's files (order forms: records, an admission slip, checkup
 * reports; the consult page: images): images from the album or the camera (wx.chooseMedia),
 * PDFs from a WeChat chat (wx.chooseMessageFile, the only place a phone keeps them), and the
 * upload to cloud storage (wx.cloud.uploadFile), whose fileID (cloud://…) is what the functions
 * take. The only place that calls those APIs.
 *
 * Every file goes under the uploader's own folder, which the functions answer (`card.mine`,
 * `staff.me`: `uploadDir`, read through services `uploadDir()`): they take only file ids under the
 * caller's folder (issue 10), so a file put anywhere else could not be sent.
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

/** What the files are for: a folder each inside the uploader's own folder. */
export type UploadKind = 'orders' | 'consult' | 'butler' | 'results';

let sequence = 0;

/**
 * `<dir>/orders/2026-06-02/k3x9…-1.jpg`: the uploader's folder, what the file is for, a folder per
 * day, a name no other upload takes.
 */
function cloudPathOf(dir: string, kind: UploadKind, file: PickedFile, now: number): string {
  sequence += 1;
  const day = new Date(now + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const unique = `${now.toString(36)}${Math.random().toString(36).slice(2, 10)}-${sequence}`;
  return `${dir}/${kind}/${day}/${unique}.${extensionOf(file)}`;
}

/** A folder as the functions answer it: `u/<letters>`, never empty, never climbing out. */
const DIR = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

/** Whether cloud storage is there (WeChat with 云开发). */
export function canUpload(): boolean {
  const cloud: unknown = typeof wx === 'undefined' ? undefined : Reflect.get(wx, 'cloud');
  return typeof cloud === 'object' && cloud !== null && typeof Reflect.get(cloud, 'uploadFile') === 'function';
}

/**
 * Uploads one chosen file into the caller's own folder, under `kind`, and resolves with its fileID
 * (cloud://…). `folder` reads the folder (services `uploadDir`: card's for members, staff's for the
 * workbench), asked only when there is storage to upload to. Rejects with an Error whose message is
 * for the member (NO_STORAGE, the service's own when the folder cannot be read, UPLOAD_FAILED).
 */
export async function uploadFile(file: PickedFile, folder: () => Promise<string>, kind: UploadKind): Promise<string> {
  if (!canUpload()) throw new Error(NO_STORAGE);
  const dir = await folder();
  // an answer without a folder would put the file where no function takes it
  if (typeof dir !== 'string' || !DIR.test(dir)) throw new Error(UPLOAD_FAILED);
  return new Promise((resolve, reject) => {
    wx.cloud.uploadFile({
      cloudPath: cloudPathOf(dir, kind, file, Date.now()),
      filePath: file.path,
      success: (res) => (res.fileID ? resolve(res.fileID) : reject(new Error(UPLOAD_FAILED))),
      fail: () => reject(new Error(UPLOAD_FAILED)),
    });
  });
}
