/**
 * Helpers for the membership pages' tests (activate, invite, family, ledger): typing into vant
 * fields, opening a page with its query, reading a field's inline message, and valid card and ID
 * numbers made on the spot.
 */
import type { Card, CardBenefit, Envelope } from '../../typings/contract';
import { loadPage, settle, type LoadPageOptions, type SimulatedPage } from './harness';
import { benefit as poolOf, card as baseCard } from './order-fixtures';

/** Opens `route` the way WeChat does: attached, then onLoad with the query. */
export async function open(
  route: string,
  query: Record<string, string>,
  options: LoadPageOptions = {},
): Promise<SimulatedPage> {
  const page = loadPage(route, options);
  (page.instance as unknown as { onLoad(query: Record<string, string>): void }).onLoad(query);
  await settle();
  return page;
}

/** Calls one of the page's methods (lifecycle or event handlers) and lets it finish. */
export async function invoke(page: SimulatedPage, method: string, ...args: unknown[]): Promise<unknown> {
  const fn: unknown = Reflect.get(page.instance as object, method);
  if (typeof fn !== 'function') throw new Error(`the page has no method ${method}`);
  const result: unknown = (fn as (...a: unknown[]) => unknown).apply(page.instance, args);
  await settle();
  return result;
}

function find(page: SimulatedPage, selector: string): NonNullable<ReturnType<SimulatedPage['querySelector']>> {
  const found = page.querySelector(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

// vant's field renders its <input> (wx-input) with the class van-field__control, after the
// custom-input slot's view of the same class.
function inputOf(page: SimulatedPage, field: string): NonNullable<ReturnType<SimulatedPage['querySelector']>> {
  const controls = page.querySelectorAll(`${field} >>> .van-field__control`);
  const input = controls.find((c) => c.dom?.tagName.toLowerCase() === 'wx-input');
  if (!input) throw new Error(`no input in ${field}`);
  return input;
}

/**
 * Types `value` into the vant field `field` (a selector, `>>>` to reach into components) and
 * leaves it, as a member's finger would: input, then blur.
 */
export async function typeInto(page: SimulatedPage, field: string, value: string, leave = true): Promise<void> {
  const input = inputOf(page, field);
  input.dispatchEvent('input', { detail: { value } });
  await settle();
  if (leave) {
    input.dispatchEvent('blur', { detail: { value } });
    await settle();
  }
}

/** The message under a vant field, '' when none. */
export function fieldError(page: SimulatedPage, field: string): string {
  const message = page.querySelector(`${field} >>> .van-field__error-message`);
  return message?.dom?.textContent?.trim() ?? '';
}

/** The value a vant field shows (its input's value). */
export function fieldValue(page: SimulatedPage, field: string): string {
  const data: unknown = find(page, field).data;
  const value: unknown = typeof data === 'object' && data !== null ? Reflect.get(data, 'innerValue') : undefined;
  return typeof value === 'string' ? value : '';
}

/** Whether the vant button `selector` is disabled (or loading: it does not take taps either). */
export function isDisabled(page: SimulatedPage, selector: string): boolean {
  const button = find(page, `${selector} >>> .van-button`);
  const classes = button.dom?.className ?? '';
  return classes.includes('van-button--disabled') || classes.includes('van-button--loading');
}

/** Dispatches a component event (e.g. van-checkbox's change, a button's open-type answer). */
export async function emit(page: SimulatedPage, selector: string, event: string, detail: unknown): Promise<void> {
  find(page, selector).dispatchEvent(event, { detail });
  await settle();
}

/**
 * Ticks (or clears) the realname form's consent box inside `form`. The box's own tap handler
 * asks vant's checkbox-group relation, which the simulator does not model, so the tick arrives
 * as the checkbox's change event, as vant emits it.
 */
export async function tickConsent(page: SimulatedPage, form = '#realname', checked = true): Promise<void> {
  await emit(page, `${form} >>> #consent`, 'change', checked);
}

/** Fills the realname form inside `form` with valid values (or those given) and ticks consent. */
export async function fillRealName(
  page: SimulatedPage,
  person: { name: string; idNumber: string; phone: string },
  options: { form?: string; consent?: boolean } = {},
): Promise<void> {
  const form = options.form ?? '#realname';
  await typeInto(page, `${form} >>> #name`, person.name);
  await typeInto(page, `${form} >>> #idNumber`, person.idNumber);
  await typeInto(page, `${form} >>> #phone`, person.phone);
  if (options.consent !== false) await tickConsent(page, form);
}

// ---------------------------------------------------------------------------------------------
// Valid numbers

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** An 18-character ID number with a valid GB 11643 check character: area, birth day, sequence. */
export function idNumber(birth: string, sequence: number, area = '110101'): string {
  const first17 = `${area}${birth.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return first17 + ('10X98765432'[sum % 11] ?? '');
}

/** A 16-digit card number with a valid Luhn digit. */
export function cardNumber(body15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    let d = Number(body15[14 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body15 + String((10 - (sum % 10)) % 10);
}

// ---------------------------------------------------------------------------------------------
// Answers

export const ok = (data: unknown): Envelope<unknown> => ({ ok: true, data });

export const refused = (code: string, message: string): Envelope<unknown> =>
  ({ ok: false, error: { code, message } }) as Envelope<unknown>;

export function benefit(
  key: CardBenefit['key'],
  name: string,
  total: number | null,
  open: boolean,
  used = 0,
): CardBenefit {
  return { ...poolOf(key, total, open, { used }), name };
}

/** A premium card activated 2026-03-10: waiting until 03-20 (R2.4). */
export function premiumCard(overrides: Partial<Card> = {}): Card {
  return baseCard({
    cardId: 'c-premium',
    status: 'waiting',
    familySlots: 3,
    members: [{ memberId: 'm-holder', role: 'holder', name: '张*丰', self: true }],
    benefits: [
      benefit('butler', '健康管家', null, true),
      benefit('healthRecord', '健康档案', null, true),
      benefit('knowledge', '健康知识', null, true),
      benefit('quickConsult', '三甲专科快速问诊', 48, false),
      benefit('outpatientGreen', '门诊绿通', 8, false),
      benefit('escort', '就医陪诊', 1, false),
    ],
    ...overrides,
  });
}
