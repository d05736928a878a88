// `npm run bench`: builds the project (the benches measure the built bundles), bundles the typed
// benches (bench/main.ts and what it imports) with esbuild into dist/bench/bench.js and runs it
// with node. dist/bench is two levels down like test/http, so code that finds the project from
// its own folder (`__dirname/../..`) finds it from the bundle too. Arguments are passed on:
// `npm run bench -- size sweep` runs only those benches.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const outfile = join(root, 'dist/bench/bench.js');
await build({
  entryPoints: [join(root, 'bench/main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, BENCH_ROOT: root },
});
process.exitCode = run.status ?? 1;
