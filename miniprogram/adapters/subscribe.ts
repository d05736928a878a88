/**
 * 订阅消息 (R5.2, R5.4): wx.requestSubscribeMessage and wx.getSetting's subscriptionsSetting,
 * with the answers reported to the functions.
 *
 * WeChat's one-time subscriptions allow one message per `accept`; the server counts them per
 * WeChat user and template (`notify.subscribe`) and the sender skips a notice without one. The
 * template ids are ops settings, read from `notify.settings` once per launch (services/notify.ts);
 * a template whose id is '' (not configured yet) is never asked for.
 */
import type { SubscribeAnswer, SubscribeTemplateInfo, SubscribeTemplateName } from '../../typings/contract';
import {
  knownSettings,
  prefetchSettings,
  rememberConsents,
  subscribe as report,
  type Consents,
} from '../services/notify';

/** WeChat's limit: one panel asks for at most 3 templates. */
export const MAX_PER_REQUEST = 3;

/**
 * Why WeChat answered nothing: `none` there was nothing to ask (no configured template, the
 * settings not read yet, no API); `off` every subscription message is off in 设置 → 通知管理
 * (20004); `failed` the panel could not open.
 */
export type RequestFailure = 'none' | 'off' | 'failed';

export interface Requested {
  /** the templates WeChat was asked for */
  asked: SubscribeTemplateName[];
  /** WeChat's answer per template asked */
  answers: Partial<Record<SubscribeTemplateName, SubscribeAnswer>>;
  /** null when WeChat answered */
  failure: RequestFailure | null;
  /**
   * The consents `notify.subscribe` answered once the answers are reported; null when nothing
   * was reported or the report failed. Never rejects.
   */
  consents: Promise<Consents | null>;
}

function nothing(failure: RequestFailure, asked: SubscribeTemplateName[] = []): Requested {
  return { asked, answers: {}, failure, consents: Promise.resolve(null) };
}

function isAnswer(value: unknown): value is SubscribeAnswer {
  return value === 'accept' || value === 'reject' || value === 'ban' || value === 'filter';
}

/** Template name → id, for the templates ops have configured. */
function configuredIds(templates: readonly SubscribeTemplateInfo[]): Map<SubscribeTemplateName, string> {
  return new Map(templates.filter((t) => t.templateId !== '').map((t) => [t.name, t.templateId]));
}

/** Reports answers in the background; resolves with the consents, or null. */
function reportAnswers(answers: Partial<Record<SubscribeTemplateName, SubscribeAnswer>>): Promise<Consents | null> {
  if (Object.keys(answers).length === 0) return Promise.resolve(null);
  return report(answers).then(
    ({ consents }) => {
      rememberConsents(consents);
      return consents;
    },
    () => null,
  );
}

/**
 * Before an action that earns notices (placing an order, activating: R5.2), asks WeChat once for
 * the templates `names` (the first 3 configured ones, WeChat's limit) and reports the answers to
 * `notify.subscribe`. Must be called synchronously inside the tap handler, before any await:
 * WeChat opens its panel only from a tap. Resolves once WeChat answered — the report goes on in
 * the background — and never rejects: a member who says no, a phone without the API, or settings
 * not read yet (then nothing is asked) never stop the action.
 */
export function requestFor(names: readonly SubscribeTemplateName[]): Promise<Requested> {
  const settings = knownSettings();
  if (!settings) {
    // the page's prefetch has not answered (yet): next time
    prefetchSettings();
    return Promise.resolve(nothing('none'));
  }
  const ids = configuredIds(settings.templates);
  const asked = names.filter((name, i) => ids.has(name) && names.indexOf(name) === i).slice(0, MAX_PER_REQUEST);
  if (
    asked.length === 0 ||
    typeof wx === 'undefined' ||
    typeof Reflect.get(wx, 'requestSubscribeMessage') !== 'function'
  ) {
    return Promise.resolve(nothing('none'));
  }
  return new Promise((resolve) => {
    try {
      wx.requestSubscribeMessage({
        tmplIds: asked.map((name) => ids.get(name) ?? ''),
        success: (res) => {
          const answers: Partial<Record<SubscribeTemplateName, SubscribeAnswer>> = {};
          for (const name of asked) {
            const answer: unknown = Reflect.get(res, ids.get(name) ?? '');
            if (isAnswer(answer)) answers[name] = answer;
          }
          resolve({ asked, answers, failure: null, consents: reportAnswers(answers) });
        },
        // 20004: the member turned subscription messages off altogether
        fail: (err) => resolve(nothing(err.errCode === 20004 ? 'off' : 'failed', asked)),
      });
    } catch {
      resolve(nothing('failed', asked));
    }
  });
}

/**
 * The member switches a kind of message off in 我的 → 订阅消息. WeChat has no call to take back a
 * one-time subscription, so the messages still allowed are voided on the server: reported as
 * WeChat's `ban`, the answer that voids them. Resolves with the consents, or null when the report
 * failed; never rejects.
 */
export function withdraw(names: readonly SubscribeTemplateName[]): Promise<Consents | null> {
  const answers: Partial<Record<SubscribeTemplateName, SubscribeAnswer>> = {};
  for (const name of names.slice(0, MAX_PER_REQUEST)) answers[name] = 'ban';
  return reportAnswers(answers);
}

export type WechatState = 'accept' | 'reject' | 'ban';

export interface WechatSettings {
  /** false: the member turned off every subscription message in 设置 → 通知管理 */
  mainSwitch: boolean;
  /** only templates the member answered with “总是保持以上选择，不再询问” are known */
  items: Partial<Record<SubscribeTemplateName, WechatState>>;
}

/** What WeChat's settings say about `templates`. A failure (old base library) reads as "nothing known". */
export function wechatSettings(templates: readonly SubscribeTemplateInfo[]): Promise<WechatSettings> {
  return new Promise((resolve) => {
    try {
      wx.getSetting({
        withSubscriptions: true,
        success: (res) => {
          const setting = res.subscriptionsSetting as WechatMiniprogram.SubscriptionsSetting | undefined;
          const items: Partial<Record<SubscribeTemplateName, WechatState>> = {};
          const itemSettings: unknown = setting?.itemSettings;
          for (const [name, id] of configuredIds(templates)) {
            const state: unknown =
              typeof itemSettings === 'object' && itemSettings !== null ? Reflect.get(itemSettings, id) : undefined;
            if (state === 'accept' || state === 'reject' || state === 'ban') items[name] = state;
          }
          resolve({ mainSwitch: setting?.mainSwitch !== false, items });
        },
        fail: () => resolve({ mainSwitch: true, items: {} }),
      });
    } catch {
      resolve({ mainSwitch: true, items: {} });
    }
  });
}
