// The offline half of scripts/audit.mjs (issue 10): when the registry cannot answer `npm audit`,
// every installed package of the shipped trees is checked against a committed snapshot of
// GitHub Advisory Database entries (scripts/advisories-snapshot.json). Pure logic plus a
// node_modules walk; audit.mjs loads this file through esbuild before the build has run, and
// test/unit/audit-snapshot.test.ts imports it directly.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type Severity = 'low' | 'moderate' | 'high' | 'critical' | 'unknown';

export interface Advisory {
  id: string;
  severity: Severity;
  /** npm-style ranges (`>=2.0.0 <2.1.4`, `<0.2.4`, `=4.4.2`, `*`); a version in any is affected */
  vulnerable: string[];
  /** first fixed versions, for the report only */
  patched?: string[];
  summary: string;
  /** where the entry was read */
  source: string;
}

export interface PackageEntry {
  /** empty: searched, nothing found in the sources read */
  advisories: Advisory[];
  note?: string;
}

export interface Snapshot {
  takenAt: string;
  source: string;
  packages: Record<string, PackageEntry>;
}

export interface Installed {
  name: string;
  version: string;
  /** which tree and the dependency path it was first reached by, e.g. `cloud functions: wx-server-sdk > axios` */
  via: string;
}

export interface Match {
  pkg: Installed;
  advisory: Advisory;
}

export interface Verdict {
  /** installed name@version pairs looked at */
  checked: number;
  /** high, critical, or unrated advisories that apply to an installed version: these fail CI */
  blocking: Match[];
  /** low and moderate ones: reported, not failing */
  other: Match[];
  /** installed packages the snapshot says nothing about (not searched): a warning */
  uncovered: Installed[];
  /** blocking matches an entry of the accepted-risk list covers: reported loudly, not failing */
  accepted: (Match & { reason: string })[];
}

/**
 * An advisory judged unreachable in what ships (scripts/audit-accepted.json): by advisory id and
 * package, with the versions it was judged for, so a new version is looked at again.
 */
export interface AcceptedRisk {
  id: string;
  package: string;
  versions: string[];
  reason: string;
  reviewedAt: string;
}

/** Unrated advisories (malware entries read from a source that gave no severity) fail like high. */
export const BLOCKING: ReadonlySet<Severity> = new Set<Severity>(['high', 'critical', 'unknown']);

// ---- versions and ranges ------------------------------------------------------------------

interface Version {
  main: [number, number, number];
  pre: (string | number)[];
}

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export function parseVersion(text: string): Version | null {
  const m = VERSION.exec(text.trim());
  if (!m) return null;
  const pre = m[4] ? m[4].split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [];
  return { main: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)], pre };
}

/** Semver precedence: -1, 0 or 1. A pre-release sorts before its release. */
export function compareVersions(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (!va || !vb) throw new Error(`not a version: ${va ? b : a}`);
  for (let i = 0; i < 3; i++) {
    const d = va.main[i]! - vb.main[i]!;
    if (d !== 0) return Math.sign(d);
  }
  if (va.pre.length === 0 || vb.pre.length === 0) {
    return Math.sign(vb.pre.length - va.pre.length);
  }
  for (let i = 0; i < Math.max(va.pre.length, vb.pre.length); i++) {
    const x = va.pre[i];
    const y = vb.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return Math.sign(x - y);
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

const COMPARATOR = /^(<=|>=|<|>|=)?\s*(\S+)$/;

function comparatorHolds(version: string, comparator: string): boolean {
  if (comparator === '*' || comparator === '') return true;
  const m = COMPARATOR.exec(comparator);
  if (!m || !parseVersion(m[2]!)) throw new Error(`range part not understood: "${comparator}"`);
  const d = compareVersions(version, m[2]!);
  switch (m[1]) {
    case '<':
      return d < 0;
    case '<=':
      return d <= 0;
    case '>':
      return d > 0;
    case '>=':
      return d >= 0;
    default:
      return d === 0;
  }
}

/**
 * Whether `version` lies in `range`, with the range forms advisories use: comparators joined by
 * spaces (all must hold), alternatives joined by `||`, `a - b` (both ends included), `*`.
 * Pre-releases are ordered, not excluded: an advisory's `<2.1.4` covers `2.1.4-beta.1` too.
 */
export function satisfies(version: string, range: string): boolean {
  if (!parseVersion(version)) throw new Error(`not a version: ${version}`);
  return range.split('||').some((alternative) => {
    const text = alternative.trim();
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
    if (hyphen) {
      return comparatorHolds(version, `>=${hyphen[1]}`) && comparatorHolds(version, `<=${hyphen[2]}`);
    }
    const parts = text.replace(/(<=|>=|<|>|=)\s+/g, '$1').split(/\s+/);
    return parts.every((part) => comparatorHolds(version, part));
  });
}

// ---- the verdict ----------------------------------------------------------------------------

export function judge(
  installed: readonly Installed[],
  snapshot: Snapshot,
  acceptedRisks: readonly AcceptedRisk[] = [],
): Verdict {
  const verdict: Verdict = { checked: installed.length, blocking: [], other: [], uncovered: [], accepted: [] };
  for (const pkg of installed) {
    const entry = Object.prototype.hasOwnProperty.call(snapshot.packages, pkg.name)
      ? snapshot.packages[pkg.name]
      : undefined;
    if (!entry) {
      verdict.uncovered.push(pkg);
      continue;
    }
    for (const advisory of entry.advisories) {
      if (!advisory.vulnerable.some((range) => satisfies(pkg.version, range))) continue;
      if (!BLOCKING.has(advisory.severity)) {
        verdict.other.push({ pkg, advisory });
        continue;
      }
      const risk = acceptedRisks.find(
        (r) => r.id === advisory.id && r.package === pkg.name && r.versions.includes(pkg.version),
      );
      if (risk) verdict.accepted.push({ pkg, advisory, reason: risk.reason });
      else verdict.blocking.push({ pkg, advisory });
    }
  }
  return verdict;
}

/** Checks a snapshot's shape and every range in it, so a typo fails loudly instead of matching nothing. */
export function validateSnapshot(data: unknown): Snapshot {
  const s = data as Snapshot;
  if (!s || typeof s.takenAt !== 'string' || typeof s.packages !== 'object' || !s.packages) {
    throw new Error('advisory snapshot: takenAt and packages are required');
  }
  const severities: readonly string[] = ['low', 'moderate', 'high', 'critical', 'unknown'];
  for (const [name, entry] of Object.entries(s.packages)) {
    if (!Array.isArray(entry.advisories)) throw new Error(`advisory snapshot: ${name} has no advisories list`);
    for (const a of entry.advisories) {
      if (!a.id || !severities.includes(a.severity) || !Array.isArray(a.vulnerable) || a.vulnerable.length === 0) {
        throw new Error(`advisory snapshot: ${name} ${a.id ?? '?'} needs id, severity and vulnerable ranges`);
      }
      for (const range of a.vulnerable) satisfies('0.0.0', range);
    }
  }
  return s;
}

// ---- the installed trees --------------------------------------------------------------------

interface Manifest {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Node's lookup: `<dir>/node_modules/<name>`, then each parent directory's, up to `root`. */
function resolvePackageDir(name: string, fromDir: string, root: string): string | null {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return null;
    dir = dirname(dir);
  }
}

/** What a package needs at run time: dependencies, optional ones that are installed, required peers. */
function runtimeDependencies(m: Manifest): { name: string; optional: boolean }[] {
  const out = new Map<string, boolean>();
  for (const name of Object.keys(m.dependencies ?? {})) out.set(name, false);
  for (const name of Object.keys(m.optionalDependencies ?? {})) out.set(name, true);
  for (const name of Object.keys(m.peerDependencies ?? {})) {
    if (!out.has(name)) out.set(name, m.peerDependenciesMeta?.[name]?.optional === true);
  }
  return [...out].map(([name, optional]) => ({ name, optional }));
}

/**
 * Every installed package reachable from `entries` (names required from `fromDir`), one row per
 * name@version, with the first path that reached it. A required package that is not installed
 * throws: an audit of a tree that is not there would say nothing.
 */
export function walkInstalled(label: string, entries: readonly string[], fromDir: string, root: string): Installed[] {
  const seenDirs = new Set<string>();
  const rows = new Map<string, Installed>();
  const queue: { name: string; from: string; path: string[]; optional: boolean }[] = entries.map((name) => ({
    name,
    from: fromDir,
    path: [],
    optional: false,
  }));
  while (queue.length > 0) {
    const { name, from, path, optional } = queue.shift()!;
    const dir = resolvePackageDir(name, from, root);
    if (!dir) {
      if (optional) continue;
      throw new Error(`${label}: ${[...path, name].join(' > ')} is required but not installed`);
    }
    if (seenDirs.has(dir)) continue;
    seenDirs.add(dir);
    const manifest = readManifest(dir);
    const version = manifest.version ?? '0.0.0';
    const here = [...path, name];
    const key = `${name}@${version}`;
    if (!rows.has(key)) rows.set(key, { name, version, via: `${label}: ${here.join(' > ')}` });
    for (const dep of runtimeDependencies(manifest)) {
      queue.push({ name: dep.name, from: dir, path: here, optional: dep.optional });
    }
  }
  return [...rows.values()];
}

/** The root production tree: what `npm ls --omit=dev --all` lists. */
export function productionTree(root: string): Installed[] {
  const m = readManifest(root);
  const names = [...Object.keys(m.dependencies ?? {}), ...Object.keys(m.optionalDependencies ?? {})];
  return walkInstalled('production', names, root, root);
}

/** What the deployed functions install from their own package.json (wx-server-sdk), resolved here. */
export function cloudFunctionTree(root: string): Installed[] {
  const base = join(root, 'cloudfunctions');
  const rows = new Map<string, Installed>();
  for (const fn of readdirSync(base).sort()) {
    const dir = join(base, fn);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const m = readManifest(dir);
    for (const row of walkInstalled('cloud functions', Object.keys(m.dependencies ?? {}), dir, root)) {
      if (!rows.has(`${row.name}@${row.version}`)) rows.set(`${row.name}@${row.version}`, row);
    }
  }
  return [...rows.values()];
}

/** One row per name@version across trees, the first tree's path kept. */
export function mergeTrees(...trees: Installed[][]): Installed[] {
  const rows = new Map<string, Installed>();
  for (const tree of trees) {
    for (const row of tree) if (!rows.has(`${row.name}@${row.version}`)) rows.set(`${row.name}@${row.version}`, row);
  }
  return [...rows.values()];
}
