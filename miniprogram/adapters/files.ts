/**
 * Opening files kept in cloud storage (cloud://…): images in WeChat's viewer, a PDF or another
 * document through a download and wx.openDocument. The only place that calls those APIs.
 */

const IMAGE = /\.(jpe?g|png|gif|webp|heic|bmp)$/i;

/** Resolves false when nothing could be opened (no 云开发 here, a network failure). */
export function previewFiles(fileIds: string[]): Promise<boolean> {
  const images = fileIds.filter((id) => IMAGE.test(id));
  const first = fileIds[0];
  if (first === undefined) return Promise.resolve(false);
  if (images.length > 0) {
    return new Promise((done) => {
      wx.previewImage({ urls: images, current: images[0] ?? '', success: () => done(true), fail: () => done(false) });
    });
  }
  return openDocument(first);
}

function openDocument(fileId: string): Promise<boolean> {
  const cloud: unknown = Reflect.get(wx, 'cloud');
  if (typeof cloud !== 'object' || cloud === null || typeof Reflect.get(cloud, 'downloadFile') !== 'function') {
    return Promise.resolve(false);
  }
  return new Promise((done) => {
    wx.cloud.downloadFile({
      fileID: fileId,
      success: ({ tempFilePath }) => {
        wx.openDocument({ filePath: tempFilePath, showMenu: true, success: () => done(true), fail: () => done(false) });
      },
      fail: () => done(false),
    });
  });
}
