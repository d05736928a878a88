/**
 * R2.1 Issuing cards for a platform order.
 *
 * Idempotent by orderNo: the issuance document is written first with the planned card numbers,
 * then each card in its own small transaction, so a crash half-way is finished by the next call
 * and a second call answers the same cards. Codes are derived from the card number with the
 * server secret (HMAC) and only a keyed hash of the code is stored: a copy of the database does
 * not reveal a single code, yet the same call can answer the same codes again.
 */
import type { Req, Res } from '../../../typings/contract';
import { activationDeadline } from '../../domain/card-life';
import { formatInstant } from '../../domain/time';
import { encrypt, hmac, newId, randomDigits } from '../../runtime/crypto';
import type { Ctx } from '../../runtime/router';
import { isDuplicateKey } from '../../store/port';
import type { IssuanceDoc } from '../../store/collections';
import { issueReminders, writeReminders } from '../notify/schedule';

/** No 0/O, 1/I/L: codes are read off paper and typed by people. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_LENGTH = 8;
const CARD_PREFIX = '8860';

/** Luhn check digit, so a mistyped card number is caught before any lookup. */
export function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function isWellFormedCardNo(cardNo: string): boolean {
  return /^\d{16}$/.test(cardNo) && luhnDigit(cardNo.slice(0, 15)) === cardNo.slice(15);
}

function newCardNo(): string {
  const body = CARD_PREFIX + randomDigits(11);
  return body + luhnDigit(body);
}

export function activationCode(secret: Buffer, cardNo: string): string {
  const mac = Buffer.from(hmac(secret, 'activation-code', cardNo), 'base64url');
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[(mac[i] ?? 0) % CODE_ALPHABET.length];
  return code;
}

export function codeHash(secret: Buffer, cardNo: string, code: string): string {
  return hmac(secret, 'activation-code-check', cardNo, code.toUpperCase());
}

type Planned = IssuanceDoc['cardNos'];

export async function issueCards(ctx: Ctx, req: Req<'admin', 'issueCards'>): Promise<Res<'admin', 'issueCards'>> {
  const { store, config, now } = ctx;
  let issuance = await store.get('issuances', req.orderNo);
  if (!issuance) {
    const planned: Planned = Array.from({ length: req.count ?? 1 }, newCardNo);
    const doc: IssuanceDoc = {
      _id: req.orderNo,
      orderDate: req.orderDate,
      edition: req.edition,
      cardNos: planned,
      createdAt: formatInstant(now),
    };
    try {
      await store.insert('issuances', doc);
      issuance = doc;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      // a concurrent call with the same orderNo won: answer its cards
      issuance = await store.get('issuances', req.orderNo);
      if (!issuance) throw e;
    }
  }

  const deadline = formatInstant(activationDeadline(issuance.orderDate));
  const issuePhoneEnc = req.phone ? encrypt(config.dataKey, req.phone) : null;
  const cardNos = [...issuance.cardNos];
  let replaced = false;
  for (let i = 0; i < cardNos.length; i++) {
    let cardNo = cardNos[i] as string;
    for (;;) {
      const existing = await store.get('cardNumbers', cardNo);
      if (existing) {
        const card = await store.get('cards', existing.cardId);
        if (card && card.orderNo === issuance._id) break;
        if (card) {
          // the number belongs to another order's card: draw a new one for this order
          cardNo = newCardNo();
          replaced = true;
          continue;
        }
      }
      const cardId = existing?.cardId ?? newId('card', now);
      const number = cardNo;
      const created = await store
        .transaction(async (tx) => {
          if (!existing) await tx.insert('cardNumbers', { _id: number, cardId });
          await tx.insert('cards', {
            _id: cardId,
            cardNo: number,
            codeHash: codeHash(config.secret, number, activationCode(config.secret, number)),
            edition: issuance.edition,
            orderNo: issuance._id,
            orderDate: issuance.orderDate,
            activationDeadline: deadline,
            issuePhoneEnc,
            activatedAt: null,
            holderOpenid: null,
            holderMemberId: null,
            familyCount: 0,
            createdAt: formatInstant(now),
          });
          // R5.2 activation deadline near: SMS to the phone given at issue, 7 days and 1 day before
          if (issuePhoneEnc) await writeReminders(tx, issueReminders(cardId, issuance.orderDate, now), now);
          return true;
        })
        .catch((e: unknown) => {
          if (isDuplicateKey(e)) return false;
          throw e;
        });
      if (created) break;
      // lost a race for this number (or its card): look again
    }
    cardNos[i] = cardNo;
  }
  if (replaced) await store.update('issuances', issuance._id, { $set: { cardNos } });

  return { cards: cardNos.map((cardNo) => ({ cardNo, code: activationCode(config.secret, cardNo) })) };
}
