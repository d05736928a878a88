/**
 * Handing a CSV file to someone from the phone: written to the mini-program's user data folder
 * (wx.getFileSystemManager) and shared into a WeChat chat (wx.shareFileMessage), from where it
 * can be saved or opened on a computer. The only place that calls those APIs.
 */

export type ShareResult = 'shared' | 'cancelled' | 'failed';

/** UTF-8 with a byte-order mark, so that Excel opens the Chinese headers as Chinese. */
const BOM = '\ufeff';

/** A file name without characters a phone or Windows refuses. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '');
  return cleaned === '' ? 'export.csv' : cleaned;
}

function userDataPath(): string | null {
  const env: unknown = typeof wx === 'undefined' ? undefined : Reflect.get(wx, 'env');
  const path: unknown = typeof env === 'object' && env !== null ? Reflect.get(env, 'USER_DATA_PATH') : undefined;
  return typeof path === 'string' && path !== '' ? path : null;
}

/** Writes `text` as `fileName` and opens WeChat's share sheet for it. */
export function shareCsv(fileName: string, text: string): Promise<ShareResult> {
  const folder = userDataPath();
  if (folder === null || typeof wx.getFileSystemManager !== 'function') return Promise.resolve('failed');
  const name = safeFileName(fileName);
  const filePath = `${folder}/${name}`;
  return new Promise((resolve) => {
    wx.getFileSystemManager().writeFile({
      filePath,
      data: BOM + text,
      encoding: 'utf8',
      success: () => {
        wx.shareFileMessage({
          filePath,
          fileName: name,
          success: () => resolve('shared'),
          fail: (err) => resolve(/cancel/i.test(err.errMsg) ? 'cancelled' : 'failed'),
        });
      },
      fail: () => resolve('failed'),
    });
  });
}
