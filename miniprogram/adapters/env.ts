/**
 * Where the app is running, for the few things that exist only deployed.
 *
 * `wx.cloud` is there only in WeChat (phone or DevTools) with 云开发; the component tests, and
 * a browser preview over the local cloud, have none.
 */

/** Running in WeChat against the deployed cloud functions. */
export function isDeployed(): boolean {
  const cloud: unknown = typeof wx === 'undefined' ? undefined : Reflect.get(wx, 'cloud');
  return typeof cloud === 'object' && cloud !== null && typeof Reflect.get(cloud, 'callFunction') === 'function';
}

/**
 * `<button open-type="getPhoneNumber">` fills the mobile field with the number WeChat holds: the
 * button hands the page a one-time code, and a cloud function trades it for the number
 * (phonenumber.getPhoneNumber, server-side only). That function is not built yet, so this stays
 * false and the member types the number; when the function ships, set it to true and the
 * realname form shows the button wherever `isDeployed()` is true. Also needs the mini-program to
 * be a verified (认证) non-personal account, and costs per successful call.
 */
export const PHONE_NUMBER_FUNCTION = false;

/** Whether the forms offer WeChat's phone number button next to the typed field. */
export function canQuickFillPhone(): boolean {
  return PHONE_NUMBER_FUNCTION && isDeployed();
}
