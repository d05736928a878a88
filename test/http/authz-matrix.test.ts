/**
 * Issue 10 — the authorization matrix. Every function × action × caller kind, through the real
 * local cloud, against one world: two premium families (A, B), a pro card, a card never activated,
 * an expired card, a person who left family A, staff of every role and an admin, each with orders,
 * ledger rows, health records, butler threads and consult messages.
 *
 * The action list comes from the built bundles (`cloudfunctions/<fn>/index.js` → `fn.actions`,
 * what the local cloud and WeChat run), and `POLICY` below must classify every one of them: a new
 * action without a row fails the first test, so its access is decided on purpose.
 *
 * Each action is called by every caller kind with a valid request aimed at family A's resources
 * (its card, its people, their orders, threads and records). The kinds in `may` succeed — on A's
 * resources, which are their own (holder, member) or what they serve (staff) — and every other
 * kind is refused with NOT_FOUND / PERMISSION_DENIED (or the action's own refusal, e.g.
 * HOLDER_ONLY), changes nothing (the database hash of GET /_dev/dump is the same before and after
 * the refused calls) and learns nothing: no answer, ok or not, carries an id, masked name, phone,
 * order text, message, butler note or health record entry that its caller may not see
 * (`SECRETS`), and no answer ever carries a real name or an ID number.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Card, Edition, Envelope, ErrorCode, HealthRecord, OpsNotice, Order, Res } from '../../typings/contract';
import type { DumpSummary } from './local-cloud';
import {
  ADMIN,
  FORMS,
  KIT_FAMILY_DOCTOR,
  Kit,
  STAFF,
  dataOf,
  fileIn,
  person,
  rid,
  selfOf,
  user,
  type Person,
  type TestCard,
  type Who,
} from './order-kit';

const ROOT = resolve(__dirname, '..', '..');

// ---------------------------------------------------------------------------------------------
// Caller kinds

const KINDS = [
  'anonymous', // no openid at all
  'stranger', // a WeChat user with no card
  'inactive', // was issued a card (knows its number and code) and has not activated it
  'expired', // holder of a card that has expired
  'former', // was in family A and was removed
  'otherHolder', // holder of premium card B
  'otherMember', // member of premium card B
  'proHolder', // holder of a pro card
  'holder', // holder of premium card A
  'member', // member of premium card A
  'butler',
  'manager',
  'doctor',
  'agent',
  'escortManager',
  'admin', // BLUECARD_ADMIN_OPENIDS
] as const;
type Kind = (typeof KINDS)[number];

const STAFF_KINDS = [
  'butler',
  'manager',
  'doctor',
  'agent',
  'escortManager',
  'admin',
] as const satisfies readonly Kind[];
/** Every caller with an identity: `anonymous` is refused by every action (PERMISSION_DENIED). */
const ANYONE = KINDS.filter((k) => k !== 'anonymous');

// ---------------------------------------------------------------------------------------------
// The policy: who succeeds on family A's resources. Everyone else is refused.

interface Policy {
  /**
   * The kinds that succeed. `anyone`: every caller with an identity, each answered about itself
   * (their cards, their consents, public content) — so their answers are checked for leaks.
   */
  may: readonly Kind[] | 'anyone';
  /** Refusals this action may give besides NOT_FOUND and PERMISSION_DENIED. */
  also?: readonly ErrorCode[];
  /**
   * The request names no one: it acts on the caller's own data only (privacy.erase). Only the kinds
   * in `may` call it (everyone else would erase themselves and end the world), after every other
   * action, and what family A's people see must be the same before and after.
   */
  selfOnly?: true;
}

const NOBODY: readonly Kind[] = [];
const ADMIN_ONLY: readonly Kind[] = ['admin'];
const FAMILY: readonly Kind[] = ['holder', 'member'];

// prettier-ignore
const POLICY: Readonly<Record<string, Policy>> = {
  'admin.issueCards':       { may: ADMIN_ONLY },
  'admin.setStaff':         { may: ADMIN_ONLY },
  'admin.reconcile':        { may: ADMIN_ONLY },
  'admin.setHolidays':      { may: ADMIN_ONLY },
  'admin.getHolidays':      { may: ADMIN_ONLY },
  'admin.upsertDirectory':  { may: ADMIN_ONLY },
  'admin.listDirectory':    { may: ADMIN_ONLY },
  'admin.outbox':           { may: ADMIN_ONLY },
  'admin.retryNotice':      { may: ADMIN_ONLY },

  'butler.messages':        { may: FAMILY },                 // each reads their own thread on card A
  'butler.send':            { may: FAMILY },
  'butler.threads':         { may: ['butler'] },
  'butler.thread':          { may: ['butler'] },             // member A's thread
  'butler.reply':           { may: ['butler'] },

  'card.mine':              { may: 'anyone' },
  'card.createInvite':      { may: ['holder'], also: ['HOLDER_ONLY'] },
  'card.removeMember':      { may: ['holder'], also: ['HOLDER_ONLY'] },
  'card.ledger':            { may: FAMILY },
  'card.activate':          { may: ['inactive'], also: ['ALREADY_ACTIVATED'] }, // A's number and code; `inactive` its own card
  'card.acceptInvite':      { may: ['stranger'], also: ['INVITE_INVALID'] },    // a token not theirs; `stranger` a real invite

  'content.benefits':       { may: 'anyone' },
  'content.hospitals':      { may: 'anyone' },
  'content.experts':        { may: 'anyone' },
  'content.familyDoctors':  { may: 'anyone' },
  'content.articles':       { may: 'anyone' },
  'content.article':        { may: 'anyone' },
  'content.outpatientDates':   { may: 'anyone' },
  'content.escortEarliestDay': { may: 'anyone' },

  'notify.subscribe':       { may: 'anyone' },               // the caller's own consents
  'notify.settings':        { may: 'anyone' },

  'order.create':           { may: FAMILY },                 // on card A, for themselves
  'order.get':              { may: ['holder'] },             // the holder's order: not the rest of the family
  'order.list':             { may: 'anyone' },               // the caller's own orders (cardId A)
  'order.cancel':           { may: ['holder'] },
  'order.rate':             { may: ['holder'] },
  'order.messages':         { may: ['member', 'doctor'] },   // member A's consult, taken by the doctor
  'order.send':             { may: ['member', 'doctor'] },
  'order.end':              { may: ['member'] },
  'order.logCall':          { may: ['doctor'] },
  'order.signDoctor':       { may: FAMILY },
  'order.myDoctor':         { may: FAMILY },

  'record.get':             { may: FAMILY },                 // member A's record: the person and the holder
  'record.update':          { may: FAMILY },
  'record.consent':         { may: FAMILY },
  'record.addReport':       { may: FAMILY },
  'record.removeReport':    { may: FAMILY },
  'record.withdrawConsent': { may: FAMILY },                 // the person; the holder what the holder gave (own)

  'reminders.tick':         { may: NOBODY },                 // timer only: a client call is refused
  'sender.tick':            { may: NOBODY },

  'staff.queue':            { may: STAFF_KINDS },
  'staff.act':              { may: ['agent'] },              // accept on the holder's outpatient order
  'staff.placeOrder':       { may: ['butler'] },             // R1.5 for member A
  'staff.me':               { may: 'anyone' },
  'staff.get':              { may: ['agent', 'admin'] },     // roles that serve the benefit, and admins
  'staff.callMember':       { may: ['agent'] },
  'staff.fileUrls':         { may: ['agent', 'admin'] },
  'staff.roster':           { may: ADMIN_ONLY },

  'maintenance.tick':       { may: NOBODY },                 // timer only
  'maintenance.retention':  { may: ADMIN_ONLY },
  'maintenance.setRetention': { may: ADMIN_ONLY },

  'privacy.export':         { may: 'anyone' },               // the caller's own data: checked for leaks
  'privacy.erase':          { may: ['stranger', 'former'], selfOnly: true },
};

/** Run last: their success changes a caller kind (the inactive card activated, the stranger on a card, the former member erased). */
const LAST = ['card.activate', 'card.acceptInvite', 'privacy.erase'];

// ---------------------------------------------------------------------------------------------
// The world

const ACTIVATED = '2026-05-10T10:00:00+08:00';
/** Monday 2026-06-01 10:00: the clock stands here for the whole file. */
const TODAY = '2026-06-01T10:00:00+08:00';
const WANTED = '2026-06-04';
/** A report file a kind uploaded: under its own folder, the only files it may name (issue 10). */
const FILE = (kind: Kind) => fileIn(w.dirs[kind], 'records/authz.pdf');

/** Words that appear nowhere but where they were written: finding one elsewhere is a leak. */
const MARK = {
  aOutNote: '甲户主门诊备注',
  aQuickDesc: '甲成员问诊描述',
  aQuickMsg: '甲成员问诊消息',
  aResult: '甲户主解读意见',
  aHolderButler: '甲户主管家留言',
  aMemberButler: '甲成员管家留言',
  aButlerReply: '管家回复甲成员',
  aMemberAllergy: '甲成员过敏史',
  aMemberReport: '甲成员体检报告',
  aHolderAllergy: '甲户主过敏史',
  formerAllergy: '前成员过敏史',
  bOutNote: '乙户主门诊备注',
  bQuickDesc: '乙成员问诊描述',
  bQuickMsg: '乙成员问诊消息',
  bButler: '乙户主管家留言',
  bAllergy: '乙户主过敏史',
  pQuickDesc: '专业版问诊描述',
} as const;

interface Family extends TestCard {
  cardNo: string;
  code: string;
}

interface World {
  openid: Record<Kind, string | null>;
  A: Family;
  B: Family;
  P: Family;
  C: Family;
  E: Family;
  former: Who;
  inactive: { cardNo: string; code: string };
  orders: { aOut: string; aQuick: string; aPhone: string; aReport: string };
  /** each kind's own upload folder (card.mine); `anonymous` has none and is refused first */
  dirs: Record<Kind, string>;
  /** files of family A that nobody else may see: the member's record upload, the holder's checkup report */
  aFiles: { memberUpload: string; holderReport: string };
  memberReportId: string;
  articleId: string;
  skippedNotice: string;
  /** secret text → the kinds that may see it */
  secrets: Map<string, ReadonlySet<Kind>>;
}

let kit: Kit;
let w: World;

function call(fn: string, kind: Kind, data: Record<string, unknown>): Promise<Envelope<unknown>> {
  return kit.cloud.call(fn, w.openid[kind], data);
}

async function ok<T>(fn: string, openid: string, data: Record<string, unknown>): Promise<T> {
  return kit.cloud.ok<T>(fn, openid, data);
}

/** Issues a card, activates it at `activateAt` for a fresh holder, adds `members`; keeps number and code. */
async function family(edition: Edition, activateAt: string, members: number): Promise<Family> {
  const orderDate = new Date(Date.parse(activateAt) + 8 * 3600_000 - 5 * 86400_000).toISOString().slice(0, 10);
  const { cards } = await ok<Res<'admin', 'issueCards'>>('admin', ADMIN, {
    action: 'issueCards',
    orderNo: `AUTHZ-${process.pid}-${rid()}`,
    orderDate,
    edition,
  });
  const issued = cards[0];
  if (!issued) throw new Error('no card issued');
  await kit.at(activateAt);
  const holderPerson = person();
  const holderOpenid = user('authz-holder');
  const { card } = await ok<Res<'card', 'activate'>>('card', holderOpenid, {
    action: 'activate',
    cardNo: issued.cardNo,
    code: issued.code,
    ...holderPerson,
  });
  const list: Who[] = [];
  for (let i = 0; i < members; i++) list.push(await joinCard(card.cardId, holderOpenid));
  return {
    cardId: card.cardId,
    edition,
    cardNo: issued.cardNo,
    code: issued.code,
    holder: { openid: holderOpenid, memberId: selfOf(card), person: holderPerson },
    members: list,
  };
}

/** A fresh person joins the card by the holder's invite. */
async function joinCard(cardId: string, holderOpenid: string): Promise<Who> {
  const { token } = await ok<Res<'card', 'createInvite'>>('card', holderOpenid, { action: 'createInvite', cardId });
  const p = person();
  const openid = user('authz-member');
  const { card } = await ok<Res<'card', 'acceptInvite'>>('card', openid, { action: 'acceptInvite', token, ...p });
  return { openid, memberId: selfOf(card), person: p };
}

function memberOf(f: Family, i = 0): Who {
  const m = f.members[i];
  if (!m) throw new Error(`card ${f.cardId} has no member ${i}`);
  return m;
}

async function order(who: Who, f: Family, benefit: Parameters<Kit['order']>[2], form: object): Promise<string> {
  const e = await kit.cloud.call<Res<'order', 'create'>>('order', who.openid, {
    action: 'create',
    cardId: f.cardId,
    benefit,
    requestId: rid(),
    form,
  });
  return dataOf(e).order.orderId;
}

async function step(openid: string, req: Record<string, unknown>): Promise<Order> {
  return (await ok<Res<'staff', 'act'>>('staff', openid, { action: 'act', ...req })).order;
}

async function consult(who: Who, f: Family, description: string, mode: 'text' | 'phone'): Promise<string> {
  const id = await order(who, f, 'quickConsult', { description, mode });
  await step(STAFF.doctor, { orderId: id, step: 'accept' });
  return id;
}

async function buildWorld(): Promise<World> {
  // cards: the expired one first (its past), then the rest at ACTIVATED; then the clock stands at TODAY
  const E = await family('premium', '2025-05-01T10:00:00+08:00', 0);
  const A = await family('premium', ACTIVATED, 2);
  const B = await family('premium', ACTIVATED, 1);
  const P = await family('pro', ACTIVATED, 0);
  const C = await family('premium', ACTIVATED, 0);
  await kit.at(TODAY);
  const { cards: inactiveCards } = await ok<Res<'admin', 'issueCards'>>('admin', ADMIN, {
    action: 'issueCards',
    orderNo: `AUTHZ-INACTIVE-${process.pid}`,
    orderDate: '2026-05-30',
    edition: 'premium',
  });
  const inactive = inactiveCards[0];
  if (!inactive) throw new Error('no inactive card');

  const memberA = memberOf(A, 0);
  const former = memberOf(A, 1);
  const memberB = memberOf(B, 0);

  // the person who left family A keeps a record of their own
  await ok('record', former.openid, { action: 'consent', memberId: former.memberId, version: 'v1' });
  await ok('record', former.openid, {
    action: 'update',
    memberId: former.memberId,
    profile: { allergies: [MARK.formerAllergy] },
  });
  await ok('card', A.holder.openid, { action: 'removeMember', cardId: A.cardId, memberId: former.memberId });

  // family A's orders, consults and conversations
  const aOut = await order(A.holder, A, 'outpatientGreen', { ...FORMS.outpatientGreen(WANTED), note: MARK.aOutNote });
  const aQuick = await consult(memberA, A, MARK.aQuickDesc, 'text');
  await ok('order', memberA.openid, { action: 'send', orderId: aQuick, text: MARK.aQuickMsg });
  await ok('order', STAFF.doctor, { action: 'send', orderId: aQuick, text: '请描述一下症状' });
  const aPhone = await consult(memberA, A, '电话问诊', 'phone');
  const aFiles = {
    memberUpload: await kit.fileOf(memberA.openid, 'records/a-member-upload.pdf'),
    holderReport: await kit.fileOf(A.holder.openid, 'orders/a-holder-report.pdf'),
  };
  const aReport = await order(A.holder, A, 'reportReading', { files: [aFiles.holderReport] });
  await step(STAFF.doctor, { orderId: aReport, step: 'accept' });
  await step(STAFF.doctor, { orderId: aReport, step: 'complete', result: { text: MARK.aResult } });
  await ok('butler', A.holder.openid, { action: 'send', cardId: A.cardId, text: MARK.aHolderButler });
  await ok('butler', memberA.openid, { action: 'send', cardId: A.cardId, text: MARK.aMemberButler });
  await ok('butler', STAFF.butler, { action: 'reply', threadId: `b_${memberA.memberId}`, text: MARK.aButlerReply });

  // family A's health records
  await ok('record', memberA.openid, { action: 'consent', memberId: memberA.memberId, version: 'v1' });
  await ok('record', memberA.openid, {
    action: 'update',
    memberId: memberA.memberId,
    profile: { allergies: [MARK.aMemberAllergy] },
  });
  const withReport = await ok<Res<'record', 'addReport'>>('record', memberA.openid, {
    action: 'addReport',
    memberId: memberA.memberId,
    title: MARK.aMemberReport,
    files: [aFiles.memberUpload],
  });
  const memberReportId = withReport.record.reports.find((r) => r.title === MARK.aMemberReport)?.reportId;
  if (!memberReportId) throw new Error('no report id');
  await ok('record', A.holder.openid, { action: 'consent', memberId: A.holder.memberId, version: 'v1' });
  await ok('record', A.holder.openid, {
    action: 'update',
    memberId: A.holder.memberId,
    profile: { allergies: [MARK.aHolderAllergy] },
  });
  await kit.signFamilyDoctor(A.holder.openid, A);

  // family B and the pro card: the same kinds of things, so that A's callers could leak them too
  await order(B.holder, B, 'outpatientGreen', { ...FORMS.outpatientGreen(WANTED), note: MARK.bOutNote });
  const bQuick = await consult(memberB, B, MARK.bQuickDesc, 'text');
  await ok('order', memberB.openid, { action: 'send', orderId: bQuick, text: MARK.bQuickMsg });
  await ok('butler', B.holder.openid, { action: 'send', cardId: B.cardId, text: MARK.bButler });
  await ok('record', B.holder.openid, { action: 'consent', memberId: B.holder.memberId, version: 'v1' });
  await ok('record', B.holder.openid, {
    action: 'update',
    memberId: B.holder.memberId,
    profile: { allergies: [MARK.bAllergy] },
  });
  await order(P.holder, P, 'quickConsult', { description: MARK.pQuickDesc, mode: 'text' });

  // a skipped notice for admin.retryNotice: subscription messages without consent
  await kit.cloud.run('sender');
  const skipped = await ok<Res<'admin', 'outbox'>>('admin', ADMIN, { action: 'outbox', status: 'skipped' });
  const skippedNotice = skipped.notices[0]?.noticeId;
  if (!skippedNotice) throw new Error('no skipped notice');

  const { entry } = await ok<Res<'admin', 'upsertDirectory'>>('admin', ADMIN, {
    action: 'upsertDirectory',
    entry: {
      kind: 'article',
      name: '春季养生',
      active: true,
      data: { category: '养生', term: '', summary: '摘要', body: '正文' },
    },
  });

  const openid: Record<Kind, string | null> = {
    anonymous: null,
    stranger: user('authz-stranger'),
    inactive: user('authz-inactive'),
    expired: E.holder.openid,
    former: former.openid,
    otherHolder: B.holder.openid,
    otherMember: memberB.openid,
    proHolder: P.holder.openid,
    holder: A.holder.openid,
    member: memberA.openid,
    butler: STAFF.butler,
    manager: STAFF.manager,
    doctor: STAFF.doctor,
    agent: STAFF.agent,
    escortManager: STAFF.escortManager,
    admin: ADMIN,
  };

  const dirs = {} as Record<Kind, string>;
  for (const kind of KINDS) {
    const who = openid[kind];
    dirs[kind] = who === null ? 'u/anonymous' : await kit.uploadDir(who);
  }

  const world: World = {
    openid,
    dirs,
    aFiles,
    A,
    B,
    P,
    C,
    E,
    former,
    inactive,
    orders: { aOut, aQuick, aPhone, aReport },
    memberReportId,
    articleId: entry.id,
    skippedNotice,
    secrets: new Map(),
  };
  world.secrets = await secretsOf(world);
  return world;
}

/**
 * What each kind may see. Ids, masked names and the card number of a family: its own people,
 * staff and admins. Order texts: the served person or placer and the staff whose roles serve
 * the benefit (and admins through staff.get). Consult messages: the person and the doctor who took
 * the case. Butler notes: the person and the butlers. Health records: the person and the holder.
 * Real names, ID numbers, phone numbers: the person themself (privacy.export); a phone number also
 * the agent of the order (callMember).
 */
async function secretsOf(world: World): Promise<Map<string, ReadonlySet<Kind>>> {
  const s = new Map<string, ReadonlySet<Kind>>();
  const add = (secret: string, kinds: readonly Kind[]) => s.set(secret, new Set(kinds));
  const families: { f: Family; kinds: readonly Kind[]; people: readonly Kind[] }[] = [
    { f: world.A, kinds: ['holder', 'member', ...STAFF_KINDS], people: ['holder', 'member'] },
    { f: world.B, kinds: ['otherHolder', 'otherMember', ...STAFF_KINDS], people: ['otherHolder', 'otherMember'] },
    { f: world.P, kinds: ['proHolder', ...STAFF_KINDS], people: ['proHolder'] },
    { f: world.E, kinds: ['expired', ...STAFF_KINDS], people: ['expired'] },
  ];
  const formerKinds: readonly Kind[] = ['former', 'holder', 'member', ...STAFF_KINDS];
  const people: { p: Person; kinds: readonly Kind[]; self: Kind }[] = [
    { p: world.former.person, kinds: formerKinds, self: 'former' },
  ];
  add(world.former.memberId, formerKinds);
  for (const { f, kinds, people: selves } of families) {
    // the person who left card A still gets it in their privacy.export (a card they were on)
    const was: readonly Kind[] = f === world.A ? ['former'] : [];
    add(f.cardId, [...kinds, ...was]);
    // the card number: its own people only (staff answers carry card ids, not numbers)
    add(f.cardNo, [...kinds.filter((k) => !(STAFF_KINDS as readonly Kind[]).includes(k)), ...was]);
    add(f.code, []);
    for (const [i, who] of [f.holder, ...f.members].entries()) {
      if (who === world.former) continue;
      add(who.memberId, kinds);
      people.push({ p: who.person, kinds, self: selves[i] ?? 'anonymous' });
      // every order of the family, as its people list them
      for (const o of await kit.list(who.openid)) add(o.orderId, kinds);
    }
  }
  add(world.inactive.cardNo, ['inactive']);
  add(world.inactive.code, ['inactive']);

  // masked names (张*丰) where no one else in the world has the same; real names, ID numbers and
  // phone numbers: the person themself (privacy.export), and the agent of the order (callMember)
  const masked = (name: string) => `${[...name][0] ?? ''}*${[...name].slice(-1)[0] ?? ''}`;
  const count = new Map<string, number>();
  for (const { p } of people) count.set(masked(p.name), (count.get(masked(p.name)) ?? 0) + 1);
  for (const { p, kinds, self } of people) {
    if (count.get(masked(p.name)) === 1) add(masked(p.name), kinds);
    add(p.name, [self]);
    add(p.idNumber, [self]);
    add(p.phone, p === world.A.holder.person ? [self, 'agent'] : [self]);
  }

  add(MARK.aOutNote, ['holder', 'agent', 'admin']);
  add(MARK.aQuickDesc, ['member', 'doctor', 'admin']);
  add(MARK.aQuickMsg, ['member', 'doctor']);
  add(MARK.aResult, ['holder', 'doctor', 'admin']);
  add(MARK.aHolderButler, ['holder', 'butler']);
  add(MARK.aMemberButler, ['member', 'butler']);
  add(MARK.aButlerReply, ['member', 'butler']);
  add(MARK.aMemberAllergy, ['member', 'holder']);
  add(MARK.aMemberReport, ['member', 'holder']);
  add(MARK.aHolderAllergy, ['holder']);
  add(MARK.formerAllergy, ['former']);
  add(MARK.bOutNote, ['otherHolder', 'agent', 'admin']);
  add(MARK.bQuickDesc, ['otherMember', 'doctor', 'admin']);
  add(MARK.bQuickMsg, ['otherMember', 'doctor']);
  add(MARK.bButler, ['otherHolder', 'butler']);
  add(MARK.bAllergy, ['otherHolder']);
  add(MARK.pQuickDesc, ['proHolder', 'doctor', 'admin']);
  // files: the person (and the holder through the record), the staff of the order
  add(world.aFiles.memberUpload, ['member', 'holder']);
  add(world.aFiles.holderReport, ['holder', 'doctor', 'admin']);
  return s;
}

/** The secrets an answer to `kind` carries that `kind` may not see. */
function leaksIn(kind: Kind, answer: unknown): string[] {
  const text = JSON.stringify(answer);
  const out: string[] = [];
  for (const [secret, kinds] of w.secrets) if (!kinds.has(kind) && text.includes(secret)) out.push(secret);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The requests: aimed at family A (or at what the staff serve); `own` makes a fresh resource for
// a kind in `may` whose success would use up the shared one.

type Payload = Record<string, unknown>;

interface Target {
  /** `kind`: the caller (a request naming files names the caller's own) */
  at(kind: Kind): Payload;
  own?(kind: Kind): Promise<Payload>;
}

const A = () => w.A;
const memberA = () => memberOf(w.A, 0);

async function freshOutpatient(): Promise<string> {
  return order(w.A.holder, w.A, 'outpatientGreen', FORMS.outpatientGreen(WANTED));
}

const TARGETS: Readonly<Record<string, Target>> = {
  'admin.issueCards': {
    at: () => ({ orderNo: `AUTHZ-ISSUE-${process.pid}`, orderDate: '2026-05-30', edition: 'pro' }),
  },
  'admin.setStaff': { at: () => ({ openid: 'authz-new-staff', name: '新同事', roles: [] }) },
  'admin.reconcile': { at: () => ({ cardId: A().cardId }) },
  'admin.setHolidays': { at: () => ({ days: { '2030-01-01': null } }) },
  'admin.getHolidays': { at: () => ({}) },
  'admin.upsertDirectory': {
    at: () => ({
      entry: {
        kind: 'article',
        name: '越权文章',
        active: true,
        data: { category: '养生', term: '', summary: '摘要', body: '正文' },
      },
    }),
  },
  'admin.listDirectory': { at: () => ({ kind: 'hospital' }) },
  'admin.outbox': { at: () => ({}) },
  'admin.retryNotice': { at: () => ({ noticeId: w.skippedNotice }) },

  'butler.messages': { at: () => ({ cardId: A().cardId }) },
  'butler.send': { at: () => ({ cardId: A().cardId, text: '您好' }) },
  'butler.threads': { at: () => ({}) },
  'butler.thread': { at: () => ({ threadId: `b_${memberA().memberId}` }) },
  'butler.reply': { at: () => ({ threadId: `b_${memberA().memberId}`, text: '收到' }) },

  'card.mine': { at: () => ({}) },
  'card.createInvite': { at: () => ({ cardId: A().cardId }) },
  'card.removeMember': {
    at: () => ({ cardId: A().cardId, memberId: memberA().memberId }),
    own: async () => ({ cardId: A().cardId, memberId: (await joinCard(A().cardId, A().holder.openid)).memberId }),
  },
  'card.ledger': { at: () => ({ cardId: A().cardId }) },
  'card.activate': {
    at: () => ({ cardNo: A().cardNo, code: A().code, ...person() }),
    own: () => Promise.resolve({ cardNo: w.inactive.cardNo, code: w.inactive.code, ...person() }),
  },
  'card.acceptInvite': {
    at: () => ({ token: 'authz-forged-token-0123456789', ...person() }),
    own: async () => {
      const { token } = await ok<Res<'card', 'createInvite'>>('card', w.C.holder.openid, {
        action: 'createInvite',
        cardId: w.C.cardId,
      });
      return { token, ...person() };
    },
  },

  'content.benefits': { at: () => ({}) },
  'content.hospitals': { at: () => ({}) },
  'content.experts': { at: () => ({}) },
  'content.familyDoctors': { at: () => ({}) },
  'content.articles': { at: () => ({}) },
  'content.article': { at: () => ({ articleId: w.articleId }) },
  'content.outpatientDates': { at: () => ({}) },
  'content.escortEarliestDay': { at: () => ({}) },

  'notify.subscribe': { at: () => ({ results: { orderBooked: 'accept' } }) },
  'notify.settings': { at: () => ({}) },

  'order.create': {
    at: () => ({ cardId: A().cardId, benefit: 'quickConsult', requestId: rid(), form: FORMS.quickConsult() }),
  },
  'order.get': { at: () => ({ orderId: w.orders.aOut }) },
  'order.list': { at: () => ({ cardId: A().cardId }) },
  'order.cancel': { at: () => ({ orderId: w.orders.aOut }), own: async () => ({ orderId: await freshOutpatient() }) },
  'order.rate': { at: () => ({ orderId: w.orders.aReport, stars: 5 }) },
  'order.messages': { at: () => ({ orderId: w.orders.aQuick }) },
  'order.send': { at: () => ({ orderId: w.orders.aQuick, text: '好的' }) },
  'order.end': {
    at: () => ({ orderId: w.orders.aQuick }),
    own: async () => ({ orderId: await consult(memberA(), A(), '结束测试', 'text') }),
  },
  'order.logCall': { at: () => ({ orderId: w.orders.aPhone, minutes: 1, kind: 'phone' }) },
  'order.signDoctor': { at: () => ({ cardId: A().cardId, doctorId: KIT_FAMILY_DOCTOR }) },
  'order.myDoctor': { at: () => ({ cardId: A().cardId }) },

  'record.get': { at: () => ({ memberId: memberA().memberId }) },
  'record.update': { at: () => ({ memberId: memberA().memberId, profile: { heightCm: 170 } }) },
  'record.consent': { at: () => ({ memberId: memberA().memberId, version: 'v1' }) },
  'record.addReport': { at: (kind) => ({ memberId: memberA().memberId, title: '复查', files: [FILE(kind)] }) },
  'record.removeReport': {
    at: () => ({ memberId: memberA().memberId, reportId: w.memberReportId }),
    own: async (kind) => {
      const title = `待删除报告${kind}`;
      const { record } = await ok<{ record: HealthRecord }>('record', w.openid[kind] ?? '', {
        action: 'addReport',
        memberId: memberA().memberId,
        title,
        files: [FILE(kind)],
      });
      return { memberId: memberA().memberId, reportId: record.reports.find((r) => r.title === title)?.reportId };
    },
  },
  'record.withdrawConsent': {
    at: () => ({ memberId: memberA().memberId }),
    // the person withdraws their own; the holder one the holder gave, for a member joined for it
    own: async (kind) => {
      if (kind !== 'holder') return { memberId: memberA().memberId };
      const joined = await joinCard(w.A.cardId, w.A.holder.openid);
      await ok('record', w.A.holder.openid, { action: 'consent', memberId: joined.memberId, version: 'v1' });
      return { memberId: joined.memberId };
    },
  },

  'reminders.tick': { at: () => ({}) },
  'sender.tick': { at: () => ({}) },

  'staff.queue': { at: () => ({}) },
  'staff.act': {
    at: () => ({ orderId: w.orders.aOut, step: 'accept' }),
    own: async () => ({ orderId: await freshOutpatient(), step: 'accept' }),
  },
  'staff.placeOrder': {
    at: () => ({
      cardId: A().cardId,
      personId: memberA().memberId,
      benefit: 'quickConsult',
      requestId: rid(),
      form: FORMS.quickConsult(),
    }),
  },
  'staff.me': { at: () => ({}) },
  'staff.get': { at: () => ({ orderId: w.orders.aOut }) },
  'staff.callMember': { at: () => ({ orderId: w.orders.aOut }) },
  'staff.fileUrls': { at: () => ({ orderId: w.orders.aOut }) },
  'staff.roster': { at: () => ({}) },

  'maintenance.tick': { at: () => ({}) },
  'maintenance.retention': { at: () => ({}) },
  'maintenance.setRetention': { at: () => ({ days: 365 }) },

  'privacy.export': { at: () => ({}) },
  'privacy.erase': { at: () => ({ confirm: '确认删除' }) },
};

// ---------------------------------------------------------------------------------------------
// The run

/** Every function and action, as the built bundles declare them (what the local cloud runs). */
function liveActions(): string[] {
  const dir = join(ROOT, 'cloudfunctions');
  const out: string[] = [];
  for (const fn of readdirSync(dir).sort()) {
    const file = join(dir, fn, 'index.js');
    if (!existsSync(file)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as { fn?: { actions?: readonly string[] } };
    for (const action of mod.fn?.actions ?? []) out.push(`${fn}.${action}`);
  }
  return out;
}

const ACTIONS = liveActions();
const ORDERED = [...ACTIONS.filter((a) => !LAST.includes(a)), ...LAST.filter((a) => ACTIONS.includes(a))];
const CHINESE = /[\u4e00-\u9fff]/;

function mayOf(p: Policy): readonly Kind[] {
  return p.may === 'anyone' ? ANYONE : p.may;
}

function describeAnswer(e: Envelope<unknown>): string {
  return e.ok ? 'OK' : `${e.error.code} ${e.error.message}`;
}

/** What family A's holder and member see of their card, orders, records and conversations. */
async function familyView(): Promise<unknown[]> {
  const views: unknown[] = [];
  for (const who of [w.A.holder, memberA()]) {
    views.push(await ok('card', who.openid, { action: 'mine' }));
    views.push(await kit.list(who.openid));
    views.push(await ok('record', who.openid, { action: 'get', memberId: who.memberId }));
    views.push(await ok('butler', who.openid, { action: 'messages', cardId: w.A.cardId }));
  }
  views.push(await ok('order', memberA().openid, { action: 'messages', orderId: w.orders.aQuick }));
  return views;
}

function dumpDiff(before: DumpSummary, after: DumpSummary): string[] {
  const names = new Set([...Object.keys(before.collections), ...Object.keys(after.collections)]);
  return [...names].filter(
    (n) => !before.excluded.includes(n) && before.collections[n]?.hash !== after.collections[n]?.hash,
  );
}

/**
 * Rate counters (`rates`) are left out of the comparison: they count refused attempts by design
 * (a wrong activation code, a message sent into a conversation that is not the caller's).
 */
const NOT_BUSINESS_DATA = ['rates'];

beforeAll(async () => {
  kit = await Kit.start('none');
  w = await buildWorld();
}, 180_000);

afterAll(async () => {
  if (kit) {
    expect((await kit.reconcile()).mismatches).toEqual([]);
    await kit.stop();
  }
});

describe('the action table', () => {
  it('classifies every action of every built function, and nothing else', () => {
    expect(ACTIONS.length).toBeGreaterThan(50);
    const unclassified = ACTIONS.filter((a) => !(a in POLICY) || !(a in TARGETS));
    const stale = [...new Set([...Object.keys(POLICY), ...Object.keys(TARGETS)])].filter((a) => !ACTIONS.includes(a));
    // a new action needs a row in POLICY (who may) and in TARGETS (a request aimed at family A)
    expect({ unclassified, stale }).toEqual({ unclassified: [], stale: [] });
  });
});

describe('the world is what the matrix assumes', () => {
  it('family A’s member sees the card and its masked people, not the holder’s orders', async () => {
    const { cards } = await ok<{ cards: Card[] }>('card', memberA().openid, { action: 'mine' });
    expect(cards.map((c) => c.cardId)).toEqual([w.A.cardId]);
    const listed = await kit.list(memberA().openid);
    expect(listed.map((o) => o.orderId)).not.toContain(w.orders.aOut);
  });

  it('the skipped notice is one the admin may requeue', async () => {
    const { notices } = await ok<{ notices: OpsNotice[] }>('admin', ADMIN, { action: 'outbox' });
    expect(notices.some((n) => n.noticeId === w.skippedNotice)).toBe(true);
  });
});

// before the matrix: its last actions turn the stranger into a member and erase the former member
describe('own card, another family’s person or a private record of one’s own family', () => {
  type Probe = [who: Kind, fn: string, data: () => Payload, expected: ErrorCode | 'OK'];
  const probes: Record<string, Probe> = {
    'B’s holder orders on card B for A’s member': [
      'otherHolder',
      'order',
      () => ({
        action: 'create',
        cardId: w.B.cardId,
        personId: memberA().memberId,
        benefit: 'quickConsult',
        requestId: rid(),
        form: FORMS.quickConsult(),
      }),
      'NOT_ELIGIBLE',
    ],
    'the pro holder orders on the pro card for A’s holder': [
      'proHolder',
      'order',
      () => ({
        action: 'create',
        cardId: w.P.cardId,
        personId: w.A.holder.memberId,
        benefit: 'quickConsult',
        requestId: rid(),
        form: FORMS.quickConsult(),
      }),
      'NOT_ELIGIBLE',
    ],
    'B’s holder signs a doctor on card B for A’s member': [
      'otherHolder',
      'order',
      () => ({ action: 'signDoctor', cardId: w.B.cardId, doctorId: KIT_FAMILY_DOCTOR, personId: memberA().memberId }),
      'NOT_ELIGIBLE',
    ],
    'B’s holder reads the doctor of A’s member through card B': [
      'otherHolder',
      'order',
      () => ({ action: 'myDoctor', cardId: w.B.cardId, personId: memberA().memberId }),
      'NOT_ELIGIBLE',
    ],
    'B’s holder removes A’s member through card B': [
      'otherHolder',
      'card',
      () => ({ action: 'removeMember', cardId: w.B.cardId, memberId: memberA().memberId }),
      'NOT_FOUND',
    ],
    'B’s holder reads A’s ledger filtered by benefit': [
      'otherHolder',
      'card',
      () => ({ action: 'ledger', cardId: w.A.cardId, benefit: 'quickConsult' }),
      'NOT_FOUND',
    ],
    'the butler orders on card B for A’s member': [
      'butler',
      'staff',
      () => ({
        action: 'placeOrder',
        cardId: w.B.cardId,
        personId: memberA().memberId,
        benefit: 'quickConsult',
        requestId: rid(),
        form: FORMS.quickConsult(),
      }),
      'NOT_ELIGIBLE',
    ],
    'the butler orders on the pro card (R1.5 premium only)': [
      'butler',
      'staff',
      () => ({
        action: 'placeOrder',
        cardId: w.P.cardId,
        personId: w.P.holder.memberId,
        benefit: 'quickConsult',
        requestId: rid(),
        form: FORMS.quickConsult(),
      }),
      'BENEFIT_NOT_INCLUDED',
    ],
    'A’s member reads the holder’s health record': [
      'member',
      'record',
      () => ({ action: 'get', memberId: w.A.holder.memberId }),
      'NOT_FOUND',
    ],
    'A’s member changes the holder’s health record': [
      'member',
      'record',
      () => ({ action: 'update', memberId: w.A.holder.memberId, profile: { allergies: [] } }),
      'NOT_FOUND',
    ],
    'A’s holder withdraws the health-information consent the member gave themself': [
      'holder',
      'record',
      () => ({ action: 'withdrawConsent', memberId: memberA().memberId }),
      'PERMISSION_DENIED',
    ],
    'A’s member withdraws the holder’s health-information consent': [
      'member',
      'record',
      () => ({ action: 'withdrawConsent', memberId: w.A.holder.memberId }),
      'NOT_FOUND',
    ],
    'A’s holder reads the member’s consult': [
      'holder',
      'order',
      () => ({ action: 'messages', orderId: w.orders.aQuick }),
      'NOT_FOUND',
    ],
    'A’s holder reads the member’s butler thread as staff would': [
      'holder',
      'butler',
      () => ({ action: 'thread', threadId: `b_${memberA().memberId}` }),
      'PERMISSION_DENIED',
    ],
    'the former member reads card A’s ledger': [
      'former',
      'card',
      () => ({ action: 'ledger', cardId: w.A.cardId }),
      'NOT_FOUND',
    ],
    'the former member writes to the butler on card A': [
      'former',
      'butler',
      () => ({ action: 'send', cardId: w.A.cardId, text: '你好' }),
      'NOT_FOUND',
    ],
    'the former member orders on card A': [
      'former',
      'order',
      () => ({
        action: 'create',
        cardId: w.A.cardId,
        benefit: 'quickConsult',
        requestId: rid(),
        form: FORMS.quickConsult(),
      }),
      'NOT_FOUND',
    ],
    'the former member still reads their own record': [
      'former',
      'record',
      () => ({ action: 'get', memberId: w.former.memberId }),
      'OK',
    ],
    'the expired card’s holder reads their ledger': [
      'expired',
      'card',
      () => ({ action: 'ledger', cardId: w.E.cardId }),
      'OK',
    ],
    'the expired card’s holder orders (R2.5)': [
      'expired',
      'order',
      () => ({
        action: 'create',
        cardId: w.E.cardId,
        benefit: 'quickConsult',
        requestId: rid(),
        form: FORMS.quickConsult(),
      }),
      'CARD_EXPIRED',
    ],
    'the inactive card’s holder reads a ledger by the card number as id': [
      'inactive',
      'card',
      () => ({ action: 'ledger', cardId: w.inactive.cardNo }),
      'NOT_FOUND',
    ],
    'a client claims to be the sender’s timer': [
      'stranger',
      'sender',
      () => ({ action: 'tick', trigger: 'sender' }),
      'PERMISSION_DENIED',
    ],
    'a client claims to be the reminders’ timer with a trigger event': [
      'stranger',
      'reminders',
      () => ({ action: 'tick', TriggerName: 'reminders', Type: 'Timer' }),
      'INVALID_ARGUMENT',
    ],
    'the admin (no doctor role) logs a call in a consult': [
      'admin',
      'order',
      () => ({ action: 'logCall', orderId: w.orders.aPhone, minutes: 1, kind: 'phone' }),
      'NOT_FOUND',
    ],
  };

  it.each(Object.keys(probes))('%s', async (label) => {
    const probe = probes[label];
    if (!probe) throw new Error(label);
    const [kind, fn, data, expected] = probe;
    const before = await kit.cloud.dump(NOT_BUSINESS_DATA);
    const e = await call(fn, kind, data());
    const after = await kit.cloud.dump(NOT_BUSINESS_DATA);
    expect(e.ok ? 'OK' : e.error.code).toBe(expected);
    expect(leaksIn(kind, e)).toEqual([]);
    if (expected !== 'OK') expect(dumpDiff(before, after)).toEqual([]);
  });
});

describe('every function × action × caller kind, aimed at family A', () => {
  it.each(ORDERED)('%s', async (name) => {
    const policy = POLICY[name];
    const target = TARGETS[name];
    if (!policy || !target) throw new Error(`${name} is not classified (see POLICY and TARGETS)`);
    const [fn, action] = name.split('.') as [string, string];
    const may = mayOf(policy);
    const refusedKinds = policy.selfOnly ? (['anonymous'] as const) : KINDS.filter((k) => !may.includes(k));
    const familyBefore = policy.selfOnly ? await familyView() : null;
    const allowed: readonly ErrorCode[] = ['NOT_FOUND', 'PERMISSION_DENIED', ...(policy.also ?? [])];
    const problems: string[] = [];

    // refused: all at once, and the database does not move
    const before = await kit.cloud.dump(NOT_BUSINESS_DATA);
    const refused = await Promise.all(refusedKinds.map((k) => call(fn, k, { action, ...target.at(k) })));
    const after = await kit.cloud.dump(NOT_BUSINESS_DATA);
    refused.forEach((e, i) => {
      const kind = refusedKinds[i] as Kind;
      if (e.ok) problems.push(`${kind}: expected a refusal, got OK`);
      else {
        if (!allowed.includes(e.error.code))
          problems.push(`${kind}: ${describeAnswer(e)} (allowed: ${allowed.join(', ')})`);
        if (kind === 'anonymous' && e.error.code !== 'PERMISSION_DENIED')
          problems.push(`anonymous: ${describeAnswer(e)}`);
        if (!CHINESE.test(e.error.message)) problems.push(`${kind}: message not for a member: ${e.error.message}`);
      }
      for (const leak of leaksIn(kind, e)) problems.push(`${kind}: refusal carries ${leak}`);
    });
    const changed = dumpDiff(before, after);
    if (before.hash !== after.hash) problems.push(`refused calls changed the database: ${changed.join(', ')}`);

    // allowed: one by one (each may change what it targets), ok and nothing beyond the caller's view
    for (const kind of may) {
      const payload = target.own ? await target.own(kind) : target.at(kind);
      const e = await call(fn, kind, { action, ...payload });
      if (!e.ok) problems.push(`${kind}: expected OK, got ${describeAnswer(e)}`);
      for (const leak of leaksIn(kind, e)) problems.push(`${kind}: answer carries ${leak}`);
    }
    if (familyBefore !== null && JSON.stringify(await familyView()) !== JSON.stringify(familyBefore)) {
      problems.push('what family A sees changed');
    }
    expect(problems).toEqual([]);
  });
});
