/**
 * The real-name form (R2.3) shared by 激活 and 接受邀请: name, ID number, mobile, and the
 * explicit consent to process personal and health information (《个人信息与健康信息处理授权》).
 *
 * Each field says what is wrong right under it (utils/validate.ts), once the member has left it
 * or tried to submit; the function checks again, and a field error it answers is shown in the
 * same place through `serverErrors`. The page owns the submit button:
 *
 *   const form = this.selectComponent('#realname') as unknown as RealnameForm;
 *   const value = form.check(); // null: the form now shows what is missing
 *
 * Events: `consent` { consent } whenever the box changes (the page keeps submit disabled until
 * it is ticked); `phonecode` { code } from WeChat's phone number button, shown only where
 * `phoneButton` is set (adapters/env.ts canQuickFillPhone()).
 */
import { textOf } from '../../utils/events';
import {
  checkIdNumber,
  checkName,
  checkPhone,
  normalizeRealName,
  type RealName,
  type RealNameErrors,
} from '../../utils/validate';

export interface RealnameForm {
  /** Shows every message; the normalized value when all is well and consent is given, else null. */
  check(): RealName | null;
}

type Field = keyof RealName;

const CHECKS: Record<Field, (s: string) => string> = { name: checkName, idNumber: checkIdNumber, phone: checkPhone };

const CONSENT_MISSING = '请先阅读并同意《个人信息与健康信息处理授权》';

const noErrors = (): RealNameErrors => ({ name: '', idNumber: '', phone: '' });

interface FormData {
  value: RealName;
  errors: RealNameErrors;
  /** fields the member has left once: from then on their message follows each keystroke */
  touched: Record<Field, boolean>;
  consent: boolean;
  consentError: string;
  showConsent: boolean;
}

// Each instance gets its own copy of `data`; this object is only the starting shape.
const initialData: FormData = {
  value: { name: '', idNumber: '', phone: '' },
  errors: noErrors(),
  touched: { name: false, idNumber: false, phone: false },
  consent: false,
  consentError: '',
  showConsent: false,
};

function isField(value: unknown): value is Field {
  return value === 'name' || value === 'idNumber' || value === 'phone';
}

Component({
  options: { styleIsolation: 'apply-shared' },

  properties: {
    /** while the page's request is under way */
    disabled: { type: Boolean, value: false },
    /** offer WeChat's phone number button (only where it works: adapters/env.ts) */
    phoneButton: { type: Boolean, value: false },
    /** messages the function answered for a field, shown under it until the member edits it */
    serverErrors: { type: Object, value: {} },
  },

  data: initialData,

  observers: {
    serverErrors(errors: Partial<RealNameErrors> | null) {
      if (!errors) return;
      const next = { ...this.data.errors };
      for (const field of ['name', 'idNumber', 'phone'] as const) {
        const message = errors[field];
        if (message) next[field] = message;
      }
      this.setData({ errors: next });
    },
  },

  methods: {
    onInput(event: WechatMiniprogram.CustomEvent) {
      const field: unknown = event.currentTarget.dataset['field'];
      if (!isField(field)) return;
      const text = textOf(event.detail);
      this.setData({
        [`value.${field}`]: text,
        // A field's message follows the typing once it has been shown; before, typing is quiet.
        [`errors.${field}`]: this.data.touched[field] ? CHECKS[field](text) : '',
      });
    },

    onBlur(event: WechatMiniprogram.CustomEvent) {
      const field: unknown = event.currentTarget.dataset['field'];
      if (!isField(field)) return;
      const text = this.data.value[field];
      // Leaving an empty field untouched says nothing yet; the submit will.
      if (text === '' && !this.data.touched[field]) return;
      this.setData({ [`touched.${field}`]: true, [`errors.${field}`]: CHECKS[field](text) });
    },

    onConsentChange(event: WechatMiniprogram.CustomEvent) {
      const checked: unknown = event.detail;
      this.setConsent(checked === true);
    },

    onOpenConsent() {
      this.setData({ showConsent: true });
    },

    onCloseConsent() {
      this.setData({ showConsent: false });
    },

    onAgreeConsent() {
      this.setData({ showConsent: false });
      this.setConsent(true);
    },

    setConsent(consent: boolean) {
      this.setData({ consent, consentError: '' });
      this.triggerEvent('consent', { consent });
    },

    onGetPhoneNumber(event: WechatMiniprogram.CustomEvent) {
      const code: unknown =
        typeof event.detail === 'object' && event.detail !== null ? Reflect.get(event.detail, 'code') : undefined;
      // No code: the member declined, or the account may not use the button; typing still works.
      if (typeof code === 'string' && code !== '') this.triggerEvent('phonecode', { code });
    },

    check(): RealName | null {
      const { value, consent } = this.data;
      const errors: RealNameErrors = {
        name: CHECKS.name(value.name),
        idNumber: CHECKS.idNumber(value.idNumber),
        phone: CHECKS.phone(value.phone),
      };
      this.setData({
        errors,
        touched: { name: true, idNumber: true, phone: true },
        consentError: consent ? '' : CONSENT_MISSING,
      });
      if (errors.name || errors.idNumber || errors.phone || !consent) return null;
      return normalizeRealName(value);
    },
  },
});
