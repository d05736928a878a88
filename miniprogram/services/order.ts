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
