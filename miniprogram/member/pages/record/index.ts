/**
 * 健康档案 of one person (`?memberId=`, default: the caller's own place on their card). The
 * holder may switch between the card's family members. Before anything is entered the person
 * (or the holder for them) gives the separate consent, 《健康信息处理授权》 (record.consent);
 * the function refuses to store health data without it, and this page shows the consent card
 * first. Then: the profile (view, edit) and the person's reports, uploaded and issued, and the
 * consent itself with 撤回同意 (record.withdrawConsent, PIPL art. 15) behind a dialog that says
 * what withdrawing deletes. A consent the person gave themself is theirs to withdraw: the holder
 * looking at it is told so instead of offered the button.
 */
import type { Card, HealthProfile, HealthProfileInput, HealthRecord, HealthReport } from '../../../../typings/contract';
import { previewFiles } from '../../../adapters/files';
import { navigateTo, route } from '../../../adapters/nav';
import { stopPullDownRefresh, toast } from '../../../adapters/ui';
import { messageOf } from '../../../services/call';
import { mine } from '../../../services/card';
import { consent, get, update, withdrawConsent } from '../../../services/record';
import { definePage } from '../../../utils/page';

type View = 'loading' | 'error' | 'empty' | 'consent' | 'record';

/** Someone whose record the caller may open, for the holder's switcher. */
interface Person {
  memberId: string;
  name: string;
  /** 本人 · 持卡人 · 家庭成员 */
  label: string;
}

interface ProfileForm {
  heightCm: string;
  weightKg: string;
  allergies: string;
  chronicConditions: string;
  medications: string;
}

type FormErrors = Record<'heightCm' | 'weightKg', string>;

interface RecordData {
  view: View;
  error: string;
  record: HealthRecord | null;
  /** whose record is on show (the `memberId` property is only where the page started) */
  personId: string;
  /** the caller opened someone else's record (the holder for a family member) */
  forOther: boolean;
  people: Person[];
  pickerOpen: boolean;
  /** vant action-sheet rows for `people`; a tapped row comes back as the select event's detail */
  actions: { name: string; subname: string; memberId: string }[];
  /** the card the person is on: the report-reading link needs it */
  cardId: string;
  consenting: boolean;
  consentError: string;
  fullText: boolean;
  consentText: readonly string[];
  editing: boolean;
  form: ProfileForm;
  formErrors: FormErrors;
  saving: boolean;
  saveError: string;
  /** the 撤回同意 dialog is open; its message names whose record it deletes */
  withdrawOpen: boolean;
  withdrawMessage: string;
  withdrawing: boolean;
  withdrawError: string;
  _loaded: boolean;
  _seq: number;
}

export const ACTIVATE_URL = '/pages/activate/index';
export const BENEFIT_URL = '/member/pages/benefit/index';

/** 《健康信息处理授权》, version CONSENT_VERSION of services/record.ts: a new text needs a new version. */
export const CONSENT_TEXT: readonly string[] = [
  '为了给您提供健康档案、健康评估、体检报告解读、就医安排等服务，我们需要处理您的健康信息，包括身高、体重、过敏史、慢性病、长期用药，以及您上传或服务中出具的报告。',
  '健康信息属于敏感个人信息。我们只在为您提供上述服务时使用，并加密保存，不会用于与服务无关的用途。',
  '健康档案只有您本人和您所在蓝卡的持卡人可以查看；您预约服务时提交的资料，由负责该服务的医生和服务人员查看。',
  '您可以随时查看和修改健康档案，也可以随时在健康档案页撤回本授权：撤回后，健康档案中的信息将被删除，我们不再保存新的健康信息。如需复制或删除您的全部信息，请在“我的 → 数据导出与删除”中操作。',
  '未满 14 周岁的家庭成员，由其监护人代为同意。',
];

/** What 撤回同意 does, said before it is done (ui-guide: destructive actions state the consequence). */
function withdrawMessageOf(name: string, forOther: boolean): string {
  const whose = forOther ? `${name} 的健康档案` : '您的健康档案';
  return `撤回后，${whose}中的身高、体重、过敏史、慢性病、长期用药和上传的报告将被删除，且无法恢复；我们也不再保存新的健康信息。预约服务时提交的资料和服务出具的报告随订单保留。重新同意后可再次使用健康档案。确定撤回吗？`;
}

const EMPTY_FORM: ProfileForm = { heightCm: '', weightKg: '', allergies: '', chronicConditions: '', medications: '' };
const NO_ERRORS: FormErrors = { heightCm: '', weightKg: '' };

/** Entries typed in one field: separated by 、，,；; or new lines. */
const SEPARATORS = /[、，,；;\n]+/;

function formOf(profile: HealthProfile): ProfileForm {
  return {
    heightCm: profile.heightCm === undefined ? '' : String(profile.heightCm),
    weightKg: profile.weightKg === undefined ? '' : String(profile.weightKg),
    allergies: profile.allergies.join('、'),
    chronicConditions: profile.chronicConditions.join('、'),
    medications: profile.medications.join('、'),
  };
}

function entries(text: string): string[] {
  return text
    .split(SEPARATORS)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** '' clears the number; anything that is not a number is the member's typing slip. */
function number(text: string): { value: number | null } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: null };
  const value = Number(trimmed);
  return Number.isFinite(value) ? { value } : { error: '请输入数字' };
}

/** The card the caller's own place is on: a live one first. */
function homeCard(cards: Card[]): Card | undefined {
  return cards.find((c) => c.status === 'active' || c.status === 'waiting') ?? cards[0];
}

function peopleOf(card: Card | undefined): Person[] {
  if (!card) return [];
  const members = card.role === 'holder' ? card.members : card.members.filter((m) => m.self);
  return members.map((m) => ({
    memberId: m.memberId,
    name: m.name,
    label: m.self ? '本人' : m.role === 'holder' ? '持卡人' : '家庭成员',
  }));
}

const initialData: RecordData = {
  view: 'loading',
  error: '',
  record: null,
  personId: '',
  forOther: false,
  people: [],
  pickerOpen: false,
  actions: [],
  cardId: '',
  consenting: false,
  consentError: '',
  fullText: false,
  consentText: CONSENT_TEXT,
  editing: false,
  form: EMPTY_FORM,
  formErrors: NO_ERRORS,
  saving: false,
  saveError: '',
  withdrawOpen: false,
  withdrawMessage: '',
  withdrawing: false,
  withdrawError: '',
  _loaded: false,
  _seq: 0,
};

definePage({
  /** The page's query: `?memberId=` (a page's query arrives in the properties of the same name). */
  properties: {
    memberId: { type: String, value: '' },
  },

  data: initialData,

  lifetimes: {
    attached() {
      void this.load(false);
    },
  },

  methods: {
    onShow() {
      if (this.data._loaded && !this.data.editing) void this.load(true);
    },

    onPullDownRefresh() {
      if (this.data.editing) {
        stopPullDownRefresh();
        return;
      }
      void this.load(true).then(stopPullDownRefresh);
    },

    onRetry() {
      void this.load(false);
    },

    /**
     * The caller's cards (whose record is theirs, whom the holder may switch to), then the
     * record. quiet: keep what is on screen; a failure becomes a toast.
     */
    async load(quiet: boolean, memberId?: string): Promise<void> {
      const seq = this.data._seq + 1;
      this.setData(quiet ? { _seq: seq } : { _seq: seq, view: 'loading' });
      try {
        const { cards } = await mine();
        const card = homeCard(cards);
        const self = card?.members.find((m) => m.self)?.memberId ?? '';
        const wanted = memberId ?? (this.data.personId || this.data.memberId || self);
        if (seq !== this.data._seq) return;
        if (wanted === '') {
          this.setData({ view: 'empty', _loaded: true });
          return;
        }
        const people = peopleOf(card);
        const { record } = await get(wanted);
        if (seq !== this.data._seq) return;
        this.show(record, {
          personId: wanted,
          forOther: wanted !== self,
          people,
          actions: people.map((p) => ({ name: p.name, subname: p.label, memberId: p.memberId })),
          cardId: card?.cardId ?? '',
        });
      } catch (err) {
        if (seq !== this.data._seq) return;
        if (quiet && (this.data.view === 'record' || this.data.view === 'consent')) {
          toast(messageOf(err));
          return;
        }
        this.setData({ view: 'error', error: messageOf(err), _loaded: true });
      }
    },

    show(record: HealthRecord, extra: Partial<RecordData> = {}) {
      this.setData({
        ...extra,
        view: record.consent ? 'record' : 'consent',
        record,
        error: '',
        editing: false,
        consentError: '',
        saveError: '',
        withdrawError: '',
        formErrors: NO_ERRORS,
        _loaded: true,
      });
    },

    onToggleFullText() {
      this.setData({ fullText: !this.data.fullText });
    },

    async onConsent() {
      if (this.data.consenting) return;
      this.setData({ consenting: true, consentError: '' });
      try {
        const { record } = await consent(this.data.personId);
        this.setData({ consenting: false });
        this.show(record);
      } catch (err) {
        this.setData({ consenting: false, consentError: messageOf(err) });
      }
    },

    onAskWithdraw() {
      const record = this.data.record;
      if (!record?.consent || this.data.withdrawing) return;
      this.setData({
        withdrawOpen: true,
        withdrawMessage: withdrawMessageOf(record.name, this.data.forOther),
        withdrawError: '',
      });
    },

    onCancelWithdraw() {
      this.setData({ withdrawOpen: false });
    },

    /** The dialog's 确认撤回: the function deletes and answers the record, now without consent. */
    async onConfirmWithdraw() {
      this.setData({ withdrawOpen: false });
      if (this.data.withdrawing || !this.data.personId) return;
      this.setData({ withdrawing: true, withdrawError: '' });
      try {
        const { record } = await withdrawConsent(this.data.personId);
        this.setData({ withdrawing: false, fullText: false });
        this.show(record);
        toast('已撤回授权');
      } catch (err) {
        this.setData({ withdrawing: false, withdrawError: messageOf(err) });
      }
    },

    onOpenPicker() {
      this.setData({ pickerOpen: true });
    },

    onClosePicker() {
      this.setData({ pickerOpen: false });
    },

    onPickPerson(e: WechatMiniprogram.CustomEvent<{ memberId?: string }>) {
      const memberId = e.detail.memberId;
      this.setData({ pickerOpen: false });
      if (!memberId || memberId === this.data.personId) return;
      this.setData({ fullText: false });
      void this.load(false, memberId);
    },

    onEdit() {
      const record = this.data.record;
      if (!record) return;
      this.setData({ editing: true, form: formOf(record.profile), formErrors: NO_ERRORS, saveError: '' });
    },

    onCancelEdit() {
      this.setData({ editing: false, formErrors: NO_ERRORS, saveError: '' });
    },

    onInput(
      e: WechatMiniprogram.CustomEvent<WechatMiniprogram.IAnyObject, WechatMiniprogram.IAnyObject, { field?: string }>,
    ) {
      const field = e.currentTarget.dataset.field;
      // van-field's detail is the text itself
      const value: unknown = e.detail;
      if (!field || !(field in EMPTY_FORM) || typeof value !== 'string') return;
      this.setData({ [`form.${field}`]: value, ...(field in NO_ERRORS ? { [`formErrors.${field}`]: '' } : {}) });
    },

    async onSave() {
      if (this.data.saving) return;
      const { form } = this.data;
      const height = number(form.heightCm);
      const weight = number(form.weightKg);
      const formErrors: FormErrors = {
        heightCm: 'error' in height ? height.error : '',
        weightKg: 'error' in weight ? weight.error : '',
      };
      if ('error' in height || 'error' in weight) {
        this.setData({ formErrors });
        return;
      }
      const profile: HealthProfileInput = {
        heightCm: height.value,
        weightKg: weight.value,
        allergies: entries(form.allergies),
        chronicConditions: entries(form.chronicConditions),
        medications: entries(form.medications),
      };
      this.setData({ saving: true, saveError: '', formErrors });
      try {
        const { record } = await update(this.data.personId, profile);
        this.setData({ saving: false });
        this.show(record);
        toast('已保存');
      } catch (err) {
        // the function's own check (a height of 1800, a list too long): shown under the form
        this.setData({ saving: false, saveError: messageOf(err) });
      }
    },

    onReport(e: WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, { id?: string }>) {
      const report: HealthReport | undefined = this.data.record?.reports.find(
        (r) => r.reportId === e.currentTarget.dataset.id,
      );
      if (!report || report.files.length === 0) return;
      void previewFiles(report.files).then((opened) => {
        if (!opened) toast('文件暂时无法打开，请稍后重试');
      });
    },

    onActivate() {
      navigateTo(ACTIVATE_URL, () => toast('激活功能即将开放'));
    },

    onReportReading() {
      if (!this.data.cardId) return;
      navigateTo(route(BENEFIT_URL, { key: 'reportReading', cardId: this.data.cardId }), () => toast('该页面即将开放'));
    },
  },
});
