/**
 * The butler's conversations: every person's standing thread with the 健康管家, newest message
 * first (`butler.threads`), with what is unread, a page at a time. Tapping one opens it.
 */
import type { ButlerThread } from '../../../../typings/contract';
import { navigateTo, route } from '../../../adapters/nav';
import { toast } from '../../../adapters/ui';
import { threads as listThreads } from '../../../services/butler';
import { dataText } from '../../../utils/events';
import { definePage } from '../../../utils/page';
import { appendNew, loadMore, loadOnAttach } from '../../../utils/reload';

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

definePage({
  data: initialData,

  lifetimes: loadOnAttach,

  reload: {
    read: () => listThreads({ limit: PAGE_SIZE }),
    show: (first) => ({
      view: first.threads.length > 0 ? 'list' : 'empty',
      threads: first.threads,
      nextCursor: first.nextCursor,
      error: '',
      _loaded: true,
    }),
    shown: 'list',
    failed: { _loaded: true },
  },

  methods: {
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

    loadMore(): Promise<void> {
      return loadMore(
        this,
        'list',
        (cursor) => listThreads({ limit: PAGE_SIZE, cursor }),
        (next) => ({ threads: appendNew(this.data.threads, next.threads, (t) => t.threadId) }),
      );
    },
  },
});
