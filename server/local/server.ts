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
/** BLUECARD_TIMERS=off: no timer runs by itself (tests run triggers through POST /_dev/run/{trigger}). */
const timers = process.env.BLUECARD_TIMERS ?? 'on';

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`BLUECARD_PORT must be a port number, not ${process.env.BLUECARD_PORT}`);
  process.exit(2);
}
if (seed !== 'demo' && seed !== 'none') {
  console.error(`BLUECARD_SEED must be demo or none, not ${seed}`);
  process.exit(2);
}
if (timers !== 'on' && timers !== 'off') {
  console.error(`BLUECARD_TIMERS must be on or off, not ${timers}`);
  process.exit(2);
}

/** Lifelike timers for `npm start`: the sender every 10 s, the reminders sweep every 30 s. */
const TIMER_EVERY_MS: Readonly<Record<string, number>> = { sender: 10_000, reminders: 30_000 };

const log = {
  info: (line: string) => console.log(line),
  error: (line: string, e?: unknown) => console.error(line, e instanceof Error ? (e.stack ?? e.message) : (e ?? '')),
};

async function main(): Promise<void> {
  const cloud = openLocalCloud({ root, dataDir, env: process.env, log });
  let ready = false;
  const server = createHttpServer(cloud, () => ready);

  const intervals: NodeJS.Timeout[] = [];
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    for (const t of intervals) clearInterval(t);
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
  if (timers === 'on') {
    for (const [trigger, every] of Object.entries(TIMER_EVERY_MS)) {
      let running = false;
      intervals.push(
        setInterval(() => {
          // one run of a trigger at a time, as a deployed timer would not overlap itself either
          if (running || stopping) return;
          running = true;
          cloud
            .run(trigger)
            .catch((e: unknown) => log.error(`timer ${trigger} failed`, e))
            .finally(() => (running = false));
        }, every),
      );
    }
  }
  const addr = server.address();
  const bound = typeof addr === 'object' && addr ? addr.port : port;
  console.log(
    `Bluecard local cloud ready on http://127.0.0.1:${bound} (data: ${dataDir}, functions: ${[...cloud.functions.keys()].join(', ')})`,
  );
}

main().catch((e: unknown) => {
  log.error('local cloud failed to start', e);
  process.exit(1);
});
