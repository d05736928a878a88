import * as http from 'http';
import type { AddressInfo } from 'net';
import type { Envelope } from '../../typings/contract';
import { call, NETWORK_MESSAGE, ServiceError, setTransport } from '../../miniprogram/services/call';
import * as card from '../../miniprogram/services/card';
import { httpTransport, type CallData, type FetchLike, type Transport } from '../../miniprogram/services/transport';
import { nodeFetch } from './node-fetch';

let restore: Transport | null = null;
function use(transport: Transport): void {
  const previous = setTransport(transport);
  restore ??= previous;
}
afterEach(() => {
  if (restore) setTransport(restore);
  restore = null;
});

async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ServiceError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('call()', () => {
  test('sends { action, ...params } and resolves with the envelope’s data', async () => {
    const sent: [string, CallData][] = [];
    use((name, data) => {
      sent.push([name, data]);
      return Promise.resolve({ ok: true, data: { token: 't-1', expiresAt: '2026-03-13T10:00:00+08:00' } });
    });

    await expect(card.createInvite('c-1')).resolves.toEqual({
      token: 't-1',
      expiresAt: '2026-03-13T10:00:00+08:00',
    });
    expect(sent).toEqual([['card', { action: 'createInvite', cardId: 'c-1' }]]);
  });

  test('turns { ok: false } into a ServiceError with the function’s code and message', async () => {
    use(() => Promise.resolve({ ok: false, error: { code: 'HOLDER_ONLY', message: '该权益仅限持卡人本人使用' } }));

    const err = await rejection(card.mine());
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('HOLDER_ONLY');
    expect(err.message).toBe('该权益仅限持卡人本人使用');
  });

  test('a transport failure is INTERNAL, worded for the member, without the technical cause', async () => {
    use(() => Promise.reject(new Error('cloud.callFunction:fail -404011 cloud function execution error')));

    const err = await rejection(call('card', 'mine', {}));
    expect(err.code).toBe('INTERNAL');
    expect(err.message).toBe(NETWORK_MESSAGE);
  });

  test.each<[string, unknown]>([
    ['nothing', undefined],
    ['a string', 'Internal Server Error'],
    ['an object that is not an envelope', { cards: [] }],
    ['a refusal without an error', { ok: false }],
  ])('an answer that is %s is INTERNAL', async (_what, answer) => {
    use(() => Promise.resolve(answer as Envelope<unknown>));

    const err = await rejection(card.mine());
    expect(err.code).toBe('INTERNAL');
    expect(err.message).toBe(NETWORK_MESSAGE);
  });

  test('an error code outside the contract becomes INTERNAL, its message kept', async () => {
    use(() => Promise.resolve({ ok: false, error: { code: 'TEAPOT' as never, message: '服务暂不可用' } }));

    const err = await rejection(card.mine());
    expect(err.code).toBe('INTERNAL');
    expect(err.message).toBe('服务暂不可用');
  });
});

describe('httpTransport', () => {
  test('posts { openid, data } to {base}/call/{name} and returns the envelope', async () => {
    const requests: { url: string; body: unknown }[] = [];
    const fetch: FetchLike = (url, init) => {
      requests.push({ url, body: JSON.parse(init.body) });
      return Promise.resolve({ ok: true, status: 200, json: () => Promise.resolve({ ok: true, data: { cards: [] } }) });
    };
    use(httpTransport({ base: 'http://127.0.0.1:8787/', openid: 'o-member', fetch }));

    await expect(card.mine()).resolves.toEqual({ cards: [] });
    expect(requests).toEqual([
      { url: 'http://127.0.0.1:8787/call/card', body: { openid: 'o-member', data: { action: 'mine' } } },
    ]);
  });

  test('an HTTP error is a failed hop, hence INTERNAL', async () => {
    const fetch: FetchLike = () => Promise.resolve({ ok: false, status: 502, json: () => Promise.resolve({}) });
    use(httpTransport({ base: 'http://127.0.0.1:8787', openid: 'o-member', fetch }));

    await expect(rejection(card.mine())).resolves.toMatchObject({ code: 'INTERNAL' });
  });

  test.each<[string, FetchLike | undefined]>([
    ['the global fetch by default (Node 20)', undefined],
    ['nodeFetch (for jsdom, which has no fetch)', nodeFetch],
  ])('works over a real socket with %s', async (_what, fetch) => {
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: true, data: { seen: { url: req.url, body: JSON.parse(body) as unknown } } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const base = `http://127.0.0.1:${port}`;
      const transport = httpTransport(fetch ? { base, openid: 'o-1', fetch } : { base, openid: 'o-1' });

      await expect(transport('card', { action: 'mine' })).resolves.toEqual({
        ok: true,
        data: { seen: { url: '/call/card', body: { openid: 'o-1', data: { action: 'mine' } } } },
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
