/**
 * 《健康测评问卷》: the questionnaire of 全面健康评估 and 体检方案制定 (R4: the member submits it; the
 * health manager calls within a day, a doctor writes the report from it). Short on purpose —
 * about two minutes on a phone — and in four parts: basic information, lifestyle (smoking,
 * drinking, exercise, sleep), known conditions, family history; 体检方案制定 adds its own part
 * (last checkup, past illnesses, what to look at).
 *
 * Answers are flat, as the `order` function's schema takes them (server/app/order/forms.ts:
 * keys [A-Za-z0-9_], values a string ≤ 500, a number, or up to 30 strings ≤ 100). Choices are
 * stored as their Chinese words, so the staff reading an order see what the member saw.
 */

export type AnswerValue = string | number | string[] | null;
export type Answers = Record<string, AnswerValue>;

interface Base {
  key: string;
  label: string;
  required: boolean;
}

export interface NumberQuestion extends Base {
  kind: 'number';
  unit: string;
  min: number;
  max: number;
  /** digits after the point the member may type (0: whole numbers) */
  decimals: number;
  placeholder: string;
}

export interface SingleQuestion extends Base {
  kind: 'single';
  options: string[];
}

export interface MultiQuestion extends Base {
  kind: 'multi';
  options: string[];
  /** the choice that means "none of these": it clears the others, and they clear it */
  none: string;
}

export interface TextQuestion extends Base {
  kind: 'text';
  max: number;
  placeholder: string;
}

export type Question = NumberQuestion | SingleQuestion | MultiQuestion | TextQuestion;

export interface Section {
  title: string;
  questions: Question[];
}

const NONE = '无';

const COMMON: Section[] = [
  {
    title: '基本信息',
    questions: [
      {
        key: 'heightCm',
        label: '身高',
        kind: 'number',
        unit: '厘米',
        min: 50,
        max: 250,
        decimals: 0,
        placeholder: '如 170',
        required: true,
      },
      {
        key: 'weightKg',
        label: '体重',
        kind: 'number',
        unit: '公斤',
        min: 10,
        max: 300,
        decimals: 1,
        placeholder: '如 65',
        required: true,
      },
    ],
  },
  {
    title: '生活方式',
    questions: [
      {
        key: 'smoking',
        label: '吸烟',
        kind: 'single',
        options: ['从不吸烟', '已戒烟', '偶尔吸', '每天吸'],
        required: true,
      },
      {
        key: 'drinking',
        label: '饮酒',
        kind: 'single',
        options: ['从不饮酒', '偶尔饮酒', '每周 3 次以上'],
        required: true,
      },
      {
        key: 'exercise',
        label: '运动（每次 30 分钟以上）',
        kind: 'single',
        options: ['很少运动', '每周 1–2 次', '每周 3 次以上'],
        required: true,
      },
      {
        key: 'sleepHours',
        label: '平均每晚睡眠',
        kind: 'number',
        unit: '小时',
        min: 0,
        max: 24,
        decimals: 1,
        placeholder: '如 7',
        required: true,
      },
      {
        key: 'sleepQuality',
        label: '睡眠质量',
        kind: 'single',
        options: ['好', '一般', '差（入睡难、易醒）'],
        required: true,
      },
    ],
  },
  {
    title: '已知疾病',
    questions: [
      {
        key: 'conditions',
        label: '已确诊的疾病（可多选）',
        kind: 'multi',
        options: [
          '高血压',
          '糖尿病',
          '高血脂',
          '冠心病',
          '脑卒中',
          '慢性肺病',
          '慢性肝病',
          '慢性肾病',
          '甲状腺疾病',
          '肿瘤',
          NONE,
        ],
        none: NONE,
        required: true,
      },
      {
        key: 'medications',
        label: '长期服用的药物',
        kind: 'text',
        max: 200,
        placeholder: '没有可不填',
        required: false,
      },
      {
        key: 'allergies',
        label: '过敏史',
        kind: 'text',
        max: 200,
        placeholder: '药物或食物过敏，没有可不填',
        required: false,
      },
    ],
  },
  {
    title: '家族史',
    questions: [
      {
        key: 'familyHistory',
        label: '父母、兄弟姐妹患有（可多选）',
        kind: 'multi',
        options: ['高血压', '糖尿病', '冠心病', '脑卒中', '肿瘤', NONE],
        none: NONE,
        required: true,
      },
    ],
  },
];

const CHECKUP: Section = {
  title: '体检相关',
  questions: [
    {
      key: 'lastCheckup',
      label: '上次体检',
      kind: 'single',
      options: ['1 年内', '1–3 年', '3 年以上', '从未体检'],
      required: true,
    },
    {
      key: 'pastIllness',
      label: '既往疾病或手术',
      kind: 'text',
      max: 300,
      placeholder: '如 2019 年胆囊切除，没有可不填',
      required: false,
    },
    {
      key: 'concerns',
      label: '特别想检查的方面',
      kind: 'text',
      max: 300,
      placeholder: '如 胃肠、心脏、肺结节',
      required: false,
    },
  ],
};

/** The questionnaire of `benefit` (assessment or checkupPlan). */
export function sectionsFor(benefit: 'assessment' | 'checkupPlan'): Section[] {
  return benefit === 'checkupPlan' ? [...COMMON, CHECKUP] : COMMON;
}

/** An empty answer sheet: every key present, nothing chosen. */
export function emptyAnswers(sections: Section[]): Answers {
  const answers: Answers = {};
  for (const section of sections) {
    for (const q of section.questions) answers[q.key] = q.kind === 'multi' ? [] : q.kind === 'number' ? null : '';
  }
  return answers;
}

function questionOf(sections: Section[], key: string): Question | undefined {
  for (const section of sections) {
    const found = section.questions.find((q) => q.key === key);
    if (found) return found;
  }
  return undefined;
}

/** What a typed number becomes: a number, or null while the field is empty or unreadable. */
export function readNumber(text: string): number | null {
  const trimmed = text.trim().replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (trimmed === '' || !/^\d+(\.\d+)?$/.test(trimmed)) return null;
  return Number(trimmed);
}

/** A multi-choice answer after the member taps `option`. */
export function toggle(q: MultiQuestion, current: string[], option: string): string[] {
  if (current.includes(option)) return current.filter((o) => o !== option);
  if (option === q.none) return [option];
  return [...current.filter((o) => o !== q.none), option];
}

/** The message under each question ('' when fine), for the answers so far. */
export function checkAnswers(
  sections: Section[],
  answers: Answers,
  typed: Record<string, string> = {},
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const section of sections) {
    for (const q of section.questions) {
      const value = answers[q.key];
      let message = '';
      if (q.kind === 'number') {
        const text = typed[q.key] ?? (typeof value === 'number' ? String(value) : '');
        if (text.trim() === '') message = q.required ? `请填写${q.label}` : '';
        else if (typeof value !== 'number') message = `${q.label}请填写数字`;
        else if (value < q.min || value > q.max) message = `${q.label}应在 ${q.min}–${q.max} ${q.unit}之间`;
      } else if (q.kind === 'single') {
        if (q.required && (typeof value !== 'string' || value === '')) message = `请选择${q.label}`;
      } else if (q.kind === 'multi') {
        if (q.required && (!Array.isArray(value) || value.length === 0)) message = `请选择，没有请选“${q.none}”`;
      } else if (typeof value === 'string' && value.length > q.max) {
        message = `请控制在 ${q.max} 字以内`;
      }
      errors[q.key] = message;
    }
  }
  return errors;
}

/** What is sent: empty optional texts left out, texts trimmed. */
export function answersToSend(sections: Section[], answers: Answers): Answers {
  const out: Answers = {};
  for (const section of sections) {
    for (const q of section.questions) {
      const value = answers[q.key];
      if (value === undefined || value === null) continue;
      if (typeof value === 'string') {
        const trimmed = value.trim();
        if (trimmed !== '') out[q.key] = trimmed;
      } else if (Array.isArray(value)) {
        if (value.length > 0) out[q.key] = value;
      } else {
        out[q.key] = value;
      }
    }
  }
  return out;
}

/** Keys answered by earlier versions of the questionnaire (the demo's orders), with their labels. */
const OLDER_LABELS: Readonly<Record<string, string>> = {
  smoker: '吸烟',
  exercisePerWeek: '每周运动次数',
  chronic: '慢性病',
  age: '年龄',
};

const OLDER_UNITS: Readonly<Record<string, string>> = { exercisePerWeek: '次', age: '岁' };

/** The label and words of one answer, for the order's summary; unknown keys read 其他信息. */
export function describeAnswer(key: string, value: unknown): { label: string; value: string } {
  const q = questionOf([...COMMON, CHECKUP], key);
  const label = q ? q.label.replace(/（可多选）$/, '') : (OLDER_LABELS[key] ?? '其他信息');
  let words: string;
  if (value === null || value === undefined || value === '') words = '未填写';
  else if (typeof value === 'boolean') words = value ? '是' : '否';
  else if (Array.isArray(value))
    words = value.length > 0 ? value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('、') : '未填写';
  else if (typeof value === 'number') {
    const unit = q?.kind === 'number' ? q.unit : (OLDER_UNITS[key] ?? '');
    words = unit ? `${value} ${unit}` : String(value);
  } else if (typeof value === 'string') words = value;
  else words = '已填写';
  return { label, value: words };
}

/** Questions in the order they are asked, for ordering a stored sheet's answers. */
export function questionOrder(): string[] {
  return [...COMMON, CHECKUP].flatMap((s) => s.questions.map((q) => q.key));
}
