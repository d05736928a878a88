/**
 * R5.3 The outbox: a notice is written inside the transaction of the change that causes it, with
 * a dedupe key; its id derives from channel + key, so writing it twice keeps one. The sender
 * (server/app/notify/sender.ts) delivers it.
 */
import { createHash } from 'node:crypto';
import type { Notice, NoticeChannel } from '../../typings/contract';
import { formatInstant } from '../domain/time';
import type { OutboxDoc } from '../store/collections';
import type { Tx } from '../store/port';

export interface NewNotice {
  channel: NoticeChannel;
  to: string;
  template: string;
  text?: string;
  data?: Record<string, string>;
  dedupeKey: string;
  /** subscribe: the page the message opens */
  page?: string;
  /** sms: the slot values, for the provider template's parameters */
  vars?: Record<string, string>;
}

export function noticeId(channel: NoticeChannel, dedupeKey: string): string {
  return `ntc_${createHash('sha256').update(`${channel}\u0000${dedupeKey}`).digest('base64url').slice(0, 24)}`;
}

/** Writes the notice unless one with the same channel and key exists; true when written. */
export async function enqueue(tx: Tx, n: NewNotice, now: Date): Promise<boolean> {
  const _id = noticeId(n.channel, n.dedupeKey);
  if (await tx.get('outbox', _id)) return false;
  const at = formatInstant(now);
  await tx.insert('outbox', {
    _id,
    channel: n.channel,
    to: n.to,
    template: n.template,
    ...(n.text !== undefined ? { text: n.text } : {}),
    ...(n.data !== undefined ? { data: n.data } : {}),
    ...(n.page !== undefined ? { page: n.page } : {}),
    ...(n.vars !== undefined ? { vars: n.vars } : {}),
    dedupeKey: n.dedupeKey,
    status: 'pending',
    attempts: 0,
    createdAt: at,
    nextAttemptAt: at,
  });
  return true;
}

/**
 * A stored notice as the contract shows it: the sender's claim (`sending`) is internal and reads
 * as `pending`; leases, consent flags and SMS parameters stay inside.
 */
export function noticeView(d: OutboxDoc): Notice {
  return {
    noticeId: d._id,
    channel: d.channel,
    to: d.to,
    template: d.template,
    ...(d.text !== undefined ? { text: d.text } : {}),
    ...(d.data !== undefined ? { data: d.data } : {}),
    dedupeKey: d.dedupeKey,
    status: d.status === 'sending' ? 'pending' : d.status,
    attempts: d.attempts,
    ...(d.lastError !== undefined ? { lastError: d.lastError } : {}),
    createdAt: d.createdAt,
  };
}
