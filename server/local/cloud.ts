/**
 * The local cloud: the built cloud functions (cloudfunctions/<name>/index.js, the same files
 * WeChat DevTools uploads) run over a SQLite store, a settable clock and a local identity.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Envelope } from '../../typings/contract';
import { SettableClock } from '../runtime/clock';
import { configFromEnv } from '../runtime/config';
import type { Caller, CloudFunction, Logger, Runtime } from '../runtime/router';
import { openSqliteStore } from '../store/sqlite';
import { localSecrets } from './secrets';
import { localSink, sinkOptionsFromEnv } from './sink';

export interface LocalCloudOptions {
  root: string;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  log: Logger;
}

export interface LocalCloud {
  rt: Runtime;
  clock: SettableClock;
  functions: ReadonlyMap<string, CloudFunction>;
  call(name: string, openid: string | null, data: unknown): Promise<Envelope<unknown>>;
  /** runs a timer-triggered function once, as its trigger would */
  run(trigger: string): Promise<Envelope<unknown> | null>;
  close(): Promise<void>;
}

/** Timer triggers and the function each one runs (config.json of that function declares it). */
export const TRIGGERS: Readonly<Record<string, string>> = {
  // R5.3 the notice sender (cloudfunctions/sender/config.json: every minute)
  sender: 'sender',
  // R5.2 due reminders (every minute), R5.4 weekly tips (Mondays 09:00) and knowledge (1st, 15th)
  reminders: 'reminders',
  tips: 'reminders',
  knowledge: 'reminders',
  // issue 10 file retention: uploaded files past the period ops set (daily, 03:00)
  retention: 'maintenance',
};

function loadFunctions(root: string): Map<string, CloudFunction> {
  const dir = join(root, 'cloudfunctions');
  const out = new Map<string, CloudFunction>();
  for (const name of readdirSync(dir)) {
    const file = join(dir, name, 'index.js');
    if (!existsSync(file)) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as { fn?: CloudFunction };
    if (mod.fn) out.set(name, mod.fn);
  }
  return out;
}

export function openLocalCloud(opts: LocalCloudOptions): LocalCloud {
  mkdirSync(opts.dataDir, { recursive: true });
  const store = openSqliteStore(join(opts.dataDir, 'bluecard.db'));
  const clock = new SettableClock();
  const config = configFromEnv(opts.env, localSecrets(opts.dataDir));
  // nothing leaves the machine: the sink records what would have been sent (sentLog)
  const rt: Runtime = { store, clock, config, log: opts.log, sink: localSink(store, sinkOptionsFromEnv(opts.env)) };
  const functions = loadFunctions(opts.root);
  return {
    rt,
    clock,
    functions,
    async call(name, openid, data) {
      const fn = functions.get(name);
      if (!fn) return { ok: false, error: { code: 'NOT_FOUND', message: '没有这个云函数' } };
      const caller: Caller = { openid, source: 'client' };
      return fn.handle(data, caller, rt);
    },
    async run(trigger) {
      const fnName = TRIGGERS[trigger];
      const fn = fnName ? functions.get(fnName) : undefined;
      if (!fn) return null;
      return fn.handle({ action: 'tick', trigger }, { openid: null, source: 'timer' }, rt);
    },
    close: () => store.close(),
  };
}
