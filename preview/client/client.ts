/**
 * The preview's browser side: a phone frame (status bar, WeChat's navigation bar and capsule,
 * the page, the tab bar, WeChat's toasts and dialogs) and the switchers around it. It shows
 * what its session renders (server-sent events) and sends back what the person does: a click
 * becomes a tap on the element's data-n, typing an input event, and so on.
 *
 * URL parameters: openid, route, query (`a=1&b=2`), bare=1 (the phone alone, for screenshots),
 * fail (network | an error code), hold=1 (answers never come), elder=1 (大字模式 on).
 * `window.__preview` lets tests and the screenshot script wait for a settled screen.
 */
import type { Action, Meta, Overlays, Render } from '../protocol';

const params = new URLSearchParams(location.search);
const bare = params.get('bare') === '1';

let meta: Meta;
let sessionId = '';
let last: Render | null = null;
let pageKey = -1;
let applied = 0;
const scrollByKey = new Map<number, number>();
const loadedStyles = new Map<string, Promise<void>>();
let lastInputAt = 0;
let lastScrollSeq = 0;

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') el.className = v;
    else el.setAttribute(k, v);
  }
  for (const c of children) el.append(c);
  return el;
}

function $(selector: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(selector);
  if (!el) throw new Error(`missing ${selector}`);
  return el;
}

async function post(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return res.json() as Promise<unknown>;
}

function act(action: Action): void {
  if (!sessionId) return;
  void post(`/api/session/${sessionId}/action`, action);
}

// ---- the frame ---------------------------------------------------------------------------------

function buildShell(): void {
  const app = $('#app');
  const phone = h(
    'div',
    { class: 'phone', id: 'phone' },
    h(
      'div',
      { class: 'status-bar' },
      h('span', { class: 'status-time' }, '9:41'),
      h('span', { class: 'status-icons', 'aria-hidden': 'true' }, '●●●● 5G ▮'),
    ),
    h(
      'div',
      { class: 'nav-bar', id: 'nav' },
      h('button', { class: 'nav-back', id: 'nav-back', 'aria-label': '返回', title: '返回' }, ''),
      h('button', { class: 'nav-home', id: 'nav-home', 'aria-label': '首页', title: '回到首页' }, ''),
      h('div', { class: 'nav-title', id: 'nav-title' }),
      h(
        'div',
        { class: 'capsule' },
        h('button', { class: 'capsule-more', id: 'capsule-more', 'aria-label': '更多（转发）', title: '转发' }, '···'),
        h('i', { class: 'capsule-line' }),
        h('button', { class: 'capsule-close', 'aria-label': '关闭', tabindex: '-1' }, ''),
      ),
    ),
    h(
      'div',
      { class: 'viewport', id: 'viewport' },
      h(
        'div',
        { class: 'scroller', id: 'scroller' },
        h('div', { class: 'refresh', id: 'refresh' }, h('i'), h('i'), h('i')),
        h('div', { class: 'mp-page', id: 'page' }),
      ),
    ),
    h('div', { class: 'tab-bar', id: 'tabbar' }),
    h('div', { class: 'overlays', id: 'overlays' }),
  );

  if (bare) {
    document.body.classList.add('bare');
    app.append(phone);
    return;
  }

  const identity = h('select', { id: 'identity', 'aria-label': '身份' });
  for (const who of meta.identities)
    identity.append(h('option', { value: who.openid }, `${who.label} · ${who.openid}`));
  const other = h('input', { id: 'openid', placeholder: '其他 openid（新用户）', 'aria-label': '其他 openid' });
  const pages = h('select', { id: 'route', 'aria-label': '页面' });
  const groups = new Map<string, HTMLOptGroupElement>();
  for (const r of meta.routes) {
    let group = groups.get(r.package);
    if (!group) {
      group = h('optgroup', { label: r.package });
      groups.set(r.package, group);
      pages.append(group);
    }
    const option = h(
      'option',
      { value: r.route },
      `${r.title ? `${r.title} · ` : ''}${r.route}${r.exists ? '' : '（尚未完成）'}`,
    );
    if (!r.exists) option.disabled = true;
    group.append(option);
  }
  const query = h('input', { id: 'query', placeholder: 'cardId=…&key=…', 'aria-label': '页面参数' });
  const elder = h('input', { id: 'elder', type: 'checkbox' });
  const card = meta.demoCard
    ? h(
        'div',
        { class: 'demo-card' },
        h('div', {}, '待激活的演示卡（新用户用）'),
        h('div', {}, '卡号 ', h('code', { id: 'demo-card-no' }, meta.demoCard.cardNo)),
        h('div', {}, '激活码 ', h('code', { id: 'demo-card-code' }, meta.demoCard.code)),
      )
    : h('div', { class: 'demo-card' }, '演示卡号见本地云启动时的输出（npm start）。');

  const panel = h(
    'aside',
    { class: 'panel' },
    h('h1', {}, '太医蓝卡 · 预览'),
    h(
      'p',
      { class: 'hint' },
      '真实页面（WXML、WXSS、TypeScript）在服务器端运行，数据来自本地云。点按、输入、跳转都交给页面自己的处理函数。',
    ),
    meta.buildError
      ? h('pre', { class: 'build-error' }, `miniprogram/ 最新的改动没能编译，仍显示上一次的版本：\n${meta.buildError}`)
      : '',
    h('label', {}, '身份'),
    identity,
    h('div', { class: 'row' }, other, h('button', { id: 'identity-go' }, '切换')),
    h('label', {}, '页面'),
    pages,
    h('div', { class: 'row' }, query, h('button', { id: 'route-go' }, '打开')),
    h(
      'div',
      { class: 'row buttons' },
      h('button', { id: 'back' }, '返回'),
      h('button', { id: 'pulldown' }, '下拉刷新'),
      h('button', { id: 'reload' }, '重新加载'),
    ),
    h('label', { class: 'check' }, elder, ' 大字模式'),
    h('label', {}, '本地云的时间', h('span', { id: 'clock', class: 'clock' }, '现在')),
    h(
      'div',
      { class: 'row buttons' },
      h('button', { id: 'clock-31', title: '等待期过后' }, '+31 天'),
      h('button', { id: 'clock-400', title: '卡已过期' }, '+400 天'),
      h('button', { id: 'clock-now' }, '回到现在'),
    ),
    h('label', {}, '页面栈'),
    h('ol', { id: 'stack', class: 'stack' }),
    card,
  );
  const side = h(
    'aside',
    { class: 'panel side' },
    h('h2', {}, '短信与通知', h('button', { id: 'outbox-refresh', class: 'small' }, '刷新')),
    h('ol', { id: 'outbox', class: 'log' }),
    h('h2', {}, '请求'),
    h('ol', { id: 'calls', class: 'log' }),
    h('h2', {}, '页面错误'),
    h('ol', { id: 'errors', class: 'log errors' }),
  );
  app.append(h('div', { class: 'shell' }, panel, h('main', { class: 'stage' }, phone), side));

  identity.addEventListener('change', () => switchIdentity(identity.value));
  $('#identity-go').addEventListener('click', () => {
    if (other.value.trim()) switchIdentity(other.value.trim());
  });
  $('#route-go').addEventListener('click', () => openRoute(pages.value, query.value));
  pages.addEventListener('change', () => openRoute(pages.value, query.value));
  $('#back').addEventListener('click', () => act({ type: 'back' }));
  $('#pulldown').addEventListener('click', () => act({ type: 'pulldown' }));
  $('#reload').addEventListener('click', () => location.reload());
  elder.addEventListener('change', () => act({ type: 'elder', on: elder.checked }));
  $('#outbox-refresh').addEventListener('click', () => void refreshOutbox());
  const clock = (days: number | null) => {
    void post('/api/clock', days === null ? { now: null } : { days }).then(() => {
      $('#clock').textContent = days === null ? '现在' : `现在 + ${days} 天`;
      act({ type: 'pulldown' });
    });
  };
  $('#clock-31').addEventListener('click', () => clock(31));
  $('#clock-400').addEventListener('click', () => clock(400));
  $('#clock-now').addEventListener('click', () => clock(null));
}

function parseQuery(text: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(text.replace(/^\?/, ''))) query[k] = v;
  return query;
}

function switchIdentity(openid: string): void {
  const who = meta.identities.find((i) => i.openid === openid);
  act({ type: 'identity', openid, route: who?.route ?? meta.routes[0]?.route ?? '' });
}

function openRoute(route: string, query: string): void {
  act({ type: 'open', route, query: parseQuery(query) });
}

// ---- events from the page ------------------------------------------------------------------------

function numberOf(el: Element | null, attr: string): number | null {
  const raw = el?.getAttribute(attr);
  return raw === null || raw === undefined ? null : Number(raw);
}

function wirePage(): void {
  const page = $('#page');
  const scroller = $('#scroller');
  page.addEventListener('click', (event) => {
    const target = event.target as Element;
    const swipe = target.closest('[data-swipe]');
    if (swipe) {
      const n = numberOf(swipe, 'data-swipe');
      const index = numberOf(swipe, 'data-index');
      if (n !== null && index !== null) act({ type: 'swipe', n, current: index });
      return;
    }
    const el = target.closest('[data-n]');
    const n = numberOf(el, 'data-n');
    if (n === null) return;
    const rect = scroller.getBoundingClientRect();
    act({
      type: 'tap',
      n,
      x: Math.round(event.clientX - rect.left),
      y: Math.round(event.clientY - rect.top + scroller.scrollTop),
    });
  });
  page.addEventListener('contextmenu', (event) => {
    const n = numberOf((event.target as Element).closest('[data-n]'), 'data-n');
    if (n === null) return;
    event.preventDefault();
    act({ type: 'longpress', n });
  });
  page.addEventListener('input', (event) => {
    const el = event.target as HTMLInputElement;
    const n = numberOf(el, 'data-input');
    if (n === null) return;
    lastInputAt = Date.now();
    act({ type: 'input', n, value: el.value });
  });
  page.addEventListener('focusin', (event) => {
    const el = event.target as HTMLInputElement;
    const n = numberOf(el, 'data-input');
    if (n !== null) act({ type: 'focus', n, value: el.value });
  });
  page.addEventListener('focusout', (event) => {
    const el = event.target as HTMLInputElement;
    const n = numberOf(el, 'data-input');
    if (n !== null) act({ type: 'blur', n, value: el.value });
  });
  page.addEventListener('keydown', (event) => {
    const el = event.target as HTMLInputElement;
    const n = numberOf(el, 'data-input');
    if (n !== null && event.key === 'Enter' && el.tagName === 'INPUT') act({ type: 'confirm', n, value: el.value });
  });
  page.addEventListener('change', (event) => {
    const el = event.target as HTMLInputElement | HTMLSelectElement;
    const n = numberOf(el, 'data-picker');
    if (n === null) return;
    act({ type: 'change', n, value: el.tagName === 'SELECT' ? Number(el.value) : el.value });
  });
  let scrollTimer = 0;
  scroller.addEventListener('scroll', () => {
    if (scrollTimer) return;
    scrollTimer = window.setTimeout(() => {
      scrollTimer = 0;
      const bottom = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 50;
      act({ type: 'scroll', top: Math.round(scroller.scrollTop), bottom });
    }, 200);
  });
  // pulling down at the top: the wheel or a trackpad going up past the top
  let lastPull = 0;
  scroller.addEventListener('wheel', (event) => {
    if (scroller.scrollTop <= 0 && event.deltaY < -30 && last?.page?.pullDown && Date.now() - lastPull > 1500) {
      lastPull = Date.now();
      act({ type: 'pulldown' });
    }
  });
  $('#nav-back').addEventListener('click', () => act({ type: 'back' }));
  $('#nav-home').addEventListener('click', () => act({ type: 'open', route: meta.routes[0]?.route ?? '' }));
  $('#capsule-more').addEventListener('click', () => act({ type: 'capsule' }));
}

// ---- patching the page's DOM by data-n ---------------------------------------------------------

function keyOf(node: Node): string | null {
  if (node.nodeType !== 1) return null;
  const el = node as Element;
  const n = el.getAttribute('data-n') ?? el.getAttribute('data-input') ?? el.getAttribute('data-picker');
  return n === null ? null : `${el.tagName}:${n}:${el.hasAttribute('data-n') ? 'n' : 'x'}`;
}

function morphChildren(from: Element, to: Element): void {
  const keyed = new Map<string, Node>();
  for (const child of Array.from(from.childNodes)) {
    const key = keyOf(child);
    if (key !== null) keyed.set(key, child);
  }
  let cursor: ChildNode | null = from.firstChild;
  for (const next of Array.from(to.childNodes)) {
    const key = keyOf(next);
    let match: Node | null = null;
    if (key !== null) {
      match = keyed.get(key) ?? null;
      if (match) keyed.delete(key);
    } else if (
      cursor &&
      cursor.nodeType === next.nodeType &&
      keyOf(cursor) === null &&
      cursor.nodeName === next.nodeName
    ) {
      match = cursor;
    }
    if (match) {
      if (match !== cursor) from.insertBefore(match, cursor);
      else cursor = cursor.nextSibling;
      morph(match, next);
    } else {
      from.insertBefore(next, cursor);
    }
  }
  while (cursor) {
    const after: ChildNode | null = cursor.nextSibling;
    cursor.remove();
    cursor = after;
  }
  // keyed nodes that were not reused and sit before the cursor were moved past it above; any
  // still in the list are stale
  for (const stale of keyed.values()) if (stale.parentNode === from) stale.parentNode.removeChild(stale);
}

function morph(from: Node, to: Node): void {
  if (from.nodeType === 3 || from.nodeType === 8) {
    if (from.nodeValue !== to.nodeValue) from.nodeValue = to.nodeValue;
    return;
  }
  const a = from as Element;
  const b = to as Element;
  for (const attr of Array.from(a.attributes)) if (!b.hasAttribute(attr.name)) a.removeAttribute(attr.name);
  for (const attr of Array.from(b.attributes))
    if (a.getAttribute(attr.name) !== attr.value) a.setAttribute(attr.name, attr.value);
  if (a instanceof HTMLInputElement || a instanceof HTMLTextAreaElement) {
    const value = b instanceof HTMLTextAreaElement ? b.value : (b.getAttribute('value') ?? '');
    const typing = document.activeElement === a && Date.now() - lastInputAt < 800;
    if (!typing && a.value !== value) a.value = value;
    return;
  }
  if (a instanceof HTMLSelectElement) {
    morphChildren(a, b);
    const chosen = b.querySelector('option[selected]');
    if (chosen) a.value = chosen.getAttribute('value') ?? '';
    return;
  }
  morphChildren(a, b);
}

// ---- applying a render ---------------------------------------------------------------------------

function ensureStyles(routes: string[]): Promise<void> {
  const waits: Promise<void>[] = [];
  for (const route of routes) {
    const href = `/css/${meta.build}/${route}.css`;
    let loaded = loadedStyles.get(href);
    if (!loaded) {
      const link = h('link', { rel: 'stylesheet', href });
      loaded = new Promise<void>((resolve) => {
        link.addEventListener('load', () => resolve());
        link.addEventListener('error', () => resolve());
      });
      document.head.append(link);
      loadedStyles.set(href, loaded);
    }
    waits.push(loaded);
  }
  return Promise.all(waits).then(() => undefined);
}

let styleWait: Promise<void> = Promise.resolve();

function apply(render: Render): void {
  const scroller = $('#scroller');
  const pageRoot = $('#page');
  styleWait = ensureStyles(render.styles);
  const view = render.page;
  const phone = $('#phone');
  phone.classList.toggle('no-page', !view);
  if (view) {
    phone.style.setProperty('--nav-bg', view.navCustom ? view.background : view.navBackground);
    phone.style.setProperty('--nav-fg', view.navText === 'white' ? '#fff' : '#000');
    phone.classList.toggle('nav-white', view.navText === 'white');
    phone.classList.toggle('nav-custom', view.navCustom);
    $('#nav-title').textContent = view.title;
    const canBack = render.stack.length > 1;
    $('#nav-back').hidden = !canBack;
    $('#nav-home').hidden = canBack || view.tab !== null || view.route === meta.routes[0]?.route;
    $('#viewport').style.background = view.background;
    const fresh = document.createElement('div');
    fresh.innerHTML = view.html;
    if (view.key !== pageKey) {
      scrollByKey.set(pageKey, scroller.scrollTop);
      pageRoot.replaceChildren(...Array.from(fresh.childNodes));
      scroller.scrollTop = scrollByKey.get(view.key) ?? 0;
      pageKey = view.key;
    } else {
      morphChildren(pageRoot, fresh);
    }
    renderTabBar(view.tab);
  } else {
    pageRoot.replaceChildren();
    renderTabBar(null);
  }
  if (render.scroll && render.scroll.seq !== lastScrollSeq) {
    lastScrollSeq = render.scroll.seq;
    scroller.scrollTo({ top: render.scroll.top, behavior: 'smooth' });
  }
  $('#refresh').classList.toggle('on', render.overlays.refreshing);
  renderOverlays(render.overlays);
  if (!bare) renderPanels(render);
  applied = render.version;
  const url = new URL(location.href);
  if (view) {
    url.searchParams.set('route', view.route);
    const q = new URLSearchParams(view.query).toString();
    if (q) url.searchParams.set('query', q);
    else url.searchParams.delete('query');
  }
  url.searchParams.set('openid', render.openid);
  history.replaceState(null, '', url);
}

function renderTabBar(index: number | null): void {
  const bar = $('#tabbar');
  const phone = $('#phone');
  phone.classList.toggle('with-tabs', index !== null);
  if (index === null) {
    bar.replaceChildren();
    return;
  }
  bar.style.background = meta.tabColors.backgroundColor;
  bar.replaceChildren(
    ...meta.tabBar.map((tab, i) => {
      const active = i === index;
      const item = h(
        'button',
        { class: `tab${active ? ' active' : ''}`, 'data-tab': tab.route },
        tab.icon ? h('img', { src: active ? tab.activeIcon : tab.icon, alt: '' }) : '',
        h('span', {}, tab.text),
      );
      item.style.color = active ? meta.tabColors.selectedColor : meta.tabColors.color;
      item.addEventListener('click', () => act({ type: 'tab', route: tab.route }));
      return item;
    }),
  );
}

const TOAST_ICON: Record<string, string> = { success: '✓', error: '✕', loading: '' };

function renderOverlays(o: Overlays): void {
  const layer = $('#overlays');
  const nodes: Node[] = [];
  if (o.loading) {
    if (o.loading.mask) nodes.push(h('div', { class: 'mask clear' }));
    nodes.push(h('div', { class: 'toast icon' }, h('i', { class: 'spinner' }), h('p', {}, o.loading.title)));
  } else if (o.toast) {
    const t = o.toast;
    nodes.push(
      t.icon === 'none'
        ? h('div', { class: 'toast text', role: 'status' }, t.title)
        : h(
            'div',
            { class: 'toast icon', role: 'status' },
            t.icon === 'loading'
              ? h('i', { class: 'spinner' })
              : h('i', { class: 'toast-icon' }, TOAST_ICON[t.icon] ?? ''),
            h('p', {}, t.title),
          ),
    );
  }
  if (o.modal) {
    const m = o.modal;
    const input = m.editable ? h('textarea', { class: 'modal-input', placeholder: m.placeholderText }) : null;
    const cancel = h('button', { class: 'modal-cancel', id: 'modal-cancel' }, m.cancelText);
    cancel.style.color = m.cancelColor;
    const confirm = h('button', { class: 'modal-confirm', id: 'modal-confirm' }, m.confirmText);
    confirm.style.color = m.confirmColor;
    cancel.addEventListener('click', () => act({ type: 'modal', confirm: false }));
    confirm.addEventListener('click', () => act({ type: 'modal', confirm: true, content: input?.value ?? '' }));
    nodes.push(
      h('div', { class: 'mask' }),
      h(
        'div',
        { class: 'modal', role: 'dialog' },
        m.title ? h('div', { class: 'modal-title' }, m.title) : '',
        m.content ? h('div', { class: 'modal-content' }, m.content) : '',
        input ?? '',
        h('div', { class: 'modal-buttons' }, m.showCancel ? cancel : '', confirm),
      ),
    );
  }
  if (o.sheet) {
    const items = o.sheet.items.map((text, index) => {
      const b = h('button', { class: 'sheet-item' }, text);
      b.style.color = o.sheet?.itemColor ?? '';
      b.addEventListener('click', () => act({ type: 'sheet', index }));
      return b;
    });
    const cancel = h('button', { class: 'sheet-cancel' }, '取消');
    cancel.addEventListener('click', () => act({ type: 'sheet', index: -1 }));
    const mask = h('div', { class: 'mask' });
    mask.addEventListener('click', () => act({ type: 'sheet', index: -1 }));
    nodes.push(
      mask,
      h(
        'div',
        { class: 'sheet' },
        o.sheet.alertText ? h('div', { class: 'sheet-alert' }, o.sheet.alertText) : '',
        ...items,
        cancel,
      ),
    );
  }
  if (o.share) {
    const s = o.share;
    const who = h('select', { class: 'share-who', id: 'share-who', 'aria-label': '以谁的身份打开' });
    who.append(h('option', { value: `guest-${Date.now().toString(36)}` }, '一位新微信用户'));
    for (const i of meta.identities) who.append(h('option', { value: i.openid }, i.label));
    const open = h('button', { class: 'share-open', id: 'share-open' }, '以此身份打开');
    open.addEventListener('click', () => act({ type: 'share', openid: who.value }));
    const close = h('button', { class: 'share-close', id: 'share-close' }, '关闭');
    close.addEventListener('click', () => act({ type: 'dismiss' }));
    const mask = h('div', { class: 'mask' });
    mask.addEventListener('click', () => act({ type: 'dismiss' }));
    nodes.push(
      mask,
      h(
        'div',
        { class: 'share', role: 'dialog' },
        h('div', { class: 'share-head' }, '已转发给微信好友'),
        h(
          'div',
          { class: 'share-card' },
          h('div', { class: 'share-app' }, '太平洋医疗健康'),
          h('div', { class: 'share-title', id: 'share-title' }, s.title),
          s.imageUrl
            ? h('img', { src: s.imageUrl.startsWith('/') ? `/mp/${meta.build}${s.imageUrl}` : s.imageUrl, alt: '' })
            : h('div', { class: 'share-image' }),
          h('div', { class: 'share-path', id: 'share-path' }, s.path),
        ),
        h('div', { class: 'share-hint' }, '好友点开卡片：'),
        who,
        h('div', { class: 'share-buttons' }, close, open),
      ),
    );
  }
  if (o.preview) {
    const mask = h(
      'div',
      { class: 'mask dark' },
      h('img', { class: 'preview-image', src: o.preview.current, alt: '' }),
    );
    mask.addEventListener('click', () => act({ type: 'dismiss' }));
    nodes.push(mask);
  }
  layer.replaceChildren(...nodes);
}

function renderPanels(render: Render): void {
  const identity = document.querySelector<HTMLSelectElement>('#identity');
  if (identity && identity.value !== render.openid) {
    if (!meta.identities.some((i) => i.openid === render.openid)) {
      identity.append(h('option', { value: render.openid }, `其他 · ${render.openid}`));
    }
    identity.value = render.openid;
  }
  const route = document.querySelector<HTMLSelectElement>('#route');
  if (route && render.page && document.activeElement !== route) route.value = render.page.route;
  const elder = document.querySelector<HTMLInputElement>('#elder');
  if (elder) elder.checked = render.elder;
  $('#stack').replaceChildren(
    ...render.stack.map((p) => {
      const q = new URLSearchParams(p.query).toString();
      return h('li', {}, `${p.route}${q ? `?${q}` : ''}`);
    }),
  );
  $('#calls').replaceChildren(
    ...render.calls
      .slice()
      .reverse()
      .map((c) =>
        h('li', { class: c.outcome === 'ok' ? 'ok' : 'bad' }, `${c.name}.${c.action} → ${c.outcome} · ${c.ms} ms`),
      ),
  );
  $('#errors').replaceChildren(
    ...render.errors
      .slice()
      .reverse()
      .map((e) => h('li', {}, h('pre', {}, e))),
  );
  const callCount = render.calls.length ? `${render.calls.at(-1)?.at ?? ''}` : '';
  if (callCount !== lastCallsSeen) {
    lastCallsSeen = callCount;
    void refreshOutbox();
  }
}

let lastCallsSeen = '';

interface NoticeRow {
  channel: string;
  to: string;
  template: string;
  text?: string;
  status: string;
  createdAt: string;
}

async function refreshOutbox(): Promise<void> {
  const answer = (await fetch('/api/outbox').then((r) => r.json())) as { ok: boolean; data?: NoticeRow[] };
  const rows = (answer.data ?? []).slice(-30).reverse();
  $('#outbox').replaceChildren(
    ...rows.map((n) =>
      h(
        'li',
        { class: n.channel },
        h('b', {}, n.channel === 'sms' ? `短信 → ${n.to}` : `订阅消息 → ${n.to}`),
        ` ${n.status}`,
        h('div', {}, n.text ?? n.template),
      ),
    ),
  );
}

// ---- start -----------------------------------------------------------------------------------------

async function start(): Promise<void> {
  meta = (await fetch('/api/meta').then((r) => r.json())) as Meta;
  buildShell();
  wirePage();
  const mode: Record<string, unknown> = {};
  const fail = params.get('fail');
  if (fail) mode['fail'] = fail;
  if (params.get('hold') === '1') mode['hold'] = true;
  if (params.get('elder') === '1') mode['elder'] = true;
  const openid = params.get('openid') ?? meta.identities[0]?.openid ?? 'demo-holder';
  const route = params.get('route') ?? meta.identities.find((i) => i.openid === openid)?.route ?? '';
  const created = (await post('/api/session', {
    openid,
    route,
    query: parseQuery(params.get('query') ?? ''),
    mode,
  })) as {
    id: string;
  };
  sessionId = created.id;
  const events = new EventSource(`/api/session/${sessionId}/events`);
  events.onmessage = (event: MessageEvent<string>) => {
    last = JSON.parse(event.data) as Render;
    apply(last);
  };
  if (!bare) void refreshOutbox();
}

/** For tests and screenshots: resolves when the session is quiet and its last render is shown. */
async function idle(quietMs = 300): Promise<void> {
  for (let i = 0; i < 600 && !sessionId; i++) await new Promise((r) => setTimeout(r, 50));
  const { version } = (await fetch(`/api/session/${sessionId}/idle?quiet=${quietMs}`).then((r) => r.json())) as {
    version: number;
  };
  for (let i = 0; i < 200 && applied < version; i++) await new Promise((r) => setTimeout(r, 25));
  await styleWait;
  const images = Array.from(document.querySelectorAll<HTMLImageElement>('#page img'));
  await Promise.all(
    images.map((img) =>
      img.complete
        ? Promise.resolve()
        : new Promise<void>((r) => img.addEventListener('load', () => r(), { once: true })),
    ),
  );
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
}

Object.assign(window, {
  __preview: {
    idle,
    get render() {
      return last;
    },
    get session() {
      return sessionId;
    },
  },
});

void start();
