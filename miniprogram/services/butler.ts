/**
 * The `butler` function, as the member app uses it: the caller's standing conversation with the
 * 健康管家 of one card. One wrapper per action.
 */
import type { Req } from '../../typings/contract';
import { call } from './call';

/** Without `cursor` the newest page, each page oldest first; `nextCursor` goes back further. */
export const messages = (req: Req<'butler', 'messages'>) => call('butler', 'messages', req);

/** Text and/or images to the butlers. */
export const send = (req: Req<'butler', 'send'>) => call('butler', 'send', req);
