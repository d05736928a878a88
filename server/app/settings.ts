/**
 * Ops settings kept in the `settings` collection: the holiday calendar overrides (chinese-days'
 * data ends in 2026) and the notice names. Read per call: one small document.
 */
import type { CalendarOverrides } from '../domain/calendar';
import { resolveNoticeSettings, type NoticeSettings } from '../domain/notices';
import type { Store, Tx } from '../store/port';

/** A store or a transaction: order.create reads it inside its transaction. */
export async function calendarOverrides(store: Tx): Promise<CalendarOverrides> {
  const doc = await store.get('settings', 'calendar');
  return (doc?.value as CalendarOverrides | undefined) ?? {};
}

export async function noticeSettings(store: Store): Promise<NoticeSettings> {
  // provider and account names, template ids and field keys (R5): ops edit this document
  return resolveNoticeSettings((await store.get('settings', 'notices'))?.value);
}
