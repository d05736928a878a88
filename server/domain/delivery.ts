/**
 * R5.3 what the sender does after a send: retry with backoff, or stop. Pure, so the rules are
 * tested without a sender.
 *
 * - A transient failure (WeChat's -1 "system busy", a timeout, a quota that refills) is retried
 *   after 1 minute × 2^(attempts − 1), at most an hour apart, up to MAX_ATTEMPTS; then it ends as
 *   `failed`, kept with its last error (never dropped) and listed for ops.
 * - A permanent failure ends as `failed` at once: 43101 (the user refused, or has no one-time
 *   subscription left), 47003 (the data breaks a field rule), and the configuration errors that
 *   a retry cannot cure (bad openid, template id or page; a template or SMS not configured). Ops
 *   fix the setting and requeue it (admin.retryNotice).
 */

export const BACKOFF_BASE_MS = 60_000;
export const BACKOFF_CAP_MS = 60 * 60_000;
/** Tries before a transient failure is given up: about 7 hours of retrying. */
export const MAX_ATTEMPTS = 12;
/**
 * How long a claimed notice stays ours. Longer than a function may run (60 s), so a lease still
 * held has a live sender; an expired one is a sender that died mid-send (see the sender).
 */
export const LEASE_MS = 5 * 60_000;

/** Error codes after which no retry can succeed. WeChat's are numbers, ours are words. */
export const PERMANENT_CODES: ReadonlySet<string> = new Set([
  '43101', // user refused to accept the message / no one-time subscription left
  '47003', // template data does not fit the field rules
  '40003', // bad openid
  '40037', // bad template id
  '41030', // bad page
  'TEMPLATE_NOT_CONFIGURED',
  'SMS_NOT_CONFIGURED',
  'INVALID_RECIPIENT',
]);

export function isPermanent(code: string): boolean {
  return PERMANENT_CODES.has(code);
}

/** The wait before try number `attempts + 1`, after `attempts` failed tries (≥ 1). */
export function backoffMs(attempts: number): number {
  const n = Math.max(1, Math.floor(attempts));
  // 2^(n-1) overflows nothing before the cap: the cap is reached at n = 7
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(n - 1, 20));
}

export type AfterFailure = { status: 'pending'; nextAttemptAt: Date } | { status: 'failed' };

/** What a failed try leads to; `attempts` counts this try. */
export function afterFailure(attempts: number, code: string, now: Date): AfterFailure {
  if (isPermanent(code) || attempts >= MAX_ATTEMPTS) return { status: 'failed' };
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)) };
}
