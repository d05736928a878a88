/**
 * The `staff` function: who the caller is as staff (the 我的 page's 工作台 entry) and the
 * workbench's actions. One wrapper per action.
 */
import type { Req } from '../../typings/contract';
import { call } from './call';

/** Who the caller is as staff: `{ name: '', roles: [] }` for a member who is not staff. */
export const me = () => call('staff', 'me', {});

/** Open orders whose awaited step the caller's roles take: overdue first, then soonest; paged. */
export const queue = (req: Req<'staff', 'queue'> = {}) => call('staff', 'queue', req);

/** One order as staff see it, with `allowedSteps`: the steps the caller may take now. */
export const get = (orderId: string) => call('staff', 'get', { orderId });

/** Takes one step of the order's workflow (accept, book, providerStop, fail, noShow, complete, followUp). */
export const act = (req: Req<'staff', 'act'>) => call('staff', 'act', req);

/** The served person's number, for wx.makePhoneCall; the function writes the call to its audit log. */
export const callMember = (orderId: string) => call('staff', 'callMember', { orderId });

/** Temporary download links of the order's files (locally: the fileIDs, with a note). */
export const fileUrls = (orderId: string) => call('staff', 'fileUrls', { orderId });

/** R1.5 the butler orders on a member's behalf (premium cards only). */
export const placeOrder = (req: Req<'staff', 'placeOrder'>) => call('staff', 'placeOrder', req);

/** Every staff member and their roles (admins only). */
export const roster = () => call('staff', 'roster', {});
