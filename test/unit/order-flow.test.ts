/**
 * R3.2–R3.4 and R4: the pure order state machine (staff steps, the member's cancel) and the SLA
 * deadline of each awaited step. Every instant is written in UTC with its Shanghai wall time
 * beside it; the suite is also run under TZ=America/Los_Angeles.
 */
import type { BenefitKey, LedgerChange, OrderStatus, QuotaState, StaffStep } from '../../typings/contract';
import { BENEFIT_KEYS, CATALOG } from '../../server/domain/catalog';
import type { CalendarOverrides } from '../../server/domain/calendar';
import {
  FINAL_STATUSES,
  allowedSteps,
  deadlineOf,
  firstStep,
  isFinal,
  memberCancel,
  staffStep,
  type DeadlineAnchors,
  type FlowState,
  type Transition,
} from '../../server/domain/order-flow';
import { applyChange, emptyPool, type PoolCounts } from '../../server/domain/pool';

const ALL_STEPS: readonly StaffStep[] = ['accept', 'book', 'providerStop', 'fail', 'noShow', 'complete', 'followUp'];
const at = (iso: string): Date => new Date(iso);

/** The expected forward path of each orderable benefit, written out rather than read from the catalog. */
interface PathStep {
  step: StaffStep;
  status: OrderStatus;
}
interface Expected {
  counted: boolean;
  commitAt: 'accept' | 'book' | null;
  path: PathStep[];
}

const GREEN_PATH: PathStep[] = [
  { step: 'accept', status: 'accepted' },
  { step: 'book', status: 'booked' },
  { step: 'complete', status: 'completed' },
  { step: 'followUp', status: 'completed' },
];
const WORK_PATH: PathStep[] = [
  { step: 'accept', status: 'accepted' },
  { step: 'complete', status: 'completed' },
];
const SESSION_PATH: PathStep[] = [
  { step: 'accept', status: 'in_service' },
  { step: 'complete', status: 'completed' },
];

const EXPECTED: Readonly<Record<string, Expected>> = {
  outpatientGreen: { counted: true, commitAt: 'book', path: GREEN_PATH },
  inpatientGreen: { counted: true, commitAt: 'book', path: GREEN_PATH },
  escort: { counted: true, commitAt: 'book', path: GREEN_PATH },
  quickConsult: { counted: true, commitAt: 'accept', path: SESSION_PATH },
  expertConsult: { counted: true, commitAt: 'accept', path: SESSION_PATH },
  assessment: { counted: true, commitAt: 'accept', path: WORK_PATH },
  checkupPlan: { counted: true, commitAt: 'accept', path: WORK_PATH },
  reportReading: { counted: true, commitAt: 'accept', path: WORK_PATH },
  familyDoctor: { counted: false, commitAt: null, path: SESSION_PATH },
};

const ORDERABLE: BenefitKey[] = BENEFIT_KEYS.filter((k) => CATALOG[k].orderable);
const COUNTED: BenefitKey[] = ORDERABLE.filter((k) => EXPECTED[k]?.counted === true);

function expectedOf(key: BenefitKey): Expected {
  const e = EXPECTED[key];
  if (e === undefined) throw new Error(`no expectation for ${key}`);
  return e;
}

/** A fresh order as order.create places it. */
function fresh(key: BenefitKey): FlowState {
  return {
    benefit: key,
    status: 'submitted',
    quota: expectedOf(key).counted ? 'held' : 'none',
    awaiting: firstStep(key),
  };
}

function step(o: FlowState, s: StaffStep): FlowState {
  const a = staffStep(o, s);
  if (!a.ok) throw new Error(`${o.benefit}: ${s} refused in ${o.status}/${String(o.awaiting)}: ${a.reason}`);
  return { benefit: o.benefit, ...pick(a.next) };
}

function pick(t: Transition): Omit<FlowState, 'benefit'> {
  return { status: t.status, quota: t.quota, awaiting: t.awaiting };
}

/** The order after the forward steps `steps`, from fresh. */
function after(key: BenefitKey, ...steps: StaffStep[]): FlowState {
  return steps.reduce(step, fresh(key));
}

function expectTransition(o: FlowState, s: StaffStep, next: Transition): void {
  expect(staffStep(o, s)).toEqual({ ok: true, next });
}

function expectRefused(o: FlowState, s: StaffStep): void {
  const a = staffStep(o, s);
  expect(a.ok).toBe(false);
  if (!a.ok) expect(a.reason).not.toBe('');
}

describe('R3.2 / R4 the forward path of every orderable benefit, from a fresh order', () => {
  it('R1.6 every orderable benefit of the catalog has an expected path here (and no other)', () => {
    expect([...ORDERABLE].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(ORDERABLE)('R3.2 %s: statuses, quota and awaited step at each step; commit at its commit point', (key) => {
    const exp = expectedOf(key);
    let o = fresh(key);
    expect(o.awaiting).toBe(exp.path[0]?.step);
    let committed = false;
    exp.path.forEach(({ step: s, status }, i) => {
      const a = staffStep(o, s);
      if (!a.ok) throw new Error(`${key}: ${s} refused: ${a.reason}`);
      const commitsHere = exp.commitAt === s;
      committed ||= commitsHere;
      const quota: QuotaState = !exp.counted ? 'none' : committed ? 'used' : 'held';
      const moves: LedgerChange[] = commitsHere ? ['use'] : [];
      expect(a.next).toEqual({ status, quota, awaiting: exp.path[i + 1]?.step ?? null, moves });
      o = { benefit: key, ...pick(a.next) };
    });
    expect(committed).toBe(exp.commitAt !== null);
    expect(o).toMatchObject({ status: 'completed', awaiting: null });
  });

  it('R3.2 familyDoctor has no pool: quota stays none, no pool move on any step', () => {
    const o = fresh('familyDoctor');
    expect(o.quota).toBe('none');
    expectTransition(o, 'accept', { status: 'in_service', quota: 'none', awaiting: 'complete', moves: [] });
    expectTransition(o, 'fail', { status: 'failed', quota: 'none', awaiting: null, moves: [] });
  });

  it('R3.2 a benefit that takes no orders has no steps at all', () => {
    for (const key of BENEFIT_KEYS.filter((k) => !CATALOG[k].orderable)) {
      expect(firstStep(key)).toBeNull();
      const o: FlowState = { benefit: key, status: 'submitted', quota: 'none', awaiting: null };
      for (const s of ALL_STEPS) expectRefused(o, s);
    }
  });
});

describe('R4 steps out of order are refused', () => {
  it.each(ORDERABLE)('R4 %s: only the awaited forward step is accepted at each point of the path', (key) => {
    const path = expectedOf(key).path.map((p) => p.step);
    let o = fresh(key);
    for (const s of path) {
      for (const other of path.filter((p) => p !== s)) expectRefused(o, other);
      o = step(o, s);
    }
    for (const s of path) expectRefused(o, s); // nothing more after the last step
  });

  it('R4 a step that is not in the workflow is refused (consults and reports are never booked)', () => {
    for (const key of [
      'quickConsult',
      'expertConsult',
      'assessment',
      'checkupPlan',
      'reportReading',
      'familyDoctor',
    ] as const) {
      expectRefused(fresh(key), 'book');
      expectRefused(after(key, 'accept'), 'book');
      expectRefused(after(key, 'accept'), 'followUp');
    }
  });

  it('R4 the same step twice is refused (a double click on the workbench)', () => {
    expectRefused(after('outpatientGreen', 'accept'), 'accept');
    expectRefused(after('outpatientGreen', 'accept', 'book'), 'book');
    expectRefused(after('quickConsult', 'accept'), 'accept');
  });
});

describe('R3.3 / R3.2 providerStop (停诊)', () => {
  it.each(['outpatientGreen', 'inpatientGreen'] as const)(
    'R3.3 %s booked: a free rebooking — accepted, used → held, moves [rehold], awaiting book',
    (key) => {
      const booked = after(key, 'accept', 'book');
      expect(booked).toMatchObject({ status: 'booked', quota: 'used' });
      expectTransition(booked, 'providerStop', {
        status: 'accepted',
        quota: 'held',
        awaiting: 'book',
        moves: ['rehold'],
      });
      // booking again commits the same unit once more: nothing more is taken
      const rebooked = step(step(booked, 'providerStop'), 'book');
      expect(rebooked).toEqual({ benefit: key, status: 'booked', quota: 'used', awaiting: 'complete' });
      expect(staffStep(step(booked, 'providerStop'), 'book')).toMatchObject({ ok: true, next: { moves: ['use'] } });
    },
  );

  it('R3.2 escort booked: a stop releases the unit — failed, moves [rehold, release] from used', () => {
    const booked = after('escort', 'accept', 'book');
    expectTransition(booked, 'providerStop', {
      status: 'failed',
      quota: 'released',
      awaiting: null,
      moves: ['rehold', 'release'],
    });
  });

  it('R3.3 providerStop is refused before booking, after completion, and where the workflow has none', () => {
    for (const key of ['outpatientGreen', 'inpatientGreen', 'escort'] as const) {
      expectRefused(fresh(key), 'providerStop');
      expectRefused(after(key, 'accept'), 'providerStop');
      expectRefused(after(key, 'accept', 'book', 'complete'), 'providerStop');
    }
    expectRefused(after('quickConsult', 'accept'), 'providerStop');
    expectRefused(after('assessment', 'accept'), 'providerStop');
  });
});

describe('R3.2 fail (no service can be given) releases the unit', () => {
  it.each(COUNTED)('R3.2 %s: fail on a fresh order releases the hold', (key) => {
    expectTransition(fresh(key), 'fail', { status: 'failed', quota: 'released', awaiting: null, moves: ['release'] });
  });

  it.each(['outpatientGreen', 'inpatientGreen', 'escort'] as const)(
    'R3.2 %s: fail after the confirming call, before the booking, releases the hold',
    (key) => {
      expectTransition(after(key, 'accept'), 'fail', {
        status: 'failed',
        quota: 'released',
        awaiting: null,
        moves: ['release'],
      });
    },
  );

  it.each(['assessment', 'checkupPlan', 'reportReading'] as const)(
    'R3.2 %s: staff reject it as not serviceable after first contact — the used unit goes back (rehold, release)',
    (key) => {
      expectTransition(after(key, 'accept'), 'fail', {
        status: 'failed',
        quota: 'released',
        awaiting: null,
        moves: ['rehold', 'release'],
      });
    },
  );

  it('R3.2 fail is refused once booked, in service or final', () => {
    expectRefused(after('outpatientGreen', 'accept', 'book'), 'fail');
    expectRefused(after('escort', 'accept', 'book'), 'fail');
    expectRefused(after('quickConsult', 'accept'), 'fail');
    expectRefused(after('assessment', 'accept', 'complete'), 'fail');
    expectRefused(step(fresh('outpatientGreen'), 'fail'), 'fail');
  });
});

describe('R3.3 noShow keeps the unit used', () => {
  it.each(['outpatientGreen', 'inpatientGreen', 'escort'] as const)('R3.3 %s booked: no_show, used, no move', (key) => {
    expectTransition(after(key, 'accept', 'book'), 'noShow', {
      status: 'no_show',
      quota: 'used',
      awaiting: null,
      moves: [],
    });
  });

  it('R3.3 a consult in service: no_show, used, no move', () => {
    expectTransition(after('quickConsult', 'accept'), 'noShow', {
      status: 'no_show',
      quota: 'used',
      awaiting: null,
      moves: [],
    });
  });

  it('R3.3 noShow is refused before booking and after completion', () => {
    expectRefused(fresh('outpatientGreen'), 'noShow');
    expectRefused(after('outpatientGreen', 'accept'), 'noShow');
    expectRefused(after('outpatientGreen', 'accept', 'book', 'complete'), 'noShow');
    expectRefused(after('assessment', 'accept'), 'noShow');
  });
});

describe('R3.2 / R3.3 / R3.4 memberCancel', () => {
  it.each(COUNTED)('R3.2 %s: cancelling a fresh order releases the hold', (key) => {
    expect(memberCancel(fresh(key))).toEqual({
      ok: true,
      reason: '',
      consequence: 'released',
      next: { status: 'cancelled', quota: 'released', awaiting: null, moves: ['release'] },
    });
  });

  it.each(['outpatientGreen', 'inpatientGreen', 'escort'] as const)(
    'R3.2 %s: cancelling after the confirming call, before the booking, releases the hold',
    (key) => {
      expect(memberCancel(after(key, 'accept'))).toMatchObject({
        ok: true,
        consequence: 'released',
        next: { status: 'cancelled', quota: 'released', moves: ['release'] },
      });
    },
  );

  it('R3.3 outpatientGreen / inpatientGreen booked: the cancel keeps the unit used (kept, no move)', () => {
    for (const key of ['outpatientGreen', 'inpatientGreen'] as const) {
      expect(memberCancel(after(key, 'accept', 'book'))).toEqual({
        ok: true,
        reason: '',
        consequence: 'kept',
        next: { status: 'cancelled', quota: 'used', awaiting: null, moves: [] },
      });
    }
  });

  it('R3.3 after the commit at first contact (assessment, checkupPlan, reportReading) the cancel keeps the unit', () => {
    for (const key of ['assessment', 'checkupPlan', 'reportReading'] as const) {
      expect(memberCancel(after(key, 'accept'))).toMatchObject({
        ok: true,
        consequence: 'kept',
        next: { status: 'cancelled', quota: 'used', moves: [] },
      });
    }
  });

  it('R3.3 after a provider stop the unit is held again, so a cancel before the rebooking releases it', () => {
    const stopped = step(after('outpatientGreen', 'accept', 'book'), 'providerStop');
    expect(memberCancel(stopped)).toMatchObject({ ok: true, consequence: 'released', next: { moves: ['release'] } });
  });

  it('R3.4 a booked escort cannot be cancelled by the member', () => {
    const a = memberCancel(after('escort', 'accept', 'book'));
    expect(a.ok).toBe(false);
    expect(a.reason).not.toBe('');
    expect(a.next).toBeUndefined();
  });

  it('R3.2 a consult in service cannot be cancelled (it can only be ended)', () => {
    for (const key of ['quickConsult', 'expertConsult', 'familyDoctor'] as const) {
      const a = memberCancel(after(key, 'accept'));
      expect(a.ok).toBe(false);
      expect(a.next).toBeUndefined();
    }
  });

  it('R3.2 final orders (completed, no_show, cancelled, failed) refuse a cancel', () => {
    expect([...FINAL_STATUSES].sort()).toEqual(['cancelled', 'completed', 'failed', 'no_show']);
    const finals: FlowState[] = [
      after('outpatientGreen', 'accept', 'book', 'complete'), // completed, awaiting followUp
      after('outpatientGreen', 'accept', 'book', 'complete', 'followUp'),
      step(after('outpatientGreen', 'accept', 'book'), 'noShow'),
      step(fresh('quickConsult'), 'fail'),
      { benefit: 'assessment', status: 'cancelled', quota: 'released', awaiting: null },
    ];
    for (const o of finals) {
      expect(isFinal(o.status)).toBe(true);
      expect(memberCancel(o).ok).toBe(false);
    }
  });

  it('R3.2 familyDoctor (no pool): a cancel before take-over moves nothing', () => {
    expect(memberCancel(fresh('familyDoctor'))).toEqual({
      ok: true,
      reason: '',
      consequence: 'none',
      next: { status: 'cancelled', quota: 'none', awaiting: null, moves: [] },
    });
  });
});

/** Every state reachable from a fresh order by staff steps and the member's cancel. */
function reachable(key: BenefitKey): FlowState[] {
  const seen = new Map<string, FlowState>();
  const queue: FlowState[] = [fresh(key)];
  for (let o = queue.shift(); o !== undefined; o = queue.shift()) {
    const id = `${o.status}/${o.quota}/${String(o.awaiting)}`;
    if (seen.has(id)) continue;
    seen.set(id, o);
    for (const s of ALL_STEPS) {
      const a = staffStep(o, s);
      if (a.ok) queue.push({ benefit: key, ...pick(a.next) });
    }
    const c = memberCancel(o);
    if (c.ok && c.next) queue.push({ benefit: key, ...pick(c.next) });
  }
  return [...seen.values()];
}

describe('R4 allowedSteps is exactly what staffStep accepts', () => {
  it.each(ORDERABLE)('R4 %s: in every reachable state', (key) => {
    const states = reachable(key);
    expect(states.length).toBeGreaterThan(3);
    for (const o of states) {
      expect(allowedSteps(o)).toEqual(ALL_STEPS.filter((s) => staffStep(o, s).ok));
      if (isFinal(o.status) && o.awaiting === null) expect(allowedSteps(o)).toEqual([]);
    }
  });

  it('R4 outpatientGreen: the workbench offers these steps at each state', () => {
    expect(allowedSteps(fresh('outpatientGreen'))).toEqual(['accept', 'fail']);
    expect(allowedSteps(after('outpatientGreen', 'accept'))).toEqual(['book', 'fail']);
    expect(allowedSteps(after('outpatientGreen', 'accept', 'book'))).toEqual(['providerStop', 'noShow', 'complete']);
    expect(allowedSteps(after('outpatientGreen', 'accept', 'book', 'complete'))).toEqual(['followUp']);
    expect(allowedSteps(after('outpatientGreen', 'accept', 'book', 'complete', 'followUp'))).toEqual([]);
  });

  it('R4 quickConsult and assessment: the workbench offers these steps at each state', () => {
    expect(allowedSteps(fresh('quickConsult'))).toEqual(['accept', 'fail']);
    expect(allowedSteps(after('quickConsult', 'accept'))).toEqual(['noShow', 'complete']);
    expect(allowedSteps(after('assessment', 'accept'))).toEqual(['fail', 'complete']);
    expect(allowedSteps(after('escort', 'accept', 'book'))).toEqual(['providerStop', 'noShow', 'complete']);
  });
});

describe('R3.2 / R3.5 the moves of every transition apply to the pool and match the order’s quota', () => {
  /** The order's unit as it should sit in a pool of 1 (or an untouched pool for no quota). */
  function poolFor(q: QuotaState): PoolCounts {
    switch (q) {
      case 'held':
        return { total: 1, used: 0, held: 1, remaining: 0 };
      case 'used':
        return { total: 1, used: 1, held: 0, remaining: 0 };
      case 'released':
      case 'none':
        return emptyPool(1);
    }
  }

  it.each(ORDERABLE)(
    'R3.2 %s: from every reachable state, every allowed step and cancel moves the pool legally',
    (key) => {
      for (const o of reachable(key)) {
        const answers: Transition[] = [];
        for (const s of ALL_STEPS) {
          const a = staffStep(o, s);
          if (a.ok) answers.push(a.next);
        }
        const c = memberCancel(o);
        if (c.ok && c.next) answers.push(c.next);
        for (const t of answers) {
          let p: PoolCounts | null = poolFor(o.quota);
          for (const m of t.moves) p = p === null ? null : applyChange(p, m);
          expect(p).toEqual(poolFor(t.quota));
          if (o.quota === 'none') expect(t.moves).toEqual([]);
        }
      }
    },
  );
});

// -------------------------------------------------------------------------------------------
// R4 deadlines

const anchors = (createdAt: string, extra: Partial<DeadlineAnchors> = {}): DeadlineAnchors => ({
  createdAt: at(createdAt),
  stepAt: at(createdAt),
  ...extra,
});

describe('R4 deadlineOf: working-day deadlines are 21:00 Shanghai on the N-th working day after', () => {
  it('R4 outpatientGreen accept: a Friday request is due Monday 21:00', () => {
    // Friday 2026-06-05 10:00 Shanghai → Monday 2026-06-08 21:00 Shanghai (13:00Z)
    expect(deadlineOf('outpatientGreen', 'accept', anchors('2026-06-05T02:00:00Z'))).toEqual(
      at('2026-06-08T13:00:00Z'),
    );
    // Friday 23:30 Shanghai is still Friday (15:30Z)
    expect(deadlineOf('outpatientGreen', 'accept', anchors('2026-06-05T15:30:00Z'))).toEqual(
      at('2026-06-08T13:00:00Z'),
    );
  });

  it('R4 escort accept: a request on 2026-09-30 (before National Day) is due 2026-10-08 21:00', () => {
    expect(deadlineOf('escort', 'accept', anchors('2026-09-30T02:00:00Z'))).toEqual(at('2026-10-08T13:00:00Z'));
    expect(deadlineOf('inpatientGreen', 'accept', anchors('2026-09-30T12:00:00Z'))).toEqual(at('2026-10-08T13:00:00Z'));
  });

  it('R4 book is counted from the step (the confirming call), not from the order', () => {
    const a = anchors('2026-06-01T02:00:00Z', { stepAt: at('2026-06-03T02:00:00Z') }); // Mon order, Wed call
    expect(deadlineOf('outpatientGreen', 'book', a)).toEqual(at('2026-06-04T13:00:00Z'));
    // inpatientGreen: arranged within 7 working days of the call: Thu 06-04 … Fri 06-12
    expect(deadlineOf('inpatientGreen', 'book', a)).toEqual(at('2026-06-12T13:00:00Z'));
  });

  it('R4 reportReading: guidance within 3 working days of the upload', () => {
    // Friday 2026-06-05 → 06-08, 06-09, 06-10
    expect(deadlineOf('reportReading', 'complete', anchors('2026-06-05T02:00:00Z'))).toEqual(
      at('2026-06-10T13:00:00Z'),
    );
  });

  it('R4 followUp: within 1 working day after the visit day, not the step', () => {
    const a = anchors('2026-06-01T02:00:00Z', { stepAt: at('2026-06-01T03:00:00Z'), visitDate: '2026-06-05' });
    expect(deadlineOf('outpatientGreen', 'followUp', a)).toEqual(at('2026-06-08T13:00:00Z'));
    expect(deadlineOf('escort', 'followUp', { ...a, visitDate: '2026-09-30' })).toEqual(at('2026-10-08T13:00:00Z'));
    // no visit day known: no deadline
    expect(deadlineOf('outpatientGreen', 'followUp', anchors('2026-06-01T02:00:00Z'))).toBeNull();
  });

  it('R4 overrides are honoured: a holiday override pushes the deadline, a workday override pulls it in', () => {
    const monday = anchors('2026-06-01T02:00:00Z');
    expect(deadlineOf('outpatientGreen', 'accept', monday)).toEqual(at('2026-06-02T13:00:00Z'));
    const holiday: CalendarOverrides = { '2026-06-02': 'holiday' };
    expect(deadlineOf('outpatientGreen', 'accept', monday, holiday)).toEqual(at('2026-06-03T13:00:00Z'));
    const saturday: CalendarOverrides = { '2026-06-06': 'workday' };
    expect(deadlineOf('escort', 'accept', anchors('2026-06-05T02:00:00Z'), saturday)).toEqual(
      at('2026-06-06T13:00:00Z'),
    );
  });
});

describe('R4 deadlineOf: calendar-day deadlines (assessment, checkupPlan)', () => {
  it('R4 assessment accept: the manager contacts by 21:00 the next calendar day, weekends included', () => {
    // Friday 2026-06-05 10:00 Shanghai → Saturday 06-06 21:00
    expect(deadlineOf('assessment', 'accept', anchors('2026-06-05T02:00:00Z'))).toEqual(at('2026-06-06T13:00:00Z'));
    // 00:30 Shanghai on 06-05 is 06-04 in UTC (and in Los Angeles): still the Shanghai day 06-05
    expect(deadlineOf('checkupPlan', 'accept', anchors('2026-06-04T16:30:00Z'))).toEqual(at('2026-06-06T13:00:00Z'));
  });

  it('R4 a holiday override does not move a calendar-day deadline', () => {
    const o: CalendarOverrides = { '2026-06-06': 'holiday' };
    expect(deadlineOf('assessment', 'accept', anchors('2026-06-05T02:00:00Z'), o)).toEqual(at('2026-06-06T13:00:00Z'));
  });

  it('R4 assessment complete: the report within 2 days of the hand-over (the step)', () => {
    const a = anchors('2026-06-01T02:00:00Z', { stepAt: at('2026-06-03T08:00:00Z') }); // Wed 16:00 Shanghai
    expect(deadlineOf('assessment', 'complete', a)).toEqual(at('2026-06-05T13:00:00Z'));
  });
});

describe('R4 deadlineOf: consult clocks', () => {
  it('R4 quickConsult take-over: 3 minutes from 7:00 to 24:00, 10 minutes from 0:00 to 7:00 (Shanghai)', () => {
    // 10:00 Shanghai = 02:00Z
    expect(deadlineOf('quickConsult', 'accept', anchors('2026-06-05T02:00:00Z'))).toEqual(at('2026-06-05T02:03:00Z'));
    // 02:00 Shanghai = 18:00Z the day before
    expect(deadlineOf('quickConsult', 'accept', anchors('2026-06-04T18:00:00Z'))).toEqual(at('2026-06-04T18:10:00Z'));
    // band edges: 06:59 → 10, 07:00 → 3, 23:59 → 3, 00:00 → 10
    expect(deadlineOf('quickConsult', 'accept', anchors('2026-06-04T22:59:00Z'))).toEqual(at('2026-06-04T23:09:00Z'));
    expect(deadlineOf('quickConsult', 'accept', anchors('2026-06-04T23:00:00Z'))).toEqual(at('2026-06-04T23:03:00Z'));
    expect(deadlineOf('quickConsult', 'accept', anchors('2026-06-04T15:59:00Z'))).toEqual(at('2026-06-04T16:02:00Z'));
    expect(deadlineOf('quickConsult', 'accept', anchors('2026-06-04T16:00:00Z'))).toEqual(at('2026-06-04T16:10:00Z'));
  });

  it('R4 expertConsult and familyDoctor: taken within 1 hour of the request', () => {
    expect(deadlineOf('expertConsult', 'accept', anchors('2026-06-05T02:00:00Z'))).toEqual(at('2026-06-05T03:00:00Z'));
    expect(deadlineOf('familyDoctor', 'accept', anchors('2026-06-04T18:00:00Z'))).toEqual(at('2026-06-04T19:00:00Z'));
  });

  it('R4 quickConsult session from the take-over: text 2 h, phone 10 min, video 15 min; text by default', () => {
    const taken = { stepAt: at('2026-06-05T02:05:00Z') };
    const a = (extra: Partial<DeadlineAnchors>): DeadlineAnchors =>
      anchors('2026-06-05T02:00:00Z', { ...taken, ...extra });
    expect(deadlineOf('quickConsult', 'complete', a({ mode: 'text' }))).toEqual(at('2026-06-05T04:05:00Z'));
    expect(deadlineOf('quickConsult', 'complete', a({ mode: 'phone' }))).toEqual(at('2026-06-05T02:15:00Z'));
    expect(deadlineOf('quickConsult', 'complete', a({ mode: 'video' }))).toEqual(at('2026-06-05T02:20:00Z'));
    expect(deadlineOf('quickConsult', 'complete', a({}))).toEqual(at('2026-06-05T04:05:00Z'));
  });

  it('R4 expertConsult session: phone 10 min, text 2 h; no video mode, so no deadline for one', () => {
    const a = anchors('2026-06-05T02:00:00Z', { stepAt: at('2026-06-05T02:30:00Z') });
    expect(deadlineOf('expertConsult', 'complete', { ...a, mode: 'phone' })).toEqual(at('2026-06-05T02:40:00Z'));
    expect(deadlineOf('expertConsult', 'complete', { ...a, mode: 'text' })).toEqual(at('2026-06-05T04:30:00Z'));
    expect(deadlineOf('expertConsult', 'complete', { ...a, mode: 'video' })).toBeNull();
  });
});

describe('R4 deadlineOf: no deadline', () => {
  it('R4 null when the order awaits nothing', () => {
    for (const key of ORDERABLE) expect(deadlineOf(key, null, anchors('2026-06-05T02:00:00Z'))).toBeNull();
  });

  it('R4 the visit (complete of a booked order) is due by 21:00 on the visit day', () => {
    const a = anchors('2026-06-05T02:00:00Z', { visitDate: '2026-06-10' });
    expect(deadlineOf('outpatientGreen', 'complete', a)?.toISOString()).toBe('2026-06-10T13:00:00.000Z');
    expect(deadlineOf('escort', 'complete', a)?.toISOString()).toBe('2026-06-10T13:00:00.000Z');
    // without a booked visit there is nothing to count from
    expect(deadlineOf('inpatientGreen', 'complete', anchors('2026-06-05T02:00:00Z'))).toBeNull();
  });

  it('R4 null for a step without an SLA (side steps, benefits without orders)', () => {
    const a = anchors('2026-06-05T02:00:00Z', { visitDate: '2026-06-10' });
    expect(deadlineOf('outpatientGreen', 'noShow', a)).toBeNull();
    expect(deadlineOf('butler', 'accept', a)).toBeNull();
  });

  it('R4 every step an order of an orderable benefit awaits on its path has a defined answer (Date or null)', () => {
    const a = anchors('2026-06-05T02:00:00Z', { visitDate: '2026-06-10' });
    for (const key of ORDERABLE) {
      for (const { step: s } of expectedOf(key).path) {
        const d = deadlineOf(key, s, a);
        if (d !== null) expect(d.getTime()).toBeGreaterThan(a.createdAt.getTime());
      }
    }
  });
});
