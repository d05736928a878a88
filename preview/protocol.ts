/**
 * What the preview's three parts say to each other: the browser shell (preview/client), the
 * HTTP server (preview/server.ts) and one session worker per browser tab (preview/session.ts).
 * The server relays: a browser action goes to the tab's worker as it is, and every render the
 * worker posts goes to the tab over server-sent events.
 */

/** What the browser asks of its session. `n` names an element of the last render (data-n). */
export type Action =
  | { type: 'tap'; n: number; x?: number; y?: number }
  | { type: 'longpress'; n: number }
  | { type: 'input'; n: number; value: string }
  | { type: 'focus'; n: number; value: string }
  | { type: 'blur'; n: number; value: string }
  | { type: 'confirm'; n: number; value: string }
  /** a picker (native date/time input or select) or switch answered */
  | { type: 'change'; n: number; value: string | number | boolean }
  /** the swiper `n` shows slide `current` */
  | { type: 'swipe'; n: number; current: number }
  /** the page's scroll position, for onPageScroll and onReachBottom */
  | { type: 'scroll'; top: number; bottom: boolean }
  /** reLaunch: close everything and open `route` */
  | { type: 'open'; route: string; query?: Record<string, string> }
  | { type: 'back' }
  | { type: 'tab'; route: string }
  | { type: 'pulldown' }
  | { type: 'capsule' }
  /** switch WeChat user: everything closes and `route` (default: the first page) opens */
  | { type: 'identity'; openid: string; route?: string; query?: Record<string, string> }
  | { type: 'elder'; on: boolean }
  | { type: 'modal'; confirm: boolean; content?: string }
  | { type: 'sheet'; index: number }
  | { type: 'share'; openid: string | null }
  | { type: 'dismiss' };

export interface ToastView {
  title: string;
  icon: 'success' | 'error' | 'loading' | 'none';
}

export interface ModalView {
  title: string;
  content: string;
  showCancel: boolean;
  cancelText: string;
  confirmText: string;
  cancelColor: string;
  confirmColor: string;
  editable: boolean;
  placeholderText: string;
}

export interface ShareView {
  title: string;
  path: string;
  imageUrl: string;
}

export interface Overlays {
  toast: ToastView | null;
  loading: { title: string; mask: boolean } | null;
  modal: ModalView | null;
  sheet: { items: string[]; itemColor: string; alertText: string } | null;
  share: ShareView | null;
  preview: { urls: string[]; current: string } | null;
  refreshing: boolean;
}

export interface PageView {
  /** one per opened page: a new key is a new page (scroll starts at the top) */
  key: number;
  route: string;
  query: Record<string, string>;
  html: string;
  title: string;
  navBackground: string;
  navText: 'white' | 'black';
  /** `navigationStyle: custom`: the page draws its own bar */
  navCustom: boolean;
  background: string;
  pullDown: boolean;
  /** index in app.json's tabBar.list, or null when the page is not a tab */
  tab: number | null;
}

export interface CallRecord {
  at: string;
  name: string;
  action: string;
  outcome: string;
  ms: number;
}

export interface Render {
  version: number;
  openid: string;
  elder: boolean;
  page: PageView | null;
  stack: { route: string; query: Record<string, string> }[];
  overlays: Overlays;
  /** pages whose CSS the shell must have loaded (routes) */
  styles: string[];
  /** wx.pageScrollTo: a new `seq` asks the shell to scroll */
  scroll: { seq: number; top: number } | null;
  /** the latest service calls, newest last */
  calls: CallRecord[];
  /** errors thrown by page code, newest last */
  errors: string[];
  /** service calls still waiting for an answer */
  pending: number;
}

/** Session modes for screenshots and demos, given when the session starts. */
export interface SessionMode {
  /** every service call fails: 'network' as if offline, or an error code with the cloud's message */
  fail?: string;
  /** service calls never answer: the loading state stays */
  hold?: boolean;
  /** 大字模式 on before the first page opens */
  elder?: boolean;
}

export interface SessionInit {
  root: string;
  /** the URL prefix the built copy's files (images) are served under */
  assets: string;
  base: string;
  openid: string;
  route: string;
  query: Record<string, string>;
  mode: SessionMode;
}

/** Worker → server. */
export type WorkerMessage = { type: 'render'; render: Render } | { type: 'idle'; ticket: number; version: number };

/** Server → worker. */
export type ServerMessage = { type: 'action'; action: Action } | { type: 'idle'; ticket: number; quietMs: number };

/** The identities the switcher offers (server/local/seed.ts DEMO), with what each is. */
export interface Identity {
  openid: string;
  label: string;
  /** where this identity starts */
  route: string;
}

export interface Meta {
  routes: { route: string; package: string; exists: boolean; title: string }[];
  identities: Identity[];
  tabBar: { route: string; text: string; icon: string; activeIcon: string }[];
  tabColors: { color: string; selectedColor: string; backgroundColor: string };
  /** the demo card a newcomer activates (when this server started the cloud and seeded it) */
  demoCard: { cardNo: string; code: string } | null;
  cloud: string;
  build: string;
  /** why the newest miniprogram/ did not build ('' when it did): the last good build is shown */
  buildError: string;
}
