/**
 * Issue 10: actions that only timers may run refuse every client call. Deployed, the caller's kind
 * comes from `getWXContext().SOURCE` (runtime/deployed.ts `callerFrom`), which WeChat sets and a
 * client cannot; the router runs a `timer` action only for `source: 'timer'`.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { callerFrom, deployedMain } from '../../server/runtime/deployed';
import { defineFunction, type Caller, type CloudFunction, type Runtime } from '../../server/runtime/router';
import { openSqliteStore, type SqliteStore } from '../../server/store/sqlite';

const TIMER_REFUSED = '此操作仅由系统定时任务执行';

describe('callerFrom (getWXContext → caller)', () => {
  it('a timer trigger (SOURCE wx_trigger) is the timer', () => {
    expect(callerFrom({ SOURCE: 'wx_trigger' })).toEqual({ openid: null, source: 'timer' });
    // a timer's function calling another function keeps the timer's origin
    expect(callerFrom({ SOURCE: 'wx_trigger,scf' }).source).toBe('timer');
  });

  it.each([
    'wx_client',
    'wx_devtools',
    'wx_http',
    'scf',
    'wx_client,scf',
    'wx_devtools,scf',
    'wx_http,scf',
    'scf,wx_trigger',
    'wx_client,wx_trigger',
    'wx_trigger,wx_client',
    'wx_trigger, wx_client',
    ' wx_client',
    'WX_TRIGGER',
    '',
    'wx_triggers',
    'trigger',
  ])('SOURCE %j never becomes the timer', (SOURCE) => {
    expect(callerFrom({ OPENID: 'o-user', SOURCE }).source).not.toBe('timer');
  });

  it('calls a person started are clients, wherever they pass on the way', () => {
    for (const SOURCE of [
      'wx_client',
      'wx_devtools',
      'wx_http',
      'wx_client,scf',
      'wx_trigger,wx_client',
      'scf,wx_http,scf',
    ]) {
      expect(callerFrom({ OPENID: 'o-user', SOURCE }).source).toBe('client');
    }
  });

  it('without SOURCE the call is no timer, and an empty OPENID is no identity', () => {
    expect(callerFrom({})).toEqual({ openid: null, source: 'server' });
    expect(callerFrom({ OPENID: '', SOURCE: 'wx_client' })).toEqual({ openid: null, source: 'client' });
  });
});

describe('the router refuses timer actions to everything but the timer', () => {
  let dir: string;
  let store: SqliteStore;
  let rt: Runtime;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bluecard-timer-'));
    store = openSqliteStore(join(dir, 'db.sqlite'));
    rt = {
      store,
      clock: { now: () => new Date('2026-03-10T02:00:00Z') },
      config: { adminOpenids: new Set(['o-admin']), secret: Buffer.alloc(32, 1), dataKey: Buffer.alloc(32, 2) },
      log: { info: () => undefined, error: () => undefined },
      sink: { send: () => Promise.resolve({ ok: true }) },
    };
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ran: string[] = [];
  // a function of the contract with a timer action, as the real ones are built
  const fn = defineFunction('sender', {
    tick: {
      access: 'timer',
      schema: z.strictObject({ trigger: z.string().max(64).exactOptional() }),
      run: () => {
        ran.push('tick');
        return Promise.resolve({ sent: 0, retrying: 0, failed: 0, skipped: 0 });
      },
    },
  });

  it.each<[string, Caller]>([
    ['a member', { openid: 'o-user', source: 'client' }],
    ['an admin', { openid: 'o-admin', source: 'client' }],
    ['another function (no trigger)', { openid: 'o-user', source: 'server' }],
    ['a server call without identity', { openid: null, source: 'server' }],
  ])('%s calling tick → PERMISSION_DENIED, nothing runs', async (_who, caller) => {
    ran.length = 0;
    const answer = await fn.handle({ action: 'tick' }, caller, rt);
    // without an identity the router stops even earlier ("请在微信中打开")
    expect(answer).toEqual({
      ok: false,
      error: { code: 'PERMISSION_DENIED', message: caller.openid ? TIMER_REFUSED : expect.stringMatching(/微信/) },
    });
    expect(ran).toEqual([]);
  });

  it('the timer runs it', async () => {
    ran.length = 0;
    const answer = await fn.handle({ action: 'tick', trigger: 'sender' }, { openid: null, source: 'timer' }, rt);
    expect(answer.ok).toBe(true);
    expect(ran).toEqual(['tick']);
  });

  it('every built function with a timer action refuses it to clients and other functions', async () => {
    const dirOf = join(__dirname, '..', '..', 'server', 'functions');
    const withTick: string[] = [];
    for (const file of readdirSync(dirOf).filter((f) => f.endsWith('.ts'))) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(join(dirOf, file)) as { fn: CloudFunction };
      if (!mod.fn.actions.includes('tick')) continue;
      withTick.push(mod.fn.name);
      for (const caller of [
        { openid: 'o-user', source: 'client' },
        { openid: 'o-admin', source: 'client' },
        { openid: 'o-user', source: 'server' },
      ] satisfies Caller[]) {
        const answer = await mod.fn.handle({ action: 'tick', trigger: 'retention' }, caller, rt);
        expect({ fn: mod.fn.name, answer }).toEqual({
          fn: mod.fn.name,
          answer: { ok: false, error: { code: 'PERMISSION_DENIED', message: TIMER_REFUSED } },
        });
      }
    }
    expect(withTick).toEqual(expect.arrayContaining(['sender', 'reminders', 'maintenance']));
  });
});

describe('deployed: a client SOURCE cannot run a timer action whatever it sends', () => {
  const context = { OPENID: 'o-user', SOURCE: 'wx_client' };
  const env = { ...process.env };

  let quiet: jest.SpyInstance;

  beforeAll(() => {
    // the deployed host logs a line a call to the console
    quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    process.env.BLUECARD_SECRET = '11'.repeat(32);
    process.env.BLUECARD_DATA_KEY = '22'.repeat(32);
    jest.doMock(
      'wx-server-sdk',
      () => ({
        DYNAMIC_CURRENT_ENV: 'env',
        init: () => undefined,
        database: () => ({}),
        getWXContext: () => context,
        openapi: {},
      }),
      { virtual: true },
    );
  });
  afterAll(() => {
    quiet.mockRestore();
    process.env = env;
    jest.dontMock('wx-server-sdk');
  });

  it.each(['wx_client', 'wx_devtools', 'wx_http', 'wx_client,scf'])(
    'SOURCE %s: tick, even dressed as a timer event → PERMISSION_DENIED',
    async (SOURCE) => {
      context.SOURCE = SOURCE;
      const fn = defineFunction('reminders', {
        tick: {
          access: 'timer',
          schema: z.strictObject({ trigger: z.string().max(64).exactOptional() }),
          run: () => Promise.reject(new Error('must not run')),
        },
      });
      const main = deployedMain(fn);
      for (const event of [{ action: 'tick' }, { action: 'tick', trigger: 'reminders' }]) {
        expect(await main(event)).toEqual({ ok: false, error: { code: 'PERMISSION_DENIED', message: TIMER_REFUSED } });
      }
      // a client event is taken as it is: a timer's fields are just unknown fields to the schema
      expect(await main({ Type: 'Timer', TriggerName: 'reminders', action: 'tick' })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT' },
      });
    },
  );
});
