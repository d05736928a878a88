// `npm audit --omit=dev` with a verdict CI can trust: red on any high or critical advisory in what
// ships. When the registry cannot answer audits (this workplace's mirror answers 405 to the bulk
// advisory endpoint), every installed package of the root production tree and of the tree the
// cloud functions install (wx-server-sdk) is checked against scripts/advisories-snapshot.json,
// a committed snapshot of GitHub Advisory Database entries; that is said, with the snapshot's
// date, and never mistaken for a live audit. The offline logic is scripts/audit-lib.ts, loaded
// here through esbuild (installed by `npm ci`) because this runs before the build.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8' });
let report;
try {
  report = JSON.parse(run.stdout || '{}');
} catch {
  report = {};
}
const counts = report.metadata?.vulnerabilities;
if (counts) {
  const high = (counts.high ?? 0) + (counts.critical ?? 0);
  console.log(
    `npm audit (production): ${counts.critical ?? 0} critical, ${counts.high ?? 0} high, ${counts.moderate ?? 0} moderate, ${counts.low ?? 0} low`,
  );
  if (high > 0) {
    spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high'], { cwd: root, stdio: 'inherit' });
    process.exit(1);
  }
  process.exit(0);
}

// ---- offline: the committed advisory snapshot ----------------------------------------------
const why = report.message ?? report.error?.summary ?? (run.stderr.trim().split('\n').pop() || 'no answer');
const { code } = transformSync(readFileSync(join(root, 'scripts/audit-lib.ts'), 'utf8'), {
  loader: 'ts',
  format: 'esm',
  target: 'node20',
});
const lib = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);

const snapshot = lib.validateSnapshot(JSON.parse(readFileSync(join(root, 'scripts/advisories-snapshot.json'), 'utf8')));
const production = lib.productionTree(root);
const cloud = lib.cloudFunctionTree(root);
const installed = lib.mergeTrees(production, cloud);
const acceptedRisks = JSON.parse(readFileSync(join(root, 'scripts/audit-accepted.json'), 'utf8')).accepted;
const verdict = lib.judge(installed, snapshot, acceptedRisks);

const line = (m) =>
  `  ${m.advisory.severity.toUpperCase()} ${m.pkg.name}@${m.pkg.version} ${m.advisory.id}: ${m.advisory.summary}` +
  (m.advisory.patched ? ` (fixed in ${m.advisory.patched.join(', ')})` : ' (no fixed version)') +
  `\n      via ${m.pkg.via}`;

console.log(
  `npm audit: registry gave no advisory data (${why}); checked offline against the advisory snapshot of ${snapshot.takenAt}: ` +
    `${verdict.checked} packages (production ${production.length}, cloud functions ${cloud.length}), ` +
    `${verdict.blocking.length} high/critical`,
);
if (verdict.other.length > 0) {
  console.log(`low/moderate advisories (not failing):\n${verdict.other.map(line).join('\n')}`);
}
if (verdict.uncovered.length > 0) {
  const names = verdict.uncovered.map((p) => `${p.name}@${p.version}`).sort();
  console.log(
    `warning: ${names.length} installed packages are not covered by the snapshot (no advisories looked up for them): ${names.join(', ')}`,
  );
}
if (verdict.accepted.length > 0) {
  console.log(
    `ACCEPTED RISK (scripts/audit-accepted.json — unreachable in what ships, looked at again when the version changes):\n` +
      verdict.accepted.map((m) => `${line(m)}\n      why accepted: ${m.reason}`).join('\n'),
  );
}
if (verdict.blocking.length > 0) {
  console.log(`high/critical advisories in what ships:\n${verdict.blocking.map(line).join('\n')}`);
  process.exit(1);
}
