/**
 * `admin`'s ops data: the working-day overrides (R4: chinese-days' data ends in 2026, so next
 * year's holidays are entered here when the State Council announces them) and the directory.
 */
import * as z from 'zod';
import type { DayKind, DirectoryEntry, DirectoryKind, HolidayTable } from '../../../typings/contract';
import { officialCalendarYears } from '../../domain/calendar';
import { formatInstant, isDay, shanghaiDay } from '../../domain/time';
import { newId } from '../../runtime/crypto';
import { fail } from '../../runtime/errors';
import type { ActionMap, Ctx } from '../../runtime/router';
import type { DirectoryDoc } from '../../store/collections';
import { byName, directoryEntryInput, directoryKind, entriesOf, entryOf } from '../directory';
import { empty } from '../schemas';

/** Ten years of days: far more than ops will ever enter, small enough to read on every order. */
const MAX_OVERRIDES = 3660;
/** Years an override may name: a typo such as 2206 is refused rather than kept forever. */
const YEARS = { first: 2000, last: 2099 } as const;

const overrideDay = z
  .string()
  .refine((s) => isDay(s) && Number(s.slice(0, 4)) >= YEARS.first && Number(s.slice(0, 4)) <= YEARS.last, {
    error: `日期应为 ${YEARS.first}–${YEARS.last} 年的 YYYY-MM-DD`,
  });

/** The stored table, keeping only well-formed entries (the document may have been edited by hand). */
function tableOf(value: unknown): Record<string, DayKind> {
  const out: Record<string, DayKind> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [d, k] of Object.entries(value as Record<string, unknown>)) {
    if (isDay(d) && (k === 'workday' || k === 'holiday')) out[d] = k;
  }
  return out;
}

function sorted(days: Record<string, DayKind>): Record<string, DayKind> {
  return Object.fromEntries(Object.entries(days).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function answer(days: Record<string, DayKind>): HolidayTable {
  return { days, officialYears: { ...officialCalendarYears } };
}

const ID_PREFIX: Readonly<Record<DirectoryKind, string>> = {
  hospital: 'hos',
  expert: 'exp',
  familyDoctor: 'doc',
  article: 'art',
};

async function upsert(ctx: Ctx, entry: z.infer<typeof directoryEntryInput>): Promise<DirectoryEntry> {
  const existing = entry.id === undefined ? null : await ctx.store.get('directory', entry.id);
  // an expert's id is kept on orders (expertConsult): turning it into a hospital would break them
  if (existing && existing.kind !== entry.kind) fail('INVALID_ARGUMENT', '该编号已被其他类型的条目使用');
  const data: Record<string, unknown> = { ...entry.data };
  if (entry.kind === 'article' && entry.data.publishedAt === undefined) {
    const kept = existing?.data.publishedAt;
    data.publishedAt = typeof kept === 'string' && isDay(kept) ? kept : shanghaiDay(ctx.now);
  }
  const _id = entry.id ?? newId(ID_PREFIX[entry.kind], ctx.now);
  if (entry.kind === 'hospital' && entry.active) {
    // orders name their hospital and find it by name (order.create): two active ones would be ambiguous
    const twins = await ctx.store.find('directory', { kind: 'hospital', active: true, name: entry.name });
    if (twins.some((t) => t._id !== _id)) fail('INVALID_ARGUMENT', '已有同名医院，请修改原条目');
  }
  const doc: DirectoryDoc = { _id, kind: entry.kind, name: entry.name, data, active: entry.active };
  await ctx.store.put('directory', doc);
  return entryOf(doc);
}

type OpsActions = Pick<ActionMap<'admin'>, 'setHolidays' | 'getHolidays' | 'upsertDirectory' | 'listDirectory'>;

export const opsActions: OpsActions = {
  setHolidays: {
    access: 'admin',
    schema: z.strictObject({
      days: z
        .unknown()
        // zod drops a "__proto__" key silently; an admin who sent one should hear that it is no day
        .refine((v) => typeof v !== 'object' || v === null || !Object.prototype.hasOwnProperty.call(v, '__proto__'), {
          error: '日期应为 YYYY-MM-DD',
        })
        .pipe(z.record(overrideDay, z.enum(['workday', 'holiday']).nullable()))
        .refine((d) => Object.keys(d).length <= MAX_OVERRIDES, { error: `一次最多设置 ${MAX_OVERRIDES} 天` }),
    }),
    run: async (ctx, req) => {
      const days = await ctx.store.transaction(async (tx) => {
        const doc = await tx.get('settings', 'calendar');
        const table = tableOf(doc?.value);
        for (const [d, kind] of Object.entries(req.days)) {
          if (kind === null) delete table[d];
          else table[d] = kind;
        }
        if (Object.keys(table).length > MAX_OVERRIDES)
          fail('INVALID_ARGUMENT', `调整日最多保留 ${MAX_OVERRIDES} 天，请先删除过去的`);
        const value = sorted(table);
        await tx.put('settings', { _id: 'calendar', value, updatedAt: formatInstant(ctx.now) });
        return value;
      });
      return answer(days);
    },
  },
  getHolidays: {
    access: 'admin',
    schema: empty,
    run: async (ctx) => answer(sorted(tableOf((await ctx.store.get('settings', 'calendar'))?.value))),
  },
  upsertDirectory: {
    access: 'admin',
    schema: z.strictObject({ entry: directoryEntryInput }),
    run: async (ctx, req) => ({ entry: await upsert(ctx, req.entry) }),
  },
  listDirectory: {
    access: 'admin',
    schema: z.strictObject({ kind: directoryKind, includeInactive: z.boolean().exactOptional() }),
    run: async (ctx, req) => {
      const docs = await entriesOf(ctx.store, req.kind, req.includeInactive === true);
      return { entries: docs.map(entryOf).sort(byName) };
    },
  },
};
