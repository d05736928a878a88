/**
 * A conversation, in two kinds:
 *  - a consult (`?orderId=`): the order's messages with the doctor (`order.messages` / `send`),
 *    the session as the function answers it (`open`, `endsAt`, `warning`, the doctor's name), the
 *    time left (components/sla-clock) and 结束咨询 while it is open (`order.end`, R4: the member
 *    may end early; the unit stays used);
 *  - the butler thread (`?benefit=butler&cardId=`): the caller's standing conversation with the
 *    健康管家 of that card (`butler.messages` / `send`), always open.
 * Text and images (wx.chooseMedia through adapters/upload, uploaded to cloud storage). New
 * messages are fetched every few seconds while the page is on screen (the timer is stopped when
 * it is hidden or closed); older ones on pull-down. Nothing here decides whether the session is
 * open: the answer says so.
 */
import type { Message, Order, SessionState } from '../../../../typings/contract';
import { previewFiles } from '../../../adapters/files';
import { navigateTo, route } from '../../../adapters/nav';
import { setTitle, stopPullDownRefresh, toast } from '../../../adapters/ui';
import { chooseImages, uploadFile } from '../../../adapters/upload';
import * as butler from '../../../services/butler';
import { messageOf } from '../../../services/call';
import { uploadDir } from '../../../services/card';
import { benefits as benefitTexts } from '../../../services/content';
import * as orders from '../../../services/order';
import { textOf } from '../../../utils/events';
import { definePage } from '../../../utils/page';

export const POLL_MS = 5000;
export const ORDER_URL = '/member/pages/order/index';
/** A message's most images, as the functions take them. */
export const MAX_IMAGES = 9;

type Kind = 'order' | 'butler';
type View = 'loading' | 'error' | 'ready';

interface ConsultData {
  kind: Kind;
  view: View;
  error: string;
  /** the consult's order (kind 'order') */
  order: Order | null;
  /** the benefit's name (kind 'order') */
  name: string;
  session: SessionState | null;
  messages: Message[];
  /** older messages remain before the first one shown */
  nextCursor: string | null;
  older: 'idle' | 'loading';
  draft: string;
  sending: boolean;
  /** images being uploaded before they are sent */
  uploading: number;
  sendError: string;
  /** scroll-view's scroll-into-view: the last message */
  anchor: string;
  ending: boolean;
  confirmingEnd: boolean;
  _orderId: string;
  _cardId: string;
  _seq: number;
  _loaded: boolean;
}

const initialData: ConsultData = {
  kind: 'order',
  view: 'loading',
  error: '',
  order: null,
  name: '',
  session: null,
  messages: [],
  nextCursor: null,
  older: 'idle',
  draft: '',
  sending: false,
  uploading: 0,
  sendError: '',
  anchor: '',
  ending: false,
  confirmingEnd: false,
  _orderId: '',
  _cardId: '',
  _seq: 0,
  _loaded: false,
};

/** Each page's polling timer, kept off `data` (nothing to render, and its type differs by host). */
const timers = new WeakMap<object, ReturnType<typeof setInterval>>();

/** Whether the member can write now: always to the butler; to the doctor while the session is open. */
function canWrite(kind: Kind, session: SessionState | null): boolean {
  return kind === 'butler' || session?.open === true;
}

definePage({
  data: initialData,

  lifetimes: {
    detached() {
      this.stopPolling();
    },
  },

  pageLifetimes: {
    show() {
      if (this.data._loaded) {
        void this.poll();
        this.startPolling();
      }
    },
    hide() {
      this.stopPolling();
    },
  },

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const orderId = query['orderId'] ? decodeURIComponent(query['orderId']) : '';
      const cardId = query['cardId'] ? decodeURIComponent(query['cardId']) : '';
      const kind: Kind = orderId === '' && query['benefit'] === 'butler' ? 'butler' : 'order';
      this.setData({ kind, _orderId: orderId, _cardId: cardId });
      if (kind === 'butler') setTitle('健康管家');
      void this.load();
    },

    onRetry() {
      void this.load();
    },

    /** Pull-down in a conversation goes back in time. */
    onPullDownRefresh() {
      void this.loadOlder().then(stopPullDownRefresh);
    },

    async load(): Promise<void> {
      const seq = this.data._seq + 1;
      this.setData({ _seq: seq, view: 'loading' });
      try {
        if (this.data.kind === 'butler') {
          if (this.data._cardId === '') throw new Error('no card');
          const page = await butler.messages({ cardId: this.data._cardId });
          if (seq !== this.data._seq) return;
          this.showPage(page.messages, page.nextCursor, null);
        } else {
          const orderId = this.data._orderId;
          const [{ order }, page, texts] = await Promise.all([
            orders.get(orderId),
            orders.messages({ orderId }),
            benefitTexts(),
          ]);
          if (seq !== this.data._seq) return;
          const name = texts.benefits.find((b) => b.key === order.benefit)?.name ?? '在线咨询';
          setTitle(name);
          this.setData({ order, name });
          this.showPage(page.messages, page.nextCursor, page.session);
        }
        this.startPolling();
      } catch (err) {
        if (seq !== this.data._seq) return;
        this.setData({ view: 'error', error: messageOf(err), _loaded: true });
      }
    },

    showPage(messages: Message[], nextCursor: string | null, session: SessionState | null) {
      this.setData({
        view: 'ready',
        error: '',
        messages,
        nextCursor,
        session,
        anchor: messages.length > 0 ? `m${messages.length - 1}` : '',
        _loaded: true,
      });
    },

    startPolling() {
      this.stopPolling();
      timers.set(
        this,
        setInterval(() => void this.poll(), POLL_MS),
      );
    },

    stopPolling() {
      const timer = timers.get(this);
      if (timer !== undefined) clearInterval(timer);
      timers.delete(this);
    },

    /** The newest page again: new messages are appended one by one, the session replaced. */
    async poll(): Promise<void> {
      if (this.data.view !== 'ready') return;
      try {
        if (this.data.kind === 'butler') {
          const page = await butler.messages({ cardId: this.data._cardId });
          this.append(page.messages);
          return;
        }
        const orderId = this.data._orderId;
        const page = await orders.messages({ orderId });
        const before = this.data.session;
        this.append(page.messages);
        if (JSON.stringify(before) !== JSON.stringify(page.session)) {
          this.setData({ session: page.session });
          // taken over, or ended: the order's status moved too
          if (before?.open !== page.session.open) this.setData({ order: (await orders.get(orderId)).order });
        }
      } catch {
        // a missed poll is caught up by the next one
      }
    },

    /** Adds the messages not shown yet, by path, so a long conversation is never resent. */
    append(newest: Message[]) {
      const known = new Set(this.data.messages.map((m) => m.messageId));
      const fresh = newest.filter((m) => !known.has(m.messageId));
      if (fresh.length === 0) return;
      const start = this.data.messages.length;
      const patch: Record<string, unknown> = { anchor: `m${start + fresh.length - 1}` };
      fresh.forEach((m, i) => {
        patch[`messages[${start + i}]`] = m;
      });
      this.setData(patch);
    },

    async loadOlder(): Promise<void> {
      const { nextCursor, older, view, kind } = this.data;
      if (view !== 'ready' || nextCursor === null || older === 'loading') return;
      this.setData({ older: 'loading' });
      try {
        const page =
          kind === 'butler'
            ? await butler.messages({ cardId: this.data._cardId, cursor: nextCursor })
            : await orders.messages({ orderId: this.data._orderId, cursor: nextCursor });
        const known = new Set(this.data.messages.map((m) => m.messageId));
        const older = page.messages.filter((m) => !known.has(m.messageId));
        this.setData({
          messages: [...older, ...this.data.messages],
          nextCursor: page.nextCursor,
          older: 'idle',
          anchor: older.length > 0 ? `m${older.length - 1}` : this.data.anchor,
        });
      } catch (err) {
        this.setData({ older: 'idle' });
        toast(messageOf(err));
      }
    },

    onOlder() {
      void this.loadOlder();
    },

    onDraft(event: WechatMiniprogram.CustomEvent) {
      this.setData({ draft: textOf(event.detail), sendError: '' });
    },

    onSend() {
      const text = this.data.draft.trim();
      if (text === '') return;
      void this.deliver({ text }, true);
    },

    async onImages(): Promise<void> {
      if (!canWrite(this.data.kind, this.data.session) || this.data.sending) return;
      const { files, tooLarge } = await chooseImages(MAX_IMAGES);
      if (tooLarge > 0) toast(`有 ${tooLarge} 张图片超过 20 MB，未发送`);
      if (files.length === 0) return;
      this.setData({ uploading: files.length, sendError: '' });
      try {
        // into the member's own folder (card.mine): the functions take no one else's images
        const images = await Promise.all(files.map((f) => uploadFile(f, uploadDir, 'consult')));
        this.setData({ uploading: 0 });
        await this.deliver({ images }, false);
      } catch (err) {
        this.setData({ uploading: 0, sendError: err instanceof Error ? err.message : '图片上传失败，请重试' });
      }
    },

    /** Sends one message; `clears` empties the text box once it is through. */
    async deliver(content: { text?: string; images?: string[] }, clears: boolean): Promise<void> {
      const { kind, sending, session } = this.data;
      if (sending || !canWrite(kind, session)) return;
      this.setData({ sending: true, sendError: '' });
      try {
        if (kind === 'butler') {
          const { message } = await butler.send({ cardId: this.data._cardId, ...content });
          this.append([message]);
        } else {
          const answer = await orders.send({ orderId: this.data._orderId, ...content });
          this.append([answer.message]);
          this.setData({ session: answer.session });
        }
        this.setData({ sending: false, ...(clears ? { draft: '' } : {}) });
      } catch (err) {
        // The words stay in the box; the function's reason (session ended…) is shown as it came.
        this.setData({ sending: false, sendError: messageOf(err) });
        if (kind === 'order') void this.poll();
      }
    },

    onPreview(event: WechatMiniprogram.BaseEvent) {
      const src: unknown = event.currentTarget.dataset['src'];
      const all: unknown = event.currentTarget.dataset['all'];
      if (typeof src !== 'string') return;
      const images = Array.isArray(all) ? all.filter((x): x is string => typeof x === 'string') : [src];
      // the tapped image first, as WeChat's viewer opens at the first url
      void previewFiles([src, ...images.filter((x) => x !== src)]);
    },

    onEnd() {
      this.setData({ confirmingEnd: true });
    },

    onKeepGoing() {
      this.setData({ confirmingEnd: false });
    },

    async onConfirmEnd(): Promise<void> {
      if (this.data.ending) return;
      this.setData({ ending: true });
      try {
        const { order } = await orders.end(this.data._orderId);
        this.setData({ order, ending: false, confirmingEnd: false });
        toast('咨询已结束');
        await this.poll();
      } catch (err) {
        this.setData({ ending: false, confirmingEnd: false, sendError: messageOf(err) });
        void this.poll();
      }
    },

    onOrder() {
      const order = this.data.order;
      if (order) navigateTo(route(ORDER_URL, { orderId: order.orderId }));
    },
  },
});
