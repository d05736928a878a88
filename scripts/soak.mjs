// `npm run soak`: the long runs of issue 10's hardening tests — 100,000 malformed payloads through
// the fuzzer (test/http/fuzz.test.ts) with a fresh random seed, and 10 rounds of SIGKILL in the
// middle of 1,000 order creates (test/http/crash.test.ts). `npm test` (and so CI) runs the short
// versions: 10,000 payloads with a fixed seed, one crash round. The seeds are printed first; set
// FUZZ_SEED / CRASH_SEED to replay a run, FUZZ_RUNS / CRASH_ROUNDS to change its length.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const jest = createRequire(import.meta.url).resolve('jest/bin/jest');
const randomSeed = () => String(Math.floor(Math.random() * 2 ** 31));

const env = {
  ...process.env,
  FUZZ_RUNS: process.env.FUZZ_RUNS ?? '100000',
  FUZZ_WELL_TYPED: process.env.FUZZ_WELL_TYPED ?? '10000',
  FUZZ_SEED: process.env.FUZZ_SEED ?? randomSeed(),
  CRASH_ROUNDS: process.env.CRASH_ROUNDS ?? '10',
  CRASH_SEED: process.env.CRASH_SEED ?? randomSeed(),
};
console.log(
  `soak: FUZZ_RUNS=${env.FUZZ_RUNS} FUZZ_WELL_TYPED=${env.FUZZ_WELL_TYPED} FUZZ_SEED=${env.FUZZ_SEED} ` +
    `CRASH_ROUNDS=${env.CRASH_ROUNDS} CRASH_SEED=${env.CRASH_SEED}`,
);

const t0 = Date.now();
for (const [cmd, args] of [
  [process.execPath, [join(root, 'scripts/build.mjs')]],
  [process.execPath, [jest, '--runInBand', 'test/http/fuzz.test.ts', 'test/http/crash.test.ts']],
]) {
  const run = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`soak failed (replay with the seeds above) after ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    process.exit(run.status ?? 1);
  }
}
console.log(`soak passed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
