/**
 * 额度对账 (admins, R3.5): every pool (or one card's) recomputed from its ledger
 * (`admin.reconcile`), and where a stored counter differs from what the ledger says. Run on
 * opening and again on demand.
 */
import type { BenefitInfo, PoolMismatch } from '../../../../typings/contract';
import { stopPullDownRefresh } from '../../../adapters/ui';
import { elderBehavior } from '../../../behaviors/elder';
import { reconcile } from '../../../services/admin';
import { messageOf } from '../../../services/call';
import { benefits as benefitTexts } from '../../../services/content';
import { textOf } from '../../lib/events';

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

Component({
  options: { pureDataPattern: /^_/ },

  behaviors: [elderBehavior],

  data: initialData,

  lifetimes: {
    attached() {
      void this.run();
    },
  },

  methods: {
    onPullDownRefresh() {
      void this.run().then(stopPullDownRefresh);
    },

    onRetry() {
      void this.run();
    },

    onCardId(event: WechatMiniprogram.CustomEvent) {
      this.setData({ cardId: textOf(event.detail).trim() });
    },

    async run(): Promise<void> {
      const seq = this.data._seq + 1;
      const cardId = this.data.cardId;
      this.setData({ _seq: seq, view: 'loading' });
      try {
        const [report, names] = await Promise.all([
          reconcile(cardId ? { cardId } : {}),
          this.data.benefits.length > 0
            ? Promise.resolve(this.data.benefits)
            : benefitTexts().then(
                (r) => r.benefits.map((b) => ({ key: b.key, name: b.name })),
                () => [],
              ),
        ]);
        if (seq !== this.data._seq) return;
        this.setData({
          view: 'ready',
          scope: cardId,
          pools: report.pools,
          mismatches: report.mismatches,
          benefits: names,
          ranAt: Date.now(),
          error: '',
        });
      } catch (err) {
        if (seq !== this.data._seq) return;
        this.setData({ view: 'error', error: messageOf(err) });
      }
    },
  },
});
