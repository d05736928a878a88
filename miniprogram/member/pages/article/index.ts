/**
 * One 健康知识 article (`?articleId=`), as `content.article` answers it: title, category, solar term,
 * day, and the body in paragraphs.
 */
import type { Article } from '../../../../typings/contract';
import { messageOf } from '../../../services/call';
import { article } from '../../../services/content';
import { definePage } from '../../../utils/page';
import { currentSolarTerm } from '../../../utils/solar-term';

type View = 'loading' | 'error' | 'article';

interface ArticleData {
  view: View;
  error: string;
  article: Article | null;
  /** today's solar term: the article's term is marked 当季 when they match */
  term: string;
}

const initialData: ArticleData = { view: 'loading', error: '', article: null, term: '' };

definePage({
  /** The page's query: `?articleId=` (not `id`, which every component already has). */
  properties: {
    articleId: { type: String, value: '' },
  },

  data: initialData,

  lifetimes: {
    attached() {
      this.setData({ term: currentSolarTerm(Date.now()) });
      void this.load();
    },
  },

  methods: {
    onRetry() {
      void this.load();
    },

    async load(): Promise<void> {
      this.setData({ view: 'loading' });
      try {
        const answer = await article(this.data.articleId);
        this.setData({ view: 'article', article: answer.article, error: '' });
      } catch (err) {
        this.setData({ view: 'error', error: messageOf(err) });
      }
    },
  },
});
