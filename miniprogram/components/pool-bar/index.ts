/**
 * One shared pool of a premium card (ui-guide, Home → 家庭共享额度): "门诊绿通 2/8 已用" and a
 * bar of what is used and what is held by orders in progress, as answered. A tap opens the
 * card's ledger, where every change of the pool is listed (R3.5).
 */
import type { CardBenefit } from '../../../typings/contract';
import { navigateTo, route } from '../../adapters/nav';
import { toast } from '../../adapters/ui';

export const LEDGER_PAGE = '/member/pages/ledger/index';

Component({
  properties: {
    /** a shared, counted benefit of the card, as answered */
    benefit: { type: Object, value: null as CardBenefit | null },
    cardId: { type: String, value: '' },
  },

  methods: {
    onTap() {
      navigateTo(route(LEDGER_PAGE, { cardId: this.data.cardId }), () => toast('该页面即将开放'));
    },
  },
});
