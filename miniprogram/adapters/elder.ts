/**
 * 大字模式 (elder mode): one flag kept on the phone, per WeChat user (storage is per user and
 * per mini-program). Read synchronously, so a page can put the `elder` class on its root in
 * its first render instead of jumping from small to large type after an async read.
 *
 * Pages get it through behaviors/elder.ts; only 我的 changes it.
 */

const KEY = 'bluecard.elderMode';

/** Whether the member chose 大字模式. A storage failure reads as off: the app stays usable. */
export function isElderMode(): boolean {
  try {
    return wx.getStorageSync(KEY) === true;
  } catch {
    return false;
  }
}

/** Turns 大字模式 on or off; pages shown afterwards (and those coming back) follow it. */
export function setElderMode(on: boolean): void {
  try {
    wx.setStorageSync(KEY, on);
  } catch {
    // A full or broken storage: the switch still applies to the page that changed it.
  }
}
