/**
 * A page that hosts components/realname-form (激活, 接受邀请): add
 * `behaviors: [realnameHostBehavior]`, and give the form `id="realname"`,
 * `phone-button="{{ phoneButton }}"`, `disabled="{{ pending }}"` and `bind:consent="onConsent"`.
 *
 * It gives the page WeChat's phone number button where it works (adapters/env.ts), the consent the
 * form reports (the page keeps its submit disabled until it is given), `person()` to read the form,
 * and the submit's flags: `pending` for the button, `_pending` set synchronously on the first tap,
 * so a second tap before the re-render does nothing.
 */
import { canQuickFillPhone } from '../adapters/env';
import type { RealnameForm } from '../components/realname-form/index';
import type { RealName } from '../utils/validate';

export const realnameHostBehavior = Behavior({
  data: { consent: false, pending: false, phoneButton: false, _pending: false },

  lifetimes: {
    attached() {
      this.setData({ phoneButton: canQuickFillPhone() });
    },
  },

  methods: {
    onConsent(event: WechatMiniprogram.CustomEvent<{ consent: boolean }>) {
      this.setData({ consent: event.detail.consent });
    },

    /** The form's value; null while something is missing or wrong (the form then says what). */
    person(): RealName | null {
      const form = this.selectComponent('#realname') as unknown as RealnameForm | null;
      return form ? form.check() : null;
    },
  },
});
