/**
 * An in-process host for benches: the built cloud functions (cloudfunctions/<fn>/index.js, what
 * the local cloud and WeChat run) over a store of our choosing — the local cloud's SQLite store,
 * or the CloudBase adapter over the SDK double — with a settable clock. Plus the few steps every
 * bench needs: issue and activate a card, add family, put the demo directory in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Edition, Envelope, Res } from '../../typings/contract';
import { openLocalCloud } from '../../server/local/cloud';
import { DEMO_DIRECTORY } from '../../server/local/demo-directory';
import { localSecrets } from '../../server/local/secrets';
import { SettableClock } from '../../server/runtime/clock';
import { configFromEnv } from '../../server/runtime/config';
import type { CloudFunction, Logger, Runtime } from '../../server/runtime/router';
import type { NoticeSink } from '../../server/runtime/sink';
import { cloudbaseStore } from '../../server/store/cloudbase';
import type { Store } from '../../server/store/port';
import { CloudDbDouble } from '../../test/store/cloudbase-double';

export const ROOT = process.env.BENCH_ROOT ?? process.cwd();
export const ADMIN = 'bench-admin';

export const silent: Logger = { info: () => undefined, error: (line, e) => console.error(line, e) };
const nullSink: NoticeSink = { send: () => Promise.resolve({ ok: true }) };

/** What the world's steps need: calls and the clock, in process or over HTTP (lib/server.ts). */
export interface Calls {
  call(fn: string, openid: string | null, data: unknown): Promise<Envelope<unknown>>;
  ok<T>(fn: string, openid: string | null, data: unknown): Promise<T>;
  setClock(at: Date | null): void | Promise<void>;
}

export interface Host extends Calls {
  rt: Runtime;
  store: Store;
  clock: SettableClock;
  dataDir: string;
  close(): Promise<void>;
}

function hostOf(
  functions: ReadonlyMap<string, CloudFunction>,
  rt: Runtime,
  clock: SettableClock,
  dataDir: string,
  close: () => Promise<void>,
): Host {
  const call = (fn: string, openid: string | null, data: unknown): Promise<Envelope<unknown>> => {
    const f = functions.get(fn);
    if (!f) throw new Error(`no function ${fn}`);
    return f.handle(data, { openid, source: openid === null ? 'timer' : 'client' }, rt);
  };
  return {
    rt,
    store: rt.store,
    clock,
    dataDir,
    call,
    async ok<T>(fn: string, openid: string | null, data: unknown): Promise<T> {
      const e = await call(fn, openid, data);
      if (!e.ok) throw new Error(`${fn} ${JSON.stringify(data).slice(0, 160)}: ${e.error.code} ${e.error.message}`);
      return e.data as T;
    },
    setClock: (at) => clock.set(at),
    close: async () => {
      await close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const ENV = { ...process.env, BLUECARD_ADMIN_OPENIDS: ADMIN };

/** The local cloud in this process, over a fresh SQLite file. */
export function sqliteHost(): Host {
  const dataDir = mkdtempSync(join(tmpdir(), 'bluecard-bench-'));
  const cloud = openLocalCloud({ root: ROOT, dataDir, env: ENV, log: silent });
  return hostOf(cloud.functions, cloud.rt, cloud.clock, dataDir, () => cloud.close());
}

/** The same functions over the CloudBase adapter and the in-memory SDK double (no latency). */
export function cloudbaseHost(): Host {
  const dataDir = mkdtempSync(join(tmpdir(), 'bluecard-bench-'));
  // the local cloud only to load the very bundles it runs; its store stays unused
  const cloud = openLocalCloud({ root: ROOT, dataDir, env: ENV, log: silent });
  const clock = new SettableClock();
  const store = cloudbaseStore(new CloudDbDouble({ latency: () => Promise.resolve() }));
  const rt: Runtime = { store, clock, config: configFromEnv(ENV, localSecrets(dataDir)), log: silent, sink: nullSink };
  return hostOf(cloud.functions, rt, clock, dataDir, () => cloud.close());
}

// -- people ------------------------------------------------------------------------------------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A valid 18-character ID number for a 17-digit body (GB 11643 check character). */
export function idNumberOf(body: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body.charAt(i)) * (ID_WEIGHTS[i] ?? 0);
  return body + '10X98765432'.charAt(sum % 11);
}

let people = 0;
/** A new adult (born 1985-06-15) with a distinct ID number and phone. */
export function person(): { name: string; idNumber: string; phone: string } {
  const n = ++people;
  return {
    name: `王${'伟芳娜敏静丽强磊军洋'.charAt(n % 10)}${'明超秀霞平'.charAt(n % 5)}`,
    idNumber: idNumberOf(`3301061985061${String(n).padStart(4, '0')}`),
    phone: `1370${String(n).padStart(7, '0')}`,
  };
}

// -- the world ---------------------------------------------------------------------------------

export interface BenchCard {
  cardId: string;
  holder: string;
  /** openids of the holder and the family members */
  people: string[];
}

let orderSeq = 0;

/** Issues a card, activates it at `activateAt` for a fresh holder, adds `family` members by invite. */
export async function newCard(h: Calls, edition: Edition, activateAt: string, family = 0): Promise<BenchCard> {
  const orderDate = new Date(Date.parse(activateAt) + 8 * 3600_000 - 5 * 86400_000).toISOString().slice(0, 10);
  const { cards } = await h.ok<Res<'admin', 'issueCards'>>('admin', ADMIN, {
    action: 'issueCards',
    orderNo: `BENCH-${process.pid}-${++orderSeq}`,
    orderDate,
    edition,
  });
  const issued = cards[0];
  if (!issued) throw new Error('no card issued');
  await h.setClock(new Date(activateAt));
  const holder = `bench-holder-${orderSeq}`;
  const { card } = await h.ok<Res<'card', 'activate'>>('card', holder, {
    action: 'activate',
    cardNo: issued.cardNo,
    code: issued.code,
    ...person(),
  });
  const openids = [holder];
  for (let i = 0; i < family; i++) {
    const { token } = await h.ok<Res<'card', 'createInvite'>>('card', holder, {
      action: 'createInvite',
      cardId: card.cardId,
    });
    const openid = `bench-member-${orderSeq}-${i}`;
    await h.ok('card', openid, { action: 'acceptInvite', token, ...person() });
    openids.push(openid);
  }
  return { cardId: card.cardId, holder, people: openids };
}

/** The demo directory (hospitals, experts, family doctors), as seed 'demo' has it. */
export async function putDirectory(store: Store): Promise<void> {
  for (const d of DEMO_DIRECTORY) await store.put('directory', d);
}

/** A card activated 2026-05-10 (out of the waiting period by 2026-06-01, a Monday, 10:00). */
export const ACTIVATED = '2026-05-10T10:00:00+08:00';
export const TODAY = '2026-06-01T10:00:00+08:00';
/** R4.2's window for a request on TODAY. */
export const WANTED = ['2026-06-04', '2026-06-05', '2026-06-08'] as const;
export const HOSPITAL = '复旦大学附属中山医院';
