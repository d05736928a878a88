import fc from 'fast-check';
import { bases, malformedCase, envelopeCase } from '../test/http/fuzz-kit';
(async () => {
  const base = 'http://127.0.0.1:8912';
  const table = bases({ cardId: 'card_x', memberId: 'mem_x', orderId: 'ord_x', consultId: 'ord_y', threadId: 'b_mem_x', reportId: 'upl_x', noticeId: 'n_x', articleId: 'art_x' });
  const deep = ['test-admin', 'someone'];
  let t = Date.now();
  const cases = [...fc.sample(malformedCase(table, deep), { numRuns: 2550, seed: 1 }), ...fc.sample(envelopeCase(['admin','card'], ['mine'], deep), { numRuns: 450, seed: 1 })];
  console.log('gen', Date.now() - t); t = Date.now();
  const times: [number, number, string][] = [];
  for (let i = 0; i < cases.length; i += 64) {
    const b = cases.slice(i, i + 64);
    await Promise.all(b.map(async (c) => { const t0 = Date.now(); const r = await fetch(base + c.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: c.body }); await r.text(); times.push([Date.now() - t0, c.body.length, c.label]); }));
  }
  console.log('fire', Date.now() - t);
  times.sort((a, b) => b[0] - a[0]);
  console.log(times.slice(0, 10));
  const big = times.filter(x => x[1] > 100000); console.log('big', big.length, big.reduce((a, x) => a + x[0], 0));
})();
