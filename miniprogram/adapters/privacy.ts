/**
 * WeChat's privacy agreement (《用户隐私保护指引》, 基础库 2.32.3+), behind small functions.
 *
 * When a page touches something the guide covers (the phone number button, the scanner…) or
 * calls requirePrivacyAuthorize() before it has the member's agreement, WeChat holds the call
 * and fires the onNeedPrivacyAuthorization listener; the app shows its own popup
 * (components/privacy-popup) and answers through `resolve`: agree (only after the member tapped
 * the `<button open-type="agreePrivacyAuthorization">` whose id is `buttonId`) or disagree.
 *
 * The installed typings describe the listener's argument wrongly (a result object, not the
 * resolve function), and older base libraries lack the APIs: both are handled here, once.
 */

export type PrivacyAnswer =
  { event: 'agree'; buttonId: string } | { event: 'disagree' } | { event: 'exposureAuthorization' };

export type PrivacyResolve = (answer: PrivacyAnswer) => void;

/** `referrer`: which API or component asked, e.g. "button.getPhoneNumber", "requirePrivacyAuthorize". */
export type NeedPrivacyListener = (resolve: PrivacyResolve, referrer: string) => void;

type WxFunction = (...args: unknown[]) => unknown;

function wxApi(name: string): WxFunction | null {
  const found: unknown = typeof wx === 'undefined' ? undefined : Reflect.get(wx, name);
  return typeof found === 'function' ? (found as WxFunction) : null;
}

/**
 * Listens for WeChat's "agreement needed". Registration replaces the previous listener (WeChat's
 * rule), so a page registers again when it shows. False when the base library has no privacy
 * API: nothing will ever be held, and there is nothing to agree to here.
 */
export function onNeedPrivacyAuthorization(listener: NeedPrivacyListener): boolean {
  const register = wxApi('onNeedPrivacyAuthorization');
  if (!register) return false;
  register.call(wx, (resolve: unknown, info: unknown) => {
    const referrer: unknown = typeof info === 'object' && info !== null ? Reflect.get(info, 'referrer') : undefined;
    listener(resolve as PrivacyResolve, typeof referrer === 'string' ? referrer : '');
  });
  return true;
}

/** Opens 《用户隐私保护指引》 as filed in the MP console. False when it could not be opened. */
export function openPrivacyContract(): Promise<boolean> {
  const open = wxApi('openPrivacyContract');
  if (!open) return Promise.resolve(false);
  return new Promise((done) => {
    open.call(wx, { success: () => done(true), fail: () => done(false) });
  });
}

/**
 * Makes sure the member has agreed before going on: resolves true at once when they already
 * have (or the base library has no privacy API), else WeChat fires the listener and this resolves
 * with their answer.
 */
export function requirePrivacyAuthorize(): Promise<boolean> {
  const ask = wxApi('requirePrivacyAuthorize');
  if (!ask) return Promise.resolve(true);
  return new Promise((done) => {
    ask.call(wx, { success: () => done(true), fail: () => done(false) });
  });
}
