/**
 * R5.3 The outbox: a notice is written inside the transaction of the change that causes it, with
 * a dedupe key; its id derives from channel + key, so writing it twice keeps one.
 */
import { createHash } from 'node:crypto';
import type { NoticeChannel } from '../../typings/contract';
import { formatInstant } from '../domain/time';
import type { Tx } from '../store/port';

export interface NewNotice {
  channel: NoticeChannel;
  to: string;
  template: string;
  text?: string;
  data?: Record<string, string>;
  dedupeKey: string;
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
    dedupeKey: n.dedupeKey,
    status: 'pending',
    attempts: 0,
    createdAt: at,
    nextAttemptAt: at,
  });
  return true;
}
