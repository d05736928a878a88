/**
 * 通知发件箱 (admins, R5.3): the notices the functions wrote, by status — failed and skipped
 * first, the ones ops look at — with their error, newest first, a page at a time
 * (`admin.outbox`). A failed or skipped notice can be sent again (`admin.retryNotice`) once the
 * cause (a template id, a setting, the member's consent) is fixed.
 */
import type { NoticeStatus, OpsNotice } from '../../../../typings/contract';
import { stopPullDownRefresh, toast } from '../../../adapters/ui';
import { elderBehavior } from '../../../behaviors/elder';
import { outbox, retryNotice } from '../../../services/admin';
import { messageOf } from '../../../services/call';
import { reload } from '../../../utils/reload';
import { dataText } from '../../lib/events';

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

Component({
  options: { pureDataPattern: /^_/ },

  behaviors: [elderBehavior],

  data: initialData,

  lifetimes: {
    attached() {
      void this.load(false);
    },
  },

  methods: {
    onPullDownRefresh() {
      void this.load(true).then(stopPullDownRefresh);
    },

    onReachBottom() {
      void this.loadMore();
    },

    onRetryLoad() {
      void this.load(false);
    },

    onStatus(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const status = STATUSES[event.detail.index];
      if (!status || status === this.data.status) return;
      this.setData({ active: event.detail.index, status, notices: [] });
      void this.load(false);
    },

    load(quiet: boolean): Promise<void> {
      const status = this.data.status;
      return reload(this, quiet, {
        read: () => outbox({ status, limit: PAGE_SIZE }),
        show: (page) => ({
          view: page.notices.length > 0 ? 'list' : 'empty',
          notices: page.notices,
          nextCursor: page.nextCursor,
          counts: page.counts,
          error: '',
        }),
        shown: 'list',
      });
    },

    async loadMore(): Promise<void> {
      const cursor = this.data.nextCursor;
      if (this.data.view !== 'list' || cursor === null || this.data.more) return;
      const seq = this.data._seq;
      this.setData({ more: true });
      try {
        const page = await outbox({ status: this.data.status, limit: PAGE_SIZE, cursor });
        if (seq !== this.data._seq) return;
        const known = new Set(this.data.notices.map((n) => n.noticeId));
        this.setData({
          notices: [...this.data.notices, ...page.notices.filter((n) => !known.has(n.noticeId))],
          nextCursor: page.nextCursor,
          counts: page.counts,
          more: false,
        });
      } catch (err) {
        this.setData({ more: false });
        toast(messageOf(err));
      }
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
