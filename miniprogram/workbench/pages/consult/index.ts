/**
 * The doctor's side of a consult (`?orderId=`): the conversation (`order.messages`, as the doctor
 * who took the case), the time left of the session, sending text and images, logging a phone or
 * video call (`order.logCall`), and ending the consult — the order's `complete` step, offered only
 * when `staff.get` lists it for the caller. Whether the session is open, when it ends and whether
 * the 3-minute warning shows all come from the answer (`session`).
 */
import type { SessionState, StaffOrder } from '../../../../typings/contract';
import { toast } from '../../../adapters/ui';
import { messageOf } from '../../../services/call';
import { logCall, messages as readMessages, send } from '../../../services/order';
import { act, get } from '../../../services/staff';
import { textOf } from '../../../utils/events';
import { definePage } from '../../../utils/page';
import {
  chatLifetimes,
  chatMethods,
  initialChatData,
  mergeMessages,
  type ChatData,
  type ChatPage,
  type MessageBody,
  type OlderPage,
  type Posted,
} from '../../lib/chat';

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
};

definePage({
  data: initialData,

  lifetimes: chatLifetimes,

  methods: {
    ...chatMethods({ pollMs: POLL_MS, kind: 'consult', param: 'orderId', missing: '没有找到这个咨询' }),

    /** The order and the newest page of its conversation. */
    async readNewest(): Promise<ChatPage<ConsultData>> {
      const orderId = this.data._id;
      const [{ order }, newest] = await Promise.all([get(orderId), readMessages({ orderId, limit: PAGE_SIZE })]);
      return {
        messages: newest.messages,
        nextCursor: newest.nextCursor,
        title: order.benefitName,
        extra: { order, session: newest.session, now: Date.now() },
      };
    },

    readOlder(cursor: string): Promise<OlderPage> {
      return readMessages({ orderId: this.data._id, cursor, limit: PAGE_SIZE });
    },

    async post(body: MessageBody): Promise<Posted<ConsultData>> {
      const { message, session } = await send({ orderId: this.data._id, ...body });
      return { message, extra: { session } };
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
        const { message, session } = await logCall({ orderId: this.data._id, minutes, kind });
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
