// How the project's own Node programs are bundled — the local cloud, the preview, the DevTools
// journey (scripts/build.mjs) and the benches (bench/index.mjs): one CommonJS file each for Node
// 20, npm packages left to node_modules, esbuild quiet unless something is wrong.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's folder. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles `entry` into `outfile`, both relative to the project's folder. */
export function bundleNodeProgram(entry, outfile) {
  return build({
    entryPoints: [join(root, entry)],
    outfile: join(root, outfile),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'warning',
  });
}
