/**
 * 健康档案 (R1 `healthRecord`): one person's profile, their uploaded reports and the reports staff
 * issued to them. Health information is sensitive personal information (PIPL art. 28): only the
 * person and the card's holder may see it, nothing is stored before consent (art. 29), it is
 * sealed at rest, and no handler here logs or echoes any of it.
 */
import type {
  BenefitKey,
  FileId,
  HealthProfile,
  HealthProfileInput,
  HealthRecord,
  HealthReport,
  Req,
  Res,
} from '../../../typings/contract';
import { formatInstant, shanghaiDay } from '../../domain/time';
import { decrypt, encrypt, newId } from '../../runtime/crypto';
import { fail } from '../../runtime/errors';
import type { Ctx } from '../../runtime/router';
import type { MemberDoc, OrderDoc, RecordDoc } from '../../store/collections';
import { isDuplicateKey } from '../../store/port';
import { auditRow } from '../audit';
import { requireOwnFiles } from '../upload-dir';

/** The same answer for "no such person" and "not yours": a stranger learns nothing. */
const NOT_FOUND = '没有找到这份健康档案';
const NEEDS_CONSENT = '请先同意《健康信息处理授权》';
/** After a withdrawal (record.withdrawConsent): nothing is stored until consent is given again. */
const WITHDRAWN = '《健康信息处理授权》已撤回，请重新同意后再保存健康信息';
/** Uploads kept per person; beyond that the member removes old ones first. */
export const MAX_UPLOADS = 100;

export type Viewer = 'self' | 'holder';

interface Upload {
  id: string;
  title: string;
  day?: string;
  files: FileId[];
  at: string;
  /** set when the files were deleted after the retention period (maintenance) */
  filesNote?: string;
}

/** One of a person's own uploads, as sealed in the record (maintenance and privacy read them). */
export type RecordUpload = Upload;

/** What is sealed: the member id travels inside, so a sealed value copied onto another record fails. */
interface SealedProfile extends Omit<HealthProfile, 'updatedAt'> {
  m: string;
}
interface SealedUploads {
  m: string;
  items: Upload[];
}

/**
 * The person may read and change their own record, wherever they are now; the holder may while the
 * person is on their card. Anyone else gets the same NOT_FOUND as for an unknown id.
 */
export async function accessOf(ctx: Ctx, memberId: string): Promise<{ member: MemberDoc; viewer: Viewer }> {
  const member = await ctx.store.get('members', memberId);
  if (!member) fail('NOT_FOUND', NOT_FOUND);
  if (member.openid === ctx.openid) return { member, viewer: 'self' };
  if (member.removedAt === null) {
    const card = await ctx.store.get('cards', member.cardId);
    if (card !== null && card.holderOpenid === ctx.openid) return { member, viewer: 'holder' };
  }
  fail('NOT_FOUND', NOT_FOUND);
}

function seal(ctx: Ctx, value: SealedProfile | SealedUploads): string {
  return encrypt(ctx.config.dataKey, JSON.stringify(value));
}

function unseal<T extends { m: string }>(ctx: Ctx, memberId: string, sealed: string): T {
  let value: T;
  try {
    value = JSON.parse(decrypt(ctx.config.dataKey, sealed)) as T;
  } catch {
    // JSON.parse's message quotes the text it choked on: rethrow without it, this may reach the log
    throw new Error('record: sealed value cannot be opened');
  }
  if (value.m !== memberId) throw new Error('record: sealed value belongs to another record');
  return value;
}

const EMPTY_PROFILE: Omit<HealthProfile, 'updatedAt'> = { allergies: [], chronicConditions: [], medications: [] };

function profileOf(ctx: Ctx, doc: RecordDoc | null): Omit<HealthProfile, 'updatedAt'> {
  if (!doc?.profileEnc) return EMPTY_PROFILE;
  const { m: _m, ...profile } = unseal<SealedProfile>(ctx, doc._id, doc.profileEnc);
  return profile;
}

function uploadsOf(ctx: Ctx, doc: RecordDoc | null): Upload[] {
  if (!doc?.uploadsEnc) return [];
  return unseal<SealedUploads>(ctx, doc._id, doc.uploadsEnc).items;
}

/** A record's sealed fields opened (privacy.export, maintenance): the person's own data. */
export function openRecord(
  ctx: Ctx,
  doc: RecordDoc,
): { profile: Omit<HealthProfile, 'updatedAt'>; uploads: RecordUpload[] } {
  return { profile: profileOf(ctx, doc), uploads: uploadsOf(ctx, doc) };
}

/** The sealed form of a record's uploads (maintenance rewrites them without old files). */
export function sealUploads(ctx: Ctx, memberId: string, items: readonly RecordUpload[]): string {
  return seal(ctx, { m: memberId, items: [...items] });
}

/** An upload as the record shows it. */
export function uploadReport(u: RecordUpload): HealthReport {
  return {
    reportId: u.id,
    source: 'upload',
    title: u.title,
    at: u.at,
    ...(u.day !== undefined ? { day: u.day } : {}),
    files: u.files,
    ...(u.filesNote !== undefined ? { filesNote: u.filesNote } : {}),
  };
}

/** What staff issue at the end of these services (R4), by the handbook's names. */
const ISSUED: Partial<Record<BenefitKey, string>> = {
  assessment: '健康评估报告',
  checkupPlan: '定制体检方案',
  reportReading: '健康指导意见',
};

function fileList(v: unknown): FileId[] {
  // '' is a file field emptied by retention or erasure
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}

/** The files the person sent with orders, and what staff issued on completed ones. */
function orderReports(orders: readonly OrderDoc[]): HealthReport[] {
  const out: HealthReport[] = [];
  for (const o of orders) {
    const sent =
      o.benefit === 'reportReading'
        ? { title: '体检报告', files: fileList(o.form.files) }
        : o.benefit === 'inpatientGreen'
          ? { title: '病历资料', files: [...fileList(o.form.records), ...fileList([o.form.admissionSlip])] }
          : null;
    // after the retention period the files are gone and the report says so (filesNote)
    if (sent && (sent.files.length > 0 || o.filesNote !== undefined)) {
      out.push({
        reportId: `upload_${o._id}`,
        source: 'upload',
        title: sent.title,
        at: o.createdAt,
        files: sent.files,
        orderId: o._id,
        benefit: o.benefit,
        ...(o.filesNote !== undefined ? { filesNote: o.filesNote } : {}),
      });
    }
    const title = ISSUED[o.benefit];
    const result = o.result;
    if (title !== undefined && o.status === 'completed' && result && (result.text || (result.files ?? []).length > 0)) {
      const done = [...o.timeline].reverse().find((t) => t.status === 'completed');
      out.push({
        reportId: `result_${o._id}`,
        source: 'staff',
        title,
        at: done?.at ?? o.updatedAt,
        ...(result.text ? { text: result.text } : {}),
        files: [...(result.files ?? [])],
        orderId: o._id,
        benefit: o.benefit,
        ...(o.filesNote !== undefined ? { filesNote: o.filesNote } : {}),
      });
    }
  }
  return out;
}

/**
 * Whether the record's consent stands withdrawn: the document is written by the first consent and
 * removed only by erasure, so a record without consent is one whose consent was withdrawn.
 */
export function isWithdrawn(doc: RecordDoc | null): doc is RecordDoc {
  return doc !== null && doc.consentVersion === null;
}

export async function recordView(ctx: Ctx, member: MemberDoc, doc: RecordDoc | null): Promise<HealthRecord> {
  const orders = await ctx.store.find('orders', { personId: member._id });
  const uploads: HealthReport[] = uploadsOf(ctx, doc).map(uploadReport);
  const reports = [...uploads, ...orderReports(orders)].sort((a, b) =>
    a.at === b.at ? (a.reportId < b.reportId ? 1 : -1) : a.at < b.at ? 1 : -1,
  );
  return {
    memberId: member._id,
    name: member.nameMasked,
    role: member.role,
    consent:
      doc?.consentVersion && doc.consentAt
        ? { version: doc.consentVersion, at: doc.consentAt, by: doc.consentBy ?? 'self' }
        : null,
    // nothing changes a withdrawn record until consent is given again: its last change was the withdrawal
    ...(isWithdrawn(doc) ? { withdrawnAt: doc.updatedAt } : {}),
    profile: { ...profileOf(ctx, doc), updatedAt: doc?.profileEnc ? doc.updatedAt : null },
    reports,
  };
}

/**
 * Read-modify-write of a consented record, conditioned on its revision: two devices saving at once
 * cannot silently drop each other's change to the same sealed field.
 */
async function change(
  ctx: Ctx,
  member: MemberDoc,
  patch: (doc: RecordDoc) => Record<string, unknown>,
): Promise<RecordDoc> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const doc = await ctx.store.get('records', member._id);
    // PIPL art. 29: nothing is stored before the separate consent to process health information,
    // nor after it was withdrawn (art. 15) until it is given again
    if (!doc || doc.consentVersion === null) fail('INVALID_STATE', doc ? WITHDRAWN : NEEDS_CONSENT);
    const set = { ...patch(doc), updatedAt: formatInstant(ctx.now) };
    if (await ctx.store.update('records', doc._id, { $set: set, $inc: { rev: 1 } }, { rev: doc.rev })) {
      return { ...doc, ...set, rev: doc.rev + 1 };
    }
  }
  fail('INVALID_STATE', '档案正在被修改，请稍后重试');
}

export async function getRecord(ctx: Ctx, req: Req<'record', 'get'>): Promise<Res<'record', 'get'>> {
  const { member } = await accessOf(ctx, req.memberId);
  return { record: await recordView(ctx, member, await ctx.store.get('records', member._id)) };
}

function applyProfile(
  base: Omit<HealthProfile, 'updatedAt'>,
  input: HealthProfileInput,
): Omit<HealthProfile, 'updatedAt'> {
  const out = { ...base };
  for (const field of ['heightCm', 'weightKg'] as const) {
    const v = input[field];
    if (v === null) delete out[field];
    else if (v !== undefined) out[field] = v;
  }
  for (const field of ['allergies', 'chronicConditions', 'medications'] as const) {
    const v = input[field];
    if (v !== undefined) out[field] = v;
  }
  return out;
}

export async function updateRecord(ctx: Ctx, req: Req<'record', 'update'>): Promise<Res<'record', 'update'>> {
  const { member } = await accessOf(ctx, req.memberId);
  const doc = await change(ctx, member, (current) => ({
    profileEnc: seal(ctx, { m: member._id, ...applyProfile(profileOf(ctx, current), req.profile) }),
  }));
  return { record: await recordView(ctx, member, doc) };
}

/** Consent recorded (again), with its row in the audit log in the same transaction. */
export async function recordConsent(ctx: Ctx, req: Req<'record', 'consent'>): Promise<Res<'record', 'consent'>> {
  const { member, viewer } = await accessOf(ctx, req.memberId);
  const consent = { consentVersion: req.version, consentAt: formatInstant(ctx.now), consentBy: viewer };
  const row = auditRow(ctx, 'consentGiven', { personId: member._id });
  for (let attempt = 0; attempt < 5; attempt++) {
    const doc = await ctx.store.get('records', member._id);
    if (!doc) {
      const fresh: RecordDoc = {
        _id: member._id,
        cardId: member.cardId,
        profileEnc: null,
        uploadsEnc: null,
        ...consent,
        rev: 0,
        updatedAt: consent.consentAt,
      };
      try {
        await ctx.store.transaction(async (tx) => {
          await tx.insert('records', fresh);
          await tx.insert('audit', row);
        });
        return { record: await recordView(ctx, member, fresh) };
      } catch (e) {
        // the other device's consent came first: record ours over it
        if (!isDuplicateKey(e)) throw e;
        continue;
      }
    }
    // after a withdrawal the record is empty: consenting again starts it afresh
    const set = isWithdrawn(doc) ? { ...consent, updatedAt: consent.consentAt } : consent;
    const wrote = await ctx.store.transaction(async (tx) => {
      if (!(await tx.update('records', doc._id, { $set: set, $inc: { rev: 1 } }, { rev: doc.rev }))) return false;
      await tx.insert('audit', row);
      return true;
    });
    if (wrote) return { record: await recordView(ctx, member, { ...doc, ...set, rev: doc.rev + 1 }) };
  }
  fail('INVALID_STATE', '档案正在被修改，请稍后重试');
}

export async function addReport(ctx: Ctx, req: Req<'record', 'addReport'>): Promise<Res<'record', 'addReport'>> {
  // issue 10: the caller's own uploads only (the holder adding for a family member: the holder's)
  requireOwnFiles(ctx, req.files);
  const { member } = await accessOf(ctx, req.memberId);
  if (req.day !== undefined && req.day > shanghaiDay(ctx.now)) fail('INVALID_ARGUMENT', '报告日期不能晚于今天');
  const upload: Upload = {
    id: newId('upl', ctx.now),
    title: req.title,
    ...(req.day !== undefined ? { day: req.day } : {}),
    files: req.files,
    at: formatInstant(ctx.now),
  };
  const doc = await change(ctx, member, (current) => {
    const items = uploadsOf(ctx, current);
    if (items.length >= MAX_UPLOADS) fail('INVALID_STATE', `最多保存 ${MAX_UPLOADS} 份报告，请先删除不需要的`);
    return { uploadsEnc: seal(ctx, { m: member._id, items: [...items, upload] }) };
  });
  return { record: await recordView(ctx, member, doc) };
}

export async function removeReport(
  ctx: Ctx,
  req: Req<'record', 'removeReport'>,
): Promise<Res<'record', 'removeReport'>> {
  const { member } = await accessOf(ctx, req.memberId);
  const doc = await change(ctx, member, (current) => {
    const items = uploadsOf(ctx, current);
    // reports that came with an order stay with the order
    if (!items.some((u) => u.id === req.reportId)) fail('NOT_FOUND', '没有找到这份报告');
    return { uploadsEnc: seal(ctx, { m: member._id, items: items.filter((u) => u.id !== req.reportId) }) };
  });
  return { record: await recordView(ctx, member, doc) };
}
