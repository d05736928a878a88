/**
 * 工作台: the staff member's queues, one tab per role that has one (from `staff.me`), each as
 * `staff.queue` answered it — overdue first, then soonest `dueAt` — a page at a time, with the
 * SLA as time left. The butler's conversations and the admins' tools are entries above the tabs.
 * Members never reach it (the 我的 page shows 工作台 to staff only, and the functions answer
 * PERMISSION_DENIED to anyone else anyway). The first tap of an order asks WeChat for the SLA
 * warning subscription (R5.2, `slaWarning`).
 */
import type { StaffRole, WorkbenchOrder } from '../../../../typings/contract';
import { navigateTo, route, switchTab } from '../../../adapters/nav';
import { requestFor } from '../../../adapters/subscribe';
import { stopPullDownRefresh, toast } from '../../../adapters/ui';
import { messageOf } from '../../../services/call';
import { prefetchSettings } from '../../../services/notify';
import { me, queue } from '../../../services/staff';
import { dataText } from '../../../utils/events';
import { definePage } from '../../../utils/page';

/** The roles whose work arrives as orders, in the tabs' order. */
export const QUEUE_ROLES: readonly StaffRole[] = ['agent', 'escortManager', 'manager', 'doctor'];
export const PAGE_SIZE = 20;
export const ORDER_URL = '/workbench/pages/order/index';
export const MY_URL = '/pages/my/index';

export interface Tool {
  id: string;
  title: string;
  label: string;
  icon: string;
  url: string;
}

/** The butler's conversations (健康管家 role). */
export const BUTLER_TOOLS: readonly Tool[] = [
  {
    id: 'threads',
    title: '会员会话',
    label: '回复会员，代为下单',
    icon: 'chat-o',
    url: '/workbench/pages/threads/index',
  },
];

/** The admins' pages. */
export const ADMIN_TOOLS: readonly Tool[] = [
  {
    id: 'issue',
    title: '发卡',
    label: '为平台订单发放卡号与激活码',
    icon: 'credit-pay',
    url: '/workbench/pages/issue/index',
  },
  {
    id: 'staff',
    title: '人员与岗位',
    label: '服务人员及其岗位',
    icon: 'manager-o',
    url: '/workbench/pages/staff/index',
  },
  {
    id: 'directory',
    title: '目录管理',
    label: '医院、科室、专家、家庭医生',
    icon: 'hotel-o',
    url: '/workbench/pages/directory/index',
  },
  {
    id: 'holidays',
    title: '节假日调整',
    label: '法定节假日与调休',
    icon: 'calendar-o',
    url: '/workbench/pages/holidays/index',
  },
  {
    id: 'outbox',
    title: '通知发件箱',
    label: '发送失败与未发送的通知',
    icon: 'envelop-o',
    url: '/workbench/pages/outbox/index',
  },
  {
    id: 'reconcile',
    title: '额度对账',
    label: '按流水核对每个额度池',
    icon: 'balance-list-o',
    url: '/workbench/pages/reconcile/index',
  },
];

type View = 'loading' | 'error' | 'notStaff' | 'ready';
type ListView = 'idle' | 'loading' | 'error' | 'empty' | 'list';

interface QueueList {
  view: ListView;
  orders: WorkbenchOrder[];
  nextCursor: string | null;
  error: string;
  /** a further page is on its way */
  more: boolean;
}

interface QueueData {
  view: View;
  error: string;
  name: string;
  roles: StaffRole[];
  /** the tabs: the caller's roles that have a queue */
  tabs: StaffRole[];
  active: number;
  /** tabs[active]: the role whose list is on screen */
  current: StaffRole | '';
  lists: Partial<Record<StaffRole, QueueList>>;
  tools: Tool[];
  /** the page's clock (epoch ms) for the SLA chips; refreshed every minute while shown */
  now: number;
  _seq: Partial<Record<StaffRole, number>>;
  _timer: number;
  _loaded: boolean;
  /** WeChat was asked for the SLA warning (R5.2) on a tap of an order during this visit */
  _asked: boolean;
}

const initialData: QueueData = {
  view: 'loading',
  error: '',
  name: '',
  roles: [],
  tabs: [],
  active: 0,
  current: '',
  lists: {},
  tools: [],
  now: 0,
  _seq: {},
  _timer: 0,
  _loaded: false,
  _asked: false,
};

function emptyList(): QueueList {
  return { view: 'idle', orders: [], nextCursor: null, error: '', more: false };
}

definePage({
  data: initialData,

  lifetimes: {
    attached() {
      void this.load();
    },
    detached() {
      this.stopClock();
    },
  },

  methods: {
    onShow() {
      this.startClock();
      // back from an order: what was acted on has moved on
      if (this.data._loaded && this.data.view === 'ready') void this.loadList(this.currentRole(), true);
    },

    onHide() {
      this.stopClock();
    },

    onPullDownRefresh() {
      const role = this.currentRole();
      const done = this.data.view === 'ready' && role ? this.loadList(role, true) : this.load();
      void done.then(stopPullDownRefresh);
    },

    onReachBottom() {
      void this.loadMore();
    },

    onRetry() {
      void this.load();
    },

    onListRetry() {
      const role = this.currentRole();
      if (role) void this.loadList(role, false);
    },

    onTabChange(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const active = event.detail.index;
      const role = this.data.tabs[active];
      this.setData({ active, current: role ?? '' });
      const list = role ? this.data.lists[role] : undefined;
      if (role && (!list || list.view === 'idle')) void this.loadList(role, false);
    },

    /**
     * The first tap of an order on this visit first asks WeChat for the SLA warning (R5.2: one
     * message per accept), in the tap as WeChat requires; the order opens whatever the answer.
     */
    onOrder(event: WechatMiniprogram.TouchEvent) {
      const orderId = dataText(event, 'id');
      if (!orderId) return;
      const open = () => navigateTo(route(ORDER_URL, { orderId }), () => toast('订单详情暂时打不开'));
      if (this.data._asked) {
        open();
        return;
      }
      void requestFor(['slaWarning']).then((requested) => {
        // nothing asked (not configured, settings not read yet): the next tap may ask
        if (requested.asked.length > 0) this.data._asked = true;
        open();
      });
    },

    onTool(event: WechatMiniprogram.TouchEvent) {
      const url = dataText(event, 'url');
      if (url) navigateTo(url, () => toast('该功能即将开放'));
    },

    onBack() {
      switchTab(MY_URL);
    },

    currentRole(): StaffRole | undefined {
      return this.data.tabs[this.data.active];
    },

    startClock() {
      this.stopClock();
      this.setData({ now: Date.now(), _timer: Number(setInterval(() => this.setData({ now: Date.now() }), 60000)) });
    },

    stopClock() {
      if (this.data._timer) clearInterval(this.data._timer);
      this.data._timer = 0;
    },

    async load(): Promise<void> {
      this.setData({ view: 'loading', now: Date.now() });
      let who: { name: string; roles: StaffRole[] };
      try {
        who = await me();
      } catch (err) {
        this.setData({ view: 'error', error: messageOf(err), _loaded: true });
        return;
      }
      if (who.roles.length === 0) {
        this.setData({ view: 'notStaff', roles: [], _loaded: true });
        return;
      }
      // the SLA warning's template id, at hand for the first tap of an order
      prefetchSettings();
      const tabs = QUEUE_ROLES.filter((r) => who.roles.includes(r));
      const tools = [
        ...(who.roles.includes('butler') ? BUTLER_TOOLS : []),
        ...(who.roles.includes('admin') ? ADMIN_TOOLS : []),
      ];
      const lists: Partial<Record<StaffRole, QueueList>> = {};
      for (const role of tabs) lists[role] = emptyList();
      const first = tabs[0];
      this.setData({
        view: 'ready',
        name: who.name,
        roles: who.roles,
        tabs,
        tools,
        lists,
        active: 0,
        current: first ?? '',
        error: '',
        _loaded: true,
      });
      if (first) await this.loadList(first, false);
    },

    /** The role's queue from the top. quiet: keep the list on screen while fetching. */
    async loadList(role: StaffRole | undefined, quiet: boolean): Promise<void> {
      if (!role) return;
      const seq = (this.data._seq[role] ?? 0) + 1;
      this.data._seq[role] = seq;
      const shown = this.data.lists[role];
      const keep = quiet && shown !== undefined && shown.view === 'list';
      if (!keep) this.setData({ [`lists.${role}`]: { ...emptyList(), view: 'loading' }, now: Date.now() });
      try {
        const page = await queue({ role, limit: PAGE_SIZE });
        if (this.data._seq[role] !== seq) return;
        const list: QueueList = {
          view: page.orders.length > 0 ? 'list' : 'empty',
          orders: page.orders,
          nextCursor: page.nextCursor,
          error: '',
          more: false,
        };
        this.setData({ [`lists.${role}`]: list, now: Date.now() });
      } catch (err) {
        if (this.data._seq[role] !== seq) return;
        if (keep) {
          toast(messageOf(err));
          return;
        }
        this.setData({ [`lists.${role}`]: { ...emptyList(), view: 'error', error: messageOf(err) } });
      }
    },

    /** The next page of the current tab, appended. */
    async loadMore(): Promise<void> {
      const role = this.currentRole();
      const list = role ? this.data.lists[role] : undefined;
      if (!role || !list || list.view !== 'list' || list.more || list.nextCursor === null) return;
      const seq = this.data._seq[role] ?? 0;
      this.setData({ [`lists.${role}.more`]: true });
      try {
        const page = await queue({ role, limit: PAGE_SIZE, cursor: list.nextCursor });
        if (this.data._seq[role] !== seq) return;
        const known = new Set(list.orders.map((o) => o.orderId));
        this.setData({
          [`lists.${role}.orders`]: [...list.orders, ...page.orders.filter((o) => !known.has(o.orderId))],
          [`lists.${role}.nextCursor`]: page.nextCursor,
          [`lists.${role}.more`]: false,
          now: Date.now(),
        });
      } catch (err) {
        this.setData({ [`lists.${role}.more`]: false });
        toast(messageOf(err));
      }
    },
  },
});
