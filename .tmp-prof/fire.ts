import fc from 'fast-check';
import { bases, malformedCase, envelopeCase } from '../test/http/fuzz-kit';
import { startLocalCloud } from '../test/http/local-cloud';
(async () => {
  const cloud = await startLocalCloud({ seed: 'none', admins: ['test-admin'] });
  const table = bases({ cardId: 'card_x', memberId: 'mem_x', orderId: 'ord_x', consultId: 'ord_y', threadId: 'b_mem_x', reportId: 'upl_x', noticeId: 'n_x', articleId: 'art_x' });
  const deep = ['test-admin', 'someone'];
  let t = Date.now();
  const cases = [...fc.sample(malformedCase(table, deep), { numRuns: 2550, seed: 1 }), ...fc.sample(envelopeCase(['admin','card'], ['mine'], deep), { numRuns: 450, seed: 1 })];
  console.log('gen', Date.now() - t); t = Date.now();
  let postMs = 0, dumpMs = 0;
  for (let i = 0; i < cases.length; i += 64) {
    const b = cases.slice(i, i + 64);
    const t1 = Date.now();
    await Promise.all(b.map(async (c) => { const r = await cloud.raw(c.path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: c.body }); await r.text(); }));
    postMs += Date.now() - t1;
    const t2 = Date.now();
    await cloud.dump();
    dumpMs += Date.now() - t2;
  }
  console.log('fire', Date.now() - t, 'post', postMs, 'dump', dumpMs);
  await cloud.stop();
})();
