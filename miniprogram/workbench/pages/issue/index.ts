/**
 * 发卡 (admins, R2.1): cards for one order of the insurer's platform — order number, order date,
 * edition, how many, optionally the buyer's phone (for the activation-deadline reminder) — and
 * their numbers and activation codes, exported as a CSV file shared into a WeChat chat. The same
 * order number again answers the cards issued the first time (the function is idempotent).
 */
import type { Edition } from '../../../../typings/contract';
import { shareCsv } from '../../../adapters/csv-file';
import { toast } from '../../../adapters/ui';
import { issueCards } from '../../../services/admin';
import { messageOf } from '../../../services/call';
import { cardsCsv } from '../../../utils/csv';
import { dataText, textOf } from '../../../utils/events';
import { definePage } from '../../../utils/page';

/** Cards listed on screen; the CSV carries all of them. */
export const SHOWN_CARDS = 50;
export const EDITION_NAMES: Readonly<Record<Edition, string>> = { pro: '专业版', premium: '尊享版' };

interface Issued {
  orderNo: string;
  orderDate: string;
  edition: Edition;
  cards: { cardNo: string; code: string }[];
}

interface Errors {
  orderNo: string;
  orderDate: string;
  edition: string;
  count: string;
  phone: string;
  submit: string;
}

interface IssueData {
  orderNo: string;
  orderDate: string;
  edition: Edition | '';
  count: string;
  phone: string;
  today: string;
  errors: Errors;
  busy: boolean;
  issued: Issued | null;
  shown: { cardNo: string; code: string }[];
  exporting: boolean;
}

function noErrors(): Errors {
  return { orderNo: '', orderDate: '', edition: '', count: '', phone: '', submit: '' };
}

function shanghaiDay(ms: number): string {
  return new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

const initialData: IssueData = {
  orderNo: '',
  orderDate: '',
  edition: '',
  count: '1',
  phone: '',
  today: '',
  errors: noErrors(),
  busy: false,
  issued: null,
  shown: [],
  exporting: false,
};

definePage({
  data: initialData,

  lifetimes: {
    attached() {
      const today = shanghaiDay(Date.now());
      this.setData({ today, orderDate: today });
    },
  },

  methods: {
    onField(event: WechatMiniprogram.CustomEvent) {
      const field = dataText(event, 'field');
      this.setData({ [field]: textOf(event.detail), [`errors.${field}`]: '', 'errors.submit': '' });
    },

    onDate(event: WechatMiniprogram.PickerChange) {
      this.setData({ orderDate: String(event.detail.value), 'errors.orderDate': '' });
    },

    onEdition(event: WechatMiniprogram.TouchEvent) {
      const edition = dataText(event, 'edition');
      if (edition === 'pro' || edition === 'premium') this.setData({ edition, 'errors.edition': '' });
    },

    async onSubmit(): Promise<void> {
      if (this.data.busy) return;
      const d = this.data;
      const errors = noErrors();
      const orderNo = d.orderNo.trim();
      const count = Number(d.count.trim() || '1');
      const phone = d.phone.trim();
      if (!orderNo) errors.orderNo = '请填写平台订单号';
      else if (!/^[A-Za-z0-9_-]{1,64}$/.test(orderNo)) errors.orderNo = '订单号只能包含字母、数字、- 和 _，最长 64 位';
      if (!d.orderDate) errors.orderDate = '请选择下单日期';
      if (!d.edition) errors.edition = '请选择版本';
      if (!Number.isInteger(count) || count < 1 || count > 1000) errors.count = '数量为 1–1000 张';
      if (phone && !/^1\d{10}$/.test(phone)) errors.phone = '请填写 11 位手机号';
      if (Object.values(errors).some((e) => e !== '') || !d.edition) {
        this.setData({ errors });
        return;
      }
      const edition = d.edition;
      this.setData({ busy: true, errors });
      try {
        const { cards } = await issueCards({
          orderNo,
          orderDate: d.orderDate,
          edition,
          count,
          ...(phone ? { phone } : {}),
        });
        const issued = { orderNo, orderDate: d.orderDate, edition, cards };
        this.setData({ busy: false, issued, shown: cards.slice(0, SHOWN_CARDS) });
      } catch (err) {
        this.setData({ busy: false, 'errors.submit': messageOf(err) });
      }
    },

    async onExport(): Promise<void> {
      const issued = this.data.issued;
      if (!issued || this.data.exporting) return;
      this.setData({ exporting: true });
      const text = cardsCsv({ ...issued, edition: EDITION_NAMES[issued.edition] });
      const result = await shareCsv(`太医蓝卡-${issued.orderNo}.csv`, text);
      this.setData({ exporting: false });
      if (result === 'shared') toast('已导出');
      else if (result === 'failed') toast('导出失败，请重试');
    },

    onAgain() {
      this.setData({ issued: null, shown: [], orderNo: '', count: '1', phone: '', errors: noErrors() });
    },
  },
});
