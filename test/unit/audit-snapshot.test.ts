/**
 * Issue 10's offline audit (scripts/audit-lib.ts): the range matcher, the verdict over a small
 * snapshot, the node_modules walk on a throwaway tree, and the committed snapshot itself.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Installed,
  type Snapshot,
  compareVersions,
  judge,
  satisfies,
  validateSnapshot,
  walkInstalled,
} from '../../scripts/audit-lib';

const pkg = (name: string, version: string): Installed => ({ name, version, via: `test: ${name}` });

const fixture: Snapshot = {
  takenAt: '2026-11-25',
  source: 'test',
  packages: {
    'tar-fs': {
      advisories: [
        {
          id: 'GHSA-test-tarf-0001',
          severity: 'high',
          vulnerable: ['>=2.0.0 <2.1.4', '<1.16.6'],
          patched: ['2.1.4', '1.16.6'],
          summary: 'symlink validation bypass',
          source: 'test',
        },
      ],
    },
    minimist: {
      advisories: [
        {
          id: 'GHSA-test-mini-0001',
          severity: 'moderate',
          vulnerable: ['<0.2.1', '>=1.0.0 <1.2.3'],
          summary: 'prototype pollution',
          source: 'test',
        },
      ],
    },
    rc: {
      advisories: [
        {
          id: 'GHSA-test-rc00-0001',
          severity: 'unknown',
          vulnerable: ['=1.2.9', '=1.3.9'],
          summary: 'malware',
          source: 'test',
        },
      ],
    },
    once: { advisories: [] },
  },
};

describe('version order and ranges', () => {
  it('orders versions by semver precedence, pre-releases before their release', () => {
    expect(compareVersions('2.1.3', '2.1.4')).toBe(-1);
    expect(compareVersions('2.10.0', '2.9.9')).toBe(1);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
    expect(compareVersions('2.0.0-alpha', '2.0.0')).toBe(-1);
    expect(compareVersions('2.0.0-alpha.2', '2.0.0-alpha.10')).toBe(-1);
    expect(compareVersions('2.0.0-alpha.1', '2.0.0-beta')).toBe(-1);
    expect(compareVersions('1.0.0-1', '1.0.0-alpha')).toBe(-1);
  });

  it.each([
    ['2.1.3', '>=2.0.0 <2.1.4', true],
    ['2.1.4', '>=2.0.0 <2.1.4', false],
    ['2.1.5', '>=2.0.0 <2.1.4', false],
    ['1.9.9', '>=2.0.0 <2.1.4', false],
    ['2.0.0', '>= 2.0.0 < 2.1.4', true],
    ['0.2.3', '<0.2.4', true],
    ['4.0.0', '=4.0.0', true],
    ['4.0.1', '=4.0.0', false],
    ['4.0.0', '4.0.0', true],
    ['4.3.2', '<=4.3.2', true],
    ['4.3.2', '>3.7.0', true],
    ['4.3.2', '*', true],
    ['0.27.2', '<0.30.0 || >=1.0.0 <1.8.2', true],
    ['1.8.2', '<0.30.0 || >=1.0.0 <1.8.2', false],
    ['4.0.5', '4.0.0 - 4.0.5', true],
    ['4.0.6', '4.0.0 - 4.0.5', false],
    ['2.1.4-beta.1', '<2.1.4', true],
    ['3.0.0-rc.1', '>=2.0.0-alpha <5.7.2', true],
  ])('%s in "%s" is %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });

  it('refuses what it does not understand instead of matching nothing', () => {
    expect(() => satisfies('1.0.0', '^1.0.0')).toThrow(/not understood/);
    expect(() => satisfies('1.0.0', '~1.0')).toThrow(/not understood/);
    expect(() => satisfies('latest', '<1.0.0')).toThrow(/not a version/);
  });
});

describe('the verdict', () => {
  it('fails on an installed tar-fs 2.1.3 against a high advisory for >=2.0.0 <2.1.4', () => {
    const v = judge([pkg('tar-fs', '2.1.3')], fixture);
    expect(v.blocking.map((m) => m.advisory.id)).toEqual(['GHSA-test-tarf-0001']);
    expect(v.other).toEqual([]);
    expect(v.uncovered).toEqual([]);
  });

  it('passes tar-fs 2.1.5, past the fix', () => {
    const v = judge([pkg('tar-fs', '2.1.5')], fixture);
    expect(v.blocking).toEqual([]);
    expect(v.checked).toBe(1);
  });

  it('reports a moderate match without failing on it', () => {
    const v = judge([pkg('minimist', '1.2.2')], fixture);
    expect(v.blocking).toEqual([]);
    expect(v.other.map((m) => `${m.pkg.name}@${m.pkg.version} ${m.advisory.id}`)).toEqual([
      'minimist@1.2.2 GHSA-test-mini-0001',
    ]);
  });

  it('treats an advisory without a severity like a high one', () => {
    expect(judge([pkg('rc', '1.2.9')], fixture).blocking).toHaveLength(1);
    expect(judge([pkg('rc', '1.2.8')], fixture).blocking).toHaveLength(0);
  });

  it('warns about a package the snapshot does not cover, and not about one searched with no advisory', () => {
    const v = judge([pkg('left-pad', '1.3.0'), pkg('once', '1.4.0')], fixture);
    expect(v.uncovered.map((p) => p.name)).toEqual(['left-pad']);
    expect(v.blocking).toEqual([]);
  });

  it('an accepted risk covers only the advisory, package and versions it names', () => {
    const risk = {
      id: 'GHSA-test-tarf-0001',
      package: 'tar-fs',
      versions: ['2.1.3'],
      reason: 'why',
      reviewedAt: '2026-11-25',
    };
    const v = judge([pkg('tar-fs', '2.1.3')], fixture, [risk]);
    expect(v.blocking).toEqual([]);
    expect(v.accepted.map((m) => [m.pkg.version, m.advisory.id, m.reason])).toEqual([
      ['2.1.3', 'GHSA-test-tarf-0001', 'why'],
    ]);
    // another vulnerable version is looked at again
    expect(judge([pkg('tar-fs', '2.1.2')], fixture, [risk]).blocking).toHaveLength(1);
    expect(judge([pkg('tar-fs', '2.1.3')], fixture, [{ ...risk, id: 'GHSA-other' }]).blocking).toHaveLength(1);
  });

  it('the committed accepted-risk list names its versions and reasons', () => {
    const raw = JSON.parse(readFileSync(join(__dirname, '../../scripts/audit-accepted.json'), 'utf8')) as {
      accepted: { id: string; package: string; versions: string[]; reason: string; reviewedAt: string }[];
    };
    for (const r of raw.accepted) {
      expect(r.id).toMatch(/^GHSA-/);
      expect(r.versions.length).toBeGreaterThan(0);
      expect(r.reason.length).toBeGreaterThan(40);
      expect(r.reviewedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('does not take an Object.prototype key for a covered package', () => {
    expect(judge([pkg('constructor', '1.0.0')], fixture).uncovered).toHaveLength(1);
  });
});

describe('the snapshot', () => {
  it('rejects an advisory with a range the matcher cannot read', () => {
    const bad = {
      takenAt: '2026-11-25',
      source: 'test',
      packages: {
        x: { advisories: [{ id: 'A', severity: 'high', vulnerable: ['^1.0.0'], summary: '', source: '' }] },
      },
    };
    expect(() => validateSnapshot(bad)).toThrow(/not understood/);
    expect(() => validateSnapshot({ packages: {} })).toThrow(/takenAt/);
  });

  it('the committed snapshot is well formed and dated', () => {
    const raw: unknown = JSON.parse(readFileSync(join(__dirname, '../../scripts/advisories-snapshot.json'), 'utf8'));
    const snapshot = validateSnapshot(raw);
    expect(snapshot.takenAt).toBe('2026-11-25');
    expect(Object.keys(snapshot.packages).length).toBeGreaterThan(0);
    // the brief's own example: tar-fs 2.1.3 is caught, the installed 2.1.5 is not
    expect(judge([pkg('tar-fs', '2.1.3')], snapshot).blocking.length).toBeGreaterThan(0);
    expect(judge([pkg('tar-fs', '2.1.5')], snapshot).blocking).toEqual([]);
  });
});

describe('walking node_modules', () => {
  let root: string;
  const write = (dir: string, manifest: object): void => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'audit-walk-'));
    write(root, { name: 'app', dependencies: { a: '^1.0.0' } });
    write(join(root, 'node_modules/a'), {
      name: 'a',
      version: '1.0.0',
      dependencies: { b: '^2.0.0' },
      optionalDependencies: { gone: '1.0.0' },
      peerDependencies: { p: '*' },
    });
    // a's own copy of b shadows the hoisted one, as Node resolves it
    write(join(root, 'node_modules/a/node_modules/b'), { name: 'b', version: '2.0.0' });
    write(join(root, 'node_modules/b'), { name: 'b', version: '1.0.0' });
    write(join(root, 'node_modules/p'), { name: 'p', version: '3.0.0' });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('follows dependencies, installed optionals and peers, with the nearest copy and its path', () => {
    const rows = walkInstalled('test', ['a'], root, root);
    expect(rows.map((r) => `${r.name}@${r.version}`).sort()).toEqual(['a@1.0.0', 'b@2.0.0', 'p@3.0.0']);
    expect(rows.find((r) => r.name === 'b')?.via).toBe('test: a > b');
  });

  it('throws when a required package is missing rather than auditing less', () => {
    rmSync(join(root, 'node_modules/p'), { recursive: true });
    expect(() => walkInstalled('test', ['a'], root, root)).toThrow(/a > p is required but not installed/);
  });
});
