/**
 * Ops settings kept in the `settings` collection: the holiday calendar overrides (chinese-days'
 * data ends in 2026) and the notice names. Read per call: one small document.
 */
import type { CalendarOverrides } from '../domain/calendar';
import { resolveNoticeSettings, type NoticeSettings } from '../domain/notices';
import type { SettingDoc } from '../store/collections';
import type { Store, Tx } from '../store/port';

/** The `settings` document of the calendar overrides (order.create reads it with the card). */
export const CALENDAR_SETTINGS = 'calendar';

export function calendarOverridesOf(doc: SettingDoc | null | undefined): CalendarOverrides {
  return (doc?.value as CalendarOverrides | undefined) ?? {};
}

/** A store or a transaction. */
export async function calendarOverrides(store: Tx): Promise<CalendarOverrides> {
  return calendarOverridesOf(await store.get('settings', CALENDAR_SETTINGS));
}

export async function noticeSettings(store: Store): Promise<NoticeSettings> {
  // provider and account names, template ids and field keys (R5): ops edit this document
  return resolveNoticeSettings((await store.get('settings', 'notices'))?.value);
}
