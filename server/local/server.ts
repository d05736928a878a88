/**
 * `npm start`: the local cloud on 127.0.0.1:$BLUECARD_PORT over $BLUECARD_DATA_DIR, seeded with
 * the demo world unless BLUECARD_SEED=none. One log line a call; SIGTERM stops it cleanly.
 */
import { join, resolve } from 'node:path';
import { openLocalCloud } from './cloud';
import { createHttpServer } from './http';
import { seedDemo } from './seed';

const root = resolve(__dirname, '..', '..');
const port = Number(process.env.BLUECARD_PORT ?? 8787);
const dataDir = resolve(process.env.BLUECARD_DATA_DIR ?? join(root, '.data'));
const seed = process.env.BLUECARD_SEED ?? 'demo';

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`BLUECARD_PORT must be a port number, not ${process.env.BLUECARD_PORT}`);
  process.exit(2);
}
if (seed !== 'demo' && seed !== 'none') {
  console.error(`BLUECARD_SEED must be demo or none, not ${seed}`);
  process.exit(2);
}

const log = {
  info: (line: string) => console.log(line),
  error: (line: string, e?: unknown) => console.error(line, e instanceof Error ? (e.stack ?? e.message) : (e ?? '')),
};

async function main(): Promise<void> {
  const cloud = openLocalCloud({ root, dataDir, env: process.env, log });
  let ready = false;
  const server = createHttpServer(cloud, () => ready);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    server.close(() => {
      void cloud.close().then(() => process.exit(0));
    });
    // idle keep-alive sockets would hold close() open
    server.closeAllConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  if (seed === 'demo') {
    const summary = await seedDemo(cloud);
    if (summary) console.log(summary);
  }
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  ready = true;
  const addr = server.address();
  const bound = typeof addr === 'object' && addr ? addr.port : port;
  console.log(`Bluecard local cloud ready on http://127.0.0.1:${bound} (data: ${dataDir}, functions: ${[...cloud.functions.keys()].join(', ')})`);
}

main().catch((e: unknown) => {
  log.error('local cloud failed to start', e);
  process.exit(1);
});
