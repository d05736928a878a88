/**
 * The `admin` function (admins only): cards for platform orders, staff and roles, the directory,
 * the working-day calendar, the pools' reconciliation. One wrapper per action.
 */
import type { Req } from '../../typings/contract';
import { call } from './call';

/** R2.1 cards for one platform order; the same `orderNo` again answers the same cards. */
export const issueCards = (req: Req<'admin', 'issueCards'>) => call('admin', 'issueCards', req);

/** Gives `openid` a name and roles; no roles takes them all away. */
export const setStaff = (req: Req<'admin', 'setStaff'>) => call('admin', 'setStaff', req);

/** R3.5 every pool (or one card's) recomputed from its ledger. */
export const reconcile = (req: Req<'admin', 'reconcile'> = {}) => call('admin', 'reconcile', req);

/** The working-day overrides, and the years the official calendar covers. */
export const getHolidays = () => call('admin', 'getHolidays', {});

/** Sets days to `workday` / `holiday`; `null` removes a day's override. */
export const setHolidays = (req: Req<'admin', 'setHolidays'>) => call('admin', 'setHolidays', req);

export const listDirectory = (req: Req<'admin', 'listDirectory'>) => call('admin', 'listDirectory', req);

/** Without `id` a new entry; with one, that entry replaced (its kind stays). */
export const upsertDirectory = (req: Req<'admin', 'upsertDirectory'>) => call('admin', 'upsertDirectory', req);

/** R5.3 the outbox, newest first, by status; with the count of each status. */
export const outbox = (req: Req<'admin', 'outbox'> = {}) => call('admin', 'outbox', req);

/** R5.3 a failed or skipped notice sent again. */
export const retryNotice = (noticeId: string) => call('admin', 'retryNotice', { noticeId });
