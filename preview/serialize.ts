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

function write(el: Element, state: SerializeState, out: string[], inText: boolean): void {
  const tag = el.localName;
  if (tag === 'style' || tag === 'script') return;
  if (!tag.startsWith('wx-')) {
    // a custom component's host (van-button, card-face, the page's own tag)
    const extra: Record<string, string> = {};
    const id = wxIdOf(el);
    if (id) extra['data-id'] = id;
    out.push(open(tag, el, state, extra));
    writeChildren(el, state, out, inText);
    out.push(`</${tag}>`);
    return;
  }
  const attrs = attrsOf(el);
  const extra: Record<string, string> = {};
  if (truthy(attrs.get('hidden'))) extra['hidden'] = '';
  const ariaLabel = str(attrs.get('aria-label'));
  if (ariaLabel) extra['aria-label'] = ariaLabel;
  const ariaRole = str(attrs.get('aria-role'));
  if (ariaRole) extra['role'] = ariaRole;
  const wxId = wxIdOf(el);
  if (wxId) extra['data-id'] = wxId;
  const kind = tag.slice(3);
  switch (kind) {
    case 'input':
      return writeInput(el, attrs, state, out, extra);
    case 'textarea':
      return writeTextarea(el, attrs, state, out, extra);
    case 'image':
      return writeImage(el, attrs, state, out, extra);
    case 'swiper':
      return writeSwiper(el, attrs, state, out, extra);
    case 'picker':
      return writePicker(el, attrs, state, out, extra);
    case 'switch':
    case 'checkbox':
    case 'radio': {
      if (truthy(attrs.get('checked'))) extra['checked'] = '';
      if (truthy(attrs.get('disabled'))) extra['disabled'] = '';
      const color = str(attrs.get('color'));
      out.push(open(tag, el, state, extra, color ? `--wx-checked:${color}` : ''));
      writeChildren(el, state, out, inText);
      out.push(`</${tag}>`);
      return;
    }
    case 'rich-text':
      return writeRichText(el, attrs, state, out, extra);
    case 'icon':
      return writeIcon(el, attrs, state, out, extra);
    case 'progress': {
      const percent = Math.max(0, Math.min(100, Number(attrs.get('percent') ?? 0) || 0));
      const color = str(attrs.get('activeColor') ?? attrs.get('active-color'), '#09bb07');
      out.push(open(tag, el, state, extra));
      out.push(`<i class="wx-progress-bar"><i style="width:${percent}%;background:${escapeAttr(color)}"></i></i>`);
      out.push(`</${tag}>`);
      return;
    }
    case 'button': {
      for (const name of ['type', 'size', 'open-type', 'form-type']) {
        const value = str(attrs.get(name));
        if (value) extra[name] = value;
      }
      for (const name of ['plain', 'disabled', 'loading']) if (truthy(attrs.get(name))) extra[name] = '';
      out.push(open(tag, el, state, extra));
      writeChildren(el, state, out, inText);
      out.push(`</${tag}>`);
      return;
    }
    case 'scroll-view': {
      const x = truthy(attrs.get('scroll-x'));
      const y = truthy(attrs.get('scroll-y'));
      const style = `overflow-x:${x ? 'auto' : 'hidden'};overflow-y:${y ? 'auto' : 'hidden'}`;
      out.push(open(tag, el, state, extra, style));
      writeChildren(el, state, out, inText);
      out.push(`</${tag}>`);
      return;
    }
    case 'text': {
      if (truthy(attrs.get('user-select')) || truthy(attrs.get('selectable'))) extra['data-select'] = '';
      out.push(open(tag, el, state, extra));
      writeChildren(el, state, out, true);
      out.push(`</${tag}>`);
      return;
    }
    default:
      out.push(open(tag, el, state, extra));
      writeChildren(el, state, out, inText);
      out.push(`</${tag}>`);
  }
}

/** The value an input or textarea shows: what was typed, until the page sets another. */
export function shownValue(el: Element, attrs: Attrs, state: SerializeState): string {
  const attr = str(attrs.get('value'));
  const typed = state.typed.get(el);
  if (typed && typed.attr === attr) return typed.value;
  if (typed) state.typed.delete(el);
  return attr;
}

function writeInput(
  el: Element,
  attrs: Attrs,
  state: SerializeState,
  out: string[],
  extra: Record<string, string>,
): void {
  const type = str(attrs.get('type'), 'text');
  const password = truthy(attrs.get('password')) || type === 'password';
  const input: Record<string, string> = {
    type: password ? 'password' : 'text',
    value: shownValue(el, attrs, state),
  };
  if (type === 'number') input['inputmode'] = 'numeric';
  if (type === 'digit') input['inputmode'] = 'decimal';
  if (type === 'idcard') input['inputmode'] = 'text';
  const placeholder = str(attrs.get('placeholder'));
  if (placeholder) input['placeholder'] = placeholder;
  const max = Number(attrs.get('maxlength') ?? 140);
  if (Number.isFinite(max) && max >= 0) input['maxlength'] = String(max);
  if (truthy(attrs.get('disabled'))) input['disabled'] = '';
  const color = placeholderColor(str(attrs.get('placeholder-style')));
  out.push(open('wx-input', el, state, extra));
  out.push(
    `<input data-input="${idOf(el, state)}"${color ? ` style="--wx-placeholder:${escapeAttr(color)}"` : ''}${Object.entries(
      input,
    )
      .map(([k, v]) => (v === '' && k !== 'value' ? ` ${k}` : ` ${k}="${escapeAttr(v)}"`))
      .join('')}>`,
  );
  out.push('</wx-input>');
}

function writeTextarea(
  el: Element,
  attrs: Attrs,
  state: SerializeState,
  out: string[],
  extra: Record<string, string>,
): void {
  const props: string[] = [];
  const placeholder = str(attrs.get('placeholder'));
  if (placeholder) props.push(` placeholder="${escapeAttr(placeholder)}"`);
  const max = Number(attrs.get('maxlength') ?? 140);
  if (Number.isFinite(max) && max >= 0) props.push(` maxlength="${max}"`);
  if (truthy(attrs.get('disabled'))) props.push(' disabled');
  if (truthy(attrs.get('auto-height'))) extra['data-auto-height'] = '';
  const color = placeholderColor(str(attrs.get('placeholder-style')));
  out.push(open('wx-textarea', el, state, extra));
  out.push(
    `<textarea data-input="${idOf(el, state)}"${color ? ` style="--wx-placeholder:${escapeAttr(color)}"` : ''}${props.join('')}>${escapeText(shownValue(el, attrs, state))}</textarea>`,
  );
  out.push('</wx-textarea>');
}

function writeImage(
  el: Element,
  attrs: Attrs,
  state: SerializeState,
  out: string[],
  extra: Record<string, string>,
): void {
  const mode = str(attrs.get('mode'), 'scaleToFill');
  extra['data-mode'] = mode;
  const src = resolveSrc(str(attrs.get('src')), el, state);
  out.push(open('wx-image', el, state, extra));
  if (src) {
    const fit = IMAGE_FIT[mode] ?? 'none';
    out.push(`<img src="${escapeAttr(src)}" alt="" style="object-fit:${fit}">`);
  }
  out.push('</wx-image>');
}

function writeSwiper(
  el: Element,
  attrs: Attrs,
  state: SerializeState,
  out: string[],
  extra: Record<string, string>,
): void {
  const items = Array.from(el.children).filter((c) => c.localName === 'wx-swiper-item');
  const chosen = state.swiperCurrent.get(el) ?? Number(attrs.get('current') ?? 0);
  const current = Math.max(0, Math.min(items.length - 1, Number.isFinite(chosen) ? chosen : 0));
  extra['data-current'] = String(current);
  extra['data-count'] = String(items.length);
  out.push(open('wx-swiper', el, state, extra));
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
  out.push('</wx-swiper>');
}

function writePicker(
  el: Element,
  attrs: Attrs,
  state: SerializeState,
  out: string[],
  extra: Record<string, string>,
): void {
  const mode = str(attrs.get('mode'), 'selector');
  const n = idOf(el, state);
  const disabled = truthy(attrs.get('disabled'));
  out.push(open('wx-picker', el, state, extra));
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
  out.push('</wx-picker>');
}

function writeRichText(
  el: Element,
  attrs: Attrs,
  state: SerializeState,
  out: string[],
  extra: Record<string, string>,
): void {
  const nodes = attrs.get('nodes');
  out.push(open('wx-rich-text', el, state, extra));
  out.push(richNodes(nodes));
  out.push('</wx-rich-text>');
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

function writeIcon(
  el: Element,
  attrs: Attrs,
  state: SerializeState,
  out: string[],
  extra: Record<string, string>,
): void {
  const type = str(attrs.get('type'));
  const size = rpxToPx(str(attrs.get('size'), '23'));
  const color = str(attrs.get('color'), type === 'warn' ? '#f76260' : type === 'info' ? '#10aeff' : '#09bb07');
  const px = /^\d+(\.\d+)?$/.test(size) ? `${size}px` : size;
  out.push(
    open(
      'wx-icon',
      el,
      state,
      extra,
      `width:${px};height:${px};font-size:calc(${px} * 0.7);background:${color};border-radius:50%;color:#fff`,
    ),
  );
  out.push(escapeText(ICON_GLYPH[type] ?? ''));
  out.push('</wx-icon>');
}
