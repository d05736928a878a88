/**
 * The conversation logic the workbench's chat pages share (the doctor's consult, the butler's
 * thread): the first load, the poll that appends new messages, older messages, and sending text or
 * images. Each page says only how its function reads and sends (`readNewest`, `readOlder`, `post`);
 * what is shown comes from the answer.
 */
import type { Message } from '../../../typings/contract';
import { previewFiles } from '../../adapters/files';
import { setTitle, stopPullDownRefresh, toast } from '../../adapters/ui';
import { chooseImages, uploadFile, type UploadKind } from '../../adapters/upload';
import { messageOf } from '../../services/call';
import { uploadDir } from '../../services/staff';
import { dataTexts, textOf } from '../../utils/events';
import { appendNew } from '../../utils/reload';

export const MAX_IMAGES = 9;

export interface ChatData {
  view: 'loading' | 'error' | 'ready';
  error: string;
  messages: Message[];
  /** older messages before the first shown; null at the start of the conversation */
  olderCursor: string | null;
  loadingOlder: boolean;
  draft: string;
  sending: boolean;
  sendError: string;
  /** the id of the message to scroll to */
  bottom: string;
  /** the conversation (the consult's order, the butler's thread), from the query */
  _id: string;
  _seq: number;
  _timer: number;
  _loaded: boolean;
}

export const initialChatData: ChatData = {
  view: 'loading',
  error: '',
  messages: [],
  olderCursor: null,
  loadingOlder: false,
  draft: '',
  sending: false,
  sendError: '',
  bottom: '',
  _id: '',
  _seq: 0,
  _timer: 0,
  _loaded: false,
};

export interface MessageBody {
  text?: string;
  images?: string[];
}

/** One page of a conversation as a page reads it: the messages, and what else the page shows. */
export interface ChatPage<D> {
  messages: Message[];
  nextCursor: string | null;
  title: string;
  extra: Partial<D>;
}

/** Older messages, before the first shown. */
export interface OlderPage {
  messages: Message[];
  nextCursor: string | null;
}

/** A message sent, as a page's function answers it, and what else the page shows of the answer. */
export interface Posted<D> {
  message: Message;
  extra: Partial<D>;
}

/** The page a chat helper works on: its data, the methods it writes itself, and chatMethods'. */
export interface ChatHost<D extends ChatData = ChatData> {
  data: D;
  setData(patch: Partial<D>): void;
  /** the newest page of the conversation `data._id` */
  readNewest(): Promise<ChatPage<D>>;
  readOlder(cursor: string): Promise<OlderPage>;
  post(body: MessageBody): Promise<Posted<D>>;
  load(): Promise<void>;
  refresh(): Promise<void>;
  deliver(body: MessageBody): Promise<void>;
}

/** What sets one chat page apart from the other. */
export interface ChatSpec {
  /** how often the open conversation is read again while the page is on screen */
  pollMs: number;
  /** what the images sent are filed under */
  kind: UploadKind;
  /** the query parameter naming the conversation */
  param: string;
  /** what the page says when the query names none */
  missing: string;
}

/** New messages after the known ones (a re-read of the newest page overlaps what is shown). */
export function mergeMessages(known: Message[], fresh: Message[]): Message[] {
  return appendNew(known, fresh, (m) => m.messageId);
}

function bottomOf(messages: Message[]): string {
  const last = messages[messages.length - 1];
  return last ? `m-${last.messageId}` : '';
}

/** The first page: the newest messages, scrolled to the last; or the error as it came. */
async function loadChat(host: ChatHost, missing: string): Promise<void> {
  if (!host.data._id) {
    host.setData({ view: 'error', error: missing, _loaded: true });
    return;
  }
  const seq = host.data._seq + 1;
  host.setData({ _seq: seq, view: 'loading' });
  try {
    const page = await host.readNewest();
    if (seq !== host.data._seq) return;
    setTitle(page.title);
    host.setData({
      view: 'ready',
      ...page.extra,
      messages: page.messages,
      olderCursor: page.nextCursor,
      bottom: bottomOf(page.messages),
      error: '',
      _loaded: true,
    });
  } catch (err) {
    if (seq !== host.data._seq) return;
    host.setData({ view: 'error', error: messageOf(err), _loaded: true });
  }
}

/** The newest messages again, keeping what is on screen; scrolls down only when some are new. */
async function refreshChat(host: ChatHost): Promise<void> {
  if (host.data.view !== 'ready') return;
  const seq = host.data._seq;
  try {
    const page = await host.readNewest();
    if (seq !== host.data._seq) return;
    const messages = mergeMessages(host.data.messages, page.messages);
    const grew = messages.length > host.data.messages.length;
    host.setData({ ...page.extra, messages, ...(grew ? { bottom: bottomOf(messages) } : {}) });
  } catch {
    // a missed poll changes nothing on screen; the next one (or a pull) tries again
  }
}

/** Older messages, put before the shown ones. */
async function loadOlder(host: ChatHost): Promise<void> {
  const cursor = host.data.olderCursor;
  if (cursor === null || host.data.loadingOlder) return;
  host.setData({ loadingOlder: true });
  try {
    const page = await host.readOlder(cursor);
    const ids = new Set(host.data.messages.map((m) => m.messageId));
    host.setData({
      messages: [...page.messages.filter((m) => !ids.has(m.messageId)), ...host.data.messages],
      olderCursor: page.nextCursor,
      loadingOlder: false,
    });
  } catch (err) {
    host.setData({ loadingOlder: false });
    toast(messageOf(err));
  }
}

/** Sends one message through the page's `post`; shows it, scrolled to, and what else the answer brings. */
async function deliverMessage(host: ChatHost, body: MessageBody): Promise<void> {
  if (host.data.sending) return;
  host.setData({ sending: true, sendError: '' });
  try {
    const { message, extra } = await host.post(body);
    host.setData({
      sending: false,
      messages: mergeMessages(host.data.messages, [message]),
      ...extra,
      bottom: `m-${message.messageId}`,
    });
  } catch (err) {
    host.setData({ sending: false, sendError: messageOf(err) });
  }
}

/**
 * The page methods both chat pages have alike: opening the conversation the query names, polling
 * while on screen, pull, retry, older messages, the draft, sending text, uploading images (into the
 * caller's folder, under `kind`) and previewing them.
 */
export function chatMethods({ pollMs, kind, param, missing }: ChatSpec) {
  return {
    onLoad(this: ChatHost, query: Record<string, string | undefined>) {
      this.setData({ _id: query[param] ?? '' });
      void this.load();
    },

    load(this: ChatHost): Promise<void> {
      return loadChat(this, missing);
    },

    refresh(this: ChatHost): Promise<void> {
      return refreshChat(this);
    },

    onOlder(this: ChatHost): Promise<void> {
      return loadOlder(this);
    },

    deliver(this: ChatHost, body: MessageBody): Promise<void> {
      return deliverMessage(this, body);
    },

    onShow(this: ChatHost) {
      if (this.data._loaded) void this.refresh();
      stopPolling(this);
      this.data._timer = Number(setInterval(() => void this.refresh(), pollMs));
    },

    onHide(this: ChatHost) {
      stopPolling(this);
    },

    onPullDownRefresh(this: ChatHost) {
      void this.refresh().then(stopPullDownRefresh);
    },

    onRetry(this: ChatHost) {
      void this.load();
    },

    onDraft(this: ChatHost, event: WechatMiniprogram.CustomEvent) {
      this.setData({ draft: textOf(event.detail), sendError: '' });
    },

    async onSend(this: ChatHost): Promise<void> {
      const text = this.data.draft.trim();
      if (!text) {
        this.setData({ sendError: '请输入内容' });
        return;
      }
      await this.deliver({ text });
      if (!this.data.sendError) this.setData({ draft: '' });
    },

    async onImages(this: ChatHost): Promise<void> {
      const { files } = await chooseImages(MAX_IMAGES);
      if (files.length === 0) return;
      this.setData({ sending: true, sendError: '' });
      try {
        // into the staff member's own folder (staff.me): the functions take no one else's images
        const images: string[] = [];
        for (const file of files) images.push(await uploadFile(file, uploadDir, kind));
        this.setData({ sending: false });
        await this.deliver({ images });
      } catch (err) {
        this.setData({ sending: false, sendError: err instanceof Error ? err.message : '上传失败，请重试' });
      }
    },

    onPreview(event: WechatMiniprogram.TouchEvent) {
      void previewFiles(dataTexts(event, 'images')).then((ok) => {
        if (!ok) toast('图片暂时打不开，请稍后重试');
      });
    },
  };
}

/** `lifetimes` of a chat page: closing it stops the poll and drops any answer still on its way. */
export const chatLifetimes = {
  detached(this: ChatHost): void {
    stopPolling(this);
    this.data._seq += 1;
  },
};

/** Stops the page's poll (on hide, and when the page closes). */
export function stopPolling(host: { data: { _timer: number } }): void {
  if (host.data._timer) clearInterval(host.data._timer);
  host.data._timer = 0;
}
