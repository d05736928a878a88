/**
 * The `staff` function: who the caller is as staff (the 我的 page's 工作台 entry) and the
 * workbench's actions. One wrapper per action, and the caller's upload folder kept for the launch.
 */
import type { Req, Res } from '../../typings/contract';
import { call } from './call';
import { keepUploadDir, uploadDirVia } from './upload-dir';

/** Who the caller is as staff: `{ name: '', roles: [] }` for a member who is not staff. */
export const me = (): Promise<Res<'staff', 'me'>> =>
  call('staff', 'me', {}).then((answer) => {
    keepUploadDir(answer.uploadDir);
    return answer;
  });

/**
 * Where the workbench's uploads go (results, chat images; adapters/upload.ts `uploadFile`): the
 * folder the launch's `staff.me` answered (the queue reads it on opening), else read now. The
 * functions take only file ids under it.
 */
export const uploadDir = (): Promise<string> => uploadDirVia(me);

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
