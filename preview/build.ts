/**
 * Builds a copy of miniprogram/ the way WeChat DevTools would, for the component tests
 * (test/miniprogram/harness.ts) and the browser preview (preview/server.ts):
 *  - every .ts compiled to a .js beside it, file by file, as CommonJS (what the TypeScript
 *    compiler plugin does), so modules keep their identity: the `services/call` a page requires
 *    is the one whose transport the caller sets;
 *  - .wxml .wxss .wxs .json copied as they are, and the tab icons and other assets too;
 *  - @vant/weapp laid out as miniprogram_npm/@vant/weapp (what 构建 npm produces from lib/).
 * miniprogram-simulate resolves `usingComponents` relative to the component, not through
 * miniprogram_npm, so the copy's json files get npm and absolute paths rewritten to relative ones.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The project folder: the nearest one up from here with miniprogram/ (this file may run bundled). */
export const PROJECT = findProject(__dirname);
const COPIED = new Set(['.wxml', '.wxss', '.wxs', '.json']);
const ASSETS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.svg', '.webp']);

export interface BuildOptions {
  /** Copy images too (the preview shows them; the tests do not need them). */
  assets?: boolean;
  /** The project folder (default: the one this file is in, found by its miniprogram/). */
  project?: string;
}

/** Builds the copy in a new temp folder and returns its path; the caller removes it. */
export function buildMiniprogram(options: BuildOptions = {}): string {
  const project = options.project ?? PROJECT;
  const source = path.join(project, 'miniprogram');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bluecard-mp-'));
  const sources: string[] = [];
  walk(source, (file) => {
    const rel = path.relative(source, file);
    if (rel.startsWith('miniprogram_npm') || rel === 'tsconfig.json') return;
    const ext = path.extname(file).toLowerCase();
    if (ext === '.ts') {
      if (!file.endsWith('.test.ts') && !file.endsWith('.d.ts')) sources.push(file);
    } else if (COPIED.has(ext) || (options.assets === true && ASSETS.has(ext))) {
      copy(file, path.join(root, rel));
    }
  });
  compile(sources, root, source, project);
  fs.cpSync(path.join(project, 'node_modules/@vant/weapp/lib'), path.join(root, 'miniprogram_npm/@vant/weapp'), {
    recursive: true,
  });
  walk(root, (file) => {
    if (file.endsWith('.json') && !file.includes(`${path.sep}miniprogram_npm${path.sep}`)) {
      relinkComponents(file, root);
    }
  });
  return root;
}

/** The newest modification time under miniprogram/ (and vant's lib): has the source changed? */
export function sourceStamp(project = PROJECT): number {
  let newest = 0;
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'miniprogram_npm') continue;
      const full = path.join(dir, entry.name);
      const stat = fs.statSync(full);
      newest = Math.max(newest, stat.mtimeMs);
      if (entry.isDirectory()) visit(full);
    }
  };
  visit(path.join(project, 'miniprogram'));
  return newest;
}

// esbuild's JS API refuses to run inside jest's jsdom environment (it checks that Buffer is a
// Uint8Array, which is false across jsdom's realm), so it runs in a plain Node child process.
function compile(files: string[], outdir: string, outbase: string, project: string): void {
  if (files.length === 0) return;
  const options = {
    entryPoints: files,
    outdir,
    outbase,
    format: 'cjs',
    platform: 'neutral',
    target: 'es2020',
    sourcemap: 'inline',
    logLevel: 'error',
  };
  const script = "require('esbuild').buildSync(JSON.parse(process.argv[1]))";
  const result = spawnSync(process.execPath, ['-e', script, JSON.stringify(options)], {
    cwd: project, // where `require('esbuild')` is found
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`compiling miniprogram/ failed:\n${result.stderr || String(result.error)}`);
  }
}

// `@vant/weapp/button/index` → `../../miniprogram_npm/@vant/weapp/button/index`;
// `/components/x/index` → relative from the file, as wcc and simulate both understand it.
function relinkComponents(jsonFile: string, root: string): void {
  const json = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { usingComponents?: Record<string, string> };
  const using = json.usingComponents;
  if (!using) return;
  const dir = path.dirname(jsonFile);
  for (const [tag, target] of Object.entries(using)) {
    if (target.startsWith('.') || target.startsWith('plugin://')) continue;
    const absolute = target.startsWith('/') ? path.join(root, target) : path.join(root, 'miniprogram_npm', target);
    using[tag] = path.relative(dir, absolute).split(path.sep).join('/');
  }
  fs.writeFileSync(jsonFile, JSON.stringify(json, null, 2));
}

function findProject(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'miniprogram/app.json')) && fs.existsSync(path.join(dir, 'package.json')))
      return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

export function walk(dir: string, visit: (file: string) => void): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, visit);
    else if (entry.isFile()) visit(full);
  }
}

function copy(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}
