/**
 * 订阅消息 (R5.2, R5.4): which notices the member wants, behind wx.requestSubscribeMessage and
 * wx.getSetting's subscriptionsSetting.
 *
 * For now the member's choice is kept on the phone only (wx storage, per WeChat user). The
 * server side of consent comes later: the functions will then record each accepted template
 * (a one-time subscription is one message) and the sender will skip a notice without consent
 * (R5.3's `skipped`). Until then these switches are the member's wish and what WeChat itself
 * granted; nothing is sent to the functions.
 *
 * A template id comes from the mini-program's 订阅消息 console (公共模板库). While a kind's id
 * is empty, switching it on records the wish without asking WeChat (DevTools, the preview).
 */

export type NoticeKind = 'order' | 'doctor' | 'report' | 'escort' | 'card' | 'tips';

export const NOTICE_KINDS: readonly NoticeKind[] = ['order', 'doctor', 'report', 'escort', 'card', 'tips'];

/** Template ids per kind: fill in from the WeChat console (a developer setting, like CLOUD_ENV). */
export const TEMPLATE_IDS: Readonly<Record<NoticeKind, string>> = {
  order: '', // 预约结果通知: order accepted or booked
  doctor: '', // 医生接诊通知
  report: '', // 报告出具通知
  escort: '', // 陪诊提醒 (the day before, R4)
  card: '', // 服务到期提醒: activation deadline, waiting period over, card expiring
  tips: '', // 健康知识推送: weekly tips by solar term, knowledge twice a month (R5.4)
};

const KEY = 'bluecard.subscriptions';

export type Choices = Record<NoticeKind, boolean>;

/** What the member switched on, as stored on this phone (all off at first). */
export function storedChoices(): Choices {
  const choices = allOff();
  let stored: unknown;
  try {
    stored = wx.getStorageSync(KEY);
  } catch {
    return choices;
  }
  if (typeof stored === 'object' && stored !== null) {
    for (const kind of NOTICE_KINDS) choices[kind] = Reflect.get(stored, kind) === true;
  }
  return choices;
}

function store(kind: NoticeKind, on: boolean): Choices {
  const choices = { ...storedChoices(), [kind]: on };
  try {
    wx.setStorageSync(KEY, choices);
  } catch {
    // A full storage: the switch shows the choice for this visit only.
  }
  return choices;
}

function allOff(): Choices {
  return { order: false, doctor: false, report: false, escort: false, card: false, tips: false };
}

export type WechatState = 'accept' | 'reject' | 'ban';

export interface WechatSettings {
  /** false: the member turned off every subscription message in 设置 → 通知管理 */
  mainSwitch: boolean;
  /** only kinds the member answered with “总是保持以上选择，不再询问” are known */
  items: Partial<Record<NoticeKind, WechatState>>;
}

/** What WeChat's settings say. A failure (old base library) reads as "nothing known". */
export function wechatSettings(): Promise<WechatSettings> {
  return new Promise((resolve) => {
    wx.getSetting({
      withSubscriptions: true,
      success: (res) => {
        const setting = res.subscriptionsSetting as WechatMiniprogram.SubscriptionsSetting | undefined;
        const items: Partial<Record<NoticeKind, WechatState>> = {};
        const itemSettings: unknown = setting?.itemSettings;
        for (const kind of NOTICE_KINDS) {
          const id = TEMPLATE_IDS[kind];
          const state: unknown =
            id && typeof itemSettings === 'object' && itemSettings !== null ? Reflect.get(itemSettings, id) : undefined;
          if (state === 'accept' || state === 'reject' || state === 'ban') items[kind] = state;
        }
        resolve({ mainSwitch: setting?.mainSwitch !== false, items });
      },
      fail: () => resolve({ mainSwitch: true, items: {} }),
    });
  });
}

/**
 * How switching a kind on ended: `accept` stored on; `reject` the member said no in WeChat's
 * panel; `ban` WeChat blocks the template; `off` every subscription message is off in 设置;
 * `failed` the panel could not open. Anything but `accept` leaves the kind off.
 */
export type SubscribeOutcome = 'accept' | 'reject' | 'ban' | 'off' | 'failed';

/**
 * Switches `kind` on. Must run inside a tap handler: WeChat opens its panel only then.
 */
export function subscribe(kind: NoticeKind): Promise<{ outcome: SubscribeOutcome; choices: Choices }> {
  const id = TEMPLATE_IDS[kind];
  if (!id) return Promise.resolve({ outcome: 'accept', choices: store(kind, true) });
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds: [id],
      success: (res) => {
        const answer = res[id];
        const outcome: SubscribeOutcome =
          answer === 'accept' ? 'accept' : answer === 'ban' || answer === 'filter' ? 'ban' : 'reject';
        resolve({ outcome, choices: store(kind, outcome === 'accept') });
      },
      fail: (err) => {
        // 20004: the member turned subscription messages off altogether
        const outcome: SubscribeOutcome = err.errCode === 20004 ? 'off' : 'failed';
        resolve({ outcome, choices: store(kind, false) });
      },
    });
  });
}

/**
 * Switches `kind` off. WeChat has no call to take back a subscription; the sender will read
 * this choice once the server keeps it, and the member can also refuse in 设置 → 通知管理.
 */
export function unsubscribe(kind: NoticeKind): Choices {
  return store(kind, false);
}

/**
 * Before an action that earns notices (placing an order: R5.2), asks WeChat once for the
 * templates of `kinds` (at most 3 in one panel, WeChat's limit). Must be called synchronously
 * inside the tap handler, before any await. Never rejects and never blocks the action: a member
 * who says no, or a phone without the API, still places the order. Kinds without a template id
 * (not configured yet) are skipped; resolves with what WeChat answered per kind asked.
 */
export function requestFor(kinds: readonly NoticeKind[]): Promise<Partial<Record<NoticeKind, SubscribeOutcome>>> {
  const asked = kinds.filter((kind, i) => TEMPLATE_IDS[kind] !== '' && kinds.indexOf(kind) === i).slice(0, 3);
  if (
    asked.length === 0 ||
    typeof wx === 'undefined' ||
    typeof Reflect.get(wx, 'requestSubscribeMessage') !== 'function'
  ) {
    return Promise.resolve({});
  }
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds: asked.map((kind) => TEMPLATE_IDS[kind]),
      success: (res) => {
        const outcomes: Partial<Record<NoticeKind, SubscribeOutcome>> = {};
        for (const kind of asked) {
          const answer = res[TEMPLATE_IDS[kind]];
          outcomes[kind] = answer === 'accept' ? 'accept' : answer === 'ban' || answer === 'filter' ? 'ban' : 'reject';
        }
        resolve(outcomes);
      },
      fail: (err) => {
        const outcome: SubscribeOutcome = err.errCode === 20004 ? 'off' : 'failed';
        resolve(Object.fromEntries(asked.map((kind) => [kind, outcome])));
      },
    });
  });
}
