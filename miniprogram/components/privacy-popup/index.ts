/**
 * The popup WeChat asks for when something on the page needs the member's agreement to
 * 《用户隐私保护指引》 (adapters/privacy.ts). Put it once on a page that collects personal data:
 *
 *   <privacy-popup bind:agree="…" bind:disagree="…" />
 *
 * It listens from the moment it is attached and again each time its page shows (the listener is
 * WeChat's one-per-app, replaced by whichever page registered last). The agree button is
 * WeChat's own `open-type="agreePrivacyAuthorization"`: WeChat checks that it was tapped before
 * it lets the held call go on.
 */
import { onNeedPrivacyAuthorization, openPrivacyContract, type PrivacyResolve } from '../../adapters/privacy';

/**
 * The agree button's id, which WeChat checks against the tap. The same string is the button's
 * `id` and `button-id` in index.wxml: van-button gives the native button `id || buttonId`.
 */
const AGREE_BUTTON_ID = 'privacy-agree';

/**
 * WeChat's held calls waiting for this popup's answer (several may ask at once), per instance.
 * Kept out of `data`: functions do not belong in what setData copies to the view.
 */
const waitingOf = new WeakMap<object, PrivacyResolve[]>();

function waiting(instance: object): PrivacyResolve[] {
  let list = waitingOf.get(instance);
  if (!list) {
    list = [];
    waitingOf.set(instance, list);
  }
  return list;
}

Component({
  options: { styleIsolation: 'apply-shared' },

  data: {
    show: false,
    contractError: '',
  },

  lifetimes: {
    attached() {
      this.listen();
    },
    detached() {
      // Nothing may stay held: a page closed with the popup open is a "no" for now.
      for (const resolve of waiting(this).splice(0)) resolve({ event: 'disagree' });
    },
  },

  pageLifetimes: {
    show() {
      this.listen();
    },
  },

  methods: {
    listen() {
      onNeedPrivacyAuthorization((resolve) => {
        waiting(this).push(resolve);
        if (!this.data.show) {
          this.setData({ show: true, contractError: '' });
          resolve({ event: 'exposureAuthorization' });
        }
      });
    },

    onOpenContract() {
      void openPrivacyContract().then((opened) => {
        if (!opened) this.setData({ contractError: '指引暂时打不开，请稍后再试' });
      });
    },

    /** WeChat has recorded the tap on the agree button. */
    onAgree() {
      this.answer(true);
      this.triggerEvent('agree');
    },

    onDisagree() {
      this.answer(false);
      this.triggerEvent('disagree');
    },

    answer(agreed: boolean) {
      for (const resolve of waiting(this).splice(0)) {
        resolve(agreed ? { event: 'agree', buttonId: AGREE_BUTTON_ID } : { event: 'disagree' });
      }
      if (this.data.show) this.setData({ show: false });
    },
  },
});
