/**
 * 通知发件箱 (admins, R5.3): the notices the functions wrote, by status — failed and skipped
 * first, the ones ops look at — with their error, newest first, a page at a time
 * (`admin.outbox`). A failed or skipped notice can be sent again (`admin.retryNotice`) once the
 * cause (a template id, a setting, the member's consent) is fixed.
 */
import type { NoticeStatus, OpsNotice } from '../../../../typings/contract';
import { toast } from '../../../adapters/ui';
import { outbox, retryNotice } from '../../../services/admin';
import { messageOf } from '../../../services/call';
import { dataText } from '../../../utils/events';
import { definePage } from '../../../utils/page';
import { appendNew, loadMore, loadOnAttach } from '../../../utils/reload';

export const STATUSES: readonly NoticeStatus[] = ['failed', 'skipped', 'pending', 'sent'];
export const PAGE_SIZE = 20;

type View = 'loading' | 'error' | 'empty' | 'list';

interface OutboxData {
  statuses: readonly NoticeStatus[];
  active: number;
  status: NoticeStatus;
  counts: Partial<Record<NoticeStatus, number>>;
  view: View;
  error: string;
  notices: OpsNotice[];
  nextCursor: string | null;
  more: boolean;
  /** the notice being sent again */
  retrying: string;
  _seq: number;
}

const initialData: OutboxData = {
  statuses: STATUSES,
  active: 0,
  status: 'failed',
  counts: {},
  view: 'loading',
  error: '',
  notices: [],
  nextCursor: null,
  more: false,
  retrying: '',
  _seq: 0,
};

definePage({
  data: initialData,

  lifetimes: loadOnAttach,

  reload: {
    read: ({ status }) => outbox({ status, limit: PAGE_SIZE }),
    show: (first) => ({
      view: first.notices.length > 0 ? 'list' : 'empty',
      notices: first.notices,
      nextCursor: first.nextCursor,
      counts: first.counts,
      error: '',
    }),
    shown: 'list',
  },

  methods: {
    onReachBottom() {
      void this.loadMore();
    },

    onStatus(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const status = STATUSES[event.detail.index];
      if (!status || status === this.data.status) return;
      this.setData({ active: event.detail.index, status, notices: [] });
      void this.load(false);
    },

    loadMore(): Promise<void> {
      return loadMore(
        this,
        'list',
        (cursor) => outbox({ status: this.data.status, limit: PAGE_SIZE, cursor }),
        (next) => ({ notices: appendNew(this.data.notices, next.notices, (n) => n.noticeId), counts: next.counts }),
      );
    },

    async onResend(event: WechatMiniprogram.TouchEvent): Promise<void> {
      const noticeId = dataText(event, 'id');
      if (!noticeId || this.data.retrying) return;
      this.setData({ retrying: noticeId });
      try {
        await retryNotice(noticeId);
        toast('已重新排队发送');
        this.setData({ retrying: '' });
        await this.load(true);
      } catch (err) {
        this.setData({ retrying: '' });
        toast(messageOf(err));
      }
    },
  },
});
