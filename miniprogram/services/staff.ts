/**
 * The `staff` function: who the caller is as staff (the 我的 page's 工作台 entry) and the
 * workbench's actions. One wrapper per action, and the caller's upload folder kept for the launch.
 */
import type { Req, Res } from '../../typings/contract';
import { call } from './call';

// The caller's own upload folder (`staff.me`'s `uploadDir`): one per person, so read once per launch.
let folder: string | null = null;
let reading: Promise<string> | null = null;

/** Who the caller is as staff: `{ name: '', roles: [] }` for a member who is not staff. */
export const me = (): Promise<Res<'staff', 'me'>> =>
  call('staff', 'me', {}).then((answer) => {
    if (answer.uploadDir) folder = answer.uploadDir;
    return answer;
  });

/**
 * Where the workbench's uploads go (results, chat images; adapters/upload.ts `uploadFile`): the
 * folder the launch's `staff.me` answered (the queue reads it on opening), else read now. The
 * functions take only file ids under it.
 */
export function uploadDir(): Promise<string> {
  if (folder !== null) return Promise.resolve(folder);
  // several files at once ask once
  if (reading === null) {
    reading = me().then(
      (answer) => {
        reading = null;
        return answer.uploadDir;
      },
      (err: unknown) => {
        reading = null;
        throw err;
      },
    );
  }
  return reading;
}

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
