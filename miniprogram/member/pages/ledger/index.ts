/**
 * 共享额度使用记录 (R3.5): every change of the card's pools, newest first, a page at a time
 * (`card.ledger` with its `nextCursor`; the next page loads on reaching the bottom). Rows are
 * grouped by day and worded in wxs/family.wxs: 预约占用 / 已使用 / 已退回 / 重新占用, the
 * served person's masked name, who made the change, and when.
 *
 * `?cardId=` (default: the caller's first card), `&benefit=` to open on one benefit's chip.
 * Benefit names and the filter chips come from the card as `card.mine` answers it (the ledger
 * rows carry only the benefit's key). A chip asks the function for that benefit's rows
 * (`card.ledger { benefit }`) and pages from its first row again.
 */
import type { BenefitKey, Card, LedgerRow, Req } from '../../../../typings/contract';
import { switchTab } from '../../../adapters/nav';
import { messageOf } from '../../../services/call';
import { ledger, mine } from '../../../services/card';
import { definePage } from '../../../utils/page';
import { queryParam } from '../../../utils/query';

type View = 'loading' | 'error' | 'rows';
/** The list under the chips, while a chip's rows are fetched. */
type List = 'ready' | 'loading' | 'error';
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

/** The request of one page: the chip's benefit (none for 全部), from `cursor`. */
function pageReq(cardId: string, filter: BenefitKey | '', cursor: string | null): Req<'card', 'ledger'> {
  return {
    cardId,
    ...(filter === '' ? {} : { benefit: filter }),
    ...(cursor === null ? {} : { cursor }),
  };
}

/** One page of a chip's rows, as `card.ledger` answers it. */
interface LedgerPage {
  rows: LedgerRow[];
  nextCursor: string | null;
}

/** What a load finds: the card (none when the caller has none), the chip it keeps, its first page. */
interface Found {
  cardId: string;
  card: Card | null;
  filter: BenefitKey | '';
  first: LedgerPage;
}

/**
 * The card asked for (`?cardId=`, else the caller's first) and the chosen chip's first page. A chip
 * asked for (`&benefit=`, or chosen before a refresh) must be one of the card's: another would find
 * no rows at all, so it falls back to 全部.
 */
async function find(wanted: string, asked: BenefitKey | ''): Promise<Found> {
  const cards = mine();
  const cardId = wanted !== '' ? wanted : ((await cards).cards[0]?.cardId ?? '');
  // No card at all: nothing can have been used.
  if (cardId === '') return { cardId, card: null, filter: '', first: { rows: [], nextCursor: null } };
  let filter = asked;
  if (filter !== '') {
    const card = (await cards).cards.find((c) => c.cardId === cardId) ?? null;
    if (!chipsOf(card).some((c) => c.key === filter)) filter = '';
  }
  const [mineAnswer, first] = await Promise.all([cards, ledger(pageReq(cardId, filter, null))]);
  return { cardId, card: mineAnswer.cards.find((c) => c.cardId === cardId) ?? null, filter, first };
}

interface LedgerData {
  view: View;
  /** the member-facing message of the failed load */
  error: string;
  card: Card | null;
  chips: Chip[];
  filter: BenefitKey | '';
  /** the rows of the chosen chip loaded so far, newest first, as answered */
  rows: LedgerRow[];
  nextCursor: string | null;
  list: List;
  listError: string;
  /** the next page's loading, at the bottom of the list */
  more: More;
  moreError: string;
  _cardId: string;
  _loaded: boolean;
  /** number of the latest load (of the page or a chip); an older answer arriving late is dropped */
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
  nextCursor: null,
  list: 'ready',
  listError: '',
  more: 'idle',
  moreError: '',
  _cardId: '',
  _loaded: false,
  _seq: 0,
};

definePage({
  data: initialData,

  /** From the first page again: new rows arrive at the top (decisions: offset cursors). */
  reload: {
    read: ({ _cardId, filter }) => find(_cardId, filter),
    show: ({ cardId, card, filter, first }) => ({
      view: 'rows',
      error: '',
      card,
      chips: chipsOf(card),
      filter,
      rows: first.rows,
      nextCursor: first.nextCursor,
      list: 'ready' as const,
      listError: '',
      more: 'idle' as const,
      moreError: '',
      _cardId: cardId,
      _loaded: true,
    }),
    shown: 'rows',
    failed: { _loaded: true },
  },

  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      const benefit = queryParam(query, 'benefit');
      // `benefit` (a pool's key, from a 家庭共享额度 bar) opens with that chip chosen, once it
      // is among the card's chips (find() checks).
      this.setData({
        _cardId: queryParam(query, 'cardId'),
        filter: benefit as BenefitKey,
      });
      void this.load(false);
    },

    onReachBottom() {
      void this.loadMore();
    },

    /** The chosen chip's rows from the first page; the rows of another chip leave the screen. */
    async loadList(filter: BenefitKey | ''): Promise<void> {
      const cardId = this.data._cardId;
      if (this.data.view !== 'rows' || cardId === '') return;
      const seq = this.data._seq + 1;
      this.setData({
        _seq: seq,
        filter,
        rows: [],
        nextCursor: null,
        list: 'loading',
        listError: '',
        more: 'idle',
        moreError: '',
      });
      try {
        const page = await ledger(pageReq(cardId, filter, null));
        if (seq !== this.data._seq) return;
        this.setData({ rows: page.rows, nextCursor: page.nextCursor, list: 'ready' });
      } catch (err) {
        if (seq !== this.data._seq) return;
        this.setData({ list: 'error', listError: messageOf(err) });
      }
    },

    async loadMore(): Promise<void> {
      const { nextCursor, more, view, list, filter, _cardId: cardId } = this.data;
      if (view !== 'rows' || list !== 'ready' || nextCursor === null || more === 'loading' || cardId === '') return;
      const seq = this.data._seq;
      this.setData({ more: 'loading', moreError: '' });
      try {
        const page = await ledger(pageReq(cardId, filter, nextCursor));
        if (seq !== this.data._seq) return;
        this.setData({ rows: this.data.rows.concat(page.rows), nextCursor: page.nextCursor, more: 'idle' });
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
      if (!chip || (chip.key === this.data.filter && this.data.list === 'ready')) return;
      void this.loadList(chip.key);
    },

    onAll() {
      void this.loadList('');
    },

    onListRetry() {
      void this.loadList(this.data.filter);
    },

    onHome() {
      switchTab(HOME_URL);
    },
  },
});
