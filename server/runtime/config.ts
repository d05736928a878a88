/**
 * Settings read once per function instance. Secrets come from env vars deployed; the local
 * cloud generates them into its data folder (see server/local/secrets.ts).
 */
export interface Config {
  /** BLUECARD_ADMIN_OPENIDS: admins besides staff with the admin role */
  adminOpenids: ReadonlySet<string>;
  /** keys HMACs: activation codes, invite tokens, ID-number lookups, request ids */
  secret: Buffer;
  /** AES-256-GCM key for personal fields at rest (ID number, name, phone) */
  dataKey: Buffer;
}

export interface Secrets {
  secret: Buffer;
  dataKey: Buffer;
}

function key32(name: string, value: string | undefined): Buffer | null {
  if (!value) return null;
  const buf = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (buf.length !== 32) throw new Error(`${name} must be 32 bytes (64 hex characters or base64)`);
  return buf;
}

export function configFromEnv(env: NodeJS.ProcessEnv, fallback?: Secrets): Config {
  const secret = key32('BLUECARD_SECRET', env.BLUECARD_SECRET) ?? fallback?.secret;
  const dataKey = key32('BLUECARD_DATA_KEY', env.BLUECARD_DATA_KEY) ?? fallback?.dataKey;
  if (!secret || !dataKey) throw new Error('BLUECARD_SECRET and BLUECARD_DATA_KEY must be set');
  const adminOpenids = new Set(
    (env.BLUECARD_ADMIN_OPENIDS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  );
  return { adminOpenids, secret, dataKey };
}
