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

// Staff with the butler role (the workbench):

/** Every person's standing thread, newest message first; `cursor` is an offset. */
export const threads = (req: Req<'butler', 'threads'> = {}) => call('butler', 'threads', req);

/** One thread's messages, as `messages`; reading the newest page marks it read. */
export const thread = (req: Req<'butler', 'thread'>) => call('butler', 'thread', req);

/** The butler's answer in a thread: text and/or images. */
export const reply = (req: Req<'butler', 'reply'>) => call('butler', 'reply', req);
