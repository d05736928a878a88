/**
 * Locally, secrets that deployed functions read from env vars are generated once into the data
 * folder, so a fresh folder is a fresh world and a restart keeps decrypting what it wrote.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Secrets } from '../runtime/config';

export function localSecrets(dataDir: string): Secrets {
  const file = join(dataDir, 'secrets.json');
  if (!existsSync(file)) {
    const fresh = { secret: randomBytes(32).toString('hex'), dataKey: randomBytes(32).toString('hex') };
    writeFileSync(file, JSON.stringify(fresh), { mode: 0o600, flag: 'wx' });
  }
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { secret: string; dataKey: string };
  return { secret: Buffer.from(raw.secret, 'hex'), dataKey: Buffer.from(raw.dataKey, 'hex') };
}
