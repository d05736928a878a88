/**
 * 我的: the caller's cards in compact rows, the entries to the card's family and ledger, the
 * health pages, 订阅消息, 大字模式, the privacy policy, 数据导出与删除, the butler, and 工作台 for staff.
 *
 * The cards and what the caller is as staff come from `card.mine` and `staff.me`; the page only
 * picks which rows to show from them. Built with definePage(), a Component(), like every page.
 */
import type { Card, SubscribeAnswer, SubscribeTemplateName } from '../../../typings/contract';
import { setElderMode } from '../../adapters/elder';
import { navigateTo, route } from '../../adapters/nav';
import {
  requestFor,
  wechatSettings,
  withdraw,
  type RequestFailure,
  type WechatSettings,
} from '../../adapters/subscribe';
import { toast } from '../../adapters/ui';
import { messageOf } from '../../services/call';
import { mine } from '../../services/card';
import { loadSettings, type Consents, type NotifySettings } from '../../services/notify';
import { me } from '../../services/staff';
import { definePage } from '../../utils/page';
import { loadOnAttach, reloadMethods } from '../../utils/reload';

type View = 'loading' | 'error' | 'empty' | 'cards';

/** The card the entry rows act on: the live one, else the first. */
interface Primary {
  cardId: string;
  /** 家庭成员: the holder of a 尊享版 card (R2.6) */
  family: boolean;
  /** 额度明细: once the card is activated (pools exist from activation) */
  ledger: boolean;
}

/** One switch of 订阅消息: a kind of message, made of one to three templates. */
interface NoticeRow {
  kind: string;
  title: string;
  /** what the kind is about, and what the server or WeChat says about it */
  label: string;
  templates: SubscribeTemplateName[];
  /** the server still allows at least one message of the kind */
  on: boolean;
  /** no template of the kind has an id yet (ops have not configured it): nothing to ask for */
  disabled: boolean;
  /** WeChat's panel or the report is under way */
  busy: boolean;
}

type NoticesView = 'loading' | 'error' | 'ready';

interface MyData {
  view: View;
  cards: Card[];
  error: string;
  primary: Primary | null;
  /** 工作台: the caller has a staff role */
  staff: boolean;
  elder: boolean;
  notices: NoticeRow[];
  noticesOpen: boolean;
  noticesView: NoticesView;
  noticesError: string;
  /** every subscription message is off in WeChat's 设置 → 通知管理 */
  wechatOff: boolean;
  /** `notify.settings` as last answered: the templates and the messages each still allows */
  _settings: NotifySettings | null;
  /** what WeChat's settings said when the panel opened */
  _wechat: WechatSettings['items'];
  _noticeSeq: number;
  _loaded: boolean;
  _seq: number;
}

const ROUTES = {
  activate: '/pages/activate/index',
  family: '/member/pages/family/index',
  ledger: '/member/pages/ledger/index',
  record: '/member/pages/record/index',
  knowledge: '/member/pages/knowledge/index',
  privacy: '/member/pages/privacy/index',
  myData: '/member/pages/my-data/index',
  /** the butler's channel, as on 首页 */
  butler: '/member/pages/consult/index',
  workbench: '/workbench/pages/queue/index',
} as const;

/**
 * The switches, each a kind of message and the templates it is made of (`notify.settings`
 * names). A kind is shown when the settings list one of its templates: 工单超时预警 only to staff.
 */
const NOTICE_KINDS: readonly { kind: string; title: string; label: string; templates: SubscribeTemplateName[] }[] = [
  { kind: 'order', title: '预约进度', label: '受理、预约成功时通知您', templates: ['orderAccepted', 'orderBooked'] },
  {
    kind: 'visit',
    title: '就诊与陪诊提醒',
    label: '门诊就诊、陪诊的前一天提醒您',
    templates: ['visitReminder', 'escortReminder'],
  },
  {
    kind: 'doctor',
    title: '医生接诊',
    label: '医生接诊、咨询即将结束时提醒您',
    templates: ['doctorTaken', 'consultEnding'],
  },
  { kind: 'report', title: '报告出具', label: '评估报告、体检方案、解读意见出具时通知您', templates: ['reportReady'] },
  {
    kind: 'card',
    title: '蓝卡提醒',
    label: '等待期结束、蓝卡到期前提醒您',
    templates: ['waitingOver', 'cardExpiring'],
  },
  { kind: 'tips', title: '健康知识', label: '每周节气养生提示与健康知识', templates: ['healthTips', 'knowledge'] },
  { kind: 'sla', title: '工单超时预警', label: '您岗位的订单临近处理时限时提醒您', templates: ['slaWarning'] },
];

const FAILURE_MESSAGE: Readonly<Record<RequestFailure, string>> = {
  none: '这类消息暂未开放订阅',
  off: '请先在微信“设置 → 通知管理”中打开订阅消息',
  failed: '暂时无法订阅，请稍后重试',
};

const ANSWER_MESSAGE: Readonly<Record<Exclude<SubscribeAnswer, 'accept'>, string>> = {
  reject: '您未同意接收这类消息',
  ban: '这类消息暂时无法订阅',
  filter: '这类消息暂时无法订阅',
};

const REPORT_FAILED = '网络不太好，请稍后重试';

const WECHAT_NOTE = { accept: '', reject: '已在微信中拒绝', ban: '暂不可订阅' } as const;

/** The switches as the settings say: on while the server allows a message of the kind. */
function noticeRows(settings: NotifySettings, wechat: WechatSettings['items'] = {}, busy = ''): NoticeRow[] {
  const listed = new Map(settings.templates.map((t) => [t.name, t.templateId]));
  return NOTICE_KINDS.filter((k) => k.templates.some((name) => listed.has(name))).map((k) => {
    const templates = k.templates.filter((name) => listed.has(name));
    const count = templates.reduce((n, name) => n + (settings.consents[name] ?? 0), 0);
    const disabled = !templates.some((name) => listed.get(name) !== '');
    // WeChat remembers a refusal: nothing can be sent whatever the server counts
    const refused = templates.map((name) => wechat[name]).find((state) => state === 'reject' || state === 'ban');
    const note = disabled ? '暂未开放' : refused ? WECHAT_NOTE[refused] : count > 0 ? `还可接收 ${count} 条` : '';
    return {
      kind: k.kind,
      title: k.title,
      label: note ? `${k.label}（${note}）` : k.label,
      templates,
      on: count > 0 && refused === undefined,
      disabled,
      busy: busy === k.kind,
    };
  });
}

function primaryOf(cards: Card[]): Primary | null {
  const card = cards.find((c) => c.status === 'active' || c.status === 'waiting') ?? cards[0];
  if (!card) return null;
  return {
    cardId: card.cardId,
    family: card.edition === 'premium' && card.role === 'holder',
    ledger: card.status !== 'inactive',
  };
}

const initialData: MyData = {
  view: 'loading',
  cards: [],
  error: '',
  primary: null,
  staff: false,
  elder: false,
  notices: [],
  noticesOpen: false,
  noticesView: 'loading',
  noticesError: '',
  wechatOff: false,
  _settings: null,
  _wechat: {},
  _noticeSeq: 0,
  _loaded: false,
  _seq: 0,
};

definePage({
  data: initialData,

  lifetimes: loadOnAttach,

  methods: {
    ...reloadMethods,

    onShow() {
      if (this.data._loaded) void this.load(true);
    },

    /**
     * quiet: keep what is on screen while fetching (show, pull-down); a failure then becomes a
     * toast. 工作台 is a convenience: when `staff.me` fails, the row stays as it was.
     */
    async load(quiet: boolean): Promise<void> {
      const seq = this.data._seq + 1;
      this.setData(quiet ? { _seq: seq } : { _seq: seq, view: 'loading' });
      const staff = me().then(
        ({ roles }) => roles.length > 0,
        () => this.data.staff,
      );
      try {
        const { cards } = await mine();
        const isStaff = await staff;
        if (seq !== this.data._seq) return;
        this.setData({
          view: cards.length > 0 ? 'cards' : 'empty',
          cards,
          primary: primaryOf(cards),
          staff: isStaff,
          error: '',
          _loaded: true,
        });
      } catch (err) {
        const isStaff = await staff;
        if (seq !== this.data._seq) return;
        if (quiet && this.data.view === 'cards') {
          this.setData({ staff: isStaff });
          toast(messageOf(err));
          return;
        }
        this.setData({ view: 'error', error: messageOf(err), staff: isStaff, _loaded: true });
      }
    },

    go(url: string, unavailable = '即将开放，敬请期待') {
      navigateTo(url, () => toast(unavailable));
    },

    onActivate() {
      this.go(ROUTES.activate, '激活功能即将开放');
    },

    onFamily() {
      const primary = this.data.primary;
      if (primary) this.go(route(ROUTES.family, { cardId: primary.cardId }));
    },

    onLedger() {
      const primary = this.data.primary;
      if (primary) this.go(route(ROUTES.ledger, { cardId: primary.cardId }));
    },

    onRecord() {
      this.go(ROUTES.record);
    },

    onKnowledge() {
      this.go(ROUTES.knowledge);
    },

    onButler() {
      const primary = this.data.primary;
      if (primary) this.go(route(ROUTES.butler, { benefit: 'butler', cardId: primary.cardId }), '健康管家即将开放');
    },

    onPrivacy() {
      this.go(ROUTES.privacy);
    },

    onMyData() {
      this.go(ROUTES.myData);
    },

    onWorkbench() {
      this.go(ROUTES.workbench, '工作台即将开放');
    },

    /** 大字模式: stored for every page, applied to this one at once. */
    onElderChange(e: WechatMiniprogram.CustomEvent) {
      // van-switch's detail is the new value itself
      const on = (e.detail as unknown) === true;
      setElderMode(on);
      this.setData({ elder: on });
    },

    /** 订阅消息: the server's consents, read afresh each time the panel opens. */
    onOpenNotices() {
      this.setData({ noticesOpen: true });
      void this.loadNotices();
    },

    onNoticesRetry() {
      void this.loadNotices();
    },

    async loadNotices(): Promise<void> {
      const seq = this.data._noticeSeq + 1;
      this.setData({ _noticeSeq: seq, noticesView: 'loading', noticesError: '' });
      try {
        const settings = await loadSettings(true);
        const wechat = await wechatSettings(settings.templates);
        if (seq !== this.data._noticeSeq) return;
        this.setData({
          noticesView: 'ready',
          wechatOff: !wechat.mainSwitch,
          _settings: settings,
          _wechat: wechat.items,
          notices: noticeRows(settings, wechat.items),
        });
      } catch (err) {
        if (seq !== this.data._noticeSeq) return;
        this.setData({ noticesView: 'error', noticesError: messageOf(err) });
      }
    },

    onCloseNotices() {
      this.setData({ noticesOpen: false });
    },

    /**
     * Runs in the switch's tap: WeChat opens its subscription panel only from a tap, so the
     * request starts before anything is awaited. On: WeChat is asked for the kind's templates and
     * its answers are reported (each accept allows one message). Off: the messages still allowed
     * are voided on the server.
     */
    async onNoticeChange(
      e: WechatMiniprogram.CustomEvent<WechatMiniprogram.IAnyObject, WechatMiniprogram.IAnyObject, { kind?: string }>,
    ) {
      const kind = e.currentTarget.dataset.kind;
      const row = this.data.notices.find((r) => r.kind === kind);
      const settings = this.data._settings;
      if (!row || !settings || row.disabled || row.busy) return;
      const on = (e.detail as unknown) === true;
      const asked = on ? requestFor(row.templates) : null;
      this.setData({ notices: noticeRows(settings, this.data._wechat, row.kind) });

      let consents: Consents | null;
      let wechat = this.data._wechat;
      if (asked) {
        const requested = await asked;
        if (requested.failure !== null) {
          this.showNotices(settings.consents, wechat);
          toast(FAILURE_MESSAGE[requested.failure]);
          return;
        }
        // the member just answered WeChat's panel: that answer replaces what WeChat remembered
        wechat = { ...wechat };
        for (const name of requested.asked) delete wechat[name];
        consents = await requested.consents;
        const refusal = Object.values(requested.answers).find((a) => a !== 'accept');
        const accepted = Object.values(requested.answers).includes('accept');
        if (!accepted && refusal !== undefined) toast(ANSWER_MESSAGE[refusal]);
        else if (accepted && consents === null) toast(REPORT_FAILED);
      } else {
        const held = row.templates.filter((name) => (settings.consents[name] ?? 0) > 0);
        consents = held.length > 0 ? await withdraw(held) : settings.consents;
        if (consents === null) toast(REPORT_FAILED);
      }
      this.showNotices(consents ?? this.data._settings?.consents ?? settings.consents, wechat);
    },

    showNotices(consents: Consents, wechat: WechatSettings['items']) {
      const settings = this.data._settings;
      if (!settings) return;
      const next = { ...settings, consents: { ...settings.consents, ...consents } };
      this.setData({ _settings: next, _wechat: wechat, notices: noticeRows(next, wechat) });
    },
  },
});
