/**
 * Settings a developer changes to run the mini-program against their own CloudBase.
 *
 * CLOUD_ENV: the environment id shown in DevTools → 云开发 → 设置 (e.g. "bluecard-1g2h3j4k5l").
 * Left empty, wx.cloud falls back to the appid's default environment, which is what you want
 * when the appid has a single environment; set it as soon as there are several (test / prod),
 * otherwise calls silently land in whichever one is the default.
 */
export const CLOUD_ENV: string = '';
