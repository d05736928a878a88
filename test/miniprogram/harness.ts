/**
 * Runs mini-program pages in miniprogram-simulate (jsdom), close to how DevTools runs them.
 *
 * Once per test file it builds a copy of miniprogram/ in a temp folder, the way DevTools would:
 *  - every .ts compiled to a .js beside it, file by file, as CommonJS (what the TypeScript
 *    compiler plugin does), so modules keep their identity: the `services/call` a page requires
 *    is the one whose transport `loadPage` sets;
 *  - .wxml .wxss .wxs .json copied as they are;
 *  - @vant/weapp laid out as miniprogram_npm/@vant/weapp (what 构建 npm produces from lib/).
 * Simulate resolves `usingComponents` relative to the component, not through miniprogram_npm,
 * so the copy's json files get npm and absolute paths rewritten to relative ones.
 *
 * Then `loadPage(route, { transport })` loads, renders and attaches the page's Component, which
 * fires `attached` like a page opening. Only Component()/Behavior() are simulated: pages are
 * written with Component() for that reason.
 *
 * Must run under the jsdom environment: put `@jest-environment jsdom` in the test's docblock.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as simulate from 'miniprogram-simulate';
import type { RootComponent } from 'j-component';
import type { Envelope, FunctionName } from '../../typings/contract';
import type * as CallModule from '../../miniprogram/services/call';
import type { CallData, Transport } from '../../miniprogram/services/transport';
// The copy is built by the module the browser preview uses too (npm run preview).
import { buildMiniprogram } from '../../preview/build';

// The simulated component type: simulate's own typings leave data and methods open.
export type SimulatedPage = RootComponent<
  WechatMiniprogram.Component.DataOption,
  WechatMiniprogram.Component.PropertyOption,
  WechatMiniprogram.Component.MethodOption
>;

let builtRoot: string | null = null;

/** The built copy of miniprogram/ for this test file (built on first use). */
export function miniprogramRoot(): string {
  if (builtRoot === null) builtRoot = buildMiniprogram();
  return builtRoot;
}

// Jest gives each test file its own module registry, hence its own root; remove it afterwards.
if (typeof afterAll === 'function') {
  afterAll(() => {
    if (builtRoot !== null) fs.rmSync(builtRoot, { recursive: true, force: true });
    builtRoot = null;
  });
}

// Two things real WeChat has and simulate lacks, which some vant components use: the page stack
// (van-sticky, inside van-tabs, reads getCurrentPages() when it attaches; an empty stack makes it
// skip its scroll listener) and groupSetData (van-tabs batches its tabs' updates; running the
// batch at once is what WeChat does, minus the batching).
if (typeof Reflect.get(globalThis, 'getCurrentPages') !== 'function') {
  Reflect.set(globalThis, 'getCurrentPages', () => []);
}
// eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped, and the very copy simulate uses
const exparser = require('miniprogram-exparser') as { Component: { prototype: object } };
if (typeof Reflect.get(exparser.Component.prototype, 'groupSetData') !== 'function') {
  Reflect.set(exparser.Component.prototype, 'groupSetData', (update: () => void) => update());
}

export interface LoadPageOptions {
  /** Installed before the page attaches, so its first call already goes through it. */
  transport?: Transport;
  /** Property values to render with: a component's attributes, as its parent would set them. */
  props?: Record<string, unknown>;
  /**
   * Runs before the page loads, with a `require` of the built copy (paths relative to its root,
   * e.g. 'adapters/subscribe.js') that returns the very modules the page will use: to set a
   * module's configuration for one test.
   */
  setup?: (load: (relative: string) => unknown) => void;
}

/** Loads `route` (e.g. 'pages/home/index'), renders it and attaches it: the page is open. */
export function loadPage(route: string, options: LoadPageOptions = {}): SimulatedPage {
  const root = miniprogramRoot();
  let id = '';
  // simulate runs each component's .js with require() and then deletes it from require.cache so
  // that the next load runs Component() again; jest ignores that delete, so a second load in the
  // same file would register nothing. A fresh module registry per load does what simulate meant,
  // and gives this page its own services/call, whose transport we set before the page runs.
  jest.isolateModules(() => {
    if (options.transport) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built copy, at run time
      const services = require(path.join(root, 'services/call.js')) as typeof CallModule;
      services.setTransport(options.transport);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built copy, at run time
    options.setup?.((relative) => require(path.join(root, relative)) as unknown);
    id = simulate.load(path.join(root, route), { rootPath: root });
  });
  const page: SimulatedPage = simulate.render(id, options.props);
  page.attach(document.createElement('parent-wrapper'));
  return page;
}

/**
 * Lets pending work finish: transport promises, setData, and (with `ms`) timers such as vant's
 * transitions, which need about 400 ms before what they show can be asserted.
 */
export async function settle(ms = 0): Promise<void> {
  await simulate.sleep(ms);
  await simulate.sleep(0);
}

/**
 * The page's visible text as a member would read it: one space between separate pieces of text
 * (so a benefit row reads "门诊绿通 剩6次"), whitespace collapsed.
 */
export function textOf(page: SimulatedPage): string {
  const pieces: string[] = [];
  const walker = document.createTreeWalker(page.dom ?? document.createElement('div'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const text = node.textContent?.trim();
    if (text) pieces.push(text);
  }
  return pieces.join(' ').replace(/\s+/g, ' ');
}

/**
 * Taps what `selector` finds and lets the handlers run (simulate delivers events
 * asynchronously). Ids are the reliable selector: classes given to vant components land inside
 * them. For a vant button the tap goes to its inner `.van-button`, as a finger's would.
 */
export async function tap(page: SimulatedPage, selector: string): Promise<void> {
  const found = page.querySelector(selector);
  if (!found) throw new Error(`tap: nothing matches ${selector}`);
  const inner = found.querySelector('.van-button');
  (inner ?? found).dispatchEvent('tap');
  await settle();
}

/**
 * Types `value` into the vant field `field` (a selector; `>>>` reaches into components) through
 * its inner input or textarea, as a member would, and answers that control.
 */
export async function typeIn(
  page: SimulatedPage,
  field: string,
  value: string,
): Promise<NonNullable<ReturnType<SimulatedPage['querySelector']>>> {
  const controls = page.querySelectorAll(`${field} >>> .van-field__control`);
  const control = controls.find((c) => ['wx-input', 'wx-textarea'].includes(c.dom?.tagName.toLowerCase() ?? ''));
  if (!control) throw new Error(`no input or textarea in ${field}`);
  control.dispatchEvent('input', { detail: { value } });
  await settle();
  return control;
}

export type Answer = (name: FunctionName, data: CallData) => Envelope<unknown> | Promise<Envelope<unknown>>;

export interface FakeTransport extends Transport {
  /** Every call made, in order: [function name, { action, ...params }]. */
  readonly calls: [FunctionName, CallData][];
}

/** A transport answering from `answer`, recording what the page asked. */
export function fakeTransport(answer: Answer): FakeTransport {
  const calls: [FunctionName, CallData][] = [];
  const transport = async (name: FunctionName, data: CallData): Promise<Envelope<unknown>> => {
    calls.push([name, data]);
    return answer(name, data);
  };
  return Object.assign(transport, { calls });
}

/** A promise with its resolve exposed: holds an answer back to observe the loading state. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
