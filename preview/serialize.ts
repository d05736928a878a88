/**
 * The simulated page's DOM (jsdom, as miniprogram-simulate renders it) → HTML for the browser.
 *
 * simulate renders WeChat's built-in components as empty `wx-*` elements: an `<input>` is a
 * `<wx-input>` whose value, placeholder and type live only in the virtual tree (`_vt.attrs`).
 * This turns them back into something a browser shows and a person can use: a real `<input>`
 * inside the `wx-input`, an `<img>` inside the `wx-image`, a swiper that shows its current
 * slide and dots, a native date or list picker over a `<picker>`…
 *
 * Every element gets `data-n`, a number that stays the same for the same simulated element
 * across renders: the browser names what was tapped or typed into by it, and patches its DOM
 * by it. `byId` maps the numbers of the latest render back to the simulated elements.
 */
import { rpxToPx } from './wxss';

export interface SerializeState {
  ids: WeakMap<Element, number>;
  next: number;
  byId: Map<number, Element>;
  /** the page's class prefix (its tag): page styles reach components with addGlobalClass */
  pagePrefix: string;
  /** ids (exparser `is`) of components whose options let page styles in */
  shared: Set<string>;
  swiperCurrent: WeakMap<Element, number>;
  /**
   * What was typed into an input, and its `value` attribute at the time. WeChat's input keeps
   * what the person typed until the page sets a different value (vant's field, for one, does
   * not echo what it was given), so that is what shows until the attribute changes.
   */
  typed: WeakMap<Element, { value: string; attr: string }>;
  /** the URL prefix the built mini-program's files are served under, e.g. `/mp/<build>/` */
  assets: string;
}

type Attrs = Map<string, unknown>;

const VOID = new Set(['input', 'img', 'br', 'hr']);

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}

/** The simulated (exparser) element behind a DOM element, if any. */
export function wxElementOf(el: Element): object | null {
  const found: unknown = Reflect.get(el, '__wxElement');
  return typeof found === 'object' && found !== null ? found : null;
}

/** The attributes a built-in component was given in WXML, as evaluated: `_vt.attrs`. */
export function attrsOf(el: Element): Attrs {
  const attrs: Attrs = new Map();
  const wx = wxElementOf(el);
  const vt: unknown = wx ? Reflect.get(wx, '_vt') : undefined;
  const list: unknown = typeof vt === 'object' && vt !== null ? Reflect.get(vt, 'attrs') : undefined;
  if (Array.isArray(list)) {
    for (const item of list as unknown[]) {
      if (typeof item !== 'object' || item === null) continue;
      const name: unknown = Reflect.get(item, 'name');
      if (typeof name !== 'string') continue;
      // simulate keeps some names as written (`data-x`) and others camelCased (`openType`):
      // both spellings answer
      const value: unknown = Reflect.get(item, 'value');
      attrs.set(name, value);
      attrs.set(
        name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()),
        value,
      );
      attrs.set(
        name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
        value,
      );
    }
  }
  return attrs;
}

/** The WXML id (`id="submit"`): simulate keeps it on the simulated element, not in the DOM. */
function wxIdOf(el: Element): string {
  const wx = wxElementOf(el);
  const id: unknown = wx ? Reflect.get(wx, 'id') : undefined;
  return typeof id === 'string' ? id : '';
}

function str(value: unknown, fallback = ''): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fallback;
}

/** WXML boolean attributes: `disabled`, `disabled="{{ true }}"`, but not `"{{ false }}"` or `"false"`. */
export function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (typeof value === 'string') return value !== 'false' && value !== '0';
  if (typeof value === 'number') return value !== 0;
  return true;
}

function idOf(el: Element, state: SerializeState): number {
  let id = state.ids.get(el);
  if (id === undefined) {
    id = ++state.next;
    state.ids.set(el, id);
  }
  state.byId.set(id, el);
  return id;
}

/** The component whose template made `el`: its exparser `is` and DOM tag (its class prefix). */
function ownerOf(el: Element): { is: string; tag: string } | null {
  const wx = wxElementOf(el);
  const shadow: unknown = wx ? Reflect.get(wx, 'ownerShadowRoot') : undefined;
  const host: unknown = typeof shadow === 'object' && shadow !== null ? Reflect.get(shadow, '__wxHost') : undefined;
  if (typeof host !== 'object' || host === null) return null;
  const dom: unknown = Reflect.get(host, '$$');
  const is: unknown = Reflect.get(host, 'is');
  const tag = typeof dom === 'object' && dom !== null ? str(Reflect.get(dom, 'localName')) : '';
  return { is: str(is), tag };
}

function classesOf(el: Element, state: SerializeState): string {
  const raw = el.getAttribute('class') ?? '';
  const names = raw.split(/\s+/).filter(Boolean);
  const owner = ownerOf(el);
  if (owner && owner.tag !== state.pagePrefix && state.shared.has(owner.is)) {
    // addGlobalClass / styleIsolation apply-shared: the page's (and app.wxss') rules apply inside.
    const own = `${owner.tag}--`;
    for (const name of [...names]) {
      if (name.startsWith(own)) names.push(`${state.pagePrefix}--${name.slice(own.length)}`);
    }
  }
  return names.join(' ');
}

function resolveSrc(src: string, el: Element, state: SerializeState): string {
  if (!src) return '';
  if (/^(https?:|data:|blob:)/.test(src)) return src;
  if (src.startsWith('cloud://')) return '';
  if (src.startsWith('/')) return `${state.assets}${src.slice(1)}`;
  // relative to the component that wrote it: its folder is in the owner's path; simulate does
  // not keep it, so relative sources are taken from the root (the app's own use absolute ones)
  void el;
  return `${state.assets}${src.replace(/^\.\//, '')}`;
}

const IMAGE_FIT: Record<string, string> = {
  scaleToFill: 'fill',
  aspectFit: 'contain',
  aspectFill: 'cover',
  widthFix: 'cover',
  heightFix: 'cover',
};

function placeholderColor(style: string): string {
  const match = /color\s*:\s*([^;]+)/i.exec(style);
  return match?.[1]?.trim() ?? '';
}

/** The page component's DOM → HTML. */
export function serialize(root: Element, state: SerializeState): string {
  state.byId.clear();
  const out: string[] = [];
  write(root, state, out, false);
  return out.join('');
}

function writeChildren(el: Element, state: SerializeState, out: string[], inText: boolean): void {
  for (const child of Array.from(el.childNodes)) {
    if (child.nodeType === 3) {
      let text = child.textContent ?? '';
      // WXML indentation inside <text> would show as line breaks (text keeps \n); drop it
      if (inText) text = text.replace(/^\s*\n\s*|\s*\n\s*$/g, '');
      out.push(escapeText(text));
    } else if (child.nodeType === 1) {
      write(child as Element, state, out, inText);
    }
  }
}

function open(tag: string, el: Element, state: SerializeState, extra: Record<string, string> = {}, style = ''): string {
  const parts = [`<${tag} data-n="${idOf(el, state)}"`];
  const cls = classesOf(el, state);
  if (cls) parts.push(` class="${escapeAttr(cls)}"`);
  const ownStyle = rpxToPx(el.getAttribute('style') ?? '');
  const fullStyle = [ownStyle, style].filter((s) => s.trim()).join(';');
  if (fullStyle) parts.push(` style="${escapeAttr(fullStyle)}"`);
  for (const [name, value] of Object.entries(extra)) {
    parts.push(value === '' ? ` ${name}` : ` ${name}="${escapeAttr(value)}"`);
  }
  parts.push('>');
  return parts.join('');
}

/** An element being written: what every writer reads, and where it writes. */
interface Writing {
  el: Element;
  /** its DOM tag: `wx-` and the name for a built-in component */
  tag: string;
  /** its WXML attributes (`attrsOf`); none read for a custom component's host */
  attrs: Attrs;
  state: SerializeState;
  out: string[];
  /** attributes for the element itself: the ones every element gets (`write`), then its writer's */
  extra: Record<string, string>;
  /** inside a `<text>`, whose text keeps line breaks */
  inText: boolean;
}

function write(el: Element, state: SerializeState, out: string[], inText: boolean): void {
  const tag = el.localName;
  if (tag === 'style' || tag === 'script') return;
  const extra: Record<string, string> = {};
  if (!tag.startsWith('wx-')) {
    // a custom component's host (van-button, card-face, the page's own tag): its WXML attributes
    // are the component's properties, which its own template shows
    const id = wxIdOf(el);
    if (id) extra['data-id'] = id;
    container({ el, tag, attrs: new Map(), state, out, extra, inText });
    return;
  }
  const attrs = attrsOf(el);
  if (truthy(attrs.get('hidden'))) extra['hidden'] = '';
  const ariaLabel = str(attrs.get('aria-label'));
  if (ariaLabel) extra['aria-label'] = ariaLabel;
  const ariaRole = str(attrs.get('aria-role'));
  if (ariaRole) extra['role'] = ariaRole;
  const wxId = wxIdOf(el);
  if (wxId) extra['data-id'] = wxId;
  const writer = WRITERS.get(tag.slice(3)) ?? container;
  writer({ el, tag, attrs, state, out, extra, inText });
}

/** `<tag …>` with the element's classes and style, `extra`, and `style` after its own. */
function begin(w: Writing, style = ''): void {
  w.out.push(open(w.tag, w.el, w.state, w.extra, style));
}

function end(w: Writing): void {
  w.out.push(`</${w.tag}>`);
}

/** The element around its children: what most components are (view, button, text…). */
function container(w: Writing, style = '', inText = w.inText): void {
  begin(w, style);
  writeChildren(w.el, w.state, w.out, inText);
  end(w);
}

/** switch, checkbox, radio: their state as attributes, their colour for the browser's CSS. */
function writeToggle(w: Writing): void {
  if (truthy(w.attrs.get('checked'))) w.extra['checked'] = '';
  if (truthy(w.attrs.get('disabled'))) w.extra['disabled'] = '';
  const color = str(w.attrs.get('color'));
  container(w, color ? `--wx-checked:${color}` : '');
}

function writeProgress(w: Writing): void {
  const percent = Math.max(0, Math.min(100, Number(w.attrs.get('percent') ?? 0) || 0));
  const color = str(w.attrs.get('activeColor') ?? w.attrs.get('active-color'), '#09bb07');
  begin(w);
  w.out.push(`<i class="wx-progress-bar"><i style="width:${percent}%;background:${escapeAttr(color)}"></i></i>`);
  end(w);
}

function writeButton(w: Writing): void {
  for (const name of ['type', 'size', 'open-type', 'form-type']) {
    const value = str(w.attrs.get(name));
    if (value) w.extra[name] = value;
  }
  for (const name of ['plain', 'disabled', 'loading']) if (truthy(w.attrs.get(name))) w.extra[name] = '';
  container(w);
}

function writeScrollView(w: Writing): void {
  const x = truthy(w.attrs.get('scroll-x'));
  const y = truthy(w.attrs.get('scroll-y'));
  container(w, `overflow-x:${x ? 'auto' : 'hidden'};overflow-y:${y ? 'auto' : 'hidden'}`);
}

function writeText(w: Writing): void {
  if (truthy(w.attrs.get('user-select')) || truthy(w.attrs.get('selectable'))) w.extra['data-select'] = '';
  container(w, '', true);
}

/** The value an input or textarea shows: what was typed, until the page sets another. */
export function shownValue(el: Element, attrs: Attrs, state: SerializeState): string {
  const attr = str(attrs.get('value'));
  const typed = state.typed.get(el);
  if (typed && typed.attr === attr) return typed.value;
  if (typed) state.typed.delete(el);
  return attr;
}

/** What a native input and textarea share: placeholder, maxlength (WeChat's default 140), disabled. */
function fieldAttrs(attrs: Attrs): Record<string, string> {
  const field: Record<string, string> = {};
  const placeholder = str(attrs.get('placeholder'));
  if (placeholder) field['placeholder'] = placeholder;
  const max = Number(attrs.get('maxlength') ?? 140);
  if (Number.isFinite(max) && max >= 0) field['maxlength'] = String(max);
  if (truthy(attrs.get('disabled'))) field['disabled'] = '';
  return field;
}

/**
 * The native `<input>` or `<textarea>` start tag inside a wx-input or wx-textarea: `data-input`
 * names it to the browser, `placeholder-style`'s colour goes to the CSS as `--wx-placeholder`.
 * An empty value is written as a bare attribute (`disabled`), but for `value`.
 */
function nativeField(w: Writing, tag: 'input' | 'textarea', own: Record<string, string>): string {
  const color = placeholderColor(str(w.attrs.get('placeholder-style')));
  const style = color ? ` style="--wx-placeholder:${escapeAttr(color)}"` : '';
  const attrs = Object.entries({ ...own, ...fieldAttrs(w.attrs) })
    .map(([k, v]) => (v === '' && k !== 'value' ? ` ${k}` : ` ${k}="${escapeAttr(v)}"`))
    .join('');
  return `<${tag} data-input="${idOf(w.el, w.state)}"${style}${attrs}>`;
}

function writeInput(w: Writing): void {
  const type = str(w.attrs.get('type'), 'text');
  const password = truthy(w.attrs.get('password')) || type === 'password';
  const input: Record<string, string> = {
    type: password ? 'password' : 'text',
    value: shownValue(w.el, w.attrs, w.state),
  };
  if (type === 'number') input['inputmode'] = 'numeric';
  if (type === 'digit') input['inputmode'] = 'decimal';
  if (type === 'idcard') input['inputmode'] = 'text';
  begin(w);
  w.out.push(nativeField(w, 'input', input));
  end(w);
}

function writeTextarea(w: Writing): void {
  if (truthy(w.attrs.get('auto-height'))) w.extra['data-auto-height'] = '';
  begin(w);
  w.out.push(`${nativeField(w, 'textarea', {})}${escapeText(shownValue(w.el, w.attrs, w.state))}</textarea>`);
  end(w);
}

function writeImage(w: Writing): void {
  const mode = str(w.attrs.get('mode'), 'scaleToFill');
  w.extra['data-mode'] = mode;
  const src = resolveSrc(str(w.attrs.get('src')), w.el, w.state);
  begin(w);
  if (src) {
    const fit = IMAGE_FIT[mode] ?? 'none';
    w.out.push(`<img src="${escapeAttr(src)}" alt="" style="object-fit:${fit}">`);
  }
  end(w);
}

function writeSwiper(w: Writing): void {
  const { el, attrs, state, out } = w;
  const items = Array.from(el.children).filter((c) => c.localName === 'wx-swiper-item');
  const chosen = state.swiperCurrent.get(el) ?? Number(attrs.get('current') ?? 0);
  const current = Math.max(0, Math.min(items.length - 1, Number.isFinite(chosen) ? chosen : 0));
  w.extra['data-current'] = String(current);
  w.extra['data-count'] = String(items.length);
  begin(w);
  out.push(`<div class="wx-swiper-track" style="transform:translateX(${-100 * current}%)">`);
  writeChildren(el, state, out, false);
  out.push('</div>');
  if (truthy(attrs.get('indicator-dots')) && items.length > 1) {
    const color = str(attrs.get('indicator-color'), 'rgba(0, 0, 0, .3)');
    const active = str(attrs.get('indicator-active-color'), '#000000');
    const n = idOf(el, state);
    out.push('<div class="wx-swiper-dots">');
    items.forEach((_item, i) => {
      out.push(
        `<i class="wx-swiper-dot" data-swipe="${n}" data-index="${i}" style="background:${escapeAttr(i === current ? active : color)}"></i>`,
      );
    });
    out.push('</div>');
  }
  if (items.length > 1) {
    const n = idOf(el, state);
    out.push(`<i class="wx-swiper-prev" data-swipe="${n}" data-index="${current - 1}" aria-label="上一张"></i>`);
    out.push(`<i class="wx-swiper-next" data-swipe="${n}" data-index="${current + 1}" aria-label="下一张"></i>`);
  }
  end(w);
}

function writePicker(w: Writing): void {
  const { el, attrs, state, out } = w;
  const mode = str(attrs.get('mode'), 'selector');
  const n = idOf(el, state);
  const disabled = truthy(attrs.get('disabled'));
  begin(w);
  writeChildren(el, state, out, false);
  if (!disabled) {
    const value = str(attrs.get('value'));
    if (mode === 'date' || mode === 'time') {
      const start = str(attrs.get('start'));
      const end = str(attrs.get('end'));
      out.push(
        `<input class="wx-picker-native" data-picker="${n}" type="${mode}" value="${escapeAttr(value)}"${start ? ` min="${escapeAttr(start)}"` : ''}${end ? ` max="${escapeAttr(end)}"` : ''}>`,
      );
    } else if (mode === 'selector') {
      const range = attrs.get('range');
      const key = str(attrs.get('range-key'));
      const options = Array.isArray(range) ? (range as unknown[]) : [];
      out.push(`<select class="wx-picker-native" data-picker="${n}">`);
      options.forEach((option, i) => {
        const label =
          key && typeof option === 'object' && option !== null ? str(Reflect.get(option, key)) : str(option);
        out.push(`<option value="${i}"${String(i) === value ? ' selected' : ''}>${escapeText(label)}</option>`);
      });
      out.push('</select>');
    }
  }
  end(w);
}

function writeRichText(w: Writing): void {
  begin(w);
  w.out.push(richNodes(w.attrs.get('nodes')));
  end(w);
}

const RICH_TAGS = new Set([
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'code',
  'div',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'li',
  'ol',
  'p',
  'pre',
  'span',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'u',
  'ul',
]);

function richNodes(nodes: unknown): string {
  if (typeof nodes === 'string') {
    // the app's own content; scripts and handlers are dropped all the same
    return nodes.replace(/<script[\s\S]*?<\/script>/gi, '').replace(/\son\w+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '');
  }
  if (!Array.isArray(nodes)) return '';
  return (nodes as unknown[])
    .map((node) => {
      if (typeof node !== 'object' || node === null) return '';
      if (Reflect.get(node, 'type') === 'text') return escapeText(str(Reflect.get(node, 'text')));
      const name = str(Reflect.get(node, 'name')).toLowerCase();
      if (!RICH_TAGS.has(name)) return richNodes(Reflect.get(node, 'children'));
      const given: unknown = Reflect.get(node, 'attrs');
      const attrs =
        typeof given === 'object' && given !== null
          ? Object.entries(given as Record<string, unknown>)
              .filter(([k]) => /^(class|style|src|alt|width|height|href)$/.test(k))
              .map(([k, v]) => ` ${k}="${escapeAttr(k === 'style' ? rpxToPx(str(v)) : str(v))}"`)
              .join('')
          : '';
      if (VOID.has(name)) return `<${name}${attrs}>`;
      return `<${name}${attrs}>${richNodes(Reflect.get(node, 'children'))}</${name}>`;
    })
    .join('');
}

const ICON_GLYPH: Record<string, string> = {
  success: '✓',
  success_no_circle: '✓',
  info: 'i',
  warn: '!',
  waiting: '…',
  cancel: '×',
  download: '↓',
  search: '⌕',
  clear: '×',
};

function writeIcon(w: Writing): void {
  const type = str(w.attrs.get('type'));
  const size = rpxToPx(str(w.attrs.get('size'), '23'));
  const color = str(w.attrs.get('color'), type === 'warn' ? '#f76260' : type === 'info' ? '#10aeff' : '#09bb07');
  const px = /^\d+(\.\d+)?$/.test(size) ? `${size}px` : size;
  begin(w, `width:${px};height:${px};font-size:calc(${px} * 0.7);background:${color};border-radius:50%;color:#fff`);
  w.out.push(escapeText(ICON_GLYPH[type] ?? ''));
  end(w);
}

/**
 * The writers of the built-in components that are more than an element around its children, by
 * name (`wx-input` → input). A Map, so that no tag can reach an Object.prototype member.
 */
const WRITERS = new Map<string, (w: Writing) => void>([
  ['input', writeInput],
  ['textarea', writeTextarea],
  ['image', writeImage],
  ['swiper', writeSwiper],
  ['picker', writePicker],
  ['switch', writeToggle],
  ['checkbox', writeToggle],
  ['radio', writeToggle],
  ['rich-text', writeRichText],
  ['icon', writeIcon],
  ['progress', writeProgress],
  ['button', writeButton],
  ['scroll-view', writeScrollView],
  ['text', writeText],
]);
