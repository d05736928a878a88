/**
 * Opening an order's file on the workbench from the temporary link `staff.fileUrls` answered:
 * images in WeChat's viewer, a PDF (or another document) downloaded and opened with
 * wx.openDocument. A `cloud://` link (the local cloud has no file service and answers the fileID
 * itself) goes through adapters/files.ts, which reads cloud storage when 云开发 is there.
 */
import { previewFiles } from './files';

const IMAGE = /\.(jpe?g|png|gif|webp|heic|bmp)(\?|$)/i;

/** Resolves false when the file could not be opened (expired link, no network, no viewer). */
export function openFileLink(url: string, fileId: string): Promise<boolean> {
  if (!/^https?:\/\//i.test(url)) return previewFiles([fileId]).catch(() => false);
  if (IMAGE.test(url) || IMAGE.test(fileId)) {
    return new Promise((done) => {
      wx.previewImage({ urls: [url], current: url, success: () => done(true), fail: () => done(false) });
    });
  }
  return new Promise((done) => {
    wx.downloadFile({
      url,
      success: ({ tempFilePath, statusCode }) => {
        if (statusCode !== 200) {
          done(false);
          return;
        }
        wx.openDocument({ filePath: tempFilePath, showMenu: true, success: () => done(true), fail: () => done(false) });
      },
      fail: () => done(false),
    });
  });
}
