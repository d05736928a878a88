/**
 * The doctor's side of a consult (`?orderId=`): the conversation (`order.messages`, as the doctor
 * who took the case), the time left of the session, sending text and images, logging a phone or
 * video call (`order.logCall`), and ending the consult — the order's `complete` step, offered only
 * when `staff.get` lists it for the caller. Whether the session is open, when it ends and whether
 * the 3-minute warning shows all come from the answer (`session`).
 */
import type { Message, SessionState, StaffOrder } from '../../../../typings/contract';
import { previewFiles } from '../../../adapters/files';
import { setTitle, stopPullDownRefresh, toast } from '../../../adapters/ui';
import { chooseImages, uploadFile } from '../../../adapters/upload';
import { elderBehavior } from '../../../behaviors/elder';
import { messageOf } from '../../../services/call';
import { logCall, messages as readMessages, send } from '../../../services/order';
import { act, get } from '../../../services/staff';
import { dataTexts, textOf } from '../../lib/events';

export const PAGE_SIZE = 30;
/** How often the open conversation is read again while the page is on screen. */
export const POLL_MS = 10000;
export const MAX_IMAGES = 9;

type View = 'loading' | 'error' | 'ready';

interface ConsultData {
  view: View;
  error: string;
  order: StaffOrder | null;
  session: SessionState | null;
  messages: Message[];
  /** older messages before the first shown; null at the start of the conversation */
  olderCursor: string | null;
  loadingOlder: boolean;
  draft: string;
  sending: boolean;
  sendError: string;
  /** the log-call popup */
  logging: boolean;
  minutes: string;
  minutesError: string;
  ending: boolean;
  now: number;
  /** the id of the message to scroll to */
  bottom: string;
  _orderId: string;
  _seq: number;
  _timer: number;
  _loaded: boolean;
}

const initialData: ConsultData = {
  view: 'loading',
  error: '',
  order: null,
  session: null,
  messages: [],
  olderCursor: null,
  loadingOlder: false,
  draft: '',
  sending: false,
  sendError: '',
  logging: false,
  minutes: '',
  minutesError: '',
  ending: false,
  now: 0,
  bottom: '',
  _orderId: '',
  _seq: 0,
  _timer: 0,
  _loaded: false,
};

/** New messages after the known ones (a re-read of the newest page overlaps what is shown). */
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
      this.setData({ _orderId: query['orderId'] ?? '' });
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
      const orderId = this.data._orderId;
      if (!orderId) {
        this.setData({ view: 'error', error: '没有找到这个咨询', _loaded: true });
        return;
      }
      const seq = this.data._seq + 1;
      this.setData({ _seq: seq, view: 'loading' });
      try {
        const [{ order }, page] = await Promise.all([get(orderId), readMessages({ orderId, limit: PAGE_SIZE })]);
        if (seq !== this.data._seq) return;
        setTitle(order.benefitName);
        const last = page.messages[page.messages.length - 1];
        this.setData({
          view: 'ready',
          order,
          session: page.session,
          messages: page.messages,
          olderCursor: page.nextCursor,
          now: Date.now(),
          bottom: last ? `m-${last.messageId}` : '',
          error: '',
          _loaded: true,
        });
      } catch (err) {
        if (seq !== this.data._seq) return;
        this.setData({ view: 'error', error: messageOf(err), _loaded: true });
      }
    },

    /** The newest messages and the order again, keeping what is on screen. */
    async refresh(): Promise<void> {
      const orderId = this.data._orderId;
      if (this.data.view !== 'ready' || !orderId) return;
      const seq = this.data._seq;
      try {
        const [{ order }, page] = await Promise.all([get(orderId), readMessages({ orderId, limit: PAGE_SIZE })]);
        if (seq !== this.data._seq) return;
        const merged = merge(this.data.messages, page.messages);
        const last = merged[merged.length - 1];
        const grew = merged.length > this.data.messages.length;
        this.setData({
          order,
          session: page.session,
          messages: merged,
          now: Date.now(),
          ...(grew && last ? { bottom: `m-${last.messageId}` } : {}),
        });
      } catch {
        // a missed poll changes nothing on screen; the next one (or a pull) tries again
      }
    },

    async onOlder(): Promise<void> {
      const cursor = this.data.olderCursor;
      if (cursor === null || this.data.loadingOlder) return;
      this.setData({ loadingOlder: true });
      try {
        const page = await readMessages({ orderId: this.data._orderId, cursor, limit: PAGE_SIZE });
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
        for (const file of files) images.push(await uploadFile(file, 'consult'));
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
        const { message, session } = await send({ orderId: this.data._orderId, ...body });
        const messages = merge(this.data.messages, [message]);
        this.setData({ sending: false, messages, session, bottom: `m-${message.messageId}` });
      } catch (err) {
        this.setData({ sending: false, sendError: messageOf(err) });
      }
    },

    onPreview(event: WechatMiniprogram.TouchEvent) {
      const images = dataTexts(event, 'images');
      void previewFiles(images ?? []).then((ok) => {
        if (!ok) toast('图片暂时打不开，请稍后重试');
      });
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
          messages: merge(this.data.messages, [message]),
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
