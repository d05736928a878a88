/**
 * Helpers for the workbench pages' tests (test/miniprogram/workbench-*.test.ts): orders as the
 * staff functions answer them, a transport that answers by function and action, and small
 * readers for vant popups, dialogs and action sheets.
 */
import type { Envelope, FunctionName, StaffOrder, StaffRole, StaffStep, WorkbenchOrder } from '../../typings/contract';
import type { CallData } from '../../miniprogram/services/transport';
import { fakeTransport, settle, typeIn, type FakeTransport, type SimulatedPage } from './harness';

export const ok = (data: unknown): Envelope<unknown> => ({ ok: true, data });

export const refused = (code: string, message: string): Envelope<unknown> =>
  ({ ok: false, error: { code, message } }) as Envelope<unknown>;

type Handler = (data: CallData) => Envelope<unknown> | Promise<Envelope<unknown>>;

/**
 * A transport answering `function.action` from `handlers` (a value or a function of the call);
 * anything else is refused INVALID_ARGUMENT, so a page asking for something unplanned shows it.
 */
export function answering(handlers: Record<string, Envelope<unknown> | Handler>): FakeTransport {
  return fakeTransport((name: FunctionName, data: CallData) => {
    const handler = handlers[`${name}.${data.action}`];
    if (handler === undefined) return refused('INVALID_ARGUMENT', `未准备的调用 ${name}.${data.action}`);
    return typeof handler === 'function' ? handler(data) : handler;
  });
}

/** The calls of one function.action, their payloads without `action`. */
export function callsOf(transport: FakeTransport, key: string): Record<string, unknown>[] {
  return transport.calls
    .filter(([name, data]) => `${name}.${data.action}` === key)
    .map(([, data]) => {
      const { action: _action, ...rest } = data;
      return rest;
    });
}

export const me = (roles: StaffRole[], name = '郑专员'): Envelope<unknown> => ok({ name, roles });

/** An instant `minutes` from now, written as the contract writes them (+08:00). */
export function fromNow(minutes: number): string {
  const t = Date.now() + minutes * 60000;
  return `${new Date(t + 8 * 3600000).toISOString().slice(0, 19)}+08:00`;
}

/** An outpatient order waiting for the agent's first call, as the queue lists it. */
export function queued(overrides: Partial<WorkbenchOrder> = {}): WorkbenchOrder {
  return {
    orderId: 'o-1',
    cardId: 'c-1',
    benefit: 'outpatientGreen',
    personId: 'm-1',
    personName: '张*丰',
    placedBy: 'member',
    status: 'submitted',
    quota: 'held',
    dueAt: fromNow(300),
    awaiting: 'accept',
    timeline: [{ status: 'submitted', at: '2026-06-01T10:00:00+08:00', by: 'member' }],
    form: { hospital: '复旦大学附属中山医院', department: '心血管内科', wantedDate: '2026-06-04' },
    createdAt: '2026-06-01T10:00:00+08:00',
    overdue: false,
    benefitName: '门诊绿通',
    awaitingLabel: '电话确认预约信息',
    ...overrides,
  };
}

const LABELS: Record<StaffStep, { label: string; hint: string }> = {
  accept: { label: '电话确认预约信息', hint: '' },
  book: { label: '预约成功', hint: '本次服务计为已使用' },
  providerStop: { label: '医院停诊，重新预约', hint: '订单回到待预约，重新预约不另扣次数' },
  fail: { label: '无法服务', hint: '订单将结束，次数退还会员' },
  noShow: { label: '登记爽约', hint: '订单将结束' },
  complete: { label: '就诊完成', hint: '' },
  followUp: { label: '满意度回访', hint: '' },
};

/** An order as `staff.get` answers it, offering `steps` to the caller. */
export function staffOrder(steps: StaffStep[], overrides: Partial<StaffOrder> = {}): StaffOrder {
  const stepTexts: StaffOrder['stepTexts'] = {};
  for (const s of steps) stepTexts[s] = LABELS[s];
  return {
    ...queued(),
    edition: 'premium',
    allowedSteps: steps,
    stepTexts,
    personPhone: '138****8000',
    canCall: true,
    files: [],
    ...overrides,
  };
}

/** A row's title: its text without the subname under it. */
function rowTitle(row: NonNullable<ReturnType<SimulatedPage['querySelector']>>): string {
  const all = row.dom?.textContent ?? '';
  const sub = row.querySelector('.van-action-sheet__subname')?.dom?.textContent ?? '';
  return (sub ? all.replace(sub, '') : all).trim().split(/\s*\n\s*/)[0] ?? '';
}

/** The titles of the action sheet `selector`'s rows, as shown. */
export function sheetRows(page: SimulatedPage, selector: string): string[] {
  return page.querySelectorAll(`${selector} >>> .van-action-sheet__item`).map(rowTitle);
}

/** Taps the row of action sheet `selector` whose title is `name`. */
export async function pickSheetRow(page: SimulatedPage, selector: string, name: string): Promise<void> {
  const row = page.querySelectorAll(`${selector} >>> .van-action-sheet__item`).find((r) => rowTitle(r) === name);
  if (!row) throw new Error(`no row ${name} in ${selector}: ${sheetRows(page, selector).join(' / ')}`);
  row.dispatchEvent('tap');
  await settle(400);
}

/** Answers the vant dialog `selector`: its cancel or confirm button. */
export async function answerDialog(page: SimulatedPage, selector: string, which: 'cancel' | 'confirm'): Promise<void> {
  const buttons = page.querySelectorAll(`${selector} >>> .van-dialog__button`);
  const button = buttons[which === 'cancel' ? 0 : buttons.length - 1]?.querySelector('.van-button');
  if (!button) throw new Error(`no ${which} button in ${selector}`);
  button.dispatchEvent('tap');
  await settle(400);
}

/**
 * Types into the vant field `field` (input or textarea) and leaves it: input, then blur, as a
 * finger would. membership-kit's typeInto knows single-line inputs only.
 */
export async function fill(page: SimulatedPage, field: string, value: string): Promise<void> {
  const control = await typeIn(page, field, value);
  control.dispatchEvent('blur', { detail: { value } });
  await settle();
}

/** Polls until `done()` holds (real HTTP round trips in journeys), then lets rendering settle. */
export async function until(done: () => boolean, what = 'the page'): Promise<void> {
  for (let i = 0; i < 400 && !done(); i++) await settle(25);
  await settle(25);
  if (!done()) throw new Error(`${what} did not get there`);
}
