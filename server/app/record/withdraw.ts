/**
 * `record.withdrawConsent` (PIPL art. 15: consent may be withdrawn; art. 47: what was collected on
 * it is then deleted). 《健康信息处理授权》 is the basis of the 健康档案 only — the profile and the
 * person's own uploads. When it is withdrawn:
 *
 *  - the profile and the uploads are deleted, the uploads' files queued and deleted at once (what
 *    storage refuses, the retention timer retries), in the transaction that clears the consent and
 *    writes the `consentWithdrawn` audit row (who: the caller's openid; whose record; when);
 *  - nothing more is stored for the person: `update` / `addReport` answer INVALID_STATE asking for
 *    consent, until `record.consent` is given again, which starts an empty record;
 *  - what the person sent with orders and what staff issued on them stay with the orders (they are
 *    the service itself, asked for by the person, under the card's own authorisation): they are
 *    deleted by file retention or by erasure (`privacy.erase`), as before.
 *
 * Who: the person always; the card's holder only a consent the holder gave for them (`consentBy`
 * 'holder', e.g. for a child) — a consent the person gave is theirs to withdraw (PERMISSION_DENIED).
 * Anyone else: NOT_FOUND, as for every record action. Nothing to withdraw (never given, or already
 * withdrawn): the record as it is, nothing written.
 */
import type { Req, Res } from '../../../typings/contract';
import { formatInstant } from '../../domain/time';
import { fail } from '../../runtime/errors';
import type { Ctx } from '../../runtime/router';
import type { RecordDoc } from '../../store/collections';
import { auditRow } from '../audit';
import { drainFiles, queueFiles } from '../file-queue';
import { accessOf, openRecord, recordView } from './actions';

const SELF_GIVEN = '该授权由本人同意，需由本人撤回';

export async function withdrawConsent(
  ctx: Ctx,
  req: Req<'record', 'withdrawConsent'>,
): Promise<Res<'record', 'withdrawConsent'>> {
  const { member, viewer } = await accessOf(ctx, req.memberId);
  for (let attempt = 0; attempt < 5; attempt++) {
    const doc = await ctx.store.get('records', member._id);
    if (doc === null || doc.consentVersion === null) return { record: await recordView(ctx, member, doc) };
    if (viewer === 'holder' && doc.consentBy !== 'holder') fail('PERMISSION_DENIED', SELF_GIVEN);
    const files = openRecord(ctx, doc).uploads.flatMap((u) => u.files);
    const set: Pick<
      RecordDoc,
      'consentVersion' | 'consentAt' | 'consentBy' | 'profileEnc' | 'uploadsEnc' | 'updatedAt'
    > = {
      consentVersion: null,
      consentAt: null,
      consentBy: null,
      profileEnc: null,
      uploadsEnc: null,
      updatedAt: formatInstant(ctx.now),
    };
    const done = await ctx.store.transaction(async (tx) => {
      // revision-checked as every record change: a save in between is withdrawn too, on the next try
      if (!(await tx.update('records', doc._id, { $set: set, $inc: { rev: 1 } }, { rev: doc.rev }))) return false;
      await queueFiles(tx, files, 'erasure', ctx.now);
      await tx.insert('audit', auditRow(ctx, 'consentWithdrawn', { personId: member._id }));
      return true;
    });
    if (!done) continue;
    if (files.length > 0) await drainFiles(ctx, { only: files });
    return { record: await recordView(ctx, member, { ...doc, ...set, rev: doc.rev + 1 }) };
  }
  fail('INVALID_STATE', '档案正在被修改，请稍后重试');
}
