/**
 * Home: "what do I have". Shows the member's cards as the `card.mine` answer gives them; every
 * rule (status, dates, what remains, what is open) comes from that answer, formatted in
 * wxs/format.wxs. Built with Component(), which is valid for pages and is what the component
 * tests can load.
 */
import type { Card } from '../../../typings/contract';
import { messageOf } from '../../services/call';
import { mine } from '../../services/card';

type View = 'loading' | 'error' | 'empty' | 'cards';

interface HomeData {
  view: View;
  cards: Card[];
  /** the member-facing message of the failed load */
  error: string;
  /** true once the first load has settled: onShow then refreshes, instead of loading twice */
  _loaded: boolean;
  /** number of the latest load; an older answer arriving late is dropped */
  _seq: number;
}

/** Where the empty state's button leads; the page arrives with the activation issue. */
const ACTIVATE_URL = '/pages/activate/index';

// Each page instance gets its own copy of `data`; this object is only the starting shape.
const initialData: HomeData = { view: 'loading', cards: [], error: '', _loaded: false, _seq: 0 };

Component({
  options: {
    // `_`-fields are bookkeeping: kept in data for typing, never sent to the view layer.
    pureDataPattern: /^_/,
  },

  data: initialData,

  lifetimes: {
    attached() {
      void this.load(false);
    },
  },

  methods: {
    // Page lifecycle of a Component()-page lives in methods. The first show comes right after
    // attached; later ones (back from activation, from an order) refresh in place.
    onShow() {
      if (this.data._loaded) void this.load(true);
    },

    onPullDownRefresh() {
      void this.load(true).then(() => wx.stopPullDownRefresh());
    },

    onRetry() {
      void this.load(false);
    },

    onActivate() {
      wx.navigateTo({
        url: ACTIVATE_URL,
        // Until the activation page ships the route does not exist; say so rather than nothing.
        fail: () => void wx.showToast({ title: '激活功能即将开放', icon: 'none' }),
      });
    },

    /**
     * quiet: keep what is on screen while fetching (show, pull-down); a failure then becomes a
     * toast instead of replacing the cards the member is looking at with an error page.
     */
    async load(quiet: boolean): Promise<void> {
      const seq = this.data._seq + 1;
      this.setData(quiet ? { _seq: seq } : { _seq: seq, view: 'loading' });
      try {
        const { cards } = await mine();
        if (seq !== this.data._seq) return;
        this.setData({ view: cards.length > 0 ? 'cards' : 'empty', cards, error: '', _loaded: true });
      } catch (err) {
        if (seq !== this.data._seq) return;
        if (quiet && this.data.view === 'cards') {
          void wx.showToast({ title: messageOf(err), icon: 'none' });
          return;
        }
        this.setData({ view: 'error', error: messageOf(err), _loaded: true });
      }
    },
  },
});
