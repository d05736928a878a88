/**
 * R4 consult sessions, pure rules (server/domain/order-flow.ts): when a session ends (take-over +
 * the mode's minutes from the catalog), whether it is open, the 3-minute warning, and the member's
 * early end / the end by itself (→ completed, the unit committed at take-over stays used).
 * Instants are written in UTC with their Shanghai wall time beside them.
 */
import type { BenefitKey, OrderStatus, QuotaState, StaffStep } from '../../typings/contract';
import type { ConsultMode } from '../../server/domain/catalog';
import {
  FINAL_STATUSES,
  deadlineOf,
  memberEnd,
  sessionEnding,
  sessionEndsAt,
  sessionMinutes,
  sessionOpen,
  sessionTimeout,
  staffStep,
  type FlowState,
  type SessionFacts,
} from '../../server/domain/order-flow';

const at = (iso: string): Date => new Date(iso);
const plus = (d: Date, minutes: number): Date => new Date(d.getTime() + minutes * 60_000);

/** 2026-06-01 10:00 Shanghai */
const TAKEN = at('2026-06-01T02:00:00Z');

const facts = (benefit: BenefitKey, mode?: ConsultMode, over: Partial<SessionFacts> = {}): SessionFacts => ({
  benefit,
  status: 'in_service',
  ...(mode ? { mode } : {}),
  takenAt: TAKEN,
  ...over,
});

const flow = (benefit: BenefitKey, status: OrderStatus, quota: QuotaState, awaiting: StaffStep | null): FlowState => ({
  benefit,
  status,
  quota,
  awaiting,
});

describe('R4 sessionEndsAt: take-over + the mode’s minutes (catalog)', () => {
  it.each([
    ['quickConsult', 'text', 120, '2026-06-01T04:00:00Z'],
    ['quickConsult', 'phone', 10, '2026-06-01T02:10:00Z'],
    ['quickConsult', 'video', 15, '2026-06-01T02:15:00Z'],
    ['expertConsult', 'text', 120, '2026-06-01T04:00:00Z'],
    ['expertConsult', 'phone', 10, '2026-06-01T02:10:00Z'],
  ] as const)('%s %s: %i minutes → %s', (benefit, mode, minutes, end) => {
    expect(sessionMinutes(benefit, mode)).toBe(minutes);
    expect(sessionEndsAt(facts(benefit, mode))).toEqual(at(end));
  });

  it('familyDoctor has no mode: text, 24 hours', () => {
    expect(sessionMinutes('familyDoctor')).toBe(24 * 60);
    expect(sessionEndsAt(facts('familyDoctor'))).toEqual(at('2026-06-02T02:00:00Z'));
  });

  it('expertConsult has no video; benefits without a session have no end', () => {
    expect(sessionMinutes('expertConsult', 'video')).toBeNull();
    expect(sessionEndsAt(facts('expertConsult', 'video'))).toBeNull();
    for (const key of ['outpatientGreen', 'assessment', 'reportReading', 'escort', 'butler'] as const) {
      expect(sessionMinutes(key)).toBeNull();
      expect(sessionEndsAt(facts(key))).toBeNull();
    }
  });

  it('before take-over there is no end yet', () => {
    expect(sessionEndsAt(facts('quickConsult', 'text', { status: 'submitted', takenAt: null }))).toBeNull();
  });

  it('agrees with the deadline of the awaited completion (dueAt)', () => {
    for (const [benefit, mode] of [
      ['quickConsult', 'text'],
      ['quickConsult', 'phone'],
      ['quickConsult', 'video'],
      ['expertConsult', 'phone'],
      ['familyDoctor', 'text'],
    ] as const) {
      expect(sessionEndsAt(facts(benefit, mode))).toEqual(
        deadlineOf(benefit, 'complete', { createdAt: plus(TAKEN, -2), stepAt: TAKEN, mode }),
      );
    }
  });

  it('does not depend on the process time zone (Asia/Shanghai wall clock is not read)', () => {
    // 23:30 Shanghai + 2 h crosses midnight: a clock deadline, no calendar
    const late = at('2026-06-01T15:30:00Z');
    expect(sessionEndsAt(facts('quickConsult', 'text', { takenAt: late }))).toEqual(at('2026-06-01T17:30:00Z'));
  });
});

describe('R4 sessionOpen: in service and before its end', () => {
  const f = facts('quickConsult', 'text');
  it('open from take-over up to the last millisecond before the end, closed at the end', () => {
    expect(sessionOpen(f, TAKEN)).toBe(true);
    expect(sessionOpen(f, plus(TAKEN, 119))).toBe(true);
    expect(sessionOpen(f, new Date(plus(TAKEN, 120).getTime() - 1))).toBe(true);
    expect(sessionOpen(f, plus(TAKEN, 120))).toBe(false);
    expect(sessionOpen(f, plus(TAKEN, 600))).toBe(false);
  });

  it('closed in any other status, whatever the time', () => {
    for (const status of ['submitted', 'accepted', 'booked', ...FINAL_STATUSES] as const) {
      expect(sessionOpen({ ...f, status }, plus(TAKEN, 1))).toBe(false);
    }
  });

  it('closed without a take-over or without a session', () => {
    expect(sessionOpen({ ...f, takenAt: null }, TAKEN)).toBe(false);
    expect(sessionOpen(facts('assessment', undefined, { status: 'in_service' }), TAKEN)).toBe(false);
  });
});

describe('R4 the warning at 3 minutes left', () => {
  it.each([
    ['phone', 6, false],
    ['phone', 7, true],
    ['phone', 9, true],
    ['phone', 10, false],
    ['video', 11, false],
    ['video', 12, true],
    ['text', 116, false],
    ['text', 117, true],
  ] as const)('quickConsult %s, %i minutes after take-over → %s', (mode, minutes, warn) => {
    expect(sessionEnding(facts('quickConsult', mode), plus(TAKEN, minutes))).toBe(warn);
  });
});

describe('R4 memberEnd: the member ends a session early', () => {
  it.each([
    ['quickConsult', 'used'],
    ['expertConsult', 'used'],
    ['familyDoctor', 'none'],
  ] as const)('%s in service → completed, the unit stays %s, nothing moves, nothing awaited', (benefit, quota) => {
    expect(memberEnd(flow(benefit, 'in_service', quota, 'complete'))).toEqual({
      ok: true,
      next: { status: 'completed', quota, awaiting: null, moves: [] },
    });
  });

  it('the same completion as the doctor’s complete step (R3.2: committed at take-over)', () => {
    const o = flow('quickConsult', 'in_service', 'used', 'complete');
    const byDoctor = staffStep(o, 'complete');
    const byMember = memberEnd(o);
    expect(byMember.ok && byDoctor.ok && byMember.next).toEqual(byDoctor.ok ? byDoctor.next : null);
  });

  it('before take-over: not yet (the member withdraws with cancel instead)', () => {
    const answer = memberEnd(flow('quickConsult', 'submitted', 'held', 'accept'));
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.reason).toMatch(/接诊后/);
  });

  it.each(FINAL_STATUSES.map((s) => [s]))('after the end (%s): INVALID_STATE reason', (status) => {
    const answer = memberEnd(flow('quickConsult', status, 'used', null));
    expect(answer).toEqual({ ok: false, reason: '咨询已结束' });
  });

  it('orders without a session cannot be ended', () => {
    for (const key of ['outpatientGreen', 'assessment', 'escort'] as const) {
      expect(memberEnd(flow(key, 'accepted', 'held', 'book')).ok).toBe(false);
    }
  });
});

describe('R4 sessionTimeout: the session ends by itself', () => {
  it('in service → completed like the member’s end; anything else is refused', () => {
    expect(sessionTimeout(flow('quickConsult', 'in_service', 'used', 'complete'))).toEqual({
      ok: true,
      next: { status: 'completed', quota: 'used', awaiting: null, moves: [] },
    });
    expect(sessionTimeout(flow('quickConsult', 'completed', 'used', null)).ok).toBe(false);
    expect(sessionTimeout(flow('quickConsult', 'submitted', 'held', 'accept')).ok).toBe(false);
  });
});
