/**
 * R5.4 the butler's weekly tips (diet, exercise, sleep by the solar term; trigger `tips`, Mondays
 * 09:00) and the knowledge pushes (trigger `knowledge`, the 1st and 15th) to members who
 * subscribed: those with a one-time consent left for the template (`consents`, read through its
 * (template, count) index, a page at a time), on a card that is not expired. One notice each per
 * week or half-month (the dedupe key), so a trigger that fires twice, or a run by hand, sends
 * nothing more. Content comes from the directory's articles.
 */
import type { ReminderReport } from '../../../typings/contract';
import { cardStatus } from '../../domain/card-life';
import { pageOf, renderSubscribe, type NoticeSettings } from '../../domain/notices';
import { halfMonthOf, solarTermOn, weekOf } from '../../domain/reminders';
import { parseInstant, shanghaiDay } from '../../domain/time';
import type { Ctx } from '../../runtime/router';
import type { DirectoryDoc } from '../../store/collections';
import { articleSummaryOf, entriesOf } from '../directory';
import { enqueue, type NewNotice } from '../outbox';
import { noticeSettings } from '../settings';

const PAGE = 100;
const ARTICLE_PAGE = 'member/pages/article/index';

/** Whether the openid is on a card that is activated and not expired (tips are for members). */
async function isMember(ctx: Ctx, openid: string): Promise<boolean> {
  const memberships = await ctx.store.find('members', { openid, removedAt: null });
  for (const m of memberships) {
    const card = await ctx.store.get('cards', m.cardId);
    const activatedAt = card?.activatedAt ? parseInstant(card.activatedAt) : null;
    if (activatedAt && cardStatus({ activatedAt }, ctx.now) !== 'expired') return true;
  }
  return false;
}

function newestFirst(a: DirectoryDoc, b: DirectoryDoc): number {
  const pa = articleSummaryOf(a).publishedAt;
  const pb = articleSummaryOf(b).publishedAt;
  return pa === pb ? (a._id < b._id ? 1 : -1) : pa < pb ? 1 : -1;
}

/** The subscribers of `template`, page by page: consents with messages left, by id. */
async function eachSubscriber(
  ctx: Ctx,
  template: 'healthTips' | 'knowledge',
  fn: (openid: string) => Promise<void>,
): Promise<void> {
  let after = '';
  for (;;) {
    const page = await ctx.store.find(
      'consents',
      { template, count: { $gt: 0 }, _id: { $gt: after } },
      { orderBy: [['_id', 'asc']], limit: PAGE },
    );
    for (const c of page) await fn(c.openid);
    const last = page[page.length - 1];
    if (!last || page.length < PAGE) return;
    after = last._id;
  }
}

async function push(
  ctx: Ctx,
  trigger: 'tips' | 'knowledge',
  template: 'healthTips' | 'knowledge',
  build: (openid: string) => NewNotice,
): Promise<ReminderReport> {
  const report: ReminderReport = { trigger, processed: 0, notices: 0, cancelled: 0 };
  await eachSubscriber(ctx, template, async (openid) => {
    report.processed++;
    if (!(await isMember(ctx, openid))) return;
    const n = build(openid);
    if (await ctx.store.transaction((tx) => enqueue(tx, n, ctx.now))) report.notices++;
  });
  return report;
}

/** R5.4 the weekly tips of the solar term in effect today. */
export async function pushTips(ctx: Ctx): Promise<ReminderReport> {
  const settings: NoticeSettings = await noticeSettings(ctx.store);
  const today = shanghaiDay(ctx.now);
  const term = solarTermOn(today);
  const article = (await entriesOf(ctx.store, 'article'))
    .filter((a) => articleSummaryOf(a).term === term)
    .sort(newestFirst)[0];
  const title = article ? article.name : `${term}时节：饮食、运动、睡眠`;
  const data = renderSubscribe(
    'healthTips',
    { title, term, date: { day: today }, tip: '点击查看本周饮食、运动、作息建议' },
    settings,
  );
  const page = article ? `${ARTICLE_PAGE}?articleId=${encodeURIComponent(article._id)}` : pageOf('healthTips');
  return push(ctx, 'tips', 'healthTips', (openid) => ({
    channel: 'subscribe',
    to: openid,
    template: 'healthTips',
    data,
    page,
    dedupeKey: `healthTips:${openid}:${weekOf(today)}`,
  }));
}

/** R5.4 the knowledge push: the newest article published by today. */
export async function pushKnowledge(ctx: Ctx): Promise<ReminderReport> {
  const settings = await noticeSettings(ctx.store);
  const today = shanghaiDay(ctx.now);
  const article = (await entriesOf(ctx.store, 'article'))
    .filter((a) => articleSummaryOf(a).publishedAt <= today)
    .sort(newestFirst)[0];
  if (!article) return { trigger: 'knowledge', processed: 0, notices: 0, cancelled: 0 };
  const summary = articleSummaryOf(article);
  const data = renderSubscribe(
    'knowledge',
    { title: summary.title, category: summary.category || '健康知识', date: { day: summary.publishedAt || today } },
    settings,
  );
  return push(ctx, 'knowledge', 'knowledge', (openid) => ({
    channel: 'subscribe',
    to: openid,
    template: 'knowledge',
    data,
    page: `${ARTICLE_PAGE}?articleId=${encodeURIComponent(article._id)}`,
    dedupeKey: `knowledge:${openid}:${halfMonthOf(today)}`,
  }));
}
