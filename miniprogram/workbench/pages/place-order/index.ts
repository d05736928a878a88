/**
 * 代为下单 (R1.5): the butler places a benefit order for a person on a premium card
 * (`?cardId=&memberId=&name=`, from the person's thread), through `staff.placeOrder`. The order
 * is the member's, recorded as placed by staff. The butler takes the forms a phone call can fill:
 * 门诊绿通, 三甲专科快速问诊, 三甲名医在线 and 三甲家庭私人医生; benefits that need the member's files,
 * questionnaire or the holder in person are submitted by the member in the app. Whether the
 * person may use the benefit now (quota, waiting period, eligibility) is the function's answer.
 */
import type { BenefitInfo, CreateOrderReq, Expert, Hospital } from '../../../../typings/contract';
import { navigateTo, route } from '../../../adapters/nav';
import { setTitle, toast } from '../../../adapters/ui';
import { messageOf } from '../../../services/call';
import {
  benefits as benefitTexts,
  experts as expertList,
  hospitals as hospitalList,
  outpatientDates,
} from '../../../services/content';
import { placeOrder } from '../../../services/staff';
import { dataText, textOf } from '../../../utils/events';
import { definePage } from '../../../utils/page';

export const ORDER_URL = '/workbench/pages/order/index';

/** The forms the butler fills on the member's behalf, in the page's order. */
export type PlaceableBenefit = 'outpatientGreen' | 'quickConsult' | 'expertConsult' | 'familyDoctor';
export const PLACEABLE: readonly PlaceableBenefit[] = [
  'outpatientGreen',
  'quickConsult',
  'expertConsult',
  'familyDoctor',
];

type View = 'loading' | 'error' | 'ready';
type Mode = 'text' | 'phone' | 'video';

interface Choice {
  key: string;
  name: string;
  /** '' when the butler can fill it; else why the member submits it themself */
  note: string;
}

interface Errors {
  hospital: string;
  department: string;
  wantedDate: string;
  description: string;
  expert: string;
  question: string;
  submit: string;
}

interface PlaceData {
  view: View;
  error: string;
  person: string;
  choices: Choice[];
  benefit: PlaceableBenefit | '';
  hospitals: Hospital[];
  hospitalIndex: number;
  department: string;
  dates: string[];
  wantedDate: string;
  note: string;
  experts: Expert[];
  expertIndex: number;
  description: string;
  mode: Mode;
  modes: Mode[];
  question: string;
  loadingForm: boolean;
  busy: boolean;
  errors: Errors;
  _cardId: string;
  _memberId: string;
  _requestId: string;
}

function noErrors(): Errors {
  return { hospital: '', department: '', wantedDate: '', description: '', expert: '', question: '', submit: '' };
}

const initialData: PlaceData = {
  view: 'loading',
  error: '',
  person: '',
  choices: [],
  benefit: '',
  hospitals: [],
  hospitalIndex: -1,
  department: '',
  dates: [],
  wantedDate: '',
  note: '',
  experts: [],
  expertIndex: -1,
  description: '',
  mode: 'text',
  modes: ['text', 'phone', 'video'],
  question: '',
  loadingForm: false,
  busy: false,
  errors: noErrors(),
  _cardId: '',
  _memberId: '',
  _requestId: '',
};

/** One id per order being placed: a retry of the same submit never places a second order (R3.6). */
export function newRequestId(): string {
  return `staff-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function isPlaceable(key: string): key is PlaceableBenefit {
  return (PLACEABLE as readonly string[]).includes(key);
}

function choicesOf(benefits: BenefitInfo[]): Choice[] {
  return benefits
    .filter((b) => b.orderable)
    .map((b) => ({ key: b.key, name: b.name, note: isPlaceable(b.key) ? '' : '需会员本人在小程序中提交' }))
    .sort((a, b) => Number(a.note !== '') - Number(b.note !== ''));
}

definePage({
  data: initialData,

  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const person = query['name'] ?? '';
      this.setData({
        _cardId: query['cardId'] ?? '',
        _memberId: query['memberId'] ?? '',
        person,
        _requestId: newRequestId(),
      });
      setTitle(person ? `为 ${person} 下单` : '代为下单');
      void this.load();
    },

    onRetry() {
      void this.load();
    },

    async load(): Promise<void> {
      if (!this.data._cardId || !this.data._memberId) {
        this.setData({ view: 'error', error: '请从会员会话进入代为下单' });
        return;
      }
      this.setData({ view: 'loading' });
      try {
        const { benefits } = await benefitTexts();
        this.setData({ view: 'ready', choices: choicesOf(benefits), error: '' });
      } catch (err) {
        this.setData({ view: 'error', error: messageOf(err) });
      }
    },

    async onPick(event: WechatMiniprogram.TouchEvent) {
      const key = dataText(event, 'key');
      if (!isPlaceable(key)) {
        toast('此项服务需会员本人在小程序中提交');
        return;
      }
      this.setData({
        benefit: key,
        errors: noErrors(),
        mode: 'text',
        modes: key === 'expertConsult' ? ['text', 'phone'] : ['text', 'phone', 'video'],
      });
      await this.loadForm(key);
    },

    /** What the chosen form offers: hospitals and the wanted dates (R4.2), or the experts. */
    async loadForm(key: PlaceableBenefit): Promise<void> {
      if (key !== 'outpatientGreen' && key !== 'expertConsult') return;
      if (key === 'outpatientGreen' && this.data.hospitals.length > 0) return;
      if (key === 'expertConsult' && this.data.experts.length > 0) return;
      this.setData({ loadingForm: true });
      try {
        if (key === 'outpatientGreen') {
          const [{ hospitals }, { dates }] = await Promise.all([hospitalList(), outpatientDates()]);
          this.setData({ hospitals, dates });
        } else {
          this.setData({ experts: (await expertList()).experts });
        }
      } catch (err) {
        this.setData({ 'errors.submit': messageOf(err) });
      }
      this.setData({ loadingForm: false });
    },

    onHospital(event: WechatMiniprogram.PickerChange) {
      this.setData({ hospitalIndex: Number(event.detail.value), department: '', 'errors.hospital': '' });
    },

    onDepartment(event: WechatMiniprogram.PickerChange) {
      const hospital = this.data.hospitals[this.data.hospitalIndex];
      this.setData({ department: hospital?.departments[Number(event.detail.value)] ?? '', 'errors.department': '' });
    },

    onDate(event: WechatMiniprogram.TouchEvent) {
      this.setData({ wantedDate: dataText(event, 'day'), 'errors.wantedDate': '' });
    },

    onExpert(event: WechatMiniprogram.PickerChange) {
      this.setData({ expertIndex: Number(event.detail.value), 'errors.expert': '' });
    },

    onMode(event: WechatMiniprogram.TouchEvent) {
      const mode = dataText(event, 'mode');
      if (mode === 'text' || mode === 'phone' || mode === 'video') this.setData({ mode });
    },

    onText(event: WechatMiniprogram.CustomEvent) {
      const field = dataText(event, 'field');
      this.setData({ [field]: textOf(event.detail), [`errors.${field}`]: '', 'errors.submit': '' });
    },

    /** The order's request, or null with the fields' messages set. */
    request(): CreateOrderReq | null {
      const d = this.data;
      const errors = noErrors();
      const base = { cardId: d._cardId, personId: d._memberId, requestId: d._requestId };
      let req: CreateOrderReq | null = null;
      switch (d.benefit) {
        case 'outpatientGreen': {
          const hospital = d.hospitals[d.hospitalIndex];
          if (!hospital) errors.hospital = '请选择医院';
          if (!d.department) errors.department = '请选择科室';
          if (!d.wantedDate) errors.wantedDate = '请选择期望就诊日期';
          const note = d.note.trim();
          if (hospital && d.department && d.wantedDate) {
            req = {
              ...base,
              benefit: 'outpatientGreen',
              form: {
                hospital: hospital.name,
                department: d.department,
                wantedDate: d.wantedDate,
                ...(note ? { note } : {}),
              },
            };
          }
          break;
        }
        case 'quickConsult': {
          const description = d.description.trim();
          if (!description) errors.description = '请用一句话描述会员的情况';
          else req = { ...base, benefit: 'quickConsult', form: { description, mode: d.mode } };
          break;
        }
        case 'expertConsult': {
          const expert = d.experts[d.expertIndex];
          const description = d.description.trim();
          if (!expert) errors.expert = '请选择专家';
          if (!description) errors.description = '请描述会员想咨询的问题';
          if (expert && description) {
            req = {
              ...base,
              benefit: 'expertConsult',
              form: { expertId: expert.id, description, mode: d.mode === 'video' ? 'text' : d.mode },
            };
          }
          break;
        }
        case 'familyDoctor': {
          const question = d.question.trim();
          if (!question) errors.question = '请填写会员的问题';
          else req = { ...base, benefit: 'familyDoctor', form: { question } };
          break;
        }
        default:
      }
      this.setData({ errors });
      return req;
    },

    async onSubmit(): Promise<void> {
      if (this.data.busy) return;
      const req = this.request();
      if (!req) return;
      this.setData({ busy: true });
      try {
        const { order } = await placeOrder({ ...req, personId: this.data._memberId });
        // the next order, if any, is another request
        this.setData({ busy: false, _requestId: newRequestId() });
        toast('已为会员下单');
        navigateTo(route(ORDER_URL, { orderId: order.orderId }));
      } catch (err) {
        this.setData({ busy: false, 'errors.submit': messageOf(err) });
      }
    },
  },
});
