/**
 * The real local cloud (dist/local/server.js) as a child process of the bench, over a fresh data
 * folder, with what a bench needs beyond the HTTP tests' launcher: the child's pid, so that its
 * own CPU time can be read (/proc/<pid>/stat, Linux), and its output drained, not kept.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Envelope } from '../../typings/contract';
import { ADMIN, ROOT, type Calls } from './world';

export interface LocalServer extends Calls {
  base: string;
  pid: number;
  /** user + system CPU seconds the server process has used so far; null off Linux */
  cpuSeconds(): number | null;
  /** seconds its main thread has spent runnable but waiting for a CPU (/proc schedstat); null off Linux */
  runQueueSeconds(): number | null;
  stop(): Promise<void>;
}

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

export async function startServer(env: Record<string, string> = {}): Promise<LocalServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bluecard-bench-'));
  const child = spawn(process.execPath, [join(ROOT, 'dist/local/server.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      BLUECARD_PORT: '0',
      BLUECARD_DATA_DIR: dataDir,
      BLUECARD_SEED: 'none',
      BLUECARD_ADMIN_OPENIDS: ADMIN,
      BLUECARD_TIMERS: 'off',
      TZ: 'UTC',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let head = '';
  const exited = new Promise<void>((ok) => child.on('exit', () => ok()));
  const port = await new Promise<number>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`local cloud did not start:\n${head}`)), 20_000);
    const look = (b: Buffer) => {
      // only the start is kept; afterwards one line a call is read and dropped
      if (head.length < 10_000) head += b.toString();
      const m = /ready on http:\/\/127\.0\.0\.1:(\d+)/.exec(head);
      if (m) {
        clearTimeout(timer);
        ok(Number(m[1]));
      }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.on('exit', () => {
      clearTimeout(timer);
      fail(new Error(`local cloud exited:\n${head}`));
    });
  });
  const base = `http://127.0.0.1:${port}`;
  const pid = child.pid ?? -1;
  const ticks = clockTicks();

  const call = async (fn: string, openid: string | null, data: unknown): Promise<Envelope<unknown>> => {
    const res = await fetch(`${base}/call/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid, data }),
    });
    return (await res.json()) as Envelope<unknown>;
  };
  return {
    base,
    pid,
    call,
    async ok<T>(fn: string, openid: string | null, data: unknown): Promise<T> {
      const e = await call(fn, openid, data);
      if (!e.ok) throw new Error(`${fn} ${JSON.stringify(data).slice(0, 160)}: ${e.error.code} ${e.error.message}`);
      return e.data as T;
    },
    async setClock(at: Date | null): Promise<void> {
      const res = await fetch(`${base}/_dev/clock`, {
        method: 'POST',
        body: JSON.stringify({ now: at ? at.toISOString() : null }),
      });
      const e = (await res.json()) as Envelope<unknown>;
      if (!e.ok) throw new Error(`clock: ${e.error.message}`);
    },
    cpuSeconds(): number | null {
      try {
        // fields after the command name (which is in parentheses): utime is the 12th, stime the 13th
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(fields[11]) + Number(fields[12])) / ticks;
      } catch {
        return null;
      }
    },
    runQueueSeconds(): number | null {
      try {
        // "<ns on a CPU> <ns waiting on a run queue> <timeslices>", of the main thread: the one
        // that runs JavaScript and SQLite
        return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9;
      } catch {
        return null;
      }
    },
    async stop(): Promise<void> {
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
