/**
 * R5.2 the subscription messages an order step earns (catalog `workflow.subscribe`), to the
 * served person, written with the step (R5.3). What they carry: the benefit's name, the masked
 * name, the doctor's name, a time, the booked day and hospital — never the form (a description,
 * a department, a disease) nor anything the staff typed as a result.
 */
import type { StaffActReq } from '../../../typings/contract';
import { benefit } from '../../domain/catalog';
import { pageOf, renderSubscribe, type NoticeSettings, type SubscribeTemplate } from '../../domain/notices';
import type { Ctx } from '../../runtime/router';
import type { OrderDoc } from '../../store/collections';
import type { NewNotice } from '../outbox';

export async function stepNotices(
  ctx: Ctx,
  o: OrderDoc,
  req: StaffActReq,
  settings: NoticeSettings,
): Promise<NewNotice[]> {
  const template: SubscribeTemplate | undefined = benefit(o.benefit).workflow.subscribe[req.step];
  if (!template) return [];
  const service = benefit(o.benefit).name;
  const at = { at: ctx.now };
  let data: Record<string, string>;
  switch (template) {
    case 'orderAccepted':
      data = renderSubscribe(
        template,
        { service, status: '已受理', time: at, tip: '服务人员将按约定与您联系' },
        settings,
      );
      break;
    case 'orderBooked': {
      if (req.step !== 'book') return [];
      const person = (await ctx.store.get('members', o.personId))?.nameMasked ?? '**';
      data = renderSubscribe(
        template,
        { service, person, date: { day: req.visitDate }, place: req.hospital, tip: '请按时就诊，详情请查看订单' },
        settings,
      );
      break;
    }
    case 'doctorTaken':
      data = renderSubscribe(
        template,
        { service, doctor: (await ctx.staff())?.name ?? '医生', time: at, tip: '请进入小程序与医生沟通' },
        settings,
      );
      break;
    case 'reportReady':
      data = renderSubscribe(template, { service, status: '已出具', time: at, tip: '请进入小程序查看结果' }, settings);
      break;
    default:
      return [];
  }
  return [
    {
      channel: 'subscribe',
      to: o.personOpenid,
      template,
      data,
      page: pageOf(template, { orderId: o._id }),
      // as the SMS: one per order and step, a rebooking after a stop being a new booking
      dedupeKey: `${o._id}:${req.step}:${o.timeline.filter((t) => t.status === 'booked').length}`,
    },
  ];
}
