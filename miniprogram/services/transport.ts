/**
 * How a request reaches a cloud function. The app uses wx.cloud; tests and the browser preview
 * talk to the local cloud (`npm start`) over HTTP, where the same function code runs. `call()`
 * does not care which: it gets an envelope back or an exception.
 */
import type { Envelope, FunctionName } from '../../typings/contract';

/** What goes over the wire, as the contract says: `{ action, ...params }`. */
export type CallData = { action: string } & Record<string, unknown>;

/**
 * Delivers one call and resolves with whatever the function answered. It rejects only when the
 * call did not get through; a refusal by the function is an `{ ok: false }` envelope.
 */
export type Transport = (name: FunctionName, data: CallData) => Promise<Envelope<unknown>>;

/** The deployed path. wx.cloud attaches the caller's identity itself; we never send an openid. */
export const cloudTransport: Transport = async (name, data) => {
  const { result } = await wx.cloud.callFunction({ name, data });
  // Shape is checked by call(): a function that crashed can answer anything, or nothing.
  return result as Envelope<unknown>;
};

/** The part of the Fetch API the HTTP transport needs, so that any fetch can be injected. */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export interface HttpTransportOptions {
  /** The local cloud, e.g. `http://127.0.0.1:8787`. */
  base: string;
  /** Whom the local cloud takes the caller to be (deployed, this comes from WeChat instead). */
  openid: string;
  /** Defaults to the global fetch (Node 20, browsers). jsdom has none: pass one there. */
  fetch?: FetchLike;
}

/** `POST {base}/call/{name}` with `{ openid, data }`: the local cloud's door (contract, Calling). */
export function httpTransport(options: HttpTransportOptions): Transport {
  const send = options.fetch ?? globalFetch();
  const base = options.base.replace(/\/+$/, '');
  return async (name, data) => {
    const res = await send(`${base}/call/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: options.openid, data }),
    });
    // The local cloud answers every call with 200 and an envelope; anything else is a broken hop.
    if (!res.ok) throw new Error(`local cloud answered HTTP ${res.status}`);
    return (await res.json()) as Envelope<unknown>;
  };
}

// Looked up, not referenced: the mini-program's typings (rightly) have no fetch, and a missing
// fetch should fail when the transport is set up, not as a vague network error on first call.
function globalFetch(): FetchLike {
  const found: unknown = Reflect.get(globalThis, 'fetch');
  if (typeof found !== 'function') {
    throw new Error('httpTransport: no global fetch here; pass options.fetch');
  }
  // Browsers refuse a fetch called with another `this` (Illegal invocation).
  return (url, init) => (found as FetchLike).call(globalThis, url, init);
}
