/**
 * `privacy.erase` (PIPL art. 47, the right to deletion): the caller's personal data is removed;
 * what the card's pools owe to the ledger is kept (R3.5 reconciliation still holds).
 *
 * Refused with INVALID_STATE while an order that serves the caller is open (they finish or cancel
 * it first: cancelling for them could spend a unit past its commit point or end a service staff
 * are giving), and while a holder still has family members on the card (the card is theirs too).
 *
 * What happens, in an order that makes a crash harmless — each step is idempotent, and the link
 * from the caller's openid to their member documents is cut last, so calling again finishes:
 *  1. the caller leaves every card they are on (no order, invite or join reaches them any more);
 *     a holder's unused invites are closed; the person documents (R2.6) are freed;
 *  2. the orders that served them: free text of the form replaced by "[已删除]", questionnaires
 *     emptied, file fields emptied (the files queued for deletion), result text and files, timeline
 *     notes and rating / follow-up comments removed, the openid links emptied; the requests
 *     documents of their creates (which hold the first answer, form included) removed. Orders they
 *     placed for someone else keep that person's data but lose the caller's openid;
 *  3. their butler thread and the conversations of their orders: every message's words replaced by
 *     "[已删除]", images queued for deletion; their own messages elsewhere lose their openid;
 *  4. the health record (profile, uploads: files queued) and the family doctor signing removed;
 *  5. subscription consents and rate counters removed; notices to their openid or phone lose the
 *     recipient and text (pending ones are skipped); the ledger rows they wrote, the signings
 *     they made for someone else and the health-information consents they gave or withdrew (audit
 *     rows) lose their openid;
 *  6. the member documents: name, ID number and phone replaced by empty sealed values, masked name
 *     "已注销", the ID hash by a value that no ID number hashes to, the openid emptied (no caller
 *     has an empty openid: the router refuses one). Cards they held lose the holder's openid and
 *     the platform's phone;
 *  7. the erasure is recorded (`erasures`: a keyed hash of the openid, when, counts), and the
 *     queued files are deleted at once (what fails is retried by the `retention` timer).
 * Kept: pools, ledger rows (counts, orders, member ids), audit rows (who looked, when — no
 * content), order statuses, dates, hospitals and departments, bookings. A staff record of the
 * caller, if any, is the employer's and stays.
 */
import type { ErasureReport, TimelineEntry } from '../../../typings/contract';
import { formatInstant } from '../../domain/time';
import { decrypt, encrypt, hmac, newId } from '../../runtime/crypto';
import { fail } from '../../runtime/errors';
import type { Ctx } from '../../runtime/router';
import type { MemberDoc, OrderDoc } from '../../store/collections';
import { butlerThreadId, messageView, orderThreadId, resealed } from '../conversation';
import { drainFiles, queueFiles } from '../file-queue';
import { orderWithoutFiles } from '../maintenance/retention';
import { forgetCaller } from '../rate';
import { openRecord } from '../record/actions';
import { filesOf } from '../staff/workbench';

export const ERASE_CONFIRM = '确认删除';
export const ERASED_NAME = '已注销';
export const ERASED_TEXT = '[已删除]';
export const ERASED_FILES_NOTE = '会员已注销，文件已删除';
const OPEN_ORDER = '您还有进行中的服务，请在服务完成或取消后再注销';
const FAMILY_ON_CARD = '卡上还有家庭成员，请先移除家庭成员后再注销';
/** Form fields that say where and when, not what ails the person: kept. */
const STRUCTURAL = new Set([
  'hospital',
  'department',
  'wantedDate',
  'visitAt',
  'mode',
  'expertId',
  'doctorId',
  'registered',
  'withRelative',
]);

/** Whether a member document has been erased. */
export function isErased(m: Pick<MemberDoc, 'openid'>): boolean {
  return m.openid === '';
}

/** The form with every free-text answer replaced, lists and questionnaires emptied, files removed. */
export function scrubForm(o: OrderDoc): Record<string, unknown> {
  const { form } = orderWithoutFiles(o);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form)) {
    if (STRUCTURAL.has(k) || typeof v === 'boolean' || typeof v === 'number') out[k] = v;
    else if (k === 'admissionSlip') out[k] = '';
    else if (typeof v === 'string') out[k] = ERASED_TEXT;
    else if (Array.isArray(v)) out[k] = [];
    else if (v !== null && typeof v === 'object') out[k] = {};
  }
  return out;
}

function scrubbedOrder(o: OrderDoc, at: string, openid: string): Partial<OrderDoc> {
  const files = filesOf(o);
  const timeline: TimelineEntry[] = o.timeline.map(({ status, at: when, by }) => ({ status, at: when, by }));
  return {
    form: scrubForm(o),
    ...(o.result !== undefined
      ? {
          result: {
            ...(o.result.text !== undefined ? { text: ERASED_TEXT } : {}),
            ...(o.result.files !== undefined ? { files: [] } : {}),
          },
        }
      : {}),
    timeline,
    ...(o.rating !== undefined ? { rating: { stars: o.rating.stars, at: o.rating.at } } : {}),
    ...(o.followUp !== undefined ? { followUp: { stars: o.followUp.stars, at: o.followUp.at } } : {}),
    personOpenid: '',
    ...(o.placedByOpenid === openid ? { placedByOpenid: '' } : {}),
    ...(files.length > 0 ? { filesDeletedAt: at, filesNote: ERASED_FILES_NOTE } : {}),
    erasedAt: at,
  };
}

/** An update of an order conditioned on its revision, read again when someone changed it meanwhile. */
async function updateOrder(
  ctx: Ctx,
  id: string,
  make: (o: OrderDoc) => Partial<OrderDoc> | null,
  files: string[],
): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const o = await ctx.store.get('orders', id);
    if (!o) return false;
    const set = make(o);
    if (!set) return false;
    const fileIds = set.erasedAt ? filesOf(o).map((f) => f.fileId) : [];
    const done = await ctx.store.transaction(async (tx) => {
      // R3.6's kept first answer holds the form as it was: it goes with the erasure
      const patch = set.erasedAt ? { ...set, answer: undefined } : set;
      if (!(await tx.update('orders', id, { $set: patch, $inc: { rev: 1 } }, { rev: o.rev }))) return false;
      if (fileIds.length > 0) await queueFiles(tx, fileIds, 'erasure', ctx.now);
      if (set.erasedAt && o.requestKey) await tx.remove('requests', o.requestKey);
      return true;
    });
    if (done) {
      files.push(...fileIds);
      return true;
    }
  }
  fail('INVALID_STATE', '订单正在处理中，请稍后再试');
}

async function openOrderCount(ctx: Ctx, members: readonly MemberDoc[]): Promise<number> {
  let n = 0;
  for (const m of members) n += await ctx.store.count('orders', { personId: m._id, open: true });
  return n;
}

/** Step 1: the caller leaves every card (refused while a holder's family is on the card). */
async function leaveCards(ctx: Ctx, members: readonly MemberDoc[], at: string): Promise<void> {
  const { store } = ctx;
  for (const m of members) {
    if (m.removedAt !== null) continue;
    if (m.role === 'holder') {
      // their unused invites first, so that nobody joins between the check and the leaving
      for (const i of await store.find('invites', { cardId: m.cardId, usedAt: null })) {
        await store.update('invites', i._id, { $set: { usedAt: at } }, { usedAt: null });
      }
    }
    await store.transaction(async (tx) => {
      if (m.role === 'holder') {
        const ok = await tx.update(
          'cards',
          m.cardId,
          { $set: { holderOpenid: '', issuePhoneEnc: null } },
          { familyCount: 0 },
        );
        if (!ok) fail('INVALID_STATE', FAMILY_ON_CARD);
      }
      if (!(await tx.update('members', m._id, { $set: { removedAt: at } }, { removedAt: null }))) return;
      if (m.role === 'member')
        await tx.update('cards', m.cardId, { $inc: { familyCount: -1 } }, { familyCount: { $gt: 0 } });
      const person = await tx.get('persons', m.idHash);
      if (person?.memberId === m._id) await tx.remove('persons', m.idHash);
    });
  }
}

/** Step 3: a conversation's words replaced (`all`), or only the caller's openid dropped from it. */
async function scrubThread(ctx: Ctx, threadId: string, all: boolean, files: string[]): Promise<void> {
  const key = ctx.config.dataKey;
  for (const d of await ctx.store.find('messages', { thread: threadId })) {
    const set: Record<string, unknown> = {};
    if (all) {
      const m = messageView(key, d);
      if (m.text !== ERASED_TEXT || m.images || m.call) {
        files.push(...(m.images ?? []));
        set.bodyEnc = resealed(key, d, ERASED_TEXT);
      }
    }
    if (d.byOpenid === ctx.openid) set.byOpenid = '';
    if (Object.keys(set).length > 0) await ctx.store.update('messages', d._id, { $set: set });
  }
}

export async function erase(ctx: Ctx): Promise<ErasureReport> {
  const { store, now, openid } = ctx;
  const at = formatInstant(now);
  const key = ctx.config.dataKey;
  const members = await store.find('members', { openid });

  if ((await openOrderCount(ctx, members)) > 0) fail('INVALID_STATE', OPEN_ORDER);
  for (const m of members) {
    if (m.role !== 'holder' || m.removedAt !== null) continue;
    const card = await store.get('cards', m.cardId);
    if (card && card.familyCount > 0) fail('INVALID_STATE', FAMILY_ON_CARD);
  }

  // 1. leave; then look again: an order placed in between keeps the erasure for later
  await leaveCards(ctx, members, at);
  if ((await openOrderCount(ctx, members)) > 0) fail('INVALID_STATE', OPEN_ORDER);

  const files: string[] = [];
  const phones = [...new Set(members.map((m) => decryptOrEmpty(key, m.phoneEnc)).filter((p) => p !== ''))];

  // 2. orders: those that served them, then those they placed for someone else
  const memberIds = new Set(members.map((m) => m._id));
  let orders = 0;
  for (const m of members) {
    for (const o of await store.find('orders', { personId: m._id })) {
      if (await updateOrder(ctx, o._id, (cur) => (cur.erasedAt ? null : scrubbedOrder(cur, at, openid)), files))
        orders++;
      await scrubThread(ctx, orderThreadId(o._id), true, files);
    }
  }
  for (const o of await store.find('orders', { placedByOpenid: openid })) {
    if (memberIds.has(o.personId)) continue;
    await updateOrder(ctx, o._id, (cur) => (cur.placedByOpenid === openid ? { placedByOpenid: '' } : null), files);
    if (o.requestKey) await store.remove('requests', o.requestKey);
    await scrubThread(ctx, orderThreadId(o._id), false, files);
  }

  // 3. their butler threads; 4. health records and signings
  for (const m of members) {
    await scrubThread(ctx, butlerThreadId(m._id), true, files);
    const record = await store.get('records', m._id);
    if (record) {
      const recordFiles = openRecord(ctx, record).uploads.flatMap((u) => u.files);
      await store.transaction(async (tx) => {
        await queueFiles(tx, recordFiles, 'erasure', now);
        await tx.remove('records', m._id);
      });
      files.push(...recordFiles);
    }
    await store.remove('signings', m._id);
  }
  // message images were collected above: queue them too
  await store.transaction((tx) => queueFiles(tx, files, 'erasure', now));

  // 5. consents, counters, notices, ledger openids
  for (const c of await store.find('consents', { openid })) await store.remove('consents', c._id);
  // the health-information consents they gave or withdrew (for themself or as a holder) stay on
  // record without their openid; staff views stay as they are (the staff member's openid)
  for (const a of await store.find('audit', { openid, kind: { $in: ['consentGiven', 'consentWithdrawn'] } })) {
    await store.update('audit', a._id, { $set: { openid: '' } });
  }
  await forgetCaller(store, openid);
  for (const to of [openid, ...phones]) {
    for (const n of await store.find('outbox', { to })) {
      const pending = n.status === 'pending';
      await store.update('outbox', n._id, {
        $set: {
          to: '',
          ...(n.text !== undefined ? { text: '' } : {}),
          ...(n.data !== undefined ? { data: {} } : {}),
          ...(n.vars !== undefined ? { vars: {} } : {}),
          ...(pending ? { status: 'skipped', lastError: 'ERASED' } : {}),
        },
      });
    }
    for (const s of await store.find('sentLog', { to })) {
      await store.update('sentLog', s._id, {
        $set: {
          to: '',
          ...(s.text !== undefined ? { text: '' } : {}),
          ...(s.data !== undefined ? { data: {} } : {}),
          ...(s.params !== undefined ? { params: [] } : {}),
        },
      });
    }
  }
  for (const cardId of new Set(members.map((m) => m.cardId))) {
    for (const r of await store.find('ledger', { cardId, byOpenid: openid })) {
      await store.update('ledger', r._id, { $set: { byOpenid: '' } });
    }
    // the ledger rows still kept in the pools (order.create's holds not settled yet)
    for (const p of await store.find('pools', { cardId })) {
      for (const [orderId, r] of Object.entries(p.pending ?? {})) {
        if (r.byOpenid === openid)
          await store.update(
            'pools',
            p._id,
            { $set: { [`pending.${orderId}.byOpenid`]: '' } },
            { [`pending.${orderId}`]: { $ne: null } },
          );
      }
    }
    // a family doctor they signed for someone else on the card stays signed, without their openid
    for (const s of await store.find('signings', { cardId, byOpenid: openid })) {
      await store.update('signings', s._id, { $set: { byOpenid: '' } });
    }
  }

  // 6. the member documents and held cards, last: until here, calling again finds everything
  for (const c of await store.find('cards', { holderOpenid: openid })) {
    await store.update('cards', c._id, { $set: { holderOpenid: '', issuePhoneEnc: null } });
  }
  const blank = (): string => encrypt(key, '');
  for (const m of members) {
    await store.update('members', m._id, {
      $set: {
        openid: '',
        nameEnc: blank(),
        nameMasked: ERASED_NAME,
        idHash: `erased_${m._id}`,
        idEnc: blank(),
        phoneEnc: blank(),
        removedAt: m.removedAt ?? at,
      },
    });
  }

  // 7. on record without personal data; files deleted now where the service answers
  const unique = [...new Set(files)];
  const report: ErasureReport = { erasedAt: at, memberships: members.length, orders, files: unique.length };
  await store.insert('erasures', {
    _id: newId('era', now),
    openidHash: hmac(ctx.config.secret, 'erasure', openid),
    at,
    memberships: report.memberships,
    orders: report.orders,
    files: report.files,
  });
  if (unique.length > 0) {
    try {
      await drainFiles(ctx, { only: unique });
    } catch (e) {
      // the queue keeps them: the retention timer tries again
      ctx.log.error('privacy: file deletion deferred', e);
    }
  }
  return report;
}

function decryptOrEmpty(key: Buffer, sealed: string): string {
  try {
    return decrypt(key, sealed);
  } catch {
    return '';
  }
}
