/**
 * The `card` function: the member's cards, activation and family. One wrapper per action, and the
 * caller's upload folder kept for the app's launch.
 */
import type { Req, Res } from '../../typings/contract';
import { call } from './call';
import { keepUploadDir, uploadDirVia } from './upload-dir';

/** The cards on which the caller is holder or member (and their upload folder, kept for `uploadDir`). */
export const mine = (): Promise<Res<'card', 'mine'>> =>
  call('card', 'mine', {}).then((answer) => {
    keepUploadDir(answer.uploadDir);
    return answer;
  });

/**
 * Where the caller's uploads go (adapters/upload.ts `uploadFile`): the folder the launch's
 * `card.mine` answered (the home page reads it at start-up), else read now. The functions take
 * only file ids under it.
 */
export const uploadDir = (): Promise<string> => uploadDirVia(mine);

export const activate = (req: Req<'card', 'activate'>) => call('card', 'activate', req);

/** Holder of a premium card only. */
export const createInvite = (cardId: string) => call('card', 'createInvite', { cardId });

export const acceptInvite = (req: Req<'card', 'acceptInvite'>) => call('card', 'acceptInvite', req);

export const removeMember = (cardId: string, memberId: string) => call('card', 'removeMember', { cardId, memberId });

/** The shared pool's history, newest first, a page at a time. */
export const ledger = (req: Req<'card', 'ledger'>) => call('card', 'ledger', req);
