/**
 * 我的: the caller's cards in compact rows, the entries to the card's family and ledger, the
 * health pages, 订阅消息, 大字模式, the privacy policy, the butler, and 工作台 for staff.
 *
 * The cards and what the caller is as staff come from `card.mine` and `staff.me`; the page only
 * picks which rows to show from them. Built with Component(), like every page here.
 */
import type { Card } from '../../../typings/contract';
import { setElderMode } from '../../adapters/elder';
import { navigateTo, route } from '../../adapters/nav';
import {
  NOTICE_KINDS,
  storedChoices,
  subscribe,
  unsubscribe,
  wechatSettings,
  type Choices,
  type NoticeKind,
  type SubscribeOutcome,
  type WechatSettings,
} from '../../adapters/subscribe';
import { stopPullDownRefresh, toast } from '../../adapters/ui';
import { elderBehavior } from '../../behaviors/elder';
import { messageOf } from '../../services/call';
import { mine } from '../../services/card';
import { me } from '../../services/staff';

type View = 'loading' | 'error' | 'empty' | 'cards';

/** The card the entry rows act on: the live one, else the first. */
interface Primary {
  cardId: string;
  /** 家庭成员: the holder of a 尊享版 card (R2.6) */
  family: boolean;
  /** 额度明细: once the card is activated (pools exist from activation) */
  ledger: boolean;
}

interface NoticeRow {
  kind: NoticeKind;
  title: string;
  label: string;
  on: boolean;
  /** what WeChat's own settings say, when the member asked WeChat to remember */
  note: string;
}

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
  /** every subscription message is off in WeChat's 设置 → 通知管理 */
  wechatOff: boolean;
  /** what WeChat's settings said when the panel opened */
  _wechat: WechatSettings['items'];
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
  /** the butler's channel, as on 首页 */
  butler: '/member/pages/consult/index',
  workbench: '/workbench/pages/queue/index',
} as const;

const NOTICE_COPY: Readonly<Record<NoticeKind, { title: string; label: string }>> = {
  order: { title: '预约进度', label: '受理、预约成功时通知您' },
  doctor: { title: '医生接诊', label: '医生接诊后提醒您及时沟通' },
  report: { title: '报告出具', label: '评估报告、体检方案、解读意见出具时通知您' },
  escort: { title: '陪诊提醒', label: '陪诊前一天提醒您' },
  card: { title: '蓝卡提醒', label: '激活截止、等待期结束、到期前提醒您' },
  tips: { title: '健康知识', label: '每周节气养生提示与健康知识' },
};

const OUTCOME_MESSAGE: Readonly<Record<Exclude<SubscribeOutcome, 'accept'>, string>> = {
  reject: '您未同意接收这类消息',
  ban: '这类消息暂时无法订阅',
  off: '请先在微信“设置 → 通知管理”中打开订阅消息',
  failed: '暂时无法订阅，请稍后重试',
};

const WECHAT_NOTE = { accept: '', reject: '已在微信中拒绝', ban: '暂不可订阅' } as const;

function noticeRows(choices: Choices, wechat: WechatSettings['items'] = {}): NoticeRow[] {
  return NOTICE_KINDS.map((kind) => {
    const state = wechat[kind];
    return {
      kind,
      ...NOTICE_COPY[kind],
      // WeChat remembers a refusal: the switch cannot be on whatever was stored here
      on: choices[kind] && (state === undefined || state === 'accept'),
      note: state ? WECHAT_NOTE[state] : '',
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

function isNoticeKind(value: unknown): value is NoticeKind {
  return typeof value === 'string' && (NOTICE_KINDS as readonly string[]).includes(value);
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
  wechatOff: false,
  _wechat: {},
  _loaded: false,
  _seq: 0,
};

Component({
  behaviors: [elderBehavior],

  options: {
    pureDataPattern: /^_/,
  },

  data: initialData,

  lifetimes: {
    attached() {
      this.setData({ notices: noticeRows(storedChoices()) });
      void this.load(false);
    },
  },

  methods: {
    onShow() {
      if (this.data._loaded) void this.load(true);
    },

    onPullDownRefresh() {
      void this.load(true).then(stopPullDownRefresh);
    },

    onRetry() {
      void this.load(false);
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

    async onOpenNotices() {
      this.setData({ noticesOpen: true, notices: noticeRows(storedChoices()) });
      const settings = await wechatSettings();
      this.setData({
        wechatOff: !settings.mainSwitch,
        _wechat: settings.items,
        notices: noticeRows(storedChoices(), settings.items),
      });
    },

    onCloseNotices() {
      this.setData({ noticesOpen: false });
    },

    /** Runs in the switch's tap: WeChat opens its subscription panel only from a tap. */
    async onNoticeChange(
      e: WechatMiniprogram.CustomEvent<WechatMiniprogram.IAnyObject, WechatMiniprogram.IAnyObject, { kind?: string }>,
    ) {
      const kind = e.currentTarget.dataset.kind;
      if (!isNoticeKind(kind)) return;
      if ((e.detail as unknown) !== true) {
        this.setData({ notices: noticeRows(unsubscribe(kind), this.data._wechat) });
        return;
      }
      const { outcome, choices } = await subscribe(kind);
      // the member just answered WeChat's panel: that answer replaces what WeChat remembered
      const { [kind]: _answered, ...wechat } = this.data._wechat;
      this.setData({ _wechat: wechat, notices: noticeRows(choices, wechat) });
      if (outcome !== 'accept') toast(OUTCOME_MESSAGE[outcome]);
    },
  },
});
