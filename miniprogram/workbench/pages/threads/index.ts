/**
 * The butler's conversations: every person's standing thread with the 健康管家, newest message
 * first (`butler.threads`), with what is unread, a page at a time. Tapping one opens it.
 */
import type { ButlerThread } from '../../../../typings/contract';
import { navigateTo, route } from '../../../adapters/nav';
import { toast } from '../../../adapters/ui';
import { elderBehavior } from '../../../behaviors/elder';
import { threads as listThreads } from '../../../services/butler';
import { messageOf } from '../../../services/call';
import { loadOnAttach, reload, reloadMethods } from '../../../utils/reload';
import { dataText } from '../../lib/events';

export const PAGE_SIZE = 20;
export const THREAD_URL = '/workbench/pages/thread/index';

type View = 'loading' | 'error' | 'empty' | 'list';

interface ThreadsData {
  view: View;
  error: string;
  threads: ButlerThread[];
  nextCursor: string | null;
  more: boolean;
  _seq: number;
  _loaded: boolean;
}

const initialData: ThreadsData = {
  view: 'loading',
  error: '',
  threads: [],
  nextCursor: null,
  more: false,
  _seq: 0,
  _loaded: false,
};

Component({
  options: { pureDataPattern: /^_/ },

  behaviors: [elderBehavior],

  data: initialData,

  lifetimes: loadOnAttach,

  methods: {
    ...reloadMethods,

    onShow() {
      // back from a thread: it is read now
      if (this.data._loaded) void this.load(true);
    },

    onReachBottom() {
      void this.loadMore();
    },

    onThread(event: WechatMiniprogram.TouchEvent) {
      const threadId = dataText(event, 'id');
      if (threadId) navigateTo(route(THREAD_URL, { threadId }), () => toast('会话暂时打不开'));
    },

    load(quiet: boolean): Promise<void> {
      return reload(this, quiet, {
        read: () => listThreads({ limit: PAGE_SIZE }),
        show: (page) => ({
          view: page.threads.length > 0 ? 'list' : 'empty',
          threads: page.threads,
          nextCursor: page.nextCursor,
          error: '',
          _loaded: true,
        }),
        shown: 'list',
        failed: { _loaded: true },
      });
    },

    async loadMore(): Promise<void> {
      const cursor = this.data.nextCursor;
      if (this.data.view !== 'list' || cursor === null || this.data.more) return;
      const seq = this.data._seq;
      this.setData({ more: true });
      try {
        const page = await listThreads({ limit: PAGE_SIZE, cursor });
        if (seq !== this.data._seq) return;
        const known = new Set(this.data.threads.map((t) => t.threadId));
        this.setData({
          threads: [...this.data.threads, ...page.threads.filter((t) => !known.has(t.threadId))],
          nextCursor: page.nextCursor,
          more: false,
        });
      } catch (err) {
        this.setData({ more: false });
        toast(messageOf(err));
      }
    },
  },
});
