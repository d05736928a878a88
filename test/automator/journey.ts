/**
 * The browser journey of test/browser/journey.test.ts, in WeChat DevTools through
 * miniprogram-automator: the real mini-program in the real WeChat runtime. It cannot run where
 * there is no DevTools (CI, this repository's machines); run it with `npm run e2e:devtools` on a
 * machine that has DevTools, see docs/preview.md.
 *
 * The app talks to a local cloud started here (demo world): wx.cloud.callFunction is replaced in
 * the app service with a wx.request to the local cloud as a chosen openid, which is how the
 * journey switches between the member, the family member and the agent without three WeChat
 * accounts. Pages, their services and transports are untouched (cloudTransport still calls
 * wx.cloud.callFunction).
 *
 * Environment: WECHAT_DEVTOOLS_CLI (DevTools' cli; defaults to the usual install path),
 * DEVTOOLS_PORT (automation port, default 9420). DevTools must be logged in, with 设置 → 安全设置
 * → 服务端口 on; `npm run build` first (the local cloud is dist/local/server.js), and
 * 构建 npm done once so miniprogram/miniprogram_npm exists.
 */
import * as fs from 'fs';
import * as path from 'path';
import automator from 'miniprogram-automator';
import type MiniProgram from 'miniprogram-automator/out/MiniProgram';
import type Page from 'miniprogram-automator/out/Page';
import type Element from 'miniprogram-automator/out/Element';
import type { InputElement } from 'miniprogram-automator/out/Element';
import { DEMO } from '../../server/local/seed';
import { startLocalCloud, type LocalCloudProcess } from '../http/local-cloud';

const ROOT = path.resolve(__dirname, '..', '..');

/** What the function given to evaluate() finds in the app service (typed here, not imported). */
declare const wx: { cloud: Record<string, unknown>; request(options: Record<string, unknown>): void };

function defaultCli(): string {
  if (process.platform === 'darwin') return '/Applications/wechatwebdevtools.app/Contents/MacOS/cli';
  if (process.platform === 'win32') return 'C:/Program Files (x86)/Tencent/微信web开发者工具/cli.bat';
  return '/opt/wechat-devtools/bin/cli';
}

const CLI = process.env['WECHAT_DEVTOOLS_CLI'] ?? defaultCli();

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

function idNumber(birth: string, sequence: number): string {
  const first17 = `110101${birth}${String(sequence).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return first17 + ('10X98765432'[sum % 11] ?? '');
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`expected: ${what}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The app service's calls go to `base` as `openid` (a demo identity, or any new one). */
async function actAs(mp: MiniProgram, base: string, openid: string): Promise<void> {
  await mp.evaluate(
    (cloudBase: string, caller: string) => {
      type Options = { name: string; data: unknown; success?: (r: unknown) => void; fail?: (e: unknown) => void };
      const w = wx;
      w.cloud['callFunction'] = (o: Options) =>
        new Promise((resolve, reject) => {
          w.request({
            url: `${cloudBase}/call/${o.name}`,
            method: 'POST',
            data: { openid: caller, data: o.data },
            success: (r: { data: unknown }) => {
              const res = { result: r.data };
              if (o.success) o.success(res);
              resolve(res);
            },
            fail: (e: unknown) => {
              if (o.fail) o.fail(e);
              reject(new Error(JSON.stringify(e)));
            },
          });
        });
    },
    base,
    openid,
  );
}

/** Waits until the page's data says it is no longer loading. */
async function loaded(page: Page): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const view: unknown = await page.data('view');
    if (view !== 'loading') return;
    await sleep(100);
  }
  throw new Error(`${page.path} stayed loading`);
}

async function find(scope: Page | Element, selector: string): Promise<Element> {
  const found = await scope.$(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

async function tap(page: Page, id: string): Promise<void> {
  await (await find(page, `#${id}`)).tap();
  await sleep(400);
}

/** Types into the vant field `id`: its inner <input>. */
async function type(page: Page, id: string, value: string, scope?: Element): Promise<void> {
  const field = await find(scope ?? page, `#${id}`);
  const input = (await find(field, 'input')) as InputElement;
  await input.input(value);
  await input.trigger('blur', { value });
  await sleep(200);
}

async function open(mp: MiniProgram, url: string): Promise<Page> {
  const page = await mp.reLaunch(url);
  if (!page) throw new Error(`could not open ${url}`);
  await sleep(500);
  return page;
}

async function current(mp: MiniProgram): Promise<Page> {
  await sleep(600);
  const page = await mp.currentPage();
  if (!page) throw new Error('no page');
  return page;
}

async function main(): Promise<void> {
  if (!fs.existsSync(CLI)) {
    console.error(
      `WeChat DevTools' cli is not at ${CLI}. Install DevTools, log in, turn on 设置 → 安全设置 → 服务端口, ` +
        'and set WECHAT_DEVTOOLS_CLI to its cli (see docs/preview.md). This journey cannot run without DevTools.',
    );
    process.exit(2);
  }
  let cloud: LocalCloudProcess | null = null;
  let mp: MiniProgram | null = null;
  try {
    cloud = await startLocalCloud({ seed: 'demo' });
    const banner = /cardNo (\S+)\s+code (\S+)/.exec(cloud.output());
    if (!banner?.[1] || !banner[2]) throw new Error('the local cloud did not print the demo card');
    const card = { cardNo: banner[1], code: banner[2] };
    const base = cloud.base;
    const member = `devtools-member-${Date.now().toString(36)}`;
    const invitee = `devtools-family-${Date.now().toString(36)}`;

    mp = await automator.launch({
      cliPath: CLI,
      projectPath: ROOT,
      port: Number(process.env['DEVTOOLS_PORT'] ?? 9420),
      // wx.request to the local cloud on 127.0.0.1
      projectConfig: { setting: { urlCheck: false } },
    });
    // WeChat's dialogs are answered yes; subscriptions accepted
    await mp.mockWxMethod('showModal', { confirm: true, cancel: false });
    await mp.mockWxMethod('requestSubscribeMessage', { errMsg: 'requestSubscribeMessage:ok' });

    console.log('1. a new member activates the demo card');
    await actAs(mp, base, member);
    let page = await open(mp, '/pages/home/index');
    await loaded(page);
    await tap(page, 'activate');
    page = await current(mp);
    check(page.path === 'pages/activate/index', 'the activation page');
    await type(page, 'cardNo', card.cardNo);
    await type(page, 'code', card.code);
    const form = await find(page, '#realname');
    await type(page, 'name', '赵敏', form);
    await type(page, 'idNumber', idNumber('19900307', 123), form);
    await type(page, 'phone', '13600136000', form);
    await (await find(form, '#consent')).trigger('change', true);
    await tap(page, 'submit');
    await sleep(1500);
    check((await page.data('view')) === 'success', 'activated');

    console.log('2. invites a family member (the share card carries the invite path)');
    await tap(page, 'family');
    page = await current(mp);
    await loaded(page);
    await tap(page, 'invite');
    await sleep(800);
    const shared = (await page.callMethod('onShareAppMessage', { from: 'button' })) as { path?: string };
    check(typeof shared.path === 'string' && shared.path.startsWith('/pages/invite/index?token='), 'an invite path');

    console.log('3. the family member opens it and accepts');
    await actAs(mp, base, invitee);
    page = await open(mp, shared.path ?? '');
    const inviteForm = await find(page, '#realname');
    await type(page, 'name', '周芷若', inviteForm);
    await type(page, 'idNumber', idNumber('19920815', 456), inviteForm);
    await type(page, 'phone', '13600136001', inviteForm);
    await (await find(inviteForm, '#consent')).trigger('change', true);
    await tap(page, 'submit');
    await sleep(1500);

    console.log('4. after the waiting period, the member orders 门诊绿通');
    await cloud.setClock(new Date(Date.now() + 31 * 86_400_000).toISOString());
    await actAs(mp, base, member);
    const mine = await cloud.ok<{ cards: { cardId: string }[] }>('card', member, { action: 'mine' });
    const cardId = mine.cards[0]?.cardId ?? '';
    page = await open(mp, `/member/pages/order-form/index?benefit=outpatientGreen&cardId=${cardId}`);
    await loaded(page);
    await tap(page, 'hospital');
    await tap(page, 'option-0');
    await tap(page, 'department');
    await tap(page, 'option-0');
    await tap(page, 'wantedDate');
    // the calendar opens on the first day that may be chosen; 确定 takes it
    await (await find(await find(page, '#calendar'), '.van-calendar__confirm')).tap();
    await sleep(500);
    await tap(page, 'submit');
    page = await current(mp);
    check(page.path === 'member/pages/order/index', 'the order page');
    const orderId = String(page.query['orderId'] ?? '');
    check(orderId !== '', 'an order id');

    console.log('5. the agent books it in the workbench');
    await actAs(mp, base, DEMO.staff.agent);
    page = await open(mp, `/workbench/pages/order/index?orderId=${orderId}`);
    await loaded(page);
    for (const label of ['电话确认预约信息', '预约成功']) {
      await tap(page, 'steps');
      const items = (await (await find(page, '#step-sheet')).$$('.van-action-sheet__item')) as Element[];
      let picked = false;
      for (const item of items) {
        if ((await item.text()).includes(label)) {
          await item.tap();
          picked = true;
          break;
        }
      }
      check(picked, `the step ${label}`);
      await sleep(800);
    }
    const visit = new Date(Date.now() + 36 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    await (await find(page, '#visit-date')).trigger('change', { value: visit });
    await tap(page, 'period-0');
    await type(page, 'hospital', '北京大学第一医院');
    await type(page, 'address', '北京市西城区西什库大街8号 门诊楼一层');
    await tap(page, 'submit');
    await sleep(1500);

    console.log('6. the member sees the booking and its SMS');
    await actAs(mp, base, member);
    page = await open(mp, `/member/pages/order/index?orderId=${orderId}`);
    await loaded(page);
    const booked = (await page.data('order')) as { status: string; booking?: { hospital: string } } | null;
    check(booked?.status === 'booked' && booked.booking?.hospital === '北京大学第一医院', 'the booking shown');
    const outbox = await cloud.outbox();
    check(
      outbox.some((n) => n.channel === 'sms' && n.to === '13600136000' && (n.text ?? '').includes('北京大学第一医院')),
      'the booking SMS to the member',
    );

    console.log('7. the visit is done, and the member rates it');
    await actAs(mp, base, DEMO.staff.agent);
    page = await open(mp, `/workbench/pages/order/index?orderId=${orderId}`);
    await loaded(page);
    await tap(page, 'steps');
    for (const item of (await (await find(page, '#step-sheet')).$$('.van-action-sheet__item')) as Element[]) {
      if ((await item.text()).includes('就诊完成')) {
        await item.tap();
        break;
      }
    }
    await sleep(1000);
    await actAs(mp, base, member);
    page = await open(mp, `/member/pages/order/index?orderId=${orderId}`);
    await loaded(page);
    await (await find(page, '#stars')).trigger('change', 5);
    await tap(page, 'rate-submit');
    await sleep(1000);
    const rated = (await page.data('order')) as { rating?: { stars: number } } | null;
    check(rated?.rating?.stars === 5, 'rated 5 stars');
    console.log('journey passed in WeChat DevTools');
  } finally {
    await mp?.close().catch(() => undefined);
    await cloud?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
