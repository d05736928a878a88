/**
 * The service layer's core and the only road to the cloud functions: a typed `call()` that
 * unwraps the envelope. Pages use the per-function modules (`card.ts`, …), never this directly,
 * so that every request a page can make is listed in one small file per function.
 */
import type { ActionName, Envelope, ErrorCode, FunctionName, Req, Res } from '../../typings/contract';
import { cloudTransport, type Transport } from './transport';

/** What the member reads when the request never got an answer. */
export const NETWORK_MESSAGE = '网络不太好，请稍后重试';

/**
 * A call that did not succeed. `message` is written for the member (the functions write it in
 * Chinese): show it as it is. Decide on `code`, never on the message's wording.
 */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    // DevTools' es6→es5 step turns classes into functions, and an ES5 "subclass" of Error loses
    // its prototype; without this, `err instanceof ServiceError` is false on real phones.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** The member-facing text of anything a service promise rejected with. */
export function messageOf(err: unknown): string {
  return err instanceof ServiceError ? err.message : NETWORK_MESSAGE;
}

let transport: Transport = cloudTransport;

/** Swap how calls travel (tests, preview). Returns the previous transport, to restore it. */
export function setTransport(next: Transport): Transport {
  const previous = transport;
  transport = next;
  return previous;
}

/** Calls `name`.`action` and resolves with the answer's `data`, or rejects with a ServiceError. */
export async function call<F extends FunctionName, A extends ActionName<F>>(
  name: F,
  action: A,
  req: Req<F, A>,
): Promise<Res<F, A>> {
  let answer: unknown;
  try {
    // Object.assign, not a spread: TypeScript cannot spread the still-generic Req<F, A>.
    answer = await transport(name, Object.assign({}, req, { action }));
  } catch {
    throw new ServiceError('INTERNAL', NETWORK_MESSAGE);
  }
  const envelope = readEnvelope(answer);
  if (!envelope.ok) throw new ServiceError(envelope.error.code, envelope.error.message);
  // The contract types are shared with the functions, which validate what they send.
  return envelope.data as Res<F, A>;
}

// What arrives was produced by code we do not run here (and, deployed, by wx.cloud): check the
// envelope's shape so that a page never renders `undefined` as if it were an answer.
function readEnvelope(answer: unknown): Envelope<unknown> {
  if (isObject(answer)) {
    if (answer['ok'] === true) return { ok: true, data: answer['data'] };
    const error = answer['error'];
    if (answer['ok'] === false && isObject(error)) {
      const { code, message } = error;
      return {
        ok: false,
        error: {
          code: isErrorCode(code) ? code : 'INTERNAL',
          message: typeof message === 'string' && message !== '' ? message : NETWORK_MESSAGE,
        },
      };
    }
  }
  return { ok: false, error: { code: 'INTERNAL', message: NETWORK_MESSAGE } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

// A Record over the union, so that a code added to the contract fails to compile until listed.
const ERROR_CODES: Readonly<Record<ErrorCode, true>> = {
  INVALID_ARGUMENT: true,
  PERMISSION_DENIED: true,
  NOT_FOUND: true,
  ACTIVATION_WINDOW_CLOSED: true,
  ALREADY_ACTIVATED: true,
  WAITING_PERIOD: true,
  CARD_EXPIRED: true,
  BENEFIT_NOT_INCLUDED: true,
  HOLDER_ONLY: true,
  QUOTA_EXHAUSTED: true,
  FAMILY_FULL: true,
  INVITE_INVALID: true,
  NOT_ELIGIBLE: true,
  INVALID_STATE: true,
  RATE_LIMITED: true,
  INTERNAL: true,
};

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}
