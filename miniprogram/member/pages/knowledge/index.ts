/**
 * 健康知识: articles by category (van-tabs), newest first, a page at a time, with the current
 * solar term's articles marked 当季 (R5.4 tips follow the solar terms). What is listed, in which
 * order and which categories exist all come from `content.articles`.
 */
import type { ArticleSummary } from '../../../../typings/contract';
import { navigateTo, route } from '../../../adapters/nav';
import { toast } from '../../../adapters/ui';
import { messageOf } from '../../../services/call';
import { articles } from '../../../services/content';
import { definePage } from '../../../utils/page';
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

/** The chosen tab's category; undefined for 全部. */
function categoryOf({ active, tabs }: KnowledgeData): string | undefined {
  return active === 0 ? undefined : tabs[active];
}

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

definePage({
  data: initialData,

  lifetimes: {
    attached() {
      this.setData({ term: currentSolarTerm(Date.now()) });
      void this.load(false);
    },
  },

  /** The first page of the chosen tab. quiet: keep the list on screen while fetching. */
  reload: {
    read: async (data) => {
      const category = categoryOf(data);
      return {
        category,
        answer: await articles({ ...(category === undefined ? {} : { category }), limit: PAGE_SIZE }),
      };
    },
    show: ({ category, answer }) => {
      const tabs = [ALL, ...answer.categories];
      return {
        view: answer.articles.length > 0 ? 'list' : 'empty',
        error: '',
        tabs,
        // a category that is gone (all its articles withdrawn) falls back to 全部
        active: category === undefined ? 0 : Math.max(0, tabs.indexOf(category)),
        articles: answer.articles,
        more: answer.nextCursor === null ? ('end' as const) : ('more' as const),
        moreError: '',
        _cursor: answer.nextCursor,
      };
    },
    shown: 'list',
    // the articles of the tab left behind leave the screen with the skeleton
    loading: { articles: [] },
  },

  methods: {
    onReachBottom() {
      if (this.data.more === 'more') void this.loadMore();
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

    /** The next page, appended; a failure stays in the footer with 重试. */
    async loadMore(): Promise<void> {
      const cursor = this.data._cursor;
      if (cursor === null) return;
      const seq = this.data._seq;
      const category = categoryOf(this.data);
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
