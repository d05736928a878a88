/**
 * Saving the member's data export (privacy.export) as a file on the phone: written to the
 * mini-program's user data folder (wx.getFileSystemManager) and handed to WeChat's 发送给朋友
 * sheet (wx.shareFileMessage), from where the member sends it to 文件传输助手 or a chat and saves
 * it. The only place that calls those APIs for the export.
 *
 * The file is written synchronously so that the share sheet opens inside the member's tap, as
 * WeChat requires. wx.openDocument is no way out here: it opens doc/xls/ppt/pdf only, not JSON.
 */

/** shared: the sheet was sent; cancelled: the member closed it; unsupported: this WeChat cannot send files. */
export type SaveResult = 'shared' | 'cancelled' | 'unsupported' | 'failed';

function userDataPath(): string | null {
  const env: unknown = typeof wx === 'undefined' ? undefined : Reflect.get(wx, 'env');
  const path: unknown = typeof env === 'object' && env !== null ? Reflect.get(env, 'USER_DATA_PATH') : undefined;
  return typeof path === 'string' && path !== '' ? path : null;
}

function has(name: string): boolean {
  return typeof wx !== 'undefined' && typeof Reflect.get(wx, name) === 'function';
}

/** A file name without characters a phone or Windows refuses. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned === '' ? 'export.json' : cleaned;
}

/** Writes `text` (UTF-8) as `fileName` and opens WeChat's sheet to send it. Call it from a tap. */
export function saveExportFile(fileName: string, text: string): Promise<SaveResult> {
  const folder = userDataPath();
  if (folder === null || !has('getFileSystemManager') || !has('shareFileMessage')) {
    return Promise.resolve('unsupported');
  }
  const name = safeFileName(fileName);
  const filePath = `${folder}/${name}`;
  try {
    wx.getFileSystemManager().writeFileSync(filePath, text, 'utf8');
  } catch {
    return Promise.resolve('failed');
  }
  return new Promise((resolve) => {
    wx.shareFileMessage({
      filePath,
      fileName: name,
      success: () => resolve('shared'),
      fail: (err) => resolve(/cancel/i.test(err.errMsg) ? 'cancelled' : 'failed'),
    });
  });
}
