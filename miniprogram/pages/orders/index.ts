/**
 * 我的订单 (tab): the caller's orders, newest first (`order.list`), a page of 20 at a time; the
 * next page loads on reaching the bottom (`nextCursor`) and pull-down starts again from the top.
 * Each row shows the benefit's name (content.benefits, the catalog's words), the status in its
 * colour, the served person (masked, as answered), and the step awaited with its deadline
 * ("客服将于 6月2日 21:00 前联系您", worded in wxs/order.wxs).
 *
 * setData stays small however long the list grows: rows carry only what the list shows, and a
 * further page is appended with path updates (`orders[20]`, `orders[21]`…), never by resending
 * the list.
 */
import type { Booking, Order, OrderBenefit, OrderStatus, QuotaState, StaffStep } from '../../../typings/contract';
import { navigateTo, route, switchTab } from '../../adapters/nav';
import { toast } from '../../adapters/ui';
import { messageOf } from '../../services/call';
import { benefits as benefitTexts } from '../../services/content';
import { get, list } from '../../services/order';
import { definePage } from '../../utils/page';
import { loadOnAttach } from '../../utils/reload';

export const PAGE_SIZE = 20;
export const ORDER_URL = '/member/pages/order/index';
export const HOME_URL = '/pages/home/index';

type View = 'loading' | 'error' | 'list';
type More = 'idle' | 'loading' | 'error';

/** One order as the list shows it: only these fields travel to the view. */
export interface OrderRow {
  orderId: string;
  benefit: OrderBenefit;
  status: OrderStatus;
  quota: QuotaState;
  awaiting: StaffStep | null;
  dueAt: string | null;
  personName: string;
  createdAt: string;
  booking: Pick<Booking, 'visitDate' | 'period' | 'hospital'> | null;
  rating: boolean;
}

export function rowOf(o: Order): OrderRow {
  return {
    orderId: o.orderId,
    benefit: o.benefit,
    status: o.status,
    quota: o.quota,
    awaiting: o.awaiting,
    dueAt: o.dueAt,
    personName: o.personName,
    createdAt: o.createdAt,
    booking: o.booking
      ? { visitDate: o.booking.visitDate, period: o.booking.period, hospital: o.booking.hospital }
      : null,
    rating: o.rating !== undefined,
  };
}

interface OrdersData {
  view: View;
  error: string;
  orders: OrderRow[];
  /** benefit key → the handbook's name */
  names: Record<string, string>;
  nextCursor: string | null;
  more: More;
  moreError: string;
  _loaded: boolean;
  _seq: number;
  /** the order whose detail was opened from here: refreshed alone on coming back */
  _opened: string;
}

const initialData: OrdersData = {
  view: 'loading',
  error: '',
  orders: [],
  names: {},
  nextCursor: null,
  more: 'idle',
  moreError: '',
  _loaded: false,
  _seq: 0,
  _opened: '',
};

definePage({
  data: initialData,

  lifetimes: loadOnAttach,

  /** The first page again. quiet: keep the list on screen; a failure is then a toast. */
  reload: {
    read: async ({ names }) => {
      const loading = Object.keys(names).length > 0 ? null : loadNames();
      const first = await list({ limit: PAGE_SIZE });
      return { first, found: loading ? await loading : null };
    },
    show: ({ first, found }) => ({
      view: 'list',
      error: '',
      orders: first.orders.map(rowOf),
      nextCursor: first.nextCursor,
      more: 'idle' as const,
      moreError: '',
      _loaded: true,
      ...(found ? { names: found } : {}),
    }),
    shown: 'list',
    failed: { _loaded: true },
  },

  methods: {
    // A tab page is shown again and again: back from an order, only that order is read again
    // (the member keeps their place); from elsewhere (a new order placed), the list restarts.
    onShow() {
      if (!this.data._loaded) return;
      const opened = this.data._opened;
      if (opened !== '') {
        this.setData({ _opened: '' });
        void this.refreshOne(opened);
      } else {
        void this.load(true);
      }
    },

    onReachBottom() {
      void this.loadMore();
    },

    onMoreRetry() {
      void this.loadMore();
    },

    onHome() {
      switchTab(HOME_URL);
    },

    onOrder(event: WechatMiniprogram.BaseEvent) {
      const id: unknown = event.currentTarget.dataset['id'];
      if (typeof id !== 'string' || id === '') return;
      this.setData({ _opened: id });
      navigateTo(route(ORDER_URL, { orderId: id }), () => toast('订单详情即将开放'));
    },

    async loadMore(): Promise<void> {
      const { nextCursor, more, view } = this.data;
      if (view !== 'list' || nextCursor === null || more === 'loading') return;
      const seq = this.data._seq;
      this.setData({ more: 'loading', moreError: '' });
      try {
        const page = await list({ cursor: nextCursor, limit: PAGE_SIZE });
        if (seq !== this.data._seq) return;
        const start = this.data.orders.length;
        const patch: Record<string, unknown> = { nextCursor: page.nextCursor, more: 'idle' };
        page.orders.forEach((o, i) => {
          patch[`orders[${start + i}]`] = rowOf(o);
        });
        this.setData(patch);
      } catch (err) {
        if (seq !== this.data._seq) return;
        this.setData({ more: 'error', moreError: messageOf(err) });
      }
    },

    async refreshOne(orderId: string): Promise<void> {
      try {
        const { order } = await get(orderId);
        const i = this.data.orders.findIndex((o) => o.orderId === orderId);
        if (i >= 0) this.setData({ [`orders[${i}]`]: rowOf(order) });
      } catch {
        // The row stays as it was; pull-down reads everything again.
      }
    },
  },
});

/** The benefits' names; a failure leaves them out (rows then read 服务订单) rather than the list. */
async function loadNames(): Promise<Record<string, string> | null> {
  try {
    const { benefits } = await benefitTexts();
    const names: Record<string, string> = {};
    for (const b of benefits) names[b.key] = b.name;
    return names;
  } catch {
    return null;
  }
}
