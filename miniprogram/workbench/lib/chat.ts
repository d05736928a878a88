/**
 * The conversation logic the workbench's chat pages share (the doctor's consult, the butler's
 * thread): the first load, the poll that appends new messages, older messages, and sending text or
 * images. Each page says only how its function reads and sends; what is shown comes from the answer.
 */
import type { Message } from '../../../typings/contract';
import { previewFiles } from '../../adapters/files';
import { setTitle, stopPullDownRefresh, toast } from '../../adapters/ui';
import { chooseImages, uploadFile, type UploadKind } from '../../adapters/upload';
import { messageOf } from '../../services/call';
import { uploadDir } from '../../services/staff';
import { dataTexts, textOf } from './events';

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
  _seq: 0,
  _timer: 0,
  _loaded: false,
};

export interface MessageBody {
  text?: string;
  images?: string[];
}

/** The page a chat helper works on: its data and the methods each page writes for itself. */
export interface ChatHost<D extends ChatData = ChatData> {
  data: D;
  setData(patch: Partial<D>): void;
  load(): Promise<void>;
  refresh(): Promise<void>;
  deliver(body: MessageBody): Promise<void>;
}

/** One page of a conversation as a page reads it: the messages, and what else the page shows. */
export interface ChatPage<D> {
  messages: Message[];
  nextCursor: string | null;
  title: string;
  extra: Partial<D>;
}

/** New messages after the known ones (a re-read of the newest page overlaps what is shown). */
export function mergeMessages(known: Message[], fresh: Message[]): Message[] {
  const ids = new Set(known.map((m) => m.messageId));
  return [...known, ...fresh.filter((m) => !ids.has(m.messageId))];
}

function bottomOf(messages: Message[]): string {
  const last = messages[messages.length - 1];
  return last ? `m-${last.messageId}` : '';
}

/** The first page: the newest messages, scrolled to the last; or the error as it came. */
export async function loadChat<D extends ChatData>(
  host: ChatHost<D>,
  id: string,
  missing: string,
  read: () => Promise<ChatPage<D>>,
): Promise<void> {
  if (!id) {
    host.setData({ view: 'error', error: missing, _loaded: true } as Partial<D>);
    return;
  }
  const seq = host.data._seq + 1;
  host.setData({ _seq: seq, view: 'loading' } as Partial<D>);
  try {
    const page = await read();
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
    host.setData({ view: 'error', error: messageOf(err), _loaded: true } as Partial<D>);
  }
}

/** The newest messages again, keeping what is on screen; scrolls down only when some are new. */
export async function refreshChat<D extends ChatData>(
  host: ChatHost<D>,
  read: () => Promise<ChatPage<D>>,
): Promise<void> {
  if (host.data.view !== 'ready') return;
  const seq = host.data._seq;
  try {
    const page = await read();
    if (seq !== host.data._seq) return;
    const messages = mergeMessages(host.data.messages, page.messages);
    const grew = messages.length > host.data.messages.length;
    host.setData({ ...page.extra, messages, ...(grew ? { bottom: bottomOf(messages) } : {}) });
  } catch {
    // a missed poll changes nothing on screen; the next one (or a pull) tries again
  }
}

/** Older messages, put before the shown ones. */
export async function loadOlder<D extends ChatData>(
  host: ChatHost<D>,
  read: (cursor: string) => Promise<{ messages: Message[]; nextCursor: string | null }>,
): Promise<void> {
  const cursor = host.data.olderCursor;
  if (cursor === null || host.data.loadingOlder) return;
  host.setData({ loadingOlder: true } as Partial<D>);
  try {
    const page = await read(cursor);
    const ids = new Set(host.data.messages.map((m) => m.messageId));
    host.setData({
      messages: [...page.messages.filter((m) => !ids.has(m.messageId)), ...host.data.messages],
      olderCursor: page.nextCursor,
      loadingOlder: false,
    } as Partial<D>);
  } catch (err) {
    host.setData({ loadingOlder: false } as Partial<D>);
    toast(messageOf(err));
  }
}

/** Sends one message through `send` and shows it, scrolled to; `extra` adds what the answer brings. */
export async function deliverMessage<D extends ChatData, A extends { message: Message }>(
  host: ChatHost<D>,
  send: () => Promise<A>,
  extra: (answer: A) => Partial<D> = () => ({}),
): Promise<void> {
  if (host.data.sending) return;
  host.setData({ sending: true, sendError: '' } as Partial<D>);
  try {
    const answer = await send();
    const { message } = answer;
    host.setData({
      sending: false,
      messages: mergeMessages(host.data.messages, [message]),
      ...extra(answer),
      bottom: `m-${message.messageId}`,
    });
  } catch (err) {
    host.setData({ sending: false, sendError: messageOf(err) } as Partial<D>);
  }
}

/**
 * The page methods both chat pages have alike: polling while on screen, pull, retry, the draft,
 * sending text, uploading images (into the caller's folder, under `kind`) and previewing them.
 */
export function chatMethods(pollMs: number, kind: UploadKind) {
  return {
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
