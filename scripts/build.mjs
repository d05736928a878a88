// One build step: each cloud function's TypeScript entry (server/functions/<name>.ts) is bundled
// with the shared domain code into cloudfunctions/<name>/index.js — the file WeChat DevTools
// uploads and the local cloud requires — and the local cloud itself into dist/local/server.js.
import { build } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { bundleNodeProgram, root } from './node-bundle.mjs';

const entries = readdirSync(join(root, 'server/functions')).filter((f) => f.endsWith('.ts'));
const t0 = Date.now();

await Promise.all([
  ...entries.map((file) => {
    const name = file.replace(/\.ts$/, '');
    if (!existsSync(join(root, 'cloudfunctions', name, 'package.json'))) {
      throw new Error(`cloudfunctions/${name}/package.json is missing`);
    }
    return build({
      entryPoints: [join(root, 'server/functions', file)],
      outfile: join(root, 'cloudfunctions', name, 'index.js'),
      bundle: true,
      platform: 'node',
      // CloudBase runs Node 16 or newer
      target: 'node16',
      format: 'cjs',
      // the SDK is installed by the function's own package.json on deploy
      external: ['wx-server-sdk'],
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
    });
  }),
  bundleNodeProgram('server/local/server.ts', 'dist/local/server.js'),
  // the browser preview (docs/preview.md): its command, session worker and screenshot script,
  // and the part that runs in the browser
  ...['main', 'session', 'screenshots'].map((name) =>
    bundleNodeProgram(`preview/${name}.ts`, `dist/preview/${name}.js`),
  ),
  // the same journey for WeChat DevTools (npm run e2e:devtools; needs DevTools, see docs/preview.md)
  bundleNodeProgram('test/automator/journey.ts', 'dist/automator/journey.js'),
  build({
    entryPoints: [join(root, 'preview/client/client.ts')],
    outfile: join(root, 'dist/preview/client.js'),
    bundle: true,
    platform: 'browser',
    target: 'es2020',
    format: 'iife',
    logLevel: 'warning',
  }),
]);
console.log(`built ${entries.length} cloud functions, the local cloud and the preview in ${Date.now() - t0} ms`);
