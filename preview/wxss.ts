/**
 * WXSS → browser CSS, the way the preview needs it to match what miniprogram-simulate renders:
 *  - class selectors get the component's prefix (`.van-button` in van-button's wxss →
 *    `.van-button--van-button`), as simulate writes them into the DOM (its classPrefix);
 *  - `:host` becomes the component's tag; `page` the page's frame (`.mp-page`); WeChat's
 *    built-in tags (`view`, `button`…) the `wx-` elements simulate renders;
 *  - rpx becomes px at a 375 px wide phone (750rpx = 375px, so 1rpx = 0.5px);
 *  - vant's icon font, which WeChat loads from a CDN, comes from the @vant/icons package
 *    (the same font file, embedded), so icons show offline.
 * Only selectors are rewritten; declarations keep their text except for rpx.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Logical width of the phone the preview draws: iPhone X/11 Pro/12 mini class, in CSS px. */
export const PHONE_WIDTH = 375;
export const PHONE_HEIGHT = 812;

const RPX = PHONE_WIDTH / 750;

/** WeChat's built-in components, as simulate names their elements (`wx-<name>`). */
export const BUILT_IN = [
  'cover-image',
  'cover-view',
  'movable-area',
  'movable-view',
  'page-container',
  'root-portal',
  'scroll-view',
  'swiper',
  'swiper-item',
  'view',
  'icon',
  'progress',
  'rich-text',
  'text',
  'button',
  'checkbox',
  'checkbox-group',
  'editor',
  'form',
  'input',
  'label',
  'picker',
  'picker-view',
  'picker-view-column',
  'radio',
  'radio-group',
  'slider',
  'switch',
  'textarea',
  'navigator',
  'audio',
  'camera',
  'image',
  'video',
  'map',
  'canvas',
  'web-view',
  'open-data',
] as const;

const TAG_PATTERN = new RegExp(
  `(^|[\\s>+~(,])(${[...BUILT_IN].sort((a, b) => b.length - a.length).join('|')}|page)(?![-_a-zA-Z0-9])`,
  'g',
);

/** `28rpx` → `14px`, wherever it stands (declarations, inline styles). */
export function rpxToPx(text: string): string {
  return text.replace(/(-?(?:\d+\.?\d*|\.\d+))rpx\b/gi, (_all, n: string) => `${round(Number(n) * RPX)}px`);
}

function round(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

export interface ConvertOptions {
  /** the component's class prefix: its tag in the parent's usingComponents, or the page's tag */
  prefix: string;
  /** the element that `:host` means; defaults to the prefix (simulate's tag for the component) */
  host?: string;
  /** what `@font-face { font-family: vant-icon }` should load instead of the CDN */
  vantIconFont?: string;
}

/** Converts one component's WXSS (imports already inlined) to CSS. */
export function convertWxss(source: string, options: ConvertOptions): string {
  const blocks = parse(stripComments(source));
  return print(blocks, options, false);
}

/** Reads a .wxss file with its @imports inlined (relative to the importing file), once each. */
export function readWxss(file: string, seen: Set<string> = new Set()): string {
  if (seen.has(file) || !fs.existsSync(file)) return '';
  seen.add(file);
  const text = fs.readFileSync(file, 'utf8');
  return text.replace(/@import\s+(?:"([^"]+)"|'([^']+)')\s*;?/g, (_all, a?: string, b?: string) => {
    const target = a ?? b ?? '';
    const resolved = path.resolve(path.dirname(file), target.endsWith('.wxss') ? target : `${target}.wxss`);
    return readWxss(resolved, seen);
  });
}

/** The class list simulate writes for `name` in a component whose prefix is `prefix`. */
export function prefixed(prefix: string, name: string): string {
  return prefix ? `${prefix}--${name}` : name;
}

// ---- a small CSS parser: enough for WXSS (rules, @media/@supports, @keyframes, @font-face)

interface Rule {
  kind: 'rule';
  prelude: string;
  body: string;
}
interface AtBlock {
  kind: 'at';
  prelude: string;
  children: Block[] | null;
  body: string;
}
interface Statement {
  kind: 'statement';
  text: string;
}
type Block = Rule | AtBlock | Statement;

function stripComments(css: string): string {
  return css.replace(/\/\*[\s\S]*?\*\//g, '');
}

/** Index of the `}` closing the block whose `{` is just before `from`; strings skipped. */
function closing(css: string, from: number): number {
  let depth = 1;
  for (let i = from; i < css.length; i++) {
    const c = css[i];
    if (c === '"' || c === "'") {
      const end = css.indexOf(c, i + 1);
      i = end < 0 ? css.length : end;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return css.length;
}

function parse(css: string): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < css.length) {
    const open = nextOf(css, '{', i);
    const semi = nextOf(css, ';', i);
    if (open < 0 && semi < 0) break;
    const head = css.slice(i, open < 0 ? css.length : open).trim();
    if (head.startsWith('@') && semi >= 0 && (open < 0 || semi < open)) {
      blocks.push({ kind: 'statement', text: css.slice(i, semi + 1).trim() });
      i = semi + 1;
      continue;
    }
    if (open < 0) break;
    const end = closing(css, open + 1);
    const body = css.slice(open + 1, end);
    if (head.startsWith('@')) {
      const nested = /^@(media|supports|document|container|layer)\b/i.test(head);
      blocks.push({ kind: 'at', prelude: head, children: nested ? parse(body) : null, body });
    } else if (head) {
      blocks.push({ kind: 'rule', prelude: head, body });
    }
    i = end + 1;
  }
  return blocks;
}

function nextOf(css: string, char: string, from: number): number {
  for (let i = from; i < css.length; i++) {
    const c = css[i];
    if (c === '"' || c === "'") {
      const end = css.indexOf(c, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (c === char) return i;
  }
  return -1;
}

function print(blocks: Block[], options: ConvertOptions, inKeyframes: boolean): string {
  const out: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'statement') {
      // @import was inlined already; @charset and the like mean nothing here.
      continue;
    }
    if (block.kind === 'rule') {
      const selector = inKeyframes ? block.prelude : selectors(block.prelude, options);
      out.push(`${selector}{${rpxToPx(block.body)}}`);
      continue;
    }
    if (/^@font-face/i.test(block.prelude)) {
      out.push(fontFace(block.body, options));
    } else if (/^@(-webkit-)?keyframes/i.test(block.prelude)) {
      out.push(`${block.prelude}{${print(parse(block.body), options, true)}}`);
    } else if (block.children) {
      out.push(`${rpxToPx(block.prelude)}{${print(block.children, options, false)}}`);
    } else {
      out.push(`${block.prelude}{${rpxToPx(block.body)}}`);
    }
  }
  return out.join('\n');
}

function fontFace(body: string, options: ConvertOptions): string {
  if (options.vantIconFont && /font-family\s*:\s*["']?vant-icon/i.test(body)) {
    const rest = body.replace(/src\s*:[^;]*(;|$)/i, '');
    return `@font-face{${rest};src:url(${options.vantIconFont}) format("woff2")}`;
  }
  return `@font-face{${body}}`;
}

/** Rewrites a selector list: classes prefixed (as simulate does), :host, page and tags. */
export function selectors(prelude: string, options: ConvertOptions): string {
  const host = options.host ?? options.prefix;
  return splitList(prelude)
    .map((one) => {
      let s = one.trim();
      // simulate's own rule: a `.x` not preceded by a digit (so `1.5` stays a number)
      s = s.replace(/(.)?\.([-_a-zA-Z0-9]+)/g, (all: string, before: string | undefined, name: string) =>
        before !== undefined && /\d/.test(before) ? all : `${before ?? ''}.${prefixed(options.prefix, name)}`,
      );
      s = s.replace(/:host\(([^)]*)\)/g, `${host}$1`).replace(/:host\b/g, host);
      s = s.replace(TAG_PATTERN, (_all, before: string, tag: string) =>
        tag === 'page' ? `${before}.mp-page` : `${before}wx-${tag}`,
      );
      return s;
    })
    .join(',');
}

/** Splits at top-level commas (not those inside `:not(a, b)`). */
function splitList(prelude: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < prelude.length; i++) {
    const c = prelude[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(prelude.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(prelude.slice(start));
  return parts;
}
