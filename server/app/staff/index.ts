/**
 * `staff`: the work queues and the steps of every benefit's workflow (R3.2–R3.4, R4). A step is
 * taken only by the role the catalog names for it (PERMISSION_DENIED otherwise) and only from the
 * states where it makes sense (INVALID_STATE otherwise; domain/order-flow.ts decides).
 */
import * as z from 'zod';
import type { StaffActReq, StaffRole, WorkbenchOrder } from '../../../typings/contract';
import { benefit, roleFor } from '../../domain/catalog';
import { chineseDate, renderSms } from '../../domain/notices';
import { staffStep } from '../../domain/order-flow';
import { formatInstant } from '../../domain/time';
import { decrypt, newId } from '../../runtime/crypto';
import { fail } from '../../runtime/errors';
import { defineFunction, type Ctx } from '../../runtime/router';
import type { OrderDoc } from '../../store/collections';
import type { NewNotice } from '../outbox';
import { createOrder } from '../order/create';
import { createOrderSchema } from '../order/forms';
import { viewOf, viewsOf } from '../order';
import { applyChange, type Change } from '../order/transition';
import { day, empty, id, text } from '../schemas';
import { calendarOverrides, noticeSettings } from '../settings';
import { stepNotices } from '../notify/order-notices';
import { fileLinks } from '../files';
import { filesOf, mayCall, staffOrderView, visibleOrder, workbenchView } from './workbench';
import { audit } from '../audit';
import { fileId, formFiles, requireOwnFiles, uploadDirOf } from '../upload-dir';

const staffRole = z.enum(['butler', 'manager', 'doctor', 'agent', 'escortManager', 'admin']);
const QUEUE_LIMIT = 200;
/** How long a file link of `staff.fileUrls` stays valid, in seconds. */
const FILE_LINK_SECONDS = 3600;

const reason = text(200).pipe(z.string().min(1, '请填写原因'));
const actSchema: z.ZodType<StaffActReq> = z.discriminatedUnion('step', [
  z.strictObject({ orderId: id, step: z.literal('accept'), note: text(200).exactOptional() }),
  z.strictObject({
    orderId: id,
    step: z.literal('book'),
    visitDate: day,
    period: text(20).pipe(z.string().min(1, '请填写就诊时段')),
    hospital: text(60).pipe(z.string().min(1, '请填写医院')),
    address: text(120).pipe(z.string().min(1, '请填写地址')),
  }),
  z.strictObject({ orderId: id, step: z.literal('providerStop'), reason }),
  z.strictObject({ orderId: id, step: z.literal('fail'), reason }),
  z.strictObject({ orderId: id, step: z.literal('noShow'), note: text(200).exactOptional() }),
  z.strictObject({
    orderId: id,
    step: z.literal('complete'),
    result: z
      .strictObject({
        text: text(5000).exactOptional(),
        files: z.array(fileId()).max(20).exactOptional(),
      })
      .exactOptional(),
  }),
  z.strictObject({
    orderId: id,
    step: z.literal('followUp'),
    stars: z.number().int().min(1).max(5),
    comment: text(300).exactOptional(),
  }),
]);

async function rolesOf(ctx: Ctx): Promise<StaffRole[]> {
  return (await ctx.staff())?.roles ?? [];
}

/** The SMS of R5.1 a step earns, to the served person's phone. */
async function smsFor(ctx: Ctx, o: OrderDoc, req: StaffActReq): Promise<NewNotice[]> {
  const template = benefit(o.benefit).workflow.sms[req.step];
  if (!template) return [];
  const person = await ctx.store.get('members', o.personId);
  if (!person) return [];
  const vars: Record<string, string> =
    req.step === 'book'
      ? { date: chineseDate(req.visitDate), period: req.period, hospital: req.hospital, address: req.address }
      : { doctor: (await ctx.staff())?.name ?? '' };
  return [
    {
      channel: 'sms',
      to: decrypt(ctx.config.dataKey, person.phoneEnc),
      template,
      text: renderSms(template, vars, await noticeSettings(ctx.store)),
      vars,
      // one SMS per order and step; a rebooking after a stop is a new booking, so it counts them
      dedupeKey: `${o._id}:${req.step}:${o.timeline.filter((t) => t.status === 'booked').length}`,
    },
  ];
}

function changeFor(o: OrderDoc, req: StaffActReq, ctx: Ctx): Omit<Change, 'next' | 'notices'> {
  const at = formatInstant(ctx.now);
  switch (req.step) {
    case 'book':
      return {
        by: 'staff',
        set: {
          booking: { visitDate: req.visitDate, period: req.period, hospital: req.hospital, address: req.address },
        },
      };
    case 'providerStop':
    case 'fail':
      return { by: 'staff', note: req.reason };
    case 'complete':
      return { by: 'staff', ...(req.result ? { set: { result: req.result } } : {}) };
    case 'followUp':
      return {
        by: 'staff',
        note: '满意度回访',
        set: { followUp: { stars: req.stars, ...(req.comment ? { comment: req.comment } : {}), at } },
      };
    case 'accept':
    case 'noShow':
      return { by: 'staff', ...(req.note ? { note: req.note } : {}) };
  }
}

export const staffFunction = defineFunction('staff', {
  queue: {
    access: 'staff',
    schema: z.strictObject({
      role: staffRole.exactOptional(),
      // an offset, as order.list's: the workbench restarts from the top on pull-to-refresh
      cursor: z
        .string()
        .regex(/^\d{1,6}$/)
        .exactOptional(),
      limit: z.number().int().min(1).max(QUEUE_LIMIT).exactOptional(),
    }),
    run: async (ctx, req) => {
      const mine = await rolesOf(ctx);
      if (req.role && !mine.includes(req.role)) fail('PERMISSION_DENIED', '您没有这个岗位');
      const roles = req.role ? [req.role] : mine;
      const skip = req.cursor ? Number(req.cursor) : 0;
      const limit = req.limit ?? QUEUE_LIMIT;
      // one more than the page, to know whether another page follows
      const want = skip + limit + 1;
      // no deadline sorts last, not first: the store sorts null before any string, so the orders
      // with a deadline are read first and the rest fill what the limit leaves (a sort after a
      // single limited read would let 200 orders without a deadline hide every urgent one)
      const timed = await ctx.store.find(
        'orders',
        { awaitingRole: { $in: roles }, dueAt: { $gt: '' } },
        {
          orderBy: [
            ['dueAt', 'asc'],
            ['createdAt', 'asc'],
          ],
          limit: want,
        },
      );
      const untimed =
        timed.length < want
          ? await ctx.store.find(
              'orders',
              { awaitingRole: { $in: roles }, dueAt: null },
              { orderBy: [['createdAt', 'asc']], limit: want - timed.length },
            )
          : [];
      const docs = [...timed, ...untimed];
      // overdue orders have the earliest deadlines, so "overdue first, then soonest" is dueAt order
      const shown = docs.slice(skip, skip + limit);
      // issue 10: the queue shows forms; one audit row per answer, with the ids it listed
      if (shown.length > 0) await audit(ctx, 'queue', { refs: shown.map((o) => o._id) });
      const orders: WorkbenchOrder[] = (await viewsOf(ctx, shown)).map((view) => workbenchView(ctx, view));
      return { orders, nextCursor: docs.length > skip + limit ? String(skip + limit) : null };
    },
  },
  act: {
    access: 'staff',
    schema: actSchema,
    run: async (ctx, req) => {
      // issue 10: a result's files are the staff member's own uploads, before anything is read
      if (req.step === 'complete') requireOwnFiles(ctx, req.result?.files);
      const o = await ctx.store.get('orders', req.orderId);
      if (!o) fail('NOT_FOUND', '没有找到这个订单');
      const role = roleFor(o.benefit, req.step);
      if (!role || !(await ctx.hasRole(role))) fail('PERMISSION_DENIED', '这一步不由您的岗位处理');
      const answer = staffStep(o, req.step);
      if (!answer.ok) fail('INVALID_STATE', answer.reason);
      // assessment, checkup plan, report reading: completing is handing over the written result
      if (
        req.step === 'complete' &&
        benefit(o.benefit).workflow.completeNeedsResult &&
        !req.result?.text &&
        !req.result?.files?.length
      ) {
        fail('INVALID_ARGUMENT', '请填写或上传报告后再完成');
      }
      const change = changeFor(o, req, ctx);
      // consults: the doctor who takes the case is the one who talks with the member (order.send)
      if (req.step === 'accept' && answer.next.status === 'in_service') {
        change.set = { ...change.set, takenBy: ctx.openid, takenByName: (await ctx.staff())?.name ?? '' };
      }
      const updated = await applyChange(
        ctx,
        o,
        {
          ...change,
          next: answer.next,
          // R5.1 SMS and R5.2 subscription messages, written with the step
          notices: [
            ...(await smsFor(ctx, o, req)),
            ...(await stepNotices(ctx, o, req, await noticeSettings(ctx.store))),
          ],
        },
        await calendarOverrides(ctx.store),
      );
      return { order: await viewOf(ctx, updated) };
    },
  },
  placeOrder: {
    access: 'staff',
    // strict on both sides: zod reports an unknown key of an intersection only when neither side
    // knows it, so a loose z.object here let any extra key through (issue 10 fuzz)
    schema: createOrderSchema.and(z.strictObject({ personId: id })),
    run: async (ctx, req) => {
      if (!(await ctx.hasRole('butler'))) fail('PERMISSION_DENIED', '只有健康管家可以代为下单');
      // issue 10: files in the form must be the butler's own uploads, as for any caller
      requireOwnFiles(ctx, formFiles(req.benefit, req.form));
      return createOrder(ctx, req, { kind: 'staff' });
    },
  },
  /**
   * Who the caller is as staff, for the app to show 工作台 or not; not staff: no name, no roles.
   * With the caller's upload folder, where the workbench puts results and chat images (upload-dir.ts).
   */
  me: {
    access: 'caller',
    schema: empty,
    run: async (ctx) => {
      const doc = await ctx.staff();
      const roles: StaffRole[] = [...(doc?.roles ?? [])];
      // an admin named by BLUECARD_ADMIN_OPENIDS has no staff record, yet is staff to the router
      if (!roles.includes('admin') && (await ctx.isAdmin())) roles.push('admin');
      return { name: doc?.name ?? '', roles, uploadDir: uploadDirOf(ctx) };
    },
  },
  /** One order for the workbench, with the steps the caller may take now (never a rule in the app). */
  get: {
    access: 'staff',
    schema: z.strictObject({ orderId: id }),
    run: async (ctx, req) => {
      const o = await visibleOrder(ctx, req.orderId);
      // issue 10: a staff view of the form, files and masked phone is audit-logged
      await audit(ctx, 'viewOrder', { orderId: o._id, personId: o.personId });
      return { order: await staffOrderView(ctx, o) };
    },
  },
  /**
   * The served person's number, for wx.makePhoneCall: only for the role of the awaited step and
   * the case owner. Each call is written to `audit` first (who, which order, when): no row, no number.
   */
  callMember: {
    access: 'staff',
    schema: z.strictObject({ orderId: id }),
    run: async (ctx, req) => {
      const o = await ctx.store.get('orders', req.orderId);
      if (!o) fail('NOT_FOUND', '没有找到这个订单');
      if (!mayCall(o, await rolesOf(ctx))) fail('PERMISSION_DENIED', '只有负责这个订单的岗位可以联系会员');
      const person = await ctx.store.get('members', o.personId);
      // an erased person (privacy.erase) has no number left to call
      if (!person || person.openid === '') fail('NOT_FOUND', '没有找到服务对象');
      await ctx.store.insert('audit', {
        _id: newId('aud', ctx.now),
        kind: 'callMember',
        openid: ctx.openid,
        orderId: o._id,
        personId: o.personId,
        at: formatInstant(ctx.now),
      });
      return { phone: decrypt(ctx.config.dataKey, person.phoneEnc) };
    },
  },
  /** Temporary download links of the order's files (server/app/files.ts: none locally). */
  fileUrls: {
    access: 'staff',
    schema: z.strictObject({ orderId: id }),
    run: async (ctx, req) => {
      const o = await visibleOrder(ctx, req.orderId);
      const files = filesOf(o);
      await audit(ctx, 'fileUrls', { orderId: o._id, personId: o.personId });
      const service = fileLinks();
      const urls = await service.links(
        files.map((f) => f.fileId),
        FILE_LINK_SECONDS,
      );
      return {
        files: files.map((f, i) => ({ ...f, url: urls[i] ?? null })),
        note: files.length > 0 ? service.note : null,
      };
    },
  },
  /** Every staff member with at least one role, for the admins' staff page. */
  roster: {
    access: 'admin',
    schema: empty,
    run: async (ctx) => {
      const docs = await ctx.store.find('staff', {}, { orderBy: [['updatedAt', 'desc']], limit: 500 });
      return {
        staff: docs
          .filter((d) => d.roles.length > 0)
          .map((d) => ({ openid: d._id, name: d.name, roles: [...d.roles], updatedAt: d.updatedAt })),
      };
    },
  },
});
