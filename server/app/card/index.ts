/**
 * `card`: activation, the caller's cards, the family, the pool ledger (R2, R3.5).
 */
import * as z from 'zod';
import type { BenefitKey } from '../../../typings/contract';
import { BENEFIT_KEYS } from '../../domain/catalog';
import { isValidIdNumber, isValidName, isValidPhone } from '../../domain/identity';
import { defineFunction } from '../../runtime/router';
import { empty, id } from '../schemas';
import { acceptInvite, activate, createInvite, ledger, mine, removeMember } from './actions';

/** R2.3 real-name fields, checked before anything is looked up. */
const realName = {
  name: z
    .string()
    .max(40)
    .transform((s) => s.trim())
    .refine(isValidName, '请输入 2–20 个字的真实姓名'),
  idNumber: z
    .string()
    .max(32)
    .transform((s) => s.trim().toUpperCase())
    .refine(isValidIdNumber, '身份证号码不正确，请核对'),
  phone: z
    .string()
    .max(20)
    .transform((s) => s.trim())
    .refine(isValidPhone, '手机号码应为 1 开头的 11 位数字'),
};

const BENEFIT_KEYS_TUPLE = BENEFIT_KEYS as unknown as readonly [BenefitKey, ...BenefitKey[]];

export const cardFunction = defineFunction('card', {
  activate: {
    access: 'caller',
    schema: z.strictObject({
      cardNo: z
        .string()
        .min(1, '请输入卡号')
        .max(32)
        .transform((s) => s.replace(/\s+/g, '')),
      code: z
        .string()
        .min(1, '请输入激活码')
        .max(32)
        .transform((s) => s.trim().toUpperCase()),
      ...realName,
    }),
    run: activate,
  },
  mine: { access: 'caller', schema: empty, run: (ctx) => mine(ctx) },
  createInvite: { access: 'caller', schema: z.strictObject({ cardId: id }), run: createInvite },
  acceptInvite: {
    access: 'caller',
    schema: z.strictObject({
      token: z
        .string()
        .min(1)
        .max(128)
        .regex(/^[A-Za-z0-9_-]+$/, '邀请链接不完整'),
      ...realName,
    }),
    run: acceptInvite,
  },
  removeMember: { access: 'caller', schema: z.strictObject({ cardId: id, memberId: id }), run: removeMember },
  ledger: {
    access: 'caller',
    schema: z.strictObject({
      cardId: id,
      benefit: z.enum(BENEFIT_KEYS_TUPLE).exactOptional(),
      cursor: z
        .string()
        .regex(/^\d{1,6}$/)
        .exactOptional(),
      limit: z.number().int().min(1).max(50).exactOptional(),
    }),
    run: ledger,
  },
});
