/** Keyed hashes, field encryption and unguessable tokens, all from node:crypto. */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomInt } from 'node:crypto';

/** A keyed hash: the same input gives the same output, but only with the key. */
export function hmac(key: Buffer, ...parts: string[]): string {
  const h = createHmac('sha256', key);
  // a separator that cannot occur in the parts keeps ('ab','c') apart from ('a','bc')
  for (const p of parts) h.update(p).update('\u0000');
  return h.digest('base64url');
}

/** AES-256-GCM; the output carries iv and tag: v1.<iv>.<tag>.<ciphertext> */
export function encrypt(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function decrypt(key: Buffer, sealed: string): string {
  const [v, iv, tag, body] = sealed.split('.');
  if (v !== 'v1' || iv === undefined || tag === undefined || body === undefined) {
    throw new Error('unknown sealed format');
  }
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export function randomDigits(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(randomInt(10));
  return s;
}

/** Short ids for documents: time-ordered prefix keeps inserts local in indexes, random tail. */
export function newId(prefix: string, now: Date): string {
  return `${prefix}_${now.getTime().toString(36)}${randomBytes(6).toString('base64url')}`;
}
