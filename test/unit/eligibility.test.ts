/**
 * R4.1-R4.4 eligibility of order forms. Request instants are written in UTC ('...Z') with their
 * Shanghai wall time beside them, and the suite also runs under TZ=America/Los_Angeles: the
 * answers must follow Shanghai days whatever the process zone.
 */
import type { OrderForms } from '../../typings/contract';
import {
  CRITICAL_ILLNESSES,
  ESCORT_CONDITIONS,
  ESCORT_CONDITION_KEYS,
  ESCORT_EXCLUSIONS,
  OUTPATIENT_EXCLUDED_DEPARTMENTS,
  checkEligibility,
  criticalIllness,
  escortEarliestDay,
  escortExclusionOf,
  hospitalLevel,
  needsRelativeAtAge,
  outpatientDates,
  outpatientExclusionOf,
  type Eligibility,
  type EligibilityContext,
  type HospitalInfo,
} from '../../server/domain/eligibility';

const at = (iso: string): Date => new Date(iso);

/** Friday 2026-06-05 10:00 Shanghai. */
const FRIDAY = at('2026-06-05T02:00:00Z');

/**
 * A valid 18-character ID number for a birth day, with the GB 11643 check character computed
 * here (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, check chars '10X98765432' by sum mod 11).
 */
function idBornOn(birth: string, seq = '123'): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const body = `110105${birth.replace(/-/g, '')}${seq}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * (weights[i] ?? 0);
  return body + '10X98765432'.charAt(sum % 11);
}

const ADULT = idBornOn('1986-03-15');

const RUIJIN: HospitalInfo = {
  name: '上海交通大学医学院附属瑞金医院',
  city: '上海',
  level: '三级甲等',
  public: true,
  departments: ['心血管内科', '消化内科'],
};

function ctx(over: Partial<EligibilityContext> = {}): EligibilityContext {
  return { now: FRIDAY, person: { idNumber: ADULT }, hospital: RUIJIN, coveredCities: ['上海', '北京'], ...over };
}

function problemsOf(e: Eligibility): { rule: string; reason: string }[] {
  return e.ok ? [] : e.problems.map((p) => ({ rule: p.rule, reason: p.reason }));
}

/** Refused, every problem under `rule`, and the joined reason mentions each of `words`. */
function expectRefused(e: Eligibility, rule: string, ...words: string[]): void {
  expect(e.ok).toBe(false);
  if (e.ok) return;
  expect(e.problems.length).toBeGreaterThan(0);
  for (const p of e.problems) expect(p.rule).toBe(rule);
  expect(e.reason).toBe(e.problems.map((p) => p.reason).join('；'));
  for (const w of words) expect(e.reason).toContain(w);
}

// ---------------------------------------------------------------------------------------------

describe('R4.1 门诊绿通 excluded departments', () => {
  const form = (department: string, wantedDate = '2026-06-10'): OrderForms['outpatientGreen'] => ({
    hospital: RUIJIN.name,
    department,
    wantedDate,
  });

  it("R4.1 the exported list is the handbook's seven, in its order", () => {
    expect(OUTPATIENT_EXCLUDED_DEPARTMENTS.map((x) => x.label)).toEqual([
      '产科',
      '口腔美容保健',
      '美容整形',
      '辅助检查科室',
      '保健科',
      '康复科',
      '体检',
    ]);
  });

  it.each(['产科', '口腔美容保健', '美容整形', '辅助检查科室', '保健科', '康复科', '体检'])(
    'R4.1 the handbook name %s itself is excluded, under its own label',
    (department) => {
      expect(outpatientExclusionOf(department)).toBe(department);
      expectRefused(checkEligibility('outpatientGreen', form(department), ctx()), 'R4.1', department);
    },
  );

  it.each([
    ['产科门诊', '产科'],
    ['妇产科（产科）', '产科'],
    ['产前诊断中心', '产科'],
    ['围产医学科', '产科'],
    ['口腔保健科', '口腔美容保健'],
    ['口腔美容科', '口腔美容保健'],
    ['医学美容科', '美容整形'],
    ['整形外科', '美容整形'],
    ['烧伤整形美容科', '美容整形'],
    ['皮肤美容中心', '美容整形'],
    ['检验科', '辅助检查科室'],
    ['放射科', '辅助检查科室'],
    ['医学影像科', '辅助检查科室'],
    ['超声医学科', '辅助检查科室'],
    ['心电图室', '辅助检查科室'],
    ['消化内镜中心', '辅助检查科室'],
    ['病理科', '辅助检查科室'],
    ['ct 室', '辅助检查科室'],
    ['磁共振室', '辅助检查科室'],
    ['干部保健科', '保健科'],
    ['儿童保健科', '保健科'],
    ['康复医学科', '康复科'],
    ['健康管理中心', '体检'],
    ['体检中心', '体检'],
    ['美 容 科', '美容整形'],
  ])('R4.1 variant %s is excluded as %s', (department, label) => {
    expect(outpatientExclusionOf(department)).toBe(label);
    expectRefused(checkEligibility('outpatientGreen', form(department), ctx()), 'R4.1', label);
  });

  it.each([
    '妇产科',
    '妇科',
    '口腔科',
    '口腔颌面外科',
    '心血管内科',
    '烧伤整形科',
    '放射治疗科',
    '介入放射科',
    '肿瘤科',
    '骨科',
    '眼科',
    '皮肤科',
  ])(
    'R4.1 %s is served (妇产科 covers gynaecology; burns, radiotherapy and interventional radiology are treatment)',
    (department) => {
      expect(outpatientExclusionOf(department)).toBeNull();
      expect(checkEligibility('outpatientGreen', form(department), ctx())).toEqual({ ok: true });
    },
  );

  it('R4.1 no doctor is named: the form has no doctor field, and the free-text note is not searched', () => {
    const withNote: OrderForms['outpatientGreen'] = { ...form('心血管内科'), note: '希望挂张主任的号' };
    expect(checkEligibility('outpatientGreen', withNote, ctx())).toEqual({ ok: true });
  });
});

// ---------------------------------------------------------------------------------------------

describe('R4.2 门诊绿通 wanted date: the 3rd to the 5th working day after the request day', () => {
  const form = (wantedDate: string): OrderForms['outpatientGreen'] => ({
    hospital: RUIJIN.name,
    department: '心血管内科',
    wantedDate,
  });

  it('R4.2 a Friday request (2026-06-05) may want Wednesday to Friday of the next week', () => {
    expect(outpatientDates(FRIDAY)).toEqual(['2026-06-10', '2026-06-11', '2026-06-12']);
    for (const day of ['2026-06-10', '2026-06-11', '2026-06-12']) {
      expect(checkEligibility('outpatientGreen', form(day), ctx())).toEqual({ ok: true });
    }
  });

  it.each(['2026-06-05', '2026-06-08', '2026-06-09', '2026-06-13', '2026-06-15'])(
    'R4.2 a Friday request may not want %s (today, 1st, 2nd working day, weekend, 6th)',
    (day) => {
      expectRefused(checkEligibility('outpatientGreen', form(day), ctx()), 'R4.2', '6月10日、6月11日、6月12日');
    },
  );

  it('R4.2 counts from the Shanghai day: Friday 00:30 Shanghai is Thursday in UTC and Los Angeles', () => {
    expect(outpatientDates(at('2026-06-04T16:30:00Z'))).toEqual(['2026-06-10', '2026-06-11', '2026-06-12']);
    // Thursday 23:59 Shanghai is Thursday's request.
    expect(outpatientDates(at('2026-06-04T15:59:00Z'))).toEqual(['2026-06-09', '2026-06-10', '2026-06-11']);
  });

  it('R4.2 across National Day 2026 (chinese-days): a request on 2026-09-28 wants 10-08, 10-09 or 10-10 (Saturday 调休)', () => {
    const now = at('2026-09-28T02:00:00Z'); // Monday 10:00 Shanghai
    // 09-29 and 09-30 are the 1st and 2nd; 10-01..10-07 are off; 10-10 is a make-up Saturday.
    expect(outpatientDates(now)).toEqual(['2026-10-08', '2026-10-09', '2026-10-10']);
    expect(checkEligibility('outpatientGreen', form('2026-10-10'), ctx({ now }))).toEqual({ ok: true });
    for (const day of ['2026-09-30', '2026-10-01', '2026-10-07', '2026-10-11', '2026-10-12']) {
      expectRefused(checkEligibility('outpatientGreen', form(day), ctx({ now })), 'R4.2', '10月8日');
    }
  });

  it('R4.2 ops calendar overrides move the window', () => {
    const overrides = { '2026-06-10': 'holiday' } as const;
    expect(outpatientDates(FRIDAY, overrides)).toEqual(['2026-06-11', '2026-06-12', '2026-06-15']);
    expect(checkEligibility('outpatientGreen', form('2026-06-15'), ctx({ overrides }))).toEqual({ ok: true });
    expectRefused(checkEligibility('outpatientGreen', form('2026-06-10'), ctx({ overrides })), 'R4.2');
  });

  it.each(['', '2026-06-31', '2026/06/10', '2026-06-10T09:00:00+08:00'])(
    'R4.2 a malformed date %p is refused, not thrown',
    (day) => {
      expectRefused(checkEligibility('outpatientGreen', form(day), ctx()), 'R4.2');
    },
  );

  it('R4.1 and R4.2 together: both reasons in one answer', () => {
    const dateOnly = checkEligibility('outpatientGreen', form('2026-06-08'), ctx());
    expect(problemsOf(dateOnly).map((p) => p.rule)).toEqual(['R4.2']);
    const both = checkEligibility('outpatientGreen', { ...form('2026-06-08'), department: '康复科' }, ctx());
    expect(problemsOf(both).map((p) => p.rule)).toEqual(['R4.1', 'R4.2']);
  });
});

// ---------------------------------------------------------------------------------------------

describe('R4.3 重疾绿通: the 28 severe critical illnesses, and no wanted date in the past', () => {
  /** As written in domain-rules.md R4.3. */
  const FROM_DOMAIN_RULES =
    '恶性肿瘤——重度, 较重急性心肌梗死, 严重脑中风后遗症, 重大器官移植术或造血干细胞移植术, 冠状动脉搭桥术, 严重慢性肾衰竭, 多个肢体缺失, 急性重症肝炎或亚急性重症肝炎, 严重非恶性颅内肿瘤, 严重慢性肝衰竭, 严重脑炎后遗症或严重脑膜炎后遗症, 深度昏迷, 双耳失聪, 双目失明, 瘫痪, 心脏瓣膜手术, 严重阿尔茨海默病, 严重脑损伤, 严重原发性帕金森病, 严重Ⅲ度烧伤, 严重特发性肺动脉高压, 严重运动神经元病, 语言能力丧失, 重型再生障碍性贫血, 主动脉手术, 严重慢性呼吸衰竭, 严重克罗恩病, 严重溃疡性结肠炎'.split(
      ', ',
    );

  const form = (disease: string, wantedDate = '2026-06-12'): OrderForms['inpatientGreen'] => ({
    hospital: RUIJIN.name,
    wantedDate,
    disease,
    records: ['cloud://records/1.jpg'],
    admissionSlip: 'cloud://slips/1.jpg',
  });

  it('R4.3 CRITICAL_ILLNESSES is the 28 of domain-rules.md, in order, each once', () => {
    expect(CRITICAL_ILLNESSES).toHaveLength(28);
    expect([...CRITICAL_ILLNESSES]).toEqual(FROM_DOMAIN_RULES);
    expect(new Set(CRITICAL_ILLNESSES).size).toBe(28);
  });

  it.each(FROM_DOMAIN_RULES)('R4.3 %s is served', (disease) => {
    expect(criticalIllness(disease)).toBe(disease);
    expect(checkEligibility('inpatientGreen', form(disease), ctx())).toEqual({ ok: true });
  });

  it.each(['恶性肿瘤', '恶性肿瘤——轻度', '轻度恶性肿瘤', '急性心肌梗死', '高血压', '2型糖尿病', '脑中风', ''])(
    'R4.3 %p is not on the list and is refused',
    (disease) => {
      expect(criticalIllness(disease)).toBeNull();
      expectRefused(checkEligibility('inpatientGreen', form(disease), ctx()), 'R4.3', '28 种重度疾病');
    },
  );

  it('R4.3 matching is exact up to NFKC and spaces: Latin III for Ⅲ, stray spaces', () => {
    expect(criticalIllness('严重III度烧伤')).toBe('严重Ⅲ度烧伤');
    expect(criticalIllness(' 瘫 痪 ')).toBe('瘫痪');
  });

  it('R4.3 the wanted date may be today or later, not in the past (Shanghai day)', () => {
    const now = at('2026-06-04T16:30:00Z'); // Friday 2026-06-05 00:30 Shanghai, still Thursday in UTC
    expect(checkEligibility('inpatientGreen', form('瘫痪', '2026-06-05'), ctx({ now }))).toEqual({ ok: true });
    expect(checkEligibility('inpatientGreen', form('瘫痪', '2026-07-01'), ctx({ now }))).toEqual({ ok: true });
    expectRefused(checkEligibility('inpatientGreen', form('瘫痪', '2026-06-04'), ctx({ now })), 'R4.3', '已过');
    expectRefused(checkEligibility('inpatientGreen', form('瘫痪', 'tomorrow'), ctx({ now })), 'R4.3');
  });

  it('R4.3 two problems, two reasons', () => {
    expect(problemsOf(checkEligibility('inpatientGreen', form('高血压', '2026-01-01'), ctx()))).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------------------------

describe('R4.4 escort', () => {
  /** Served: a public 三甲 hospital in Shanghai, visit Wednesday 2026-06-10 9:00, requested Friday. */
  const form = (over: Partial<OrderForms['escort']> = {}): OrderForms['escort'] => ({
    hospital: RUIJIN.name,
    department: '心血管内科',
    visitAt: '2026-06-10T09:00:00+08:00',
    purpose: '复诊',
    registered: true,
    withRelative: false,
    conditions: [],
    ...over,
  });

  it('R4.4 a registered visit to a covered public 三甲 hospital, adult, no conditions, is served', () => {
    expect(checkEligibility('escort', form(), ctx())).toEqual({ ok: true });
    const { conditions: _omitted, ...noConditions } = form();
    expect(checkEligibility('escort', noConditions, ctx())).toEqual({ ok: true });
  });

  describe('R4.4 excluded services, by purpose or department', () => {
    it("R4.4 the exported list is the handbook's ten, in its order", () => {
      expect(ESCORT_EXCLUSIONS.map((x) => x.label)).toEqual([
        '产检',
        '分娩',
        '急诊',
        '口腔美容保健',
        '生殖科',
        '手术（含门诊手术）',
        '门诊输液',
        '住院前检查',
        '办理住院手续',
        '院中陪护',
      ]);
    });

    it.each([
      ['产检', '产检'],
      ['产前检查', '产检'],
      ['分娩', '分娩'],
      ['剖宫产', '分娩'],
      ['急诊', '急诊'],
      ['口腔美容保健', '口腔美容保健'],
      ['洗牙', '口腔美容保健'],
      ['生殖科', '生殖科'],
      ['试管婴儿', '生殖科'],
      ['手术', '手术（含门诊手术）'],
      ['门诊手术', '手术（含门诊手术）'],
      ['日间手术', '手术（含门诊手术）'],
      ['门诊输液', '门诊输液'],
      ['打点滴', '门诊输液'],
      ['住院前检查', '住院前检查'],
      ['入院前检查', '住院前检查'],
      ['办理住院手续', '办理住院手续'],
      ['办理入院', '办理住院手续'],
      ['院中陪护', '院中陪护'],
      ['住院陪护', '院中陪护'],
    ])('R4.4 purpose %s is excluded as %s', (purpose, label) => {
      expect(escortExclusionOf(purpose)).toBe(label);
      expectRefused(checkEligibility('escort', form({ purpose }), ctx()), 'R4.4', `陪诊服务不含${label}`);
    });

    it.each([
      ['急诊科', '急诊'],
      ['生殖医学中心', '生殖科'],
      ['产科', '产检'],
      ['输液室', '门诊输液'],
      ['日间手术中心', '手术（含门诊手术）'],
      ['口腔保健科', '口腔美容保健'],
    ])('R4.4 department %s is excluded as %s', (department, label) => {
      expect(escortExclusionOf(department)).toBe(label);
      expectRefused(checkEligibility('escort', form({ department }), ctx()), 'R4.4', label);
    });

    it.each([
      ['妇产科', '妇科复诊'],
      ['普外科', '手术后复查'],
      ['口腔科', '补牙'],
      ['消化内科', '看检查结果'],
    ])('R4.4 department %s for %s is served', (department, purpose) => {
      expect(checkEligibility('escort', form({ department, purpose }), ctx())).toEqual({ ok: true });
    });

    it('R4.4 department and purpose excluded differently: both named once', () => {
      const e = checkEligibility('escort', form({ department: '急诊科', purpose: '输液' }), ctx());
      expectRefused(e, 'R4.4', '陪诊服务不含急诊、门诊输液');
      expect(problemsOf(e)).toHaveLength(1);
    });
  });

  it('R4.4 only after the member registered (挂号) by themself', () => {
    expectRefused(checkEligibility('escort', form({ registered: false }), ctx()), 'R4.4', '挂号');
  });

  describe('R4.4 hospitals: public, level 2 or higher, in a covered city', () => {
    it.each([
      ['三级甲等', 3],
      ['三级乙等', 3],
      ['三级', 3],
      ['三甲', 3],
      ['３级', 3],
      ['二级甲等', 2],
      ['二级乙等', 2],
      ['二甲', 2],
      [' 二级 ', 2],
      ['一级', 1],
      ['一级甲等', 1],
      ['未定级', null],
      ['', null],
      ['社区卫生服务中心', null],
      ['三', null],
    ] as const)('R4.4 hospitalLevel(%p) = %p', (level, expected) => {
      expect(hospitalLevel(level)).toBe(expected);
    });

    it.each(['二级甲等', '二级乙等', '二级', '三级乙等', '三级'])('R4.4 a public %s hospital is served', (level) => {
      expect(checkEligibility('escort', form(), ctx({ hospital: { ...RUIJIN, level } }))).toEqual({ ok: true });
    });

    it.each(['一级', '一级甲等', '未定级', ''])('R4.4 a public hospital of level %p is refused', (level) => {
      expectRefused(checkEligibility('escort', form(), ctx({ hospital: { ...RUIJIN, level } })), 'R4.4', '二级及以上');
    });

    it('R4.4 a private hospital is refused, even 三甲', () => {
      const e = checkEligibility('escort', form(), ctx({ hospital: { ...RUIJIN, name: '某民营医院', public: false } }));
      expectRefused(e, 'R4.4', '公立', '某民营医院');
    });

    it('R4.4 a hospital not found in the directory is refused (cannot be shown to qualify)', () => {
      expectRefused(checkEligibility('escort', form(), ctx({ hospital: null })), 'R4.4', '未找到');
      const { hospital: _none, ...noHospital } = ctx();
      expectRefused(checkEligibility('escort', form(), noHospital), 'R4.4', '未找到');
    });

    it('R4.4 an uncovered city is refused; 上海市 is 上海; no list means no city check', () => {
      const hangzhou = { ...RUIJIN, name: '浙江大学医学院附属第一医院', city: '杭州' };
      expectRefused(checkEligibility('escort', form(), ctx({ hospital: hangzhou })), 'R4.4', '杭州暂未开通');
      expect(checkEligibility('escort', form(), ctx({ hospital: { ...RUIJIN, city: '上海市' } }))).toEqual({
        ok: true,
      });
      const { coveredCities: _all, ...anyCity } = ctx({ hospital: hangzhou });
      expect(checkEligibility('escort', form(), anyCity)).toEqual({ ok: true });
      expectRefused(checkEligibility('escort', form(), ctx({ hospital: hangzhou, coveredCities: [] })), 'R4.4');
    });

    it('R4.4 a level-1 private hospital in an uncovered city: three reasons', () => {
      const clinic = { ...RUIJIN, name: '某诊所', city: '杭州', level: '一级', public: false };
      expect(problemsOf(checkEligibility('escort', form(), ctx({ hospital: clinic })))).toHaveLength(3);
    });
  });

  describe('R4.4 conditions the member ticks', () => {
    it('R4.4 the keys, their labels and effects: six refuse, needsSignature needs a relative', () => {
      expect([...ESCORT_CONDITION_KEYS]).toEqual([
        'inpatient',
        'emergencyObservation',
        'severe',
        'mentalIllness',
        'infectious',
        'drunk',
        'needsSignature',
      ]);
      for (const key of ESCORT_CONDITION_KEYS) {
        expect(ESCORT_CONDITIONS[key].key).toBe(key);
        expect(ESCORT_CONDITIONS[key].label).not.toBe('');
      }
      expect(ESCORT_CONDITION_KEYS.filter((k) => ESCORT_CONDITIONS[k].effect === 'notEligible')).toEqual([
        'inpatient',
        'emergencyObservation',
        'severe',
        'mentalIllness',
        'infectious',
        'drunk',
      ]);
      expect(ESCORT_CONDITIONS.needsSignature.effect).toBe('needsRelative');
    });

    it.each([
      ['inpatient', '住院患者'],
      ['emergencyObservation', '门急诊留观患者'],
      ['severe', '重症或急救患者'],
      ['mentalIllness', '精神疾病患者'],
      ['infectious', '传染病患者'],
      ['drunk', '醉酒状态'],
    ])('R4.4 %s (%s) is refused, even with a relative', (key, label) => {
      expectRefused(checkEligibility('escort', form({ conditions: [key] }), ctx()), 'R4.4', label);
      expectRefused(checkEligibility('escort', form({ conditions: [key], withRelative: true }), ctx()), 'R4.4', label);
    });

    it('R4.4 a severe case is told to call 120', () => {
      expectRefused(checkEligibility('escort', form({ conditions: ['severe'] }), ctx()), 'R4.4', '120');
    });

    it('R4.4 several blocking conditions: one reason naming them in display order', () => {
      const e = checkEligibility('escort', form({ conditions: ['drunk', 'inpatient'] }), ctx());
      expectRefused(e, 'R4.4', '住院患者、醉酒状态');
      expect(problemsOf(e)).toHaveLength(1);
    });

    it("R4.4 an exam that needs a relative's signature: refused alone, served with a relative", () => {
      expectRefused(checkEligibility('escort', form({ conditions: ['needsSignature'] }), ctx()), 'R4.4', '家属陪同');
      expect(checkEligibility('escort', form({ conditions: ['needsSignature'], withRelative: true }), ctx())).toEqual({
        ok: true,
      });
    });

    it.each([['pregnant'], ['Inpatient'], ['']])('R4.4 an unknown condition key %p is refused (fail closed)', (key) => {
      expectRefused(checkEligibility('escort', form({ conditions: [key] }), ctx()), 'R4.4', '无法识别');
    });
  });

  describe('R4.4 age on the visit day (from the ID number): 70 and over, or under 14, need a relative', () => {
    // The visit is on 2026-06-10.
    it.each([
      ['1956-06-11', 69, false], // turns 70 the day after the visit
      ['1956-06-10', 70, true], // 70th birthday on the visit day
      ['1955-06-10', 71, true],
      ['2012-06-11', 13, true], // turns 14 the day after the visit
      ['2012-06-10', 14, false], // 14th birthday on the visit day
      ['1986-03-15', 40, false],
    ] as const)('R4.4 born %s: %i on the visit day, relative needed: %p', (birth, age, needed) => {
      const person = { idNumber: idBornOn(birth) };
      expect(needsRelativeAtAge(age)).toBe(needed);
      const alone = checkEligibility('escort', form(), ctx({ person }));
      if (needed) expectRefused(alone, 'R4.4', `${age}岁`, '家属陪同');
      else expect(alone).toEqual({ ok: true });
      expect(checkEligibility('escort', form({ withRelative: true }), ctx({ person }))).toEqual({ ok: true });
    });

    it('R4.4 the age counts on the visit day, not the request day: 69 on Friday, 70 on Wednesday', () => {
      const person = { idNumber: idBornOn('1956-06-08') };
      expectRefused(checkEligibility('escort', form(), ctx({ person })), 'R4.4', '70岁');
    });

    it('R4.4 needsRelativeAtAge at the edges', () => {
      expect([13, 14, 69, 70, 71].map(needsRelativeAtAge)).toEqual([true, false, false, true, true]);
    });

    it('R4.4 an ID number from which no age can be read is refused', () => {
      const bad = ADULT.slice(0, 17) + (ADULT.endsWith('0') ? '1' : '0');
      expectRefused(checkEligibility('escort', form(), ctx({ person: { idNumber: bad } })), 'R4.4', '身份证');
    });
  });

  describe('R4.4 visit time: in the future, and after the next working day (the manager calls within 1)', () => {
    it('R4.4 the earliest visit day: the day after the next working day', () => {
      expect(escortEarliestDay(FRIDAY)).toBe('2026-06-09'); // Friday → Monday is the next working day → Tuesday
      expect(escortEarliestDay(at('2026-06-06T02:00:00Z'))).toBe('2026-06-09'); // Saturday, too
      expect(escortEarliestDay(at('2026-06-08T02:00:00Z'))).toBe('2026-06-10'); // Monday → Wednesday
      // Across National Day 2026: from 09-30 the next working day is 10-08.
      expect(escortEarliestDay(at('2026-09-30T02:00:00Z'))).toBe('2026-10-09');
      expect(escortEarliestDay(FRIDAY, { '2026-06-08': 'holiday' })).toBe('2026-06-10');
    });

    it('R4.4 a visit on the earliest day is served; one on the next working day is refused', () => {
      expect(checkEligibility('escort', form({ visitAt: '2026-06-09T08:00:00+08:00' }), ctx())).toEqual({ ok: true });
      expectRefused(
        checkEligibility('escort', form({ visitAt: '2026-06-08T14:00:00+08:00' }), ctx()),
        'R4.4',
        '6月9日',
      );
      expectRefused(
        checkEligibility('escort', form({ visitAt: '2026-06-06T09:00:00+08:00' }), ctx()),
        'R4.4',
        '6月9日',
      );
    });

    it('R4.4 the visit day is the Shanghai day of visitAt, whatever offset it is written in', () => {
      // 2026-06-09 00:30 Shanghai, written in UTC (still 06-08 there and in Los Angeles).
      expect(checkEligibility('escort', form({ visitAt: '2026-06-08T16:30:00Z' }), ctx())).toEqual({ ok: true });
      // 2026-06-08 23:30 Shanghai.
      expectRefused(checkEligibility('escort', form({ visitAt: '2026-06-08T15:30:00Z' }), ctx()), 'R4.4');
    });

    it('R4.4 a visit in the past is refused as past', () => {
      expectRefused(checkEligibility('escort', form({ visitAt: '2026-06-05T09:00:00+08:00' }), ctx()), 'R4.4', '已过');
      expectRefused(checkEligibility('escort', form({ visitAt: '2026-06-05T10:00:00+08:00' }), ctx()), 'R4.4', '已过');
      expectRefused(checkEligibility('escort', form({ visitAt: '2025-12-01T09:00:00+08:00' }), ctx()), 'R4.4', '已过');
    });

    it.each(['', '2026-06-10', '2026-06-10T09:00:00', 'next Wednesday'])(
      'R4.4 a malformed visitAt %p is refused, not thrown',
      (visitAt) => {
        expectRefused(checkEligibility('escort', form({ visitAt }), ctx()), 'R4.4', '就诊时间');
      },
    );
  });

  it('R4.4 every problem at once: one reason per problem, joined for the member', () => {
    const e = checkEligibility(
      'escort',
      form({ purpose: '门诊手术', registered: false, conditions: ['drunk'], visitAt: '2026-06-01T09:00:00+08:00' }),
      ctx({ hospital: { ...RUIJIN, public: false }, person: { idNumber: idBornOn('1940-01-01') } }),
    );
    expect(problemsOf(e)).toHaveLength(6);
    expectRefused(e, 'R4.4', '手术', '挂号', '公立', '醉酒', '已过', '家属陪同');
  });
});

// ---------------------------------------------------------------------------------------------

describe('R4 forms without an eligibility rule: consults, questionnaires, reports', () => {
  it('R4 quickConsult, expertConsult, familyDoctor, assessment, checkupPlan, reportReading are served', () => {
    const c = ctx({ hospital: null });
    expect(checkEligibility('quickConsult', { description: '头痛三天', mode: 'video' }, c)).toEqual({ ok: true });
    expect(checkEligibility('expertConsult', { expertId: 'e-001', description: '胸闷', mode: 'phone' }, c)).toEqual({
      ok: true,
    });
    expect(checkEligibility('familyDoctor', { question: '血压偏高怎么办', doctorId: 'd-001' }, c)).toEqual({
      ok: true,
    });
    expect(checkEligibility('assessment', { questionnaire: {} }, c)).toEqual({ ok: true });
    expect(checkEligibility('checkupPlan', { questionnaire: { smoker: false } }, c)).toEqual({ ok: true });
    expect(checkEligibility('reportReading', { files: ['cloud://r/1.pdf'] }, c)).toEqual({ ok: true });
  });
});
