/**
 * `npm run screenshots`: a PNG of every page in each of its important states (preview/shots.ts)
 * in preview/screenshots/, at phone size (375×812 CSS px, 2× pixels) with Chinese fonts, and an
 * index.html that shows them all. Starts its own preview server and local cloud (demo world),
 * and drives Debian's Chromium with playwright-core (docs/preview.md).
 */
import * as fs from 'fs';
import * as path from 'path';
import { DEMO } from '../server/local/seed';
import { CONSENT_VERSION } from '../miniprogram/services/record';
import { haveChromium, launchChromium, CHROMIUM_PATH } from './browser';
import { PROJECT } from './build';
import type { Meta, Render } from './protocol';
import { startPreview } from './server';
import { planShots, type Shot, type ShotContext } from './shots';

const OUT = path.join(PROJECT, 'preview/screenshots');

interface Envelope<T> {
  ok: boolean;
  data: T;
  error?: { code: string; message: string };
}

async function call<T>(base: string, fn: string, openid: string, data: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${base}/call/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid, data }),
  });
  const envelope = (await res.json()) as Envelope<T>;
  if (!envelope.ok)
    throw new Error(`${fn}.${String(data['action'])}: ${envelope.error?.code} ${envelope.error?.message}`);
  return envelope.data;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** An ID number with a valid GB 11643 check character, for the people the run makes up. */
function idNumber(birth: string, sequence: number): string {
  const first17 = `110101${birth}${String(sequence).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return first17 + ('10X98765432'[sum % 11] ?? '');
}

/** Reads the demo world, and makes through the functions what it lacks (a waiting card, an invite). */
async function makeContext(base: string): Promise<ShotContext> {
  type Cards = { cards: { cardId: string; edition: string; members: { memberId: string; self: boolean }[] }[] };
  const mine = await call<Cards>(base, 'card', DEMO.holder, { action: 'mine' });
  const premium = mine.cards.find((c) => c.edition === 'premium') ?? mine.cards[0];

  // the holder's 健康档案 filled in, as after a few visits (the record page's filled state, with
  // the consent panel and its 撤回同意); the family member's stays unconsented
  const self = premium?.members.find((m) => m.self);
  if (self) {
    await call(base, 'record', DEMO.holder, { action: 'consent', memberId: self.memberId, version: CONSENT_VERSION });
    await call(base, 'record', DEMO.holder, {
      action: 'update',
      memberId: self.memberId,
      profile: {
        heightCm: 172,
        weightKg: 68.5,
        allergies: ['青霉素'],
        chronicConditions: ['高血压'],
        medications: ['氨氯地平 5mg 每日一次'],
      },
    });
  }
  const pro = (await call<Cards>(base, 'card', DEMO.proHolder, { action: 'mine' })).cards[0];

  const waitingOpenid = 'preview-waiting';
  const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
  const issued = await call<{ cards: { cardNo: string; code: string }[] }>(base, 'admin', DEMO.admin, {
    action: 'issueCards',
    orderNo: `PREVIEW-SHOTS-${Date.now()}`,
    orderDate: yesterday,
    edition: 'premium',
    phone: '13700137000',
  });
  const fresh = issued.cards[0];
  if (!fresh) throw new Error('admin.issueCards issued nothing');
  const activated = await call<{ card: { cardId: string } }>(base, 'card', waitingOpenid, {
    action: 'activate',
    cardNo: fresh.cardNo,
    code: fresh.code,
    name: '王小明',
    idNumber: idNumber('19850612', 271),
    phone: '13700137001',
  });
  const invite = await call<{ token: string }>(base, 'card', waitingOpenid, {
    action: 'createInvite',
    cardId: activated.card.cardId,
  });

  type Orders = { orders: { orderId: string; status: string; benefit: string }[] };
  const orders = (await call<Orders>(base, 'order', DEMO.holder, { action: 'list', limit: 50 })).orders;
  const ordersByStatus: Record<string, string> = {};
  for (const o of orders) ordersByStatus[o.status] ??= o.orderId;
  const consult = orders.find((o) => o.status === 'in_service' && /Consult|familyDoctor/.test(o.benefit));

  type Articles = { articles: { id?: string; articleId?: string }[] };
  const articles = (await call<Articles>(base, 'content', DEMO.holder, { action: 'articles' })).articles;
  const article = articles[0];

  return {
    cardId: premium?.cardId ?? '',
    proCardId: pro?.cardId ?? '',
    waitingCardId: activated.card.cardId,
    waitingOpenid,
    inviteToken: invite.token,
    ordersByStatus,
    consultOrderId: consult?.orderId ?? '',
    articleId: article?.articleId ?? article?.id ?? '',
  };
}

interface Taken {
  shot: Shot;
  /** its place in the plan */
  order: number;
  file: string | null;
  error: string | null;
  pageErrors: string[];
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function modeText(shot: Shot): string {
  const parts: string[] = [];
  if (shot.mode.fail) parts.push(`fail=${shot.mode.fail}`);
  if (shot.mode.hold) parts.push('hold');
  if (shot.mode.elder) parts.push('elder');
  if (shot.clockDays) parts.push(`cloud +${shot.clockDays}d`);
  return parts.join(' · ');
}

function indexHtml(taken: Taken[], meta: Meta): string {
  const titles = new Map(meta.routes.map((r) => [r.route, r.title]));
  // app.json's order, each page's shots in the plan's order
  const byRoute = new Map<string, Taken[]>(meta.routes.map((r) => [r.route, []]));
  for (const t of taken) byRoute.set(t.shot.route, [...(byRoute.get(t.shot.route) ?? []), t]);
  for (const [route, list] of byRoute) {
    if (list.length === 0) byRoute.delete(route);
    else list.sort((a, b) => a.order - b.order);
  }
  const sections = [...byRoute.entries()].map(([route, list]) => {
    const figures = list
      .map((t) => {
        const caption = `<b>${escapeHtml(t.shot.state)}</b><br><code>${escapeHtml(t.shot.openid)}</code>${
          modeText(t.shot) ? `<br><small>${escapeHtml(modeText(t.shot))}</small>` : ''
        }${t.pageErrors.length ? `<br><small class="bad">页面报错 ${t.pageErrors.length} 条</small>` : ''}`;
        return t.file
          ? `<figure><a href="${escapeHtml(t.file)}"><img src="${escapeHtml(t.file)}" alt="${escapeHtml(t.shot.state)}" loading="lazy"></a><figcaption>${caption}</figcaption></figure>`
          : `<figure class="failed"><div>没能拍下：${escapeHtml(t.error ?? '')}</div><figcaption>${caption}</figcaption></figure>`;
      })
      .join('\n');
    return `<section><h2>${escapeHtml(titles.get(route) || route)} <code>${escapeHtml(route)}</code></h2><div class="grid">${figures}</div></section>`;
  });
  const missing = meta.routes.filter((r) => !r.exists).map((r) => `<code>${escapeHtml(r.route)}</code>`);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>太医蓝卡 · 页面截图</title>
<style>
body{font-family:-apple-system,'PingFang SC','WenQuanYi Micro Hei',sans-serif;margin:24px;background:#f5f7fa;color:#1f2329}
h1{font-size:22px}h2{font-size:17px;margin:32px 0 12px}code{font-size:12px;color:#646a73}
.grid{display:flex;flex-wrap:wrap;gap:16px}
figure{margin:0;width:200px}figure img{width:200px;border-radius:12px;box-shadow:0 4px 16px rgba(31,35,41,.12);background:#fff}
figcaption{font-size:12px;line-height:1.5;margin-top:6px}.bad{color:#ee0a24}
.failed div{width:200px;height:433px;border-radius:12px;background:#fff0f0;color:#ee0a24;font-size:12px;padding:12px;box-sizing:border-box;overflow:auto}
</style></head><body>
<h1>太医蓝卡 · 页面截图</h1>
<p>${taken.filter((t) => t.file).length} 张，${new Date().toISOString()}，375×812（2 倍像素），数据来自本地云的演示数据（<code>npm run screenshots</code>，见 docs/preview.md）。</p>
${missing.length ? `<p>app.json 中尚未完成的页面：${missing.join('、')}</p>` : ''}
${sections.join('\n')}
</body></html>
`;
}

async function main(): Promise<void> {
  if (!haveChromium()) {
    console.error(
      `No Chromium at ${CHROMIUM_PATH}: apt-get install chromium fonts-wqy-microhei (or set CHROMIUM_PATH).`,
    );
    process.exit(2);
  }
  fs.mkdirSync(OUT, { recursive: true });
  for (const file of fs.readdirSync(OUT)) {
    if (/\.(png|html|json)$/.test(file)) fs.rmSync(path.join(OUT, file));
  }
  const t0 = Date.now();
  const preview = await startPreview({ port: 0, quiet: true });
  const browser = await launchChromium();
  const taken: Taken[] = [];
  try {
    const ctx = await makeContext(preview.cloud.base);
    const meta = (await (await fetch(`${preview.url}/api/meta`)).json()) as Meta;
    const routes = meta.routes.filter((r) => r.exists).map((r) => r.route);
    const shots = planShots(routes, ctx);
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 });

    // one browser tab (and session) per identity, mode and clock; pages opened in it one by one
    const groups = new Map<string, Shot[]>();
    for (const shot of shots) {
      const key = JSON.stringify([shot.clockDays ?? 0, shot.openid, shot.mode]);
      groups.set(key, [...(groups.get(key) ?? []), shot]);
    }
    const ordered = [...groups.values()].sort((a, b) => (a[0]?.clockDays ?? 0) - (b[0]?.clockDays ?? 0));
    for (const group of ordered) {
      const first = group[0];
      if (!first) continue;
      await fetch(`${preview.url}/api/clock`, {
        method: 'POST',
        body: JSON.stringify(first.clockDays ? { days: first.clockDays } : { now: null }),
      });
      const page = await context.newPage();
      const params = new URLSearchParams({ bare: '1', openid: first.openid, route: first.route });
      const q = new URLSearchParams(first.query).toString();
      if (q) params.set('query', q);
      if (first.mode.fail) params.set('fail', first.mode.fail);
      if (first.mode.hold) params.set('hold', '1');
      if (first.mode.elder) params.set('elder', '1');
      await page.goto(`${preview.url}/?${params.toString()}`);
      await page.waitForFunction('window.__preview && window.__preview.session');
      const session = await page.evaluate<string>('window.__preview.session');
      let errorsBefore = 0;
      for (const [i, shot] of group.entries()) {
        const file = `${shot.name}.png`;
        try {
          if (i > 0) {
            await fetch(`${preview.url}/api/session/${session}/action`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ type: 'open', route: shot.route, query: shot.query }),
            });
            await page.waitForFunction(
              `window.__preview.render && window.__preview.render.page && window.__preview.render.page.route === ${JSON.stringify(shot.route)}`,
            );
          }
          await page.evaluate(`window.__preview.idle(${shot.mode.hold ? 150 : 400})`);
          for (const step of shot.steps ?? []) {
            if ('wait' in step) await page.waitForTimeout(step.wait);
            else {
              const target =
                'tap' in step
                  ? page.locator(`#page [data-id="${step.tap}"]`).first()
                  : page.locator('#page wx-button', { hasText: step.button }).first();
              const box = await target.boundingBox({ timeout: 5000 });
              if (box && box.width > 0 && box.height > 0) await target.click({ timeout: 5000 });
              else
                await page
                  .locator(`#page [data-id="${'tap' in step ? step.tap : ''}"] > *`)
                  .first()
                  .click({ timeout: 5000 });
            }
            await page.evaluate('window.__preview.idle(400)');
          }
          // vant's transitions (popups, dialogs) take ~300 ms after the DOM settles
          await page.waitForTimeout(shot.steps?.length ? 400 : 100);
          await page.screenshot({ path: path.join(OUT, file) });
          const render = await page.evaluate<Render>('window.__preview.render');
          const pageErrors = render.errors.slice(errorsBefore);
          errorsBefore = render.errors.length;
          taken.push({ shot, order: shots.indexOf(shot), file, error: null, pageErrors });
          process.stdout.write('.');
        } catch (err) {
          taken.push({
            shot,
            order: shots.indexOf(shot),
            file: null,
            error: err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err),
            pageErrors: [],
          });
          process.stdout.write('x');
        }
      }
      await page.close();
      await fetch(`${preview.url}/api/session/${session}`, { method: 'DELETE' }).catch(() => undefined);
    }
    await fetch(`${preview.url}/api/clock`, { method: 'POST', body: JSON.stringify({ now: null }) });
    process.stdout.write('\n');
    fs.writeFileSync(path.join(OUT, 'index.html'), indexHtml(taken, meta));
    fs.writeFileSync(
      path.join(OUT, 'shots.json'),
      `${JSON.stringify(
        taken.map((t) => ({ ...t.shot, file: t.file, error: t.error, pageErrors: t.pageErrors })),
        null,
        2,
      )}\n`,
    );
  } finally {
    await browser.close();
    await preview.close();
  }
  const failed = taken.filter((t) => !t.file);
  const withErrors = taken.filter((t) => t.pageErrors.length > 0);
  console.log(
    `${taken.length - failed.length} screenshots in ${path.relative(PROJECT, OUT)}/ (index.html) in ${Math.round((Date.now() - t0) / 1000)} s`,
  );
  for (const t of failed) console.log(`  not taken: ${t.shot.name}: ${t.error}`);
  for (const t of withErrors) console.log(`  page errors in ${t.shot.name}: ${t.pageErrors[0]?.split('\n')[0]}`);
  if (failed.length > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
