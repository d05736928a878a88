/**
 * Staff views of a member's personal data are written to `audit` (issue 10, PIPL art. 51): who
 * (the staff member's openid), what (the kind of view), which order / person / thread, when —
 * never the content. The row is written before the answer is built, so a view that was answered
 * always has its row: no row, no data.
 *
 * Where it is called: staff.get (viewOrder), staff.fileUrls (fileUrls), staff.queue (queue, the
 * listed orders' ids), staff.callMember (callMember), butler.thread (viewThread), butler.threads
 * (threads, the listed threads' ids). A member sees the rows about them in privacy.export.
 *
 * The same log keeps the consent to process health information (PIPL art. 29) being given and
 * withdrawn (art. 15): `consentGiven` / `consentWithdrawn`, by the person or the holder for them
 * (`openid`), for whose record (`personId`), when — written in the transaction that changes the
 * record (record/actions.ts, record/withdraw.ts). The export lists them with the record, not among
 * staff views.
 */
import { formatInstant } from '../domain/time';
import { newId } from '../runtime/crypto';
import type { Ctx } from '../runtime/router';
import type { AuditDoc, AuditKind } from '../store/collections';

export interface AuditRef {
  orderId?: string | null;
  personId?: string | null;
  threadId?: string | null;
  /** lists: the ids the answer showed */
  refs?: readonly string[];
}

/** The row of one event by the caller (for writing inside a transaction with what it records). */
export function auditRow(ctx: Pick<Ctx, 'now' | 'openid'>, kind: AuditKind, ref: AuditRef): AuditDoc {
  return {
    _id: newId('aud', ctx.now),
    kind,
    openid: ctx.openid,
    orderId: ref.orderId ?? null,
    personId: ref.personId ?? null,
    ...(ref.threadId ? { threadId: ref.threadId } : {}),
    ...(ref.refs ? { refs: [...ref.refs] } : {}),
    at: formatInstant(ctx.now),
  };
}

export async function audit(ctx: Pick<Ctx, 'store' | 'now' | 'openid'>, kind: AuditKind, ref: AuditRef): Promise<void> {
  await ctx.store.insert('audit', auditRow(ctx, kind, ref));
}
