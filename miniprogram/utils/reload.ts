/**
 * The load a list page runs on open, on retry, and quietly on pull-down or show. Each load takes a
 * new sequence number and only the newest one's answer is shown. A loud load shows the skeleton
 * first; a quiet one keeps the page on screen, and when it fails while the page shows its content
 * (`shown`) it only says why in a toast. Otherwise a failure shows the error as it came.
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
  /** reads the page's content (throws on failure) */
  read: () => Promise<T>;
  /** what to show of the answer */
  show: (answer: T) => Partial<D>;
  /** the view in which a quiet load's failure only toasts */
  shown: string;
  /** added to the error state (e.g. `_loaded: true`) */
  failed?: Partial<D>;
}

export async function reload<D extends ReloadData, T>(
  host: ReloadHost<D>,
  quiet: boolean,
  { read, show, shown, failed }: Reload<D, T>,
): Promise<void> {
  const seq = host.data._seq + 1;
  host.setData((quiet ? { _seq: seq } : { _seq: seq, view: 'loading' }) as Partial<D>);
  try {
    const answer = await read();
    if (seq !== host.data._seq) return;
    host.setData(show(answer));
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
interface Loader {
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
