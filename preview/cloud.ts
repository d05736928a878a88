/**
 * The local cloud the preview talks to: the one on $BLUECARD_PORT when that is set (as `npm
 * start` runs it), else one of its own (`node dist/local/server.js`, built by `npm run build`)
 * on a free port over a temporary data folder, seeded with the demo world. From its own cloud's
 * seed banner the preview learns the demo card a newcomer activates.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface Cloud {
  base: string;
  demoCard: { cardNo: string; code: string } | null;
  /** stdout and stderr so far (own cloud only) */
  output(): string;
  stop(): Promise<void>;
}

export async function connectCloud(project: string, env: NodeJS.ProcessEnv = process.env): Promise<Cloud> {
  const port = env['BLUECARD_PORT'];
  if (port) {
    const base = `http://127.0.0.1:${port}`;
    const res = await fetch(`${base}/_dev/outbox`).catch(() => null);
    if (!res) throw new Error(`no local cloud answers on ${base} (BLUECARD_PORT): start it with npm start`);
    return { base, demoCard: null, output: () => '', stop: () => Promise.resolve() };
  }
  return startCloud(project, env);
}

async function startCloud(project: string, env: NodeJS.ProcessEnv): Promise<Cloud> {
  const server = path.join(project, 'dist/local/server.js');
  if (!fs.existsSync(server)) throw new Error(`${server} is missing: run npm run build first`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bluecard-preview-'));
  const child: ChildProcess = spawn(process.execPath, [server], {
    cwd: project,
    env: { ...env, BLUECARD_PORT: '0', BLUECARD_DATA_DIR: dataDir, BLUECARD_SEED: 'demo' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the local cloud did not start:\n${out}`)), 30000);
    const look = () => {
      const m = /ready on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on('data', look);
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`the local cloud exited:\n${out}`));
    });
  });
  const card = /cardNo (\S+)\s+code (\S+)/.exec(out);
  return {
    base: `http://127.0.0.1:${port}`,
    demoCard: card ? { cardNo: card[1] ?? '', code: card[2] ?? '' } : null,
    output: () => out,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
