/**
 * The bench runner (issue 11). With no arguments it runs every bench, each in a fresh node process
 * (`node <this file> --one <name>`), so that one bench's heap and caches do not colour the next;
 * then prints one table — figure, goal, measured, met — and writes it with the notes to
 * bench/RESULTS.md. Names as arguments run only those benches (RESULTS.md is then not written).
 *
 * Nothing here is part of `npm test`: these are measurements, not assertions. Timed figures are
 * ratios or counts taken within one run (A and B alternated, medians), since the machines are noisy.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { coldRequire } from './cold-require';
import { markdownTable, RESULT_MARK, type BenchResult } from './lib/report';
import { ROOT } from './lib/world';
import { roundTrips } from './round-trips';
import { packageSize } from './size';
import { setData } from './setdata';
import { sweep } from './sweep';
import { throughput } from './throughput';

const BENCHES: Readonly<Record<string, () => Promise<void>>> = {
  size: packageSize,
  'round-trips': roundTrips,
  throughput,
  sweep,
  'cold-require': coldRequire,
  setdata: setData,
};

function runOne(name: string): BenchResult {
  process.stdout.write(`\n── ${name} ──\n`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [process.argv[1] ?? '', '--one', name], {
    cwd: ROOT,
    env: process.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = (r.stdout ?? '').split('\n');
  for (const line of lines) if (line && !line.startsWith(RESULT_MARK)) process.stdout.write(`  ${line}\n`);
  const found = lines.find((l) => l.startsWith(RESULT_MARK));
  process.stdout.write(`  (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  if (r.status !== 0 || !found) {
    return {
      bench: name,
      rows: [{ figure: `${name}: failed (exit ${String(r.status)})`, goal: '', measured: '', met: false }],
      notes: [],
    };
  }
  return JSON.parse(found.slice(RESULT_MARK.length)) as BenchResult;
}

function results(all: readonly BenchResult[]): string {
  const rows = all.flatMap((r) => r.rows);
  const notes = all.flatMap((r) => r.notes.map((n) => `- **${r.bench}**: ${n}`));
  return [
    '# Bench results',
    '',
    `\`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${process.platform}/${process.arch}.`,
    'Figures are counts, sizes or ratios taken within one run; absolute rates are this machine’s.',
    '',
    markdownTable(rows),
    '',
    '## How each figure is taken',
    '',
    ...notes,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--one') {
    const bench = BENCHES[args[1] ?? ''];
    if (!bench) throw new Error(`no bench ${args[1] ?? ''}`);
    await bench();
    return;
  }
  const unknown = args.filter((a) => !(a in BENCHES));
  if (unknown.length) throw new Error(`no bench ${unknown.join(', ')}; benches: ${Object.keys(BENCHES).join(', ')}`);
  const names = args.length ? args : Object.keys(BENCHES);
  const all = names.map(runOne);
  const table = markdownTable(all.flatMap((r) => r.rows));
  process.stdout.write(`\n${table}\n`);
  if (args.length === 0) {
    writeFileSync(join(ROOT, 'bench/RESULTS.md'), results(all));
    process.stdout.write('\nwritten to bench/RESULTS.md\n');
  }
}

main().then(
  // the local cloud's timers and sockets are closed by each bench; exit anyway once done
  () => process.exit(process.exitCode ?? 0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
