/**
 * Every instant below is written with its offset, so the expectations do not depend on the zone
 * the test runs in; run this file under TZ=UTC and TZ=America/Los_Angeles as well (cloud
 * functions run in UTC, the rules count Shanghai days).
 */
import type { BenefitKey } from '../../typings/contract';
import {
  FAMILY_MAX,
  activationDeadline,
  benefitOpen,
  canActivate,
  canInvite,
  canJoin,
  canRemoveMember,
  cardStatus,
  expiresAt,
  familyMax,
  inviteExpiresAt,
  lastActivationDay,
  lastUsableDay,
  waitingUntil,
} from '../../server/domain/card-life';
import { BENEFIT_KEYS } from '../../server/domain/catalog';
import {
  SHANGHAI,
  addDays,
  formatInstant,
  isDay,
  parseInstant,
  shanghaiDay,
  startOfShanghaiDay,
} from '../../server/domain/time';

const at = (iso: string): Date => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`bad test instant ${iso}`);
  return d;
};

describe('Asia/Shanghai time', () => {
  it('names the zone', () => {
    expect(SHANGHAI).toBe('Asia/Shanghai');
  });

  it('shanghaiDay is the Shanghai calendar day, not the UTC one', () => {
    expect(shanghaiDay(at('2026-03-09T16:00:00Z'))).toBe('2026-03-10');
    expect(shanghaiDay(at('2026-03-09T15:59:59.999Z'))).toBe('2026-03-09');
    expect(shanghaiDay(at('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
  });

  it('formatInstant renders ISO 8601 with +08:00, to the second', () => {
    expect(formatInstant(at('2026-03-19T16:00:00Z'))).toBe('2026-03-20T00:00:00+08:00');
    expect(formatInstant(at('2026-04-05T15:59:59.999Z'))).toBe('2026-04-05T23:59:59+08:00');
    // A Shanghai wall time inside Los Angeles' 2026 spring-forward gap (02:00-03:00 local on
    // 03-08): dayjs's .tz() reads this hour wrong when the process runs in that zone.
    expect(formatInstant(at('2026-03-07T18:30:00Z'))).toBe('2026-03-08T02:30:00+08:00');
    expect(formatInstant(at('2026-11-01T09:30:00Z'))).toBe('2026-11-01T17:30:00+08:00');
  });

  it('formatInstant and shanghaiDay agree with a fixed +8 h shift over two years', () => {
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2028, 0, 1); t += 3_600_000 * 7 + 123_456) {
      const shifted = new Date(t + 8 * 3_600_000).toISOString();
      expect(formatInstant(new Date(t))).toBe(`${shifted.slice(0, 19)}+08:00`);
      expect(shanghaiDay(new Date(t))).toBe(shifted.slice(0, 10));
    }
  });

  it('startOfShanghaiDay is 00:00 +08:00, i.e. 16:00 UTC the day before', () => {
    expect(startOfShanghaiDay('2026-03-20').toISOString()).toBe('2026-03-19T16:00:00.000Z');
    expect(startOfShanghaiDay('2028-02-29').toISOString()).toBe('2028-02-28T16:00:00.000Z');
    expect(() => startOfShanghaiDay('2026-02-30')).toThrow(RangeError);
  });

  it('parseInstant needs an explicit offset and a real date', () => {
    expect(parseInstant('2026-03-20T00:00:00+08:00')?.toISOString()).toBe('2026-03-19T16:00:00.000Z');
    expect(parseInstant('2026-03-19T16:00:00Z')?.toISOString()).toBe('2026-03-19T16:00:00.000Z');
    expect(parseInstant('2026-03-19T16:00:00.5Z')?.toISOString()).toBe('2026-03-19T16:00:00.500Z');
    expect(parseInstant('2026-03-20T00:00:00')).toBeNull();
    expect(parseInstant('2026-03-20')).toBeNull();
    expect(parseInstant('2026-02-30T00:00:00+08:00')).toBeNull();
    expect(parseInstant('2026-03-20T24:00:00+08:00')).toBeNull();
    expect(parseInstant('yesterday')).toBeNull();
    const d = at('2026-07-01T12:34:56+08:00');
    expect(parseInstant(formatInstant(d))?.getTime()).toBe(d.getTime());
  });

  it('addDays counts calendar days across months, leap days and years', () => {
    expect(addDays('2026-01-05', 90)).toBe('2026-04-05');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2028-02-29')).toBe(true);
  });
});

describe('R2.2 activation window', () => {
  it('R2.2 order 2026-01-05 → last day 2026-04-05', () => {
    expect(lastActivationDay('2026-01-05')).toBe('2026-04-05');
  });

  it('R2.2 the deadline is the last millisecond of that day in Shanghai', () => {
    const deadline = activationDeadline('2026-01-05');
    expect(deadline.toISOString()).toBe('2026-04-05T15:59:59.999Z');
    expect(formatInstant(deadline)).toBe('2026-04-05T23:59:59+08:00');
  });

  it('R2.2 2026-04-05 23:59:59 +08:00 is allowed, 2026-04-06 00:00 +08:00 is refused', () => {
    expect(canActivate('2026-01-05', at('2026-04-05T23:59:59+08:00'))).toBe(true);
    expect(canActivate('2026-01-05', at('2026-04-05T23:59:59.999+08:00'))).toBe(true);
    expect(canActivate('2026-01-05', at('2026-04-06T00:00:00+08:00'))).toBe(false);
    expect(canActivate('2026-01-05', at('2026-04-06T12:00:00+08:00'))).toBe(false);
  });

  it('R2.2 counts the Shanghai day even when UTC is still on the previous one', () => {
    // 2026-04-05T17:00Z is already 04-06 01:00 in Shanghai: closed.
    expect(canActivate('2026-01-05', at('2026-04-05T17:00:00Z'))).toBe(false);
    // 2026-04-05T15:00Z is 04-05 23:00 in Shanghai: still open.
    expect(canActivate('2026-01-05', at('2026-04-05T15:00:00Z'))).toBe(true);
  });

  it('R2.2 the window runs across a leap February and a year end', () => {
    expect(lastActivationDay('2027-12-15')).toBe('2028-03-14');
    expect(lastActivationDay('2026-10-10')).toBe('2027-01-08');
    expect(formatInstant(activationDeadline('2027-12-15'))).toBe('2028-03-14T23:59:59+08:00');
  });
});

describe('R2.4 waiting period', () => {
  it('R2.4 activated 2026-03-10 01:00 +08:00 (2026-03-09T17:00Z) → open on 2026-03-20 00:00 +08:00', () => {
    const activated = at('2026-03-09T17:00:00Z');
    expect(formatInstant(waitingUntil(activated))).toBe('2026-03-20T00:00:00+08:00');
    expect(waitingUntil(activated).toISOString()).toBe('2026-03-19T16:00:00.000Z');
  });

  it('R2.4 any hour of the activation day gives the same end', () => {
    for (const hour of ['00:00:00', '08:00:00', '15:59:59', '23:59:59.999']) {
      expect(formatInstant(waitingUntil(at(`2026-03-10T${hour}+08:00`)))).toBe('2026-03-20T00:00:00+08:00');
    }
    expect(formatInstant(waitingUntil(at('2026-03-09T23:59:59+08:00')))).toBe('2026-03-19T00:00:00+08:00');
  });

  it('R2.4 the card is waiting until 2026-03-20 00:00 +08:00, then active', () => {
    const card = { activatedAt: at('2026-03-10T01:00:00+08:00') };
    expect(cardStatus(card, at('2026-03-10T01:00:00+08:00'))).toBe('waiting');
    expect(cardStatus(card, at('2026-03-19T23:59:59.999+08:00'))).toBe('waiting');
    expect(cardStatus(card, at('2026-03-20T00:00:00+08:00'))).toBe('active');
  });

  it('R2.4 during waiting, butler, healthRecord and knowledge are open; every other benefit answers WAITING_PERIOD', () => {
    const open = (key: BenefitKey) => benefitOpen(key, 'premium', { status: 'waiting', role: 'holder' });
    expect(open('butler')).toEqual({ open: true });
    expect(open('healthRecord')).toEqual({ open: true });
    expect(open('knowledge')).toEqual({ open: true });
    const waiting = BENEFIT_KEYS.filter((k) => !['butler', 'healthRecord', 'knowledge'].includes(k));
    expect(waiting).toHaveLength(9);
    for (const key of waiting) expect(open(key)).toEqual({ open: false, code: 'WAITING_PERIOD' });
  });

  it('R2.4 after waiting every benefit of the edition is open', () => {
    for (const key of BENEFIT_KEYS) {
      expect(benefitOpen(key, 'premium', { status: 'active', role: 'holder' })).toEqual({ open: true });
    }
  });
});

describe('R2.5 validity', () => {
  const activated = at('2026-03-10T01:00:00+08:00');

  it('R2.5 activated 2026-03-10 → usable until 2027-03-09 23:59:59, expired from 2027-03-10 00:00', () => {
    expect(formatInstant(expiresAt(activated))).toBe('2027-03-10T00:00:00+08:00');
    expect(lastUsableDay(activated)).toBe('2027-03-09');
    expect(cardStatus({ activatedAt: activated }, at('2027-03-09T23:59:59+08:00'))).toBe('active');
    expect(cardStatus({ activatedAt: activated }, at('2027-03-09T23:59:59.999+08:00'))).toBe('active');
    expect(cardStatus({ activatedAt: activated }, at('2027-03-10T00:00:00+08:00'))).toBe('expired');
    expect(cardStatus({ activatedAt: activated }, at('2030-01-01T00:00:00+08:00'))).toBe('expired');
  });

  it('R2.5 the activation day is the Shanghai one (late evening UTC is the next day)', () => {
    // 2026-12-31T20:00Z is 2027-01-01 04:00 in Shanghai.
    const d = at('2026-12-31T20:00:00Z');
    expect(formatInstant(expiresAt(d))).toBe('2028-01-01T00:00:00+08:00');
    expect(formatInstant(waitingUntil(d))).toBe('2027-01-11T00:00:00+08:00');
  });

  it('R2.5 a 29 February activation is usable through 28 February and expires on 1 March', () => {
    const leap = at('2028-02-29T12:00:00+08:00');
    expect(lastUsableDay(leap)).toBe('2029-02-28');
    expect(formatInstant(expiresAt(leap))).toBe('2029-03-01T00:00:00+08:00');
    expect(formatInstant(expiresAt(at('2028-02-28T12:00:00+08:00')))).toBe('2029-02-28T00:00:00+08:00');
    expect(formatInstant(expiresAt(at('2027-02-28T12:00:00+08:00')))).toBe('2028-02-28T00:00:00+08:00');
    // Into a leap year, 29 February is an ordinary usable day.
    expect(lastUsableDay(at('2027-03-01T12:00:00+08:00'))).toBe('2028-02-29');
  });

  it('R2.5 an expired card answers CARD_EXPIRED for everything, butler included', () => {
    for (const key of BENEFIT_KEYS) {
      expect(benefitOpen(key, 'premium', { status: 'expired', role: 'holder' })).toEqual({
        open: false,
        code: 'CARD_EXPIRED',
      });
    }
  });

  it('an unactivated card is inactive and opens nothing (INVALID_STATE)', () => {
    expect(cardStatus({ activatedAt: null }, at('2026-03-10T00:00:00+08:00'))).toBe('inactive');
    expect(benefitOpen('butler', 'pro', { status: 'inactive', role: 'holder' })).toEqual({
      open: false,
      code: 'INVALID_STATE',
    });
  });
});

describe('R1 / R1.3 / R3.2 benefitOpen reasons', () => {
  it('R1 expertConsult is not included on pro, whatever the card state', () => {
    for (const status of ['inactive', 'waiting', 'active', 'expired'] as const) {
      expect(benefitOpen('expertConsult', 'pro', { status, role: 'holder' })).toEqual({
        open: false,
        code: 'BENEFIT_NOT_INCLUDED',
      });
    }
    expect(benefitOpen('expertConsult', 'premium', { status: 'active', role: 'member' })).toEqual({ open: true });
  });

  it('R1.3 escort is for the holder alone: a member gets HOLDER_ONLY, even during waiting', () => {
    expect(benefitOpen('escort', 'premium', { status: 'active', role: 'member' })).toEqual({
      open: false,
      code: 'HOLDER_ONLY',
    });
    expect(benefitOpen('escort', 'premium', { status: 'waiting', role: 'member' })).toEqual({
      open: false,
      code: 'HOLDER_ONLY',
    });
    expect(benefitOpen('escort', 'pro', { status: 'active', role: 'holder' })).toEqual({ open: true });
    expect(benefitOpen('quickConsult', 'premium', { status: 'active', role: 'member' })).toEqual({ open: true });
  });

  it('R3.2 an empty pool closes the benefit; unlimited (null) never does', () => {
    const ctx = { status: 'active', role: 'holder' } as const;
    expect(benefitOpen('quickConsult', 'pro', { ...ctx, remaining: 0 })).toEqual({
      open: false,
      code: 'QUOTA_EXHAUSTED',
    });
    expect(benefitOpen('quickConsult', 'pro', { ...ctx, remaining: 1 })).toEqual({ open: true });
    expect(benefitOpen('familyDoctor', 'pro', { ...ctx, remaining: null })).toEqual({ open: true });
    // The waiting period is the reason a waiting member should hear, not the pool.
    expect(benefitOpen('quickConsult', 'pro', { status: 'waiting', role: 'holder', remaining: 0 })).toEqual({
      open: false,
      code: 'WAITING_PERIOD',
    });
  });
});

describe('R2.6 family', () => {
  const premium = { edition: 'premium', status: 'active', members: 0 } as const;

  it('R2.6 at most 3 members on premium; R1.2 none on pro', () => {
    expect(FAMILY_MAX).toBe(3);
    expect(familyMax('premium')).toBe(3);
    expect(familyMax('pro')).toBe(0);
  });

  it('R2.6 the premium holder may invite while fewer than 3 members, also during waiting', () => {
    expect(canInvite(premium, 'holder')).toEqual({ ok: true });
    expect(canInvite({ ...premium, members: 2 }, 'holder')).toEqual({ ok: true });
    expect(canInvite({ ...premium, status: 'waiting' }, 'holder')).toEqual({ ok: true });
    expect(canInvite({ ...premium, members: 3 }, 'holder')).toEqual({ ok: false, code: 'FAMILY_FULL' });
  });

  it('R2.6 members cannot invite; pro has no family; dead cards take no one', () => {
    expect(canInvite(premium, 'member')).toEqual({ ok: false, code: 'HOLDER_ONLY' });
    expect(canInvite({ ...premium, edition: 'pro' }, 'holder')).toEqual({
      ok: false,
      code: 'BENEFIT_NOT_INCLUDED',
    });
    expect(canInvite({ ...premium, status: 'inactive' }, 'holder')).toEqual({ ok: false, code: 'INVALID_STATE' });
    expect(canInvite({ ...premium, status: 'expired' }, 'holder')).toEqual({ ok: false, code: 'CARD_EXPIRED' });
  });

  it('R2.6 joining checks the room again at acceptance (FAMILY_FULL)', () => {
    expect(canJoin({ ...premium, members: 2 })).toEqual({ ok: true });
    expect(canJoin({ ...premium, members: 3 })).toEqual({ ok: false, code: 'FAMILY_FULL' });
  });

  it('R2.6 the holder removes a member without an open order; nobody removes the holder', () => {
    expect(canRemoveMember('holder', { role: 'member', hasOpenOrder: false })).toEqual({ ok: true });
    expect(canRemoveMember('holder', { role: 'member', hasOpenOrder: true })).toEqual({
      ok: false,
      code: 'INVALID_STATE',
    });
    expect(canRemoveMember('member', { role: 'member', hasOpenOrder: false })).toEqual({
      ok: false,
      code: 'HOLDER_ONLY',
    });
    expect(canRemoveMember('holder', { role: 'holder', hasOpenOrder: false })).toEqual({
      ok: false,
      code: 'INVALID_STATE',
    });
  });

  it('R2.6 an invite is valid 72 hours', () => {
    expect(formatInstant(inviteExpiresAt(at('2026-03-20T10:00:00+08:00')))).toBe('2026-03-23T10:00:00+08:00');
  });
});
