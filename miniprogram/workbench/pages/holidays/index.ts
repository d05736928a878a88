/**
 * 节假日调整 (admins, R4): the working-day overrides that win over the official calendar
 * (`admin.getHolidays`). chinese-days' data ends with a year (`officialYears.last`): next year's
 * holidays and 调休 make-up days are entered here when the State Council announces them. Adding
 * a day or removing one is `admin.setHolidays` (null removes).
 */
import type { DayKind, HolidayTable } from '../../../../typings/contract';
import { toast } from '../../../adapters/ui';
import { getHolidays, setHolidays } from '../../../services/admin';
import { messageOf } from '../../../services/call';
import { dataText } from '../../../utils/events';
import { definePage } from '../../../utils/page';
import { loadOnAttach } from '../../../utils/reload';

type View = 'loading' | 'error' | 'ready';

interface HolidaysData {
  view: View;
  error: string;
  days: { day: string; kind: DayKind }[];
  official: HolidayTable['officialYears'] | null;
  adding: boolean;
  day: string;
  kind: DayKind | '';
  errors: { day: string; kind: string; submit: string };
  busy: boolean;
  /** the day whose removal is being confirmed */
  removing: string;
  _seq: number;
}

function noErrors(): HolidaysData['errors'] {
  return { day: '', kind: '', submit: '' };
}

function listOf(table: HolidayTable): HolidaysData['days'] {
  return Object.keys(table.days)
    .sort()
    .map((day) => ({ day, kind: table.days[day] ?? 'holiday' }));
}

const initialData: HolidaysData = {
  view: 'loading',
  error: '',
  days: [],
  official: null,
  adding: false,
  day: '',
  kind: '',
  errors: noErrors(),
  busy: false,
  removing: '',
  _seq: 0,
};

definePage({
  data: initialData,

  lifetimes: loadOnAttach,

  reload: {
    read: getHolidays,
    show: (table) => ({ view: 'ready', days: listOf(table), official: table.officialYears, error: '' }),
    shown: 'ready',
  },

  methods: {
    onAdd() {
      this.setData({ adding: true, day: '', kind: '', errors: noErrors() });
    },

    onClose() {
      if (!this.data.busy) this.setData({ adding: false });
    },

    onDay(event: WechatMiniprogram.PickerChange) {
      this.setData({ day: String(event.detail.value), 'errors.day': '', 'errors.submit': '' });
    },

    onKindPick(event: WechatMiniprogram.TouchEvent) {
      const kind = dataText(event, 'kind');
      if (kind === 'workday' || kind === 'holiday') this.setData({ kind, 'errors.kind': '', 'errors.submit': '' });
    },

    async onSave(): Promise<void> {
      if (this.data.busy) return;
      const { day, kind } = this.data;
      const errors = noErrors();
      if (!day) errors.day = '请选择日期';
      if (!kind) errors.kind = '请选择放假或调休上班';
      if (!day || !kind) {
        this.setData({ errors });
        return;
      }
      await this.change({ [day]: kind }, '已保存', true);
    },

    onAskRemove(event: WechatMiniprogram.TouchEvent) {
      this.setData({ removing: dataText(event, 'day') });
    },

    onCancelRemove() {
      this.setData({ removing: '' });
    },

    async onConfirmRemove(): Promise<void> {
      const day = this.data.removing;
      this.setData({ removing: '' });
      if (day) await this.change({ [day]: null }, '已删除', false);
    },

    async change(days: Record<string, DayKind | null>, done: string, inForm: boolean): Promise<void> {
      this.setData({ busy: true, 'errors.submit': '' });
      try {
        const table = await setHolidays({ days });
        this.setData({ busy: false, adding: false, days: listOf(table), official: table.officialYears });
        toast(done);
      } catch (err) {
        this.setData({ busy: false });
        if (inForm) this.setData({ 'errors.submit': messageOf(err) });
        else toast(messageOf(err));
      }
    },
  },
});
