/**
 * The largest single setData of the orders tab with 500 orders. The page runs in
 * miniprogram-simulate under jest's jsdom environment (bench/setdata/orders.bench.ts, its own
 * jest config, so not part of `npm test`); this bench starts that jest run and reads its result.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emit, kb } from './lib/report';
import { ROOT } from './lib/world';

const GOAL = 32 * 1024;

interface Result {
  orders: number;
  shown: number;
  pages: number;
  calls: number;
  largest: number;
  total: number;
  unpaged: number;
  afterRefresh: number;
}

export function setData(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bluecard-bench-setdata-'));
  const out = join(dir, 'result.json');
  try {
    const jest = join(ROOT, 'node_modules/jest/bin/jest.js');
    const r = spawnSync(process.execPath, [jest, '--config', join(ROOT, 'bench/setdata/jest.config.js')], {
      cwd: ROOT,
      env: { ...process.env, BENCH_OUT: out },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`jest failed:\n${r.stdout}\n${r.stderr}`);
    const res = JSON.parse(readFileSync(out, 'utf8')) as Result;
    emit({
      bench: 'setdata',
      rows: [
        {
          figure: `largest single setData, orders tab with ${res.orders} orders (paged by 20)`,
          goal: `≤ ${kb(GOAL)}`,
          measured: `${kb(res.largest)} (${res.largest} bytes)`,
          met: res.largest <= GOAL,
        },
      ],
      notes: [
        `pages/orders/index in miniprogram-simulate with a transport answering order.list from ${res.orders} orders (every benefit, a third booked, long hospital and masked names): opened, scrolled to the end (${res.pages} pages, ${res.shown} rows shown), pulled down to refresh. ${res.calls} setData calls of the page, JSON size in UTF-8 bytes; ${kb(res.total)} in all. The whole list in one setData would be ${kb(res.unpaged)}: further pages are appended by path (\`orders[20]\`…), never by resending the list.`,
      ],
    });
    return Promise.resolve();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
