/**
 * One person's standing conversation with the 健康管家 (`?threadId=`), on the butler's side:
 * the messages (`butler.thread`; reading the newest page marks it read), replies with text or
 * images (`butler.reply`), older messages, and 代为下单 — placing a benefit order for this
 * person (R1.5), offered on premium cards, where the function accepts it.
 */
import type { ButlerThread, Message } from '../../../../typings/contract';
import { previewFiles } from '../../../adapters/files';
import { navigateTo, route } from '../../../adapters/nav';
import { setTitle, stopPullDownRefresh, toast } from '../../../adapters/ui';
import { chooseImages, uploadFile } from '../../../adapters/upload';
import { elderBehavior } from '../../../behaviors/elder';
import { reply, thread as readThread } from '../../../services/butler';
import { messageOf } from '../../../services/call';
import { dataTexts, textOf } from '../../lib/events';

export const PAGE_SIZE = 30;
export const POLL_MS = 15000;
export const MAX_IMAGES = 9;
export const PLACE_ORDER_URL = '/workbench/pages/place-order/index';

type View = 'loading' | 'error' | 'ready';

interface ThreadData {
  view: View;
  error: string;
  thread: ButlerThread | null;
  messages: Message[];
  olderCursor: string | null;
  loadingOlder: boolean;
  draft: string;
  sending: boolean;
  sendError: string;
  bottom: string;
  _threadId: string;
  _seq: number;
  _timer: number;
  _loaded: boolean;
}

const initialData: ThreadData = {
  view: 'loading',
  error: '',
  thread: null,
  messages: [],
  olderCursor: null,
  loadingOlder: false,
  draft: '',
  sending: false,
  sendError: '',
  bottom: '',
  _threadId: '',
  _seq: 0,
  _timer: 0,
  _loaded: false,
};

function merge(known: Message[], fresh: Message[]): Message[] {
  const ids = new Set(known.map((m) => m.messageId));
  return [...known, ...fresh.filter((m) => !ids.has(m.messageId))];
}

Component({
  options: { pureDataPattern: /^_/ },

  behaviors: [elderBehavior],

  data: initialData,

  lifetimes: {
    detached() {
      this.stopPolling();
      this.data._seq += 1;
    },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ _threadId: query['threadId'] ?? '' });
      void this.load();
    },

    onShow() {
      if (this.data._loaded) void this.refresh();
      this.stopPolling();
      this.data._timer = Number(setInterval(() => void this.refresh(), POLL_MS));
    },

    onHide() {
      this.stopPolling();
    },

    onPullDownRefresh() {
      void this.refresh().then(stopPullDownRefresh);
    },

    onRetry() {
      void this.load();
    },

    stopPolling() {
      if (this.data._timer) clearInterval(this.data._timer);
      this.data._timer = 0;
    },

    async load(): Promise<void> {
      const threadId = this.data._threadId;
      if (!threadId) {
        this.setData({ view: 'error', error: '没有找到这个会话', _loaded: true });
        return;
      }
      const seq = this.data._seq + 1;
      this.setData({ _seq: seq, view: 'loading' });
      try {
        const page = await readThread({ threadId, limit: PAGE_SIZE });
        if (seq !== this.data._seq) return;
        setTitle(page.thread.personName);
        const last = page.messages[page.messages.length - 1];
        this.setData({
          view: 'ready',
          thread: page.thread,
          messages: page.messages,
          olderCursor: page.nextCursor,
          bottom: last ? `m-${last.messageId}` : '',
          error: '',
          _loaded: true,
        });
      } catch (err) {
        if (seq !== this.data._seq) return;
        this.setData({ view: 'error', error: messageOf(err), _loaded: true });
      }
    },

    async refresh(): Promise<void> {
      if (this.data.view !== 'ready') return;
      const seq = this.data._seq;
      try {
        const page = await readThread({ threadId: this.data._threadId, limit: PAGE_SIZE });
        if (seq !== this.data._seq) return;
        const messages = merge(this.data.messages, page.messages);
        const last = messages[messages.length - 1];
        const grew = messages.length > this.data.messages.length;
        this.setData({ thread: page.thread, messages, ...(grew && last ? { bottom: `m-${last.messageId}` } : {}) });
      } catch {
        // the next poll or a pull tries again
      }
    },

    async onOlder(): Promise<void> {
      const cursor = this.data.olderCursor;
      if (cursor === null || this.data.loadingOlder) return;
      this.setData({ loadingOlder: true });
      try {
        const page = await readThread({ threadId: this.data._threadId, cursor, limit: PAGE_SIZE });
        const ids = new Set(this.data.messages.map((m) => m.messageId));
        this.setData({
          messages: [...page.messages.filter((m) => !ids.has(m.messageId)), ...this.data.messages],
          olderCursor: page.nextCursor,
          loadingOlder: false,
        });
      } catch (err) {
        this.setData({ loadingOlder: false });
        toast(messageOf(err));
      }
    },

    onDraft(event: WechatMiniprogram.CustomEvent) {
      this.setData({ draft: textOf(event.detail), sendError: '' });
    },

    async onSend(): Promise<void> {
      const text = this.data.draft.trim();
      if (!text) {
        this.setData({ sendError: '请输入内容' });
        return;
      }
      await this.deliver({ text });
      if (!this.data.sendError) this.setData({ draft: '' });
    },

    async onImages(): Promise<void> {
      const { files } = await chooseImages(MAX_IMAGES);
      if (files.length === 0) return;
      this.setData({ sending: true, sendError: '' });
      try {
        const images: string[] = [];
        for (const file of files) images.push(await uploadFile(file, 'butler'));
        this.setData({ sending: false });
        await this.deliver({ images });
      } catch (err) {
        this.setData({ sending: false, sendError: err instanceof Error ? err.message : '上传失败，请重试' });
      }
    },

    async deliver(body: { text?: string; images?: string[] }): Promise<void> {
      if (this.data.sending) return;
      this.setData({ sending: true, sendError: '' });
      try {
        const { message } = await reply({ threadId: this.data._threadId, ...body });
        this.setData({
          sending: false,
          messages: merge(this.data.messages, [message]),
          bottom: `m-${message.messageId}`,
        });
      } catch (err) {
        this.setData({ sending: false, sendError: messageOf(err) });
      }
    },

    onPreview(event: WechatMiniprogram.TouchEvent) {
      void previewFiles(dataTexts(event, 'images')).then((ok) => {
        if (!ok) toast('图片暂时打不开，请稍后重试');
      });
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
