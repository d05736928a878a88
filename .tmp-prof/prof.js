"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// .tmp-prof/prof.ts
var import_fast_check2 = __toESM(require("fast-check"));

// test/http/fuzz-kit.ts
var import_fast_check = __toESM(require("fast-check"));

// test/http/local-cloud.ts
var import_node_path = require("node:path");
var ROOT = (0, import_node_path.resolve)(__dirname, "..", "..");

// test/http/order-kit.ts
var DEMO_HOSPITAL = { name: "\u590D\u65E6\u5927\u5B66\u9644\u5C5E\u4E2D\u5C71\u533B\u9662", address: "\u4E0A\u6D77\u5E02\u5F90\u6C47\u533A\u67AB\u6797\u8DEF180\u53F7" };
var DEMO_EXPERT = "e-001";
var KIT_FAMILY_DOCTOR = "fd-kit";
var FORMS = {
  outpatientGreen: (wantedDate, department = "\u5FC3\u8840\u7BA1\u5185\u79D1") => ({
    hospital: DEMO_HOSPITAL.name,
    department,
    wantedDate
  }),
  inpatientGreen: (wantedDate, disease = "\u6076\u6027\u80BF\u7624\u2014\u2014\u91CD\u5EA6") => ({
    hospital: DEMO_HOSPITAL.name,
    wantedDate,
    disease,
    records: ["cloud://env-test.bucket/records/a.jpg"],
    admissionSlip: "cloud://env-test.bucket/records/slip.jpg"
  }),
  escort: (visitAt, purpose = "\u5FC3\u5185\u79D1\u590D\u8BCA") => ({
    hospital: DEMO_HOSPITAL.name,
    department: "\u5FC3\u8840\u7BA1\u5185\u79D1",
    visitAt,
    purpose,
    registered: true,
    withRelative: false
  }),
  quickConsult: (mode = "text") => ({
    description: "\u5934\u75DB\u4E09\u5929\uFF0C\u591C\u91CC\u52A0\u91CD",
    mode
  }),
  expertConsult: (mode = "phone") => ({
    expertId: DEMO_EXPERT,
    description: "\u8840\u538B\u63A7\u5236\u4E0D\u7406\u60F3\uFF0C\u60F3\u8BF7\u4E13\u5BB6\u770B\u770B\u7528\u836F",
    mode
  }),
  familyDoctor: () => ({ question: "\u5B69\u5B50\u53D1\u70E7 38 \u5EA6\u8981\u4E0D\u8981\u53BB\u533B\u9662" }),
  assessment: () => ({
    questionnaire: { smoker: false, sleepHours: 7, conditions: ["\u9AD8\u8840\u538B"] }
  }),
  checkupPlan: () => ({ questionnaire: { pastIllness: "\u80C6\u7ED3\u77F3", age: 41 } }),
  reportReading: () => ({ files: ["cloud://env-test.bucket/reports/2026.pdf"] })
};

// test/http/fuzz-kit.ts
var IMG = "cloud://env-test.bucket/img/a.jpg";
var MB = 1024 * 1024;
var BODY_LIMIT = MB;
var EVENT_LIMIT = 256 * 1024;
var LONGEST_FIELD = 2e4;
function bases(ids) {
  const { cardId, memberId, orderId, consultId, threadId } = ids;
  const createCommon = { cardId, requestId: "fuzz-request-0001" };
  const forms = [
    { req: { ...createCommon, benefit: "outpatientGreen", form: { ...FORMS.outpatientGreen("2026-06-04"), note: "\u5907\u6CE8" } }, optional: ["form.note"] },
    { req: { ...createCommon, benefit: "inpatientGreen", form: FORMS.inpatientGreen("2026-06-04") } },
    { req: { ...createCommon, benefit: "escort", form: { ...FORMS.escort("2026-06-10T09:00:00+08:00"), conditions: ["x"] } }, optional: ["form.conditions"] },
    { req: { ...createCommon, benefit: "quickConsult", form: FORMS.quickConsult() } },
    { req: { ...createCommon, benefit: "expertConsult", form: FORMS.expertConsult() } },
    { req: { ...createCommon, benefit: "assessment", form: { questionnaire: { smoker: false, sleepHours: 7 } } }, records: ["form.questionnaire"] },
    { req: { ...createCommon, benefit: "checkupPlan", form: { questionnaire: { pastIllness: "\u65E0" } } }, records: ["form.questionnaire"] },
    { req: { ...createCommon, benefit: "reportReading", form: FORMS.reportReading() } },
    { req: { ...createCommon, benefit: "familyDoctor", form: { question: "\u53D1\u70E7", doctorId: KIT_FAMILY_DOCTOR } }, optional: ["form.doctorId"] }
  ];
  const withPerson = (b, personOptional) => ({
    ...b,
    req: { ...b.req, personId: memberId },
    optional: [...b.optional ?? [], ...personOptional ? ["personId"] : []]
  });
  const paging = { cursor: "0", limit: 10 };
  const pagingOpt = ["cursor", "limit"];
  const act = (step, more, optional = []) => ({ req: { orderId, step, ...more }, optional });
  const directory = (kind, data, optional = []) => ({
    req: { entry: { id: "fuzz-entry", kind, name: "\u540D\u79F0", active: true, data } },
    optional: ["entry.id", ...optional]
  });
  return {
    "admin.issueCards": [
      { req: { orderNo: "FUZZ-1", orderDate: "2026-05-30", edition: "pro", count: 1, phone: "13700000000" }, optional: ["count", "phone"] }
    ],
    "admin.setStaff": [{ req: { openid: "fuzz-new-staff", name: "\u5F20\u4E09", roles: ["doctor"] } }],
    "admin.reconcile": [{ req: { cardId }, optional: ["cardId"] }],
    "admin.setHolidays": [{ req: { days: { "2030-01-01": "holiday" } }, records: ["days"] }],
    "admin.getHolidays": [{ req: {} }],
    "admin.upsertDirectory": [
      directory("hospital", { city: "\u4E0A\u6D77", level: "\u4E09\u7EA7\u7532\u7B49", address: "\u8DEF1\u53F7", public: true, departments: ["\u5185\u79D1"] }),
      directory("expert", { title: "\u4E3B\u4EFB\u533B\u5E08", hospital: "\u533B\u9662", department: "\u5185\u79D1", specialty: "\u9AD8\u8840\u538B" }),
      directory("familyDoctor", { title: "\u4E3B\u6CBB\u533B\u5E08", hospital: "\u533B\u9662", specialty: "\u5168\u79D1" }),
      directory("article", { category: "\u517B\u751F", term: "", summary: "\u6458\u8981", body: "\u6B63\u6587", publishedAt: "2026-01-01" }, ["entry.data.publishedAt"])
    ],
    "admin.listDirectory": [{ req: { kind: "hospital", includeInactive: true }, optional: ["includeInactive"] }],
    "admin.outbox": [{ req: { status: "failed", ...paging }, optional: ["status", ...pagingOpt] }],
    "admin.retryNotice": [{ req: { noticeId: ids.noticeId } }],
    "butler.messages": [{ req: { cardId, ...paging }, optional: pagingOpt }],
    "butler.send": [{ req: { cardId, text: "\u60A8\u597D", images: [IMG] }, optional: ["text", "images"] }],
    "butler.threads": [{ req: { ...paging }, optional: pagingOpt }],
    "butler.thread": [{ req: { threadId, ...paging }, optional: pagingOpt }],
    "butler.reply": [{ req: { threadId, text: "\u6536\u5230", images: [IMG] }, optional: ["text", "images"] }],
    "card.activate": [{ req: { cardNo: "8860000000000000", code: "ABCDEFGH", name: "\u5F20\u4E09\u4E30", idNumber: "110101198003070033", phone: "13800138000" } }],
    "card.mine": [{ req: {} }],
    "card.createInvite": [{ req: { cardId } }],
    "card.acceptInvite": [{ req: { token: "fuzz-token", name: "\u5F20\u4E09\u4E30", idNumber: "110101198003070033", phone: "13800138000" } }],
    "card.removeMember": [{ req: { cardId, memberId } }],
    "card.ledger": [{ req: { cardId, benefit: "quickConsult", ...paging }, optional: ["benefit", ...pagingOpt] }],
    "content.benefits": [{ req: {} }],
    "content.hospitals": [{ req: { city: "\u4E0A\u6D77" }, optional: ["city"] }],
    "content.experts": [{ req: { department: "\u5185\u79D1" }, optional: ["department"] }],
    "content.familyDoctors": [{ req: {} }],
    "content.articles": [{ req: { category: "\u517B\u751F", term: "\u7ACB\u6625", ...paging }, optional: ["category", "term", ...pagingOpt] }],
    "content.article": [{ req: { articleId: ids.articleId } }],
    "content.outpatientDates": [{ req: {} }],
    "content.escortEarliestDay": [{ req: {} }],
    "notify.subscribe": [{ req: { results: { orderBooked: "accept" } }, records: ["results"] }],
    "notify.settings": [{ req: {} }],
    "order.create": forms.map((b) => withPerson(b, true)),
    "order.get": [{ req: { orderId } }],
    "order.list": [{ req: { cardId, ...paging }, optional: ["cardId", ...pagingOpt] }],
    "order.cancel": [{ req: { orderId, reason: "\u4E0D\u9700\u8981\u4E86" }, optional: ["reason"] }],
    "order.rate": [{ req: { orderId, stars: 5, comment: "\u597D" }, optional: ["comment"] }],
    "order.messages": [{ req: { orderId: consultId, ...paging }, optional: pagingOpt }],
    "order.send": [{ req: { orderId: consultId, text: "\u4F60\u597D", images: [IMG] }, optional: ["text", "images"] }],
    "order.end": [{ req: { orderId: consultId } }],
    "order.logCall": [{ req: { orderId: consultId, minutes: 1, kind: "phone" } }],
    "order.signDoctor": [{ req: { cardId, doctorId: KIT_FAMILY_DOCTOR, personId: memberId }, optional: ["personId"] }],
    "order.myDoctor": [{ req: { cardId, personId: memberId }, optional: ["personId"] }],
    "record.get": [{ req: { memberId } }],
    "record.update": [
      {
        req: { memberId, profile: { heightCm: 170, weightKg: 60, allergies: ["\u82B1\u7C89"], chronicConditions: ["\u9AD8\u8840\u538B"], medications: ["\u963F\u53F8\u5339\u6797"] } },
        optional: ["profile.heightCm", "profile.weightKg", "profile.allergies", "profile.chronicConditions", "profile.medications"],
        nullable: ["profile.heightCm", "profile.weightKg"]
      }
    ],
    "record.consent": [{ req: { memberId, version: "v1" } }],
    "record.addReport": [{ req: { memberId, title: "\u4F53\u68C0\u62A5\u544A", day: "2026-05-01", files: [IMG] }, optional: ["day"] }],
    "record.removeReport": [{ req: { memberId, reportId: ids.reportId } }],
    "reminders.tick": [{ req: { trigger: "reminders" }, optional: ["trigger"] }],
    "sender.tick": [{ req: { trigger: "sender" }, optional: ["trigger"] }],
    "staff.queue": [{ req: { role: "doctor", ...paging }, optional: ["role", ...pagingOpt] }],
    "staff.act": [
      act("accept", { note: "\u5DF2\u8054\u7CFB" }, ["note"]),
      act("book", { visitDate: "2026-06-04", period: "\u4E0A\u5348", hospital: "\u533B\u9662", address: "\u8DEF1\u53F7" }),
      act("providerStop", { reason: "\u505C\u8BCA" }),
      act("fail", { reason: "\u65E0\u53F7" }),
      act("noShow", { note: "\u672A\u5230" }, ["note"]),
      act("complete", { result: { text: "\u7ED3\u679C", files: [IMG] } }, ["result", "result.text", "result.files"]),
      act("followUp", { stars: 5, comment: "\u6EE1\u610F" }, ["comment"])
    ],
    "staff.placeOrder": forms.map((b) => withPerson(b, false)),
    "staff.me": [{ req: {} }],
    "staff.get": [{ req: { orderId } }],
    "staff.callMember": [{ req: { orderId } }],
    "staff.fileUrls": [{ req: { orderId } }],
    "staff.roster": [{ req: {} }],
    "maintenance.tick": [{ req: { trigger: "retention" }, optional: ["trigger"] }],
    "maintenance.retention": [{ req: {} }],
    "maintenance.setRetention": [{ req: { days: 365 } }],
    "privacy.export": [{ req: {} }],
    "privacy.erase": [{ req: { confirm: "\u786E\u8BA4\u5220\u9664" } }]
  };
}
var INJECTIONS = [
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
  '{"_id":{"$gt":""},"openid":{"$ne":""}}'
].map((t2) => JSON.parse(t2));
var WEIRD_NUMBERS = [0, -0, 1, -1, 0.5, 1e308, -1e308, 5e-324, 2 ** 53, 2 ** 53 + 2, 1e21, 2 ** 31, -(2 ** 31)];
var NUMBER_STRINGS = ["NaN", "Infinity", "-Infinity", "-0", "1e308", "0x10", " 1 ", "1", "5", ""];
var ODD_STRINGS = [
  "",
  " ",
  "\0",
  "a\0b",
  "\uD800",
  "\uDFFF",
  "x\uD83D",
  "\u{1F600}",
  "\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}",
  "\u202Eabc",
  "\u0645\u0631\u062D\u0628\u0627",
  "\u05E9\u05DC\u05D5\u05DD",
  "\u200B\u200C\u200D",
  "\uFF46\uFF55\uFF4C\uFF4C",
  "e\u0301\u0301\u0301",
  "\uFFFF",
  "\uFEFF",
  "%00",
  "../../etc/passwd",
  "' OR '1'='1",
  '"; DROP TABLE orders; --',
  '{"$gt":""}',
  "$where",
  "<script>alert(1)</script>",
  "${7*7}",
  "\r\n	",
  "null",
  "undefined",
  "__proto__",
  "constructor"
];
var CODE_POINT_RANGES = [
  [0, 31],
  [127, 159],
  [768, 879],
  [1424, 1791],
  [8203, 8238],
  [19968, 40959],
  [55296, 57343],
  [65520, 65535],
  [127744, 129791],
  [65536, 1114111]
];
var unicodeString = import_fast_check.default.oneof(
  import_fast_check.default.integer({ min: 0, max: ODD_STRINGS.length - 1 }).map((i) => ODD_STRINGS[i] ?? ""),
  // built from code points (fast-check's unicode string units build a table of every code point)
  import_fast_check.default.array(
    import_fast_check.default.integer({ min: 0, max: CODE_POINT_RANGES.length - 1 }).chain((r) => {
      const [lo, hi] = CODE_POINT_RANGES[r] ?? [65, 90];
      return import_fast_check.default.integer({ min: lo, max: hi });
    }),
    { minLength: 1, maxLength: 12 }
  ).map((codes) => codes.map((c) => c >= 55296 && c <= 57343 ? String.fromCharCode(c) : String.fromCodePoint(c)).join(""))
);
var EXTRA_KEYS = [
  "$gt",
  "$where",
  "$ne",
  "$set",
  "$inc",
  "_id",
  "openid",
  "admin",
  "isAdmin",
  "role",
  "roles",
  "rev",
  "status",
  "quota",
  "remaining",
  "placedBy",
  "source",
  "TriggerName",
  "",
  " ",
  "\u{1F4A5}",
  "a.b",
  "x".repeat(300),
  "\0",
  "\uD800"
];
var BAD_RECORD_KEYS = ["$gt", "$where", "a b", "", "\u4E2D\u6587", "x".repeat(41), ".", "\u{1F4A5}", "\0"];
function nested(depth, kind) {
  let v = "x";
  for (let i = 0; i < depth; i++) v = kind === "array" ? [v] : { a: v };
  return v;
}
var DEEP = { array: nested(1e3, "array"), object: nested(1e3, "object") };
var hugeLength = import_fast_check.default.oneof(
  { arbitrary: import_fast_check.default.integer({ min: LONGEST_FIELD + 1, max: 3e4 }), weight: 400 },
  { arbitrary: import_fast_check.default.integer({ min: 3e5, max: 4e5 }), weight: 20 },
  { arbitrary: import_fast_check.default.integer({ min: 11e5, max: 12e5 }), weight: 8 },
  { arbitrary: import_fast_check.default.constant(10 * MB), weight: 1 }
);
var hugeString = import_fast_check.default.tuple(
  hugeLength,
  import_fast_check.default.oneof({ arbitrary: pick(["a", "\u4E2D", "\u{1F600}"]), weight: 8 }, { arbitrary: pick(["\0", "\uD800", '{"$gt":""}']), weight: 1 })
).map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)));
var dotted = (p) => p.join(".");
function kindOf(v, path, base) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return (base.records ?? []).includes(dotted(path)) ? "record" : "object";
  return typeof v;
}
function nodesOf(base) {
  const out = [];
  const walk = (v, path, element) => {
    const kind = kindOf(v, path, base);
    out.push({
      path,
      kind,
      required: path.length > 0 && !element && !(base.optional ?? []).includes(dotted(path)),
      nullable: (base.nullable ?? []).includes(dotted(path))
    });
    if (kind === "object") for (const [k, c] of Object.entries(v)) walk(c, [...path, k], false);
    if (kind === "array" && v.length > 0) walk(v[0], [...path, 0], true);
  };
  walk(base.req, [], false);
  return out;
}
function containerAt(root, path) {
  let v = root;
  for (const key of path) {
    if (typeof v !== "object" || v === null) return null;
    v = Array.isArray(v) ? v[key] : v[key];
    if (v === void 0) return null;
  }
  return typeof v === "object" && v !== null ? v : null;
}
function setAt(root, path, value) {
  const parent = containerAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (!parent || key === void 0) return;
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}
function deleteAt(root, path) {
  const parent = containerAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (!parent || key === void 0 || Array.isArray(parent)) return;
  delete parent[key];
}
function otherTypes(kind, nullable) {
  const pool = [];
  if (kind !== "string") pool.push(unicodeString, pick(NUMBER_STRINGS));
  if (kind !== "number") pool.push(pick(WEIRD_NUMBERS), import_fast_check.default.double({ noNaN: true, noDefaultInfinity: true }));
  if (kind !== "boolean") pool.push(import_fast_check.default.boolean());
  if (kind !== "null" && !nullable) pool.push(import_fast_check.default.constant(null));
  if (kind !== "array") pool.push(import_fast_check.default.constant([]), import_fast_check.default.constant(["x", 1, null]), import_fast_check.default.constant([{ $gt: "" }]));
  if (kind !== "object" && kind !== "record") pool.push(pick(INJECTIONS));
  return import_fast_check.default.oneof(...pool);
}
function pick(items) {
  if (items.length === 0) throw new Error("nothing to pick from");
  return import_fast_check.default.integer({ min: 0, max: items.length - 1 }).map((i) => items[i]);
}
function perNode(nodes, arb2) {
  return import_fast_check.default.oneof(...nodes.map(arb2));
}
function breaking(nodes) {
  const inner = nodes.filter((n) => n.path.length > 0);
  const options = [];
  if (inner.length > 0) {
    options.push(
      perNode(inner, (n) => otherTypes(n.kind, n.nullable).map((v) => (req) => setAt(req, n.path, v))),
      import_fast_check.default.tuple(pick(inner), pick(["array", "object"])).map(([n, k]) => (req) => setAt(req, n.path, DEEP[k]))
    );
  }
  const required = nodes.filter((n) => n.required);
  if (required.length > 0) options.push(pick(required).map((n) => (req) => deleteAt(req, n.path)));
  const objects = nodes.filter((n) => n.kind === "object" || n.kind === "record");
  const extraValue = import_fast_check.default.oneof(unicodeString, pick(INJECTIONS));
  options.push(
    perNode(
      objects,
      (n) => import_fast_check.default.tuple(pick(n.kind === "record" ? BAD_RECORD_KEYS : EXTRA_KEYS), extraValue).map(([key, v]) => (req) => setAt(req, [...n.path, key], v))
    )
  );
  const strings = nodes.filter((n) => n.kind === "string");
  if (strings.length > 0) {
    options.push(import_fast_check.default.tuple(pick(strings), hugeString).map(([n, s]) => (req) => setAt(req, n.path, s)));
  }
  const arrays = nodes.filter((n) => n.kind === "array" && n.path.length > 0);
  if (arrays.length > 0) {
    options.push(
      import_fast_check.default.tuple(pick(arrays), import_fast_check.default.integer({ min: 201, max: 3e3 })).map(
        ([n, len]) => (req) => {
          const arr = containerAt(req, n.path);
          const first = Array.isArray(arr) && arr.length > 0 ? arr[0] : "x";
          setAt(req, n.path, Array.from({ length: len }, () => first));
        }
      )
    );
  }
  return import_fast_check.default.oneof(...options);
}
function noise(nodes) {
  const options = [];
  const strings = nodes.filter((n) => n.kind === "string");
  if (strings.length > 0) {
    options.push(import_fast_check.default.tuple(pick(strings), unicodeString).map(([n, s]) => (req) => setAt(req, n.path, s)));
  }
  const objects = nodes.filter((n) => n.kind === "object");
  options.push(
    import_fast_check.default.tuple(pick(objects), pick(["__proto__", "constructor"]), pick(INJECTIONS)).map(([n, key, v]) => (req) => setAt(req, [...n.path, key], v))
  );
  return import_fast_check.default.oneof(...options);
}
function callers(deep2) {
  return import_fast_check.default.oneof(
    { arbitrary: import_fast_check.default.constantFrom(...deep2).map((openid) => ({ openid, usable: true })), weight: 12 },
    { arbitrary: import_fast_check.default.constantFrom({ openid: null, usable: false }, { openid: "", usable: false }, { openid: void 0, usable: false }), weight: 1 },
    { arbitrary: import_fast_check.default.constant({ openid: "o".repeat(129), usable: false }), weight: 1 }
  );
}
function encode(openid, data) {
  const json = JSON.stringify(data);
  const body = openid === void 0 ? `{"data":${json}}` : `{"openid":${JSON.stringify(openid)},"data":${json}}`;
  return { body, dataBytes: Buffer.byteLength(json) };
}
function bodyOf(openid, data) {
  return encode(openid, data).body;
}
function expectedFor(body, dataBytes, caller) {
  if (Buffer.byteLength(body) > BODY_LIMIT) return "INVALID_ARGUMENT";
  if (dataBytes > EVENT_LIMIT) return "INVALID_ARGUMENT";
  return caller.usable ? "INVALID_ARGUMENT" : "PERMISSION_DENIED";
}
function malformedCase(table2, deep2) {
  const who = callers(deep2);
  const perAction = Object.entries(table2).map(([name, list]) => {
    const [fn, action] = name.split(".");
    const variants = list.map((base) => {
      const nodes = nodesOf(base);
      return import_fast_check.default.tuple(import_fast_check.default.array(noise(nodes), { maxLength: 3 }), import_fast_check.default.array(breaking(nodes), { minLength: 1, maxLength: 2 }), who).map(([soft, hard, caller]) => {
        const req = structuredClone(base.req);
        for (const m of soft) m(req);
        for (const m of hard) m(req);
        const { body, dataBytes } = encode(caller.openid, { action, ...req });
        return { label: `${name} malformed`, path: `/call/${fn}`, body, expect: [expectedFor(body, dataBytes, caller)], status: 200 };
      });
    });
    return import_fast_check.default.oneof(...variants);
  });
  return import_fast_check.default.oneof(...perAction);
}
var NOT_JSON_OBJECTS = [
  "{",
  '{"openid":',
  "nul",
  "[]",
  '"x"',
  "42",
  "null",
  '{"openid":"x","data":{"action":"mine"}}}',
  "\0",
  '{"openid":"x","data":{"action":"mine",}}',
  '\uFEFF{"openid":"x","data":{"action":"mine"}}'
];
var HUGE_BODIES = [
  `{"openid":"x","data":${"[".repeat(1e5)}${"]".repeat(1e5)}}`,
  `{"openid":"x","data":{"action":"mine","x":${'{"a":'.repeat(5e4)}1${"}".repeat(5e4)}}}`,
  JSON.stringify({ openid: "x", data: { action: "mine", x: "a".repeat(BODY_LIMIT + 1) } }),
  JSON.stringify({ openid: "x", data: { action: "mine", x: "\u4E2D".repeat(BODY_LIMIT) } })
];
function envelopeCase(functions, actions, deep2) {
  const fnName = import_fast_check.default.constantFrom(...functions);
  const someone = import_fast_check.default.constantFrom(...deep2);
  const invalid = (label, path, body) => ({ label, path, body, expect: ["INVALID_ARGUMENT"], status: 200 });
  const notAction = import_fast_check.default.oneof(
    import_fast_check.default.constantFrom(
      "__proto__",
      "constructor",
      "toString",
      "hasOwnProperty",
      "valueOf",
      "__defineGetter__",
      "isPrototypeOf",
      "propertyIsEnumerable",
      "",
      "CREATE",
      "create ",
      "\u0441reate",
      // a Cyrillic с
      "get\0",
      null,
      0,
      true,
      [],
      ["create"],
      { $gt: "" },
      { $in: ["create", "get"] }
    ),
    unicodeString.filter((s) => !actions.includes(s))
  );
  const huge = import_fast_check.default.tuple(fnName, import_fast_check.default.integer({ min: 0, max: HUGE_BODIES.length - 1 })).map(([fn, i]) => invalid("huge body", `/call/${fn}`, HUGE_BODIES[i] ?? ""));
  const common = import_fast_check.default.oneof(
    // data that is no object
    import_fast_check.default.tuple(fnName, someone, import_fast_check.default.oneof(import_fast_check.default.constant([]), import_fast_check.default.constant([{ action: "mine" }]), unicodeString, import_fast_check.default.constantFrom(...WEIRD_NUMBERS), import_fast_check.default.boolean(), import_fast_check.default.constant(DEEP.array))).map(([fn, openid, data]) => invalid("data not an object", `/call/${fn}`, bodyOf(openid, data))),
    // data without a usable action
    import_fast_check.default.tuple(fnName, someone, notAction, import_fast_check.default.boolean()).map(([fn, openid, action, withIt]) => invalid("no such action", `/call/${fn}`, bodyOf(openid, withIt ? { action } : { cardId: "x" }))),
    // an action's name as data's own prototype
    import_fast_check.default.tuple(fnName, someone).map(([fn, openid]) => invalid("__proto__ action", `/call/${fn}`, `{"openid":${JSON.stringify(openid)},"data":{"__proto__":{"action":"mine"}}}`)),
    // openid of another type
    import_fast_check.default.tuple(fnName, import_fast_check.default.oneof(import_fast_check.default.constantFrom(0, -0, 1e308, true, [], ["x"], { $gt: "" }, { $ne: null })), import_fast_check.default.constantFrom(...actions)).map(([fn, openid, action]) => invalid("openid not a string", `/call/${fn}`, bodyOf(openid, { action }))),
    // bodies that are not a JSON object
    import_fast_check.default.tuple(fnName, import_fast_check.default.constantFrom(...NOT_JSON_OBJECTS)).map(([fn, body]) => invalid("body not a JSON object", `/call/${fn}`, body)),
    // functions that do not exist
    import_fast_check.default.tuple(
      import_fast_check.default.oneof(import_fast_check.default.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "admin_", "Admin", "x"), import_fast_check.default.stringMatching(/^[A-Za-z0-9_-]{1,64}$/)),
      someone
    ).filter(([fn]) => !functions.includes(fn)).map(([fn, openid]) => ({ label: "no such function", path: `/call/${fn}`, body: bodyOf(openid, { action: "mine" }), expect: ["NOT_FOUND"], status: 200 })),
    import_fast_check.default.constantFrom("/call/", "/call/a/b", "/call/%00", "/call/..%2Fadmin", `/call/${"x".repeat(65)}`, "/call/card/", "/CALL/card").map((path) => ({ label: "no such endpoint", path, body: bodyOf("x", { action: "mine" }), expect: ["NOT_FOUND", "INVALID_ARGUMENT"], status: 0 }))
  );
  return import_fast_check.default.oneof({ arbitrary: common, weight: 60 }, { arbitrary: huge, weight: 1 });
}

// .tmp-prof/prof.ts
var table = bases({ cardId: "card_x", memberId: "mem_x", orderId: "ord_x", consultId: "ord_y", threadId: "b_mem_x", reportId: "upl_x", noticeId: "n_x", articleId: "art_x" });
var deep = ["a", "b"];
var t = Date.now();
var arb = malformedCase(table, deep);
console.log("build", Date.now() - t);
t = Date.now();
var cases = import_fast_check2.default.sample(arb, { numRuns: 1e3, seed: 1 });
console.log("sample 1000", Date.now() - t);
var total = 0;
for (const c of cases) total += c.body.length;
console.log("bytes", total);
t = Date.now();
var env = import_fast_check2.default.sample(envelopeCase(["admin", "card"], ["mine"], deep), { numRuns: 200, seed: 1 });
console.log("env 200", Date.now() - t, env.reduce((a, c) => a + c.body.length, 0));
