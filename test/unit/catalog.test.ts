import type { BenefitKey, StaffRole } from '../../typings/contract';
import {
  BENEFIT_KEYS,
  CATALOG,
  EDITIONS,
  benefit,
  benefitsOf,
  escortHoursOf,
  isBenefitKey,
  isCatalogEdition,
  isIncluded,
  isShared,
  quotaOf,
  roleFor,
  staffMayOrder,
} from '../../server/domain/catalog';

// The R1 table of domain-rules.md, copied by hand: 'unlimited', a number, or '-' (not included).
type Cell = number | 'unlimited' | '-';
const R1: readonly (readonly [BenefitKey, string, Cell, Cell, 'shared' | 'holder only' | ''])[] = [
  ['butler', '健康管家', 'unlimited', 'unlimited', ''],
  ['healthRecord', '健康档案', 'unlimited', 'unlimited', ''],
  ['assessment', '全面健康评估', 1, 4, 'shared'],
  ['checkupPlan', '体检方案制定', 1, 4, 'shared'],
  ['reportReading', '体检报告解读', 1, 4, 'shared'],
  ['knowledge', '健康知识', 'unlimited', 'unlimited', ''],
  ['familyDoctor', '三甲家庭私人医生', 'unlimited', 'unlimited', ''],
  ['quickConsult', '三甲专科快速问诊', 12, 48, 'shared'],
  ['expertConsult', '三甲名医在线', '-', 12, 'shared'],
  ['outpatientGreen', '门诊绿通', 2, 8, 'shared'],
  ['inpatientGreen', '重疾绿通', 1, 4, 'shared'],
  ['escort', '就医陪诊', 1, 1, 'holder only'],
];

const asQuota = (c: Cell): number | null | undefined => (c === '-' ? undefined : c === 'unlimited' ? null : c);

describe('R1 editions and benefits', () => {
  it('R1 lists exactly the 12 benefits, in the table order', () => {
    expect(BENEFIT_KEYS).toEqual(R1.map(([key]) => key));
    expect(Object.keys(CATALOG)).toHaveLength(12);
  });

  describe.each(R1)('R1 %s (%s)', (key, name, pro, premium, kind) => {
    it(`is named ${name}`, () => {
      expect(benefit(key).name).toBe(name);
      expect(benefit(key).key).toBe(key);
    });

    it(`R1 quota: pro ${String(pro)}, premium ${String(premium)}`, () => {
      expect(quotaOf(key, 'pro')).toBe(asQuota(pro));
      expect(quotaOf(key, 'premium')).toBe(asQuota(premium));
      expect(isIncluded(key, 'pro')).toBe(pro !== '-');
      expect(isIncluded(key, 'premium')).toBe(true);
    });

    it(`R1.1 / R1.3 pool: ${kind || 'per card, unlimited'}`, () => {
      expect(benefit(key).shared).toBe(kind === 'shared');
      expect(benefit(key).holderOnly).toBe(kind === 'holder only');
      expect(isShared(key, 'premium')).toBe(kind === 'shared');
      // R1.2: pro is the holder alone, so nothing is shown as shared there.
      expect(isShared(key, 'pro')).toBe(false);
    });

    it('has member-facing text', () => {
      expect(benefit(key).description.length).toBeGreaterThan(10);
      expect(benefit(key).notes.length).toBeGreaterThan(0);
    });
  });

  it('R1: expertConsult is not included on pro, and pro lists 11 benefits', () => {
    expect(quotaOf('expertConsult', 'pro')).toBeUndefined();
    expect(benefitsOf('pro').map((b) => b.key)).not.toContain('expertConsult');
    expect(benefitsOf('pro')).toHaveLength(11);
    expect(benefitsOf('premium')).toHaveLength(12);
  });

  it('R1: quickConsult is 12 on pro and 48 shared on premium', () => {
    expect(quotaOf('quickConsult', 'pro')).toBe(12);
    expect(quotaOf('quickConsult', 'premium')).toBe(48);
    expect(isShared('quickConsult', 'premium')).toBe(true);
  });

  it('R1.3 escort is 1, for the holder alone, on both editions', () => {
    for (const e of ['pro', 'premium'] as const) {
      expect(quotaOf('escort', e)).toBe(1);
      expect(isShared('escort', e)).toBe(false);
    }
    expect(benefit('escort').holderOnly).toBe(true);
    expect(BENEFIT_KEYS.filter((k) => benefit(k).holderOnly)).toEqual(['escort']);
  });

  it('R1.4 an escort visit lasts at most 4 / 5 / 6 hours on basic / pro / premium', () => {
    expect(escortHoursOf('basic')).toBe(4);
    expect(escortHoursOf('pro')).toBe(5);
    expect(escortHoursOf('premium')).toBe(6);
    expect(BENEFIT_KEYS.filter((k) => benefit(k).escortHours !== null)).toEqual(['escort']);
  });

  it('R1.4 a basic edition fits the same shape (no benefits defined for it yet)', () => {
    expect(EDITIONS.basic.key).toBe('basic');
    expect(benefitsOf('basic')).toEqual([]);
    expect(quotaOf('quickConsult', 'basic')).toBeUndefined();
    expect(isCatalogEdition('basic')).toBe(true);
    expect(isCatalogEdition('gold')).toBe(false);
  });

  it('R1.1 / R1.2 premium has a family of up to 3, pro none', () => {
    expect(EDITIONS.premium.family).toBe(true);
    expect(EDITIONS.pro.family).toBe(false);
    expect(EDITIONS.pro.name).toBe('专业版');
    expect(EDITIONS.premium.name).toContain('尊享版');
  });

  it("R1.5 the butler may order on a member's behalf on premium only", () => {
    expect(staffMayOrder('premium')).toBe(true);
    expect(staffMayOrder('pro')).toBe(false);
    expect(staffMayOrder('basic')).toBe(false);
  });

  it('isBenefitKey accepts only catalog keys', () => {
    expect(isBenefitKey('escort')).toBe(true);
    expect(isBenefitKey('toString')).toBe(false);
    expect(isBenefitKey('Escort')).toBe(false);
    expect(isBenefitKey(3)).toBe(false);
  });
});

describe('R2.4 the waiting period in the catalog', () => {
  it('R2.4 butler, healthRecord and knowledge are open from activation; the rest wait', () => {
    const noWait = BENEFIT_KEYS.filter((k) => !benefit(k).waitingPeriod);
    expect(noWait).toEqual(['butler', 'healthRecord', 'knowledge']);
  });
});

describe('R1.6 forms and workflows come from the table', () => {
  const ORDERABLE: readonly BenefitKey[] = [
    'assessment',
    'checkupPlan',
    'reportReading',
    'familyDoctor',
    'quickConsult',
    'expertConsult',
    'outpatientGreen',
    'inpatientGreen',
    'escort',
  ];

  it('R1.6 the nine benefits with a contract form take orders with that form; the others none', () => {
    for (const key of BENEFIT_KEYS) {
      const def = benefit(key);
      expect(def.orderable).toBe(ORDERABLE.includes(key));
      expect(def.form).toBe(ORDERABLE.includes(key) ? key : null);
    }
  });

  // Who serves each step, as R4 and the brief describe it.
  const ROLES: readonly (readonly [BenefitKey, readonly (readonly [string, StaffRole])[]])[] = [
    [
      'outpatientGreen',
      [
        ['accept', 'agent'],
        ['book', 'agent'],
      ],
    ],
    [
      'inpatientGreen',
      [
        ['accept', 'agent'],
        ['book', 'agent'],
      ],
    ],
    [
      'escort',
      [
        ['accept', 'escortManager'],
        ['book', 'escortManager'],
      ],
    ],
    [
      'assessment',
      [
        ['accept', 'manager'],
        ['complete', 'doctor'],
      ],
    ],
    [
      'checkupPlan',
      [
        ['accept', 'manager'],
        ['complete', 'doctor'],
      ],
    ],
    [
      'reportReading',
      [
        ['accept', 'doctor'],
        ['complete', 'doctor'],
      ],
    ],
    [
      'quickConsult',
      [
        ['accept', 'doctor'],
        ['complete', 'doctor'],
      ],
    ],
    [
      'expertConsult',
      [
        ['accept', 'doctor'],
        ['complete', 'doctor'],
      ],
    ],
    [
      'familyDoctor',
      [
        ['accept', 'doctor'],
        ['complete', 'doctor'],
      ],
    ],
  ];

  it.each(ROLES)('R4 %s: each step is served by its role', (key, steps) => {
    for (const [step, role] of steps) {
      const found = benefit(key).workflow.steps.find((s) => s.step === step);
      expect(found?.role).toBe(role);
    }
  });

  it('R4 side steps go to the case owner; benefits without orders have no steps', () => {
    expect(roleFor('outpatientGreen', 'providerStop')).toBe('agent');
    expect(roleFor('escort', 'noShow')).toBe('escortManager');
    expect(roleFor('assessment', 'fail')).toBe('manager');
    expect(roleFor('assessment', 'complete')).toBe('doctor');
    expect(roleFor('butler', 'accept')).toBeUndefined();
    for (const key of ['butler', 'healthRecord', 'knowledge'] as const) {
      expect(benefit(key).workflow.steps).toEqual([]);
      expect(benefit(key).workflow.owner).toBe('butler');
    }
  });

  it('R3.2 the commit point: book for the green channels and escort, accept for the rest counted', () => {
    const commit = Object.fromEntries(BENEFIT_KEYS.map((k) => [k, benefit(k).workflow.commitAt]));
    expect(commit).toEqual({
      butler: null,
      healthRecord: null,
      assessment: 'accept',
      checkupPlan: 'accept',
      reportReading: 'accept',
      knowledge: null,
      familyDoctor: null,
      quickConsult: 'accept',
      expertConsult: 'accept',
      outpatientGreen: 'book',
      inpatientGreen: 'book',
      escort: 'book',
    });
  });

  it('R3.2 every counted benefit has a commit point, and it is one of its steps', () => {
    for (const key of BENEFIT_KEYS) {
      const { commitAt, steps } = benefit(key).workflow;
      const counted = typeof quotaOf(key, 'premium') === 'number';
      expect(commitAt !== null).toBe(counted);
      if (commitAt !== null) expect(steps.map((s) => s.step)).toContain(commitAt);
    }
  });

  it('R3.3 / R3.4 a provider stop rebooks the green channels and releases escort; escort cannot be cancelled once booked', () => {
    expect(benefit('outpatientGreen').workflow.providerStop).toBe('rebook');
    expect(benefit('inpatientGreen').workflow.providerStop).toBe('rebook');
    expect(benefit('escort').workflow.providerStop).toBe('release');
    expect(benefit('quickConsult').workflow.providerStop).toBeNull();
    expect(BENEFIT_KEYS.filter((k) => !benefit(k).workflow.memberMayCancelAfterCommit)).toEqual(['escort']);
  });

  it('consults are described as 健康咨询, never as diagnosis or treatment', () => {
    for (const key of ['familyDoctor', 'quickConsult', 'expertConsult'] as const) {
      expect(benefit(key).description).toContain('健康咨询');
    }
    for (const key of BENEFIT_KEYS) {
      const text = [benefit(key).description, ...benefit(key).notes].join('');
      expect(text).not.toMatch(/治愈|治疗|确诊|保证/);
    }
  });
});
