/**
 * The local cloud's notice sink: nothing leaves the machine. Every message that would have been
 * sent is recorded in the `sentLog` collection (GET /_dev/sent), one row per message that got
 * through, so tests can count what a member would have received.
 *
 * Like WeChat it refuses subscription data that breaks a field rule (47003) and an SMS text with
 * an unfilled slot, so a rendering bug shows locally. And it can be told to fail, for the
 * sender's retry tests and demos:
 * - BLUECARD_SINK_FAIL_RATE (0..1, default 0): the share of tries that fail;
 * - BLUECARD_SINK_FAIL_CODES (comma-separated, default -1, WeChat's "system busy"): the codes
 *   failures answer, picked per try;
 * - BLUECARD_SINK_SEED (default 1): which tries fail is a hash of seed, notice and try number, so a
 *   run is repeatable whatever order or concurrency the sender works in.
 */
import { createHash } from 'node:crypto';
import { fieldValueOk } from '../domain/notices';
import { formatInstant } from '../domain/time';
import { newId } from '../runtime/crypto';
import type { NoticeSink, OutgoingNotice, SendResult } from '../runtime/sink';
import type { Store } from '../store/port';

export interface LocalSinkOptions {
  failRate: number;
  failCodes: string[];
  seed: string;
}

export function sinkOptionsFromEnv(env: NodeJS.ProcessEnv): LocalSinkOptions {
  const rate = Number(env.BLUECARD_SINK_FAIL_RATE ?? '0');
  if (!Number.isFinite(rate) || rate < 0 || rate > 1)
    throw new Error('BLUECARD_SINK_FAIL_RATE must be a number from 0 to 1');
  const codes = (env.BLUECARD_SINK_FAIL_CODES ?? '-1')
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  return { failRate: rate, failCodes: codes.length ? codes : ['-1'], seed: env.BLUECARD_SINK_SEED ?? '1' };
}

/** A number in [0, 1) fixed by seed, notice and try. */
function draw(seed: string, noticeId: string, attempt: number, salt: string): number {
  return (
    createHash('sha256').update(`${seed}\u0000${noticeId}\u0000${attempt}\u0000${salt}`).digest().readUInt32BE(0) /
    2 ** 32
  );
}

function check(n: OutgoingNotice): SendResult | null {
  if (n.channel === 'subscribe') {
    const entries = Object.entries(n.data ?? {});
    if (entries.length === 0 || entries.some(([k, v]) => !fieldValueOk(k, v)))
      return { ok: false, code: '47003', message: 'argument invalid' };
    return null;
  }
  if (!/^1\d{10}$/.test(n.to)) return { ok: false, code: 'INVALID_RECIPIENT' };
  if (!n.text || /\{\w+\}/.test(n.text)) return { ok: false, code: 'SMS_TEMPLATE_PARAMS', message: 'unfilled slot' };
  return null;
}

export function localSink(store: Store, opts: LocalSinkOptions): NoticeSink {
  return {
    async send(n, now) {
      if (opts.failRate > 0 && draw(opts.seed, n.noticeId, n.attempt, 'fail') < opts.failRate) {
        const code =
          opts.failCodes[Math.floor(draw(opts.seed, n.noticeId, n.attempt, 'code') * opts.failCodes.length)] ?? '-1';
        return { ok: false, code, message: 'injected failure' };
      }
      const refused = check(n);
      if (refused) return refused;
      await store.insert('sentLog', {
        _id: newId('sent', now),
        noticeId: n.noticeId,
        channel: n.channel,
        to: n.to,
        template: n.template,
        templateId: n.templateId,
        ...(n.text !== undefined ? { text: n.text } : {}),
        ...(n.data !== undefined ? { data: n.data } : {}),
        ...(n.page !== undefined ? { page: n.page } : {}),
        ...(n.params !== undefined ? { params: n.params } : {}),
        attempt: n.attempt,
        at: formatInstant(now),
      });
      return { ok: true };
    },
  };
}
