/**
 * The catalog as the member app renders it (R1.6): every text, quota and list comes from
 * domain/catalog.ts and domain/eligibility.ts, so a change there reaches the pages without a
 * second copy to forget.
 */
import type { BenefitFormData, BenefitInfo, Edition } from '../../../typings/contract';
import { BENEFIT_KEYS, CATALOG, quotaOf } from '../../domain/catalog';
import {
  CRITICAL_ILLNESSES,
  ESCORT_CONDITION_KEYS,
  ESCORT_CONDITIONS,
  ESCORT_EXCLUSIONS,
  ESCORT_RELATIVE_AGE,
  OUTPATIENT_EXCLUDED_DEPARTMENTS,
  OUTPATIENT_WINDOW,
} from '../../domain/eligibility';

/** The editions on sale; the catalog's `basic` tier is not sold yet, so members never see it. */
const SOLD: readonly Edition[] = ['pro', 'premium'];

function benefitInfo(key: (typeof BENEFIT_KEYS)[number]): BenefitInfo {
  const def = CATALOG[key];
  const quota: Partial<Record<Edition, number | null>> = {};
  for (const e of SOLD) {
    const q = quotaOf(key, e);
    if (q !== undefined) quota[e] = q;
  }
  let escortHours: Partial<Record<Edition, number>> | null = null;
  if (def.escortHours !== null) {
    const hours = def.escortHours;
    escortHours = Object.fromEntries(SOLD.map((e) => [e, hours[e]]));
  }
  return {
    key,
    name: def.name,
    subtitle: def.subtitle,
    description: def.description,
    notes: [...def.notes],
    quota,
    shared: def.shared,
    holderOnly: def.holderOnly,
    waitingPeriod: def.waitingPeriod,
    orderable: def.orderable,
    escortHours,
    steps: def.workflow.steps.map(({ step, label }) => ({ step, label })),
  };
}

function formData(): BenefitFormData {
  return {
    outpatientGreen: {
      excludedDepartments: OUTPATIENT_EXCLUDED_DEPARTMENTS.map((x) => x.label),
      window: { from: OUTPATIENT_WINDOW.from, to: OUTPATIENT_WINDOW.to },
    },
    inpatientGreen: { criticalIllnesses: [...CRITICAL_ILLNESSES] },
    escort: {
      exclusions: ESCORT_EXCLUSIONS.map((x) => x.label),
      conditions: ESCORT_CONDITION_KEYS.map((k) => {
        const c = ESCORT_CONDITIONS[k];
        return {
          key: c.key,
          label: c.label,
          effect: c.effect,
          ...(c.advice !== undefined ? { advice: c.advice } : {}),
        };
      }),
      relativeAge: { atLeast: ESCORT_RELATIVE_AGE.atLeast, under: ESCORT_RELATIVE_AGE.under },
    },
  };
}

/** Built per call: twelve small objects, and no shared answer that a caller could change. */
export function benefitCatalog(): { benefits: BenefitInfo[]; forms: BenefitFormData } {
  return { benefits: BENEFIT_KEYS.map(benefitInfo), forms: formData() };
}
