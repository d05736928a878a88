/**
 * One person's standing conversation with the 健康管家 (`?threadId=`), on the butler's side:
 * the messages (`butler.thread`; reading the newest page marks it read), replies with text or
 * images (`butler.reply`), older messages, and 代为下单 — placing a benefit order for this
 * person (R1.5), offered on premium cards, where the function accepts it.
 */
import type { ButlerThread } from '../../../../typings/contract';
import { navigateTo, route } from '../../../adapters/nav';
import { toast } from '../../../adapters/ui';
import { reply, thread as readThread } from '../../../services/butler';
import { definePage } from '../../../utils/page';
import {
  chatLifetimes,
  chatMethods,
  initialChatData,
  type ChatData,
  type ChatPage,
  type MessageBody,
  type OlderPage,
  type Posted,
} from '../../lib/chat';

export { MAX_IMAGES } from '../../lib/chat';
export const PAGE_SIZE = 30;
export const POLL_MS = 15000;
export const PLACE_ORDER_URL = '/workbench/pages/place-order/index';

interface ThreadData extends ChatData {
  thread: ButlerThread | null;
}

const initialData: ThreadData = {
  ...initialChatData,
  thread: null,
};

definePage({
  data: initialData,

  lifetimes: chatLifetimes,

  methods: {
    ...chatMethods({ pollMs: POLL_MS, kind: 'butler', param: 'threadId', missing: '没有找到这个会话' }),

    /** The newest page of the thread (reading it marks it read). */
    async readNewest(): Promise<ChatPage<ThreadData>> {
      const newest = await readThread({ threadId: this.data._id, limit: PAGE_SIZE });
      return {
        messages: newest.messages,
        nextCursor: newest.nextCursor,
        title: newest.thread.personName,
        extra: { thread: newest.thread },
      };
    },

    readOlder(cursor: string): Promise<OlderPage> {
      return readThread({ threadId: this.data._id, cursor, limit: PAGE_SIZE });
    },

    async post(body: MessageBody): Promise<Posted<ThreadData>> {
      const { message } = await reply({ threadId: this.data._id, ...body });
      return { message, extra: {} };
    },

    onPlaceOrder() {
      const t = this.data.thread;
      if (!t) return;
      navigateTo(route(PLACE_ORDER_URL, { cardId: t.cardId, memberId: t.memberId, name: t.personName }), () =>
        toast('代为下单暂时打不开'),
      );
    },
  },
});
