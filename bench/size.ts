/**
 * Package sizes after a build as DevTools makes it, into a temporary folder:
 * - every .ts of miniprogram/ compiled to .js beside it, file by file (CommonJS, minified: the
 *   TypeScript compiler plugin, then `minified: true` of project.config.json); tests and
 *   tsconfig.json left out (packOptions.ignore);
 * - every other file copied as it is (.wxml .wxss .json .wxs and images): WXML and WXSS are not
 *   minified here, so the figures are a little above what an upload sends;
 * - @vant/weapp as 构建 npm lays it out (miniprogram_npm/@vant/weapp, from its `lib`), pruned to
 *   the components some usingComponents names and what those need in turn: their own
 *   usingComponents, `require`s, `<wxs src>`, `<import>`/`<include>` and `@import`s, followed
 *   transitively (`vantClosure`).
 * The main package is everything outside the subpackage roots, miniprogram_npm included (npm
 * components live in the main package, whichever package uses them); each subpackage is its root.
 */
import { build } from 'esbuild';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, posix, relative, sep } from 'node:path';
import { emit, kb, mb, type Row } from './lib/report';
import { ROOT } from './lib/world';

const SOURCE = join(ROOT, 'miniprogram');
const VANT = join(ROOT, 'node_modules/@vant/weapp/lib');
const VANT_PREFIX = '@vant/weapp/';
const MAIN_GOAL = 1024 * 1024;
const SUB_GOAL = 1024 * 1024;

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else if (e.isFile()) out.push(full);
  }
  return out;
}

function toPosix(p: string): string {
  return p.split(sep).join('/');
}

/** The components a .json names (`usingComponents` and `componentGenerics` defaults). */
function usingOf(jsonFile: string): string[] {
  const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as {
    usingComponents?: Record<string, string>;
    componentGenerics?: Record<string, { default?: string } | boolean>;
  };
  const generic = Object.values(json.componentGenerics ?? {}).flatMap((g) =>
    typeof g === 'object' && g.default ? [g.default] : [],
  );
  return [...Object.values(json.usingComponents ?? {}), ...generic];
}

/** Files (relative to vant's lib, posix) that one vant file needs. */
function vantRefs(rel: string): string[] {
  const file = join(VANT, rel);
  const text = readFileSync(file, 'utf8');
  const dir = posix.dirname(rel);
  const at = (p: string) => posix.normalize(posix.join(dir, p));
  const ext = extname(rel);
  const refs: string[] = [];
  if (ext === '.js' || ext === '.wxs') {
    for (const m of text.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)) {
      const p = m[1] ?? '';
      if (!p.startsWith('.')) continue;
      refs.push(extname(p) ? at(p) : `${at(p)}.js`);
    }
  } else if (ext === '.wxml') {
    for (const m of text.matchAll(/<(?:wxs|import|include)\s[^>]*src=["']([^"']+)["']/g)) refs.push(at(m[1] ?? ''));
  } else if (ext === '.wxss') {
    for (const m of text.matchAll(/@import\s+["']([^"']+)["']/g)) refs.push(at(m[1] ?? ''));
  } else if (ext === '.json') {
    for (const target of usingOf(file)) if (target.startsWith('.')) refs.push(...componentFiles(at(target)));
  }
  return refs;
}

/** A component's own files: `button/index` → button/index.{js,json,wxml,wxss,wxs} that exist. */
function componentFiles(base: string): string[] {
  return ['.js', '.json', '.wxml', '.wxss', '.wxs'].map((e) => base + e).filter((f) => exists(join(VANT, f)));
}

function exists(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Every vant file the named components need, transitively. */
export function vantClosure(components: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const todo = [...components].flatMap((c) => componentFiles(c));
  while (todo.length) {
    const f = todo.pop() as string;
    if (seen.has(f)) continue;
    if (!exists(join(VANT, f))) throw new Error(`vant file not found: ${f}`);
    seen.add(f);
    todo.push(...vantRefs(f));
  }
  return seen;
}

async function compile(files: string[], outdir: string): Promise<void> {
  await build({
    entryPoints: files,
    outdir,
    outbase: SOURCE,
    format: 'cjs',
    platform: 'neutral',
    target: 'es2020',
    minify: true,
    logLevel: 'error',
  });
}

interface Built {
  dir: string;
  /** vant component (e.g. `button/index`) → the package roots whose files name it ('' = main) */
  vantUsers: Map<string, Set<string>>;
  vantFiles: Set<string>;
}

async function buildPackage(subRoots: readonly string[]): Promise<Built> {
  const dir = mkdtempSync(join(tmpdir(), 'bluecard-mp-size-'));
  const sources: string[] = [];
  for (const file of walk(SOURCE)) {
    const rel = toPosix(relative(SOURCE, file));
    if (rel.startsWith('miniprogram_npm/') || rel === 'tsconfig.json' || /\.test\.ts$|\.d\.ts$/.test(rel)) continue;
    if (rel.endsWith('.ts')) sources.push(file);
    else if (!rel.endsWith('.js')) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      cpSync(file, join(dir, rel));
    }
  }
  await compile(sources, dir);

  const vantUsers = new Map<string, Set<string>>();
  for (const file of walk(dir)) {
    if (!file.endsWith('.json')) continue;
    const rel = toPosix(relative(dir, file));
    const owner = subRoots.find((r) => rel.startsWith(`${r}/`)) ?? '';
    for (const target of usingOf(file)) {
      if (!target.startsWith(VANT_PREFIX)) continue;
      const c = target.slice(VANT_PREFIX.length);
      const users = vantUsers.get(c) ?? new Set<string>();
      users.add(owner);
      vantUsers.set(c, users);
    }
  }
  const vantFiles = vantClosure(vantUsers.keys());
  for (const f of vantFiles) {
    const to = join(dir, 'miniprogram_npm/@vant/weapp', f);
    mkdirSync(dirname(to), { recursive: true });
    writeFileSync(to, readFileSync(join(VANT, f)));
  }
  return { dir, vantUsers, vantFiles };
}

function sizeOf(dir: string, keep: (rel: string) => boolean): number {
  let n = 0;
  for (const f of walk(dir)) if (keep(toPosix(relative(dir, f)))) n += statSync(f).size;
  return n;
}

export async function packageSize(): Promise<void> {
  const app = JSON.parse(readFileSync(join(SOURCE, 'app.json'), 'utf8')) as { subpackages?: { root: string }[] };
  const subRoots = (app.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''));
  const built = await buildPackage(subRoots);
  try {
    const inSub = (rel: string) => subRoots.some((r) => rel.startsWith(`${r}/`));
    const main = sizeOf(built.dir, (rel) => !inSub(rel));
    const vant = sizeOf(built.dir, (rel) => rel.startsWith('miniprogram_npm/'));
    const images = sizeOf(built.dir, (rel) => !inSub(rel) && /\.(png|jpe?g|gif|svg)$/.test(rel));
    const mainOnlyVant = vantClosure([...built.vantUsers].filter(([, users]) => users.has('')).map(([c]) => c));
    const vantForMain = [...mainOnlyVant].reduce((n, f) => n + statSync(join(VANT, f)).size, 0);
    const fullVant = walk(VANT).reduce((n, f) => n + statSync(f).size, 0);
    const rows: Row[] = [
      {
        figure: 'main package after build (vant pruned to the used components)',
        goal: `≤ ${mb(MAIN_GOAL)}`,
        measured: `${mb(main)} (vant ${kb(vant)}, images ${kb(images)})`,
        met: main <= MAIN_GOAL,
      },
      ...subRoots.map((r) => {
        const n = sizeOf(built.dir, (rel) => rel.startsWith(`${r}/`));
        return { figure: `subpackage ${r}/`, goal: `≤ ${mb(SUB_GOAL)}`, measured: mb(n), met: n <= SUB_GOAL };
      }),
    ];
    emit({
      bench: 'size',
      rows,
      notes: [
        'Built into a temporary folder as DevTools would: each .ts compiled and minified to .js file by file (esbuild, CommonJS), other files copied as they are (WXML/WXSS unminified, so slightly above an upload).',
        `vant: ${built.vantUsers.size} components named by usingComponents, ${built.vantFiles.size} files with what they need transitively (${kb(vant)}; the main package's own share ${kb(vantForMain)}; all of vant's lib would be ${kb(fullVant)}). All of it is counted in the main package, where 构建 npm puts miniprogram_npm.`,
        `Subpackage roots from app.json: ${subRoots.join(', ')}.`,
      ],
    });
  } finally {
    rmSync(built.dir, { recursive: true, force: true });
  }
}
