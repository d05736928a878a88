/**
 * `content`: what the member app's pages read and nobody writes here — benefit details (R1.6), the
 * directories admins manage, knowledge articles (健康知识), and the days R4 lets a form choose.
 * Open to any caller: none of it is personal, and a newcomer browsing before activation may read it.
 */
import * as z from 'zod';
import type { Hospital } from '../../../typings/contract';
import { escortEarliestDay, outpatientDates, outpatientExclusionOf } from '../../domain/eligibility';
import { fail } from '../../runtime/errors';
import { defineFunction } from '../../runtime/router';
import { articleOf, articleSummaryOf, byName, entriesOf, expertOf, familyDoctorOf, hospitalOf } from '../directory';
import { empty, id, text } from '../schemas';
import { calendarOverrides } from '../settings';
import { benefitCatalog } from './benefits';

const collator = new Intl.Collator('zh-Hans-CN');

/** '上海市' and '上海' are one city to a member choosing one. */
function cityKey(city: string): string {
  const s = city.normalize('NFKC').replace(/\s+/g, '');
  return s.endsWith('市') ? s.slice(0, -1) : s;
}

function distinct(values: string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))].sort(collator.compare);
}

const filter = (max: number) => text(max).pipe(z.string().min(1));

/** R4.1: the hospital's departments 门诊绿通 does not serve, with the exclusion each falls under. */
function excludedDepartments(departments: readonly string[]): Hospital['excludedDepartments'] {
  const out: Hospital['excludedDepartments'] = [];
  for (const name of departments) {
    const reason = outpatientExclusionOf(name);
    if (reason !== null) out.push({ name, reason });
  }
  return out;
}

export const contentFunction = defineFunction('content', {
  benefits: { access: 'caller', schema: empty, run: () => Promise.resolve(benefitCatalog()) },
  hospitals: {
    access: 'caller',
    schema: z.strictObject({ city: filter(20).exactOptional() }),
    run: async (ctx, req) => {
      const all = (await entriesOf(ctx.store, 'hospital')).map(hospitalOf);
      const want = req.city === undefined ? null : cityKey(req.city);
      const hospitals: Hospital[] = all
        .filter((h) => want === null || cityKey(h.city) === want)
        .map((h) => ({ ...h, excludedDepartments: excludedDepartments(h.departments) }));
      return {
        hospitals: hospitals.sort(byName),
        cities: distinct(all.map((h) => h.city)),
      };
    },
  },
  experts: {
    access: 'caller',
    schema: z.strictObject({ department: filter(30).exactOptional() }),
    run: async (ctx, req) => {
      const all = (await entriesOf(ctx.store, 'expert')).map(expertOf);
      return {
        experts: all.filter((e) => req.department === undefined || e.department === req.department).sort(byName),
      };
    },
  },
  familyDoctors: {
    access: 'caller',
    schema: empty,
    run: async (ctx) => ({ doctors: (await entriesOf(ctx.store, 'familyDoctor')).map(familyDoctorOf).sort(byName) }),
  },
  articles: {
    access: 'caller',
    schema: z.strictObject({
      category: filter(20).exactOptional(),
      term: filter(4).exactOptional(),
      cursor: z
        .string()
        .regex(/^\d{1,6}$/)
        .exactOptional(),
      limit: z.number().int().min(1).max(50).exactOptional(),
    }),
    run: async (ctx, req) => {
      const all = (await entriesOf(ctx.store, 'article')).map(articleSummaryOf);
      // newest first; ids break ties so pages never overlap
      all.sort((a, b) =>
        a.publishedAt === b.publishedAt ? (a.id < b.id ? 1 : -1) : a.publishedAt < b.publishedAt ? 1 : -1,
      );
      const matching = all.filter(
        (a) =>
          (req.category === undefined || a.category === req.category) &&
          (req.term === undefined || a.term === req.term),
      );
      const skip = Number(req.cursor ?? '0');
      const limit = req.limit ?? 20;
      const page = matching.slice(skip, skip + limit);
      return {
        articles: page,
        categories: distinct(all.map((a) => a.category)),
        nextCursor: skip + limit < matching.length ? String(skip + limit) : null,
      };
    },
  },
  article: {
    access: 'caller',
    schema: z.strictObject({ articleId: id }),
    run: async (ctx, req) => {
      const doc = await ctx.store.get('directory', req.articleId);
      // a hospital's id, or a withdrawn article, is no article to read
      if (!doc || doc.kind !== 'article' || !doc.active) fail('NOT_FOUND', '没有找到这篇文章');
      return { article: articleOf(doc) };
    },
  },
  outpatientDates: {
    access: 'caller',
    schema: empty,
    run: async (ctx) => ({ dates: outpatientDates(ctx.now, await calendarOverrides(ctx.store)) }),
  },
  escortEarliestDay: {
    access: 'caller',
    schema: empty,
    run: async (ctx) => ({ day: escortEarliestDay(ctx.now, await calendarOverrides(ctx.store)) }),
  },
});
