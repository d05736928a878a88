/**
 * Errors a caller may see. Each code of the contract has a default Chinese message written for
 * the member; use cases pass a more precise one where they know more.
 */
import type { ErrorCode } from '../../typings/contract';

const DEFAULT_MESSAGES: Readonly<Record<ErrorCode, string>> = {
  INVALID_ARGUMENT: '请求内容有误，请检查后重试',
  PERMISSION_DENIED: '您没有权限进行此操作',
  NOT_FOUND: '没有找到相关信息',
  ACTIVATION_WINDOW_CLOSED: '该卡已超过激活期限，无法激活',
  ALREADY_ACTIVATED: '该卡已激活，无需重复激活',
  WAITING_PERIOD: '权益尚在等待期内，等待期结束后即可预约',
  CARD_EXPIRED: '该卡已过有效期',
  BENEFIT_NOT_INCLUDED: '您的卡不包含此项权益',
  HOLDER_ONLY: '此项权益仅限持卡人本人使用',
  QUOTA_EXHAUSTED: '此项权益次数已用完',
  FAMILY_FULL: '家庭成员已满 3 人',
  INVITE_INVALID: '邀请已失效，请联系持卡人重新邀请',
  NOT_ELIGIBLE: '不符合服务条件',
  INVALID_STATE: '当前状态下无法进行此操作',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  INTERNAL: '系统繁忙，请稍后再试',
};

export class AppError extends Error {
  readonly isAppError = true;
  constructor(
    readonly code: ErrorCode,
    message?: string,
  ) {
    super(message ?? DEFAULT_MESSAGES[code]);
  }
}

/** Matched by shape, not instanceof: separate bundles carry separate copies of this class. */
export function isAppError(e: unknown): e is AppError {
  return typeof e === 'object' && e !== null && (e as { isAppError?: unknown }).isAppError === true;
}

export function fail(code: ErrorCode, message?: string): never {
  throw new AppError(code, message);
}

export function defaultMessage(code: ErrorCode): string {
  return DEFAULT_MESSAGES[code];
}
