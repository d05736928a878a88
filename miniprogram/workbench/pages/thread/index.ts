/**
 * One person's standing conversation with the 健康管家 (`?threadId=`), on the butler's side:
 * the messages (`butler.thread`; reading the newest page marks it read), replies with text or
 * images (`butler.reply`), older messages, and 代为下单 — placing a benefit order for this
 * person (R1.5), offered on premium cards, where the function accepts it.
 */
import type { ButlerThread } from '../../../../typings/contract';
import { navigateTo, route } from '../../../adapters/nav';
import { toast } from '../../../adapters/ui';
import { elderBehavior } from '../../../behaviors/elder';
import { reply, thread as readThread } from '../../../services/butler';
import {
  chatLifetimes,
  chatMethods,
  deliverMessage,
  initialChatData,
  loadChat,
  loadOlder,
  refreshChat,
  type ChatData,
  type ChatPage,
  type MessageBody,
} from '../../lib/chat';

export { MAX_IMAGES } from '../../lib/chat';
export const PAGE_SIZE = 30;
export const POLL_MS = 15000;
export const PLACE_ORDER_URL = '/workbench/pages/place-order/index';

interface ThreadData extends ChatData {
  thread: ButlerThread | null;
  _threadId: string;
}

const initialData: ThreadData = {
  ...initialChatData,
  thread: null,
  _threadId: '',
};

Component({
  options: { pureDataPattern: /^_/ },

  behaviors: [elderBehavior],

  data: initialData,

  lifetimes: chatLifetimes,

  methods: {
    ...chatMethods(POLL_MS, 'butler'),

    onLoad(query: Record<string, string | undefined>) {
      this.setData({ _threadId: query['threadId'] ?? '' });
      void this.load();
    },

    /** The newest page of the thread (reading it marks it read). */
    async readNewest(): Promise<ChatPage<ThreadData>> {
      const page = await readThread({ threadId: this.data._threadId, limit: PAGE_SIZE });
      return {
        messages: page.messages,
        nextCursor: page.nextCursor,
        title: page.thread.personName,
        extra: { thread: page.thread },
      };
    },

    load(): Promise<void> {
      return loadChat(this, this.data._threadId, '没有找到这个会话', () => this.readNewest());
    },

    refresh(): Promise<void> {
      return refreshChat(this, () => this.readNewest());
    },

    onOlder(): Promise<void> {
      return loadOlder(this, (cursor) => readThread({ threadId: this.data._threadId, cursor, limit: PAGE_SIZE }));
    },

    deliver(body: MessageBody): Promise<void> {
      return deliverMessage(this, () => reply({ threadId: this.data._threadId, ...body }));
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
