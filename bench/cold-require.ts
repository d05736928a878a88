/**
 * A bundled function's cold `require` against requiring bare wx-server-sdk, in fresh node
 * processes. The bundle requires the SDK only when `main` first runs (the local cloud loads it
 * without), so a deployed cold start loads both: A = require(bundle) then require('wx-server-sdk'),
 * B = require('wx-server-sdk') alone. Each is timed inside its process (hrtime around the
 * requires: node's own start-up is the same for both and left out), A and B alternated pair by
 * pair; the figure is the median of the pairs' ratios A/B.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { emit, kb, median, range, type Row } from './lib/report';
import { ROOT } from './lib/world';

const PAIRS = 11;
const GOAL = 1.3;
const FUNCTIONS = ['order', 'staff'];

const TIMER = `
const t0 = process.hrtime.bigint();
for (const m of process.argv.slice(1)) require(m);
process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));
`;

function timeRequires(modules: string[]): number {
  const r = spawnSync(process.execPath, ['-e', TIMER, ...modules], { cwd: ROOT, encoding: 'utf8' });
  const ms = Number(r.stdout);
  if (r.status !== 0 || !Number.isFinite(ms)) throw new Error(`timing ${modules.join(' + ')} failed: ${r.stderr}`);
  return ms;
}

function measure(fn: string): { ratios: number[]; a: number[]; b: number[] } {
  const bundle = join(ROOT, 'cloudfunctions', fn, 'index.js');
  const sdk = require.resolve('wx-server-sdk', { paths: [join(ROOT, 'cloudfunctions', fn)] });
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  // one warm-up of each: the first run reads the files from disk
  timeRequires([bundle, sdk]);
  timeRequires([sdk]);
  for (let i = 0; i < PAIRS; i++) {
    let x: number;
    let y: number;
    if (i % 2 === 0) {
      x = timeRequires([bundle, sdk]);
      y = timeRequires([sdk]);
    } else {
      y = timeRequires([sdk]);
      x = timeRequires([bundle, sdk]);
    }
    a.push(x);
    b.push(y);
    ratios.push(x / y);
  }
  return { ratios, a, b };
}

export function coldRequire(): Promise<void> {
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const fn of FUNCTIONS) {
    const { ratios, a, b } = measure(fn);
    const ratio = median(ratios);
    const size = statSync(join(ROOT, 'cloudfunctions', fn, 'index.js')).size;
    console.log(`${fn}: bundle + sdk ${a.map((x) => x.toFixed(0)).join(' ')} ms; sdk ${b.map((x) => x.toFixed(0)).join(' ')} ms`);
    rows.push({
      figure: `cold require of the ${fn} bundle (${kb(size)}) + wx-server-sdk vs wx-server-sdk alone`,
      goal: `≤ ${GOAL}×`,
      measured: `${ratio.toFixed(2)}× (pairs ${range(ratios)}; ${median(a).toFixed(0)} / ${median(b).toFixed(0)} ms)`,
      met: ratio <= GOAL,
    });
  }
  notes.push(
    `Fresh node processes, the requires timed inside each (node's start-up left out), ${PAIRS} pairs after a warm-up, A then B and B then A alternately; median of the pairs' ratios. ${FUNCTIONS.join(' and ')}: the function the issue names and the largest bundle.`,
  );
  emit({ bench: 'cold-require', rows, notes });
  return Promise.resolve();
}
