/**
 * The load a list page runs on open, on retry, and quietly on pull-down or show. Each load takes a
 * new sequence number and only the newest one's answer is shown. A loud load shows the skeleton
 * first; a quiet one keeps the page on screen, and when it fails while the page shows its content
 * (`shown`) it only says why in a toast. Otherwise a failure shows the error as it came.
 *
 * A page usually hands its `Reload` to definePage() (utils/page.ts), which makes it the page's
 * `load(quiet)`. `loadMore` is the next page of such a list, where the list pages on.
 */
import { stopPullDownRefresh, toast } from '../adapters/ui';
import { messageOf } from '../services/call';

export interface ReloadData {
  view: string;
  error: string;
  _seq: number;
}

export interface ReloadHost<D extends ReloadData> {
  data: D;
  setData(patch: Partial<D>): void;
}

export interface Reload<D, T> {
  /** reads the page's content (throws on failure); `data` is the page's as the load starts */
  read: (data: D) => Promise<T>;
  /** what to show of the answer; `data` is the page's as the answer comes */
  show: (answer: T, data: D) => Partial<D>;
  /** the view in which a quiet load's failure only toasts */
  shown: string;
  /** added to the error state (e.g. `_loaded: true`) */
  failed?: Partial<D>;
  /** added to a loud load's skeleton (e.g. the rows of the tab left behind) */
  loading?: Partial<D>;
}

export async function reload<D extends ReloadData, T>(
  host: ReloadHost<D>,
  quiet: boolean,
  { read, show, shown, failed, loading }: Reload<D, T>,
): Promise<void> {
  const seq = host.data._seq + 1;
  host.setData((quiet ? { _seq: seq } : { _seq: seq, view: 'loading', ...loading }) as Partial<D>);
  try {
    const answer = await read(host.data);
    if (seq !== host.data._seq) return;
    host.setData(show(answer, host.data));
  } catch (err) {
    if (seq !== host.data._seq) return;
    if (quiet && host.data.view === shown) {
      toast(messageOf(err));
      return;
    }
    host.setData({ view: 'error', error: messageOf(err), ...failed } as Partial<D>);
  }
}

/** A page that loads through `load(quiet)`. */
export interface Loader {
  load(quiet: boolean): Promise<void>;
}

/** `lifetimes` of such a page: it loads when attached. */
export const loadOnAttach = {
  attached(this: Loader): void {
    void this.load(false);
  },
};

/** `methods` of such a page: pull-down reloads quietly; 重试 loads again with the skeleton. */
export const reloadMethods = {
  onPullDownRefresh(this: Loader): void {
    void this.load(true).then(stopPullDownRefresh);
  },

  onRetry(this: Loader): void {
    void this.load(false);
  },
};

/** A list that pages on: the next page's cursor (null at the end), `more` while it is read. */
export interface MoreData extends ReloadData {
  nextCursor: string | null;
  more: boolean;
}

/**
 * The next page of the list (on reaching the bottom), while the list is on screen (`shown`) and no
 * other page is on its way. An answer that comes after a new first load is dropped; a failure only
 * says why in a toast, and the bottom tries again. `show` says what the page adds (its rows,
 * usually through `appendNew`); the cursor and `more` are set here.
 */
export async function loadMore<D extends MoreData, T extends { nextCursor: string | null }>(
  host: ReloadHost<D>,
  shown: string,
  read: (cursor: string) => Promise<T>,
  show: (answer: T) => Partial<D>,
): Promise<void> {
  const cursor = host.data.nextCursor;
  if (host.data.view !== shown || cursor === null || host.data.more) return;
  const seq = host.data._seq;
  host.setData({ more: true } as Partial<D>);
  try {
    const answer = await read(cursor);
    if (seq !== host.data._seq) return;
    host.setData({ ...show(answer), nextCursor: answer.nextCursor, more: false });
  } catch (err) {
    host.setData({ more: false } as Partial<D>);
    toast(messageOf(err));
  }
}

/**
 * `shown`, then the rows of `fresh` not among them: new rows at the top push shown ones onto the
 * next page.
 */
export function appendNew<T>(shown: T[], fresh: T[], idOf: (row: T) => string): T[] {
  const known = new Set(shown.map(idOf));
  return [...shown, ...fresh.filter((row) => !known.has(idOf(row)))];
}
