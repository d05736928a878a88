/**
 * `record`: 健康档案 of one person on a card. Every action takes the person's `memberId`; the person
 * and the card's holder may use them, anyone else is answered NOT_FOUND (actions.ts).
 */
import * as z from 'zod';
import type { HealthProfileInput } from '../../../typings/contract';
import { defineFunction } from '../../runtime/router';
import { day, id, text } from '../schemas';
import { fileId } from '../upload-dir';
import { addReport, getRecord, recordConsent, removeReport, updateRecord } from './actions';
import { withdrawConsent } from './withdraw';

/** Short entries typed or picked one by one; blanks are dropped and repeats kept once. */
const entries = (what: string) =>
  z
    .array(text(50))
    .max(30, `${what}最多 30 项`)
    .transform((list) => [...new Set(list.filter((s) => s !== ''))]);

/** Measured values, kept to one decimal; the ranges only catch typing slips (cm for m, g for kg). */
const measure = (min: number, max: number, message: string) =>
  z
    .number()
    .finite()
    .min(min, message)
    .max(max, message)
    .transform((n) => Math.round(n * 10) / 10);

const profile: z.ZodType<HealthProfileInput> = z.strictObject({
  heightCm: measure(30, 250, '身高应在 30–250 厘米之间').nullable().exactOptional(),
  weightKg: measure(2, 400, '体重应在 2–400 千克之间').nullable().exactOptional(),
  allergies: entries('过敏史').exactOptional(),
  chronicConditions: entries('慢性病').exactOptional(),
  medications: entries('长期用药').exactOptional(),
});

export const recordFunction = defineFunction('record', {
  get: { access: 'caller', schema: z.strictObject({ memberId: id }), run: getRecord },
  update: { access: 'caller', schema: z.strictObject({ memberId: id, profile }), run: updateRecord },
  consent: {
    access: 'caller',
    schema: z.strictObject({
      memberId: id,
      version: z
        .string()
        .min(1)
        .max(32)
        .regex(/^[A-Za-z0-9._-]+$/, '授权版本不正确'),
    }),
    run: recordConsent,
  },
  addReport: {
    access: 'caller',
    schema: z.strictObject({
      memberId: id,
      title: text(40).pipe(z.string().min(1, '请填写报告名称')),
      day: day.exactOptional(),
      files: z.array(fileId()).min(1, '请上传报告').max(9, '一份报告最多 9 个文件'),
    }),
    run: addReport,
  },
  removeReport: { access: 'caller', schema: z.strictObject({ memberId: id, reportId: id }), run: removeReport },
  /** PIPL art. 15: withdraws 《健康信息处理授权》 and deletes what the record holds (withdraw.ts) */
  withdrawConsent: { access: 'caller', schema: z.strictObject({ memberId: id }), run: withdrawConsent },
});
