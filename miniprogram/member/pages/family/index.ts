/**
 * 家庭成员 (尊享版, R2.6): who is on the card (masked names, 持卡人 / 家庭成员, 我), how many
 * more may join (`familySlots`, as answered), and for the holder: invite by WeChat share card,
 * remove a member.
 *
 * `?cardId=` (default: the caller's first card). The card comes from `card.mine`; the function
 * decides everything: who may invite or remove (HOLDER_ONLY), a full family (FAMILY_FULL), a
 * member with an open order (INVALID_STATE). The page only offers the actions to the holder of a
 * 尊享版 card, and shows a refusal under the thing it refused.
 *
 * Inviting is two taps, because a share must carry its token the moment it is sent:
 * 邀请家人 creates the invite (`card.createInvite`), then the popup's
 * `<button open-type="share">` sends it, and onShareAppMessage answers with the invite's path.
 * The page menu's 转发 is hidden: an invite leaves only through that button.
 */
import type { Card, CardMember, Instant } from '../../../../typings/contract';
import { navigateTo, route, switchTab } from '../../../adapters/nav';
import { hideShareMenu } from '../../../adapters/share';
import { toast } from '../../../adapters/ui';
import { messageOf } from '../../../services/call';
import { createInvite, mine, removeMember } from '../../../services/card';
import { definePage } from '../../../utils/page';
import { queryParam } from '../../../utils/query';

type View = 'loading' | 'error' | 'empty' | 'family';

export const HOME_URL = '/pages/home/index';
export const LEDGER_URL = '/member/pages/ledger/index';
export const INVITE_URL = '/pages/invite/index';
export const SHARE_TITLE = '邀请您加入我的太医蓝卡家庭';
/** 5:4, the card face (scripts/make-share-image.mjs); in the main package, reachable from here. */
export const SHARE_IMAGE = '/assets/share/invite.png';

interface Invite {
  token: string;
  expiresAt: Instant;
  /** the share sheet was opened with it (WeChat does not say whether it was sent) */
  shared: boolean;
}

interface Confirm {
  show: boolean;
  memberId: string;
  name: string;
}

/** What onShareAppMessage receives; `from: 'button'` when our share button was tapped. */
interface ShareSource {
  from?: string;
}

const noConfirm = (): Confirm => ({ show: false, memberId: '', name: '' });

interface FamilyData {
  view: View;
  card: Card | null;
  /** the member-facing message of the failed load */
  error: string;
  inviting: boolean;
  inviteError: string;
  invite: Invite | null;
  showInvite: boolean;
  confirm: Confirm;
  /** memberId being removed, while the call is under way */
  removing: string;
  /** a refusal of removeMember, shown under that member's row */
  removeError: { memberId: string; message: string };
  _cardId: string;
  /** true once the first load has settled: onShow then refreshes */
  _loaded: boolean;
  /** number of the latest load; an older answer arriving late is dropped */
  _seq: number;
}

// Each page instance gets its own copy of `data`; this object is only the starting shape.
const initialData: FamilyData = {
  view: 'loading',
  card: null,
  error: '',
  inviting: false,
  inviteError: '',
  invite: null,
  showInvite: false,
  confirm: noConfirm(),
  removing: '',
  removeError: { memberId: '', message: '' },
  _cardId: '',
  _loaded: false,
  _seq: 0,
};

definePage({
  data: initialData,

  lifetimes: {
    attached() {
      hideShareMenu();
    },
  },

  reload: {
    read: () => mine(),
    show: ({ cards }, { _cardId: wanted }) => {
      const card = (wanted ? cards.find((c) => c.cardId === wanted) : cards[0]) ?? null;
      return { view: card ? 'family' : 'empty', card, error: '', _loaded: true };
    },
    shown: 'family',
    failed: { _loaded: true },
  },

  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ _cardId: queryParam(query, 'cardId') });
      void this.load(false);
    },

    onShow() {
      if (this.data._loaded) void this.load(true);
    },

    async onInvite() {
      const card = this.data.card;
      if (!card || this.data.inviting) return;
      this.setData({ inviting: true, inviteError: '' });
      try {
        const { token, expiresAt } = await createInvite(card.cardId);
        this.setData({ invite: { token, expiresAt, shared: false }, showInvite: true });
      } catch (err) {
        this.setData({ inviteError: messageOf(err) });
      } finally {
        this.setData({ inviting: false });
      }
    },

    onCloseInvite() {
      // A token is for one person: the next 邀请家人 makes a new one.
      this.setData({ showInvite: false, invite: null });
    },

    onShareAppMessage(source: ShareSource = {}): WechatMiniprogram.Page.ICustomShareContent {
      const invite = this.data.invite;
      if (source.from !== 'button' || !invite) {
        // Not an invite (the menu is hidden, but an old base library may still offer it).
        return { title: '太医蓝卡', path: HOME_URL };
      }
      this.setData({ 'invite.shared': true });
      return {
        title: SHARE_TITLE,
        path: route(INVITE_URL, { token: invite.token }),
        imageUrl: SHARE_IMAGE,
      };
    },

    onAskRemove(event: WechatMiniprogram.CustomEvent) {
      const memberId: unknown = event.currentTarget.dataset['memberId'];
      const member = this.data.card?.members.find((m: CardMember) => m.memberId === memberId);
      if (!member || this.data.removing) return;
      this.setData({
        confirm: { show: true, memberId: member.memberId, name: member.name },
        removeError: { memberId: '', message: '' },
      });
    },

    onCancelRemove() {
      this.setData({ confirm: noConfirm() });
    },

    async onConfirmRemove() {
      const card = this.data.card;
      const { memberId } = this.data.confirm;
      this.setData({ confirm: noConfirm() });
      if (!card || !memberId || this.data.removing) return;
      this.setData({ removing: memberId });
      try {
        const answer = await removeMember(card.cardId, memberId);
        this.setData({ card: answer.card });
        toast('已移除');
      } catch (err) {
        this.setData({ removeError: { memberId, message: messageOf(err) } });
      } finally {
        this.setData({ removing: '' });
      }
    },

    onLedger() {
      const card = this.data.card;
      if (card) navigateTo(route(LEDGER_URL, { cardId: card.cardId }));
    },

    onHome() {
      switchTab(HOME_URL);
    },
  },
});
