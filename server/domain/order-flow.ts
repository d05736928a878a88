/**
 * R3.2–R3.4 and R4: what each staff step and the member's cancel do to an order — its next
 * status, what happens to its unit, and which step is awaited next — read from the catalog's
 * workflow of the benefit. Pure: the app layer applies the answer in one transaction.
 */
import type { BenefitKey, LedgerChange, OrderStatus, QuotaState, StaffStep } from '../../typings/contract';
import { benefit, type ConsultMode, type Deadline } from './catalog';
import { addWorkingDays, clockDeadline, consultTakeoverMinutes, type CalendarOverrides } from './calendar';
import { addDays, atShanghai, shanghaiDay } from './time';

export const FINAL_STATUSES: readonly OrderStatus[] = ['completed', 'no_show', 'cancelled', 'failed'];

export function isFinal(status: OrderStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** What an order looks like to the rules: its state, not its form. */
export interface FlowState {
  benefit: BenefitKey;
  status: OrderStatus;
  quota: QuotaState;
  awaiting: StaffStep | null;
}

export interface Transition {
  status: OrderStatus;
  quota: QuotaState;
  awaiting: StaffStep | null;
  /** the pool moves to make, in order (R3.5: each one is a ledger row) */
  moves: LedgerChange[];
}

export type FlowAnswer = { ok: true; next: Transition } | { ok: false; reason: string };

const no = (reason: string): FlowAnswer => ({ ok: false, reason });

function stepsOf(key: BenefitKey): StaffStep[] {
  return benefit(key).workflow.steps.map((s) => s.step);
}

/** The forward step after `step` in the workflow, or null at the end. */
function nextForward(key: BenefitKey, step: StaffStep): StaffStep | null {
  const steps = stepsOf(key);
  const i = steps.indexOf(step);
  return i >= 0 ? (steps[i + 1] ?? null) : null;
}

/** The first step an order awaits when it is placed. */
export function firstStep(key: BenefitKey): StaffStep | null {
  return stepsOf(key)[0] ?? null;
}

/** A unit that is held goes back; one already used is held again first, then goes back (R3.5 rows). */
function giveBack(quota: QuotaState): { quota: QuotaState; moves: LedgerChange[] } {
  if (quota === 'held') return { quota: 'released', moves: ['release'] };
  if (quota === 'used') return { quota: 'released', moves: ['rehold', 'release'] };
  return { quota, moves: [] };
}

function commitIf(key: BenefitKey, step: StaffStep, quota: QuotaState): { quota: QuotaState; moves: LedgerChange[] } {
  if (benefit(key).workflow.commitAt === step && quota === 'held') return { quota: 'used', moves: ['use'] };
  return { quota, moves: [] };
}

/** Which staff steps the order allows now: the workbench offers exactly these. */
export function allowedSteps(o: FlowState): StaffStep[] {
  return (['accept', 'book', 'providerStop', 'fail', 'noShow', 'complete', 'followUp'] as const).filter(
    (s) => staffStep(o, s).ok,
  );
}

/** R3.2–R3.4 / R4: the effect of a staff step, or why it is not allowed now (INVALID_STATE). */
export function staffStep(o: FlowState, step: StaffStep): FlowAnswer {
  const wf = benefit(o.benefit).workflow;
  const steps = stepsOf(o.benefit);
  if (steps.length === 0) return no('此项权益没有服务流程');
  switch (step) {
    case 'accept':
    case 'book':
    case 'complete':
    case 'followUp': {
      if (!steps.includes(step)) return no('此项服务没有这一步');
      if (o.awaiting !== step) return no('当前不是这一步');
      // followUp is the satisfaction call after completion: the order stays completed
      const status: OrderStatus =
        step === 'accept' ? (wf.session ? 'in_service' : 'accepted') : step === 'book' ? 'booked' : 'completed';
      const q = commitIf(o.benefit, step, o.quota);
      return { ok: true, next: { status, quota: q.quota, awaiting: nextForward(o.benefit, step), moves: q.moves } };
    }
    case 'providerStop': {
      if (wf.providerStop === null) return no('此项服务没有停诊处理');
      if (o.status !== 'booked') return no('只有已预约的订单可以登记停诊');
      if (wf.providerStop === 'rebook') {
        // R3.3 a free rebooking: back to be booked, the used unit held again, nothing more taken
        const moves: LedgerChange[] = o.quota === 'used' ? ['rehold'] : [];
        return {
          ok: true,
          next: { status: 'accepted', quota: o.quota === 'used' ? 'held' : o.quota, awaiting: 'book', moves },
        };
      }
      // escort: a hospital stop, an epidemic stop or force majeure does not count (R3.2)
      const back = giveBack(o.quota);
      return { ok: true, next: { status: 'failed', quota: back.quota, awaiting: null, moves: back.moves } };
    }
    case 'fail': {
      if (isFinal(o.status) || o.status === 'booked' || o.status === 'in_service') {
        return no('当前状态不能标记为无法服务');
      }
      // R3.2: no service could be given — the unit goes back, also if first contact committed it
      const back = giveBack(o.quota);
      return { ok: true, next: { status: 'failed', quota: back.quota, awaiting: null, moves: back.moves } };
    }
    case 'noShow': {
      if (o.status !== 'booked' && o.status !== 'in_service') return no('只有已预约或服务中的订单可以登记爽约');
      // R3.3 after the commit point a no-show keeps the unit used (视同本次服务已完成)
      const q =
        o.quota === 'held' ? { quota: 'used' as const, moves: ['use' as const] } : { quota: o.quota, moves: [] };
      return { ok: true, next: { status: 'no_show', quota: q.quota, awaiting: null, moves: q.moves } };
    }
  }
}

export interface CancelAnswer {
  ok: boolean;
  reason: string;
  next?: Transition;
  /** what the member is told before confirming and after */
  consequence?: 'released' | 'kept' | 'none';
}

/** R3.2–R3.4: the member cancels (or withdraws). */
export function memberCancel(o: FlowState): CancelAnswer {
  const wf = benefit(o.benefit).workflow;
  if (isFinal(o.status)) return { ok: false, reason: '订单已结束，无法取消' };
  if (o.status === 'in_service') return { ok: false, reason: '服务进行中，无法取消；咨询可直接结束' };
  const committed = o.quota === 'used';
  if (committed && !wf.memberMayCancelAfterCommit) {
    // R3.4 a booked escort cannot be cancelled by the member
    return { ok: false, reason: '陪诊已预约成功，无法取消，如有变化请联系健康管家' };
  }
  if (o.quota === 'held') {
    return {
      ok: true,
      reason: '',
      consequence: 'released',
      next: { status: 'cancelled', quota: 'released', awaiting: null, moves: ['release'] },
    };
  }
  // R3.3 after the commit point the unit stays used; unlimited benefits have none to keep
  return {
    ok: true,
    reason: '',
    consequence: committed ? 'kept' : 'none',
    next: { status: 'cancelled', quota: o.quota, awaiting: null, moves: [] },
  };
}

export interface DeadlineAnchors {
  createdAt: Date;
  /** when the previous step happened (the awaited step's start) */
  stepAt: Date;
  /** the booked visit day, for steps counted from the visit */
  visitDate?: string;
  mode?: ConsultMode;
}

function endOfStaffDay(day: string): Date {
  return atShanghai(day, '21:00');
}

function anchorDay(from: 'created' | 'step' | 'visit', a: DeadlineAnchors): string | null {
  if (from === 'visit') return a.visitDate ?? null;
  return shanghaiDay(from === 'created' ? a.createdAt : a.stepAt);
}

/** R4: the deadline of the awaited step, or null when it has none. */
export function deadlineOf(
  key: BenefitKey,
  awaiting: StaffStep | null,
  a: DeadlineAnchors,
  overrides: CalendarOverrides = {},
): Date | null {
  if (!awaiting) return null;
  const wf = benefit(key).workflow;
  const d: Deadline | undefined = wf.sla[awaiting];
  if (!d) return null;
  switch (d.kind) {
    case 'workingDays': {
      const day = anchorDay(d.from, a);
      return day ? endOfStaffDay(addWorkingDays(day, d.n, overrides)) : null;
    }
    case 'days': {
      const day = anchorDay(d.from, a);
      return day ? endOfStaffDay(addDays(day, d.n)) : null;
    }
    case 'minutes':
      return clockDeadline(d.from === 'created' ? a.createdAt : a.stepAt, d.n);
    case 'takeover':
      return clockDeadline(a.createdAt, consultTakeoverMinutes(a.createdAt));
    case 'session': {
      const minutes = wf.session?.[a.mode ?? 'text'];
      return minutes === undefined ? null : clockDeadline(a.stepAt, minutes);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Consult sessions (R4: quick consult text 2 h after take-over, phone 10 min, video 15 min; expert
// text 2 h, phone 10 min; family doctor text 24 h). Taking the case opens the session; it ends by
// itself at its end, when the member ends it early, or when the doctor completes it.

/** What the session rules read from an order. */
export interface SessionFacts {
  benefit: BenefitKey;
  status: OrderStatus;
  /** the form's mode; benefits without one (family doctor) are text */
  mode?: ConsultMode;
  /** when the doctor took the case (the order's move to `in_service`); null before */
  takenAt: Date | null;
}

/** The session's length in minutes for this benefit and mode, or null when it has none. */
export function sessionMinutes(key: BenefitKey, mode: ConsultMode = 'text'): number | null {
  return benefit(key).workflow.session?.[mode] ?? null;
}

/** R4: when the session ends (take-over + the mode's minutes), null before take-over or without one. */
export function sessionEndsAt(o: SessionFacts): Date | null {
  const minutes = sessionMinutes(o.benefit, o.mode);
  if (minutes === null || o.takenAt === null) return null;
  return clockDeadline(o.takenAt, minutes);
}

/** Whether the conversation is open now: in service and before its end. */
export function sessionOpen(o: SessionFacts, now: Date): boolean {
  const ends = sessionEndsAt(o);
  return o.status === 'in_service' && ends !== null && now.getTime() < ends.getTime();
}

/** R4 the warning before the end (结束前 3 分钟提醒). */
export const SESSION_WARNING_MINUTES = 3;

/** Whether the session is open with SESSION_WARNING_MINUTES or less left. */
export function sessionEnding(o: SessionFacts, now: Date): boolean {
  const ends = sessionEndsAt(o);
  return sessionOpen(o, now) && ends !== null && ends.getTime() - now.getTime() <= SESSION_WARNING_MINUTES * 60_000;
}

function closeSession(o: FlowState): FlowAnswer {
  if (!benefit(o.benefit).workflow.session) return no('此项服务不是在线咨询');
  if (o.status !== 'in_service') return no(isFinal(o.status) ? '咨询已结束' : '医生接诊后才能结束咨询');
  // R3.2 the unit was committed when the doctor took the case: it stays used, nothing moves
  return { ok: true, next: { status: 'completed', quota: o.quota, awaiting: null, moves: [] } };
}

/** R4 the member ends a consult early (可提前结束): only a session in service → completed. */
export function memberEnd(o: FlowState): FlowAnswer {
  return closeSession(o);
}

/** R4 the session ends by itself (到时自动结束): the same completion, by the system. */
export function sessionTimeout(o: FlowState): FlowAnswer {
  return closeSession(o);
}
