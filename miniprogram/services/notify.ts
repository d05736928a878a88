/**
 * The `notify` function: subscription-message consent (R5.2). One wrapper per action, and the
 * settings kept for the app's launch.
 *
 * How a page uses it, right before an action that earns a notice (placing an order, activating):
 * the page reads the settings when it opens (`prefetchSettings()`), so that the template ids are
 * at hand when the member taps; adapters/subscribe.ts `requestFor()` then asks
 * wx.requestSubscribeMessage for at most 3 of them inside the tap and reports WeChat's answers
 * with `subscribe()`. Each `accept` lets the sender deliver one message of that template; without
 * one the notice is skipped.
 */
import type { Res, SubscribeAnswer, SubscribeTemplateInfo, SubscribeTemplateName } from '../../typings/contract';
import { call } from './call';

export type NotifySettings = Res<'notify', 'settings'>;
export type Consents = NotifySettings['consents'];

/** The templates to ask for (`templateId` '' while ops have not configured it) and the caller's consents. */
export const settings = () => call('notify', 'settings', {});

/** WeChat's answers of one wx.requestSubscribeMessage (≤ 3 templates). */
export const subscribe = (results: Partial<Record<SubscribeTemplateName, SubscribeAnswer>>) =>
  call('notify', 'subscribe', { results });

// ---------------------------------------------------------------------------------------------
// The settings, once per launch: template ids change only when ops configure them.

let known: NotifySettings | null = null;
let reading: Promise<NotifySettings> | null = null;

/**
 * The settings, read from the function once per launch; `fresh` reads them again (the 订阅消息
 * panel shows the consents as they are now). A failed read is not kept: the next call tries again.
 */
export function loadSettings(fresh = false): Promise<NotifySettings> {
  if (!fresh && known) return Promise.resolve(known);
  if (!fresh && reading) return reading;
  const read: Promise<NotifySettings> = settings().then(
    (answer) => {
      if (reading === read) reading = null;
      known = cleanSettings(answer);
      return known;
    },
    (err: unknown) => {
      if (reading === read) reading = null;
      throw err;
    },
  );
  reading = read;
  return read;
}

/** Starts reading the settings when they are not known yet. Never rejects: pages call it on opening. */
export function prefetchSettings(): void {
  if (!known) loadSettings().catch(() => undefined);
}

/** The settings read so far this launch, or null: what a tap handler can use without waiting. */
export function knownSettings(): NotifySettings | null {
  return known;
}

/** The consents `subscribe()` answered, kept with the settings. */
export function rememberConsents(consents: Consents): void {
  if (known) known = { ...known, consents };
}

/** Forgets the settings, as a new launch would (tests). */
export function forgetSettings(): void {
  known = null;
  reading = null;
}

const NAME = /^[A-Za-z]{1,40}$/;

// What arrives was produced by code we do not run here: keep only well-formed entries, so that a
// template without a string id is never asked for.
function cleanSettings(answer: unknown): NotifySettings {
  const templates: SubscribeTemplateInfo[] = [];
  const consents: Consents = {};
  if (typeof answer !== 'object' || answer === null) return { templates, consents };
  const list: unknown = Reflect.get(answer, 'templates');
  for (const t of Array.isArray(list) ? (list as unknown[]) : []) {
    if (typeof t !== 'object' || t === null) continue;
    const name: unknown = Reflect.get(t, 'name');
    const templateId: unknown = Reflect.get(t, 'templateId');
    const title: unknown = Reflect.get(t, 'title');
    const audience: unknown = Reflect.get(t, 'audience');
    if (typeof name !== 'string' || !NAME.test(name) || typeof templateId !== 'string') continue;
    templates.push({
      name: name as SubscribeTemplateName,
      templateId,
      title: typeof title === 'string' ? title : '',
      audience: audience === 'staff' ? 'staff' : 'member',
    });
  }
  const given: unknown = Reflect.get(answer, 'consents');
  if (typeof given === 'object' && given !== null) {
    for (const [name, count] of Object.entries(given)) {
      if (NAME.test(name) && typeof count === 'number') consents[name as SubscribeTemplateName] = count;
    }
  }
  return { templates, consents };
}
