/**
 * The local cloud seeded with the demo world, for the journey tests (`node scripts/build.mjs`
 * first: dist/local/server.js): the real pages' service layer bridged to it over HTTP.
 */
import { httpTransport, type Transport } from '../../miniprogram/services/transport';
import { startLocalCloud, type LocalCloudProcess } from '../http/local-cloud';
import { nodeFetch } from './node-fetch';

export interface DemoCloud {
  /** The running cloud: there from the first `beforeAll` on. */
  readonly cloud: LocalCloudProcess;
  /** The app's own HTTP transport, calling as `openid`. */
  as(openid: string): Transport;
}

/** Registers the `beforeAll` that starts the demo cloud for the file and the `afterAll` that stops it. */
export function useDemoCloud(): DemoCloud {
  let started: LocalCloudProcess | undefined;
  beforeAll(async () => {
    started = await startLocalCloud({ seed: 'demo' });
  });
  afterAll(async () => {
    await started?.stop();
  });
  const demo: DemoCloud = {
    get cloud(): LocalCloudProcess {
      if (!started) throw new Error('the local cloud is not started yet (useDemoCloud before its beforeAll)');
      return started;
    },
    as: (openid) => httpTransport({ base: demo.cloud.base, openid, fetch: nodeFetch }),
  };
  return demo;
}
