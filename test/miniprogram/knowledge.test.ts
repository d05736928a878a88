/**
 * @jest-environment jsdom
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import type { Article, ArticleSummary, Envelope } from '../../typings/contract';
import { currentSolarTerm, solarTermOf } from '../../miniprogram/utils/solar-term';
import type { CallData } from '../../miniprogram/services/transport';
import { deferred, fakeTransport, loadPage, settle, tap, textOf, type SimulatedPage } from './harness';

const KNOWLEDGE = 'member/pages/knowledge/index';
const ARTICLE = 'member/pages/article/index';

/** 2026-11-25 10:00 in Shanghai: 小雪 (from 11月22日) until 大雪 (12月7日). */
const NOW = Date.parse('2026-11-25T10:00:00+08:00');

function summary(id: string, title: string, category: string, term: string, publishedAt: string): ArticleSummary {
  return { id, title, category, term, summary: `${title}的摘要。`, publishedAt };
}

const A1 = summary('a-001', '小雪时节，温补有度', '饮食', '小雪', '2026-11-22');
const A2 = summary('a-002', '冬季晨练别太早', '运动', '大雪', '2026-11-24');
const A3 = summary('a-003', '睡个好觉的五个习惯', '睡眠', '', '2026-10-15');
const CATEGORIES = ['慢病', '睡眠', '饮食', '运动'];

const ok = (data: unknown): Envelope<unknown> => ({ ok: true, data });
const refused = (message: string): Envelope<unknown> => ({ ok: false, error: { code: 'RATE_LIMITED', message } });

function page(articles: ArticleSummary[], nextCursor: string | null = null): Envelope<unknown> {
  return ok({ articles, categories: CATEGORIES, nextCursor });
}

function articleCalls(transport: { calls: [string, CallData][] }): CallData[] {
  return transport.calls
    .filter(([name, data]) => name === 'content' && data.action === 'articles')
    .map(([, data]) => data);
}

function rows(p: SimulatedPage): string[] {
  return p.querySelectorAll('.article-row').map((r) => (r.dom?.textContent ?? '').replace(/\s+/g, ' ').trim());
}

let now: jest.SpyInstance;
beforeEach(() => {
  now = jest.spyOn(Date, 'now').mockReturnValue(NOW);
});
afterEach(() => now.mockRestore());

describe('健康知识', () => {
  test('loading, then the articles under tabs of the answered categories, the solar term’s marked 当季', async () => {
    const answer = deferred<Envelope<unknown>>();
    const transport = fakeTransport(() => answer.promise);
    const p = loadPage(KNOWLEDGE, { transport });
    await settle();

    expect(p.data['view']).toBe('loading');
    expect(p.querySelector('.knowledge__loading')).toBeTruthy();
    expect(articleCalls(transport)).toEqual([{ action: 'articles', limit: 10 }]);

    answer.resolve(page([A2, A1, A3]));
    await settle();

    expect(p.data['tabs']).toEqual(['全部', ...CATEGORIES]);
    const text = textOf(p);
    expect(text).toContain('当前节气 小雪');
    const list = rows(p);
    expect(list).toHaveLength(3);
    expect(list[0]).toContain('冬季晨练别太早');
    expect(list[0]).toContain('大雪');
    expect(list[0]).not.toContain('当季');
    expect(list[1]).toContain('小雪时节，温补有度');
    expect(list[1]).toContain('当季 · 小雪');
    expect(list[1]).toContain('2026年11月22日');
    expect(list[2]).toContain('睡眠');
    expect(p.querySelectorAll('.article-row--season')).toHaveLength(1);
    expect(text).toContain('没有更多文章了');
  });

  test('a tab asks for its category; an empty one offers all articles', async () => {
    const transport = fakeTransport((_name, data) => (data['category'] === '运动' ? page([]) : page([A2, A1])));
    const p = loadPage(KNOWLEDGE, { transport });
    await settle();

    const tabs = p.querySelectorAll('#tabs >>> .van-tab');
    expect(tabs.map((t) => t.dom?.textContent?.trim())).toEqual(['全部', ...CATEGORIES]);
    tabs[4]?.dispatchEvent('tap');
    await settle(50);

    expect(articleCalls(transport).at(-1)).toEqual({ action: 'articles', category: '运动', limit: 10 });
    expect(p.data['view']).toBe('empty');
    expect(textOf(p)).toContain('这个分类还没有文章');

    await tap(p, '#show-all');
    expect(articleCalls(transport).at(-1)).toEqual({ action: 'articles', limit: 10 });
    expect(p.data['active']).toBe(0);
    expect(rows(p)).toHaveLength(2);
  });

  test('no article at all: a friendly line and 刷新', async () => {
    const transport = fakeTransport(() => page([]));
    const p = loadPage(KNOWLEDGE, { transport });
    await settle();
    expect(textOf(p)).toContain('文章正在准备中，敬请期待');
    await tap(p, '#reload');
    expect(articleCalls(transport)).toHaveLength(2);
  });

  test('paged: reaching the bottom loads the next page and appends it; a failed page retries in place', async () => {
    let fail = true;
    const transport = fakeTransport((_name, data) => {
      if (data['cursor'] === undefined) return page([A2, A1], '2');
      if (fail) {
        fail = false;
        return refused('网络不太好，请稍后重试');
      }
      return page([A3], null);
    });
    const p = loadPage(KNOWLEDGE, { transport });
    await settle();
    const methods = p.instance as unknown as { onReachBottom(): void };
    expect(textOf(p)).toContain('上滑加载更多');

    methods.onReachBottom();
    await settle();
    expect(articleCalls(transport).at(-1)).toEqual({ action: 'articles', cursor: '2', limit: 10 });
    expect(textOf(p)).toContain('网络不太好，请稍后重试，点击重试');
    expect(rows(p)).toHaveLength(2);

    await tap(p, '#more-retry');
    expect(rows(p)).toHaveLength(3);
    expect(textOf(p)).toContain('没有更多文章了');

    methods.onReachBottom();
    await settle();
    expect(articleCalls(transport)).toHaveLength(3);
  });

  test('the function’s message as it came, and 重试 loads again', async () => {
    let calls = 0;
    const transport = fakeTransport(() => {
      calls += 1;
      return calls === 1 ? refused('操作太频繁，请稍后再试') : page([A1]);
    });
    const p = loadPage(KNOWLEDGE, { transport });
    await settle();
    expect(p.data['view']).toBe('error');
    expect(textOf(p)).toContain('操作太频繁，请稍后再试');
    await tap(p, '#retry');
    expect(p.data['view']).toBe('list');
  });

  test('pull-down refreshes in place', async () => {
    const stop = jest.spyOn(wx, 'stopPullDownRefresh');
    const transport = fakeTransport(() => page([A1]));
    const p = loadPage(KNOWLEDGE, { transport });
    await settle();
    (p.instance as unknown as { onPullDownRefresh(): void }).onPullDownRefresh();
    expect(p.data['view']).toBe('list');
    await settle();
    expect(articleCalls(transport)).toHaveLength(2);
    expect(stop).toHaveBeenCalled();
    stop.mockRestore();
  });

  test('an article opens its page', async () => {
    const navigateTo = jest.spyOn(wx, 'navigateTo');
    const p = loadPage(KNOWLEDGE, { transport: fakeTransport(() => page([A1])) });
    await settle();
    p.querySelector('.article-row')?.dispatchEvent('tap');
    await settle();
    expect(navigateTo).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/member/pages/article/index?articleId=a-001' }),
    );
    navigateTo.mockRestore();
  });
});

describe('文章', () => {
  const full: Article = {
    ...A1,
    body: '小雪过后，早晚温差变大。\n白萝卜、山药都是这个季节的家常食材。\n\n每餐七八分饱。',
  };

  test('loading, then the article in paragraphs, its term marked 当季', async () => {
    const answer = deferred<Envelope<unknown>>();
    const transport = fakeTransport(() => answer.promise);
    const p = loadPage(ARTICLE, { transport, props: { articleId: 'a-001' } });
    await settle();
    expect(p.data['view']).toBe('loading');
    expect(transport.calls).toEqual([['content', { action: 'article', articleId: 'a-001' }]]);

    answer.resolve(ok({ article: full }));
    await settle();
    const text = textOf(p);
    expect(text).toContain('小雪时节，温补有度');
    expect(text).toContain('当季 · 小雪');
    expect(text).toContain('饮食');
    expect(text).toContain('2026年11月22日');
    expect(p.querySelectorAll('.article__paragraph')).toHaveLength(3);
    expect(text).toContain('不能代替医生的诊断和治疗');
  });

  test('an article of another term is not 当季', async () => {
    const p = loadPage(ARTICLE, {
      transport: fakeTransport(() => ok({ article: { ...full, term: '大雪' } })),
      props: { articleId: 'a-002' },
    });
    await settle();
    expect(textOf(p)).toContain('大雪');
    expect(textOf(p)).not.toContain('当季');
  });

  test('a withdrawn article: the function’s message, and 重试', async () => {
    let calls = 0;
    const transport = fakeTransport(() => {
      calls += 1;
      return calls === 1
        ? { ok: false, error: { code: 'NOT_FOUND', message: '没有找到这篇文章' } }
        : ok({ article: full });
    });
    const p = loadPage(ARTICLE, { transport, props: { articleId: 'a-009' } });
    await settle();
    expect(textOf(p)).toContain('没有找到这篇文章');
    await tap(p, '#retry');
    expect(p.data['view']).toBe('article');
  });
});

describe('utils/solar-term', () => {
  test('every term’s first day 2001–2099 matches chinese-days, and the day before is the previous term', () => {
    // chinese-days' functions read local time: ask it in Shanghai's zone, in a process of its own
    const script = `
      const c = require('chinese-days');
      const out = [];
      for (let y = 2001; y <= 2099; y++) for (const t of c.getSolarTerms(y + '-01-01', y + '-12-31')) out.push([t.date, t.name]);
      process.stdout.write(JSON.stringify(out));`;
    const result = spawnSync(process.execPath, ['-e', script], {
      cwd: path.resolve(__dirname, '../..'),
      env: { ...process.env, TZ: 'Asia/Shanghai' },
      encoding: 'utf8',
    });
    const table = JSON.parse(result.stdout) as [string, string][];
    expect(table.length).toBe(99 * 24);

    const wrong: string[] = [];
    for (const [i, [day, name]] of table.entries()) {
      if (solarTermOf(day) !== name) wrong.push(`${day} ${name}: ${solarTermOf(day)}`);
      const before = new Date(Date.parse(`${day}T00:00:00Z`) - 86400000).toISOString().slice(0, 10);
      const previous = i > 0 ? table[i - 1]?.[1] : '冬至';
      if (solarTermOf(before) !== previous) wrong.push(`${before} before ${name}: ${solarTermOf(before)}`);
    }
    expect(wrong).toEqual([]);
  });

  test('now is read in Shanghai, whatever the phone’s zone; outside 2001–2099 nothing', () => {
    // 2026-03-04 23:30 UTC is already 3月5日 in Shanghai: 惊蛰
    expect(currentSolarTerm(Date.parse('2026-03-04T23:30:00Z'))).toBe('惊蛰');
    expect(currentSolarTerm(Date.parse('2026-03-04T15:30:00Z'))).toBe('雨水');
    expect(solarTermOf('2026-01-03')).toBe('冬至');
    expect(solarTermOf('2100-06-01')).toBe('');
    expect(solarTermOf('not a day')).toBe('');
  });
});
