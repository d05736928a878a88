/**
 * The conformance suite against a real CloudBase environment, through the real wx-server-sdk.
 * Runs only when BLUECARD_CLOUDBASE_ENV names the environment and credentials are given
 * (TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY, plus TENCENTCLOUD_SESSIONTOKEN for temporary
 * keys); see docs/store.md. Use an environment kept for tests: the suite writes into its
 * `things` and `pools` collections (every id starts with the run's prefix) and leaves the
 * documents there.
 */
import { cloudbaseStore, type CloudDb } from '../../server/store/cloudbase';
import { storeConformance } from './conformance';

const env = process.env.BLUECARD_CLOUDBASE_ENV;
const credentials = Boolean(process.env.TENCENTCLOUD_SECRETID && process.env.TENCENTCLOUD_SECRETKEY);

if (env && credentials) {
  jest.setTimeout(180_000);
  let db: Promise<CloudDb> | undefined;
  const connect = async (): Promise<CloudDb> => {
    const cloud = await import('wx-server-sdk');
    // the node SDK reads TENCENTCLOUD_SECRETID / SECRETKEY / SESSIONTOKEN from the environment
    cloud.init({ env });
    const database = cloud.database();
    for (const name of ['things', 'pools']) {
      // Collections must exist before the first write; "already exists" is the usual answer.
      await Promise.resolve(database.createCollection(name)).catch(() => undefined);
    }
    return database as unknown as CloudDb;
  };
  storeConformance(`cloudbase adapter on the real environment ${env}`, async () =>
    cloudbaseStore(await (db ??= connect())),
  );
} else {
  describe.skip('store conformance: cloudbase adapter on a real environment (set BLUECARD_CLOUDBASE_ENV, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY to run it)', () => {
    it('runs the conformance suite through wx-server-sdk', () => undefined);
  });
}
