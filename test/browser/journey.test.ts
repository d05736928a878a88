/**
 * The browser journey (issue 9): in the preview (`npm run preview`), headless Chromium walks as a
 * new member would, by clicking and typing in the real pages, against a fresh local cloud:
 * activate a card → invite a family member → the family member accepts → order an outpatient
 * green channel (门诊绿通) → the agent books it in the workbench → the member sees the booking
 * and its SMS → the visit is done → the member rates it.
 *
 * Needs Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH): .ci/run installs it; without it
 * this file is skipped and says so. `npm test` builds dist/preview first.
 * On failure a screenshot of the shell is left in the temp folder (its path is in the error).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { DEMO } from '../../server/local/seed';
import { CHROMIUM_PATH, haveChromium, launchChromium } from '../../preview/browser';
import { Phone, startPreviewProcess, type PreviewProcess } from './preview-kit';

jest.setTimeout(240_000);

const runs = haveChromium();
if (!runs) {
  console.warn(
    `test/browser/journey.test.ts skipped: no Chromium at ${CHROMIUM_PATH} ` +
      '(apt-get install chromium fonts-wqy-microhei, or set CHROMIUM_PATH)',
  );
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** An ID number with a valid GB 11643 check character, for people made up by this test. */
function idNumber(birth: string, sequence: number): string {
  const first17 = `110101${birth}${String(sequence).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return first17 + ('10X98765432'[sum % 11] ?? '');
}

/** YYYY-MM-DD, `days` from now, in Shanghai. */
function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
}

(runs ? describe : describe.skip)('browser journey: a new member, from activation to a rated booking', () => {
  let preview: PreviewProcess;
  let browser: Browser;
  let phone: Phone;
  const shots = mkdtempSync(join(tmpdir(), 'bluecard-journey-'));

  beforeAll(async () => {
    preview = await startPreviewProcess();
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    phone = new Phone(page, preview.url);
  });

  afterAll(async () => {
    await browser?.close();
    await preview?.stop();
  });

  /** Runs a step; on failure keeps a screenshot and says where. */
  async function step(name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (err) {
      const file = join(shots, `${name.replace(/\W+/g, '-')}.png`);
      await phone.screenshot(file).catch(() => undefined);
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(
        `step "${name}" failed (screenshot: ${file}): ${message}\n--- preview output ---\n${preview.output().slice(-3000)}`,
      );
    }
  }

  test('activate → invite → accept → order → book → SMS → rate', async () => {
    const member = `journey-member-${Date.now().toString(36)}`;
    const meta = (await (await fetch(`${preview.url}/api/meta`)).json()) as {
      demoCard: { cardNo: string; code: string } | null;
    };
    const card = meta.demoCard;
    if (!card) throw new Error('the preview did not report the demo card to activate');
    let orderId = '';

    await step('a newcomer sees no card', async () => {
      await phone.open(member, 'pages/home/index');
      expect(await phone.text()).toContain('您还没有激活的太医蓝卡');
    });

    await step('activates the demo card', async () => {
      await phone.tap('activate');
      expect((await phone.current()).route).toBe('pages/activate/index');
      await phone.type('cardNo', card.cardNo);
      await phone.type('code', card.code);
      await phone.type('name', '赵敏');
      await phone.type('idNumber', idNumber('19900307', 123));
      await phone.type('phone', '13600136000');
      await phone.click('#page [data-id="consent"] wx-view');
      await phone.tap('submit');
      const text = await phone.text();
      expect(text).toContain('激活成功');
      expect(text).toContain('等待期');
    });

    await step('invites a family member by a WeChat share', async () => {
      await phone.tap('family');
      expect((await phone.current()).route).toBe('member/pages/family/index');
      await phone.tap('invite');
      await phone.tap('share');
      await phone.page.waitForSelector('#share-title');
      expect(await phone.page.locator('#share-title').innerText()).toContain('邀请您加入我的太医蓝卡家庭');
      expect(await phone.page.locator('#share-path').innerText()).toMatch(/^\/pages\/invite\/index\?token=/);
    });

    await step('the family member opens the card and accepts', async () => {
      // a new WeChat user taps the shared card
      await phone.page.selectOption('#share-who', { index: 0 });
      await phone.click('#share-open');
      expect((await phone.current()).route).toBe('pages/invite/index');
      await phone.type('name', '周芷若');
      await phone.type('idNumber', idNumber('19920815', 456));
      await phone.type('phone', '13600136001');
      await phone.click('#page [data-id="consent"] wx-view');
      await phone.tap('submit');
      expect(await phone.text()).toContain('家庭成员');
    });

    await step('the member orders 门诊绿通 once the waiting period is over', async () => {
      await phone.switchTo(member);
      await phone.clock(31);
      await phone.tap('benefit-outpatientGreen');
      expect((await phone.current()).route).toBe('member/pages/benefit/index');
      await phone.tap('primary');
      expect((await phone.current()).route).toBe('member/pages/order-form/index');
      await phone.tap('hospital');
      await phone.tap('option-0');
      await phone.tap('department');
      await phone.tap('option-0');
      await phone.tap('wantedDate');
      await phone.tapButton('确定', '#page [data-id="calendar"]');
      await phone.tap('submit');
      const now = await phone.current();
      expect(now.route).toBe('member/pages/order/index');
      orderId = now.query['orderId'] ?? '';
      expect(orderId).not.toBe('');
      expect(await phone.text()).toContain('已提交');
    });

    await step('the agent books it in the workbench', async () => {
      await phone.switchTo(DEMO.staff.agent);
      await phone.tap(`order-${orderId}`);
      expect((await phone.current()).route).toBe('workbench/pages/order/index');
      await phone.tap('steps');
      await phone.tapButton('电话确认预约信息');
      if (await phone.sees('确定', '#page [data-id="confirm"]'))
        await phone.tapButton('确定', '#page [data-id="confirm"]');
      await phone.tap('steps');
      await phone.tapButton('预约成功');
      await phone.page.fill('#page [data-id="visit-date"] input.wx-picker-native', dayFromNow(36));
      await phone.idle();
      await phone.tap('period-0');
      await phone.type('hospital', '北京大学第一医院');
      await phone.type('address', '北京市西城区西什库大街8号 门诊楼一层');
      await phone.click('#page [data-id="step-popup"] [data-id="submit"]');
      if (await phone.sees('确定', '#page [data-id="confirm"]'))
        await phone.tapButton('确定', '#page [data-id="confirm"]');
      expect(await phone.text()).toContain('已预约');
    });

    await step('the member sees the booking and its SMS', async () => {
      await phone.switchTo(member);
      await phone.click('#tabbar [data-tab="pages/orders/index"]');
      await phone.tap(`order-${orderId}`);
      const text = await phone.text();
      expect(text).toContain('已预约');
      expect(text).toContain('北京大学第一医院');
      expect(text).toContain('西什库大街8号');
      // the SMS the booking sent, as the shell's 短信与通知 panel shows the local cloud's outbox
      await phone.page.click('#outbox-refresh');
      await phone.page.waitForFunction(
        `[...document.querySelectorAll('#outbox li')].some((li) => li.textContent.includes('13600136000') && li.textContent.includes('北京大学第一医院'))`,
      );
    });

    await step('the visit is done, and the member rates it', async () => {
      await phone.switchTo(DEMO.staff.agent);
      await phone.tap(`order-${orderId}`);
      await phone.tap('steps');
      await phone.tapButton('就诊完成');
      if (await phone.page.locator('#page [data-id="step-popup"] [data-id="submit"]').first().isVisible()) {
        await phone.click('#page [data-id="step-popup"] [data-id="submit"]');
      }
      if (await phone.sees('确定', '#page [data-id="confirm"]'))
        await phone.tapButton('确定', '#page [data-id="confirm"]');

      await phone.switchTo(member);
      await phone.click('#tabbar [data-tab="pages/orders/index"]');
      await phone.tap(`order-${orderId}`);
      await phone.click('#page [data-id="stars"] van-icon >> nth=4');
      await phone.tap('rate-submit');
      const text = await phone.text();
      expect(text).toContain('您的评价');
      expect(text).toContain('5 星');
    });
  });
});
