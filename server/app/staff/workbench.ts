/**
 * What the workbench (the staff side of the mini-program) reads about an order: who may look at
 * it, which steps the caller may take now and in what words, whom the caller may phone, and its
 * files. The rules stay in domain/order-flow.ts and the catalog; this only asks them for one
 * caller, so that the app never works out a rule itself.
 */
import type {
  BenefitKey,
  Order,
  OrderFile,
  StaffOrder,
  StaffRole,
  StaffStep,
  WorkbenchOrder,
} from '../../../typings/contract';
import { benefit, roleFor } from '../../domain/catalog';
import { maskPhone } from '../../domain/identity';
import { allowedSteps, isFinal, staffStep, type Transition } from '../../domain/order-flow';
import { formatInstant } from '../../domain/time';
import { decrypt } from '../../runtime/crypto';
import { fail } from '../../runtime/errors';
import type { Ctx } from '../../runtime/router';
import type { OrderDoc } from '../../store/collections';
import { orderView } from '../order/view';

async function rolesOf(ctx: Ctx): Promise<StaffRole[]> {
  return (await ctx.staff())?.roles ?? [];
}

/** The roles that serve a benefit's orders: the case owner and the role of every step. */
export function servingRoles(key: BenefitKey): StaffRole[] {
  const wf = benefit(key).workflow;
  return [...new Set<StaffRole>([wf.owner, ...wf.steps.map((s) => s.role)])];
}

/**
 * An order the caller may look at: staff whose roles serve its benefit, the staff member who
 * placed it (R1.5) and admins. Others: PERMISSION_DENIED (PIPL minimum: a doctor has no business
 * with an escort's visit, an agent none with what someone asked a doctor).
 */
export async function visibleOrder(ctx: Ctx, orderId: string): Promise<OrderDoc> {
  const o = await ctx.store.get('orders', orderId);
  if (!o) fail('NOT_FOUND', '没有找到这个订单');
  const roles = await rolesOf(ctx);
  const serves = servingRoles(o.benefit).some((r) => roles.includes(r));
  if (serves || o.placedByOpenid === ctx.openid || (await ctx.isAdmin())) return o;
  fail('PERMISSION_DENIED', '这个订单不由您的岗位处理');
}

/** The flow's allowed steps that the caller's roles take (catalog `roleFor`): what the page offers. */
export function stepsFor(o: OrderDoc, roles: readonly StaffRole[]): StaffStep[] {
  return allowedSteps(o).filter((step) => {
    const role = roleFor(o.benefit, step);
    return role !== undefined && roles.includes(role);
  });
}

/**
 * Who may phone the served person: the role of the step awaited now and the case owner (R4: the
 * agent confirms by phone, the manager explains the report, the doctor phones about the reading).
 */
export function mayCall(o: OrderDoc, roles: readonly StaffRole[]): boolean {
  const wf = benefit(o.benefit).workflow;
  if (wf.steps.length === 0) return false;
  const awaited = o.awaiting ? roleFor(o.benefit, o.awaiting) : undefined;
  return roles.includes(wf.owner) || (awaited !== undefined && roles.includes(awaited));
}

function sideLabel(step: StaffStep, next: Transition): string {
  switch (step) {
    case 'providerStop':
      return next.status === 'accepted' ? '医院停诊，重新预约' : '医院停诊，终止服务';
    case 'fail':
      return '无法服务';
    case 'noShow':
      return '登记爽约';
    default:
      return step;
  }
}

/** What a step does, in the words staff read before confirming; from the flow's own answer. */
function hintOf(step: StaffStep, next: Transition, session: boolean): string {
  const parts: string[] = [];
  if (step === 'providerStop' && next.status === 'accepted') parts.push('订单回到待预约，重新预约不另扣次数');
  else if (next.status === 'in_service') parts.push('接诊后开始咨询计时');
  else if (step === 'complete' && session) parts.push('结束本次咨询');
  else if (isFinal(next.status) && step !== 'complete' && step !== 'followUp') parts.push('订单将结束');
  if (next.moves.includes('use')) parts.push(step === 'noShow' ? '本次视同已使用' : '本次服务计为已使用');
  if (next.moves[next.moves.length - 1] === 'release') parts.push('次数退还会员');
  return parts.join('，');
}

export function stepTexts(o: OrderDoc, steps: readonly StaffStep[]): StaffOrder['stepTexts'] {
  const wf = benefit(o.benefit).workflow;
  const out: StaffOrder['stepTexts'] = {};
  for (const step of steps) {
    const answer = staffStep(o, step);
    if (!answer.ok) continue;
    const label = wf.steps.find((s) => s.step === step)?.label ?? sideLabel(step, answer.next);
    out[step] = { label, hint: hintOf(step, answer.next, wf.session !== null) };
  }
  return out;
}

// Form fields that hold files (contract OrderForms), and what staff call them.
const FORM_FILES: readonly (readonly [field: string, label: string])[] = [
  ['records', '病历资料'],
  ['admissionSlip', '住院证'],
  ['files', '体检报告'],
];

/** The order's files: what the member sent with the form, then what staff issued. */
export function filesOf(o: OrderDoc): OrderFile[] {
  const out: OrderFile[] = [];
  const add = (value: unknown, label: string): void => {
    if (typeof value === 'string' && value !== '') out.push({ fileId: value, label });
    else if (Array.isArray(value)) for (const v of value) add(v, label);
  };
  for (const [field, label] of FORM_FILES) add(o.form[field], label);
  add(o.result?.files, '服务结果');
  return out;
}

/** An order as the workbench lists it (the queue): with its benefit's name and the awaited step's label. */
export function workbenchView(ctx: Pick<Ctx, 'now'>, view: Order): WorkbenchOrder {
  const def = benefit(view.benefit);
  const awaiting = view.awaiting ? (def.workflow.steps.find((s) => s.step === view.awaiting)?.label ?? null) : null;
  return {
    ...view,
    overdue: view.dueAt !== null && view.dueAt < formatInstant(ctx.now),
    benefitName: def.name,
    awaitingLabel: awaiting,
  };
}

/** `staff.get`'s answer for this caller. */
export async function staffOrderView(ctx: Ctx, o: OrderDoc): Promise<StaffOrder> {
  const roles = await rolesOf(ctx);
  const steps = stepsFor(o, roles);
  const [card, person] = await Promise.all([ctx.store.get('cards', o.cardId), ctx.store.get('members', o.personId)]);
  if (!card) fail('NOT_FOUND', '没有找到这个订单的卡');
  return {
    ...workbenchView(ctx, orderView(o, person?.nameMasked ?? '**')),
    edition: card.edition,
    allowedSteps: steps,
    stepTexts: stepTexts(o, steps),
    personPhone: person ? maskPhone(decrypt(ctx.config.dataKey, person.phoneEnc)) : '',
    canCall: person !== null && mayCall(o, roles),
    files: filesOf(o),
  };
}
