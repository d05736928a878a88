/**
 * Drives the browser preview (`npm run preview`, docs/preview.md) as a person would: starts its
 * server (`node dist/preview/main.js`, built by `npm test`'s build step) with a fresh local
 * cloud, and clicks and types in headless Chromium. Each helper waits for the preview to settle
 * (no call pending, nothing changing, the last render shown), so steps read like the journey.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';

const ROOT = resolve(__dirname, '..', '..');

export interface PreviewProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** `node dist/preview/main.js` on a free port, with a cloud of its own (never $BLUECARD_PORT's). */
export async function startPreviewProcess(): Promise<PreviewProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, PREVIEW_PORT: '0' };
  delete env['BLUECARD_PORT'];
  const child: ChildProcess = spawn(process.execPath, [resolve(ROOT, 'dist/preview/main.js')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the preview did not start:\n${out}`)), 60000);
    const look = () => {
      const m = /preview ready on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout?.on('data', look);
    child.on('exit', () => {
      clearTimeout(timer);
      fail(new Error(`the preview exited:\n${out}`));
    });
  });
  return {
    url,
    output: () => out,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The preview's shell in one browser tab: the phone and its switchers. */
export class Phone {
  constructor(
    readonly page: Page,
    readonly base: string,
  ) {}

  /** Opens the preview as `openid` on `route`. */
  async open(openid: string, route: string): Promise<void> {
    await this.page.goto(`${this.base}/?openid=${encodeURIComponent(openid)}&route=${encodeURIComponent(route)}`);
    await this.page.waitForFunction('window.__preview && window.__preview.session');
    await this.idle();
  }

  /** Waits until nothing moves: no call pending, no change for `quietMs`, the render shown. */
  async idle(quietMs = 250): Promise<void> {
    await this.page.evaluate(`window.__preview.idle(${quietMs})`);
  }

  /** The text the phone's page shows, whitespace collapsed. */
  async text(): Promise<string> {
    const text = await this.page.locator('#page').innerText();
    return text.replace(/\s+/g, ' ');
  }

  /** The route and query of the page on top. */
  async current(): Promise<{ route: string; query: Record<string, string> }> {
    return this.page.evaluate<{ route: string; query: Record<string, string> }>('window.__preview.render.page');
  }

  /**
   * Taps the element with WXML id `id` (a component's host has no box of its own when its
   * content is a block, so its first child is tapped then, as a finger would).
   */
  async tap(id: string): Promise<void> {
    await this.click(`#page [data-id="${id}"]`);
  }

  async click(selector: string): Promise<void> {
    const target = this.page.locator(selector).first();
    await target.waitFor({ state: 'attached' });
    const box = await target.boundingBox();
    if (box && box.width > 0 && box.height > 0) await target.click();
    else await this.page.locator(`${selector} > *`).first().click();
    await this.idle();
  }

  /** Taps the (vant) button whose text is `text`, e.g. in an action sheet or a dialog. */
  async tapButton(text: string, within = '#page'): Promise<void> {
    await this.page.locator(`${within} wx-button`, { hasText: text }).first().click();
    await this.idle();
  }

  /** Whether the (vant) button whose text is `text` can be seen. */
  async sees(text: string, within = '#page'): Promise<boolean> {
    return this.page.locator(`${within} wx-button`, { hasText: text }).first().isVisible();
  }

  /** Types into the input of the field with WXML id `id`, then leaves it. */
  async type(id: string, value: string): Promise<void> {
    const input = this.page.locator(`#page [data-id="${id}"] input, #page [data-id="${id}"] textarea`).first();
    await input.click();
    await input.fill(value);
    await input.blur();
    await this.idle();
  }

  /** Switches WeChat user with the identity switcher (an openid of the list, or any other). */
  async switchTo(openid: string): Promise<void> {
    const listed = await this.page.locator(`#identity option[value="${openid}"]`).count();
    if (listed > 0) {
      await this.page.selectOption('#identity', openid);
    } else {
      await this.page.fill('#openid', openid);
      await this.page.click('#identity-go');
    }
    await this.page.waitForFunction(
      `window.__preview.render && window.__preview.render.openid === ${JSON.stringify(openid)}`,
    );
    await this.idle();
  }

  /** Moves the local cloud's clock `days` ahead (the shell's clock buttons). */
  async clock(days: 31 | 400 | null): Promise<void> {
    await this.page.click(days === null ? '#clock-now' : `#clock-${days}`);
    const shown = days === null ? '现在' : `现在 + ${days} 天`;
    await this.page.waitForFunction(`document.querySelector('#clock').textContent === ${JSON.stringify(shown)}`);
    await this.idle();
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }
}
