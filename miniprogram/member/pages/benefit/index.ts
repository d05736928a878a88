/**
 * Benefit detail (`?key=&cardId=`): what it is, how it works, notes, who may use it, what
 * remains, when it opens, and one primary action. The texts and steps come from
 * `content.benefits` (the catalog, R1.6); what remains and whether it is open come from the card
 * in `card.mine`. The page decides nothing: a closed benefit's button is disabled because the
 * answer says `open: false`, and wxs/benefit.wxs words which answered fact explains it.
 */
import type { BenefitInfo, BenefitKey, Card, CardBenefit } from '../../../../typings/contract';
import { navigateTo, route, switchTab } from '../../../adapters/nav';
import { setTitle, toast } from '../../../adapters/ui';
import { mine } from '../../../services/card';
import { benefits as benefitTexts } from '../../../services/content';
import { definePage } from '../../../utils/page';

type View = 'loading' | 'error' | 'missing' | 'ready';

interface Action {
  label: string;
  url: string;
}

interface BenefitData {
  view: View;
  key: string;
  cardId: string;
  info: BenefitInfo | null;
  card: Card | null;
  /** the card's entry for this benefit; null when the card's edition lacks it */
  benefit: CardBenefit | null;
  /** van-steps: 提交申请, then the staff steps' labels */
  steps: { text: string }[];
  action: Action | null;
  /** open van-collapse items: the notes start folded */
  notesOpen: string[];
  /** what the member reads when the benefit or the card is not found */
  missing: string;
  error: string;
  _loaded: boolean;
  _seq: number;
}

export const ORDER_FORM_URL = '/member/pages/order-form/index';
export const HOME_URL = '/pages/home/index';

/** The benefits that take no order each lead somewhere of their own. */
const OWN_ACTIONS: Partial<Record<BenefitKey, (cardId: string) => Action>> = {
  butler: (cardId) => ({
    label: '联系健康管家',
    url: route('/member/pages/consult/index', { benefit: 'butler', cardId }),
  }),
  healthRecord: () => ({ label: '查看健康档案', url: '/member/pages/record/index' }),
  knowledge: () => ({ label: '浏览健康知识', url: '/member/pages/knowledge/index' }),
};

function actionFor(info: BenefitInfo, cardId: string): Action | null {
  if (info.orderable) return { label: '立即预约', url: route(ORDER_FORM_URL, { benefit: info.key, cardId }) };
  return OWN_ACTIONS[info.key]?.(cardId) ?? null;
}

const initialData: BenefitData = {
  view: 'loading',
  key: '',
  cardId: '',
  info: null,
  card: null,
  benefit: null,
  steps: [],
  action: null,
  notesOpen: [],
  missing: '',
  error: '',
  _loaded: false,
  _seq: 0,
};

definePage({
  data: initialData,

  reload: {
    read: async () => {
      const [texts, cards] = await Promise.all([benefitTexts(), mine()]);
      return { texts, cards };
    },
    show: ({ texts, cards }, { key, cardId }) => {
      const info = texts.benefits.find((b) => b.key === key) ?? null;
      const card = cards.cards.find((c) => c.cardId === cardId) ?? null;
      if (!info || !card) {
        return { view: 'missing', missing: info ? '没有找到这张太医蓝卡' : '没有找到这项权益', _loaded: true };
      }
      setTitle(info.name);
      return {
        view: 'ready',
        info,
        card,
        benefit: card.benefits.find((b) => b.key === info.key) ?? null,
        steps: [{ text: '提交申请' }, ...info.steps.map((s) => ({ text: s.label }))],
        action: actionFor(info, card.cardId),
        error: '',
        _loaded: true,
      };
    },
    shown: 'ready',
    failed: { _loaded: true },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ key: query['key'] ?? '', cardId: query['cardId'] ?? '' });
      void this.load(false);
    },

    // Back from the order form, what remains may have changed: refresh in place.
    onShow() {
      if (this.data._loaded) void this.load(true);
    },

    onHome() {
      switchTab(HOME_URL);
    },

    onNotes(event: WechatMiniprogram.CustomEvent<string[]>) {
      this.setData({ notesOpen: event.detail });
    },

    onPrimary() {
      const { action, benefit } = this.data;
      // The button is disabled then; a tap that slips through does nothing.
      if (!action || !benefit?.open) return;
      navigateTo(action.url, () => toast('该功能即将开放'));
    },
  },
});
