/**
 * One cloud function = one bounded context = one typed action map. The router is the only place
 * that turns an event into an answer: size cap, action lookup, schema, access, handler, envelope.
 * Nothing a handler throws reaches the caller except an AppError's code and Chinese message.
 */
import type * as z from 'zod';
import type { ActionName, Envelope, ErrorCode, FunctionName, Req, Res, StaffRole } from '../../typings/contract';
import { AppError, isAppError } from './errors';
import type { Clock } from './clock';
import type { Config } from './config';
import type { NoticeSink } from './sink';
import type { Store } from '../store/port';
import type { StaffDoc } from '../store/collections';

/** JSON size of an event over which we answer INVALID_ARGUMENT without looking further. */
export const MAX_EVENT_BYTES = 256 * 1024;

export interface Logger {
  info(line: string): void;
  error(line: string, err?: unknown): void;
}

/** What the host gives a function: the local cloud and the deployed wrapper each build one. */
export interface Runtime {
  store: Store;
  clock: Clock;
  config: Config;
  log: Logger;
  /** where the notice sender delivers (R5.3): WeChat deployed, a recording sink locally */
  sink: NoticeSink;
}

/** Who is calling and how. `openid` comes from getWXContext() deployed, from the HTTP body locally. */
export interface Caller {
  openid: string | null;
  /** 'timer' only for timer triggers; client calls can never claim it (see deployed.ts). */
  source: 'client' | 'timer' | 'server';
}

export type Access =
  /** any caller with an identity */
  | 'caller'
  /** BLUECARD_ADMIN_OPENIDS or the admin role */
  | 'admin'
  /** any staff role; the handler checks which */
  | 'staff'
  /** timer triggers (and the local cloud's /_dev/run) */
  | 'timer';

export interface Ctx {
  openid: string;
  /** read once per call: one call sees one instant */
  now: Date;
  store: Store;
  config: Config;
  log: Logger;
  sink: NoticeSink;
  /** the caller's staff record, read at most once per call */
  staff(): Promise<StaffDoc | null>;
  hasRole(role: StaffRole): Promise<boolean>;
  isAdmin(): Promise<boolean>;
}

export interface ActionDef<F extends FunctionName, A extends ActionName<F>> {
  schema: z.ZodType<Req<F, A>>;
  access: Access;
  run(ctx: Ctx, req: Req<F, A>): Promise<Res<F, A>>;
}

export type ActionMap<F extends FunctionName> = { [A in ActionName<F>]: ActionDef<F, A> };

export interface CloudFunction {
  readonly name: string;
  readonly actions: readonly string[];
  handle(event: unknown, caller: Caller, rt: Runtime): Promise<Envelope<unknown>>;
}

const ACCESS_DENIED_MESSAGE: Readonly<Record<Exclude<Access, 'caller'>, string>> = {
  admin: '仅管理员可以进行此操作',
  staff: '仅服务人员可以进行此操作',
  timer: '此操作仅由系统定时任务执行',
};

function err(code: ErrorCode, message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

function eventSize(event: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(event) ?? '', 'utf8');
  } catch {
    // cyclic or otherwise unserialisable: cannot have come from a JSON body
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Key names the answer may repeat: the caller's own keys can be anything (a 300 KB string, control
 * characters, `$where`), and a message shown to the member repeats only plain field names.
 */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

/** A short Chinese description of what was wrong, naming the field, never echoing the value. */
export function describeIssues(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return '请求内容有误';
  // our own refinements carry a Chinese message written for the member; zod's are English
  if (/[\u4e00-\u9fff]/.test(first.message)) return first.message;
  if (first.code === 'unrecognized_keys') {
    const named = first.keys.filter((k) => FIELD_NAME.test(k)).slice(0, 3);
    return named.length > 0 ? `不支持的字段：${named.join('、')}` : '不支持的字段';
  }
  // a record's key is the caller's text too: such a path is named up to it
  const plain = first.path.map((k) =>
    typeof k === 'number' ? String(k) : typeof k === 'string' && FIELD_NAME.test(k) ? k : null,
  );
  const upTo = plain.indexOf(null);
  const path = (upTo === -1 ? plain : plain.slice(0, upTo)).join('.');
  return path ? `字段 ${path} 不正确` : '请求内容有误';
}

export function makeCtx(caller: { openid: string }, rt: Runtime): Ctx {
  let staffP: Promise<StaffDoc | null> | undefined;
  const staff = () => (staffP ??= rt.store.get('staff', caller.openid));
  return {
    openid: caller.openid,
    now: rt.clock.now(),
    store: rt.store,
    config: rt.config,
    log: rt.log,
    sink: rt.sink,
    staff,
    hasRole: async (role) => ((await staff())?.roles ?? []).includes(role),
    isAdmin: async () => rt.config.adminOpenids.has(caller.openid) || ((await staff())?.roles ?? []).includes('admin'),
  };
}

async function allowed(access: Access, caller: Caller, ctx: Ctx): Promise<boolean> {
  switch (access) {
    case 'caller':
      return true;
    case 'admin':
      return ctx.isAdmin();
    case 'staff':
      return ((await ctx.staff())?.roles.length ?? 0) > 0 || (await ctx.isAdmin());
    case 'timer':
      return caller.source === 'timer';
  }
}

export function defineFunction<F extends FunctionName>(name: F, actions: ActionMap<F>): CloudFunction {
  const table = actions as unknown as Record<string, ActionDef<F, ActionName<F>>>;
  const names = Object.keys(table);

  async function dispatch(event: unknown, caller: Caller, rt: Runtime): Promise<[string, Envelope<unknown>]> {
    if (eventSize(event) > MAX_EVENT_BYTES) return ['?', err('INVALID_ARGUMENT', '请求内容过大')];
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      return ['?', err('INVALID_ARGUMENT', '请求内容有误')];
    }
    const { action, ...payload } = event as Record<string, unknown>;
    // own properties only: "constructor" or "__proto__" must not find something
    if (typeof action !== 'string' || !Object.prototype.hasOwnProperty.call(table, action)) {
      return ['?', err('INVALID_ARGUMENT', '不支持的操作')];
    }
    const def = table[action];
    if (!def) return ['?', err('INVALID_ARGUMENT', '不支持的操作')];
    if (caller.source !== 'timer' && (!caller.openid || caller.openid.length > 128)) {
      return [action, err('PERMISSION_DENIED', '请在微信中打开')];
    }
    const parsed = def.schema.safeParse(payload);
    if (!parsed.success) return [action, err('INVALID_ARGUMENT', describeIssues(parsed.error))];
    const ctx = makeCtx({ openid: caller.openid ?? '' }, rt);
    if (!(await allowed(def.access, caller, ctx))) {
      return [
        action,
        err('PERMISSION_DENIED', def.access === 'caller' ? '您没有权限' : ACCESS_DENIED_MESSAGE[def.access]),
      ];
    }
    const data = await def.run(ctx, parsed.data);
    return [action, { ok: true, data }];
  }

  return {
    name,
    actions: names,
    async handle(event, caller, rt) {
      const t0 = process.hrtime.bigint();
      let action = '?';
      let answer: Envelope<unknown>;
      try {
        [action, answer] = await dispatch(event, caller, rt);
      } catch (e) {
        if (isAppError(e)) {
          answer = err(e.code, e.message);
        } else {
          // the stack goes to the server log only; the caller learns nothing internal
          rt.log.error(`${name}.${action} failed`, e);
          answer = err('INTERNAL', new AppError('INTERNAL').message);
        }
      }
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const code = answer.ok ? 'OK' : answer.error.code;
      rt.log.info(`${name}.${action} ${code} ${ms.toFixed(1)}ms`);
      return answer;
    },
  };
}
