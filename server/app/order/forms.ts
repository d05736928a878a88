/**
 * The order forms of the contract (`OrderForms`), as strict schemas: unknown keys, wrong types,
 * long strings and impossible dates are INVALID_ARGUMENT before any rule runs. Typed against
 * typings/contract.ts, so a renamed form field breaks this file's build.
 */
import * as z from 'zod';
import type { CreateOrderReq, OrderForms } from '../../../typings/contract';
import { parseInstant } from '../../domain/time';
import { day, id, text } from '../schemas';
import { fileId } from '../upload-dir';

const instant = z
  .string()
  .max(40)
  .refine((s) => parseInstant(s) !== null, '时间格式不正确');

const name = (max: number, what: string) => text(max).pipe(z.string().min(1, `请填写${what}`));

/** The questionnaire (《健康测评问卷》): flat answers, bounded in number and size. */
const questionnaire = z
  .record(
    z
      .string()
      .max(40)
      .regex(/^[A-Za-z0-9_]+$/),
    z.union([z.string().max(500), z.number().finite(), z.boolean(), z.array(z.string().max(100)).max(30), z.null()]),
  )
  .refine((o) => Object.keys(o).length > 0 && Object.keys(o).length <= 100, '请完成问卷');

export const FORM_SCHEMAS: { [B in keyof OrderForms]: z.ZodType<OrderForms[B]> } = {
  outpatientGreen: z.strictObject({
    hospital: name(60, '医院'),
    department: name(30, '科室'),
    wantedDate: day,
    note: text(200).exactOptional(),
  }),
  inpatientGreen: z.strictObject({
    hospital: name(60, '医院'),
    wantedDate: day,
    disease: name(40, '疾病名称'),
    records: z.array(fileId()).min(1, '请上传病历资料').max(9),
    admissionSlip: fileId(),
  }),
  escort: z.strictObject({
    hospital: name(60, '医院'),
    department: name(30, '科室'),
    visitAt: instant,
    purpose: name(30, '就诊事项'),
    registered: z.boolean(),
    withRelative: z.boolean(),
    conditions: z.array(z.string().max(30)).max(10).exactOptional(),
  }),
  quickConsult: z.strictObject({
    description: name(500, '病情描述'),
    mode: z.enum(['text', 'phone', 'video']),
  }),
  expertConsult: z.strictObject({
    expertId: id,
    description: name(500, '病情描述'),
    mode: z.enum(['text', 'phone']),
  }),
  assessment: z.strictObject({ questionnaire }),
  checkupPlan: z.strictObject({ questionnaire }),
  reportReading: z.strictObject({ files: z.array(fileId()).min(1, '请上传体检报告').max(20) }),
  familyDoctor: z.strictObject({ question: name(500, '咨询问题'), doctorId: id.exactOptional() }),
};

const requestId = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, '请求编号不正确');

function createSchema<B extends keyof OrderForms>(benefit: B) {
  return z.strictObject({
    cardId: id,
    benefit: z.literal(benefit),
    requestId,
    personId: id.exactOptional(),
    form: FORM_SCHEMAS[benefit],
  });
}

/** `order.create`: the benefit picks the form's schema. */
export const createOrderSchema: z.ZodType<CreateOrderReq> = z.discriminatedUnion('benefit', [
  createSchema('outpatientGreen'),
  createSchema('inpatientGreen'),
  createSchema('escort'),
  createSchema('quickConsult'),
  createSchema('expertConsult'),
  createSchema('assessment'),
  createSchema('checkupPlan'),
  createSchema('reportReading'),
  createSchema('familyDoctor'),
]);
