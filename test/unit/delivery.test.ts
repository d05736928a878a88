/**
 * R5.3 the sender's rules after a failed send: retried with backoff (1 minute × 2^(n−1), at most
 * an hour apart), kept with its error code, never dropped; permanent errors (43101 the user
 * refused or has no subscription left, 47003 bad data, and configuration errors) stop retries.
 */
import { afterFailure, backoffMs, BACKOFF_CAP_MS, isPermanent, MAX_ATTEMPTS } from '../../server/domain/delivery';

const NOW = new Date('2026-03-20T02:00:00Z');
const MIN = 60_000;

describe('R5.3 backoff', () => {
  it('doubles from a minute and is capped at an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 12].map((n) => backoffMs(n) / MIN)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
    expect(backoffMs(1000)).toBe(BACKOFF_CAP_MS);
  });

  it('a transient failure is tried again after the backoff, counted from now', () => {
    expect(afterFailure(1, '-1', NOW)).toEqual({ status: 'pending', nextAttemptAt: new Date(NOW.getTime() + MIN) });
    expect(afterFailure(3, 'SINK_ERROR', NOW)).toEqual({
      status: 'pending',
      nextAttemptAt: new Date(NOW.getTime() + 4 * MIN),
    });
  });

  it('ends failed (kept, listed for ops) after MAX_ATTEMPTS tries, some 7 hours of retrying', () => {
    expect(afterFailure(MAX_ATTEMPTS - 1, '-1', NOW).status).toBe('pending');
    expect(afterFailure(MAX_ATTEMPTS, '-1', NOW)).toEqual({ status: 'failed' });
    let total = 0;
    for (let n = 1; n < MAX_ATTEMPTS; n++) total += backoffMs(n);
    expect(total / 3600_000).toBeGreaterThan(6);
  });
});

describe('R5.3 permanent errors stop retries', () => {
  it.each(['43101', '47003', '40003', '40037', 'TEMPLATE_NOT_CONFIGURED', 'SMS_NOT_CONFIGURED'])(
    '%s → failed at the first try',
    (code) => {
      expect(isPermanent(code)).toBe(true);
      expect(afterFailure(1, code, NOW)).toEqual({ status: 'failed' });
    },
  );

  it.each(['-1', '45009', 'SINK_ERROR', 'SEND_ERROR', 'NO_SINK'])('%s is transient', (code) => {
    expect(isPermanent(code)).toBe(false);
  });
});
