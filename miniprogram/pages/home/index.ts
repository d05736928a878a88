/**
 * Home: "what do I have, what can I use now, what is happening with my request". Shows the
 * caller's cards (`card.mine`, a swiper when there are several), the chosen card's benefit grid,
 * its 家庭共享额度 (premium), the latest order (`order.list`, limit 1) and the 健康管家 button.
 * Every rule (status, dates, what remains, what is open) comes from the answers, formatted in
 * wxs/. Built with definePage() (utils/page.ts): a Component(), valid for pages and what the
 * component tests load.
 */
import type { Card, Order } from '../../../typings/contract';
import { navigateTo, route, switchTab } from '../../adapters/nav';
import { toast } from '../../adapters/ui';
import { messageOf } from '../../services/call';
import { mine } from '../../services/card';
import { list as listOrders } from '../../services/order';
import { definePage } from '../../utils/page';
import { loadOnAttach } from '../../utils/reload';

type View = 'loading' | 'error' | 'empty' | 'cards';
type OrderView = 'none' | 'order' | 'error';

interface HomeData {
  view: View;
  cards: Card[];
  /** index of the card on show (the swiper's page) */
  current: number;
  /** cards[current]: the card whose benefits, pools and butler the page shows */
  card: Card | null;
  /** Shanghai's calendar day, YYYY-MM-DD: "N 天后开放" counts from it */
  today: string;
  orderView: OrderView;
  order: Order | null;
  orderError: string;
  /** the member-facing message of the failed load */
  error: string;
  /** true once the first load has settled: onShow then refreshes, instead of loading twice */
  _loaded: boolean;
  /** number of the latest load; an older answer arriving late is dropped */
  _seq: number;
}

export const ACTIVATE_URL = '/pages/activate/index';
export const ORDERS_URL = '/pages/orders/index';
export const ORDER_URL = '/member/pages/order/index';
/** The butler's channel; the consult page opens the conversation with the member's butler. */
export const BUTLER_URL = '/member/pages/consult/index';

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** YYYY-MM-DD in Asia/Shanghai (no daylight saving), whatever the phone's own zone. */
export function shanghaiDay(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

// Each page instance gets its own copy of `data`; this object is only the starting shape.
const initialData: HomeData = {
  view: 'loading',
  cards: [],
  current: 0,
  card: null,
  today: '',
  orderView: 'none',
  order: null,
  orderError: '',
  error: '',
  _loaded: false,
  _seq: 0,
};

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value): Settled<T> => ({ ok: true, value }),
    (error: unknown): Settled<T> => ({ ok: false, error }),
  );
}

/** The latest order's block: the order, none yet, or why it could not be read. */
function orderState(orders: Settled<{ orders: Order[] }>): Pick<HomeData, 'orderView' | 'order' | 'orderError'> {
  if (!orders.ok) return { orderView: 'error', order: null, orderError: messageOf(orders.error) };
  const latest = orders.value.orders[0];
  return latest
    ? { orderView: 'order', order: latest, orderError: '' }
    : { orderView: 'none', order: null, orderError: '' };
}

definePage({
  data: initialData,

  lifetimes: loadOnAttach,

  /**
   * quiet: keep what is on screen while fetching (show, pull-down); a failure then becomes a
   * toast instead of replacing the cards the member is looking at with an error page.
   */
  reload: {
    read: async () => {
      // Both at once: the latest order does not wait for the cards. Its failure stays in its block.
      const [cards, orders] = await Promise.all([settle(mine()), settle(listOrders({ limit: 1 }))]);
      if (!cards.ok) throw cards.error;
      return { list: cards.value.cards, orders };
    },
    show: ({ list, orders }, { card }) => {
      // Stay on the card the member swiped to, if it is still there.
      const shown = card?.cardId;
      const kept = shown === undefined ? -1 : list.findIndex((c) => c.cardId === shown);
      const current = kept >= 0 ? kept : 0;
      return {
        view: list.length > 0 ? 'cards' : 'empty',
        cards: list,
        current,
        card: list[current] ?? null,
        today: shanghaiDay(Date.now()),
        error: '',
        _loaded: true,
        ...orderState(orders),
      };
    },
    shown: 'cards',
    failed: { _loaded: true },
  },

  methods: {
    // Page lifecycle of a Component()-page lives in methods. The first show comes right after
    // attached; later ones (back from activation, from an order) refresh in place.
    onShow() {
      if (this.data._loaded) void this.load(true);
    },

    onOrderRetry() {
      void this.loadOrder();
    },

    onActivate() {
      // Until the activation page ships the route does not exist; say so rather than nothing.
      navigateTo(ACTIVATE_URL, () => toast('激活功能即将开放'));
    },

    onSwipe(event: WechatMiniprogram.SwiperChange) {
      const current = event.detail.current;
      this.setData({ current, card: this.data.cards[current] ?? null });
    },

    onButler() {
      const card = this.data.card;
      if (!card) return;
      navigateTo(route(BUTLER_URL, { benefit: 'butler', cardId: card.cardId }), () => toast('健康管家即将开放'));
    },

    onOrder() {
      const order = this.data.order;
      if (!order) return;
      navigateTo(route(ORDER_URL, { orderId: order.orderId }), () => toast('订单详情即将开放'));
    },

    onAllOrders() {
      switchTab(ORDERS_URL);
    },

    async loadOrder(): Promise<void> {
      const orders = await settle(listOrders({ limit: 1 }));
      this.setData(orderState(orders));
    },
  },
});
