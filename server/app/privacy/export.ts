/**
 * `privacy.export` (PIPL art. 45, the right to a copy): everything held under the caller's openid,
 * their own data decrypted and in full — the export is for the person themself. What is about
 * someone else stays as the caller sees it in the app (a family member's masked name on an order
 * placed for them). Rate-limited (RATE_RULES.privacyExport): it opens every sealed field the
 * caller owns. Nothing of it is logged.
 */
import { pendingRows } from '../pool';
import type {
  Notice,
  Order,
  PrivacyConversation,
  PrivacyExport,
  PrivacyMembership,
  PrivacyRecord,
} from '../../../typings/contract';
import { formatInstant } from '../../domain/time';
import { decrypt } from '../../runtime/crypto';
import type { Ctx } from '../../runtime/router';
import type { AuditDoc, MemberDoc, OrderDoc, ThreadDoc } from '../../store/collections';
import { butlerThreadId, messageView, orderThreadId } from '../conversation';
import { noticeView } from '../outbox';
import { orderView } from '../order/view';
import { RATE_RULES, takeOrLimit } from '../rate';
import { openRecord, uploadReport } from '../record/actions';

/** The orders `order.list` shows the caller: served, or placed by them as a member. */
export async function ordersOf(ctx: Pick<Ctx, 'store' | 'openid'>): Promise<OrderDoc[]> {
  const [served, placed] = await Promise.all([
    ctx.store.find('orders', { personOpenid: ctx.openid }),
    ctx.store.find('orders', { placedByOpenid: ctx.openid, placedBy: 'member' }),
  ]);
  const byId = new Map([...served, ...placed].map((o) => [o._id, o]));
  return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b._id.localeCompare(a._id));
}

async function conversation(ctx: Ctx, t: ThreadDoc): Promise<PrivacyConversation> {
  const docs = await ctx.store.find('messages', { thread: t._id }, { orderBy: [['seq', 'asc']] });
  return {
    threadId: t._id,
    kind: t.kind,
    memberId: t.memberId,
    orderId: t.orderId,
    messages: docs.map((d) => messageView(ctx.config.dataKey, d)),
  };
}

function membership(ctx: Ctx, m: MemberDoc, cardNo: string, edition: PrivacyMembership['edition']): PrivacyMembership {
  const key = ctx.config.dataKey;
  return {
    memberId: m._id,
    cardId: m.cardId,
    cardNo,
    edition,
    role: m.role,
    name: decrypt(key, m.nameEnc),
    idNumber: decrypt(key, m.idEnc),
    phone: decrypt(key, m.phoneEnc),
    joinedAt: m.joinedAt,
    removedAt: m.removedAt,
  };
}

export async function exportData(ctx: Ctx): Promise<PrivacyExport> {
  await takeOrLimit(ctx.store, RATE_RULES.privacyExport, ctx.openid, ctx.now);
  const { store } = ctx;
  const members = await store.find('members', { openid: ctx.openid });
  const memberIds = members.map((m) => m._id);
  const cardIds = [...new Set(members.map((m) => m.cardId))];
  const cards = new Map(
    (await Promise.all(cardIds.map((id) => store.get('cards', id)))).flatMap((c) => (c ? [[c._id, c] as const] : [])),
  );

  const memberships = members.map((m) => {
    const card = cards.get(m.cardId);
    return membership(ctx, m, card?.cardNo ?? '', card?.edition ?? 'pro');
  });

  const orderDocs = await ordersOf(ctx);
  const names = new Map<string, string>();
  const orders: Order[] = [];
  for (const o of orderDocs) {
    if (!names.has(o.personId)) names.set(o.personId, (await store.get('members', o.personId))?.nameMasked ?? '**');
    orders.push(orderView(o, names.get(o.personId) ?? '**'));
  }

  // the audit log about each of their places: staff views, and their health-information consents
  const auditOf = new Map<string, AuditDoc[]>();
  for (const id of memberIds)
    auditOf.set(id, await store.find('audit', { personId: id }, { orderBy: [['at', 'asc']] }));

  const records: PrivacyRecord[] = [];
  for (const m of members) {
    const doc = await store.get('records', m._id);
    if (!doc) continue;
    const { profile, uploads } = openRecord(ctx, doc);
    records.push({
      memberId: m._id,
      consent:
        doc.consentVersion !== null && doc.consentAt !== null
          ? { version: doc.consentVersion, at: doc.consentAt, by: doc.consentBy ?? 'self' }
          : null,
      consentEvents: (auditOf.get(m._id) ?? []).flatMap((a) =>
        a.kind === 'consentGiven' || a.kind === 'consentWithdrawn'
          ? [
              {
                event: a.kind === 'consentGiven' ? ('given' as const) : ('withdrawn' as const),
                by: a.openid === m.openid ? ('self' as const) : ('holder' as const),
                at: a.at,
              },
            ]
          : [],
      ),
      profile: { ...profile, updatedAt: doc.profileEnc ? doc.updatedAt : null },
      uploads: uploads.map(uploadReport),
    });
  }

  const threadIds = [...memberIds.map(butlerThreadId), ...orderDocs.map((o) => orderThreadId(o._id))];
  const conversations: PrivacyConversation[] = [];
  for (const id of threadIds) {
    const t = await store.get('threads', id);
    if (t) conversations.push(await conversation(ctx, t));
  }

  const signings = (await Promise.all(memberIds.map((id) => store.get('signings', id)))).flatMap((s) =>
    s ? [{ memberId: s._id, doctorId: s.doctorId, signedAt: s.signedAt }] : [],
  );

  const subscriptions = (await store.find('consents', { openid: ctx.openid })).map((c) => ({
    template: c.template,
    count: c.count,
    last: c.last,
    updatedAt: c.updatedAt,
  }));

  const ledger: PrivacyExport['ledger'] = [];
  for (const m of members) {
    const [settled, pools] = await Promise.all([
      store.find('ledger', { cardId: m.cardId, personId: m._id }, { orderBy: [['at', 'asc']] }),
      store.find('pools', { cardId: m.cardId }),
    ]);
    const rows = [...settled, ...pendingRows(pools).filter((r) => r.personId === m._id)].sort((a, b) =>
      a.at < b.at ? -1 : a.at > b.at ? 1 : a._id < b._id ? -1 : 1,
    );
    for (const r of rows) {
      ledger.push({
        cardId: r.cardId,
        benefit: r.benefit,
        change: r.change,
        orderId: r.orderId,
        personId: r.personId,
        by: r.by,
        at: r.at,
      });
    }
  }

  const staffViews: PrivacyExport['staffViews'] = [];
  for (const id of memberIds) {
    for (const a of auditOf.get(id) ?? []) {
      if (a.kind === 'consentGiven' || a.kind === 'consentWithdrawn') continue;
      staffViews.push({ kind: a.kind, orderId: a.orderId, at: a.at });
    }
  }

  const recipients = [ctx.openid, ...new Set(memberships.map((m) => m.phone).filter((p) => p !== ''))];
  const notices: Notice[] = [];
  for (const to of recipients)
    notices.push(...(await store.find('outbox', { to }, { orderBy: [['createdAt', 'asc']] })).map(noticeView));

  const invites: PrivacyExport['invites'] = [];
  for (const m of members) {
    if (m.role !== 'holder') continue;
    for (const i of await store.find('invites', { cardId: m.cardId })) {
      if (i.createdBy === m._id)
        invites.push({ cardId: i.cardId, createdAt: i.createdAt, expiresAt: i.expiresAt, usedAt: i.usedAt });
    }
  }

  const staffDoc = await ctx.staff();
  return {
    exportedAt: formatInstant(ctx.now),
    openid: ctx.openid,
    memberships,
    orders,
    records,
    conversations,
    signings,
    subscriptions,
    ledger,
    staffViews,
    notices,
    invites,
    staff: staffDoc ? { name: staffDoc.name, roles: [...staffDoc.roles] } : null,
  };
}
