/**
 * `npm run preview`: the mini-program in a browser, on http://127.0.0.1:$PREVIEW_PORT (5273).
 *
 * The real pages run here, in Node: each browser tab gets a session worker (preview/session.ts)
 * where miniprogram-simulate renders them in jsdom from a build of miniprogram/, and their service
 * layer calls the local cloud as the tab's WeChat user. The tab shows what the worker renders
 * (HTML over server-sent events, styled with the pages' WXSS converted to CSS) and sends back
 * what the person does (tap on element n, text typed…). See docs/preview.md.
 *
 * Environment: PREVIEW_PORT (0 = any free port), BLUECARD_PORT (use that running local cloud
 * instead of starting one). preview/main.ts is the command; this module is also what the
 * screenshots and the browser journey test start.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { DEMO } from '../server/local/seed';
import { readApp, routesOf } from './app';
import { buildMiniprogram, PROJECT, sourceStamp } from './build';
import { connectCloud, type Cloud } from './cloud';
import type {
  Action,
  Identity,
  Meta,
  Render,
  ServerMessage,
  SessionInit,
  SessionMode,
  WorkerMessage,
} from './protocol';
import { pageCss } from './styles';

interface Build {
  id: string;
  root: string;
  stamp: number;
  css: Map<string, string>;
}

interface Session {
  id: string;
  worker: Worker;
  build: Build;
  clients: Set<http.ServerResponse>;
  last: Render | null;
  idle: Map<number, (version: number) => void>;
  tickets: number;
  touched: number;
  dropTimer: ReturnType<typeof setTimeout> | null;
}

export interface PreviewServer {
  url: string;
  cloud: Cloud;
  close(): Promise<void>;
}

const CLIENT_DIR = path.join(PROJECT, 'preview/client');
/** Where `npm run build` puts the session worker and the browser bundle. */
const DIST = path.join(PROJECT, 'dist/preview');
const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/** The identities of the demo world (server/local/seed.ts), labelled for the switcher. */
export function identities(routes: string[]): Identity[] {
  const home = routes[0] ?? 'pages/home/index';
  const workbench = routes.find((r) => /workbench/.test(r)) ?? home;
  const staff: Record<keyof typeof DEMO.staff, string> = {
    butler: '健康管家',
    manager: '健康经理',
    doctor: '医生',
    agent: '预约专员',
    escortManager: '陪诊主管',
  };
  return [
    { openid: DEMO.holder, label: '会员（尊享版持卡人）', route: home },
    { openid: DEMO.members[0], label: '家庭成员', route: home },
    { openid: DEMO.members[1], label: '家庭成员 2', route: home },
    { openid: DEMO.proHolder, label: '会员（专业版持卡人）', route: home },
    { openid: DEMO.newcomer, label: '新用户（未激活）', route: home },
    ...(Object.keys(staff) as (keyof typeof DEMO.staff)[]).map((role) => ({
      openid: DEMO.staff[role],
      label: `员工：${staff[role]}`,
      route: workbench,
    })),
    { openid: DEMO.admin, label: '管理员', route: workbench },
  ];
}

export async function startPreview(options: { port?: number; quiet?: boolean } = {}): Promise<PreviewServer> {
  const cloud = await connectCloud(PROJECT);
  const builds: Build[] = [];
  const sessions = new Map<string, Session>();
  let sessionCount = 0;
  const log = (line: string) => {
    if (!options.quiet) console.log(line);
  };

  // Rebuilt when miniprogram/ changes (checked as sessions start). A build that fails (a page
  // being edited) keeps the last good one in use and says why in the shell.
  let buildError = '';
  let failedStamp = 0;
  const currentBuild = (): Build => {
    const stamp = sourceStamp();
    const latest = builds.at(-1);
    if (latest && (latest.stamp >= stamp || failedStamp >= stamp)) return latest;
    const t0 = Date.now();
    let root: string;
    try {
      root = buildMiniprogram({ assets: true });
    } catch (err) {
      failedStamp = stamp;
      buildError = err instanceof Error ? err.message : String(err);
      console.error(`building miniprogram/ failed; still showing the last build:\n${buildError}`);
      if (latest) return latest;
      throw err;
    }
    buildError = '';
    const build: Build = { id: `b${builds.length + 1}`, root, stamp, css: new Map() };
    builds.push(build);
    log(`built miniprogram/ into ${root} in ${Date.now() - t0} ms`);
    return build;
  };
  currentBuild();

  const meta = (): Meta => {
    const build = currentBuild();
    const app = readApp(build.root);
    const routes = routesOf(app).map(({ route, package: pkg }) => {
      const exists =
        fs.existsSync(path.join(build.root, `${route}.json`)) && fs.existsSync(path.join(build.root, `${route}.js`));
      let title = '';
      try {
        const json = JSON.parse(fs.readFileSync(path.join(build.root, `${route}.json`), 'utf8')) as Record<
          string,
          unknown
        >;
        title = typeof json['navigationBarTitleText'] === 'string' ? json['navigationBarTitleText'] : '';
      } catch {
        // not built yet
      }
      return { route, package: pkg, exists, title };
    });
    return {
      routes,
      identities: identities(routes.filter((r) => r.exists).map((r) => r.route)),
      tabBar: (app.tabBar?.list ?? []).map((t) => ({
        route: t.pagePath,
        text: t.text,
        icon: t.iconPath ? `/mp/${build.id}/${t.iconPath}` : '',
        activeIcon: t.selectedIconPath ? `/mp/${build.id}/${t.selectedIconPath}` : '',
      })),
      tabColors: {
        color: app.tabBar?.color ?? '#7A7E83',
        selectedColor: app.tabBar?.selectedColor ?? '#3cc51f',
        backgroundColor: app.tabBar?.backgroundColor ?? '#ffffff',
      },
      demoCard: cloud.demoCard,
      cloud: cloud.base,
      build: build.id,
      buildError,
    };
  };

  const createSession = (body: {
    openid?: string;
    route?: string;
    query?: Record<string, string>;
    mode?: SessionMode;
  }): Session => {
    const build = currentBuild();
    const id = `s${++sessionCount}-${Date.now().toString(36)}`;
    const init: SessionInit = {
      root: build.root,
      assets: `/mp/${build.id}/`,
      base: cloud.base,
      openid: body.openid ?? DEMO.holder,
      route: body.route ?? '',
      query: body.query ?? {},
      mode: body.mode ?? {},
    };
    const worker = new Worker(path.join(DIST, 'session.js'), { workerData: init });
    const session: Session = {
      id,
      worker,
      build,
      clients: new Set(),
      last: null,
      idle: new Map(),
      tickets: 0,
      touched: Date.now(),
      dropTimer: null,
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'render') {
        session.last = message.render;
        const data = `data: ${JSON.stringify(message.render)}\n\n`;
        for (const client of session.clients) client.write(data);
      } else {
        session.idle.get(message.ticket)?.(message.version);
        session.idle.delete(message.ticket);
      }
    });
    worker.on('error', (err) => console.error(`session ${id} failed:`, err));
    worker.on('exit', () => {
      sessions.delete(id);
      for (const client of session.clients) client.end();
    });
    sessions.set(id, session);
    log(`session ${id}: ${init.openid} opens ${init.route || '(first page)'}`);
    return session;
  };

  const dropLater = (session: Session, ms: number) => {
    if (session.dropTimer) clearTimeout(session.dropTimer);
    session.dropTimer = setTimeout(() => {
      if (session.clients.size === 0 && Date.now() - session.touched >= ms) void session.worker.terminate();
    }, ms);
  };

  const send = (res: http.ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8') => {
    const text = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(text);
  };

  const readBody = (req: http.IncomingMessage): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('error', reject);
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve(text ? (JSON.parse(text) as unknown) : {});
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    });

  const serveFile = (res: http.ServerResponse, file: string) => {
    fs.readFile(file, (err, data) => {
      if (err) return send(res, 404, 'not found', 'text/plain; charset=utf-8');
      send(res, 200, data, MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
    });
  };

  const route = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const p = url.pathname;
    if (req.method === 'GET' && (p === '/' || p === '/index.html'))
      return serveFile(res, path.join(CLIENT_DIR, 'index.html'));
    if (req.method === 'GET' && p === '/client.js') return serveFile(res, path.join(DIST, 'client.js'));
    if (req.method === 'GET' && /^\/(shell|wx)\.css$/.test(p)) return serveFile(res, path.join(CLIENT_DIR, p.slice(1)));
    if (req.method === 'GET' && p === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (req.method === 'GET' && p === '/api/meta') return send(res, 200, meta());
    if (req.method === 'POST' && p === '/api/clock') {
      // the local cloud's clock (not the pages'): {days} ahead of now, or {now: null} to follow it
      const body = (await readBody(req)) as { days?: number; now?: string | null };
      const now =
        typeof body.days === 'number'
          ? new Date(Date.now() + body.days * 86_400_000).toISOString()
          : (body.now ?? null);
      const answer = await fetch(`${cloud.base}/_dev/clock`, { method: 'POST', body: JSON.stringify({ now }) });
      return send(res, 200, await answer.json());
    }
    if (req.method === 'GET' && p === '/api/outbox') {
      const answer = await fetch(`${cloud.base}/_dev/outbox`).then((r) => r.json() as Promise<unknown>);
      return send(res, 200, answer);
    }
    const asset = /^\/mp\/(b\d+)\/(.+)$/.exec(p);
    if (req.method === 'GET' && asset) {
      const build = builds.find((b) => b.id === asset[1]);
      const rel = path.normalize(decodeURIComponent(asset[2] ?? ''));
      if (!build || rel.startsWith('..') || path.isAbsolute(rel)) return send(res, 404, 'not found', 'text/plain');
      return serveFile(res, path.join(build.root, rel));
    }
    const css = /^\/css\/(b\d+)\/(.+)\.css$/.exec(p);
    if (req.method === 'GET' && css) {
      const build = builds.find((b) => b.id === css[1]);
      const pageRoute = decodeURIComponent(css[2] ?? '');
      if (!build || pageRoute.includes('..')) return send(res, 404, 'not found', 'text/plain');
      let text = build.css.get(pageRoute);
      if (text === undefined) {
        text = pageCss(build.root, pageRoute, PROJECT);
        build.css.set(pageRoute, text);
      }
      return send(res, 200, text, MIME['.css']);
    }
    if (req.method === 'POST' && p === '/api/session') {
      const body = (await readBody(req)) as Parameters<typeof createSession>[0];
      const session = createSession(body);
      dropLater(session, 60_000);
      return send(res, 200, { id: session.id, build: session.build.id });
    }
    const m = /^\/api\/session\/([\w-]+)(?:\/(events|action|idle|render))?$/.exec(p);
    if (m) {
      const session = sessions.get(m[1] ?? '');
      if (!session) return send(res, 404, { error: 'no such session (it ends when its tab closes)' });
      if (m[2] === undefined && req.method === 'DELETE') {
        await session.worker.terminate();
        return send(res, 200, { ok: true });
      }
      session.touched = Date.now();
      if (m[2] === 'events' && req.method === 'GET') {
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-store',
          connection: 'keep-alive',
        });
        res.write(': connected\n\n');
        if (session.last) res.write(`data: ${JSON.stringify(session.last)}\n\n`);
        session.clients.add(res);
        req.on('close', () => {
          session.clients.delete(res);
          session.touched = Date.now();
          // a reload opens a new session; this one only waits for EventSource's own reconnects
          if (session.clients.size === 0) dropLater(session, 10_000);
        });
        return;
      }
      if (m[2] === 'action' && req.method === 'POST') {
        const action = (await readBody(req)) as Action;
        const message: ServerMessage = { type: 'action', action };
        session.worker.postMessage(message);
        return send(res, 200, { ok: true });
      }
      if (m[2] === 'idle' && req.method === 'GET') {
        const quietMs = Math.min(5000, Math.max(0, Number(url.searchParams.get('quiet') ?? 300) || 0));
        const ticket = ++session.tickets;
        const version = await new Promise<number>((resolve) => {
          session.idle.set(ticket, resolve);
          const message: ServerMessage = { type: 'idle', ticket, quietMs };
          session.worker.postMessage(message);
        });
        return send(res, 200, { version });
      }
      if (m[2] === 'render' && req.method === 'GET') return send(res, 200, session.last);
    }
    return send(res, 404, { error: 'not found' });
  };

  const server = http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      console.error('preview request failed', err);
      if (!res.headersSent) send(res, 500, { error: String(err) });
    });
  });
  const wanted = options.port ?? Number(process.env['PREVIEW_PORT'] ?? 5273);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(wanted, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : wanted}`;

  return {
    url,
    cloud,
    async close() {
      for (const session of sessions.values()) {
        for (const client of session.clients) client.end();
        await session.worker.terminate();
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await cloud.stop();
      for (const build of builds) fs.rmSync(build.root, { recursive: true, force: true });
    },
  };
}
