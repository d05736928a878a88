/**
 * The benefit grid (ui-guide, Home): one tile per benefit of the card, a vant icon, the
 * handbook's name and a small badge with what remains (剩6次 · 不限 · 未开通 · 已用完, and
 * 仅限持卡人 for a family member on a holder-only benefit). Four columns, three in 大字模式
 * (the page root's `elder` class sets --bc-grid-columns). A tap opens the benefit's detail.
 */
import type { CardBenefit } from '../../../typings/contract';
import { navigateTo, route } from '../../adapters/nav';
import { toast } from '../../adapters/ui';

export const BENEFIT_PAGE = '/member/pages/benefit/index';

Component({
  properties: {
    /** the card's `benefits`, as answered */
    benefits: { type: Array, value: [] as CardBenefit[] },
    cardId: { type: String, value: '' },
    /** the caller's role on the card: a family member reads 仅限持卡人 on holder-only benefits */
    role: { type: String, value: 'holder' },
  },

  methods: {
    onTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { key?: string }>) {
      const key = event.currentTarget.dataset.key;
      if (!key) return;
      navigateTo(route(BENEFIT_PAGE, { key, cardId: this.data.cardId }), () => toast('该页面即将开放'));
    },
  },
});
