/**
 * R5 notices: the template tables (configuration, not strings spread through code) and rendering.
 *
 * - SMS texts are R5.1's (plus the activation-deadline reminder, which has no openid to go to).
 *   The provider and public account names, and each template's id at the SMS provider, are ops
 *   settings (the `settings` document `notices`, see `resolveNoticeSettings`).
 * - Subscription messages (R5.2, R5.4) have a template per kind of notice, keyed by our name. Each
 *   names its slots and the WeChat field key each slot goes to (`thing1`, `time3`…); the key's
 *   prefix is WeChat's field kind, and the renderer holds every value to that kind's rule (thing
 *   ≤ 20 characters, phrase ≤ 5 Chinese characters, name ≤ 10, time and date formats). Ops may
 *   move a slot to another key of the template they picked in WeChat's library; the kind follows.
 *
 * Nothing personal beyond what the member must read goes into a notice: builders pass benefit
 * names, masked names, staff names, dates and hospitals — never a form's description, department,
 * disease or question — and every value goes through `redactSensitive`, so an ID number or a
 * full mobile number typed into a free-text field (an address) cannot reach a text either.
 */
import type { Day, SubscribeTemplateName } from '../../typings/contract';
import { formatInstant } from './time';

// ---------------------------------------------------------------------------------------------
// SMS (R5.1)

export const SMS_TEMPLATES = {
  /** R5.1 doctor taken */
  doctorTaken: '【{provider}】{doctor}医生已经接诊，请尽快登录{account}公众号与医生进行病情沟通，请尽快前往查看。',
  /** R5.1 booking made */
  bookingMade:
    '【{provider}】您好，请持医保卡于{date}{period}内前往{hospital}的窗口或自助机取号。地址：{address}。就诊需携带身份证、医保卡，请勿迟到，号源过时将作废。',
  /** R5.2 activation deadline near: to the phone the platform gave at issue (no openid before activation) */
  activationDeadline:
    '【{provider}】您的太医蓝卡激活截止日期为{date}，请在此之前登录{account}公众号完成激活，逾期将无法激活。',
} as const;

export type SmsTemplate = keyof typeof SMS_TEMPLATES;

export function isSmsTemplate(s: string): s is SmsTemplate {
  return Object.prototype.hasOwnProperty.call(SMS_TEMPLATES, s);
}

/** The slots of an SMS text the sender passes to a provider template (signature and account are the template's own). */
export function smsSlots(template: SmsTemplate): string[] {
  const names = [...SMS_TEMPLATES[template].matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  return [...new Set(names)].filter((n) => n !== 'provider' && n !== 'account');
}

/**
 * Fills {name} slots; a slot without a value is an error, never a literal "{name}" sent out.
 * Values pass through `redactSensitive`: an ID number or mobile number typed into an address
 * reaches no one.
 */
export function renderSms(
  template: SmsTemplate,
  vars: Readonly<Record<string, string>>,
  settings: Pick<NoticeSettings, 'provider' | 'account'>,
): string {
  const all: Record<string, string> = { provider: settings.provider, account: settings.account, ...vars };
  return SMS_TEMPLATES[template].replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = all[k];
    if (v === undefined) throw new Error(`sms ${template}: no value for {${k}}`);
    return redactSensitive(v);
  });
}

/** 2026-06-02 → 6月2日, as a member reads a date in a text message. */
export function chineseDate(day: string): string {
  const [, m, d] = day.split('-');
  return `${Number(m)}月${Number(d)}日`;
}

// ---------------------------------------------------------------------------------------------
// Subscription messages (R5.2, R5.4)

/** WeChat's field kinds we use (订阅消息参数值内容限制). phone_number and the like are never used. */
export const FIELD_KINDS = ['thing', 'phrase', 'name', 'time', 'date', 'character_string', 'number'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

const KEY_RE = /^(thing|phrase|name|time|date|character_string|number)(\d{1,2})$/;

/** The kind of a WeChat field key (`thing12` → thing), or null for a key we do not fill. */
export function kindOfKey(key: string): FieldKind | null {
  const m = KEY_RE.exec(key);
  return m ? (m[1] as FieldKind) : null;
}

/** WeChat's limits per kind, in characters. */
export const FIELD_LIMITS: Readonly<Record<'thing' | 'phrase' | 'name' | 'character_string' | 'number', number>> = {
  thing: 20,
  phrase: 5,
  name: 10,
  character_string: 32,
  number: 32,
};

export interface SubscribeTemplateDef {
  /** the title of the template picked in WeChat's 公共模板库 (for ops and the consent page) */
  readonly title: string;
  /** who receives it: members, or staff (SLA warnings) */
  readonly audience: 'member' | 'staff';
  /** our slot → the WeChat field key it fills by default (its prefix is the field's kind) */
  readonly fields: Readonly<Record<string, string>>;
  /** the mini-program page the card opens (the sender adds the query) */
  readonly page: string;
}

const ORDER_PAGE = 'member/pages/order/index';

/**
 * One template per kind of subscription notice. Field keys are the defaults of a typical template
 * of that title; ops set the ids (and other keys, if their template differs) in settings.
 */
export const SUBSCRIBE_TEMPLATES = {
  /** R5.2 order accepted (first contact made) */
  orderAccepted: {
    title: '服务受理通知',
    audience: 'member',
    fields: { service: 'thing1', status: 'phrase2', time: 'time3', tip: 'thing4' },
    page: ORDER_PAGE,
  },
  /** R5.2 order booked (appointment, admission, escort arranged) */
  orderBooked: {
    title: '预约成功通知',
    audience: 'member',
    fields: { service: 'thing1', person: 'name2', date: 'date3', place: 'thing4', tip: 'thing5' },
    page: ORDER_PAGE,
  },
  /** R5.2 doctor taken */
  doctorTaken: {
    title: '医生接诊通知',
    audience: 'member',
    fields: { service: 'thing1', doctor: 'name2', time: 'time3', tip: 'thing4' },
    page: ORDER_PAGE,
  },
  /** R5.2 report ready (assessment report, checkup plan, report reading guidance) */
  reportReady: {
    title: '报告出具通知',
    audience: 'member',
    fields: { service: 'thing1', status: 'phrase2', time: 'time3', tip: 'thing4' },
    page: ORDER_PAGE,
  },
  /** R5.2 / R4 escort reminder, the day before by 15:00 */
  escortReminder: {
    title: '陪诊服务提醒',
    audience: 'member',
    fields: { service: 'thing1', date: 'date2', period: 'thing3', place: 'thing4', tip: 'thing5' },
    page: ORDER_PAGE,
  },
  /** booked outpatient visit, the day before */
  visitReminder: {
    title: '就诊提醒',
    audience: 'member',
    fields: { service: 'thing1', person: 'name2', date: 'date3', period: 'thing4', place: 'thing5' },
    page: ORDER_PAGE,
  },
  /** R5.2 waiting period over */
  waitingOver: {
    title: '权益生效通知',
    audience: 'member',
    fields: { card: 'thing1', status: 'phrase2', date: 'date3', tip: 'thing4' },
    page: 'pages/home/index',
  },
  /** R5.2 card expiring in 30 days */
  cardExpiring: {
    title: '会员到期提醒',
    audience: 'member',
    fields: { card: 'thing1', date: 'date2', tip: 'thing3' },
    page: 'pages/home/index',
  },
  /** R4 consult: 3 minutes left */
  consultEnding: {
    title: '咨询即将结束提醒',
    audience: 'member',
    fields: { service: 'thing1', time: 'time2', tip: 'thing3' },
    page: ORDER_PAGE,
  },
  /** R4 SLA about to be missed, to the staff of the awaited step */
  slaWarning: {
    title: '工单超时预警',
    audience: 'staff',
    fields: { service: 'thing1', step: 'thing2', due: 'time3', order: 'character_string4' },
    page: 'pages/home/index',
  },
  /** R5.4 the butler's weekly tips by solar term */
  healthTips: {
    title: '健康小贴士',
    audience: 'member',
    fields: { title: 'thing1', term: 'phrase2', date: 'date3', tip: 'thing4' },
    page: 'member/pages/knowledge/index',
  },
  /** R5.4 knowledge pushes, twice a month */
  knowledge: {
    title: '健康知识推送',
    audience: 'member',
    fields: { title: 'thing1', category: 'thing2', date: 'date3' },
    page: 'member/pages/knowledge/index',
  },
} as const satisfies Record<SubscribeTemplateName, SubscribeTemplateDef>;

export type SubscribeTemplate = keyof typeof SUBSCRIBE_TEMPLATES;
export const SUBSCRIBE_TEMPLATE_NAMES = Object.keys(SUBSCRIBE_TEMPLATES) as SubscribeTemplate[];

export function isSubscribeTemplate(s: string): s is SubscribeTemplate {
  return Object.prototype.hasOwnProperty.call(SUBSCRIBE_TEMPLATES, s);
}

/** The slots a template takes. */
export type SlotsOf<T extends SubscribeTemplate> = keyof (typeof SUBSCRIBE_TEMPLATES)[T]['fields'] & string;

/** What a builder passes for a slot: text, an instant (time or date fields) or a Shanghai day. */
export type SlotValue = string | { readonly at: Date } | { readonly day: Day };

// ---------------------------------------------------------------------------------------------
// Settings (ops)

export interface SubscribeSetting {
  /** the template id from the mini-program's 订阅消息 console */
  readonly templateId: string;
  /** slot → WeChat field key */
  readonly fields: Readonly<Record<string, string>>;
}

export interface SmsSetting {
  /** the template id at the SMS provider (CloudBase 短信 / 腾讯云短信) */
  readonly templateId: string;
  /** the slots passed as the template's parameters {1}, {2}…, in order */
  readonly params: readonly string[];
}

export type MiniprogramState = 'formal' | 'trial' | 'developer';

export interface NoticeSettings {
  /** 【…】 signature of SMS texts */
  readonly provider: string;
  /** the public account members are sent to */
  readonly account: string;
  /** which version of the mini-program a subscription message opens */
  readonly miniprogramState: MiniprogramState;
  readonly subscribe: Readonly<Record<SubscribeTemplate, SubscribeSetting>>;
  readonly sms: Readonly<Record<SmsTemplate, SmsSetting>>;
}

/** Template ids until ops set real ones; the deployed sender refuses them (TEMPLATE_NOT_CONFIGURED). */
export const PLACEHOLDER_PREFIX = 'PLACEHOLDER_';

export function isPlaceholderId(id: string): boolean {
  return id === '' || id.startsWith(PLACEHOLDER_PREFIX);
}

function byKey<K extends string, V>(keys: readonly K[], value: (k: K) => V): Record<K, V> {
  const out = {} as Record<K, V>;
  for (const k of keys) out[k] = value(k);
  return out;
}

export const DEFAULT_NOTICE_SETTINGS: NoticeSettings = {
  provider: '太医蓝卡',
  account: '太平洋医疗健康',
  miniprogramState: 'formal',
  subscribe: byKey(SUBSCRIBE_TEMPLATE_NAMES, (t) => ({
    templateId: `${PLACEHOLDER_PREFIX}${t}`,
    fields: SUBSCRIBE_TEMPLATES[t].fields,
  })),
  sms: byKey(Object.keys(SMS_TEMPLATES) as SmsTemplate[], (t) => ({
    templateId: `${PLACEHOLDER_PREFIX}${t}`,
    params: smsSlots(t),
  })),
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, max: number): string | null {
  return typeof v === 'string' && v.trim() !== '' && v.length <= max ? v.trim() : null;
}

/**
 * The settings document as stored (edited by ops in the console, so read defensively) over the
 * defaults: a piece that is missing or malformed keeps its default, field by field.
 */
export function resolveNoticeSettings(raw: unknown): NoticeSettings {
  const d = DEFAULT_NOTICE_SETTINGS;
  if (!isRecord(raw)) return d;
  const state = raw.miniprogramState;
  const subscribe = { ...d.subscribe };
  const rawSub = isRecord(raw.subscribe) ? raw.subscribe : {};
  for (const t of SUBSCRIBE_TEMPLATE_NAMES) {
    const r = rawSub[t];
    if (!isRecord(r)) continue;
    const fields: Record<string, string> = { ...d.subscribe[t].fields };
    if (isRecord(r.fields)) {
      for (const slot of Object.keys(fields)) {
        const key = r.fields[slot];
        if (typeof key === 'string' && kindOfKey(key) !== null) fields[slot] = key;
      }
    }
    subscribe[t] = { templateId: str(r.templateId, 128) ?? d.subscribe[t].templateId, fields };
  }
  const sms = { ...d.sms };
  const rawSms = isRecord(raw.sms) ? raw.sms : {};
  for (const t of Object.keys(SMS_TEMPLATES) as SmsTemplate[]) {
    const r = rawSms[t];
    if (!isRecord(r)) continue;
    const slots = smsSlots(t);
    const params =
      Array.isArray(r.params) && r.params.every((p) => typeof p === 'string' && slots.includes(p))
        ? (r.params as string[])
        : d.sms[t].params;
    sms[t] = { templateId: str(r.templateId, 128) ?? d.sms[t].templateId, params };
  }
  return {
    provider: str(raw.provider, 12) ?? d.provider,
    account: str(raw.account, 30) ?? d.account,
    miniprogramState: state === 'trial' || state === 'developer' || state === 'formal' ? state : d.miniprogramState,
    subscribe,
    sms,
  };
}

// ---------------------------------------------------------------------------------------------
// Rendering and WeChat's field rules

/**
 * Mobile numbers and ID numbers, anywhere: every run of 11 or more digits (a mobile number, with
 * or without +86 in front, an 18-character ID number, or a number no notice needs), and mobile
 * numbers written with spaces or dashes.
 */
const LONG_DIGITS_RE = /\d{11,}[Xx]?/g;
const SPACED_PHONE_RE = /(?<!\d)1[3-9]\d[- ]\d{4}[- ]\d{4}(?!\d)/g;

/** 13800138000 → 138****8000 (ops lists, and any phone number that slipped into a text). */
export function maskPhone(phone: string): string {
  return phone.length >= 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** Masks what must never reach a notice: a mobile number but its ends, any longer number whole. */
export function redactSensitive(s: string): string {
  return s
    .replace(SPACED_PHONE_RE, (p) => maskPhone(p.replace(/\D/g, '')))
    .replace(LONG_DIGITS_RE, (d) => (/^1[3-9]\d{9}$/.test(d) ? maskPhone(d) : '******'));
}

/** What of the sensitive patterns a text still carries (tests scan every notice with this). */
export function findSensitive(s: string): string[] {
  return [...(s.match(LONG_DIGITS_RE) ?? []), ...(s.match(SPACED_PHONE_RE) ?? [])];
}

function chars(s: string): string[] {
  return Array.from(s);
}

function clean(s: string): string {
  return redactSensitive(
    s
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

function cut(s: string, max: number, ellipsis: boolean): string {
  const c = chars(s);
  if (c.length <= max) return s;
  return ellipsis ? `${c.slice(0, max - 1).join('')}…` : c.slice(0, max).join('');
}

function wallParts(d: Date): { y: string; M: number; D: number; hm: string } {
  // formatInstant reads the Shanghai wall clock without the process time zone
  const s = formatInstant(d);
  return { y: s.slice(0, 4), M: Number(s.slice(5, 7)), D: Number(s.slice(8, 10)), hm: s.slice(11, 16) };
}

/** time fields: 2026年3月20日 09:00 (Shanghai). */
export function timeText(d: Date): string {
  const p = wallParts(d);
  return `${p.y}年${p.M}月${p.D}日 ${p.hm}`;
}

/** date fields: 2026年3月20日. */
export function dateText(v: { readonly at: Date } | { readonly day: Day }): string {
  if ('at' in v) {
    const p = wallParts(v.at);
    return `${p.y}年${p.M}月${p.D}日`;
  }
  const [y, m, d] = v.day.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** One value held to its kind's rule. Values that cannot be made to fit get a neutral filler. */
export function renderField(kind: FieldKind, v: SlotValue): string {
  switch (kind) {
    case 'time':
      if (typeof v === 'object' && 'at' in v) return timeText(v.at);
      throw new Error('time fields take an instant');
    case 'date':
      if (typeof v === 'object') return dateText(v);
      throw new Error('date fields take a day or an instant');
    default:
      break;
  }
  if (typeof v !== 'string') throw new Error(`${kind} fields take text`);
  const s = clean(v);
  switch (kind) {
    case 'thing':
      return cut(s, FIELD_LIMITS.thing, true) || '-';
    case 'phrase':
      // 5 Chinese characters at most, nothing else
      return (
        chars(s.replace(/[^\u4e00-\u9fff]/g, ''))
          .slice(0, FIELD_LIMITS.phrase)
          .join('') || '通知'
      );
    case 'name':
      return cut(s, FIELD_LIMITS.name, false) || '用户';
    case 'character_string':
      // dropping spaces may join digits into a number again: masked once more
      return redactSensitive(s.replace(/[^\x21-\x7e]/g, '')).slice(0, FIELD_LIMITS.character_string) || '-';
    case 'number': {
      const digits = s.replace(/\D/g, '');
      return digits.length > 0 && digits.length < 11 ? digits : '0';
    }
  }
}

/** Whether a value obeys its field's rule (the local sink answers 47003 like WeChat otherwise). */
export function fieldValueOk(key: string, value: string): boolean {
  const kind = kindOfKey(key);
  if (kind === null || value.length === 0) return false;
  const n = chars(value).length;
  switch (kind) {
    case 'thing':
      return n <= FIELD_LIMITS.thing;
    case 'phrase':
      return /^[\u4e00-\u9fff]{1,5}$/.test(value);
    case 'name':
      return n <= FIELD_LIMITS.name;
    case 'time':
      return /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/.test(value);
    case 'date':
      return /^\d{4}年\d{1,2}月\d{1,2}日$/.test(value);
    case 'character_string':
      return /^[\x21-\x7e]{1,32}$/.test(value);
    case 'number':
      return /^\d{1,32}$/.test(value);
  }
}

/**
 * A subscription message's `data`: each slot's value under its WeChat key (from settings), held
 * to the key's kind. The result is what the outbox shows and what WeChat receives.
 */
export function renderSubscribe<T extends SubscribeTemplate>(
  template: T,
  slots: Readonly<Record<SlotsOf<T>, SlotValue>>,
  settings: Pick<NoticeSettings, 'subscribe'>,
): Record<string, string> {
  const fields = settings.subscribe[template].fields;
  const out: Record<string, string> = {};
  for (const [slot, value] of Object.entries<SlotValue>(slots)) {
    const key = fields[slot];
    const kind = key === undefined ? null : kindOfKey(key);
    if (key === undefined || kind === null) throw new Error(`subscribe ${template}: no field for slot ${slot}`);
    out[key] = renderField(kind, value);
  }
  return out;
}

/** A subscription message's page with its query (`?orderId=…`). */
export function pageOf(template: SubscribeTemplate, query: Readonly<Record<string, string>> = {}): string {
  const q = Object.entries(query)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return q ? `${SUBSCRIBE_TEMPLATES[template].page}?${q}` : SUBSCRIBE_TEMPLATES[template].page;
}
