/**
 * The generators of test/http/fuzz.test.ts (issue 10): a valid request of every action and
 * fast-check arbitraries that break it in ways no schema may take, broken envelopes around them,
 * well-typed hostile values, and the judge of an answer. No jest here: scripts can sample these too.
 */
import fc from 'fast-check';
import type { Envelope, ErrorCode } from '../../typings/contract';
import { FORMS, KIT_FAMILY_DOCTOR, fileIn } from './order-kit';

const MB = 1024 * 1024;
/** server/local/http.ts and server/runtime/router.ts */
export const BODY_LIMIT = MB;
export const EVENT_LIMIT = 256 * 1024;
/** The longest string any schema takes (an article's body is 20,000): longer is always wrong. */
const LONGEST_FIELD = 20_000;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };
type Payload = Obj;

// ---------------------------------------------------------------------------------------------
// A valid request of every action, with what its schema leaves open. The fuzzer breaks these.

export interface Base {
  req: Payload;
  /** dotted paths that may be absent (everything else is required) */
  optional?: readonly string[];
  /** dotted paths that may be null */
  nullable?: readonly string[];
  /** dotted paths of records (free keys, checked by a key schema): not descended into */
  records?: readonly string[];
}

export interface Ids {
  cardId: string;
  memberId: string;
  orderId: string;
  consultId: string;
  threadId: string;
  reportId: string;
  noticeId: string;
  articleId: string;
  /** the card holder's upload folder: the files of the valid requests are theirs (issue 10) */
  dir: string;
}

export function bases(ids: Ids): Readonly<Record<string, readonly Base[]>> {
  const { cardId, memberId, orderId, consultId, threadId, dir } = ids;
  const IMG = fileIn(dir, 'consult/a.jpg');
  const createCommon = { cardId, requestId: 'fuzz-request-0001' };
  const forms: Base[] = [
    {
      req: {
        ...createCommon,
        benefit: 'outpatientGreen',
        form: { ...FORMS.outpatientGreen('2026-06-04'), note: '备注' },
      },
      optional: ['form.note'],
    },
    { req: { ...createCommon, benefit: 'inpatientGreen', form: FORMS.inpatientGreen(dir, '2026-06-04') } },
    {
      req: {
        ...createCommon,
        benefit: 'escort',
        form: { ...FORMS.escort('2026-06-10T09:00:00+08:00'), conditions: ['x'] },
      },
      optional: ['form.conditions'],
    },
    { req: { ...createCommon, benefit: 'quickConsult', form: FORMS.quickConsult() } },
    { req: { ...createCommon, benefit: 'expertConsult', form: FORMS.expertConsult() } },
    {
      req: { ...createCommon, benefit: 'assessment', form: { questionnaire: { smoker: false, sleepHours: 7 } } },
      records: ['form.questionnaire'],
    },
    {
      req: { ...createCommon, benefit: 'checkupPlan', form: { questionnaire: { pastIllness: '无' } } },
      records: ['form.questionnaire'],
    },
    { req: { ...createCommon, benefit: 'reportReading', form: FORMS.reportReading(dir) } },
    {
      req: { ...createCommon, benefit: 'familyDoctor', form: { question: '发烧', doctorId: KIT_FAMILY_DOCTOR } },
      optional: ['form.doctorId'],
    },
  ];
  const withPerson = (b: Base, personOptional: boolean): Base => ({
    ...b,
    req: { ...b.req, personId: memberId },
    optional: [...(b.optional ?? []), ...(personOptional ? ['personId'] : [])],
  });
  const paging = { cursor: '0', limit: 10 };
  const pagingOpt = ['cursor', 'limit'];
  const act = (step: string, more: Obj, optional: string[] = []): Base => ({
    req: { orderId, step, ...more },
    optional,
  });
  const directory = (kind: string, data: Obj, optional: string[] = []): Base => ({
    req: { entry: { id: 'fuzz-entry', kind, name: '名称', active: true, data } },
    optional: ['entry.id', ...optional],
  });
  return {
    'admin.issueCards': [
      {
        req: { orderNo: 'FUZZ-1', orderDate: '2026-05-30', edition: 'pro', count: 1, phone: '13700000000' },
        optional: ['count', 'phone'],
      },
    ],
    'admin.setStaff': [{ req: { openid: 'fuzz-new-staff', name: '张三', roles: ['doctor'] } }],
    'admin.reconcile': [{ req: { cardId }, optional: ['cardId'] }],
    'admin.setHolidays': [{ req: { days: { '2030-01-01': 'holiday' } }, records: ['days'] }],
    'admin.getHolidays': [{ req: {} }],
    'admin.upsertDirectory': [
      directory('hospital', { city: '上海', level: '三级甲等', address: '路1号', public: true, departments: ['内科'] }),
      directory('expert', { title: '主任医师', hospital: '医院', department: '内科', specialty: '高血压' }),
      directory('familyDoctor', { title: '主治医师', hospital: '医院', specialty: '全科' }),
      directory('article', { category: '养生', term: '', summary: '摘要', body: '正文', publishedAt: '2026-01-01' }, [
        'entry.data.publishedAt',
      ]),
    ],
    'admin.listDirectory': [{ req: { kind: 'hospital', includeInactive: true }, optional: ['includeInactive'] }],
    'admin.outbox': [{ req: { status: 'failed', ...paging }, optional: ['status', ...pagingOpt] }],
    'admin.retryNotice': [{ req: { noticeId: ids.noticeId } }],

    'butler.messages': [{ req: { cardId, ...paging }, optional: pagingOpt }],
    'butler.send': [{ req: { cardId, text: '您好', images: [IMG] }, optional: ['text', 'images'] }],
    'butler.threads': [{ req: { ...paging }, optional: pagingOpt }],
    'butler.thread': [{ req: { threadId, ...paging }, optional: pagingOpt }],
    'butler.reply': [{ req: { threadId, text: '收到', images: [IMG] }, optional: ['text', 'images'] }],

    'card.activate': [
      {
        req: {
          cardNo: '8860000000000000',
          code: 'ABCDEFGH',
          name: '张三丰',
          idNumber: '110101198003070033',
          phone: '13800138000',
        },
      },
    ],
    'card.mine': [{ req: {} }],
    'card.createInvite': [{ req: { cardId } }],
    'card.acceptInvite': [
      { req: { token: 'fuzz-token', name: '张三丰', idNumber: '110101198003070033', phone: '13800138000' } },
    ],
    'card.removeMember': [{ req: { cardId, memberId } }],
    'card.ledger': [{ req: { cardId, benefit: 'quickConsult', ...paging }, optional: ['benefit', ...pagingOpt] }],

    'content.benefits': [{ req: {} }],
    'content.hospitals': [{ req: { city: '上海' }, optional: ['city'] }],
    'content.experts': [{ req: { department: '内科' }, optional: ['department'] }],
    'content.familyDoctors': [{ req: {} }],
    'content.articles': [
      { req: { category: '养生', term: '立春', ...paging }, optional: ['category', 'term', ...pagingOpt] },
    ],
    'content.article': [{ req: { articleId: ids.articleId } }],
    'content.outpatientDates': [{ req: {} }],
    'content.escortEarliestDay': [{ req: {} }],

    'notify.subscribe': [{ req: { results: { orderBooked: 'accept' } }, records: ['results'] }],
    'notify.settings': [{ req: {} }],

    'order.create': forms.map((b) => withPerson(b, true)),
    'order.get': [{ req: { orderId } }],
    'order.list': [{ req: { cardId, ...paging }, optional: ['cardId', ...pagingOpt] }],
    'order.cancel': [{ req: { orderId, reason: '不需要了' }, optional: ['reason'] }],
    'order.rate': [{ req: { orderId, stars: 5, comment: '好' }, optional: ['comment'] }],
    'order.messages': [{ req: { orderId: consultId, ...paging }, optional: pagingOpt }],
    'order.send': [{ req: { orderId: consultId, text: '你好', images: [IMG] }, optional: ['text', 'images'] }],
    'order.end': [{ req: { orderId: consultId } }],
    'order.logCall': [{ req: { orderId: consultId, minutes: 1, kind: 'phone' } }],
    'order.signDoctor': [{ req: { cardId, doctorId: KIT_FAMILY_DOCTOR, personId: memberId }, optional: ['personId'] }],
    'order.myDoctor': [{ req: { cardId, personId: memberId }, optional: ['personId'] }],

    'record.get': [{ req: { memberId } }],
    'record.update': [
      {
        req: {
          memberId,
          profile: {
            heightCm: 170,
            weightKg: 60,
            allergies: ['花粉'],
            chronicConditions: ['高血压'],
            medications: ['阿司匹林'],
          },
        },
        optional: [
          'profile.heightCm',
          'profile.weightKg',
          'profile.allergies',
          'profile.chronicConditions',
          'profile.medications',
        ],
        nullable: ['profile.heightCm', 'profile.weightKg'],
      },
    ],
    'record.consent': [{ req: { memberId, version: 'v1' } }],
    'record.addReport': [{ req: { memberId, title: '体检报告', day: '2026-05-01', files: [IMG] }, optional: ['day'] }],
    'record.removeReport': [{ req: { memberId, reportId: ids.reportId } }],
    'record.withdrawConsent': [{ req: { memberId } }],

    'reminders.tick': [{ req: { trigger: 'reminders' }, optional: ['trigger'] }],
    'sender.tick': [{ req: { trigger: 'sender' }, optional: ['trigger'] }],

    'staff.queue': [{ req: { role: 'doctor', ...paging }, optional: ['role', ...pagingOpt] }],
    'staff.act': [
      act('accept', { note: '已联系' }, ['note']),
      act('book', { visitDate: '2026-06-04', period: '上午', hospital: '医院', address: '路1号' }),
      act('providerStop', { reason: '停诊' }),
      act('fail', { reason: '无号' }),
      act('noShow', { note: '未到' }, ['note']),
      act('complete', { result: { text: '结果', files: [IMG] } }, ['result', 'result.text', 'result.files']),
      act('followUp', { stars: 5, comment: '满意' }, ['comment']),
    ],
    'staff.placeOrder': forms.map((b) => withPerson(b, false)),
    'staff.me': [{ req: {} }],
    'staff.get': [{ req: { orderId } }],
    'staff.callMember': [{ req: { orderId } }],
    'staff.fileUrls': [{ req: { orderId } }],
    'staff.roster': [{ req: {} }],

    'maintenance.tick': [{ req: { trigger: 'retention' }, optional: ['trigger'] }],
    'maintenance.retention': [{ req: {} }],
    'maintenance.setRetention': [{ req: { days: 365 } }],

    'privacy.export': [{ req: {} }],
    'privacy.erase': [{ req: { confirm: '确认删除' } }],
  };
}

// ---------------------------------------------------------------------------------------------
// Hostile values

/** Built from JSON text, so that `__proto__` is an own key (as a parsed request body has it). */
const INJECTIONS: readonly Json[] = [
  '{"$gt":""}',
  '{"$ne":null}',
  '{"$where":"sleep(1000) || true"}',
  '{"$regex":".*","$options":"i"}',
  '{"$in":["a",{"$gt":""}]}',
  '{"$exists":true}',
  '{"$or":[{},{"_id":{"$gt":""}}]}',
  '{"__proto__":{"polluted":true,"isAdmin":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"toString":"x","valueOf":1,"hasOwnProperty":null}',
  '{"_id":{"$gt":""},"openid":{"$ne":""}}',
].map((t) => JSON.parse(t) as Json);

const WEIRD_NUMBERS: readonly number[] = [
  0,
  -0,
  1,
  -1,
  0.5,
  1e308,
  -1e308,
  5e-324,
  2 ** 53,
  2 ** 53 + 2,
  1e21,
  2 ** 31,
  -(2 ** 31),
];
/** Numbers spelled as strings, where a number belongs. */
const NUMBER_STRINGS: readonly string[] = ['NaN', 'Infinity', '-Infinity', '-0', '1e308', '0x10', ' 1 ', '1', '5', ''];

/** Short strings that are odd in every way a string can be. */
const ODD_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '😀',
  '👨‍👩‍👧‍👦',
  '\u202eabc',
  'مرحبا',
  'שלום',
  '\u200b\u200c\u200d',
  'ｆｕｌｌ',
  'e\u0301\u0301\u0301',
  '\uffff',
  '\ufeff',
  '%00',
  '../../etc/passwd',
  "' OR '1'='1",
  '"; DROP TABLE orders; --',
  '{"$gt":""}',
  '$where',
  '<script>alert(1)</script>',
  '${7*7}',
  '\r\n\t',
  'null',
  'undefined',
  '__proto__',
  'constructor',
];

/** Code points from the ranges that break things: controls, surrogates, RTL, combining marks, CJK, emoji, astral. */
const CODE_POINT_RANGES: readonly (readonly [number, number])[] = [
  [0x00, 0x1f],
  [0x7f, 0x9f],
  [0x300, 0x36f],
  [0x590, 0x6ff],
  [0x200b, 0x202e],
  [0x4e00, 0x9fff],
  [0xd800, 0xdfff],
  [0xfff0, 0xffff],
  [0x1f300, 0x1faff],
  [0x10000, 0x10ffff],
];

const unicodeString: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 0, max: ODD_STRINGS.length - 1 }).map((i) => ODD_STRINGS[i] ?? ''),
  // built from code points (fast-check's unicode string units build a table of every code point)
  fc
    .array(
      fc.integer({ min: 0, max: CODE_POINT_RANGES.length - 1 }).chain((r) => {
        const [lo, hi] = CODE_POINT_RANGES[r] ?? [0x41, 0x5a];
        return fc.integer({ min: lo, max: hi });
      }),
      { minLength: 1, maxLength: 12 },
    )
    // a surrogate code point is one UTF-16 unit: lone surrogates stay lone
    .map((codes) =>
      codes.map((c) => (c >= 0xd800 && c <= 0xdfff ? String.fromCharCode(c) : String.fromCodePoint(c))).join(''),
    ),
);

/** Keys that no strict object takes: operators, fields of stored documents, odd names. */
const EXTRA_KEYS: readonly string[] = [
  '$gt',
  '$where',
  '$ne',
  '$set',
  '$inc',
  '_id',
  'openid',
  'admin',
  'isAdmin',
  'role',
  'roles',
  'rev',
  'status',
  'quota',
  'remaining',
  'placedBy',
  'source',
  'TriggerName',
  '',
  ' ',
  '💥',
  'a.b',
  'x'.repeat(300),
  '\u0000',
  '\ud800',
];
/** Keys that no record here takes (questionnaire answers, days, template names). */
const BAD_RECORD_KEYS: readonly string[] = ['$gt', '$where', 'a b', '', '中文', 'x'.repeat(41), '.', '💥', '\u0000'];

/** A value nested `depth` deep, built without recursion. */
function nested(depth: number, kind: 'array' | 'object'): Json {
  let v: Json = 'x';
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}
const DEEP = { array: nested(1000, 'array'), object: nested(1000, 'object') };

/**
 * Mostly just over the longest field; now and then over the router's 256 KB, over the 1 MB body
 * limit, or 10 MB (a few in 10,000 cases).
 */
const hugeLength: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.integer({ min: LONGEST_FIELD + 1, max: 24_000 }), weight: 1000 },
  { arbitrary: fc.integer({ min: 300_000, max: 400_000 }), weight: 10 },
  { arbitrary: fc.integer({ min: 1_100_000, max: 1_200_000 }), weight: 4 },
  { arbitrary: fc.constant(10 * MB), weight: 1 },
);
const hugeString: fc.Arbitrary<string> = fc
  .tuple(
    hugeLength,
    fc.oneof(
      { arbitrary: pick(['a', '中', '😀']), weight: 8 },
      { arbitrary: pick(['\u0000', '\ud800', '{"$gt":""}']), weight: 1 },
    ),
  )
  .map(([n, unit]) =>
    // zod's string bounds count code points (an emoji is one): just over the longest field means
    // that many code points; the big ones are about bytes on the wire
    unit.repeat(Math.ceil(n / (n <= 100_000 ? [...unit].length : Buffer.byteLength(unit)))),
  );

// ---------------------------------------------------------------------------------------------
// The request tree

type Path = readonly (string | number)[];
type NodeKind = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object' | 'record';

interface Node {
  path: Path;
  kind: NodeKind;
  /** an object property (not an array element) that the schema requires */
  required: boolean;
  nullable: boolean;
}

const dotted = (p: Path) => p.join('.');

function kindOf(v: Json, path: Path, base: Base): NodeKind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return (base.records ?? []).includes(dotted(path)) ? 'record' : 'object';
  return typeof v as 'string' | 'number' | 'boolean';
}

/** Every node of the valid request, records as leaves, arrays through their first element. */
function nodesOf(base: Base): Node[] {
  const out: Node[] = [];
  const walk = (v: Json, path: Path, element: boolean): void => {
    const kind = kindOf(v, path, base);
    out.push({
      path,
      kind,
      required: path.length > 0 && !element && !(base.optional ?? []).includes(dotted(path)),
      nullable: (base.nullable ?? []).includes(dotted(path)),
    });
    if (kind === 'object') for (const [k, c] of Object.entries(v as Obj)) walk(c, [...path, k], false);
    if (kind === 'array' && (v as Json[]).length > 0) walk((v as Json[])[0] as Json, [...path, 0], true);
  };
  walk(base.req, [], false);
  return out;
}

function containerAt(root: Json, path: Path): Obj | Json[] | null {
  let v: Json = root;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return null;
    v = (Array.isArray(v) ? v[key as number] : v[key as string]) as Json;
    if (v === undefined) return null;
  }
  return typeof v === 'object' && v !== null ? v : null;
}

/**
 * Sets an own property (also `__proto__`), as JSON.parse would make it. Objects are copied in:
 * the pools of hostile values are shared by every case, and a later change may write inside.
 */
function setAt(root: Json, path: Path, value: Json, fresh = false): void {
  const parent = containerAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (!parent || key === undefined) return;
  const own = !fresh && typeof value === 'object' && value !== null ? structuredClone(value) : value;
  Object.defineProperty(parent, key, { value: own, enumerable: true, writable: true, configurable: true });
}

function deleteAt(root: Json, path: Path): void {
  const parent = containerAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (!parent || key === undefined || Array.isArray(parent)) return;
  delete parent[key as string];
}

/** Values of another JSON type than `kind` (never null where null is allowed). */
function otherTypes(kind: NodeKind, nullable: boolean): fc.Arbitrary<Json> {
  const pool: fc.Arbitrary<Json>[] = [];
  if (kind !== 'string') pool.push(unicodeString, pick(NUMBER_STRINGS));
  if (kind !== 'number') pool.push(pick(WEIRD_NUMBERS), fc.double({ noNaN: true, noDefaultInfinity: true }));
  if (kind !== 'boolean') pool.push(fc.boolean());
  if (kind !== 'null' && !nullable) pool.push(fc.constant(null));
  if (kind !== 'array')
    pool.push(fc.constant<Json>([]), fc.constant<Json>(['x', 1, null]), fc.constant<Json>([{ $gt: '' }]));
  if (kind !== 'object' && kind !== 'record') pool.push(pick(INJECTIONS));
  return fc.oneof(...pool);
}

type Mutation = (req: Json) => void;

/**
 * One of `items`, picked by index: fast-check's constantFrom keeps a reverse map of its values
 * (for shrinking), which costs more than the rest of a case when the values are big or many.
 */
function pick<T>(items: readonly T[]): fc.Arbitrary<T> {
  if (items.length === 0) throw new Error('nothing to pick from');
  return fc.integer({ min: 0, max: items.length - 1 }).map((i) => items[i] as T);
}

/** One arbitrary per node, built once: `fc.oneof` of them instead of a `chain` per case. */
function perNode(nodes: readonly Node[], arb: (n: Node) => fc.Arbitrary<Mutation>): fc.Arbitrary<Mutation> {
  return fc.oneof(...nodes.map(arb));
}

/** One change that makes any request of this shape invalid, whatever the rest holds. */
function breaking(nodes: readonly Node[]): fc.Arbitrary<Mutation> {
  const inner = nodes.filter((n) => n.path.length > 0);
  const options: fc.Arbitrary<Mutation>[] = [];
  if (inner.length > 0) {
    options.push(
      perNode(inner, (n) =>
        otherTypes(n.kind, n.nullable).map(
          (v): Mutation =>
            (req) =>
              setAt(req, n.path, v),
        ),
      ),
      fc.tuple(pick(inner), pick<'array' | 'object'>(['array', 'object'])).map(
        ([n, k]): Mutation =>
          (req) =>
            setAt(req, n.path, nested(1000, k), true),
      ),
    );
  }
  const required = nodes.filter((n) => n.required);
  if (required.length > 0)
    options.push(
      pick(required).map(
        (n): Mutation =>
          (req) =>
            deleteAt(req, n.path),
      ),
    );
  const objects = nodes.filter((n) => n.kind === 'object' || n.kind === 'record');
  const extraValue = fc.oneof(unicodeString, pick(INJECTIONS));
  options.push(
    perNode(objects, (n) =>
      fc.tuple(pick(n.kind === 'record' ? BAD_RECORD_KEYS : EXTRA_KEYS), extraValue).map(
        ([key, v]): Mutation =>
          (req) =>
            setAt(req, [...n.path, key], v),
      ),
    ),
  );
  const strings = nodes.filter((n) => n.kind === 'string');
  if (strings.length > 0) {
    options.push(
      fc.tuple(pick(strings), hugeString).map(
        ([n, s]): Mutation =>
          (req) =>
            setAt(req, n.path, s),
      ),
    );
  }
  const arrays = nodes.filter((n) => n.kind === 'array' && n.path.length > 0);
  if (arrays.length > 0) {
    options.push(
      // the longest list any schema takes is 200 (a hospital's departments)
      fc.tuple(pick(arrays), fc.integer({ min: 201, max: 400 })).map(([n, len]): Mutation => (req) => {
        const arr = containerAt(req, n.path);
        const first: Json = Array.isArray(arr) && arr.length > 0 ? (arr[0] as Json) : 'x';
        setAt(
          req,
          n.path,
          Array.from({ length: len }, () => structuredClone(first)),
          true,
        );
      }),
    );
  }
  return fc.oneof(...options);
}

/** Changes that may leave the request valid: odd unicode in strings, `__proto__` / `constructor` keys. */
function noise(nodes: readonly Node[]): fc.Arbitrary<Mutation> {
  const options: fc.Arbitrary<Mutation>[] = [];
  const strings = nodes.filter((n) => n.kind === 'string');
  if (strings.length > 0) {
    options.push(
      fc.tuple(pick(strings), unicodeString).map(
        ([n, s]): Mutation =>
          (req) =>
            setAt(req, n.path, s),
      ),
    );
  }
  const objects = nodes.filter((n) => n.kind === 'object');
  options.push(
    fc.tuple(pick(objects), pick(['__proto__', 'constructor']), pick(INJECTIONS)).map(
      ([n, key, v]): Mutation =>
        (req) =>
          setAt(req, [...n.path, key], v),
    ),
  );
  return fc.oneof(...options);
}

// ---------------------------------------------------------------------------------------------
// Calls

export interface Case {
  label: string;
  /** URL path */
  path: string;
  body: string;
  /** the codes the contract allows for it */
  expect: readonly ErrorCode[];
  /** the HTTP status expected */
  status: number;
}

export type Caller = { openid: Json | undefined; usable: boolean };

/** Who calls: mostly callers that exist, sometimes none or one that cannot be (too long). */
export function callers(deep: readonly string[]): fc.Arbitrary<Caller> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...deep).map((openid): Caller => ({ openid, usable: true })), weight: 12 },
    {
      arbitrary: fc.constantFrom<Caller>(
        { openid: null, usable: false },
        { openid: '', usable: false },
        { openid: undefined, usable: false },
      ),
      weight: 1,
    },
    { arbitrary: fc.constant<Caller>({ openid: 'o'.repeat(129), usable: false }), weight: 1 },
  );
}

/** The request body, and the size of its `data` as the router measures it (JSON bytes). */
function encode(openid: Json | undefined, data: Json): { body: string; dataBytes: number } {
  const json = JSON.stringify(data);
  const body = openid === undefined ? `{"data":${json}}` : `{"openid":${JSON.stringify(openid)},"data":${json}}`;
  return { body, dataBytes: Buffer.byteLength(json) };
}

export function bodyOf(openid: Json | undefined, data: Json): string {
  return encode(openid, data).body;
}

/** What the contract answers a payload that no schema takes, given its size and its caller. */
function expectedFor(body: string, dataBytes: number, caller: Caller): ErrorCode {
  if (Buffer.byteLength(body) > BODY_LIMIT) return 'INVALID_ARGUMENT';
  if (dataBytes > EVENT_LIMIT) return 'INVALID_ARGUMENT';
  return caller.usable ? 'INVALID_ARGUMENT' : 'PERMISSION_DENIED';
}

export function malformedCase(
  table: Readonly<Record<string, readonly Base[]>>,
  deep: readonly string[],
): fc.Arbitrary<Case> {
  const who = callers(deep);
  // one arbitrary per valid request, built once (every action weighs the same, whatever its variants)
  const perAction = Object.entries(table).map(([name, list]) => {
    const [fn, action] = name.split('.') as [string, string];
    const variants = list.map((base) => {
      const nodes = nodesOf(base);
      return fc
        .tuple(fc.array(noise(nodes), { maxLength: 3 }), fc.array(breaking(nodes), { minLength: 1, maxLength: 2 }), who)
        .map(([soft, hard, caller]): Case => {
          const req = structuredClone(base.req) as Json;
          for (const m of soft) m(req);
          for (const m of hard) m(req);
          const { body, dataBytes } = encode(caller.openid, { action, ...(req as Obj) });
          return {
            label: `${name} malformed`,
            path: `/call/${fn}`,
            body,
            expect: [expectedFor(body, dataBytes, caller)],
            status: 200,
          };
        });
    });
    return fc.oneof(...variants);
  });
  return fc.oneof(...perAction);
}

const NOT_JSON_OBJECTS: readonly string[] = [
  '{',
  '{"openid":',
  'nul',
  '[]',
  '"x"',
  '42',
  'null',
  '{"openid":"x","data":{"action":"mine"}}}',
  '\u0000',
  '{"openid":"x","data":{"action":"mine",}}',
  '\ufeff{"openid":"x","data":{"action":"mine"}}',
];

/** Built once; picked by index (fast-check's constantFrom would hash every one of them). */
const HUGE_BODIES: readonly string[] = [
  `{"openid":"x","data":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
  `{"openid":"x","data":{"action":"mine","x":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}}`,
  JSON.stringify({ openid: 'x', data: { action: 'mine', x: 'a'.repeat(BODY_LIMIT + 1) } }),
  JSON.stringify({ openid: 'x', data: { action: 'mine', x: '中'.repeat(BODY_LIMIT) } }),
];

/** Broken envelopes: data, action, openid, function name and body themselves. */
export function envelopeCase(
  functions: readonly string[],
  actions: readonly string[],
  deep: readonly string[],
): fc.Arbitrary<Case> {
  const fnName = fc.constantFrom(...functions);
  const someone = fc.constantFrom(...deep);
  const invalid = (label: string, path: string, body: string): Case => ({
    label,
    path,
    body,
    expect: ['INVALID_ARGUMENT'],
    status: 200,
  });
  const notAction = fc.oneof(
    fc.constantFrom<Json>(
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'valueOf',
      '__defineGetter__',
      'isPrototypeOf',
      'propertyIsEnumerable',
      '',
      'CREATE',
      'create ',
      'сreate', // a Cyrillic с
      'get\u0000',
      null,
      0,
      true,
      [],
      ['create'],
      { $gt: '' },
      { $in: ['create', 'get'] },
    ),
    unicodeString.filter((s) => !actions.includes(s)),
  );
  // the big ones, rarely (each is 200 KB to 2 MB on the wire): nested 100,000 deep, over the body limit
  const huge = fc
    .tuple(fnName, fc.integer({ min: 0, max: HUGE_BODIES.length - 1 }))
    .map(([fn, i]) => invalid('huge body', `/call/${fn}`, HUGE_BODIES[i] ?? ''));
  const common = fc.oneof(
    // data that is no object
    fc
      .tuple(
        fnName,
        someone,
        fc.oneof(
          fc.constant<Json>([]),
          fc.constant<Json>([{ action: 'mine' }]),
          unicodeString,
          fc.constantFrom(...WEIRD_NUMBERS),
          fc.boolean(),
          fc.constant(DEEP.array),
        ),
      )
      .map(([fn, openid, data]) => invalid('data not an object', `/call/${fn}`, bodyOf(openid, data))),
    // data without a usable action
    fc
      .tuple(fnName, someone, notAction, fc.boolean())
      .map(([fn, openid, action, withIt]) =>
        invalid('no such action', `/call/${fn}`, bodyOf(openid, withIt ? { action } : { cardId: 'x' })),
      ),
    // an action's name as data's own prototype
    fc
      .tuple(fnName, someone)
      .map(([fn, openid]) =>
        invalid(
          '__proto__ action',
          `/call/${fn}`,
          `{"openid":${JSON.stringify(openid)},"data":{"__proto__":{"action":"mine"}}}`,
        ),
      ),
    // openid of another type
    fc
      .tuple(
        fnName,
        fc.oneof(fc.constantFrom<Json>(0, -0, 1e308, true, [], ['x'], { $gt: '' }, { $ne: null })),
        fc.constantFrom(...actions),
      )
      .map(([fn, openid, action]) => invalid('openid not a string', `/call/${fn}`, bodyOf(openid, { action }))),
    // bodies that are not a JSON object
    fc
      .tuple(fnName, fc.constantFrom(...NOT_JSON_OBJECTS))
      .map(([fn, body]) => invalid('body not a JSON object', `/call/${fn}`, body)),
    // functions that do not exist
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'admin_', 'Admin', 'x'),
          fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
        ),
        someone,
      )
      .filter(([fn]) => !functions.includes(fn))
      .map(([fn, openid]): Case => ({
        label: 'no such function',
        path: `/call/${fn}`,
        body: bodyOf(openid, { action: 'mine' }),
        expect: ['NOT_FOUND'],
        status: 200,
      })),
    fc
      .constantFrom(
        '/call/',
        '/call/a/b',
        '/call/%00',
        '/call/..%2Fadmin',
        `/call/${'x'.repeat(65)}`,
        '/call/card/',
        '/CALL/card',
      )
      .map((path): Case => ({
        label: 'no such endpoint',
        path,
        body: bodyOf('x', { action: 'mine' }),
        expect: ['NOT_FOUND', 'INVALID_ARGUMENT'],
        status: 0,
      })),
  );
  return fc.oneof({ arbitrary: common, weight: 60 }, { arbitrary: huge, weight: 1 });
}

/** Well-typed requests with hostile strings: valid shapes, odd values, reaching the handlers. */
export function wellTypedCase(
  table: Readonly<Record<string, readonly Base[]>>,
  openid: fc.Arbitrary<string>,
  skip: readonly string[],
): fc.Arbitrary<{ name: string; openid: string; data: Json }> {
  const entries = Object.entries(table)
    .filter(([name]) => !skip.includes(name))
    .flatMap(([name, list]) => list.map((b) => [name, b] as const));
  const idLike = fc.oneof(
    pick([
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      '0',
      '-',
      '_',
      'a'.repeat(64),
      'ord_',
      'mem_',
      'b_',
      'b___proto__',
    ]),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
  );
  return fc.oneof(
    ...entries.map(([name, base]) => {
      const [, action] = name.split('.') as [string, string];
      // enums and discriminators stay: the request keeps its shape and reaches the handler
      const strings = nodesOf(base).filter(
        (n) =>
          n.kind === 'string' &&
          !['benefit', 'step', 'kind', 'edition', 'mode'].includes(String(n.path[n.path.length - 1])),
      );
      const change: fc.Arbitrary<Mutation> =
        strings.length > 0
          ? fc.tuple(pick(strings), fc.oneof(unicodeString, idLike)).map(
              ([n, v]): Mutation =>
                (req) =>
                  setAt(req, n.path, v),
            )
          : fc.constant<Mutation>(() => undefined);
      return fc.tuple(fc.array(change, { minLength: 1, maxLength: 3 }), openid).map(([changes, who]) => {
        const req = structuredClone(base.req) as Json;
        for (const c of changes) c(req);
        return { name, openid: who, data: { action, ...(req as Obj) } };
      });
    }),
  );
}

/** Anything that looks like a stack trace, a file, an exception or a leaked internal. */
export const STACK_LIKE =
  /\bat .+:\d+:\d+|node:internal|\/work\/|\.(?:ts|js):\d+|\b(?:Type|Range|Reference|Syntax)?Error\b|ZodError|\bundefined\b|\[object /;
const CHINESE = /[\u4e00-\u9fff]/;

export interface Answer {
  status: number;
  text: string;
  envelope: Envelope<unknown> | null;
}

export function short(s: string): string {
  return s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s;
}

/** What is wrong with an answer to a malformed case; empty when right. */
export function judge(c: Case, a: Answer): string[] {
  const problems: string[] = [];
  const where = `${c.label} ${c.path} ${short(c.body)}`;
  if (c.status !== 0 && a.status !== c.status) problems.push(`HTTP ${a.status} for ${where}`);
  if (!a.envelope) return [...problems, `not an envelope: ${short(a.text)} for ${where}`];
  if (a.envelope.ok) return [...problems, `accepted: ${short(a.text)} for ${where}`];
  const { code, message } = a.envelope.error;
  if (code === 'INTERNAL') problems.push(`INTERNAL for ${where}`);
  else if (!c.expect.includes(code)) problems.push(`${code} (expected ${c.expect.join('/')}) for ${where}`);
  if (!CHINESE.test(message) || message.length > 100) problems.push(`message ${short(message)} for ${where}`);
  if (STACK_LIKE.test(a.text)) problems.push(`stack-like answer ${short(a.text)} for ${where}`);
  return problems;
}
