// `npm run bench`: builds the project (the benches measure the built bundles), bundles the typed
// benches (bench/main.ts and what it imports) with esbuild into dist/bench/bench.js and runs it
// with node. dist/bench is two levels down like test/http, so code that finds the project from
// its own folder (`__dirname/../..`) finds it from the bundle too. Arguments are passed on:
// `npm run bench -- size sweep` runs only those benches.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { bundleNodeProgram, root } from '../scripts/node-bundle.mjs';

const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const outfile = 'dist/bench/bench.js';
await bundleNodeProgram('bench/main.ts', outfile);
const run = spawnSync(process.execPath, [join(root, outfile), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, BENCH_ROOT: root },
});
process.exitCode = run.status ?? 1;
