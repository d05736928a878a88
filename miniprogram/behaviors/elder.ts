/**
 * 大字模式 for a page: add `behaviors: [elderBehavior]` to its Component() and put
 * `class="… {{ elder ? 'elder' : '' }}"` on its root view. The `.elder` rule in app.wxss scales
 * the --bc-font-* variables (and vant's) ×1.25 and sets `--bc-grid-columns: 3`, so a page that
 * sizes text and grids through those variables needs nothing else.
 *
 * The flag is read synchronously in `attached`, which runs before the page's first render, and
 * again on every show, so that coming back from 我的 after switching it applies at once.
 */
import { isElderMode } from '../adapters/elder';

export const elderBehavior = Behavior({
  data: { elder: false },

  lifetimes: {
    attached() {
      this.setData({ elder: isElderMode() });
    },
  },

  pageLifetimes: {
    show() {
      const elder = isElderMode();
      if (elder !== this.data.elder) this.setData({ elder });
    },
  },
});
