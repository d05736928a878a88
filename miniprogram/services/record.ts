/**
 * The `record` function: 健康档案 of one person on a card (that person and the card's holder
 * only). One wrapper per action. Nothing health-related is stored before `consent`, nor after
 * `withdrawConsent` until consent is given again.
 */
import type { HealthProfileInput, Req } from '../../typings/contract';
import { call } from './call';

/** The version of 《健康信息处理授权》 the app shows; a new text needs a new version. */
export const CONSENT_VERSION = '2026-02';

export const get = (memberId: string) => call('record', 'get', { memberId });

/** Given fields replace what is stored; `null` clears a number. */
export const update = (memberId: string, profile: HealthProfileInput) =>
  call('record', 'update', { memberId, profile });

/** 《健康信息处理授权》, given by the person or by the holder for them. */
export const consent = (memberId: string, version: string = CONSENT_VERSION) =>
  call('record', 'consent', { memberId, version });

/**
 * Withdraws 《健康信息处理授权》: the profile and the person's own uploads are deleted and nothing
 * more is stored until `consent` again. The person may always; the holder only what they gave.
 */
export const withdrawConsent = (memberId: string) => call('record', 'withdrawConsent', { memberId });

export const addReport = (req: Req<'record', 'addReport'>) => call('record', 'addReport', req);

export const removeReport = (memberId: string, reportId: string) =>
  call('record', 'removeReport', { memberId, reportId });
