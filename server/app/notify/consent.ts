/**
 * R5.2 subscription consent, per WeChat user and template. WeChat's one-time subscriptions allow
 * one message per accepted request, so a consent is a count: `notify.subscribe` adds one per
 * `accept`, the sender takes one per message (a conditional decrement, in the transaction that
 * marks the notice), and a notice with none left is `skipped` (NO_CONSENT), never sent.
 */
import { createHash } from 'node:crypto';
import type { SubscribeAnswer, SubscribeTemplateName } from '../../../typings/contract';
import { isSubscribeTemplate } from '../../domain/notices';
import { formatInstant } from '../../domain/time';
import type { ConsentDoc } from '../../store/collections';
import { isDuplicateKey, type Store, type Tx } from '../../store/port';

/** More than any member would tap for; a client claiming more gets no more. */
export const MAX_CONSENTS = 50;

export function consentId(openid: string, template: string): string {
  return `cns_${createHash('sha256').update(`${openid}\u0000${template}`).digest('base64url').slice(0, 24)}`;
}

/** Records one answer of wx.requestSubscribeMessage; answers the messages now allowed. */
export async function recordAnswer(
  store: Store,
  openid: string,
  template: SubscribeTemplateName,
  answer: SubscribeAnswer,
  now: Date,
): Promise<number> {
  const _id = consentId(openid, template);
  const updatedAt = formatInstant(now);
  for (let tries = 0; tries < 3; tries++) {
    const doc = await store.get('consents', _id);
    if (!doc) {
      const fresh: ConsentDoc = { _id, openid, template, count: answer === 'accept' ? 1 : 0, last: answer, updatedAt };
      try {
        await store.insert('consents', fresh);
        return fresh.count;
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
        continue; // a concurrent first answer: count on top of it
      }
    }
    if (answer === 'accept') {
      if (doc.count >= MAX_CONSENTS) return doc.count;
      if (
        await store.update(
          'consents',
          _id,
          { $inc: { count: 1 }, $set: { last: answer, updatedAt } },
          { count: doc.count },
        )
      ) {
        return doc.count + 1;
      }
      continue; // the count moved meanwhile (a send, another tap): read again
    }
    // 'ban': WeChat blocks the template for this user, nothing more can be sent; reject / filter
    // leave earlier one-time subscriptions as they were
    const patch = answer === 'ban' ? { last: answer, updatedAt, count: 0 } : { last: answer, updatedAt };
    await store.update('consents', _id, { $set: patch });
    return answer === 'ban' ? 0 : doc.count;
  }
  return (await store.get('consents', _id))?.count ?? 0;
}

/** Takes one consent for a message, or false when none is left. Inside the sender's transaction. */
export async function takeConsent(tx: Tx, openid: string, template: string, now: Date): Promise<boolean> {
  return tx.update(
    'consents',
    consentId(openid, template),
    { $inc: { count: -1 }, $set: { updatedAt: formatInstant(now) } },
    { count: { $gt: 0 } },
  );
}

/** The messages each template still allows the caller (only templates with a record). */
export async function consentsOf(
  store: Store,
  openid: string,
): Promise<Partial<Record<SubscribeTemplateName, number>>> {
  const out: Partial<Record<SubscribeTemplateName, number>> = {};
  for (const d of await store.find('consents', { openid }))
    if (isSubscribeTemplate(d.template)) out[d.template] = d.count;
  return out;
}
