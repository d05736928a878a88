/**
 * The `privacy` function (PIPL): the caller's own data, never anyone else's. One wrapper per
 * action. Both work on the caller's openid and take no id.
 */
import type { ErasureReport, PrivacyExport } from '../../typings/contract';
import { call } from './call';

/** What the member types to confirm an erasure; the function refuses anything else. */
export const ERASE_CONFIRM = '确认删除';

/** Everything held about the caller, their own data in full. Rate-limited (RATE_LIMITED). */
export const exportMine = (): Promise<PrivacyExport> => call('privacy', 'export', {}).then(({ data }) => data);

/**
 * Removes the caller's personal data for good. Refused (INVALID_STATE) while an order that
 * serves them is open, and while a holder still has family on the card; the message says which.
 */
export const eraseMine = (): Promise<ErasureReport> => call('privacy', 'erase', { confirm: ERASE_CONFIRM });
