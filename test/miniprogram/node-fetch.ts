/**
 * A FetchLike over Node's http module, for the HTTP transport in jsdom tests: jest's jsdom
 * environment has no global fetch (Node's is not carried over), so a page test that talks to the
 * local cloud passes this one: `httpTransport({ base, openid, fetch: nodeFetch })`.
 */
import * as http from 'http';
import type { FetchLike } from '../../miniprogram/services/transport';

export const nodeFetch: FetchLike = (url, init) =>
  new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method, headers: init.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          ok: status >= 200 && status < 300,
          status,
          json: () => Promise.resolve(JSON.parse(text) as unknown),
        });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
