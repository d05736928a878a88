import { CLOUD_ENV } from './config';

App({
  onLaunch() {
    // Init once, before any page calls a function. traceUser records the visitor in the
    // CloudBase console's user list, which is how support finds a member's openid.
    wx.cloud.init(CLOUD_ENV ? { env: CLOUD_ENV, traceUser: true } : { traceUser: true });
  },
});
