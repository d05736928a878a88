/**
 * 激活: the card number (typed in groups of four, or scanned) and the activation code, the
 * holder's real name (components/realname-form, with its consent), then `card.activate`. The
 * answer is the card, shown as it came: 等待期 and the day it opens (R2.4) come from
 * `waitingUntil`, formatted in wxs. The function's refusals are shown where they belong: a
 * wrong number or code under the code, a closed window or an activated card under the number,
 * an ID number already on a card under the ID number, the rest above the button.
 *
 * Right before `card.activate`, in the tap, WeChat is asked for the card's subscription messages
 * (waiting period over, card expiring: R5.2), template ids from `notify.settings`.
 *
 * Opened from the home page's 激活 (or a link with `?cardNo=`).
 */
import type { Card, ErrorCode, SubscribeTemplateName } from '../../../typings/contract';
import { navigateTo, route, switchTab } from '../../adapters/nav';
import { requirePrivacyAuthorize } from '../../adapters/privacy';
import { scanCode } from '../../adapters/scan';
import { requestFor } from '../../adapters/subscribe';
import { realnameHostBehavior } from '../../behaviors/realname-host';
import { messageOf, ServiceError } from '../../services/call';
import { activate } from '../../services/card';
import { prefetchSettings } from '../../services/notify';
import { textOf } from '../../utils/events';
import { definePage } from '../../utils/page';
import { queryParam } from '../../utils/query';
import {
  cardNoDigits,
  cardNoFromScan,
  checkCardNo,
  checkCode,
  groupCardNo,
  normalizeCode,
  type RealNameErrors,
} from '../../utils/validate';

type View = 'form' | 'success';

export const HOME_URL = '/pages/home/index';
export const FAMILY_URL = '/member/pages/family/index';

export const PRIVACY_REFUSED = '需要您同意《用户隐私保护指引》后才能激活';

/** The subscription messages an activated card earns (R5.2): benefits open, the card about to expire. */
const ACTIVATION_NOTICES: readonly SubscribeTemplateName[] = ['waitingOver', 'cardExpiring'];

/** Where each refusal of `card.activate` is shown; the rest go above the button. */
const PLACE: Partial<Record<ErrorCode, 'cardNo' | 'code' | 'idNumber'>> = {
  NOT_FOUND: 'code',
  ALREADY_ACTIVATED: 'cardNo',
  ACTIVATION_WINDOW_CLOSED: 'cardNo',
  NOT_ELIGIBLE: 'idNumber',
};

interface ActivateData {
  view: View;
  cardNo: string;
  code: string;
  cardNoError: string;
  codeError: string;
  /** a refusal that belongs to no field (RATE_LIMITED, the network…), above the button */
  formError: string;
  /** refusals of the function for the realname form's fields */
  realnameErrors: Partial<RealNameErrors>;
  card: Card | null;
  _cardNoTouched: boolean;
  _codeTouched: boolean;
}

// Each page instance gets its own copy of `data`; this object is only the starting shape.
const initialData: ActivateData = {
  view: 'form',
  cardNo: '',
  code: '',
  cardNoError: '',
  codeError: '',
  formError: '',
  realnameErrors: {},
  card: null,
  _cardNoTouched: false,
  _codeTouched: false,
};

definePage({
  behaviors: [realnameHostBehavior],

  data: initialData,

  lifetimes: {
    attached() {
      // the subscription templates' ids, at hand when the member taps 激活 (R5.2)
      prefetchSettings();
    },
  },

  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      const cardNo = queryParam(query, 'cardNo');
      if (cardNo) this.setData({ cardNo: groupCardNo(cardNo) });
      // The member reads 《用户隐私保护指引》 before typing an ID number: WeChat shows our popup
      // now when they have not agreed yet (and answers at once when they have).
      void requirePrivacyAuthorize();
    },

    onCardNoInput(event: WechatMiniprogram.CustomEvent) {
      const cardNo = groupCardNo(textOf(event.detail));
      this.setData({
        cardNo,
        cardNoError: this.data._cardNoTouched ? checkCardNo(cardNo) : '',
        formError: '',
      });
    },

    onCardNoBlur() {
      if (this.data.cardNo === '' && !this.data._cardNoTouched) return;
      this.setData({ _cardNoTouched: true, cardNoError: checkCardNo(this.data.cardNo) });
    },

    onCodeInput(event: WechatMiniprogram.CustomEvent) {
      const code = normalizeCode(textOf(event.detail));
      this.setData({ code, codeError: this.data._codeTouched ? checkCode(code) : '', formError: '' });
    },

    onCodeBlur() {
      if (this.data.code === '' && !this.data._codeTouched) return;
      this.setData({ _codeTouched: true, codeError: checkCode(this.data.code) });
    },

    async onScan() {
      if (this.data._pending) return;
      const result = await scanCode();
      if (!result.ok) {
        if (!result.cancelled) this.setData({ cardNoError: '暂时无法扫码，请手动输入卡号' });
        return;
      }
      const found = cardNoFromScan(result.text);
      if (found === '') {
        this.setData({ cardNoError: '这个码里没有卡号，请手动输入' });
        return;
      }
      this.setData({ cardNo: groupCardNo(found), _cardNoTouched: true, cardNoError: checkCardNo(found) });
    },

    async onSubmit() {
      if (this.data._pending) return;
      const cardNoError = checkCardNo(this.data.cardNo);
      const codeError = checkCode(this.data.code);
      const person = this.person();
      this.setData({ cardNoError, codeError, formError: '', _cardNoTouched: true, _codeTouched: true });
      if (cardNoError || codeError || !person) return;

      this.setData({ _pending: true, pending: true });
      // R5.2: the card's own notices, asked for in the tap (WeChat opens its panel only then);
      // whatever the member answers, the activation goes on
      const asked = requestFor(ACTIVATION_NOTICES);
      try {
        await asked;
        if (!(await requirePrivacyAuthorize())) {
          this.setData({ formError: PRIVACY_REFUSED });
          return;
        }
        const { card } = await activate({
          cardNo: cardNoDigits(this.data.cardNo),
          code: normalizeCode(this.data.code),
          ...person,
        });
        this.setData({ view: 'success', card });
      } catch (err) {
        this.showRefusal(err);
      } finally {
        this.setData({ _pending: false, pending: false });
      }
    },

    showRefusal(err: unknown) {
      const message = messageOf(err);
      const place = err instanceof ServiceError ? PLACE[err.code] : undefined;
      if (place === 'cardNo') this.setData({ cardNoError: message });
      else if (place === 'code') this.setData({ codeError: message });
      else if (place === 'idNumber') this.setData({ realnameErrors: { idNumber: message } });
      else this.setData({ formError: message });
    },

    onHome() {
      switchTab(HOME_URL);
    },

    onFamily() {
      const card = this.data.card;
      if (card) navigateTo(route(FAMILY_URL, { cardId: card.cardId }));
    },
  },
});
