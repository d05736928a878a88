/**
 * The doctor's side of a consult (`?orderId=`): the conversation (`order.messages`, as the doctor
 * who took the case), the time left of the session, sending text and images, logging a phone or
 * video call (`order.logCall`), and ending the consult — the order's `complete` step, offered only
 * when `staff.get` lists it for the caller. Whether the session is open, when it ends and whether
 * the 3-minute warning shows all come from the answer (`session`).
 */
import type { SessionState, StaffOrder } from '../../../../typings/contract';
import { toast } from '../../../adapters/ui';
import { elderBehavior } from '../../../behaviors/elder';
import { messageOf } from '../../../services/call';
import { logCall, messages as readMessages, send } from '../../../services/order';
import { act, get } from '../../../services/staff';
import {
  chatLifetimes,
  chatMethods,
  deliverMessage,
  initialChatData,
  loadChat,
  loadOlder,
  mergeMessages,
  refreshChat,
  type ChatData,
  type ChatPage,
  type MessageBody,
} from '../../lib/chat';
import { textOf } from '../../lib/events';

export { MAX_IMAGES } from '../../lib/chat';
export const PAGE_SIZE = 30;
/** How often the open conversation is read again while the page is on screen. */
export const POLL_MS = 10000;

interface ConsultData extends ChatData {
  order: StaffOrder | null;
  session: SessionState | null;
  /** the log-call popup */
  logging: boolean;
  minutes: string;
  minutesError: string;
  ending: boolean;
  now: number;
  _orderId: string;
}

const initialData: ConsultData = {
  ...initialChatData,
  order: null,
  session: null,
  logging: false,
  minutes: '',
  minutesError: '',
  ending: false,
  now: 0,
  _orderId: '',
};

Component({
  options: { pureDataPattern: /^_/ },

  behaviors: [elderBehavior],

  data: initialData,

  lifetimes: chatLifetimes,

  methods: {
    ...chatMethods(POLL_MS, 'consult'),

    onLoad(query: Record<string, string | undefined>) {
      this.setData({ _orderId: query['orderId'] ?? '' });
      void this.load();
    },

    /** The order and the newest page of its conversation. */
    async readNewest(): Promise<ChatPage<ConsultData>> {
      const orderId = this.data._orderId;
      const [{ order }, page] = await Promise.all([get(orderId), readMessages({ orderId, limit: PAGE_SIZE })]);
      return {
        messages: page.messages,
        nextCursor: page.nextCursor,
        title: order.benefitName,
        extra: { order, session: page.session, now: Date.now() },
      };
    },

    load(): Promise<void> {
      return loadChat(this, this.data._orderId, '没有找到这个咨询', () => this.readNewest());
    },

    /** The newest messages and the order again, keeping what is on screen. */
    async refresh(): Promise<void> {
      if (!this.data._orderId) return;
      return refreshChat(this, () => this.readNewest());
    },

    onOlder(): Promise<void> {
      return loadOlder(this, (cursor) => readMessages({ orderId: this.data._orderId, cursor, limit: PAGE_SIZE }));
    },

    deliver(body: MessageBody): Promise<void> {
      return deliverMessage(
        this,
        () => send({ orderId: this.data._orderId, ...body }),
        ({ session }) => ({ session }),
      );
    },

    // -- calls -------------------------------------------------------------------------------

    onOpenLog() {
      this.setData({ logging: true, minutes: '', minutesError: '' });
    },

    onCloseLog() {
      this.setData({ logging: false });
    },

    onMinutes(event: WechatMiniprogram.CustomEvent) {
      this.setData({ minutes: textOf(event.detail), minutesError: '' });
    },

    async onLogCall(): Promise<void> {
      const minutes = Number(this.data.minutes);
      const kind = this.data.session?.mode === 'video' ? 'video' : 'phone';
      if (!Number.isInteger(minutes) || minutes < 1) {
        this.setData({ minutesError: '请填写通话分钟数（整数）' });
        return;
      }
      try {
        const { message, session } = await logCall({ orderId: this.data._orderId, minutes, kind });
        this.setData({
          logging: false,
          session,
          messages: mergeMessages(this.data.messages, [message]),
          bottom: `m-${message.messageId}`,
        });
        toast('已登记通话');
      } catch (err) {
        this.setData({ minutesError: messageOf(err) });
      }
    },

    // -- ending ------------------------------------------------------------------------------

    onAskEnd() {
      if (this.data.order?.allowedSteps.includes('complete')) this.setData({ ending: true });
    },

    onCancelEnd() {
      this.setData({ ending: false });
    },

    async onConfirmEnd(): Promise<void> {
      const order = this.data.order;
      this.setData({ ending: false });
      if (!order || !order.allowedSteps.includes('complete')) return;
      try {
        await act({ orderId: order.orderId, step: 'complete' });
        toast('咨询已结束');
      } catch (err) {
        toast(messageOf(err));
      }
      await this.refresh();
    },
  },
});
