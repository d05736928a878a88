/**
 * 共享额度使用记录 (R3.5): every change of the card's pools, newest first, a page at a time
 * (`card.ledger` with its `nextCursor`; the next page loads on reaching the bottom). Rows are
 * grouped by day and worded in wxs/family.wxs: 预约占用 / 已使用 / 已退回 / 重新占用, the
 * served person's masked name, who made the change, and when.
 *
 * `?cardId=` (default: the caller's first card), `&benefit=` to open on one benefit's chip. Benefit names and the filter chips come from the
 * card as `card.mine` answers it (the ledger rows carry only the benefit's key). The contract's
 * ledger has no benefit filter, so a chip filters the rows loaded so far; reaching the bottom
 * still loads further pages.
 */
import type { BenefitKey, Card, LedgerRow } from '../../../../typings/contract';
import { switchTab } from '../../../adapters/nav';
import { stopPullDownRefresh, toast } from '../../../adapters/ui';
import { elderBehavior } from '../../../behaviors/elder';
import { messageOf } from '../../../services/call';
import { ledger, mine } from '../../../services/card';
import { queryParam } from '../../../utils/query';

type View = 'loading' | 'error' | 'rows';
type More = 'idle' | 'loading' | 'error';

export const HOME_URL = '/pages/home/index';

interface Chip {
  key: BenefitKey | '';
  name: string;
}

function chipsOf(card: Card | null): Chip[] {
  const counted = (card?.benefits ?? []).filter((b) => b.total !== null);
  return [{ key: '', name: '全部' }, ...counted.map((b) => ({ key: b.key, name: b.name }))];
}

function shownOf(rows: LedgerRow[], filter: BenefitKey | ''): LedgerRow[] {
  return filter === '' ? rows : rows.filter((row) => row.benefit === filter);
}

interface LedgerData {
  view: View;
  /** the member-facing message of the failed load */
  error: string;
  card: Card | null;
  chips: Chip[];
  filter: BenefitKey | '';
  /** every row loaded so far, newest first */
  rows: LedgerRow[];
  /** rows under the chosen chip */
  shown: LedgerRow[];
  nextCursor: string | null;
  /** the next page's loading, at the bottom of the list */
  more: More;
  moreError: string;
  _cardId: string;
  _loaded: boolean;
  /** number of the latest load; an older answer arriving late is dropped */
  _seq: number;
}

// Each page instance gets its own copy of `data`; this object is only the starting shape.
const initialData: LedgerData = {
  view: 'loading',
  error: '',
  card: null,
  chips: [],
  filter: '',
  rows: [],
  shown: [],
  nextCursor: null,
  more: 'idle',
  moreError: '',
  _cardId: '',
  _loaded: false,
  _seq: 0,
};

Component({
  behaviors: [elderBehavior],

  options: { pureDataPattern: /^_/ },

  data: initialData,

  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      const benefit = queryParam(query, 'benefit');
      // `benefit` (a pool's key, from a 家庭共享额度 bar) opens with that chip chosen, once it
      // is among the card's chips (show() checks).
      this.setData({
        _cardId: queryParam(query, 'cardId'),
        filter: benefit as BenefitKey,
      });
      void this.load(false);
    },

    onPullDownRefresh() {
      void this.load(true).then(() => stopPullDownRefresh());
    },

    onRetry() {
      void this.load(false);
    },

    onReachBottom() {
      void this.loadMore();
    },

    /** From the first page again: new rows arrive at the top (decisions: offset cursors). */
    async load(quiet: boolean): Promise<void> {
      const seq = this.data._seq + 1;
      this.setData(quiet ? { _seq: seq } : { _seq: seq, view: 'loading' });
      try {
        const cards = mine();
        let cardId = this.data._cardId;
        if (cardId === '') cardId = (await cards).cards[0]?.cardId ?? '';
        if (cardId === '') {
          // No card at all: nothing can have been used.
          this.show(seq, null, { rows: [], nextCursor: null });
          return;
        }
        const [mineAnswer, page] = await Promise.all([cards, ledger({ cardId })]);
        this.setData({ _cardId: cardId });
        this.show(seq, mineAnswer.cards.find((c) => c.cardId === cardId) ?? null, page);
      } catch (err) {
        if (seq !== this.data._seq) return;
        if (quiet && this.data.view === 'rows') {
          toast(messageOf(err));
          return;
        }
        this.setData({ view: 'error', error: messageOf(err), _loaded: true });
      }
    },

    show(seq: number, card: Card | null, page: { rows: LedgerRow[]; nextCursor: string | null }) {
      if (seq !== this.data._seq) return;
      const chips = chipsOf(card);
      // A chip of a benefit the card no longer lists would hide every row: fall back to 全部.
      const filter = chips.some((c) => c.key === this.data.filter) ? this.data.filter : '';
      this.setData({
        view: 'rows',
        error: '',
        card,
        chips,
        filter,
        rows: page.rows,
        shown: shownOf(page.rows, filter),
        nextCursor: page.nextCursor,
        more: 'idle',
        moreError: '',
        _loaded: true,
      });
    },

    async loadMore(): Promise<void> {
      const { nextCursor, more, view, _cardId: cardId } = this.data;
      if (view !== 'rows' || nextCursor === null || more === 'loading' || cardId === '') return;
      const seq = this.data._seq;
      this.setData({ more: 'loading', moreError: '' });
      try {
        const page = await ledger({ cardId, cursor: nextCursor });
        if (seq !== this.data._seq) return;
        const rows = this.data.rows.concat(page.rows);
        this.setData({ rows, shown: shownOf(rows, this.data.filter), nextCursor: page.nextCursor, more: 'idle' });
      } catch (err) {
        if (seq !== this.data._seq) return;
        this.setData({ more: 'error', moreError: messageOf(err) });
      }
    },

    onMoreRetry() {
      void this.loadMore();
    },

    onChip(event: WechatMiniprogram.CustomEvent) {
      const key: unknown = event.currentTarget.dataset['key'];
      const chip = this.data.chips.find((c) => c.key === key);
      if (!chip) return;
      this.setData({ filter: chip.key, shown: shownOf(this.data.rows, chip.key) });
    },

    onAll() {
      this.setData({ filter: '', shown: this.data.rows });
    },

    onHome() {
      switchTab(HOME_URL);
    },
  },
});
