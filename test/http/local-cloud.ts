/**
 * Starts the real local cloud (`node dist/local/server.js`, built by `npm test`'s build step) on a
 * free port over a fresh temporary data folder, and talks to it over HTTP as the contract says.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SentLogDoc } from '../../server/store/collections';
import type { Envelope, Notice } from '../../typings/contract';

const ROOT = resolve(__dirname, '..', '..');

export interface LocalCloudProcess {
  base: string;
  dataDir: string;
  /** stdout + stderr so far */
  output(): string;
  call<T = unknown>(fn: string, openid: string | null, data: unknown): Promise<Envelope<T>>;
  /** the data of an ok answer; fails the test otherwise */
  ok<T = unknown>(fn: string, openid: string | null, data: unknown): Promise<T>;
  setClock(now: string | null): Promise<void>;
  outbox(): Promise<Notice[]>;
  /** POST /_dev/run/{trigger}: runs a timer-triggered function once, now */
  run<T = unknown>(trigger: string): Promise<Envelope<T>>;
  /** GET /_dev/sent: what the local sink would have sent, one row per message that got through */
  sent(): Promise<SentRow[]>;
  raw(path: string, init?: RequestInit): Promise<Response>;
  /** GET /_dev/dump: hashes of the whole database (`exclude`: collections left out of `hash`) */
  dump(exclude?: string[]): Promise<DumpSummary>;
  /** SIGTERM and wait; resolves with the exit code */
  stop(): Promise<number | null>;
  kill(): Promise<void>;
}

/** GET /_dev/dump's answer (server/local/http.ts). */
export interface DumpSummary {
  hash: string;
  excluded: string[];
  collections: Record<string, { count: number; hash: string }>;
}

/** A message the local sink recorded (server/local/sink.ts): its sentLog document, `_id` as `sentId`. */
export interface SentRow extends Omit<SentLogDoc, '_id'> {
  sentId: string;
}

export interface StartOptions {
  seed?: 'demo' | 'none';
  admins?: string[];
  dataDir?: string;
  env?: Record<string, string>;
}

export async function startLocalCloud(opts: StartOptions = {}): Promise<LocalCloudProcess> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'bluecard-test-'));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist/local/server.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      BLUECARD_PORT: '0',
      BLUECARD_DATA_DIR: dataDir,
      BLUECARD_SEED: opts.seed ?? 'none',
      BLUECARD_ADMIN_OPENIDS: (opts.admins ?? ['test-admin']).join(','),
      // tests run timers themselves (POST /_dev/run/{trigger}): nothing may move on its own
      BLUECARD_TIMERS: 'off',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));

  const port = await new Promise<number>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`local cloud did not start:\n${out}`)), 20000);
    const look = () => {
      const m = /ready on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(Number(m[1]));
      }
    };
    child.stdout?.on('data', look);
    child.on('exit', () => {
      clearTimeout(timer);
      fail(new Error(`local cloud exited:\n${out}`));
    });
  });
  const base = `http://127.0.0.1:${port}`;

  const call = async <T>(fn: string, openid: string | null, data: unknown): Promise<Envelope<T>> => {
    const res = await fetch(`${base}/call/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid, data }),
    });
    return (await res.json()) as Envelope<T>;
  };

  return {
    base,
    dataDir,
    output: () => out,
    call,
    async ok<T>(fn: string, openid: string | null, data: unknown): Promise<T> {
      const e = await call<T>(fn, openid, data);
      if (!e.ok)
        throw new Error(`${fn} ${JSON.stringify(data).slice(0, 200)} answered ${e.error.code}: ${e.error.message}`);
      return e.data;
    },
    async setClock(now) {
      const res = await fetch(`${base}/_dev/clock`, { method: 'POST', body: JSON.stringify({ now }) });
      const e = (await res.json()) as Envelope<unknown>;
      if (!e.ok) throw new Error(`clock: ${e.error.message}`);
    },
    async outbox() {
      const e = (await (await fetch(`${base}/_dev/outbox`)).json()) as Envelope<Notice[]>;
      if (!e.ok) throw new Error('outbox');
      return e.data;
    },
    async run<T>(trigger: string): Promise<Envelope<T>> {
      return (await (await fetch(`${base}/_dev/run/${trigger}`, { method: 'POST' })).json()) as Envelope<T>;
    },
    async sent() {
      const e = (await (await fetch(`${base}/_dev/sent`)).json()) as Envelope<SentRow[]>;
      if (!e.ok) throw new Error('sent');
      return e.data;
    },
    raw: (path, init) => fetch(`${base}${path}`, init),
    async dump(exclude = []) {
      const q = exclude.length ? `?exclude=${exclude.join(',')}` : '';
      const e = (await (await fetch(`${base}/_dev/dump${q}`)).json()) as Envelope<DumpSummary>;
      if (!e.ok) throw new Error('dump');
      return e.data;
    },
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
