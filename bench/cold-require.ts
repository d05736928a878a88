/**
 * A bundled function's cold `require` against requiring bare wx-server-sdk, in fresh node
 * processes. The bundle requires the SDK only when `main` first runs (the local cloud loads it
 * without), so a deployed cold start loads both: A = require(bundle) then require('wx-server-sdk'),
 * B = require('wx-server-sdk') alone. Each is timed inside its process around the requires
 * (node's own start-up is the same for both and left out), A and B alternated pair by pair; the
 * figure is the median of the pairs' ratios A/B of the CPU time the requires took (user + system,
 * process.cpuUsage): on a shared machine the wall time of a half-second require mostly measures
 * the wait for a CPU, so wall ratios are shown beside it, not judged.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { emit, kb, median, range, type Row } from './lib/report';
import { ROOT } from './lib/world';

const PAIRS = 11;
const GOAL = 1.3;
const FUNCTIONS = ['order', 'staff'];

const TIMER = `
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
for (const m of process.argv.slice(1)) require(m);
const c = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ cpu: (c.user + c.system) / 1000, wall: Number(process.hrtime.bigint() - t0) / 1e6 }));
`;

interface Timing {
  cpu: number;
  wall: number;
}

function timeRequires(modules: string[]): Timing {
  const r = spawnSync(process.execPath, ['-e', TIMER, ...modules], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`timing ${modules.join(' + ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Timing;
}

function measure(fn: string): { cpu: number[]; wall: number[]; a: Timing[]; b: Timing[] } {
  const bundle = join(ROOT, 'cloudfunctions', fn, 'index.js');
  // the SDK the function would load: resolved from its own folder
  const sdk = createRequire(bundle).resolve('wx-server-sdk');
  const a: Timing[] = [];
  const b: Timing[] = [];
  // one warm-up of each: the first run reads the files from disk
  timeRequires([bundle, sdk]);
  timeRequires([sdk]);
  for (let i = 0; i < PAIRS; i++) {
    if (i % 2 === 0) {
      a.push(timeRequires([bundle, sdk]));
      b.push(timeRequires([sdk]));
    } else {
      b.push(timeRequires([sdk]));
      a.push(timeRequires([bundle, sdk]));
    }
  }
  const pairs = a.map((x, i) => [x, b[i] as Timing] as const);
  return { cpu: pairs.map(([x, y]) => x.cpu / y.cpu), wall: pairs.map(([x, y]) => x.wall / y.wall), a, b };
}

export function coldRequire(): Promise<void> {
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const fn of FUNCTIONS) {
    const { cpu, wall, a, b } = measure(fn);
    const ratio = median(cpu);
    const size = statSync(join(ROOT, 'cloudfunctions', fn, 'index.js')).size;
    const ms = (ts: Timing[], k: keyof Timing) => ts.map((t) => t[k].toFixed(0)).join(' ');
    console.log(`${fn}: bundle + sdk CPU ${ms(a, 'cpu')} ms, wall ${ms(a, 'wall')} ms`);
    console.log(`${fn}: sdk alone    CPU ${ms(b, 'cpu')} ms, wall ${ms(b, 'wall')} ms`);
    rows.push({
      figure: `cold require of the ${fn} bundle (${kb(size)}) + wx-server-sdk vs wx-server-sdk alone (CPU time)`,
      goal: `≤ ${GOAL}×`,
      measured: `${ratio.toFixed(2)}× (pairs ${range(cpu)}; ${median(a.map((t) => t.cpu)).toFixed(0)} / ${median(b.map((t) => t.cpu)).toFixed(0)} ms; wall ${median(wall).toFixed(2)}×)`,
      met: ratio <= GOAL,
    });
  }
  notes.push(
    `Fresh node processes, the requires timed inside each (node's start-up left out), ${PAIRS} pairs after a warm-up, A then B and B then A alternately; median of the pairs' ratios of CPU time (user + system of the process while requiring), the wall-time ratio beside it. ${FUNCTIONS.join(' and ')}: the function the issue names and the largest bundle.`,
  );
  emit({ bench: 'cold-require', rows, notes });
  return Promise.resolve();
}
