/** The `order` function: placing, reading, cancelling and rating orders. One wrapper per action. */
import type { Req } from '../../typings/contract';
import { call } from './call';

/** Places an order; `requestId` makes a retry return the first answer (R3.6). */
export const create = (req: Req<'order', 'create'>) => call('order', 'create', req);

export const get = (orderId: string) => call('order', 'get', { orderId });

/** The caller's orders, newest first, a page at a time (`limit: 1` gives the latest). */
export const list = (req: Req<'order', 'list'> = {}) => call('order', 'list', req);

export const cancel = (req: Req<'order', 'cancel'>) => call('order', 'cancel', req);

/** Completed orders, once. */
export const rate = (req: Req<'order', 'rate'>) => call('order', 'rate', req);

/**
 * A consult's conversation (quickConsult, expertConsult, familyDoctor): without `cursor` the
 * newest page, each page oldest first; `nextCursor` goes back to older messages.
 */
export const messages = (req: Req<'order', 'messages'>) => call('order', 'messages', req);

/** Text and/or images while the session is open. */
export const send = (req: Req<'order', 'send'>) => call('order', 'send', req);

/** The member ends the consult early (可提前结束); the unit stays used. */
export const end = (orderId: string) => call('order', 'end', { orderId });

/** 三甲家庭私人医生: sign a doctor of the list for a person (default: the caller). */
export const signDoctor = (req: Req<'order', 'signDoctor'>) => call('order', 'signDoctor', req);

/** The person's signed family doctor, or null. */
export const myDoctor = (req: Req<'order', 'myDoctor'>) => call('order', 'myDoctor', req);

/** The doctor who took a phone or video consult logs a call and its length (workbench). */
export const logCall = (req: Req<'order', 'logCall'>) => call('order', 'logCall', req);
