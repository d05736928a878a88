/**
 * Fixed-window counters for abuse limits (activation code guessing, invites, orders, messages).
 * A counter is one document; taking a slot is one conditional increment, so concurrent callers
 * cannot slip past the limit together.
 */
import { formatInstant } from '../domain/time';
import { fail } from '../runtime/errors';
import type { Store } from '../store/port';
import { isDuplicateKey } from '../store/port';

export interface RateRule {
  /** counter name, e.g. 'activate-fail-card' */
  name: string;
  limit: number;
  windowMs: number;
}

export const RATE_RULES = {
  /** wrong activation codes for one card (issue 4: 5 a card an hour) */
  activateFailCard: { name: 'act-card', limit: 5, windowMs: 3600_000 },
  /** wrong activation codes by one caller, whatever the card */
  activateFailCaller: { name: 'act-caller', limit: 10, windowMs: 3600_000 },
  /** invites created by one holder a day */
  invite: { name: 'invite', limit: 20, windowMs: 24 * 3600_000 },
  /** messages sent by one caller (order.send, butler.send / reply; issue 10): 30 a minute */
  message: { name: 'msg', limit: 30, windowMs: 60_000 },
  /**
   * orders a member places (order.create; issue 10): 20 an hour and 100 a day. Not a counter:
   * the caller's orders of the last hour and day are counted, with the card, in the create's
   * first read (order/create.ts), so only accepted creates count. See docs/decisions.md.
   */
  orderHour: { name: 'order-h', limit: 20, windowMs: 3600_000 },
  orderDay: { name: 'order-d', limit: 100, windowMs: 24 * 3600_000 },
  /** orders a butler places for members (staff.placeOrder, R1.5): a shift's work, not a member's */
  staffOrderHour: { name: 'order-staff-h', limit: 60, windowMs: 3600_000 },
  staffOrderDay: { name: 'order-staff-d', limit: 300, windowMs: 24 * 3600_000 },
  /** privacy.export: everything held about the caller, decrypted; 10 an hour is plenty */
  privacyExport: { name: 'export', limit: 10, windowMs: 3600_000 },
} as const satisfies Record<string, RateRule>;

function docId(rule: RateRule, key: string): string {
  return `${rule.name}:${key}`;
}

/** Whether the counter has reached its limit in the current window (takes nothing). */
export async function isLimited(store: Store, rule: RateRule, key: string, now: Date): Promise<boolean> {
  const doc = await store.get('rates', docId(rule, key));
  return !!doc && doc.windowEnds > formatInstant(now) && doc.count >= rule.limit;
}

/** Counts one event; false when the window was already full. */
export async function hit(store: Store, rule: RateRule, key: string, now: Date): Promise<boolean> {
  const id = docId(rule, key);
  const nowIso = formatInstant(now);
  const windowEnds = formatInstant(new Date(now.getTime() + rule.windowMs));
  for (let attempt = 0; attempt < 5; attempt++) {
    if (
      await store.update(
        'rates',
        id,
        { $inc: { count: 1 } },
        { windowEnds: { $gt: nowIso }, count: { $lt: rule.limit } },
      )
    ) {
      return true;
    }
    const doc = await store.get('rates', id);
    if (!doc) {
      try {
        await store.insert('rates', { _id: id, count: 1, windowEnds });
        return true;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        continue;
      }
    }
    if (doc.windowEnds > nowIso) return false;
    // the window is over: start a new one, unless a concurrent caller just did
    if (await store.update('rates', id, { $set: { count: 1, windowEnds } }, { windowEnds: doc.windowEnds }))
      return true;
  }
  return false;
}

/** Takes a slot or answers RATE_LIMITED. */
export async function takeOrLimit(store: Store, rule: RateRule, key: string, now: Date): Promise<void> {
  if (!(await hit(store, rule, key, now))) fail('RATE_LIMITED');
}

/** The counters kept under a caller's openid (privacy.erase: nothing keyed by it stays). */
export async function forgetCaller(store: Store, openid: string): Promise<void> {
  for (const rule of Object.values(RATE_RULES)) {
    if (rule === RATE_RULES.activateFailCard) continue; // keyed by card number
    await store.remove('rates', docId(rule, openid));
  }
}
