/**
 * 接受邀请, opened from the holder's WeChat share card: `/pages/invite/index?token=…`.
 *
 * Before accepting, nothing about the inviter is shown (the token reveals no name): the page says
 * what joining a family means, takes the invitee's own real name with the same checks and
 * consent as activation (components/realname-form), then `card.acceptInvite`. The answer is the
 * card with the caller as 家庭成员. An invite that cannot be used gets its own answer screen
 * with one action: expired, used or unknown (INVITE_INVALID), a full family (FAMILY_FULL), a
 * person already on a card (NOT_ELIGIBLE) or already on this one (INVALID_STATE).
 */
import type { Card, ErrorCode } from '../../../typings/contract';
import { switchTab } from '../../adapters/nav';
import { requirePrivacyAuthorize } from '../../adapters/privacy';
import { realnameHostBehavior } from '../../behaviors/realname-host';
import { messageOf, ServiceError } from '../../services/call';
import { acceptInvite } from '../../services/card';
import { definePage } from '../../utils/page';
import { queryParam } from '../../utils/query';

type View = 'form' | 'success' | 'answer';

export const HOME_URL = '/pages/home/index';

export const PRIVACY_REFUSED = '需要您同意《用户隐私保护指引》后才能加入';

interface Answer {
  /** one friendly line */
  title: string;
  /** the function's message as it came, or ours when there was no call */
  message: string;
  icon: string;
  action: string;
}

/** Refusals that end this invite for this person: each its own screen and one action. */
const ANSWERS: Partial<Record<ErrorCode, Omit<Answer, 'message'>>> = {
  INVITE_INVALID: { title: '这个邀请已经不能使用了', icon: 'clock-o', action: '返回首页' },
  FAMILY_FULL: { title: '这个家庭已经满员了', icon: 'friends-o', action: '返回首页' },
  NOT_ELIGIBLE: { title: '您已经有一张太医蓝卡了', icon: 'credit-pay', action: '查看我的卡' },
  INVALID_STATE: { title: '您已经在这个家庭中了', icon: 'credit-pay', action: '查看我的卡' },
};

const MISSING_TOKEN: Answer = {
  title: '邀请链接不完整',
  message: '请让持卡人重新发送一次邀请。',
  icon: 'warning-o',
  action: '返回首页',
};

interface InviteData {
  view: View;
  answer: Answer | null;
  /** a refusal that is not about the invite (RATE_LIMITED, the network…), above the button */
  formError: string;
  card: Card | null;
  _token: string;
}

// Each page instance gets its own copy of `data`; this object is only the starting shape.
const initialData: InviteData = {
  view: 'form',
  answer: null,
  formError: '',
  card: null,
  _token: '',
};

definePage({
  behaviors: [realnameHostBehavior],

  data: initialData,

  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      const token = queryParam(query, 'token');
      if (token === '') {
        this.setData({ view: 'answer', answer: MISSING_TOKEN });
        return;
      }
      this.setData({ _token: token });
      void requirePrivacyAuthorize();
    },

    async onSubmit() {
      if (this.data._pending) return;
      const person = this.person();
      this.setData({ formError: '' });
      if (!person) return;

      this.setData({ _pending: true, pending: true });
      try {
        if (!(await requirePrivacyAuthorize())) {
          this.setData({ formError: PRIVACY_REFUSED });
          return;
        }
        const { card } = await acceptInvite({ token: this.data._token, ...person });
        this.setData({ view: 'success', card });
      } catch (err) {
        const answer = err instanceof ServiceError ? ANSWERS[err.code] : undefined;
        if (answer) this.setData({ view: 'answer', answer: { ...answer, message: messageOf(err) } });
        else this.setData({ formError: messageOf(err) });
      } finally {
        this.setData({ _pending: false, pending: false });
      }
    },

    onHome() {
      switchTab(HOME_URL);
    },
  },
});
