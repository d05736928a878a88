/**
 * One preview session (one browser tab), in its own worker thread: a jsdom document in which
 * miniprogram-simulate runs the real pages from the built copy of miniprogram/, a `wx` that
 * behaves like WeChat's for what the pages use (page stack, toasts, modals, storage…), and the
 * service layer's transport pointed at the local cloud as the session's WeChat user.
 *
 * Its own thread because `wx`, `getCurrentPages` and the module registry are globals: two tabs
 * with two identities must not share them. The server sends actions (a tap on element n, text
 * typed…); every change of the simulated DOM or of the overlays posts a fresh render.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parentPort, workerData } from 'worker_threads';
import { JSDOM } from 'jsdom';
import type {
  Action,
  CallRecord,
  ModalView,
  Overlays,
  Render,
  ServerMessage,
  SessionInit,
  ShareView,
  WorkerMessage,
} from './protocol';
import { attrsOf, serialize, shownValue, truthy, wxElementOf, type SerializeState } from './serialize';
import { rpxToPx, PHONE_HEIGHT, PHONE_WIDTH } from './wxss';
import { readApp, routeTag, type AppJson, type PageJson } from './app';

const init = workerData as SessionInit;
if (!parentPort) throw new Error('session.ts runs as a worker thread');
const port = parentPort;

// ---- the document simulate renders into, and the globals it expects -------------------------

const jsdom = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
  pretendToBeVisual: true,
  url: 'http://preview.local/',
});
const win = jsdom.window;
const g = globalThis as Record<string, unknown>;
for (const key of Object.getOwnPropertyNames(win)) {
  if (key in g) continue;
  try {
    g[key] = Reflect.get(win, key);
  } catch {
    // a getter that needs the window as `this`; nothing simulate uses
  }
}
// Node has its own Event classes; jsdom's elements accept only jsdom's.
for (const key of ['window', 'document', 'navigator', 'Event', 'CustomEvent', 'EventTarget', 'Node', 'Element']) {
  g[key] = key === 'window' ? win : Reflect.get(win, key);
}
g['getComputedStyle'] = win.getComputedStyle.bind(win);
g['requestAnimationFrame'] = (fn: (t: number) => void) => setTimeout(() => fn(Date.now()), 16);
g['cancelAnimationFrame'] = (id: ReturnType<typeof setTimeout>) => clearTimeout(id);

// Page code's errors: exparser catches them and reports on console.error; the shell shows them.
const errors: string[] = [];
const consoleError = console.error.bind(console);
console.error = (...args: unknown[]) => {
  const text = args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' ');
  errors.push(text.slice(0, 2000));
  if (errors.length > 20) errors.shift();
  consoleError('[page]', ...args);
  scheduleRender();
};

// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped; the copy simulate uses
const exparser = require('miniprogram-exparser') as ExparserModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped internals, patched
const jComponentUtils = require('j-component/src/tool/utils') as { transformRpx: (s: string) => string };
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped internals, patched
const simulateUtils = require('miniprogram-simulate/src/utils') as { transformRpx: (s: string) => string };
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped internals, wrapped
const jComponent = require('j-component') as { register: (definition: ComponentDefinition) => string };

interface ExparserModule {
  Component: { prototype: object };
  Element: { setMethodCaller(element: object, caller: unknown): void };
  Event: {
    create(name: string, detail: unknown, options: Record<string, unknown>): unknown;
    dispatchEvent(target: object, event: unknown): void;
  };
}
interface ComponentDefinition {
  id?: string;
  options?: { addGlobalClass?: boolean; styleIsolation?: string };
}

// simulate turns 1rpx into 1px; a 375 px phone has 0.5px.
jComponentUtils.transformRpx = rpxToPx;
simulateUtils.transformRpx = rpxToPx;

// Which components let the page's styles in (vant: addGlobalClass), for serialize().
const sharedComponents = new Set<string>();
const register = jComponent.register.bind(jComponent);
jComponent.register = (definition) => {
  const options = definition.options ?? {};
  if (definition.id && (options.addGlobalClass === true || /shared/.test(options.styleIsolation ?? ''))) {
    sharedComponents.add(definition.id);
  }
  return register(definition);
};

// What real WeChat has and simulate lacks (as in test/miniprogram/harness.ts).
if (typeof Reflect.get(exparser.Component.prototype, 'groupSetData') !== 'function') {
  Reflect.set(exparser.Component.prototype, 'groupSetData', (update: () => void) => update());
}
// WeChat answers getRelationNodes with [] when nothing is related; j-component with null, on
// which vant's checkbox (outside a checkbox-group) throws when tapped.
const setMethodCaller = exparser.Element.setMethodCaller.bind(exparser.Element);
exparser.Element.setMethodCaller = (element, caller) => {
  if (typeof caller === 'object' && caller !== null) {
    const relations: unknown = Reflect.get(caller, 'getRelationNodes');
    if (typeof relations === 'function') {
      Reflect.set(caller, 'getRelationNodes', (key: string): unknown => {
        const found: unknown = (relations as (k: string) => unknown).call(caller, key);
        return found ?? [];
      });
    }
  }
  setMethodCaller(element, caller);
};
g['getCurrentPages'] = () => stack.map((entry) => entry.instance);
const appInstance: Record<string, unknown> = { globalData: {} };
g['getApp'] = () => appInstance;

/** What the preview uses of miniprogram-simulate (its own typings bring clashing wx globals). */
interface Simulate {
  load(componentPath: string, tagName: string, options: { rootPath: string }): string;
  render(id: string, properties?: Record<string, unknown>): SimulatedRoot;
}
interface SimulatedRoot {
  readonly instance: unknown;
  readonly dom: unknown;
  attach(parent: Element): void;
  detach(): void;
  triggerPageLifeTime(name: string, ...args: unknown[]): void;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- after the globals it needs
const simulate = require('miniprogram-simulate') as Simulate;

// ---- the app --------------------------------------------------------------------------------

const root = init.root;
const app: AppJson = readApp(root);
const tabRoutes = (app.tabBar?.list ?? []).map((t) => t.pagePath);

interface PageEntry {
  key: number;
  route: string;
  query: Record<string, string>;
  json: PageJson;
  component: SimulatedRoot;
  instance: Record<string, unknown>;
  container: HTMLElement;
  title: string | null;
  state: SerializeState;
}

let stack: PageEntry[] = [];
const tabPages = new Map<string, PageEntry>();
let pageKeys = 0;
const ids = { ids: new WeakMap<Element, number>(), next: 0 };
const swiperCurrent = new WeakMap<Element, number>();
const typed = new WeakMap<Element, { value: string; attr: string }>();

let openid = init.openid;
const storages = new Map<string, Map<string, unknown>>();
function storage(): Map<string, unknown> {
  let found = storages.get(openid);
  if (!found) {
    found = new Map();
    storages.set(openid, found);
  }
  return found;
}
if (init.mode.elder === true) storage().set('bluecard.elderMode', true);

const overlays: Overlays = {
  toast: null,
  loading: null,
  modal: null,
  sheet: null,
  share: null,
  preview: null,
  refreshing: false,
};
let toastTimer: ReturnType<typeof setTimeout> | null = null;
let modalAnswer: ((confirm: boolean, content: string) => void) | null = null;
let sheetAnswer: ((index: number) => void) | null = null;
let scroll: { seq: number; top: number } | null = null;
const calls: CallRecord[] = [];
let pending = 0;

// ---- the service layer: its transport goes to the local cloud as `openid` ---------------------

interface CallModule {
  setTransport(t: Transport): Transport;
}
type Envelope = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };
type Transport = (name: string, data: { action: string } & Record<string, unknown>) => Promise<Envelope>;
interface TransportModule {
  httpTransport(options: { base: string; openid: string }): Transport;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the built copy, at run time
const services = require(path.join(root, 'services/call.js')) as CallModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the built copy, at run time
const transports = require(path.join(root, 'services/transport.js')) as TransportModule;

const FAIL_MESSAGES: Record<string, string> = {
  INTERNAL: '系统繁忙，请稍后再试',
  PERMISSION_DENIED: '您没有权限进行此操作',
  NOT_FOUND: '没有找到相关内容',
};

function installTransport(): void {
  const http = transports.httpTransport({ base: init.base, openid });
  services.setTransport(async (name, data) => {
    const started = Date.now();
    const record = (outcome: string) => {
      calls.push({ at: new Date().toISOString(), name, action: data.action, outcome, ms: Date.now() - started });
      if (calls.length > 30) calls.shift();
    };
    const fail = init.mode.fail;
    if (init.mode.hold === true) {
      record('held');
      return new Promise<Envelope>(() => undefined);
    }
    pending++;
    scheduleRender();
    try {
      if (fail === 'network') throw new Error('preview: offline');
      if (fail) {
        record(fail);
        return { ok: false, error: { code: fail, message: FAIL_MESSAGES[fail] ?? '系统繁忙，请稍后再试' } };
      }
      const answer = await http(name, data);
      record(answer.ok ? 'ok' : `${answer.error.code} ${answer.error.message}`);
      return answer;
    } catch (err) {
      record(`network: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    } finally {
      pending--;
      scheduleRender();
    }
  });
}
installTransport();

// ---- pages ----------------------------------------------------------------------------------

function pageExists(route: string): boolean {
  return fs.existsSync(path.join(root, `${route}.json`)) && fs.existsSync(path.join(root, `${route}.js`));
}

function isAppRoute(route: string): boolean {
  if (app.pages.includes(route)) return true;
  return (app.subpackages ?? []).some((p) => p.pages.some((page) => `${p.root}/${page}` === route));
}

function parseUrl(url: string): { route: string; query: Record<string, string> } {
  const [rawPath = '', search = ''] = url.split('?');
  let route = rawPath;
  if (!route.startsWith('/')) {
    const current = stack.at(-1)?.route ?? '';
    route = path.posix.join(path.posix.dirname(`/${current}`), route);
  }
  route = route.replace(/^\/+/, '');
  const query: Record<string, string> = {};
  for (const pair of search.split('&').filter(Boolean)) {
    const at = pair.indexOf('=');
    const key = at < 0 ? pair : pair.slice(0, at);
    const value = at < 0 ? '' : pair.slice(at + 1);
    try {
      query[decodeURIComponent(key)] = decodeURIComponent(value);
    } catch {
      query[key] = value;
    }
  }
  return { route, query };
}

function readPageJson(route: string): PageJson {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, `${route}.json`), 'utf8')) as PageJson;
  } catch {
    return {};
  }
}

function call(instance: Record<string, unknown>, method: string, ...args: unknown[]): unknown {
  const fn: unknown = instance[method];
  if (typeof fn !== 'function') return undefined;
  try {
    return (fn as (...a: unknown[]) => unknown).apply(instance, args);
  } catch (err) {
    console.error(`${method} threw`, err);
    return undefined;
  }
}

/** Loads, renders and attaches `route`; then onLoad(query) and the first show, as WeChat does. */
function openPage(route: string, query: Record<string, string>): PageEntry {
  const tag = routeTag(route);
  const id = simulate.load(path.join(root, route), tag, { rootPath: root });
  const component = simulate.render(id, query);
  const container = document.createElement('div');
  document.body.appendChild(container);
  const instance = component.instance as Record<string, unknown>;
  instance['route'] = route;
  instance['options'] = query;
  const entry: PageEntry = {
    key: ++pageKeys,
    route,
    query,
    json: readPageJson(route),
    component,
    instance,
    container,
    title: null,
    state: {
      ids: ids.ids,
      next: 0,
      byId: new Map(),
      pagePrefix: tag,
      shared: sharedComponents,
      swiperCurrent,
      typed,
      assets: init.assets,
    },
  };
  stack.push(entry);
  component.attach(container);
  call(instance, 'onLoad', { ...query });
  show(entry);
  return entry;
}

function show(entry: PageEntry): void {
  call(entry.instance, 'onShow');
  entry.component.triggerPageLifeTime('show');
  scheduleRender();
}

function hide(entry: PageEntry): void {
  call(entry.instance, 'onHide');
  entry.component.triggerPageLifeTime('hide');
}

function unload(entry: PageEntry): void {
  call(entry.instance, 'onUnload');
  try {
    entry.component.detach();
  } catch (err) {
    console.error('detach failed', err);
  }
  entry.container.remove();
}

function closeAll(): void {
  for (const entry of stack) if (!tabRoutes.includes(entry.route)) unload(entry);
  for (const entry of tabPages.values()) unload(entry);
  stack = [];
  tabPages.clear();
}

type NavResult = { ok: true } | { ok: false; errMsg: string };

function navigate(kind: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch', url: string): NavResult {
  const { route, query } = parseUrl(url);
  if (!isAppRoute(route) || !pageExists(route))
    return { ok: false, errMsg: `${kind}:fail page "${route}" is not found` };
  const isTab = tabRoutes.includes(route);
  if ((kind === 'navigateTo' || kind === 'redirectTo') && isTab) {
    return { ok: false, errMsg: `${kind}:fail can not ${kind} a tabbar page` };
  }
  if (kind === 'switchTab' && !isTab) return { ok: false, errMsg: 'switchTab:fail can not switch to no-tabBar page' };
  if (kind === 'navigateTo' && stack.length >= 10)
    return { ok: false, errMsg: 'navigateTo:fail webview count limit exceed' };
  dismissTransient();
  try {
    if (kind === 'navigateTo') {
      const top = stack.at(-1);
      if (top) hide(top);
      openPage(route, query);
    } else if (kind === 'redirectTo') {
      const top = stack.pop();
      if (top) unload(top);
      openPage(route, query);
    } else if (kind === 'switchTab') {
      const top = stack.at(-1);
      for (const entry of stack) {
        if (tabRoutes.includes(entry.route)) {
          if (entry === top) hide(entry);
        } else unload(entry);
      }
      stack = [];
      const existing = tabPages.get(route);
      if (existing) {
        stack.push(existing);
        show(existing);
      } else {
        tabPages.set(route, openPage(route, query));
      }
    } else {
      closeAll();
      const entry = openPage(route, query);
      if (isTab) tabPages.set(route, entry);
    }
  } catch (err) {
    console.error(`${kind} ${route} failed`, err);
    return { ok: false, errMsg: `${kind}:fail ${err instanceof Error ? err.message : String(err)}` };
  }
  scheduleRender();
  return { ok: true };
}

function navigateBack(delta = 1): NavResult {
  if (stack.length <= 1) return { ok: false, errMsg: 'navigateBack:fail cannot navigate back at first page.' };
  dismissTransient();
  const count = Math.min(Math.max(1, delta), stack.length - 1);
  for (let i = 0; i < count; i++) {
    const top = stack.pop();
    if (top) unload(top);
  }
  const now = stack.at(-1);
  if (now) show(now);
  scheduleRender();
  return { ok: true };
}

/** A toast or a sheet belongs to the page that showed it; a modal too. */
function dismissTransient(): void {
  overlays.toast = null;
  overlays.sheet = null;
  overlays.share = null;
  overlays.preview = null;
}

// ---- wx ---------------------------------------------------------------------------------------

interface Callbacks {
  success?: (res: unknown) => void;
  fail?: (res: unknown) => void;
  complete?: (res: unknown) => void;
}

/** WeChat's callback-or-promise convention, answered asynchronously as WeChat does. */
function answer(options: Callbacks | undefined, ok: boolean, result: Record<string, unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    setTimeout(() => {
      try {
        if (ok) options?.success?.(result);
        else options?.fail?.(result);
        options?.complete?.(result);
      } catch (err) {
        console.error('wx callback threw', err);
      }
      const hasCallback = options?.success || options?.fail || options?.complete;
      if (ok) resolve(result);
      else if (hasCallback) resolve(result);
      else reject(new Error(String(result['errMsg'])));
    }, 0);
  });
}

function navResult(name: string, result: NavResult, options: Callbacks | undefined): Promise<unknown> {
  return result.ok
    ? answer(options, true, { errMsg: `${name}:ok` })
    : answer(options, false, { errMsg: result.errMsg });
}

function showToast(toast: Overlays['toast'], duration: number): void {
  overlays.toast = toast;
  overlays.loading = null;
  if (toastTimer) clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    overlays.toast = null;
    scheduleRender();
  }, duration);
  scheduleRender();
}

type Opts = Record<string, unknown> & Callbacks;

function s(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback;
}

const SYSTEM = {
  brand: 'preview',
  model: 'Bluecard preview (375×812)',
  pixelRatio: 2,
  screenWidth: PHONE_WIDTH,
  screenHeight: PHONE_HEIGHT,
  windowWidth: PHONE_WIDTH,
  windowHeight: PHONE_HEIGHT - 88,
  statusBarHeight: 44,
  language: 'zh_CN',
  version: '8.0.50',
  system: 'iOS 17.0',
  platform: 'ios',
  fontSizeSetting: 16,
  SDKVersion: '3.4.0',
  environment: '',
  safeArea: {
    left: 0,
    right: PHONE_WIDTH,
    top: 44,
    bottom: PHONE_HEIGHT - 34,
    width: PHONE_WIDTH,
    height: PHONE_HEIGHT - 78,
  },
  theme: 'light',
};

const shim: Record<string, unknown> = {
  getSystemInfoSync: () => ({ ...SYSTEM }),
  getWindowInfo: () => ({ ...SYSTEM }),
  getDeviceInfo: () => ({
    brand: SYSTEM.brand,
    model: SYSTEM.model,
    system: SYSTEM.system,
    platform: 'ios',
    pixelRatio: 2,
  }),
  getAppBaseInfo: () => ({ SDKVersion: SYSTEM.SDKVersion, language: 'zh_CN', version: SYSTEM.version, theme: 'light' }),
  getSystemInfo: (o?: Opts) => answer(o, true, { ...SYSTEM, errMsg: 'getSystemInfo:ok' }),
  getMenuButtonBoundingClientRect: () => ({ width: 87, height: 32, top: 50, bottom: 82, left: 281, right: 368 }),
  getAccountInfoSync: () => ({ miniProgram: { appId: 'preview', envVersion: 'develop', version: '' } }),
  canIUse: () => true,

  navigateTo: (o: Opts) => navResult('navigateTo', navigate('navigateTo', s(o.url)), o),
  redirectTo: (o: Opts) => navResult('redirectTo', navigate('redirectTo', s(o.url)), o),
  switchTab: (o: Opts) => navResult('switchTab', navigate('switchTab', s(o.url).split('?')[0] ?? ''), o),
  reLaunch: (o: Opts) => navResult('reLaunch', navigate('reLaunch', s(o.url)), o),
  navigateBack: (o?: Opts) => navResult('navigateBack', navigateBack(Number(o?.['delta'] ?? 1) || 1), o),

  showToast: (o: Opts) => {
    const icon = s(o['icon'], 'success');
    showToast(
      { title: s(o['title']), icon: icon === 'error' || icon === 'loading' || icon === 'none' ? icon : 'success' },
      Number(o['duration'] ?? 1500) || 1500,
    );
    return answer(o, true, { errMsg: 'showToast:ok' });
  },
  hideToast: (o?: Opts) => {
    overlays.toast = null;
    scheduleRender();
    return answer(o, true, { errMsg: 'hideToast:ok' });
  },
  showLoading: (o: Opts) => {
    overlays.loading = { title: s(o['title']), mask: o['mask'] === true };
    scheduleRender();
    return answer(o, true, { errMsg: 'showLoading:ok' });
  },
  hideLoading: (o?: Opts) => {
    overlays.loading = null;
    scheduleRender();
    return answer(o, true, { errMsg: 'hideLoading:ok' });
  },
  showModal: (o: Opts) => {
    const modal: ModalView = {
      title: s(o['title']),
      content: s(o['content']),
      showCancel: o['showCancel'] !== false,
      cancelText: s(o['cancelText'], '取消'),
      confirmText: s(o['confirmText'], '确定'),
      cancelColor: s(o['cancelColor'], '#000000'),
      confirmColor: s(o['confirmColor'], '#576B95'),
      editable: o['editable'] === true,
      placeholderText: s(o['placeholderText']),
    };
    overlays.modal = modal;
    scheduleRender();
    return new Promise((resolve) => {
      modalAnswer = (confirm, content) => {
        overlays.modal = null;
        modalAnswer = null;
        scheduleRender();
        const res = { errMsg: 'showModal:ok', confirm, cancel: !confirm, content };
        resolve(answer(o, true, res));
      };
    });
  },
  showActionSheet: (o: Opts) => {
    const items = Array.isArray(o['itemList']) ? (o['itemList'] as unknown[]).map((i) => s(i)) : [];
    overlays.sheet = { items, itemColor: s(o['itemColor'], '#000000'), alertText: s(o['alertText']) };
    scheduleRender();
    return new Promise((resolve) => {
      sheetAnswer = (index) => {
        overlays.sheet = null;
        sheetAnswer = null;
        scheduleRender();
        resolve(
          index >= 0
            ? answer(o, true, { errMsg: 'showActionSheet:ok', tapIndex: index })
            : answer(o, false, { errMsg: 'showActionSheet:fail cancel' }),
        );
      };
    });
  },
  setNavigationBarTitle: (o: Opts) => {
    const top = stack.at(-1);
    if (top) top.title = s(o['title']);
    scheduleRender();
    return answer(o, true, { errMsg: 'setNavigationBarTitle:ok' });
  },
  setNavigationBarColor: (o?: Opts) => answer(o, true, { errMsg: 'setNavigationBarColor:ok' }),
  showNavigationBarLoading: () => undefined,
  hideNavigationBarLoading: () => undefined,
  startPullDownRefresh: (o?: Opts) => {
    overlays.refreshing = true;
    scheduleRender();
    const top = stack.at(-1);
    if (top) call(top.instance, 'onPullDownRefresh');
    return answer(o, true, { errMsg: 'startPullDownRefresh:ok' });
  },
  stopPullDownRefresh: (o?: Opts) => {
    overlays.refreshing = false;
    scheduleRender();
    return answer(o, true, { errMsg: 'stopPullDownRefresh:ok' });
  },
  pageScrollTo: (o: Opts) => {
    scroll = { seq: (scroll?.seq ?? 0) + 1, top: Number(o['scrollTop'] ?? 0) || 0 };
    scheduleRender();
    return answer(o, true, { errMsg: 'pageScrollTo:ok' });
  },
  hideShareMenu: (o?: Opts) => answer(o, true, { errMsg: 'hideShareMenu:ok' }),
  showShareMenu: (o?: Opts) => answer(o, true, { errMsg: 'showShareMenu:ok' }),
  hideHomeButton: (o?: Opts) => answer(o, true, { errMsg: 'hideHomeButton:ok' }),
  vibrateShort: (o?: Opts) => answer(o, true, { errMsg: 'vibrateShort:ok' }),

  getStorageSync: (key: string) => (storage().has(key) ? structuredClone(storage().get(key)) : ''),
  setStorageSync: (key: string, value: unknown) => {
    storage().set(key, structuredClone(value));
  },
  removeStorageSync: (key: string) => {
    storage().delete(key);
  },
  clearStorageSync: () => storage().clear(),
  getStorage: (o: Opts) => {
    const key = s(o['key']);
    return storage().has(key)
      ? answer(o, true, { errMsg: 'getStorage:ok', data: structuredClone(storage().get(key)) })
      : answer(o, false, { errMsg: 'getStorage:fail data not found' });
  },
  setStorage: (o: Opts) => {
    storage().set(s(o['key']), structuredClone(o['data']));
    return answer(o, true, { errMsg: 'setStorage:ok' });
  },
  removeStorage: (o: Opts) => {
    storage().delete(s(o['key']));
    return answer(o, true, { errMsg: 'removeStorage:ok' });
  },

  getSetting: (o: Opts) =>
    answer(o, true, {
      errMsg: 'getSetting:ok',
      authSetting: {},
      subscriptionsSetting: { mainSwitch: true, itemSettings: {} },
    }),
  requestSubscribeMessage: (o: Opts) => {
    const ids = Array.isArray(o['tmplIds']) ? (o['tmplIds'] as unknown[]).map((i) => s(i)) : [];
    const res: Record<string, unknown> = { errMsg: 'requestSubscribeMessage:ok' };
    for (const id of ids) res[id] = 'accept';
    return answer(o, true, res);
  },
  scanCode: (o: Opts) => {
    showToast({ title: '预览中无法扫码，请手动输入', icon: 'none' }, 1500);
    return answer(o, false, { errMsg: 'scanCode:fail cancel' });
  },
  chooseMedia: (o: Opts) =>
    answer(o, true, {
      errMsg: 'chooseMedia:ok',
      type: 'image',
      tempFiles: [
        { tempFilePath: 'http://tmp/preview-photo.png', size: 245760, fileType: 'image', width: 750, height: 1000 },
      ],
    }),
  chooseImage: (o: Opts) =>
    answer(o, true, {
      errMsg: 'chooseImage:ok',
      tempFilePaths: ['http://tmp/preview-photo.png'],
      tempFiles: [{ path: 'http://tmp/preview-photo.png', size: 245760 }],
    }),
  chooseMessageFile: (o: Opts) =>
    answer(o, true, {
      errMsg: 'chooseMessageFile:ok',
      tempFiles: [{ path: 'http://tmp/体检报告.pdf', name: '体检报告.pdf', size: 524288, type: 'file', time: 0 }],
    }),
  uploadFile: (o: Opts) => answer(o, true, { errMsg: 'uploadFile:ok', statusCode: 200, data: '{}' }),
  previewImage: (o: Opts) => {
    const urls = Array.isArray(o['urls']) ? (o['urls'] as unknown[]).map((u) => s(u)) : [];
    overlays.preview = { urls, current: s(o['current'], urls[0] ?? '') };
    scheduleRender();
    return answer(o, true, { errMsg: 'previewImage:ok' });
  },
  openDocument: (o: Opts) => {
    showToast({ title: '预览中无法打开文件', icon: 'none' }, 1500);
    return answer(o, false, { errMsg: 'openDocument:fail preview' });
  },
  makePhoneCall: (o: Opts) => {
    showToast({ title: `拨打 ${s(o['phoneNumber'])}`, icon: 'none' }, 2000);
    return answer(o, true, { errMsg: 'makePhoneCall:ok' });
  },
  setClipboardData: (o: Opts) => {
    showToast({ title: '内容已复制', icon: 'none' }, 1500);
    return answer(o, true, { errMsg: 'setClipboardData:ok' });
  },
  login: (o?: Opts) => answer(o, true, { errMsg: 'login:ok', code: `preview-${openid}` }),
};

const wxGlobal = Reflect.get(globalThis, 'wx') as Record<string, unknown>;
Object.assign(wxGlobal, shim);
// No 云开发 here: the pages' adapters read that as "not deployed".
Reflect.deleteProperty(wxGlobal, 'cloud');
// Not in the preview's base library: adapters/privacy.ts then treats agreement as given.
for (const name of ['onNeedPrivacyAuthorization', 'requirePrivacyAuthorize', 'openPrivacyContract']) {
  Reflect.deleteProperty(wxGlobal, name);
}

// ---- events from the browser -------------------------------------------------------------------

function fire(el: Element, type: string, detail: unknown, bubbles: boolean, extra: Record<string, unknown> = {}): void {
  const target = wxElementOf(el);
  if (!target) return;
  const original = new win.CustomEvent(type);
  exparser.Event.dispatchEvent(
    target,
    exparser.Event.create(type, detail, {
      originalEvent: original,
      bubbles,
      capturePhase: true,
      composed: bubbles,
      extraFields: { touches: [], changedTouches: [], ...extra },
    }),
  );
}

function element(n: number): Element | null {
  const top = stack.at(-1);
  return top?.state.byId.get(n) ?? null;
}

function closest(el: Element, tag: string): Element | null {
  for (let at: Element | null = el; at; at = at.parentElement) if (at.localName === tag) return at;
  return null;
}

function tap(el: Element, x: number, y: number): void {
  const touch = { identifier: 0, pageX: x, pageY: y, clientX: x, clientY: y, x, y };
  fire(el, 'touchstart', {}, true, { touches: [touch], changedTouches: [touch] });
  fire(el, 'touchend', {}, true, { touches: [], changedTouches: [touch] });
  fire(el, 'tap', { x, y }, true, { touches: [touch], changedTouches: [touch] });

  const button = closest(el, 'wx-button');
  if (button) buttonDefault(button);
  const navigator = closest(el, 'wx-navigator');
  if (navigator) navigatorDefault(navigator);
  const toggle = closest(el, 'wx-switch') ?? closest(el, 'wx-checkbox');
  if (toggle) {
    const attrs = attrsOf(toggle);
    if (!truthy(attrs.get('disabled'))) fire(toggle, 'change', { value: !truthy(attrs.get('checked')) }, false);
  }
  const label = closest(el, 'wx-label');
  if (label) {
    // a label's tap reaches its checkbox/radio/switch (WeChat: the first one inside)
    const inner = label.querySelector('wx-checkbox, wx-radio, wx-switch');
    if (inner && inner !== toggle) tap(inner, x, y);
  }
}

function buttonDefault(button: Element): void {
  const attrs = attrsOf(button);
  if (truthy(attrs.get('disabled')) || truthy(attrs.get('loading'))) return;
  const openType = s(attrs.get('open-type'));
  const formType = s(attrs.get('form-type'));
  if (openType === 'share') {
    share({ from: 'button', target: { id: s(attrs.get('id')), dataset: datasetOf(button) } });
  } else if (openType === 'contact') {
    showToast({ title: '预览中无法打开客服会话', icon: 'none' }, 1500);
  } else if (openType === 'getPhoneNumber') {
    fire(button, 'getphonenumber', { errMsg: 'getPhoneNumber:fail preview' }, false);
  } else if (openType === 'agreePrivacyAuthorization') {
    fire(button, 'agreeprivacyauthorization', { errMsg: 'agreePrivacyAuthorization:ok' }, false);
  } else if (openType === 'openSetting' || openType === 'feedback' || openType === 'launchApp') {
    showToast({ title: '预览中不可用', icon: 'none' }, 1500);
  }
  if (formType === 'submit' || formType === 'reset') {
    const form = closest(button, 'wx-form');
    if (form) fire(form, formType, { value: formValues(form), target: {} }, false);
  }
}

function datasetOf(el: Element): Record<string, unknown> {
  const wx = wxElementOf(el);
  const data: unknown = wx ? Reflect.get(wx, 'dataset') : undefined;
  return typeof data === 'object' && data !== null ? { ...(data as Record<string, unknown>) } : {};
}

function formValues(form: Element): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of Array.from(form.querySelectorAll('wx-input, wx-textarea, wx-switch, wx-picker'))) {
    const attrs = attrsOf(field);
    const name = s(attrs.get('name'));
    if (!name) continue;
    const top = stack.at(-1);
    values[name] =
      field.localName === 'wx-switch'
        ? truthy(attrs.get('checked'))
        : top && field.localName !== 'wx-picker'
          ? shownValue(field, attrs, top.state)
          : attrs.get('value');
  }
  return values;
}

function navigatorDefault(el: Element): void {
  const attrs = attrsOf(el);
  const url = s(attrs.get('url'));
  const kind = s(attrs.get('open-type'), 'navigate');
  if (kind === 'navigateBack') navigateBack(Number(attrs.get('delta') ?? 1) || 1);
  else if (kind === 'switchTab') navigate('switchTab', url.split('?')[0] ?? '');
  else if (kind === 'redirect') navigate('redirectTo', url);
  else if (kind === 'reLaunch') navigate('reLaunch', url);
  else if (kind === 'navigate') {
    const result = navigate('navigateTo', url);
    if (!result.ok) console.error(result.errMsg);
  }
}

/** 转发: the page's onShareAppMessage decides what goes out; the shell shows it as a chat card. */
function share(from: Record<string, unknown>): void {
  const top = stack.at(-1);
  if (!top) return;
  if (typeof top.instance['onShareAppMessage'] !== 'function') {
    showToast({ title: '此页面不能转发', icon: 'none' }, 1500);
    return;
  }
  const result = call(top.instance, 'onShareAppMessage', from);
  const view = (value: unknown): ShareView => {
    const o = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    return {
      title: s(o['title'], s(app.window?.navigationBarTitleText)),
      path: s(o['path'], `/${top.route}`),
      imageUrl: s(o['imageUrl']),
    };
  };
  overlays.share = view(result);
  scheduleRender();
  const promised: unknown = typeof result === 'object' && result !== null ? Reflect.get(result, 'promise') : undefined;
  if (promised instanceof Promise) {
    void promised.then((value: unknown) => {
      if (overlays.share) overlays.share = { ...overlays.share, ...view(value) };
      scheduleRender();
    });
  }
}

function handle(action: Action): void {
  switch (action.type) {
    case 'tap': {
      const el = element(action.n);
      if (el) tap(el, action.x ?? 0, action.y ?? 0);
      break;
    }
    case 'longpress': {
      const el = element(action.n);
      if (el) fire(el, 'longpress', {}, true);
      break;
    }
    case 'input':
    case 'focus':
    case 'blur':
    case 'confirm': {
      const el = element(action.n);
      if (!el) break;
      if (action.type === 'input') typed.set(el, { value: action.value, attr: s(attrsOf(el).get('value')) });
      const detail =
        action.type === 'input'
          ? { value: action.value, cursor: action.value.length, keyCode: 0 }
          : action.type === 'focus'
            ? { value: action.value, height: 0 }
            : { value: action.value };
      fire(el, action.type, detail, false);
      break;
    }
    case 'change': {
      const el = element(action.n);
      if (!el) break;
      fire(el, 'change', { value: action.value }, false);
      break;
    }
    case 'swipe': {
      const el = element(action.n);
      if (!el) break;
      const count = el.querySelectorAll(':scope > wx-swiper-item').length;
      const current = Math.max(0, Math.min(count - 1, action.current));
      swiperCurrent.set(el, current);
      fire(el, 'change', { current, source: 'touch', currentItemId: '' }, false);
      scheduleRender();
      break;
    }
    case 'scroll': {
      const top = stack.at(-1);
      if (!top) break;
      call(top.instance, 'onPageScroll', { scrollTop: action.top });
      if (action.bottom) call(top.instance, 'onReachBottom');
      break;
    }
    case 'open':
      report(navigate('reLaunch', withQuery(action.route, action.query)));
      break;
    case 'back':
      navigateBack(1);
      break;
    case 'tab':
      report(navigate('switchTab', `/${action.route.replace(/^\/+/, '')}`));
      break;
    case 'pulldown': {
      const top = stack.at(-1);
      if (top && typeof top.instance['onPullDownRefresh'] === 'function') {
        overlays.refreshing = true;
        scheduleRender();
        call(top.instance, 'onPullDownRefresh');
        // WeChat stops the spinner by itself after a while if the page never does
        setTimeout(() => {
          overlays.refreshing = false;
          scheduleRender();
        }, 3000);
      }
      break;
    }
    case 'capsule':
      share({ from: 'menu' });
      break;
    case 'identity': {
      closeAll();
      openid = action.openid;
      installTransport();
      report(navigate('reLaunch', withQuery(action.route ?? app.pages[0] ?? '', action.query)));
      break;
    }
    case 'elder': {
      storage().set('bluecard.elderMode', action.on);
      const top = stack.at(-1);
      if (top) {
        hide(top);
        show(top);
      }
      break;
    }
    case 'modal':
      modalAnswer?.(action.confirm, action.content ?? '');
      break;
    case 'sheet':
      sheetAnswer?.(action.index);
      break;
    case 'share': {
      const shared = overlays.share;
      overlays.share = null;
      if (shared && action.openid) {
        closeAll();
        openid = action.openid;
        installTransport();
        report(navigate('reLaunch', shared.path));
      }
      scheduleRender();
      break;
    }
    case 'dismiss':
      overlays.share = null;
      overlays.preview = null;
      overlays.sheet = null;
      if (sheetAnswer) sheetAnswer(-1);
      scheduleRender();
      break;
  }
}

function withQuery(route: string, query: Record<string, string> | undefined): string {
  const pairs = Object.entries(query ?? {}).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return `/${route.replace(/^\/+/, '')}${pairs.length ? `?${pairs.join('&')}` : ''}`;
}

function report(result: NavResult): void {
  if (!result.ok) {
    console.error(result.errMsg);
    showToast({ title: result.errMsg, icon: 'none' }, 2500);
  }
}

// ---- rendering ---------------------------------------------------------------------------------

let version = 0;
let renderTimer: ReturnType<typeof setTimeout> | null = null;
let lastMutation = Date.now();
let lastSent = '';

function scheduleRender(): void {
  lastMutation = Date.now();
  if (renderTimer) return;
  renderTimer = setTimeout(() => {
    renderTimer = null;
    sendRender();
  }, 15);
}

new win.MutationObserver(() => scheduleRender()).observe(document.body, {
  subtree: true,
  childList: true,
  attributes: true,
  characterData: true,
});

function currentRender(): Omit<Render, 'version'> {
  const top = stack.at(-1);
  const window = app.window ?? {};
  let page: Render['page'] = null;
  if (top) {
    const host = top.component.dom as Element;
    const tab = tabRoutes.indexOf(top.route);
    page = {
      key: top.key,
      route: top.route,
      query: top.query,
      html: serialize(host, top.state),
      title: top.title ?? s(top.json.navigationBarTitleText, s(window.navigationBarTitleText)),
      navBackground: s(top.json.navigationBarBackgroundColor, s(window.navigationBarBackgroundColor, '#ffffff')),
      navText:
        s(top.json.navigationBarTextStyle, s(window.navigationBarTextStyle, 'black')) === 'white' ? 'white' : 'black',
      navCustom: s(top.json.navigationStyle, s(window.navigationStyle)) === 'custom',
      background: s(top.json.backgroundColor, s(window.backgroundColor, '#ffffff')),
      pullDown: top.json.enablePullDownRefresh === true || window.enablePullDownRefresh === true,
      tab: tab >= 0 ? tab : null,
    };
  }
  const styles = [...new Set([...stack.map((e) => e.route), ...tabPages.keys()])];
  return {
    openid,
    elder: storage().get('bluecard.elderMode') === true,
    page,
    stack: stack.map((e) => ({ route: e.route, query: e.query })),
    overlays: { ...overlays },
    styles,
    scroll,
    calls: [...calls],
    errors: [...errors],
    pending,
  };
}

function sendRender(): void {
  let body: Omit<Render, 'version'>;
  try {
    body = currentRender();
  } catch (err) {
    consoleError('render failed', err);
    return;
  }
  const text = JSON.stringify(body);
  if (text === lastSent) return;
  lastSent = text;
  const message: WorkerMessage = { type: 'render', render: { version: ++version, ...body } };
  port.postMessage(message);
}

/** Answers once nothing has moved for `quietMs`: no call waiting, no DOM change, no render due. */
function whenIdle(ticket: number, quietMs: number): void {
  const check = () => {
    const quiet = Date.now() - lastMutation >= quietMs;
    if (pending === 0 && renderTimer === null && quiet) {
      sendRender();
      const message: WorkerMessage = { type: 'idle', ticket, version };
      port.postMessage(message);
    } else setTimeout(check, 20);
  };
  check();
}

port.on('message', (message: ServerMessage) => {
  if (message.type === 'idle') {
    whenIdle(message.ticket, message.quietMs);
    return;
  }
  try {
    handle(message.action);
  } catch (err) {
    console.error('action failed', err);
  }
  scheduleRender();
});

process.on('unhandledRejection', (reason) => console.error('unhandled rejection', reason));

// first page
report(navigate('reLaunch', withQuery(init.route || app.pages[0] || '', init.query)));
scheduleRender();
