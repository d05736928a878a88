/**
 * 三甲家庭私人医生 (R4 familyDoctor): before the first question a person chooses and signs a doctor
 * of the list (首次使用时选择并签约); their questions then go to that doctor, as many as they like.
 * One signing per person on a card (`signings/<memberId>`); signing again changes the doctor for
 * the questions that follow.
 */
import * as z from 'zod';
import type { FamilyDoctor, Req, Res } from '../../../typings/contract';
import { cardStatus } from '../../domain/card-life';
import { formatInstant, parseInstant } from '../../domain/time';
import { fail } from '../../runtime/errors';
import type { Ctx } from '../../runtime/router';
import type { DirectoryDoc, MemberDoc, SigningDoc } from '../../store/collections';
import type { Tx } from '../../store/port';
import { familyDoctorOf } from '../directory';
import { id } from '../schemas';

export const NOT_SIGNED = '请先选择并签约您的家庭医生';
const NOT_LISTED = '请从医生列表中选择私人医生';

export const signingSchemas = {
  signDoctor: z.strictObject({ cardId: id, doctorId: id, personId: id.exactOptional() }),
  myDoctor: z.strictObject({ cardId: id, personId: id.exactOptional() }),
} satisfies { [A in 'signDoctor' | 'myDoctor']: z.ZodType<Req<'order', A>> };

/** A family doctor of the list now (active); null for anything else. */
export async function listedDoctor(store: Tx, doctorId: string): Promise<DirectoryDoc | null> {
  const d = await store.get('directory', doctorId);
  return d && d.kind === 'familyDoctor' && d.active ? d : null;
}

/**
 * The person a caller acts for on a card, as order.create decides it: the caller, or with
 * `personId` anyone on the card (a holder for a child). Not on the card: NOT_FOUND.
 */
async function personFor(ctx: Ctx, cardId: string, personId: string | undefined): Promise<MemberDoc> {
  const members = await ctx.store.find('members', { cardId, removedAt: null });
  const me = members.find((m) => m.openid === ctx.openid);
  if (!me) fail('NOT_FOUND', '没有找到这张卡');
  const person = personId ? members.find((m) => m._id === personId) : me;
  if (!person) fail('NOT_ELIGIBLE', '服务对象需为本卡持卡人或家庭成员');
  return person;
}

/** The doctor the person signed, if still on the list; a withdrawn doctor's signing has lapsed. */
export async function signedDoctor(
  store: Tx,
  memberId: string,
): Promise<{ doctor: DirectoryDoc; signedAt: string } | null> {
  const s = await store.get('signings', memberId);
  if (!s) return null;
  const doctor = await listedDoctor(store, s.doctorId);
  return doctor ? { doctor, signedAt: s.signedAt } : null;
}

export async function signDoctor(ctx: Ctx, req: Req<'order', 'signDoctor'>): Promise<Res<'order', 'signDoctor'>> {
  const person = await personFor(ctx, req.cardId, req.personId);
  const card = await ctx.store.get('cards', req.cardId);
  if (!card) fail('NOT_FOUND', '没有找到这张卡');
  // choosing a doctor is not a service order: open from activation (also in the waiting period)
  const status = cardStatus({ activatedAt: card.activatedAt ? parseInstant(card.activatedAt) : null }, ctx.now);
  if (status === 'inactive') fail('INVALID_STATE', '这张卡还没有激活');
  if (status === 'expired') fail('CARD_EXPIRED', '这张卡已过有效期');
  const doctor = await listedDoctor(ctx.store, req.doctorId);
  if (!doctor) fail('INVALID_ARGUMENT', NOT_LISTED);
  const signedAt = formatInstant(ctx.now);
  await ctx.store.put('signings', {
    _id: person._id,
    cardId: card._id,
    doctorId: doctor._id,
    signedAt,
    byOpenid: ctx.openid,
  });
  return { doctor: familyDoctorOf(doctor), signedAt };
}

export async function myDoctor(ctx: Ctx, req: Req<'order', 'myDoctor'>): Promise<Res<'order', 'myDoctor'>> {
  const person = await personFor(ctx, req.cardId, req.personId);
  const signed = await signedDoctor(ctx.store, person._id);
  const doctor: FamilyDoctor | null = signed ? familyDoctorOf(signed.doctor) : null;
  return { doctor, signedAt: signed?.signedAt ?? null };
}

/**
 * order.create familyDoctor: the doctor the question goes to. The form's `doctorId` (already
 * checked to be on the list) must be the signed one; without it, the signed one. The signing and
 * the doctors listed now come read with the card.
 */
export function doctorForQuestion(
  signing: SigningDoc | null,
  listed: readonly DirectoryDoc[],
  formDoctorId: string | undefined,
): string {
  const doctor = signing
    ? listed.find((d) => d._id === signing.doctorId && d.kind === 'familyDoctor' && d.active)
    : undefined;
  // a withdrawn doctor's signing has lapsed
  if (!doctor) fail('NOT_ELIGIBLE', NOT_SIGNED);
  if (formDoctorId !== undefined && formDoctorId !== doctor._id) {
    fail('NOT_ELIGIBLE', '只能向您签约的家庭医生提问；如需更换医生，请先重新签约');
  }
  return doctor._id;
}
