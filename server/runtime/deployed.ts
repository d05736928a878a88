/**
 * The deployed host: what `exports.main` of a cloud function does. It builds the runtime once per
 * instance (CloudBase store, system clock, env config) and takes the caller's identity only from
 * `cloud.getWXContext()` — an `openid` sent in `data` is ignored by construction, because the
 * router never reads one from the event.
 */
import { cloudbaseStore, type CloudDb } from '../store/cloudbase';
import { systemClock } from './clock';
import { configFromEnv } from './config';
import type { Caller, CloudFunction, Runtime } from './router';
import { wxSink, type WxOpenapi } from './sink';

interface WxServerSdk {
  DYNAMIC_CURRENT_ENV: unknown;
  init(opts: { env: unknown }): void;
  database(): CloudDb;
  getWXContext(): { OPENID?: string; SOURCE?: string; ENV?: string };
  /** typed `Record<string, any>` by the SDK; the calls used are in sink.ts */
  openapi: unknown;
}

/** SOURCE values of calls that a person started: the mini-program, DevTools, the HTTP access service. */
const CLIENT_SOURCES: ReadonlySet<string> = new Set(['wx_client', 'wx_devtools', 'wx_http']);

/**
 * SOURCE is a comma-separated call chain, its origin first; a timer trigger's is `wx_trigger`.
 * Only a chain that starts at a timer and has no client anywhere in it is a timer call: a client's
 * call, relayed by any number of functions, never runs a `timer` action (issue 10).
 */
export function callerFrom(wx: { OPENID?: string; SOURCE?: string }): Caller {
  const chain = (wx.SOURCE ?? '').split(',').map((s) => s.trim());
  const fromClient = chain.some((s) => CLIENT_SOURCES.has(s));
  const source: Caller['source'] = fromClient ? 'client' : chain[0] === 'wx_trigger' ? 'timer' : 'server';
  return { openid: wx.OPENID ? wx.OPENID : null, source };
}

const consoleLog = {
  info: (line: string) => console.log(line),
  // only the error's name and message: stacks of deployed functions stay in CloudBase's own logs
  error: (line: string, e?: unknown) => console.error(line, e instanceof Error ? `${e.name}: ${e.message}` : ''),
};

/** `{ action: 'tick', trigger }` from a timer trigger's event. */
export function timerEvent(event: unknown): { action: 'tick'; trigger?: string } {
  const name =
    typeof event === 'object' && event !== null ? (event as { TriggerName?: unknown }).TriggerName : undefined;
  return typeof name === 'string' && /^[A-Za-z][A-Za-z0-9_-]{0,59}$/.test(name)
    ? { action: 'tick', trigger: name }
    : { action: 'tick' };
}

export function deployedMain(fn: CloudFunction): (event: unknown) => Promise<unknown> {
  let sdk: WxServerSdk | undefined;
  let rt: Runtime | undefined;
  return async (event: unknown) => {
    if (!sdk || !rt) {
      // required here, not at the top: the local cloud loads this bundle without the SDK
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      sdk = require('wx-server-sdk') as WxServerSdk;
      sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV });
      const wx = sdk;
      rt = {
        store: cloudbaseStore(sdk.database()),
        clock: systemClock,
        config: configFromEnv(process.env),
        log: consoleLog,
        // SMS needs the environment id as a string: BLUECARD_SMS_ENV, else the running one
        sink: wxSink(sdk.openapi as WxOpenapi, () => process.env.BLUECARD_SMS_ENV || wx.getWXContext().ENV),
      };
    }
    const caller = callerFrom(sdk.getWXContext());
    // a timer event carries no action: the function's timer action is `tick`, told which of
    // the function's triggers fired ({ Type: 'Timer', TriggerName, Time })
    const ev = caller.source === 'timer' ? timerEvent(event) : event;
    return fn.handle(ev, caller, rt);
  };
}
