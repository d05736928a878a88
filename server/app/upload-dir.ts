/**
 * Whose file a file id is (issue 10). Every upload goes under its uploader's own folder,
 * `u/<keyed hash of their openid>/…`: the mini-program reads the folder from `card.mine` (members)
 * or `staff.me` (the workbench) and adapters/upload.ts writes each file below it
 * (`<folder>/orders/2026-06-02/<unique>.jpg`). Every action that takes file ids — order forms
 * (`order.create`, `staff.placeOrder`), health records (`record.addReport`), consult and butler
 * messages (`order.send`, `butler.send`, `butler.reply`) and staff results (`staff.act` complete) —
 * accepts only ids under the caller's own folder, before anything is counted or written; any other
 * id is INVALID_ARGUMENT and changes nothing. So nobody can attach someone else's upload to an
 * order, a record or a message and have it shown back to them (or to staff) as theirs.
 *
 * The folder is a keyed hash (HMAC with BLUECARD_SECRET), not the openid: file ids are shown to
 * staff and in records, and they must not carry an openid; and without the key nobody can work
 * out someone's folder from their openid. Knowing another person's folder (from a file id one was
 * shown) gives nothing: only files under one's own folder are taken from one.
 *
 * What was attached before stays readable by whoever could read it (staff through
 * `staff.fileUrls`): only what a caller names in a request is checked, never what is stored.
 */
import * as z from 'zod';
import type { FileId, OrderBenefit, OrderForms } from '../../typings/contract';
import { hmac } from '../runtime/crypto';
import { fail } from '../runtime/errors';
import type { Ctx } from '../runtime/router';

/** What wx.cloud.uploadFile answers: cloud://<env>.<bucket>/<path> (whose it is: `requireOwnFiles`). */
export const fileId = (message = '文件地址不正确') =>
  z
    .string()
    .max(512)
    .regex(/^cloud:\/\/[A-Za-z0-9._-]+\/[^\s]+$/, message);

/** The caller's own upload folder: `u/` and a keyed hash of their openid (base64url, 43 characters). */
export function uploadDirOf(ctx: Pick<Ctx, 'config' | 'openid'>): string {
  return `u/${hmac(ctx.config.secret, 'upload-dir', ctx.openid)}`;
}

/** The path of a file id inside its bucket, or null when it is not a cloud:// id. */
function pathOf(id: string): string | null {
  const found = /^cloud:\/\/[A-Za-z0-9._-]+\/(.+)$/.exec(id);
  return found?.[1] ?? null;
}

/**
 * Whether the file id lies under `dir`: its path is `<dir>/<name>[/<name>…]`, where no name is
 * empty, `.` or `..` and nothing is written with a backslash or a percent sign (no way to climb
 * out of the folder, however the storage reads a path).
 */
export function isUnder(id: string, dir: string): boolean {
  const path = pathOf(id);
  if (path === null || !path.startsWith(`${dir}/`) || /[\\%]/.test(path)) return false;
  return path
    .slice(dir.length + 1)
    .split('/')
    .every((name) => name !== '' && name !== '.' && name !== '..');
}

/** What a refusal says: the files are someone else's, or not where this app uploads. */
const NOT_OWN: Record<'file' | 'image', string> = {
  file: '只能提交您本人上传的文件，请重新上传',
  image: '只能发送您本人上传的图片，请重新选择',
};

/** INVALID_ARGUMENT unless every id lies under the caller's own upload folder. */
export function requireOwnFiles(
  ctx: Pick<Ctx, 'config' | 'openid'>,
  ids: readonly FileId[] | undefined,
  kind: 'file' | 'image' = 'file',
): void {
  if (!ids || ids.length === 0) return;
  const dir = uploadDirOf(ctx);
  if (!ids.every((id) => isUnder(id, dir))) fail('INVALID_ARGUMENT', NOT_OWN[kind]);
}

// The files each order form names (contract OrderForms), one entry per benefit: a form that gains
// a file field does not compile until it is listed here.
const FORM_FILES: { [B in OrderBenefit]: (form: OrderForms[B]) => readonly FileId[] } = {
  outpatientGreen: () => [],
  inpatientGreen: (form) => [...form.records, form.admissionSlip],
  escort: () => [],
  quickConsult: () => [],
  expertConsult: () => [],
  assessment: () => [],
  checkupPlan: () => [],
  reportReading: (form) => form.files,
  familyDoctor: () => [],
};

/** The file ids an order form names. */
export function formFiles<B extends OrderBenefit>(benefit: B, form: OrderForms[B]): readonly FileId[] {
  return FORM_FILES[benefit](form);
}
