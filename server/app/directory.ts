/**
 * The directory that admins manage (hospitals, experts, family doctors, knowledge articles): the
 * strict shape of each kind for `admin.upsertDirectory`, and the readers that turn stored entries
 * into the contract's shapes for `content` and `admin.listDirectory`.
 */
import * as z from 'zod';
import type {
  Article,
  ArticleSummary,
  DirectoryData,
  DirectoryEntry,
  DirectoryEntryInput,
  DirectoryKind,
  Expert,
  FamilyDoctor,
  Hospital,
} from '../../typings/contract';
import type { DirectoryDoc } from '../store/collections';
import type { Store } from '../store/port';
import { day, id, text } from './schemas';

/** The 24 solar terms in calendar order from 立春: articles and the butler's tips follow them (R5.4). */
// prettier-ignore
export const SOLAR_TERMS = [
  '立春', '雨水', '惊蛰', '春分', '清明', '谷雨',
  '立夏', '小满', '芒种', '夏至', '小暑', '大暑',
  '立秋', '处暑', '白露', '秋分', '寒露', '霜降',
  '立冬', '小雪', '大雪', '冬至', '小寒', '大寒',
] as const;

const required = (max: number, what: string) => text(max).pipe(z.string().min(1, `请填写${what}`));

const DATA_SCHEMAS: { [K in DirectoryKind]: z.ZodType<DirectoryData[K]> } = {
  hospital: z.strictObject({
    city: required(20, '城市'),
    level: required(20, '医院等级'),
    address: required(120, '地址'),
    public: z.boolean(),
    departments: z.array(required(30, '科室')).max(200),
  }),
  expert: z.strictObject({
    title: required(20, '职称'),
    hospital: required(60, '医院'),
    department: required(30, '科室'),
    specialty: required(200, '擅长'),
  }),
  familyDoctor: z.strictObject({
    title: required(20, '职称'),
    hospital: required(60, '医院'),
    specialty: required(200, '擅长'),
  }),
  article: z.strictObject({
    category: required(20, '分类'),
    // '' is an article of no particular season
    term: z.union([z.enum(SOLAR_TERMS), z.literal('')], { error: '节气应为二十四节气之一或留空' }),
    summary: required(200, '摘要'),
    body: required(20_000, '正文'),
    publishedAt: day.exactOptional(),
  }),
};

const NAME_MAX: Readonly<Record<DirectoryKind, number>> = { hospital: 60, expert: 20, familyDoctor: 20, article: 60 };

function entrySchema<K extends DirectoryKind>(kind: K) {
  return z.strictObject({
    id: id.exactOptional(),
    kind: z.literal(kind),
    name: required(NAME_MAX[kind], '名称'),
    data: DATA_SCHEMAS[kind],
    active: z.boolean(),
  });
}

export const directoryEntryInput: z.ZodType<DirectoryEntryInput> = z.discriminatedUnion('kind', [
  entrySchema('hospital'),
  entrySchema('expert'),
  entrySchema('familyDoctor'),
  entrySchema('article'),
]);

export const directoryKind = z.enum(['hospital', 'expert', 'familyDoctor', 'article']);

// ---------------------------------------------------------------------------------------------
// Readers: stored data is read field by field, so an entry written before a field existed (or by
// hand in the console) still renders instead of failing the whole list.

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** A hospital entry as the directory keeps it (`content.hospitals` adds its R4.1 exclusions). */
export function hospitalOf(d: DirectoryDoc): Omit<Hospital, 'excludedDepartments'> {
  return {
    id: d._id,
    name: d.name,
    city: str(d.data.city),
    level: str(d.data.level),
    address: str(d.data.address),
    public: d.data.public === true,
    departments: strings(d.data.departments),
  };
}

export function expertOf(d: DirectoryDoc): Expert {
  return {
    id: d._id,
    name: d.name,
    title: str(d.data.title),
    hospital: str(d.data.hospital),
    department: str(d.data.department),
    specialty: str(d.data.specialty),
  };
}

export function familyDoctorOf(d: DirectoryDoc): FamilyDoctor {
  return {
    id: d._id,
    name: d.name,
    title: str(d.data.title),
    hospital: str(d.data.hospital),
    specialty: str(d.data.specialty),
  };
}

export function articleSummaryOf(d: DirectoryDoc): ArticleSummary {
  return {
    id: d._id,
    title: d.name,
    category: str(d.data.category),
    term: str(d.data.term),
    summary: str(d.data.summary),
    publishedAt: str(d.data.publishedAt),
  };
}

export function articleOf(d: DirectoryDoc): Article {
  return { ...articleSummaryOf(d), body: str(d.data.body) };
}

export function entryOf(d: DirectoryDoc): DirectoryEntry {
  const base = { id: d._id, name: d.name, active: d.active };
  switch (d.kind) {
    case 'hospital': {
      const { id: _i, name: _n, ...data } = hospitalOf(d);
      return { ...base, kind: 'hospital', data };
    }
    case 'expert': {
      const { id: _i, name: _n, ...data } = expertOf(d);
      return { ...base, kind: 'expert', data };
    }
    case 'familyDoctor': {
      const { id: _i, name: _n, ...data } = familyDoctorOf(d);
      return { ...base, kind: 'familyDoctor', data };
    }
    case 'article': {
      const { id: _i, title: _t, ...data } = articleOf(d);
      return { ...base, kind: 'article', data };
    }
  }
}

const collator = new Intl.Collator('zh-Hans-CN');

/** Chinese names in pinyin order, then by id so that equal names keep one order. */
export function byName(a: { name: string; id: string }, b: { name: string; id: string }): number {
  return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Active entries of a kind (or all of them, for admins). The directory is small: read it whole. */
export async function entriesOf(store: Store, kind: DirectoryKind, includeInactive = false): Promise<DirectoryDoc[]> {
  return store.find('directory', includeInactive ? { kind } : { kind, active: true });
}
