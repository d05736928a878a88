/**
 * The `card` function through the real local cloud (domain rules R1 table, R2; the contract's
 * `card` actions). Cards are issued with admin.issueCards for the order date each rule needs, and
 * the clock is set before every step. The main server runs with TZ=UTC, as deployed cloud
 * functions do; one block repeats the day boundaries on a server in America/Los_Angeles.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenefitKey, Card, CardBenefit, Edition, Envelope, ErrorCode, Res } from '../../typings/contract';
import { startLocalCloud, type LocalCloudProcess } from './local-cloud';

const ADMIN = 'card-test-admin';
const CHINESE = /[\u4e00-\u9fff]/;

let cloud: LocalCloudProcess;
beforeAll(async () => {
  cloud = await startLocalCloud({ seed: 'none', admins: [ADMIN], env: { TZ: 'UTC' } });
});
afterAll(async () => {
  await cloud.stop();
});

// ---------------------------------------------------------------------------------------------
// People: distinct, valid real-name data for every test person
// ---------------------------------------------------------------------------------------------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** GB 11643 check character of a 17-digit body. */
function checkChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body.charAt(i)) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK_CHARS.charAt(sum % 11);
}

/** A valid 18-character ID number: the body and its check character. */
function idNumberOf(body: string): string {
  if (!/^\d{17}$/.test(body)) throw new Error(`not a 17-digit body: ${body}`);
  return body + checkChar(body);
}

interface Person {
  name: string;
  idNumber: string;
  phone: string;
  /** the name as the card shows it */
  masked: string;
}

const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平';
const LAST = '华英兰芬玲梅红凤云莲';
let personSeq = 0;

/** A new person with a distinct name, ID number (born 1980-03-07) and phone. */
function person(name?: string): Person {
  const n = personSeq++;
  if (n >= 400) throw new Error('out of test people');
  const full = name ?? `${SURNAMES.charAt(n % 20)}${GIVEN.charAt(Math.floor(n / 20) % 20)}${LAST.charAt(n % 10)}`;
  const chars = [...full];
  const masked = chars.length === 2 ? `${chars[0] ?? ''}*` : `${chars[0] ?? ''}*${chars[chars.length - 1] ?? ''}`;
  return {
    name: full,
    idNumber: idNumberOf(`11010119800307${String(n).padStart(3, '0')}`),
    phone: `1390000${String(n).padStart(4, '0')}`,
    masked,
  };
}

/** Everyone whose real-name data was sent to the main server (for the privacy checks). */
const sentToServer = new Set<Person>();

let openidSeq = 0;
/** A fresh WeChat user. */
function user(label: string): string {
  return `${label}-${++openidSeq}`;
}

// ---------------------------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------------------------

interface Issued {
  cardNo: string;
  code: string;
}

let orderSeq = 0;
async function issue(c: LocalCloudProcess, edition: Edition, orderDate: string, count = 1): Promise<Issued[]> {
  const res = await c.ok<Res<'admin', 'issueCards'>>('admin', ADMIN, {
    action: 'issueCards',
    orderNo: `CARD-T-${++orderSeq}`,
    orderDate,
    edition,
    count,
  });
  expect(res.cards).toHaveLength(count);
  return res.cards;
}

async function issueOne(c: LocalCloudProcess, edition: Edition, orderDate: string): Promise<Issued> {
  const [card] = await issue(c, edition, orderDate);
  if (!card) throw new Error('no card issued');
  return card;
}

/** Cards activated on the main server, for admin.reconcile. */
const activatedOnMain: { cardId: string; edition: Edition }[] = [];

async function tryActivate(
  c: LocalCloudProcess,
  openid: string,
  card: Issued,
  who: Person,
  patch: Record<string, unknown> = {},
): Promise<Envelope<Res<'card', 'activate'>>> {
  if (c === cloud) sentToServer.add(who);
  const e = await c.call<Res<'card', 'activate'>>('card', openid, {
    action: 'activate',
    cardNo: card.cardNo,
    code: card.code,
    name: who.name,
    idNumber: who.idNumber,
    phone: who.phone,
    ...patch,
  });
  if (e.ok && c === cloud) activatedOnMain.push({ cardId: e.data.card.cardId, edition: e.data.card.edition });
  return e;
}

/** The card of an ok answer; fails the test with the error otherwise. */
function cardOf(e: Envelope<{ card: Card }>): Card {
  if (!e.ok) throw new Error(`expected a card, got ${e.error.code}: ${e.error.message}`);
  return e.data.card;
}

/** Asserts the error code, that the message is Chinese for the member, and returns the message. */
function errorOf(e: Envelope<unknown>, code: ErrorCode): string {
  if (e.ok) throw new Error(`expected ${code}, got ok: ${JSON.stringify(e.data).slice(0, 300)}`);
  expect(e.error.code).toBe(code);
  expect(e.error.message).toMatch(CHINESE);
  return e.error.message;
}

/** Issues a card with the order on the day of `at` (+08:00 form), sets the clock to `at` and activates it. */
async function activated(
  c: LocalCloudProcess,
  openid: string,
  edition: Edition,
  who: Person,
  at: string,
): Promise<Card> {
  if (!at.endsWith('+08:00')) throw new Error('activated() takes a +08:00 instant');
  const issued = await issueOne(c, edition, at.slice(0, 10));
  await c.setClock(at);
  return cardOf(await tryActivate(c, openid, issued, who));
}

async function mine(c: LocalCloudProcess, openid: string): Promise<Card[]> {
  return (await c.ok<Res<'card', 'mine'>>('card', openid, { action: 'mine' })).cards;
}

/** The caller's view of one card, from card.mine. */
async function viewOf(c: LocalCloudProcess, openid: string, cardId: string): Promise<Card> {
  const card = (await mine(c, openid)).find((x) => x.cardId === cardId);
  if (!card) throw new Error(`${openid} does not see card ${cardId}`);
  return card;
}

async function createInvite(
  c: LocalCloudProcess,
  openid: string,
  cardId: string,
): Promise<Res<'card', 'createInvite'>> {
  return c.ok<Res<'card', 'createInvite'>>('card', openid, { action: 'createInvite', cardId });
}

async function acceptInvite(
  c: LocalCloudProcess,
  openid: string,
  token: string,
  who: Person,
  patch: Record<string, unknown> = {},
): Promise<Envelope<Res<'card', 'acceptInvite'>>> {
  if (c === cloud) sentToServer.add(who);
  return c.call<Res<'card', 'acceptInvite'>>('card', openid, {
    action: 'acceptInvite',
    token,
    name: who.name,
    idNumber: who.idNumber,
    phone: who.phone,
    ...patch,
  });
}

/** Invites `who` (as WeChat user `openid`) onto the holder's card; returns the member's view. */
async function addMember(
  c: LocalCloudProcess,
  holder: string,
  cardId: string,
  openid: string,
  who: Person,
): Promise<Card> {
  const { token } = await createInvite(c, holder, cardId);
  return cardOf(await acceptInvite(c, openid, token, who));
}

function removeMember(
  c: LocalCloudProcess,
  openid: string,
  cardId: string,
  memberId: string,
): Promise<Envelope<Res<'card', 'removeMember'>>> {
  return c.call<Res<'card', 'removeMember'>>('card', openid, { action: 'removeMember', cardId, memberId });
}

function ledger(c: LocalCloudProcess, openid: string, cardId: string): Promise<Envelope<Res<'card', 'ledger'>>> {
  return c.call<Res<'card', 'ledger'>>('card', openid, { action: 'ledger', cardId });
}

function selfOf(card: Card): string {
  const me = card.members.find((m) => m.self);
  if (!me) throw new Error('the card shows no member as self');
  return me.memberId;
}

function benefitOf(card: Card, key: BenefitKey): CardBenefit {
  const b = card.benefits.find((x) => x.key === key);
  if (!b) throw new Error(`card shows no ${key}`);
  return b;
}

function openFlags(card: Card): Record<string, boolean> {
  return Object.fromEntries(card.benefits.map((b) => [b.key, b.open]));
}

/** Luhn check digit: a well-formed card number that was never issued. */
function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body.charAt(body.length - 1 - i));
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

let unknownSeq = 0;
function unknownCardNo(): string {
  const body = `999900000${String(++unknownSeq).padStart(6, '0')}`;
  return body + luhnDigit(body);
}

/** The same code with its first character changed (codes use 2-9 and A-Z without I, L, O). */
function wrongCode(code: string): string {
  return (code.startsWith('A') ? 'B' : 'A') + code.slice(1);
}

// ---------------------------------------------------------------------------------------------
// R1 table, as the card answer must show it
// ---------------------------------------------------------------------------------------------

type Quota = number | 'unlimited';
const R1_TABLE: readonly {
  key: BenefitKey;
  name: string;
  pro: Quota | null;
  premium: Quota;
  shared: boolean;
  holderOnly: boolean;
}[] = [
  { key: 'butler', name: '健康管家', pro: 'unlimited', premium: 'unlimited', shared: false, holderOnly: false },
  { key: 'healthRecord', name: '健康档案', pro: 'unlimited', premium: 'unlimited', shared: false, holderOnly: false },
  { key: 'assessment', name: '全面健康评估', pro: 1, premium: 4, shared: true, holderOnly: false },
  { key: 'checkupPlan', name: '体检方案制定', pro: 1, premium: 4, shared: true, holderOnly: false },
  { key: 'reportReading', name: '体检报告解读', pro: 1, premium: 4, shared: true, holderOnly: false },
  { key: 'knowledge', name: '健康知识', pro: 'unlimited', premium: 'unlimited', shared: false, holderOnly: false },
  {
    key: 'familyDoctor',
    name: '三甲家庭私人医生',
    pro: 'unlimited',
    premium: 'unlimited',
    shared: false,
    holderOnly: false,
  },
  { key: 'quickConsult', name: '三甲专科快速问诊', pro: 12, premium: 48, shared: true, holderOnly: false },
  { key: 'expertConsult', name: '三甲名医在线', pro: null, premium: 12, shared: true, holderOnly: false },
  { key: 'outpatientGreen', name: '门诊绿通', pro: 2, premium: 8, shared: true, holderOnly: false },
  { key: 'inpatientGreen', name: '重疾绿通', pro: 1, premium: 4, shared: true, holderOnly: false },
  { key: 'escort', name: '就医陪诊', pro: 1, premium: 1, shared: false, holderOnly: true },
];

/** R2.4: open from activation; every other benefit waits. */
const NO_WAITING: readonly BenefitKey[] = ['butler', 'healthRecord', 'knowledge'];

/** The benefits of a fresh card of the edition, `open` as the given function says. */
function freshBenefits(edition: Edition, open: (key: BenefitKey) => boolean): CardBenefit[] {
  return R1_TABLE.flatMap((row) => {
    const quota = row[edition];
    if (quota === null) return [];
    const total = quota === 'unlimited' ? null : quota;
    return [
      {
        key: row.key,
        name: row.name,
        total,
        used: 0,
        held: 0,
        remaining: total,
        // one pool for the family: only where there is a family (R1.1, R1.2)
        shared: edition === 'premium' && row.shared,
        holderOnly: row.holderOnly,
        open: open(row.key),
      },
    ];
  });
}

/** The pools a card has: one per counted benefit of its edition. */
function countedBenefits(edition: Edition): number {
  return R1_TABLE.filter((row) => typeof row[edition] === 'number').length;
}

// =============================================================================================

describe('R2.2 activation window', () => {
  it('R2.2 order 2026-01-05: activation works at 2026-04-05 23:59:59+08:00, the last second of the last day', async () => {
    const issued = await issueOne(cloud, 'pro', '2026-01-05');
    await cloud.setClock('2026-04-05T23:59:59+08:00');
    const holder = user('r22-last');
    const card = cardOf(await tryActivate(cloud, holder, issued, person()));
    expect(card).toMatchObject({
      cardNo: issued.cardNo,
      status: 'waiting',
      activationDeadline: '2026-04-05T23:59:59+08:00',
      activatedAt: '2026-04-05T23:59:59+08:00',
    });
  });

  it('R2.2 from 2026-04-06 00:00+08:00 it answers ACTIVATION_WINDOW_CLOSED and changes nothing', async () => {
    const issued = await issueOne(cloud, 'premium', '2026-01-05');
    const caller = user('r22-late');
    const who = person();
    await cloud.setClock('2026-04-06T00:00:00+08:00');
    errorOf(await tryActivate(cloud, caller, issued, who), 'ACTIVATION_WINDOW_CLOSED');
    await cloud.setClock('2026-07-01T12:00:00+08:00');
    errorOf(await tryActivate(cloud, caller, issued, who), 'ACTIVATION_WINDOW_CLOSED');
    expect(await mine(cloud, caller)).toEqual([]);
    // the refusal took nothing: the person was not bound to any card and may activate another one
    const other = await issueOne(cloud, 'pro', '2026-06-20');
    expect(cardOf(await tryActivate(cloud, caller, other, who)).status).toBe('waiting');
  });

  it('R2.2 the same instants written in UTC (Z) give the same answers, whatever the server zone', async () => {
    const [a, b] = await issue(cloud, 'pro', '2026-01-05', 2);
    if (!a || !b) throw new Error('two cards expected');
    await cloud.setClock('2026-04-05T15:59:59Z'); // 2026-04-05 23:59:59 in Shanghai
    const card = cardOf(await tryActivate(cloud, user('r22-z'), a, person()));
    expect(card.activatedAt).toBe('2026-04-05T23:59:59+08:00');
    expect(card.activationDeadline).toBe('2026-04-05T23:59:59+08:00');
    await cloud.setClock('2026-04-05T16:00:00Z'); // 2026-04-06 00:00 in Shanghai, still 04-05 in UTC
    errorOf(await tryActivate(cloud, user('r22-z'), b, person()), 'ACTIVATION_WINDOW_CLOSED');
  });
});

describe('R2.3 real-name activation', () => {
  it('R2.3 a bad ID number, phone or name answers INVALID_ARGUMENT in Chinese and changes nothing', async () => {
    const issued = await issueOne(cloud, 'pro', '2026-03-01');
    await cloud.setClock('2026-03-10T10:00:00+08:00');
    const holder = user('r23-bad');
    const who = person();
    const badCheck = who.idNumber.slice(0, 17) + (who.idNumber.endsWith('0') ? '1' : '0');
    const bad: Record<string, unknown>[] = [
      { idNumber: badCheck },
      { idNumber: who.idNumber.slice(0, 17) },
      { idNumber: `${who.idNumber}1` },
      { idNumber: '' },
      // checksum right, but born 2099-03-07: no real ID number
      { idNumber: idNumberOf('11010120990307001') },
      { phone: '23900001234' },
      { phone: '1390000123' },
      { phone: '139000012345' },
      { phone: '1390000123a' },
      { name: '张' },
      { name: '' },
      { name: '张三3' },
      { name: 12 },
    ];
    for (const patch of bad) {
      const e = await tryActivate(cloud, holder, issued, who, patch);
      const message = errorOf(e, 'INVALID_ARGUMENT');
      // the message names the problem, never echoes what was typed
      for (const v of Object.values(patch)) if (typeof v === 'string' && v.length > 2) expect(message).not.toContain(v);
    }
    expect(await mine(cloud, holder)).toEqual([]);
    // none of the refusals counted against the card or the caller: the right details still work
    const card = cardOf(await tryActivate(cloud, holder, issued, who));
    expect(card).toMatchObject({ cardNo: issued.cardNo, role: 'holder', status: 'waiting' });
    expect(card.members).toEqual([{ memberId: expect.any(String), role: 'holder', name: who.masked, self: true }]);
  });

  it('R2.3 a second activation answers ALREADY_ACTIVATED, by the same and by another WeChat user', async () => {
    const issued = await issueOne(cloud, 'premium', '2026-03-01');
    await cloud.setClock('2026-03-10T10:00:00+08:00');
    const holder = user('r23-first');
    const who = person();
    const first = cardOf(await tryActivate(cloud, holder, issued, who));

    await cloud.setClock('2026-03-11T10:00:00+08:00');
    errorOf(await tryActivate(cloud, holder, issued, who), 'ALREADY_ACTIVATED');
    const intruder = user('r23-second');
    const other = person();
    errorOf(await tryActivate(cloud, intruder, issued, other), 'ALREADY_ACTIVATED');

    // the card is still the first holder's, activated when it was
    expect(await mine(cloud, intruder)).toEqual([]);
    const seen = await viewOf(cloud, holder, first.cardId);
    expect(seen.activatedAt).toBe('2026-03-10T10:00:00+08:00');
    expect(seen.members).toEqual([{ memberId: selfOf(first), role: 'holder', name: who.masked, self: true }]);
    // and the refused person was not bound to it: they may activate a card of their own
    const own = await issueOne(cloud, 'pro', '2026-03-01');
    expect(cardOf(await tryActivate(cloud, intruder, own, other)).role).toBe('holder');
  });

  it('R2.3 5 people activating one card at the same moment: exactly one becomes its holder', async () => {
    const issued = await issueOne(cloud, 'premium', '2026-03-01');
    await cloud.setClock('2026-03-10T10:00:00+08:00');
    const callers = Array.from({ length: 5 }, () => user('r23-race'));
    const people = callers.map(() => person());
    const answers = await Promise.all(callers.map((c, i) => tryActivate(cloud, c, issued, people[i] ?? person())));
    expect(answers.filter((e) => e.ok)).toHaveLength(1);
    for (const e of answers.filter((x) => !x.ok)) errorOf(e, 'ALREADY_ACTIVATED');
    const winner = answers.findIndex((e) => e.ok);
    for (const [i, c] of callers.entries()) {
      const cards = await mine(cloud, c);
      expect(cards.map((x) => [x.cardNo, x.role])).toEqual(i === winner ? [[issued.cardNo, 'holder']] : []);
    }
    // the losers were not bound to the card by their attempt
    const loser = answers.findIndex((e) => !e.ok);
    const own = await issueOne(cloud, 'pro', '2026-03-01');
    expect(cardOf(await tryActivate(cloud, callers[loser] ?? '', own, people[loser] ?? person())).role).toBe('holder');
  });

  it('R2.3 a wrong code and an unknown card number answer the same code and message', async () => {
    const [card, activatedCard] = await issue(cloud, 'pro', '2026-03-01', 2);
    if (!card || !activatedCard) throw new Error('two cards expected');
    await cloud.setClock('2026-03-10T10:00:00+08:00');
    cardOf(await tryActivate(cloud, user('r23-owner'), activatedCard, person()));

    const answers = [
      // the right card, a wrong code
      await tryActivate(cloud, user('r23-guess'), card, person(), { code: wrongCode(card.code) }),
      // a well-formed number that was never issued, with the card's real code
      await tryActivate(cloud, user('r23-guess'), { cardNo: unknownCardNo(), code: card.code }, person()),
      // a number that fails its check digit
      await tryActivate(
        cloud,
        user('r23-guess'),
        { cardNo: `${card.cardNo.slice(0, 15)}${(Number(card.cardNo.slice(15)) + 1) % 10}`, code: card.code },
        person(),
      ),
      // an activated card with a wrong code: not even that it exists or is taken
      await tryActivate(cloud, user('r23-guess'), activatedCard, person(), { code: wrongCode(activatedCard.code) }),
    ];
    const [first, ...rest] = answers;
    if (!first) throw new Error('answers expected');
    errorOf(first, 'NOT_FOUND');
    for (const e of rest) expect(e).toEqual(first);
    // the card itself is untouched by the guesses
    expect(cardOf(await tryActivate(cloud, user('r23-right'), card, person())).cardNo).toBe(card.cardNo);
  });

  it('R2.3 the card number may be typed in groups and the code in lower case', async () => {
    const issued = await issueOne(cloud, 'pro', '2026-03-01');
    await cloud.setClock('2026-03-10T10:00:00+08:00');
    const grouped = issued.cardNo.replace(/(\d{4})(?=\d)/g, '$1 ');
    const card = cardOf(
      await tryActivate(cloud, user('r23-typed'), issued, person(), {
        cardNo: grouped,
        code: issued.code.toLowerCase(),
      }),
    );
    expect(card.cardNo).toBe(issued.cardNo);
  });

  it('R2.3 after 5 wrong codes for one card within an hour even the right code is RATE_LIMITED, until the hour is over', async () => {
    const [four, five] = await issue(cloud, 'pro', '2026-03-01', 2);
    if (!four || !five) throw new Error('two cards expected');
    await cloud.setClock('2026-03-10T10:00:00+08:00');
    // five different guessers, one try each: the limit is the card's, not the caller's
    for (let i = 0; i < 4; i++) {
      errorOf(await tryActivate(cloud, user('r23-g4'), four, person(), { code: wrongCode(four.code) }), 'NOT_FOUND');
    }
    for (let i = 0; i < 5; i++) {
      errorOf(await tryActivate(cloud, user('r23-g5'), five, person(), { code: wrongCode(five.code) }), 'NOT_FOUND');
    }
    await cloud.setClock('2026-03-10T10:30:00+08:00');
    // four wrong tries leave the card usable
    expect(cardOf(await tryActivate(cloud, user('r23-h4'), four, person())).cardNo).toBe(four.cardNo);
    // five lock it, even for its owner with the right code
    const owner = user('r23-h5');
    const who = person();
    errorOf(await tryActivate(cloud, owner, five, who), 'RATE_LIMITED');
    await cloud.setClock('2026-03-10T10:59:59+08:00');
    errorOf(await tryActivate(cloud, owner, five, who), 'RATE_LIMITED');
    expect(await mine(cloud, owner)).toEqual([]);
    await cloud.setClock('2026-03-10T11:00:01+08:00');
    expect(cardOf(await tryActivate(cloud, owner, five, who))).toMatchObject({ cardNo: five.cardNo, role: 'holder' });
  });

  it('R2.3 one caller guessing across many cards is limited after 10 wrong tries an hour', async () => {
    const cards = await issue(cloud, 'pro', '2026-03-01', 7);
    const [target, ...others] = cards;
    if (!target) throw new Error('cards expected');
    await cloud.setClock('2026-03-10T12:00:00+08:00');
    const guesser = user('r23-many');
    const who = person();
    // 10 wrong tries, at most one per card: wrong codes for 6 real cards, 4 unknown numbers
    const tries: Issued[] = [
      ...others.map((c) => ({ cardNo: c.cardNo, code: wrongCode(c.code) })),
      ...Array.from({ length: 4 }, () => ({ cardNo: unknownCardNo(), code: target.code })),
    ];
    expect(tries).toHaveLength(10);
    for (const t of tries) errorOf(await tryActivate(cloud, guesser, t, who), 'NOT_FOUND');
    // the 11th, even right, is refused; another caller is not affected
    errorOf(await tryActivate(cloud, guesser, target, who), 'RATE_LIMITED');
    const bystander = await issueOne(cloud, 'pro', '2026-03-01');
    expect(cardOf(await tryActivate(cloud, user('r23-other'), bystander, person())).role).toBe('holder');
    // the cards guessed at were not locked by one try each
    const [someCard] = others;
    if (!someCard) throw new Error('cards expected');
    expect(cardOf(await tryActivate(cloud, user('r23-owner2'), someCard, person())).cardNo).toBe(someCard.cardNo);

    await cloud.setClock('2026-03-10T12:59:00+08:00');
    errorOf(await tryActivate(cloud, guesser, target, who), 'RATE_LIMITED');
    await cloud.setClock('2026-03-10T13:00:01+08:00');
    expect(cardOf(await tryActivate(cloud, guesser, target, who)).cardNo).toBe(target.cardNo);
  });
});

describe('R2.4 waiting period', () => {
  const WAITING_FLAGS = {
    butler: true,
    healthRecord: true,
    assessment: false,
    checkupPlan: false,
    reportReading: false,
    knowledge: true,
    familyDoctor: false,
    quickConsult: false,
    expertConsult: false,
    outpatientGreen: false,
    inpatientGreen: false,
    escort: false,
  };

  it('R2.4 activated 2026-03-10 01:00+08:00 (2026-03-09T17:00Z): waiting until 2026-03-20 00:00+08:00', async () => {
    const issued = await issueOne(cloud, 'premium', '2026-03-01');
    await cloud.setClock('2026-03-09T17:00:00Z');
    const holder = user('r24');
    const card = cardOf(await tryActivate(cloud, holder, issued, person()));
    expect(card).toMatchObject({
      status: 'waiting',
      activatedAt: '2026-03-10T01:00:00+08:00',
      waitingUntil: '2026-03-20T00:00:00+08:00',
    });
    // services that create orders wait; the butler, the health record and knowledge do not
    expect(openFlags(card)).toEqual(WAITING_FLAGS);

    await cloud.setClock('2026-03-19T23:59:59+08:00');
    const lastWaiting = await viewOf(cloud, holder, card.cardId);
    expect(lastWaiting.status).toBe('waiting');
    expect(openFlags(lastWaiting)).toEqual(WAITING_FLAGS);

    await cloud.setClock('2026-03-19T16:00:00Z'); // 2026-03-20 00:00 in Shanghai
    const open = await viewOf(cloud, holder, card.cardId);
    expect(open.status).toBe('active');
    expect(open.benefits.every((b) => b.open)).toBe(true);
  });

  it('R2.4 an activation late on 2026-03-10 (23:59:59+08:00) waits until the same midnight', async () => {
    const issued = await issueOne(cloud, 'pro', '2026-03-01');
    await cloud.setClock('2026-03-10T15:59:59Z');
    const holder = user('r24-late');
    const card = cardOf(await tryActivate(cloud, holder, issued, person()));
    expect(card).toMatchObject({ activatedAt: '2026-03-10T23:59:59+08:00', waitingUntil: '2026-03-20T00:00:00+08:00' });
    await cloud.setClock('2026-03-20T00:00:00+08:00');
    expect((await viewOf(cloud, holder, card.cardId)).status).toBe('active');
  });
});

describe('R2.5 validity', () => {
  it('R2.5 activated 2026-03-10: usable through 2027-03-09 23:59:59, expired from 2027-03-10 00:00+08:00 with every benefit closed', async () => {
    const holder = user('r25');
    const card = await activated(cloud, holder, 'premium', person(), '2026-03-10T10:00:00+08:00');
    expect(card.expiresAt).toBe('2027-03-10T00:00:00+08:00');

    await cloud.setClock('2027-03-09T23:59:59+08:00');
    const last = await viewOf(cloud, holder, card.cardId);
    expect(last.status).toBe('active');
    expect(last.benefits.every((b) => b.open)).toBe(true);

    await cloud.setClock('2027-03-09T16:00:00Z'); // 2027-03-10 00:00 in Shanghai
    const expired = await viewOf(cloud, holder, card.cardId);
    expect(expired.status).toBe('expired');
    expect(expired.expiresAt).toBe('2027-03-10T00:00:00+08:00');
    expect(expired.benefits.filter((b) => b.open)).toEqual([]);
    // R2.5 everything answers CARD_EXPIRED, the family too
    errorOf(await cloud.call('card', holder, { action: 'createInvite', cardId: card.cardId }), 'CARD_EXPIRED');
  });

  it('R2.5 an invite still within its 72 hours no longer lets anyone join once the card has expired', async () => {
    const holder = user('r25-inv');
    const card = await activated(cloud, holder, 'premium', person(), '2026-03-10T10:00:00+08:00');
    await cloud.setClock('2027-03-09T12:00:00+08:00');
    const { token, expiresAt } = await createInvite(cloud, holder, card.cardId);
    expect(expiresAt).toBe('2027-03-12T12:00:00+08:00');
    await cloud.setClock('2027-03-10T00:00:00+08:00');
    const late = user('r25-inv-m');
    errorOf(await acceptInvite(cloud, late, token, person()), 'INVITE_INVALID');
    expect(await mine(cloud, late)).toEqual([]);
    expect((await viewOf(cloud, holder, card.cardId)).members).toHaveLength(1);
  });
});

describe('card answer shape (R1 table)', () => {
  it('R1 a pro card: its number, edition, the holder masked, and the pro column of the table (no 三甲名医在线)', async () => {
    const holder = user('shape-pro');
    const who = person('张三丰');
    const card = await activated(cloud, holder, 'pro', who, '2026-03-10T10:00:00+08:00');
    expect(card).toEqual({
      cardId: expect.any(String),
      cardNo: expect.stringMatching(/^\d{16}$/),
      edition: 'pro',
      role: 'holder',
      status: 'waiting',
      activationDeadline: '2026-06-08T23:59:59+08:00',
      activatedAt: '2026-03-10T10:00:00+08:00',
      waitingUntil: '2026-03-20T00:00:00+08:00',
      expiresAt: '2027-03-10T00:00:00+08:00',
      members: [{ memberId: expect.any(String), role: 'holder', name: '张*丰', self: true }],
      familySlots: 0,
      benefits: freshBenefits('pro', (key) => NO_WAITING.includes(key)),
    });
    expect(card.benefits.map((b) => b.key)).not.toContain('expertConsult');
    await cloud.setClock('2026-03-20T00:00:00+08:00');
    expect((await viewOf(cloud, holder, card.cardId)).benefits).toEqual(freshBenefits('pro', () => true));
  });

  it('R1 a premium card: shared pools of the premium column, escort for the holder alone, unlimited as null', async () => {
    const holder = user('shape-premium');
    const card = await activated(cloud, holder, 'premium', person('欧阳娜娜'), '2026-03-10T10:00:00+08:00');
    expect(card.edition).toBe('premium');
    expect(card.members).toEqual([{ memberId: expect.any(String), role: 'holder', name: '欧**娜', self: true }]);
    // R2.6 a premium family has room for 3 more
    expect(card.familySlots).toBe(3);
    expect(card.benefits).toEqual(freshBenefits('premium', (key) => NO_WAITING.includes(key)));
    expect(benefitOf(card, 'escort')).toMatchObject({ total: 1, remaining: 1, shared: false, holderOnly: true });
    expect(benefitOf(card, 'familyDoctor')).toMatchObject({ total: null, remaining: null });
    expect(benefitOf(card, 'quickConsult')).toMatchObject({ total: 48, remaining: 48, shared: true });
  });
});

describe('card.mine', () => {
  it("lists only the caller's cards, as holder or member; a stranger gets { cards: [] }", async () => {
    const holderA = user('mine-a');
    const holderC = user('mine-c');
    const memberB = user('mine-b');
    const cardA = await activated(cloud, holderA, 'premium', person(), '2026-03-10T10:00:00+08:00');
    const cardC = await activated(cloud, holderC, 'pro', person(), '2026-03-10T11:00:00+08:00');
    await addMember(cloud, holderA, cardA.cardId, memberB, person());

    const ofA = await mine(cloud, holderA);
    expect(ofA.map((c) => [c.cardId, c.role])).toEqual([[cardA.cardId, 'holder']]);
    const ofB = await mine(cloud, memberB);
    expect(ofB.map((c) => [c.cardId, c.role])).toEqual([[cardA.cardId, 'member']]);
    const ofC = await mine(cloud, holderC);
    expect(ofC.map((c) => [c.cardId, c.role])).toEqual([[cardC.cardId, 'holder']]);
    // and the caller's own upload folder (issue 10: file-ownership.test.ts)
    expect(await cloud.ok('card', user('mine-stranger'), { action: 'mine' })).toEqual({
      cards: [],
      uploadDir: expect.stringMatching(/^u\/[A-Za-z0-9_-]{43}$/),
    });
  });

  it('refuses an openid sent inside data (INVALID_ARGUMENT) and never acts for it', async () => {
    const holder = user('mine-victim');
    const card = await activated(cloud, holder, 'premium', person(), '2026-03-10T10:00:00+08:00');
    const stranger = user('mine-spoof');

    errorOf(await cloud.call('card', stranger, { action: 'mine', openid: holder }), 'INVALID_ARGUMENT');
    errorOf(
      await cloud.call('card', stranger, { action: 'createInvite', cardId: card.cardId, openid: holder }),
      'INVALID_ARGUMENT',
    );
    errorOf(
      await cloud.call('card', stranger, { action: 'ledger', cardId: card.cardId, openid: holder }),
      'INVALID_ARGUMENT',
    );

    // an activation "for" someone else is refused and leaves the card for its real activator
    const issued = await issueOne(cloud, 'pro', '2026-03-10');
    const who = person();
    errorOf(await tryActivate(cloud, stranger, issued, who, { openid: holder }), 'INVALID_ARGUMENT');
    expect((await mine(cloud, holder)).map((c) => c.cardId)).toEqual([card.cardId]);
    const own = cardOf(await tryActivate(cloud, stranger, issued, who));
    expect(own.role).toBe('holder');
    expect((await mine(cloud, holder)).map((c) => c.cardId)).toEqual([card.cardId]);
  });

  it('refuses a call without a WeChat identity', async () => {
    errorOf(await cloud.call('card', null, { action: 'mine' }), 'PERMISSION_DENIED');
  });
});

describe('R2.6 family', () => {
  it('R2.6 the holder of a premium card creates an invite valid 72 hours', async () => {
    const holder = user('fam-inv');
    const card = await activated(cloud, holder, 'premium', person(), '2026-03-10T10:00:00+08:00');
    await cloud.setClock('2026-03-12T09:30:00+08:00');
    const invite = await createInvite(cloud, holder, card.cardId);
    expect(invite.token).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(invite.expiresAt).toBe('2026-03-15T09:30:00+08:00');
    const again = await createInvite(cloud, holder, card.cardId);
    expect(again.token).not.toBe(invite.token);
  });

  it('R2.6 a pro card has no family: createInvite answers BENEFIT_NOT_INCLUDED', async () => {
    const holder = user('fam-pro');
    const card = await activated(cloud, holder, 'pro', person(), '2026-03-10T10:00:00+08:00');
    errorOf(await cloud.call('card', holder, { action: 'createInvite', cardId: card.cardId }), 'BENEFIT_NOT_INCLUDED');
  });

  it('R2.6 a member cannot invite (HOLDER_ONLY); a stranger or the holder of another card gets NOT_FOUND', async () => {
    const holder = user('fam-h');
    const member = user('fam-m');
    const card = await activated(cloud, holder, 'premium', person(), '2026-03-10T10:00:00+08:00');
    await addMember(cloud, holder, card.cardId, member, person());
    errorOf(await cloud.call('card', member, { action: 'createInvite', cardId: card.cardId }), 'HOLDER_ONLY');

    const otherHolder = user('fam-oh');
    await activated(cloud, otherHolder, 'premium', person(), '2026-03-10T11:00:00+08:00');
    errorOf(await cloud.call('card', otherHolder, { action: 'createInvite', cardId: card.cardId }), 'NOT_FOUND');
    errorOf(await cloud.call('card', user('fam-s'), { action: 'createInvite', cardId: card.cardId }), 'NOT_FOUND');
  });

  it('R2.6 accepting with real name: the member sees the card as member, with the shared pools', async () => {
    const holder = user('fam-acc-h');
    const member = user('fam-acc-m');
    const holderPerson = person();
    const memberPerson = person();
    const card = await activated(cloud, holder, 'premium', holderPerson, '2026-03-10T10:00:00+08:00');
    await cloud.setClock('2026-03-11T08:00:00+08:00');
    const { token } = await createInvite(cloud, holder, card.cardId);
    const joined = cardOf(await acceptInvite(cloud, member, token, memberPerson));

    expect(joined).toMatchObject({
      cardId: card.cardId,
      cardNo: card.cardNo,
      edition: 'premium',
      role: 'member',
      status: 'waiting',
    });
    expect(joined.members).toEqual([
      { memberId: selfOf(card), role: 'holder', name: holderPerson.masked, self: false },
      { memberId: expect.any(String), role: 'member', name: memberPerson.masked, self: true },
    ]);
    // the same pools the holder sees, shared
    const strip = (b: CardBenefit) => ({
      key: b.key,
      total: b.total,
      used: b.used,
      held: b.held,
      remaining: b.remaining,
      shared: b.shared,
    });
    expect(joined.benefits.map(strip)).toEqual(card.benefits.map(strip));
    expect((await mine(cloud, member)).map((c) => [c.cardId, c.role])).toEqual([[card.cardId, 'member']]);
    // and the holder sees the new member
    const holderView = await viewOf(cloud, holder, card.cardId);
    expect(holderView.members.map((m) => [m.role, m.name, m.self])).toEqual([
      ['holder', holderPerson.masked, true],
      ['member', memberPerson.masked, false],
    ]);
  });

  it('R2.6 escort is for the holder alone: open for the holder, closed for a member; shared benefits open for both', async () => {
    const holder = user('fam-esc-h');
    const member = user('fam-esc-m');
    const card = await activated(cloud, holder, 'premium', person(), '2026-03-10T10:00:00+08:00');
    await addMember(cloud, holder, card.cardId, member, person());
    await cloud.setClock('2026-03-20T00:00:00+08:00');
    const holderView = await viewOf(cloud, holder, card.cardId);
    const memberView = await viewOf(cloud, member, card.cardId);
    expect(benefitOf(holderView, 'escort')).toMatchObject({ holderOnly: true, open: true });
    expect(benefitOf(memberView, 'escort')).toMatchObject({ holderOnly: true, open: false });
    for (const key of ['quickConsult', 'expertConsult', 'outpatientGreen', 'assessment', 'familyDoctor'] as const) {
      expect(benefitOf(memberView, key).open).toBe(true);
    }
  });

  it('R2.6 an invite is single use: a second accept answers INVITE_INVALID', async () => {
    const holder = user('fam-once-h');
    const card = await activated(cloud, holder, 'premium', person(), '2026-03-10T10:00:00+08:00');
    const { token } = await createInvite(cloud, holder, card.cardId);
    cardOf(await acceptInvite(cloud, user('fam-once-1'), token, person()));
    const second = user('fam-once-2');
    const secondPerson = person();
    errorOf(await acceptInvite(cloud, second, token, secondPerson), 'INVITE_INVALID');
    expect(await mine(cloud, second)).toEqual([]);
    expect((await viewOf(cloud, holder, card.cardId)).members).toHaveLength(2);
    // the refused person was not bound: a fresh invite lets them in
    expect(cardOf(await addMemberResult(holder, card.cardId, second, secondPerson)).role).toBe('member');
  });

  it('R2.6 the invitee gives a real name like the holder: bad ID number, phone or name is INVALID_ARGUMENT and the invite stays usable', async () => {
    const holder = user('fam-rn-h');
    const card = await activated(cloud, holder, 'premium', person(), '2026-03-10T10:00:00+08:00');
    const { token } = await createInvite(cloud, holder, card.cardId);
    const invitee = user('fam-rn-m');
    const who = person();
    const bad: Record<string, unknown>[] = [
      { idNumber: who.idNumber.slice(0, 17) + (who.idNumber.endsWith('0') ? '1' : '0') },
      { idNumber: idNumberOf('11010120990307001') },
      { phone: '23900001234' },
      { name: '张' },
    ];
    for (const patch of bad) errorOf(await acceptInvite(cloud, invitee, token, who, patch), 'INVALID_ARGUMENT');
    expect(await mine(cloud, invitee)).toEqual([]);
    expect(cardOf(await acceptInvite(cloud, invitee, token, who)).role).toBe('member');
  });

  it('R2.6 an invite expires 72 hours after it was created; an unknown token is INVITE_INVALID', async () => {
    const holder = user('fam-exp-h');
    const card = await activated(cloud, holder, 'premium', person(), '2026-03-10T10:00:00+08:00');
    await cloud.setClock('2026-03-11T10:00:00+08:00');
    const early = await createInvite(cloud, holder, card.cardId);
    const late = await createInvite(cloud, holder, card.cardId);
    expect(late.expiresAt).toBe('2026-03-14T10:00:00+08:00');

    await cloud.setClock('2026-03-14T09:59:59+08:00');
    expect(cardOf(await acceptInvite(cloud, user('fam-exp-1'), early.token, person())).role).toBe('member');
    await cloud.setClock('2026-03-14T10:00:00+08:00');
    const tooLate = user('fam-exp-2');
    errorOf(await acceptInvite(cloud, tooLate, late.token, person()), 'INVITE_INVALID');
    expect(await mine(cloud, tooLate)).toEqual([]);

    errorOf(await acceptInvite(cloud, user('fam-exp-3'), 'no-such-token-0123456789abcdef', person()), 'INVITE_INVALID');
    expect((await viewOf(cloud, holder, card.cardId)).members).toHaveLength(2);
  });

  it('R2.6 at most 3 members: the 4th answers FAMILY_FULL; removing one frees the slot for a new member', async () => {
    const holder = user('fam-full-h');
    const card = await activated(cloud, holder, 'premium', person(), '2026-03-10T10:00:00+08:00');
    const invites: Res<'card', 'createInvite'>[] = [];
    for (let i = 0; i < 4; i++) invites.push(await createInvite(cloud, holder, card.cardId));
    const [i1, i2, i3, i4] = invites;
    if (!i1 || !i2 || !i3 || !i4) throw new Error('four invites expected');
    const members = [user('fam-full-1'), user('fam-full-2'), user('fam-full-3')] as const;
    const joined: Card[] = [];
    for (const [k, inv] of [i1, i2, i3].entries()) {
      joined.push(cardOf(await acceptInvite(cloud, members[k] ?? '', inv.token, person())));
    }
    const fourth = user('fam-full-4');
    const fourthPerson = person();
    errorOf(await acceptInvite(cloud, fourth, i4.token, fourthPerson), 'FAMILY_FULL');
    errorOf(await cloud.call('card', holder, { action: 'createInvite', cardId: card.cardId }), 'FAMILY_FULL');
    expect(await mine(cloud, fourth)).toEqual([]);
    expect((await viewOf(cloud, holder, card.cardId)).members).toHaveLength(4);

    // the holder removes the second member
    const leaving = joined[1];
    if (!leaving) throw new Error('member expected');
    const leavingId = selfOf(leaving);
    const after = cardOf(await removeMember(cloud, holder, card.cardId, leavingId));
    expect(after.role).toBe('holder');
    expect(after.members.map((m) => m.memberId)).not.toContain(leavingId);
    expect(after.members).toHaveLength(3);
    expect(await mine(cloud, members[1])).toEqual([]);
    errorOf(await ledger(cloud, members[1], card.cardId), 'NOT_FOUND');
    // the one who was turned away can now join with the same invite
    const fourthView = cardOf(await acceptInvite(cloud, fourth, i4.token, fourthPerson));
    expect(fourthView.role).toBe('member');
    expect(fourthView.members).toHaveLength(4);
    // removing the same member twice finds no one
    errorOf(await removeMember(cloud, holder, card.cardId, leavingId), 'NOT_FOUND');
  });

  it('R2.6 a member cannot remove anyone (HOLDER_ONLY) and the holder cannot be removed (INVALID_STATE)', async () => {
    const holder = user('fam-rm-h');
    const m1 = user('fam-rm-1');
    const m2 = user('fam-rm-2');
    const card = await activated(cloud, holder, 'premium', person(), '2026-03-10T10:00:00+08:00');
    const v1 = await addMember(cloud, holder, card.cardId, m1, person());
    const v2 = await addMember(cloud, holder, card.cardId, m2, person());
    const holderId = selfOf(card);

    errorOf(await removeMember(cloud, m1, card.cardId, selfOf(v2)), 'HOLDER_ONLY');
    errorOf(await removeMember(cloud, m1, card.cardId, holderId), 'HOLDER_ONLY');
    errorOf(await removeMember(cloud, holder, card.cardId, holderId), 'INVALID_STATE');
    // a member id of another card is not this card's
    const other = user('fam-rm-oh');
    const otherCard = await activated(cloud, other, 'premium', person(), '2026-03-10T11:00:00+08:00');
    errorOf(await removeMember(cloud, holder, card.cardId, selfOf(otherCard)), 'NOT_FOUND');
    errorOf(await removeMember(cloud, other, card.cardId, selfOf(v1)), 'NOT_FOUND');

    // nobody was removed
    const members = (await viewOf(cloud, holder, card.cardId)).members;
    expect(members.map((m) => m.memberId).sort()).toEqual([holderId, selfOf(v1), selfOf(v2)].sort());
    expect((await mine(cloud, other)).map((c) => c.cardId)).toEqual([otherCard.cardId]);
  });

  it('R2.6 one person (ID number) on one active card: a second activation or an invite elsewhere is NOT_ELIGIBLE', async () => {
    const holder = user('one-h');
    const holderPerson = person();
    const member = user('one-m');
    const memberPerson = person();
    const card = await activated(cloud, holder, 'premium', holderPerson, '2026-03-10T10:00:00+08:00');
    await addMember(cloud, holder, card.cardId, member, memberPerson);

    // the holder's ID number, on another card, from the same and from another WeChat user
    const second = await issueOne(cloud, 'pro', '2026-03-10');
    errorOf(await tryActivate(cloud, holder, second, holderPerson), 'NOT_ELIGIBLE');
    errorOf(
      await tryActivate(cloud, user('one-x'), second, { ...holderPerson, name: '李四', phone: '13700000000' }),
      'NOT_ELIGIBLE',
    );
    // ... typed with a lower-case x or spaces makes no difference
    const xPerson = personWithX();
    const xCard = await activated(cloud, user('one-xh'), 'pro', xPerson, '2026-03-10T12:00:00+08:00');
    expect(xCard.role).toBe('holder');
    errorOf(
      await tryActivate(cloud, user('one-xl'), second, { ...xPerson, idNumber: xPerson.idNumber.toLowerCase() }),
      'NOT_ELIGIBLE',
    );
    errorOf(
      await tryActivate(cloud, user('one-xs'), second, {
        ...xPerson,
        idNumber: xPerson.idNumber.replace(/^(\d{6})(\d{8})/, '$1 $2 '),
      }),
      'NOT_ELIGIBLE',
    );
    // a member's ID number cannot activate a card of its own
    errorOf(await tryActivate(cloud, member, second, memberPerson), 'NOT_ELIGIBLE');

    // nor join another family
    const otherHolder = user('one-oh');
    const other = await activated(cloud, otherHolder, 'premium', person(), '2026-03-10T12:30:00+08:00');
    const { token } = await createInvite(cloud, otherHolder, other.cardId);
    errorOf(await acceptInvite(cloud, user('one-hj'), token, holderPerson), 'NOT_ELIGIBLE');
    errorOf(await acceptInvite(cloud, user('one-mj'), token, memberPerson), 'NOT_ELIGIBLE');

    // the refusals took nothing: the invite and the card still work for someone else
    expect(cardOf(await acceptInvite(cloud, user('one-ok'), token, person())).role).toBe('member');
    expect((await viewOf(cloud, otherHolder, other.cardId)).members).toHaveLength(2);
    expect(cardOf(await tryActivate(cloud, user('one-ok2'), second, person())).role).toBe('holder');
    expect((await mine(cloud, holder)).map((c) => c.cardId)).toEqual([card.cardId]);
  });

  it('R2.6 one ID number activating two cards at the same moment gets exactly one', async () => {
    const cards = await issue(cloud, 'pro', '2026-03-01', 4);
    await cloud.setClock('2026-03-10T10:00:00+08:00');
    const who = person();
    const answers = await Promise.all(cards.map((c) => tryActivate(cloud, user('one-race'), c, who)));
    expect(answers.filter((e) => e.ok)).toHaveLength(1);
    for (const e of answers.filter((x) => !x.ok)) errorOf(e, 'NOT_ELIGIBLE');
    // the cards that refused are still free for someone else
    const refused = cards.filter((_, i) => !answers[i]?.ok);
    for (const c of refused)
      expect(cardOf(await tryActivate(cloud, user('one-race-ok'), c, person())).role).toBe('holder');
  });

  it('R2.6 after their card expires, the holder and a member may activate or join another card', async () => {
    const holder = user('exp-h');
    const holderPerson = person();
    const member = user('exp-m');
    const memberPerson = person();
    const card = await activated(cloud, holder, 'premium', holderPerson, '2026-03-10T10:00:00+08:00');
    await addMember(cloud, holder, card.cardId, member, memberPerson);

    const next = await issueOne(cloud, 'premium', '2027-03-01');
    await cloud.setClock('2027-03-09T23:59:59+08:00');
    errorOf(await tryActivate(cloud, holder, next, holderPerson), 'NOT_ELIGIBLE');

    await cloud.setClock('2027-03-10T00:00:00+08:00');
    const renewed = cardOf(await tryActivate(cloud, holder, next, holderPerson));
    expect(renewed).toMatchObject({ role: 'holder', status: 'waiting' });
    const { token } = await createInvite(cloud, holder, renewed.cardId);
    expect(cardOf(await acceptInvite(cloud, member, token, memberPerson)).role).toBe('member');
    // the live card first, the expired one still shown
    expect((await mine(cloud, holder)).map((c) => [c.cardId, c.status])).toEqual([
      [renewed.cardId, 'waiting'],
      [card.cardId, 'expired'],
    ]);
  });

  it('R2.6 a removed member may join another card, and not before', async () => {
    const holderA = user('rm-join-a');
    const holderB = user('rm-join-b');
    const member = user('rm-join-m');
    const memberPerson = person();
    const cardA = await activated(cloud, holderA, 'premium', person(), '2026-03-10T10:00:00+08:00');
    const cardB = await activated(cloud, holderB, 'premium', person(), '2026-03-10T10:30:00+08:00');
    const joinedA = await addMember(cloud, holderA, cardA.cardId, member, memberPerson);

    const { token } = await createInvite(cloud, holderB, cardB.cardId);
    errorOf(await acceptInvite(cloud, member, token, memberPerson), 'NOT_ELIGIBLE');
    cardOf(await removeMember(cloud, holderA, cardA.cardId, selfOf(joinedA)));
    const joinedB = cardOf(await acceptInvite(cloud, member, token, memberPerson));
    expect(joinedB).toMatchObject({ cardId: cardB.cardId, role: 'member' });
    expect((await mine(cloud, member)).map((c) => c.cardId)).toEqual([cardB.cardId]);
  });

  it('R2.6 6 people accepting 6 invites of one card at once: exactly 3 join, the rest FAMILY_FULL', async () => {
    const holder = user('race-h');
    const card = await activated(cloud, holder, 'premium', person(), '2026-03-10T10:00:00+08:00');
    const invites: Res<'card', 'createInvite'>[] = [];
    for (let i = 0; i < 6; i++) invites.push(await createInvite(cloud, holder, card.cardId));
    const callers = invites.map(() => user('race-m'));
    const answers = await Promise.all(
      invites.map((inv, i) => acceptInvite(cloud, callers[i] ?? '', inv.token, person())),
    );

    expect(answers.filter((e) => e.ok)).toHaveLength(3);
    for (const e of answers.filter((x) => !x.ok)) errorOf(e, 'FAMILY_FULL');
    const view = await viewOf(cloud, holder, card.cardId);
    expect(view.members).toHaveLength(4);
    expect(view.members.filter((m) => m.role === 'member')).toHaveLength(3);
    // exactly those who were told they joined see the card
    for (const [i, e] of answers.entries()) {
      expect((await mine(cloud, callers[i] ?? '')).length).toBe(e.ok ? 1 : 0);
    }
  });

  it('R2.6 5 people accepting ONE invite at once: exactly one joins', async () => {
    const holder = user('race1-h');
    const card = await activated(cloud, holder, 'premium', person(), '2026-03-10T10:00:00+08:00');
    const { token } = await createInvite(cloud, holder, card.cardId);
    const callers = Array.from({ length: 5 }, () => user('race1-m'));
    const people = callers.map(() => person());
    const answers = await Promise.all(callers.map((c, i) => acceptInvite(cloud, c, token, people[i] ?? person())));

    expect(answers.filter((e) => e.ok)).toHaveLength(1);
    for (const e of answers.filter((x) => !x.ok)) errorOf(e, 'INVITE_INVALID');
    expect((await viewOf(cloud, holder, card.cardId)).members).toHaveLength(2);
    // the ones turned away were not bound to the card: another invite lets one of them in
    const loser = answers.findIndex((e) => !e.ok);
    const loserCaller = callers[loser];
    const loserPerson = people[loser];
    if (loserCaller === undefined || loserPerson === undefined) throw new Error('a refused caller expected');
    expect(cardOf(await addMemberResult(holder, card.cardId, loserCaller, loserPerson)).role).toBe('member');
  });
});

describe('card.ledger', () => {
  it('the holder and members read it (empty for a fresh card); a stranger or another holder gets NOT_FOUND', async () => {
    const holder = user('led-h');
    const member = user('led-m');
    const card = await activated(cloud, holder, 'premium', person(), '2026-03-10T10:00:00+08:00');
    await addMember(cloud, holder, card.cardId, member, person());
    expect(await cloud.ok('card', holder, { action: 'ledger', cardId: card.cardId })).toEqual({
      rows: [],
      nextCursor: null,
    });
    expect(await cloud.ok('card', member, { action: 'ledger', cardId: card.cardId })).toEqual({
      rows: [],
      nextCursor: null,
    });

    const otherHolder = user('led-oh');
    const other = await activated(cloud, otherHolder, 'pro', person(), '2026-03-10T11:00:00+08:00');
    expect(await cloud.ok('card', otherHolder, { action: 'ledger', cardId: other.cardId })).toEqual({
      rows: [],
      nextCursor: null,
    });
    const strangerAnswer = await ledger(cloud, user('led-s'), card.cardId);
    errorOf(strangerAnswer, 'NOT_FOUND');
    // the holder of another card learns exactly what a stranger learns
    expect(await ledger(cloud, otherHolder, card.cardId)).toEqual(strangerAnswer);
    // a card id that does not exist answers the same
    expect(await ledger(cloud, user('led-s'), 'card_nosuch')).toEqual(strangerAnswer);
  });
});

describe('privacy of real-name data', () => {
  it('neither the database files nor the server output hold an ID number, phone or name in the clear', async () => {
    const holder = user('priv-h');
    const holderPerson = person('司马相如');
    const memberPerson = person('诸葛亮');
    const card = await activated(cloud, holder, 'premium', holderPerson, '2026-03-10T10:00:00+08:00');
    const memberView = await addMember(cloud, holder, card.cardId, user('priv-m'), memberPerson);
    // the card answers carry masked names only
    for (const view of [card, memberView, await viewOf(cloud, holder, card.cardId)]) {
      const json = JSON.stringify(view);
      for (const p of [holderPerson, memberPerson]) {
        for (const secret of [p.name, p.idNumber, p.phone]) expect(json).not.toContain(secret);
      }
    }

    const people = [...sentToServer];
    expect(people).toEqual(expect.arrayContaining([holderPerson, memberPerson]));
    const files = readdirSync(cloud.dataDir).filter((f) => f.startsWith('bluecard.db'));
    expect(files).toContain('bluecard.db');
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(cloud.dataDir, f))));
    const output = cloud.output();
    // the checks can see what they look for: card numbers are stored in the clear, and calls are logged
    expect(bytes.includes(Buffer.from(card.cardNo))).toBe(true);
    expect(output).toMatch(/^card\.activate OK /m);
    const leaks: string[] = [];
    for (const p of people) {
      for (const secret of [p.name, p.idNumber, p.phone]) {
        if (bytes.includes(Buffer.from(secret, 'utf8'))) leaks.push(`database: ${secret}`);
        if (output.includes(secret)) leaks.push(`output: ${secret}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});

describe('admin.reconcile (R3.5)', () => {
  it('after activations and family changes reports every pool and no mismatch', async () => {
    const holder = user('rec-h');
    const card = await activated(cloud, holder, 'premium', person(), '2026-03-10T10:00:00+08:00');
    const m1 = await addMember(cloud, holder, card.cardId, user('rec-m1'), person());
    await addMember(cloud, holder, card.cardId, user('rec-m2'), person());
    cardOf(await removeMember(cloud, holder, card.cardId, selfOf(m1)));

    expect(await cloud.ok('admin', ADMIN, { action: 'reconcile', cardId: card.cardId })).toEqual({
      pools: countedBenefits('premium'),
      mismatches: [],
    });
    const proCard = activatedOnMain.find((c) => c.edition === 'pro');
    if (!proCard) throw new Error('a pro card expected');
    expect(await cloud.ok('admin', ADMIN, { action: 'reconcile', cardId: proCard.cardId })).toEqual({
      pools: countedBenefits('pro'),
      mismatches: [],
    });
    // every card activated in this file, all at once
    const expectedPools = activatedOnMain.reduce((n, c) => n + countedBenefits(c.edition), 0);
    expect(countedBenefits('pro')).toBe(7);
    expect(countedBenefits('premium')).toBe(8);
    expect(await cloud.ok('admin', ADMIN, { action: 'reconcile' })).toEqual({ pools: expectedPools, mismatches: [] });
    errorOf(await cloud.call('admin', holder, { action: 'reconcile' }), 'PERMISSION_DENIED');
  });
});

describe('day boundaries on a server whose own time zone is America/Los_Angeles', () => {
  let la: LocalCloudProcess;
  beforeAll(async () => {
    la = await startLocalCloud({ seed: 'none', admins: [ADMIN], env: { TZ: 'America/Los_Angeles' } });
  });
  afterAll(async () => {
    await la.stop();
  });

  it('R2.2 order 2026-01-05: the last second is 2026-04-05 23:59:59+08:00 (08:59:59-07:00), then closed', async () => {
    const [a, b] = await issue(la, 'pro', '2026-01-05', 2);
    if (!a || !b) throw new Error('two cards expected');
    await la.setClock('2026-04-05T08:59:59-07:00');
    expect(cardOf(await tryActivate(la, user('la-22'), a, person())).activatedAt).toBe('2026-04-05T23:59:59+08:00');
    await la.setClock('2026-04-05T09:00:00-07:00');
    errorOf(await tryActivate(la, user('la-22'), b, person()), 'ACTIVATION_WINDOW_CLOSED');
  });

  it('R2.4 / R2.5 activated 2026-03-10 01:00+08:00 (03-09 10:00 in Los Angeles): waiting until 03-20, expired from 2027-03-10', async () => {
    const issued = await issueOne(la, 'premium', '2026-03-01');
    await la.setClock('2026-03-09T10:00:00-07:00');
    const holder = user('la-24');
    const card = cardOf(await tryActivate(la, holder, issued, person()));
    expect(card).toMatchObject({
      activatedAt: '2026-03-10T01:00:00+08:00',
      waitingUntil: '2026-03-20T00:00:00+08:00',
      expiresAt: '2027-03-10T00:00:00+08:00',
    });
    await la.setClock('2026-03-19T08:59:59-07:00');
    expect((await viewOf(la, holder, card.cardId)).status).toBe('waiting');
    await la.setClock('2026-03-19T09:00:00-07:00');
    expect((await viewOf(la, holder, card.cardId)).status).toBe('active');
    await la.setClock('2027-03-09T07:59:59-08:00');
    expect((await viewOf(la, holder, card.cardId)).status).toBe('active');
    await la.setClock('2027-03-09T08:00:00-08:00');
    expect((await viewOf(la, holder, card.cardId)).status).toBe('expired');
  });
});

// ---------------------------------------------------------------------------------------------

/** A fresh invite from the holder, accepted by `openid` as `who`: the raw answer. */
async function addMemberResult(
  holder: string,
  cardId: string,
  openid: string,
  who: Person,
): Promise<Envelope<Res<'card', 'acceptInvite'>>> {
  const { token } = await createInvite(cloud, holder, cardId);
  return acceptInvite(cloud, openid, token, who);
}

/** A person whose ID number ends in X (the check character 10). */
function personWithX(): Person {
  for (let n = 0; n < 1000; n++) {
    const body = `11010519491231${String(n).padStart(3, '0')}`;
    if (checkChar(body) === 'X') {
      const p = { name: '王小明', idNumber: body + 'X', phone: '13600000000', masked: '王*明' };
      sentToServer.add(p);
      return p;
    }
  }
  throw new Error('no X check character found');
}
