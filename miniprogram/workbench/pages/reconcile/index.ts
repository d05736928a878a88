/**
 * 额度对账 (admins, R3.5): every pool (or one card's) recomputed from its ledger
 * (`admin.reconcile`), and where a stored counter differs from what the ledger says. Run on
 * opening and again on demand.
 */
import type { BenefitInfo, PoolMismatch } from '../../../../typings/contract';
import { stopPullDownRefresh } from '../../../adapters/ui';
import { reconcile } from '../../../services/admin';
import { benefits as benefitTexts } from '../../../services/content';
import { textOf } from '../../../utils/events';
import { definePage } from '../../../utils/page';
import { loadOnAttach } from '../../../utils/reload';

type View = 'loading' | 'error' | 'ready';

interface ReconcileData {
  view: View;
  error: string;
  cardId: string;
  /** the card the shown report is about, '' for every pool */
  scope: string;
  pools: number;
  mismatches: PoolMismatch[];
  /** names of the benefits (content.benefits), for the mismatches */
  benefits: Pick<BenefitInfo, 'key' | 'name'>[];
  ranAt: number;
  _seq: number;
}

const initialData: ReconcileData = {
  view: 'loading',
  error: '',
  cardId: '',
  scope: '',
  pools: 0,
  mismatches: [],
  benefits: [],
  ranAt: 0,
  _seq: 0,
};

definePage({
  data: initialData,

  lifetimes: loadOnAttach,

  reload: {
    read: async ({ cardId, benefits }) => {
      const [report, names] = await Promise.all([
        reconcile(cardId ? { cardId } : {}),
        benefits.length > 0
          ? Promise.resolve(benefits)
          : benefitTexts().then(
              (r) => r.benefits.map((b) => ({ key: b.key, name: b.name })),
              () => [],
            ),
      ]);
      return { cardId, report, names };
    },
    show: ({ cardId, report, names }) => ({
      view: 'ready',
      scope: cardId,
      pools: report.pools,
      mismatches: report.mismatches,
      benefits: names,
      ranAt: Date.now(),
      error: '',
    }),
    shown: 'ready',
  },

  methods: {
    // A run asked for shows as one: pull-down runs with the skeleton too, like 开始对账.
    onPullDownRefresh() {
      void this.load(false).then(stopPullDownRefresh);
    },

    onCardId(event: WechatMiniprogram.CustomEvent) {
      this.setData({ cardId: textOf(event.detail).trim() });
    },
  },
});
