/**
 * The local cloud's HTTP face, exactly the contract's "Calling" section. Bound to 127.0.0.1;
 * the /_dev endpoints also refuse any peer that is not loopback, in case someone binds wider.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Envelope } from '../../typings/contract';
import { noticeView } from '../app/outbox';
import type { Store } from '../store/port';
import type { LocalCloud } from './cloud';

/** Bodies are read up to this; beyond it the call is answered INVALID_ARGUMENT, unread. */
export const MAX_BODY_BYTES = 1024 * 1024;

type Body = { ok: true; value: unknown } | { ok: false; reason: 'too-large' | 'bad-json' };

function readBody(req: IncomingMessage): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => {
      if (tooLarge) return resolve({ ok: false, reason: 'too-large' });
      const raw = Buffer.concat(chunks).toString('utf8');
      try {
        resolve({ ok: true, value: raw.length ? (JSON.parse(raw) as unknown) : {} });
      } catch {
        resolve({ ok: false, reason: 'bad-json' });
      }
    });
    req.on('error', () => resolve({ ok: false, reason: 'bad-json' }));
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

const invalid = (message: string): Envelope<never> => ({ ok: false, error: { code: 'INVALID_ARGUMENT', message } });
const notFound: Envelope<never> = { ok: false, error: { code: 'NOT_FOUND', message: '没有这个接口' } };

function isLoopback(addr: string | undefined): boolean {
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The SQLite store's byte-exact snapshot (server/store/sqlite.ts), when the store has one. */
function canDump(store: Store): store is Store & { dump(): Promise<string> } {
  return typeof (store as { dump?: unknown }).dump === 'function';
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** What GET /_dev/dump answers: hashes only, never a document (the data stays in the database). */
export interface DumpSummary {
  /** sha256 of every line of `dump()` whose collection is not excluded */
  hash: string;
  excluded: string[];
  /** per collection (those with documents): how many, and the sha256 of their lines */
  collections: Record<string, { count: number; hash: string }>;
}

/**
 * Hashes of the store's `dump()` (one line a document, `collection\tid\tbody`, sorted): tests
 * compare two of these to prove that refused calls changed nothing. `exclude` leaves collections
 * out of `hash` (say `rates`: abuse counters count refused attempts by design).
 */
export function summarizeDump(dump: string, exclude: readonly string[]): DumpSummary {
  const lines = new Map<string, string[]>();
  for (const line of dump.split('\n')) {
    if (line === '') continue;
    const coll = line.slice(0, line.indexOf('\t'));
    const list = lines.get(coll) ?? [];
    list.push(line);
    lines.set(coll, list);
  }
  const names = [...lines.keys()].sort();
  const collections: DumpSummary['collections'] = {};
  for (const name of names) {
    const list = lines.get(name) ?? [];
    collections[name] = { count: list.length, hash: sha256(list.join('\n')) };
  }
  const kept = names.filter((n) => !exclude.includes(n)).flatMap((n) => lines.get(n) ?? []);
  return { hash: sha256(kept.join('\n')), excluded: [...exclude], collections };
}

export function createHttpServer(cloud: LocalCloud, isReady: () => boolean): Server {
  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (req.method === 'GET' && path === '/health') {
      return isReady() ? send(res, 200, { ok: true }) : send(res, 503, { ok: false });
    }
    const call = /^\/call\/([A-Za-z0-9_-]{1,64})$/.exec(path);
    if (req.method === 'POST' && call) {
      const body = await readBody(req);
      if (!body.ok) return send(res, 200, invalid(body.reason === 'too-large' ? '请求内容过大' : '请求格式有误'));
      if (!isRecord(body.value)) return send(res, 200, invalid('请求格式有误'));
      const { openid, data } = body.value;
      if (openid !== undefined && openid !== null && typeof openid !== 'string') {
        return send(res, 200, invalid('请求格式有误'));
      }
      const answer = await cloud.call(
        call[1] as string,
        typeof openid === 'string' && openid ? openid : null,
        data ?? {},
      );
      return send(res, 200, answer);
    }
    if (path.startsWith('/_dev/')) {
      if (!isLoopback(req.socket.remoteAddress) || !isLoopback(req.socket.localAddress)) {
        return send(res, 403, { ok: false, error: { code: 'PERMISSION_DENIED', message: '仅限本机访问' } });
      }
      if (req.method === 'POST' && path === '/_dev/clock') {
        const body = await readBody(req);
        if (!body.ok || !isRecord(body.value) || !('now' in body.value)) return send(res, 200, invalid('需要 now'));
        const now = body.value.now;
        if (now === null) cloud.clock.set(null);
        else if (typeof now === 'string' && !Number.isNaN(Date.parse(now))) cloud.clock.set(new Date(now));
        else return send(res, 200, invalid('now 应为 ISO 8601 时间或 null'));
        return send(res, 200, { ok: true, data: { now: cloud.clock.now().toISOString(), fixed: cloud.clock.isSet } });
      }
      if (req.method === 'GET' && path === '/_dev/outbox') {
        const docs = await cloud.rt.store.find(
          'outbox',
          {},
          {
            orderBy: [
              ['createdAt', 'asc'],
              ['_id', 'asc'],
            ],
          },
        );
        // the contract's notices: a sender's claim shows as pending, its internals stay inside
        return send(res, 200, { ok: true, data: docs.map(noticeView) });
      }
      if (req.method === 'GET' && path === '/_dev/sent') {
        // what the local sink would have sent, oldest first: one row per message that got through
        const docs = await cloud.rt.store.find(
          'sentLog',
          {},
          {
            orderBy: [
              ['at', 'asc'],
              ['_id', 'asc'],
            ],
          },
        );
        const data = docs.map(({ _id, ...rest }) => ({ sentId: _id, ...rest }));
        return send(res, 200, { ok: true, data });
      }
      if (req.method === 'GET' && path === '/_dev/dump') {
        // a deterministic snapshot of the whole database, as hashes (issue 10's fuzz and authz tests)
        const { store } = cloud.rt;
        if (!canDump(store)) return send(res, 404, notFound);
        const exclude = (url.searchParams.get('exclude') ?? '').split(',').filter((n) => n !== '');
        return send(res, 200, { ok: true, data: summarizeDump(await store.dump(), exclude) });
      }
      const run = /^\/_dev\/run\/([A-Za-z0-9_-]{1,64})$/.exec(path);
      if (req.method === 'POST' && run) {
        await readBody(req);
        const answer = await cloud.run(run[1] as string);
        return answer ? send(res, 200, answer) : send(res, 404, notFound);
      }
    }
    return send(res, 404, notFound);
  }

  return createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      cloud.rt.log.error('http route failed', e);
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } });
    });
  });
}
