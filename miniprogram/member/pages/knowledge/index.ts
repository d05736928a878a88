/**
 * 健康知识: articles by category (van-tabs), newest first, a page at a time, with the current
 * solar term's articles marked 当季 (R5.4 tips follow the solar terms). What is listed, in which
 * order and which categories exist all come from `content.articles`.
 */
import type { ArticleSummary } from '../../../../typings/contract';
import { navigateTo, route } from '../../../adapters/nav';
import { stopPullDownRefresh, toast } from '../../../adapters/ui';
import { elderBehavior } from '../../../behaviors/elder';
import { messageOf } from '../../../services/call';
import { articles } from '../../../services/content';
import { currentSolarTerm } from '../../../utils/solar-term';

type View = 'loading' | 'error' | 'empty' | 'list';
/** The footer under the list: more to load, loading it, all shown, or the next page failed. */
type More = 'more' | 'loading' | 'end' | 'error';

interface KnowledgeData {
  view: View;
  error: string;
  /** the tabs: 全部, then the categories as answered */
  tabs: string[];
  active: number;
  articles: ArticleSummary[];
  more: More;
  moreError: string;
  /** the solar term of today, '' when unknown */
  term: string;
  _cursor: string | null;
  _seq: number;
}

export const ARTICLE_URL = '/member/pages/article/index';
export const PAGE_SIZE = 10;
const ALL = '全部';

const initialData: KnowledgeData = {
  view: 'loading',
  error: '',
  tabs: [ALL],
  active: 0,
  articles: [],
  more: 'end',
  moreError: '',
  term: '',
  _cursor: null,
  _seq: 0,
};

Component({
  behaviors: [elderBehavior],

  options: {
    pureDataPattern: /^_/,
  },

  data: initialData,

  lifetimes: {
    attached() {
      this.setData({ term: currentSolarTerm(Date.now()) });
      void this.load(false);
    },
  },

  methods: {
    onPullDownRefresh() {
      void this.load(true).then(stopPullDownRefresh);
    },

    onReachBottom() {
      if (this.data.more === 'more') void this.loadMore();
    },

    onRetry() {
      void this.load(false);
    },

    onMoreRetry() {
      void this.loadMore();
    },

    onTab(e: WechatMiniprogram.CustomEvent<{ index?: number }>) {
      const index = e.detail.index ?? 0;
      if (index === this.data.active) return;
      this.setData({ active: index });
      void this.load(false);
    },

    onShowAll() {
      this.setData({ active: 0 });
      void this.load(false);
    },

    onArticle(e: WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, { id?: string }>) {
      const id = e.currentTarget.dataset.id;
      if (id) navigateTo(route(ARTICLE_URL, { articleId: id }), () => toast('该页面即将开放'));
    },

    category(): string | undefined {
      return this.data.active === 0 ? undefined : this.data.tabs[this.data.active];
    },

    /** The first page of the chosen tab. quiet: keep the list on screen while fetching. */
    async load(quiet: boolean): Promise<void> {
      const seq = this.data._seq + 1;
      this.setData(quiet ? { _seq: seq } : { _seq: seq, view: 'loading', articles: [] });
      const category = this.category();
      try {
        const answer = await articles({ ...(category === undefined ? {} : { category }), limit: PAGE_SIZE });
        if (seq !== this.data._seq) return;
        const tabs = [ALL, ...answer.categories];
        // a category that is gone (all its articles withdrawn) falls back to 全部
        const active = category === undefined ? 0 : Math.max(0, tabs.indexOf(category));
        this.setData({
          view: answer.articles.length > 0 ? 'list' : 'empty',
          error: '',
          tabs,
          active,
          articles: answer.articles,
          more: answer.nextCursor === null ? 'end' : 'more',
          moreError: '',
          _cursor: answer.nextCursor,
        });
      } catch (err) {
        if (seq !== this.data._seq) return;
        if (quiet && this.data.view === 'list') {
          toast(messageOf(err));
          return;
        }
        this.setData({ view: 'error', error: messageOf(err) });
      }
    },

    /** The next page, appended; a failure stays in the footer with 重试. */
    async loadMore(): Promise<void> {
      const cursor = this.data._cursor;
      if (cursor === null) return;
      const seq = this.data._seq;
      const category = this.category();
      this.setData({ more: 'loading', moreError: '' });
      try {
        const answer = await articles({ ...(category === undefined ? {} : { category }), cursor, limit: PAGE_SIZE });
        if (seq !== this.data._seq) return;
        this.setData({
          articles: [...this.data.articles, ...answer.articles],
          more: answer.nextCursor === null ? 'end' : 'more',
          _cursor: answer.nextCursor,
        });
      } catch (err) {
        if (seq !== this.data._seq) return;
        this.setData({ more: 'error', moreError: messageOf(err) });
      }
    },
  },
});
