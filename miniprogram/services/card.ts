/** The `card` function: the member's cards, activation and family. One wrapper per action. */
import type { Req } from '../../typings/contract';
import { call } from './call';

/** The cards on which the caller is holder or member. */
export const mine = () => call('card', 'mine', {});

export const activate = (req: Req<'card', 'activate'>) => call('card', 'activate', req);

/** Holder of a premium card only. */
export const createInvite = (cardId: string) => call('card', 'createInvite', { cardId });

export const acceptInvite = (req: Req<'card', 'acceptInvite'>) => call('card', 'acceptInvite', req);

export const removeMember = (cardId: string, memberId: string) => call('card', 'removeMember', { cardId, memberId });

/** The shared pool's history, newest first, a page at a time. */
export const ledger = (req: Req<'card', 'ledger'>) => call('card', 'ledger', req);
