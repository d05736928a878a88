/**
 * Order detail (`?orderId=`): the status in its colour, the step awaited and its deadline (a live
 * countdown under a day, components/sla-clock), the timeline, what the member sent (labelled, no
 * raw keys), the booking, the result, and the actions the state allows:
 *  - cancel, after a vant dialog that states the consequence for the state on screen (R3.2–R3.4;
 *    the function decides, and its refusal is shown as it comes);
 *  - a booked escort: no cancel, the butler changes it (R3.4);
 *  - a consult in service: 进入咨询;
 *  - once completed and not yet rated: 1–5 stars.
 */
import type { BenefitFormData, Order } from '../../../../typings/contract';
import { previewFiles } from '../../../adapters/files';
import { navigateTo, route, switchTab } from '../../../adapters/nav';
import { setTitle, toast } from '../../../adapters/ui';
import { messageOf, ServiceError } from '../../../services/call';
import { benefits as benefitTexts, experts as expertList, familyDoctors } from '../../../services/content';
import { cancel, get, rate } from '../../../services/order';
import { summarize, type SummaryLookups, type SummaryRow } from '../../../utils/order-summary';
import { definePage } from '../../../utils/page';

export const CONSULT_URL = '/member/pages/consult/index';
export const ORDERS_URL = '/pages/orders/index';

type View = 'loading' | 'error' | 'ready';

interface OrderData {
  view: View;
  error: string;
  order: Order | null;
  /** the handbook's name of the order's benefit */
  name: string;
  summary: SummaryRow[];
  /** the cancel dialog is open */
  confirming: boolean;
  /** what the last action's refusal said, shown above the actions */
  actionError: string;
  stars: number;
  comment: string;
  rating: boolean;
  _orderId: string;
  _loaded: boolean;
  _seq: number;
  _conditions: BenefitFormData['escort']['conditions'];
}

const initialData: OrderData = {
  view: 'loading',
  error: '',
  order: null,
  name: '',
  summary: [],
  confirming: false,
  actionError: '',
  stars: 0,
  comment: '',
  rating: false,
  _orderId: '',
  _loaded: false,
  _seq: 0,
  _conditions: [],
};

/** The directory entries the summary names, fetched only for the orders that need them. */
async function lookupsFor(order: Order, conditions: SummaryLookups['escortConditions']): Promise<SummaryLookups> {
  const lookups: SummaryLookups = { escortConditions: conditions ?? [] };
  try {
    if (order.benefit === 'expertConsult') lookups.experts = (await expertList()).experts;
    if (order.benefit === 'familyDoctor' && 'doctorId' in order.form && order.form.doctorId) {
      lookups.doctors = (await familyDoctors()).doctors;
    }
  } catch {
    // The summary then says 已选专家 instead of the name: the order itself still shows.
  }
  return lookups;
}

definePage({
  data: initialData,

  reload: {
    read: async ({ _orderId: orderId }) => {
      if (orderId === '') throw new ServiceError('NOT_FOUND', '没有找到这个订单');
      const [{ order }, texts] = await Promise.all([get(orderId), benefitTexts()]);
      const conditions = texts.forms.escort?.conditions ?? [];
      return { order, texts, conditions, lookups: await lookupsFor(order, conditions) };
    },
    show: ({ order, texts, conditions, lookups }) => {
      const name = texts.benefits.find((b) => b.key === order.benefit)?.name ?? '服务订单';
      setTitle(name);
      return {
        view: 'ready',
        error: '',
        order,
        name,
        summary: summarize(order, lookups),
        _conditions: conditions,
        _loaded: true,
      };
    },
    shown: 'ready',
    failed: { _loaded: true },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ _orderId: query['orderId'] ? decodeURIComponent(query['orderId']) : '' });
      void this.load(false);
    },

    // Back from the consult (ended there) or from the butler: read the order again.
    onShow() {
      if (this.data._loaded) void this.load(true);
    },

    onOrders() {
      switchTab(ORDERS_URL);
    },

    /** An answer of an action: the order as it now is. */
    show(order: Order) {
      this.setData({ order, summary: summarize(order, { escortConditions: this.data._conditions }), actionError: '' });
    },

    onCancel() {
      this.setData({ confirming: true, actionError: '' });
    },

    onKeep() {
      this.setData({ confirming: false });
    },

    async onConfirmCancel(): Promise<void> {
      const order = this.data.order;
      if (!order) return;
      try {
        const answer = await cancel({ orderId: order.orderId });
        this.setData({ confirming: false });
        this.show(answer.order);
        toast('订单已取消');
      } catch (err) {
        // Refused (the state moved on, R3.4…): say why, and show the order as it now is.
        this.setData({ confirming: false, actionError: messageOf(err) });
        if (err instanceof ServiceError) void this.reload();
      }
    },

    /** Reads the order again without touching the message of the action that failed. */
    async reload(): Promise<void> {
      try {
        const { order } = await get(this.data._orderId);
        this.setData({ order, summary: summarize(order, { escortConditions: this.data._conditions }) });
      } catch {
        // what is on screen stays; pull-down tries again
      }
    },

    onConsult() {
      const order = this.data.order;
      if (!order) return;
      navigateTo(route(CONSULT_URL, { orderId: order.orderId }), () => toast('咨询功能即将开放'));
    },

    onButler() {
      const order = this.data.order;
      if (!order) return;
      navigateTo(route(CONSULT_URL, { benefit: 'butler', cardId: order.cardId }), () => toast('健康管家即将开放'));
    },

    onFiles(event: WechatMiniprogram.BaseEvent) {
      const index: unknown = event.currentTarget.dataset['index'];
      const row = typeof index === 'number' ? this.data.summary[index] : undefined;
      void this.open(row?.files ?? []);
    },

    onResultFiles() {
      void this.open(this.data.order?.result?.files ?? []);
    },

    async open(files: string[]): Promise<void> {
      if (files.length === 0) return;
      if (!(await previewFiles(files))) toast('文件暂时打不开，请稍后再试');
    },

    onStars(event: WechatMiniprogram.CustomEvent) {
      const stars: unknown = event.detail;
      if (typeof stars === 'number') this.setData({ stars });
    },

    onComment(event: WechatMiniprogram.CustomEvent) {
      const text: unknown = event.detail;
      this.setData({ comment: typeof text === 'string' ? text : '' });
    },

    async onRate(): Promise<void> {
      const { order, stars, comment, rating } = this.data;
      if (!order || rating) return;
      if (stars < 1) {
        this.setData({ actionError: '请先选择星级' });
        return;
      }
      this.setData({ rating: true, actionError: '' });
      try {
        const text = comment.trim();
        const answer = await rate({ orderId: order.orderId, stars, ...(text ? { comment: text } : {}) });
        this.setData({ rating: false });
        this.show(answer.order);
        toast('感谢您的评价');
      } catch (err) {
        this.setData({ rating: false, actionError: messageOf(err) });
      }
    },
  },
});
