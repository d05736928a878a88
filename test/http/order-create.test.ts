/**
 * order.create's refusals and retries through the real local cloud: the card's state (R2.4,
 * R2.5), the edition (R1 table), holder-only benefits (R1.3), the pool (R3.2), eligibility (R4.1–
 * R4.4), malformed requests (contract: INVALID_ARGUMENT changes nothing) and R3.6 idempotency.
 * After every refusal the card's pools, its ledger and the caller's orders are as before.
 *
 * Seed 'demo' for its directory (escort hospitals); cards, people and staff are the test's own.
 */
import type { Card, LedgerRow, Order } from '../../typings/contract';
import {
  ESCORT_VISIT,
  FORMS,
  STAFF,
  TODAY,
  WANTED,
  expectError,
  fileIn,
  newCardToday,
  rid,
  useKit,
  type TestCard,
} from './order-kit';

const { kit, clock } = useKit('demo', TODAY, { reconcile: true });

function card(edition: 'pro' | 'premium', members = 0): Promise<TestCard> {
  return newCardToday(kit, clock, edition, members);
}

interface Snapshot {
  pools: Card['benefits'];
  ledger: LedgerRow[];
  orders: Order[];
}

async function snapshot(c: TestCard): Promise<Snapshot> {
  return {
    pools: (await kit.cardOf(c.holder.openid, c.cardId)).benefits.map((b) => ({ ...b, open: false })),
    ledger: await kit.ledger(c),
    orders: [
      ...(await kit.list(c.holder.openid)),
      ...(await Promise.all(c.members.map((m) => kit.list(m.openid)))).flat(),
    ],
  };
}

/** Runs `refused` and checks it changed nothing on the card. */
async function unchanged(c: TestCard, refused: () => Promise<void>): Promise<void> {
  const before = await snapshot(c);
  await refused();
  expect(await snapshot(c)).toEqual(before);
}

// ---------------------------------------------------------------------------------------------

describe('the card’s state on create', () => {
  it('R2.4 WAITING_PERIOD until 00:00 on the 10th day after activation, then open', async () => {
    const c = await kit.newCard('premium', '2026-05-10T23:30:00+08:00');
    await clock.set('2026-05-19T23:59:59+08:00');
    await unchanged(c, async () => {
      for (const [benefit, form] of [
        ['quickConsult', FORMS.quickConsult()],
        ['familyDoctor', FORMS.familyDoctor()],
        ['assessment', FORMS.assessment()],
      ] as const) {
        expectError(await kit.create(c.holder.openid, c, benefit, form), 'WAITING_PERIOD');
      }
    });
    await clock.set('2026-05-20T00:00:00+08:00');
    await kit.order(c.holder.openid, c, 'quickConsult', FORMS.quickConsult());
  });

  it('R2.5 CARD_EXPIRED from 00:00 on the anniversary of the activation day', async () => {
    const c = await card('premium');
    await clock.set('2027-05-09T23:59:59+08:00');
    const last = await kit.order(c.holder.openid, c, 'quickConsult', FORMS.quickConsult());
    await clock.set('2027-05-10T00:00:00+08:00');
    await unchanged(c, async () => {
      expectError(await kit.create(c.holder.openid, c, 'quickConsult', FORMS.quickConsult()), 'CARD_EXPIRED');
      expectError(await kit.create(c.holder.openid, c, 'familyDoctor', FORMS.familyDoctor()), 'CARD_EXPIRED');
    });
    // R2.5 an order placed before expiry is still served
    await kit.step(STAFF.doctor, { orderId: last.orderId, step: 'accept' });
  });

  it('R1 table BENEFIT_NOT_INCLUDED for expertConsult on pro; butler/healthRecord/knowledge take no orders', async () => {
    const c = await card('pro');
    await unchanged(c, async () => {
      expectError(await kit.create(c.holder.openid, c, 'expertConsult', FORMS.expertConsult()), 'BENEFIT_NOT_INCLUDED');
      for (const benefit of ['butler', 'healthRecord', 'knowledge']) {
        expectError(
          await kit.createRaw(c.holder.openid, { cardId: c.cardId, benefit, requestId: rid(), form: {} }),
          'INVALID_ARGUMENT',
        );
      }
    });
  });

  it('R1.3 HOLDER_ONLY: a member ordering escort, or the holder ordering escort for a member', async () => {
    const c = await card('premium', 1);
    const m = c.members[0];
    if (!m) throw new Error('no member');
    await unchanged(c, async () => {
      expectError(await kit.create(m.openid, c, 'escort', FORMS.escort(ESCORT_VISIT)), 'HOLDER_ONLY');
      expectError(
        await kit.create(c.holder.openid, c, 'escort', FORMS.escort(ESCORT_VISIT), { personId: m.memberId }),
        'HOLDER_ONLY',
      );
    });
    await kit.order(c.holder.openid, c, 'escort', FORMS.escort(ESCORT_VISIT));
  });

  it('R4.5 the served person must be on the card → NOT_ELIGIBLE', async () => {
    const c = await card('premium');
    const other = await card('premium');
    await unchanged(c, async () => {
      expectError(
        await kit.create(c.holder.openid, c, 'quickConsult', FORMS.quickConsult(), { personId: other.holder.memberId }),
        'NOT_ELIGIBLE',
      );
    });
  });

  it('R3.2 QUOTA_EXHAUSTED when the pool is empty (pro assessment: 1); a released unit can be ordered again', async () => {
    const c = await card('pro');
    const first = await kit.order(c.holder.openid, c, 'assessment', FORMS.assessment());
    expect(await kit.pool(c, 'assessment')).toEqual({ used: 0, held: 1, remaining: 0 });
    expect((await kit.benefit(c.holder.openid, c.cardId, 'assessment')).open).toBe(false);
    await unchanged(c, async () => {
      expectError(await kit.create(c.holder.openid, c, 'assessment', FORMS.assessment()), 'QUOTA_EXHAUSTED');
    });
    await kit.cancel(c.holder.openid, first.orderId);
    expect(await kit.pool(c, 'assessment')).toEqual({ used: 0, held: 0, remaining: 1 });
    const second = await kit.order(c.holder.openid, c, 'assessment', FORMS.assessment());
    await kit.step(STAFF.manager, { orderId: second.orderId, step: 'accept' });
    await unchanged(c, async () => {
      expectError(await kit.create(c.holder.openid, c, 'assessment', FORMS.assessment()), 'QUOTA_EXHAUSTED');
    });
    expect(await kit.pool(c, 'assessment')).toEqual({ used: 1, held: 0, remaining: 0 });
  });
});

describe('eligibility on create (NOT_ELIGIBLE, with the reason)', () => {
  it.each([
    ['the 2nd working day (R4.2)', '2026-06-03'],
    ['the 6th working day (R4.2)', '2026-06-09'],
    ['a Sunday inside the window (R4.2)', '2026-06-07'],
    ['today (R4.2)', '2026-06-01'],
  ])('outpatientGreen wanted on %s', async (_what, wantedDate) => {
    const c = await card('premium');
    await unchanged(c, async () => {
      const msg = expectError(
        await kit.create(c.holder.openid, c, 'outpatientGreen', FORMS.outpatientGreen(wantedDate)),
        'NOT_ELIGIBLE',
      );
      // the member is told the dates that can be chosen
      expect(msg).toContain('6月4日、6月5日、6月8日');
    });
  });

  it.each(['产科', '口腔美容保健科', '整形美容科', '放射科', '康复医学科', '体检中心'])(
    'outpatientGreen in an excluded department (R4.1): %s',
    async (department) => {
      const c = await card('premium');
      await unchanged(c, async () => {
        expectError(
          await kit.create(c.holder.openid, c, 'outpatientGreen', FORMS.outpatientGreen(WANTED, department)),
          'NOT_ELIGIBLE',
        );
      });
    },
  );

  it('outpatientGreen: 妇产科 is served, and every day of the window is', async () => {
    const c = await card('premium');
    for (const day of ['2026-06-04', '2026-06-05', '2026-06-08']) {
      await kit.order(c.holder.openid, c, 'outpatientGreen', FORMS.outpatientGreen(day, '妇产科'));
    }
  });

  it.each(['高血压', '恶性肿瘤', '轻度脑中风后遗症'])(
    'inpatientGreen for a disease not in the R4.3 list: %s',
    async (disease) => {
      const c = await card('premium');
      await unchanged(c, async () => {
        expectError(
          await kit.create(
            c.holder.openid,
            c,
            'inpatientGreen',
            FORMS.inpatientGreen(await kit.uploadDir(c.holder.openid), '2026-06-10', disease),
          ),
          'NOT_ELIGIBLE',
        );
      });
    },
  );

  it.each([
    ['an excluded purpose: 门诊输液', FORMS.escort(ESCORT_VISIT, '门诊输液')],
    ['an excluded purpose: 门诊手术', FORMS.escort(ESCORT_VISIT, '门诊手术')],
    ['an excluded purpose: 产检', FORMS.escort(ESCORT_VISIT, '产检')],
    ['no registration yet', { ...FORMS.escort(ESCORT_VISIT), registered: false }],
    ['a hospital not in the directory', { ...FORMS.escort(ESCORT_VISIT), hospital: '某某民营诊所' }],
    ['an inpatient', { ...FORMS.escort(ESCORT_VISIT), conditions: ['inpatient'] }],
    ['a visit before the escort manager can call', FORMS.escort('2026-06-02T09:00:00+08:00')],
  ])('escort (R4.4) with %s', async (_what, form) => {
    const c = await card('premium');
    await unchanged(c, async () => {
      expectError(await kit.create(c.holder.openid, c, 'escort', form), 'NOT_ELIGIBLE');
    });
  });

  it.each([
    ['an unknown id', 'e-999'],
    ['a hospital of the directory', 'h-zsyy'],
    ['an article of the directory', 'a-001'],
    ['a family doctor of the directory', 'd-001'],
  ])(
    'contract order.create form: expertConsult with %s as expertId → INVALID_ARGUMENT (choose from the expert list)',
    async (_what, expertId) => {
      const c = await card('premium');
      await unchanged(c, async () => {
        expectError(
          await kit.create(c.holder.openid, c, 'expertConsult', { ...FORMS.expertConsult(), expertId }),
          'INVALID_ARGUMENT',
        );
      });
    },
  );

  it('contract order.create form: familyDoctor: a doctorId must be a family doctor of the list (INVALID_ARGUMENT otherwise)', async () => {
    const c = await card('premium');
    await unchanged(c, async () => {
      for (const doctorId of ['d-999', 'e-001', 'h-zsyy']) {
        expectError(
          await kit.create(c.holder.openid, c, 'familyDoctor', { ...FORMS.familyDoctor(), doctorId }),
          'INVALID_ARGUMENT',
        );
      }
    });
    await kit.signFamilyDoctor(c.holder.openid, c, { doctorId: 'd-001' });
    const o = await kit.order(c.holder.openid, c, 'familyDoctor', { ...FORMS.familyDoctor(), doctorId: 'd-001' });
    expect(o.form).toMatchObject({ doctorId: 'd-001' });
  });

  it('the escort reason names the exclusion', async () => {
    const c = await card('premium');
    const msg = expectError(
      await kit.create(c.holder.openid, c, 'escort', FORMS.escort(ESCORT_VISIT, '门诊输液')),
      'NOT_ELIGIBLE',
    );
    expect(msg).toContain('门诊输液');
  });
});

describe('contract Envelope: a malformed request → INVALID_ARGUMENT, nothing changes', () => {
  const long = '头'.repeat(600);
  /** `dir`: the holder's upload folder, so that only the named thing is wrong */
  const cases: [string, (c: TestCard, dir: string) => Record<string, unknown>][] = [
    [
      'an unknown form key',
      (c) => ({
        cardId: c.cardId,
        benefit: 'quickConsult',
        requestId: rid(),
        form: { ...FORMS.quickConsult(), doctor: '王医生' },
      }),
    ],
    [
      'a doctor named on an outpatient form (R4.1)',
      (c) => ({
        cardId: c.cardId,
        benefit: 'outpatientGreen',
        requestId: rid(),
        form: { ...FORMS.outpatientGreen(WANTED), doctorName: '林正华' },
      }),
    ],
    [
      'an unknown top-level key',
      (c) => ({
        cardId: c.cardId,
        benefit: 'quickConsult',
        requestId: rid(),
        form: FORMS.quickConsult(),
        priority: 'high',
      }),
    ],
    [
      'a wrong type: mode',
      (c) => ({
        cardId: c.cardId,
        benefit: 'quickConsult',
        requestId: rid(),
        form: { description: '头痛', mode: 'fax' },
      }),
    ],
    [
      'a wrong type: registered',
      (c) => ({
        cardId: c.cardId,
        benefit: 'escort',
        requestId: rid(),
        form: { ...FORMS.escort(ESCORT_VISIT), registered: 'yes' },
      }),
    ],
    [
      'a wrong type: records',
      (c, dir) => ({
        cardId: c.cardId,
        benefit: 'inpatientGreen',
        requestId: rid(),
        form: { ...FORMS.inpatientGreen(dir, '2026-06-10'), records: fileIn(dir, 'orders/a.jpg') },
      }),
    ],
    [
      'a 600-character description',
      (c) => ({
        cardId: c.cardId,
        benefit: 'quickConsult',
        requestId: rid(),
        form: { description: long, mode: 'text' },
      }),
    ],
    [
      'an empty description',
      (c) => ({
        cardId: c.cardId,
        benefit: 'quickConsult',
        requestId: rid(),
        form: { description: '   ', mode: 'text' },
      }),
    ],
    [
      'an impossible date',
      (c) => ({
        cardId: c.cardId,
        benefit: 'outpatientGreen',
        requestId: rid(),
        form: FORMS.outpatientGreen('2026-02-30'),
      }),
    ],
    [
      'a date in another format',
      (c) => ({
        cardId: c.cardId,
        benefit: 'outpatientGreen',
        requestId: rid(),
        form: FORMS.outpatientGreen('2026/06/04'),
      }),
    ],
    [
      'a visit time without offset',
      (c) => ({ cardId: c.cardId, benefit: 'escort', requestId: rid(), form: FORMS.escort('2026-06-05 09:00') }),
    ],
    [
      'a non-cloud:// file id',
      (c) => ({
        cardId: c.cardId,
        benefit: 'reportReading',
        requestId: rid(),
        form: { files: ['https://example.com/report.pdf'] },
      }),
    ],
    [
      'a non-cloud:// admission slip',
      (c, dir) => ({
        cardId: c.cardId,
        benefit: 'inpatientGreen',
        requestId: rid(),
        form: { ...FORMS.inpatientGreen(dir, '2026-06-10'), admissionSlip: '/tmp/slip.jpg' },
      }),
    ],
    ['no files', (c) => ({ cardId: c.cardId, benefit: 'reportReading', requestId: rid(), form: { files: [] } })],
    [
      'an empty questionnaire',
      (c) => ({ cardId: c.cardId, benefit: 'assessment', requestId: rid(), form: { questionnaire: {} } }),
    ],
    ['a missing form', (c) => ({ cardId: c.cardId, benefit: 'quickConsult', requestId: rid() })],
    ['a missing requestId', (c) => ({ cardId: c.cardId, benefit: 'quickConsult', form: FORMS.quickConsult() })],
    [
      'a 7-character requestId',
      (c) => ({ cardId: c.cardId, benefit: 'quickConsult', requestId: 'abcdefg', form: FORMS.quickConsult() }),
    ],
    [
      'a 65-character requestId',
      (c) => ({ cardId: c.cardId, benefit: 'quickConsult', requestId: 'r'.repeat(65), form: FORMS.quickConsult() }),
    ],
    ['an unknown benefit', (c) => ({ cardId: c.cardId, benefit: 'spa', requestId: rid(), form: {} })],
    [
      'an operator for a cardId',
      () => ({ cardId: { $gt: '' }, benefit: 'quickConsult', requestId: rid(), form: FORMS.quickConsult() }),
    ],
  ];

  it.each(cases)('%s', async (_what, payload) => {
    const c = await card('premium');
    await unchanged(c, async () => {
      expectError(
        await kit.createRaw(c.holder.openid, payload(c, await kit.uploadDir(c.holder.openid))),
        'INVALID_ARGUMENT',
      );
    });
  });

  it('a 500-character description is accepted', async () => {
    const c = await card('premium');
    await kit.order(c.holder.openid, c, 'quickConsult', { description: '头'.repeat(500), mode: 'text' });
  });
});

describe('R3.6 a retried request never takes a second unit and returns the first answer', () => {
  it('the same requestId twice → the same order, one unit held, one ledger row', async () => {
    const c = await card('premium');
    const requestId = rid();
    const first = await kit.order(c.holder.openid, c, 'outpatientGreen', FORMS.outpatientGreen(WANTED), { requestId });
    const second = await kit.order(c.holder.openid, c, 'outpatientGreen', FORMS.outpatientGreen(WANTED), { requestId });
    expect(second).toEqual(first);
    expect(await kit.pool(c, 'outpatientGreen')).toEqual({ used: 0, held: 1, remaining: 7 });
    expect((await kit.ledger(c)).map((r) => r.change)).toEqual(['hold']);
    expect(await kit.list(c.holder.openid)).toHaveLength(1);
  });

  it('a retry after the order moved on answers the first answer again, and takes nothing', async () => {
    const c = await card('premium');
    const requestId = rid();
    const first = await kit.order(c.holder.openid, c, 'quickConsult', FORMS.quickConsult(), { requestId });
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: first.orderId, step: 'accept' });
    const retry = await kit.order(c.holder.openid, c, 'quickConsult', FORMS.quickConsult(), { requestId });
    expect(retry).toEqual(first);
    expect(await kit.pool(c, 'quickConsult')).toEqual({ used: 1, held: 0, remaining: 47 });
  });

  it('the same requestId from a different caller is a different request', async () => {
    const c = await card('premium', 1);
    const m = c.members[0];
    if (!m) throw new Error('no member');
    const requestId = rid();
    const a = await kit.order(c.holder.openid, c, 'quickConsult', FORMS.quickConsult(), { requestId });
    const b = await kit.order(m.openid, c, 'quickConsult', FORMS.quickConsult(), { requestId });
    expect(b.orderId).not.toBe(a.orderId);
    expect(b.personId).toBe(m.memberId);
    expect(await kit.pool(c, 'quickConsult')).toEqual({ used: 0, held: 2, remaining: 46 });
  });

  it('a refused request is not remembered: the same requestId may succeed once the cause is gone', async () => {
    const c = await card('pro');
    const requestId = rid();
    const first = await kit.order(c.holder.openid, c, 'assessment', FORMS.assessment());
    expectError(
      await kit.create(c.holder.openid, c, 'assessment', FORMS.assessment(), { requestId }),
      'QUOTA_EXHAUSTED',
    );
    await kit.cancel(c.holder.openid, first.orderId);
    const later = await kit.order(c.holder.openid, c, 'assessment', FORMS.assessment(), { requestId });
    expect(later.orderId).not.toBe(first.orderId);
  });
});
