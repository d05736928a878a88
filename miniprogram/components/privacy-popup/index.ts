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

Component({
  options: { styleIsolation: 'apply-shared' },

  data: {
    show: false,
    contractError: '',
    /** WeChat's held calls waiting for the answer (several may ask at once) */
    _waiting: [] as PrivacyResolve[],
  },

  lifetimes: {
    attached() {
      this.listen();
    },
    detached() {
      // Nothing may stay held: a page closed with the popup open is a "no" for now.
      this.answer(false);
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
        this.data._waiting.push(resolve);
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
      const waiting = this.data._waiting.splice(0);
      for (const resolve of waiting) {
        resolve(agreed ? { event: 'agree', buttonId: AGREE_BUTTON_ID } : { event: 'disagree' });
      }
      if (this.data.show) this.setData({ show: false });
    },
  },
});
