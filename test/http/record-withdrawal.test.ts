/**
 * `record.withdrawConsent` through the real local cloud (PIPL art. 15: consent may be withdrawn;
 * art. 47: what was collected on it is deleted; art. 29: nothing is stored without it): the
 * profile and the person's own uploads are deleted with their files, the withdrawal is in the audit
 * log, nothing more is stored until consent is given again, and consenting again starts an empty
 * record. The person may always withdraw; the holder only a consent the holder gave; anyone else
 * gets NOT_FOUND and changes nothing. What was sent with an order stays with the order.
 *
 * Seed 'none': every card, person and staff member here is the test's own.
 */
import type { Envelope, HealthRecord, Res } from '../../typings/contract';
import { peek, storedText } from './db-peek';
import { ACTIVATED, STAFF, TODAY, dataOf, expectError, useKit, user, type TestCard, type Who } from './order-kit';

const { kit } = useKit('none', TODAY, { reconcile: true, timeout: 60_000 });
/** premium card with two family members; another family's card */
let card: TestCard;
let other: TestCard;
beforeAll(async () => {
  card = await kit.newCard('premium', ACTIVATED, 2);
  other = await kit.newCard('premium', ACTIVATED, 1);
  await kit.at(TODAY);
}, 60_000);

const WITHDRAWN = '《健康信息处理授权》已撤回，请重新同意后再保存健康信息';
const SELF_GIVEN = '该授权由本人同意，需由本人撤回';
/** Words that appear nowhere but in the record, so finding one after the withdrawal is a leftover. */
const SECRET = { allergy: '撤回测试芒果过敏', report: '撤回测试甲状腺报告' };

function memberOf(i: number): Who {
  const m = card.members[i];
  if (!m) throw new Error(`no member ${i}`);
  return m;
}

function record(
  openid: string,
  action: string,
  data: Record<string, unknown>,
): Promise<Envelope<{ record: HealthRecord }>> {
  return kit.cloud.call<{ record: HealthRecord }>('record', openid, { action, ...data });
}

async function ok(openid: string, action: string, data: Record<string, unknown>): Promise<HealthRecord> {
  return dataOf(await record(openid, action, data)).record;
}

interface AuditRow {
  kind: string;
  openid: string;
  personId: string | null;
  at: string;
}
const consentRows = (personId: string): AuditRow[] =>
  peek<AuditRow>(kit.cloud.dataDir, 'audit').filter(
    (r) => r.personId === personId && (r.kind === 'consentGiven' || r.kind === 'consentWithdrawn'),
  );

describe('PIPL art. 15 the person withdraws 《健康信息处理授权》', () => {
  let me: Who;
  let file: string;
  let orderFile: string;
  let orderId: string;

  beforeAll(async () => {
    me = card.holder;
    file = await kit.fileOf(me.openid, 'records/甲状腺-1.jpg');
    orderFile = await kit.fileOf(me.openid, 'orders/体检报告-1.pdf');
    await ok(me.openid, 'consent', { memberId: me.memberId, version: '2026-02' });
    await ok(me.openid, 'update', {
      memberId: me.memberId,
      profile: { heightCm: 172, allergies: [SECRET.allergy], chronicConditions: ['高血压'] },
    });
    await ok(me.openid, 'addReport', { memberId: me.memberId, title: SECRET.report, files: [file] });
    orderId = (await kit.order(me.openid, card, 'reportReading', { files: [orderFile] })).orderId;
  });

  it('deletes the profile and the uploads with their files, and says when it was withdrawn', async () => {
    await kit.at('2026-06-02T09:30:00+08:00');
    const r = await ok(me.openid, 'withdrawConsent', { memberId: me.memberId });
    expect(r.consent).toBeNull();
    expect(r.withdrawnAt).toBe('2026-06-02T09:30:00+08:00');
    expect(r.profile).toEqual({ allergies: [], chronicConditions: [], medications: [], updatedAt: null });
    expect(r.reports.find((x) => x.title === SECRET.report)).toBeUndefined();
    // what was sent with an order stays with the order (and shows in the record as before)
    expect(r.reports.find((x) => x.orderId === orderId)?.files).toEqual([orderFile]);
    expect(dataOf(await kit.get(me.openid, orderId)).order.form).toEqual({ files: [orderFile] });

    const deleted = peek<{ fileId: string }>(kit.cloud.dataDir, 'deletedFiles').map((d) => d.fileId);
    expect(deleted).toContain(file);
    expect(deleted).not.toContain(orderFile);
    // nothing of it is left anywhere, sealed or not: the sealed fields are gone
    const stored = peek<{ _id: string; profileEnc: unknown; uploadsEnc: unknown; consentVersion: unknown }>(
      kit.cloud.dataDir,
      'records',
    ).find((d) => d._id === me.memberId);
    expect(stored).toMatchObject({ profileEnc: null, uploadsEnc: null, consentVersion: null });
  });

  it('is audit-logged: who, whose record, when — no content', () => {
    const rows = consentRows(me.memberId);
    expect(rows.map((r) => [r.kind, r.openid])).toEqual([
      ['consentGiven', me.openid],
      ['consentWithdrawn', me.openid],
    ]);
    expect(rows[1]?.at).toBe('2026-06-02T09:30:00+08:00');
    const text = JSON.stringify(rows);
    for (const secret of [SECRET.allergy, SECRET.report, me.person.name, me.person.idNumber]) {
      expect(text).not.toContain(secret);
    }
  });

  it('stops further collection: saving the profile or adding a report asks for consent, nothing is stored', async () => {
    const before = await kit.cloud.dump(['rates']);
    expectError(
      await record(me.openid, 'update', { memberId: me.memberId, profile: { weightKg: 60 } }),
      'INVALID_STATE',
    );
    const refused = await record(me.openid, 'addReport', {
      memberId: me.memberId,
      title: '血常规',
      files: [await kit.fileOf(me.openid, 'records/血常规.jpg')],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_STATE', message: WITHDRAWN } });
    expect((await kit.cloud.dump(['rates'])).hash).toBe(before.hash);
    // withdrawing again finds nothing to withdraw: the record as it is, nothing written
    const again = await ok(me.openid, 'withdrawConsent', { memberId: me.memberId });
    expect(again.consent).toBeNull();
    expect((await kit.cloud.dump(['rates'])).hash).toBe(before.hash);
  });

  it('is reversible: consenting again starts an empty record that takes health information again', async () => {
    await kit.at('2026-06-03T10:00:00+08:00');
    const back = await ok(me.openid, 'consent', { memberId: me.memberId, version: '2026-02' });
    expect(back.consent).toEqual({ version: '2026-02', at: '2026-06-03T10:00:00+08:00', by: 'self' });
    expect(back).not.toHaveProperty('withdrawnAt');
    // the deleted data does not come back
    expect(back.profile.allergies).toEqual([]);
    expect(back.reports.find((x) => x.title === SECRET.report)).toBeUndefined();
    const saved = await ok(me.openid, 'update', { memberId: me.memberId, profile: { weightKg: 61 } });
    expect(saved.profile).toMatchObject({ weightKg: 61, allergies: [] });
    expect(storedText(kit.cloud.dataDir)).not.toContain(SECRET.allergy);

    // the export lists the consent's history with the record
    const { data } = await kit.cloud.ok<Res<'privacy', 'export'>>('privacy', me.openid, { action: 'export' });
    const rec = data.records.find((x) => x.memberId === me.memberId);
    expect(rec?.consentEvents).toEqual([
      { event: 'given', by: 'self', at: TODAY },
      { event: 'withdrawn', by: 'self', at: '2026-06-02T09:30:00+08:00' },
      { event: 'given', by: 'self', at: '2026-06-03T10:00:00+08:00' },
    ]);
    expect(data.staffViews.map((v) => v.kind)).not.toContain('consentWithdrawn');
  });
});

describe('who may withdraw (the person always, the holder what the holder gave; nobody else)', () => {
  it('nobody outside the person and the card’s holder may, and the refusal changes nothing', async () => {
    const m = memberOf(0);
    await ok(m.openid, 'consent', { memberId: m.memberId, version: '2026-02' });
    await ok(m.openid, 'update', { memberId: m.memberId, profile: { allergies: ['花粉'] } });
    const before = await kit.cloud.dump(['rates']);
    const otherMember = other.members[0];
    if (!otherMember) throw new Error('no member on the other card');
    for (const openid of [
      user('stranger'),
      other.holder.openid,
      otherMember.openid,
      memberOf(1).openid,
      STAFF.butler,
      STAFF.doctor,
    ]) {
      const e = await record(openid, 'withdrawConsent', { memberId: m.memberId });
      expectError(e, 'NOT_FOUND');
    }
    expectError(await record(m.openid, 'withdrawConsent', { memberId: 'm_does_not_exist' }), 'NOT_FOUND');
    expect((await kit.cloud.dump(['rates'])).hash).toBe(before.hash);
    expect((await ok(m.openid, 'get', { memberId: m.memberId })).profile.allergies).toEqual(['花粉']);
  });

  it('the holder may not withdraw a consent the member gave themself', async () => {
    const m = memberOf(0);
    const before = await kit.cloud.dump(['rates']);
    const seen = await ok(card.holder.openid, 'get', { memberId: m.memberId });
    expect(seen.consent?.by).toBe('self');
    const e = await record(card.holder.openid, 'withdrawConsent', { memberId: m.memberId });
    expect(e).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED', message: SELF_GIVEN } });
    expect((await kit.cloud.dump(['rates'])).hash).toBe(before.hash);
  });

  it('the holder withdraws what the holder gave; the member withdraws what the holder gave for them', async () => {
    const m = memberOf(1);
    await ok(card.holder.openid, 'consent', { memberId: m.memberId, version: '2026-02' });
    await ok(card.holder.openid, 'update', { memberId: m.memberId, profile: { allergies: ['尘螨'] } });
    const byHolder = await ok(card.holder.openid, 'withdrawConsent', { memberId: m.memberId });
    expect(byHolder.consent).toBeNull();
    expect(byHolder.profile.allergies).toEqual([]);
    expect(consentRows(m.memberId).map((r) => [r.kind, r.openid])).toEqual([
      ['consentGiven', card.holder.openid],
      ['consentWithdrawn', card.holder.openid],
    ]);
    // the member cannot be kept in by the holder: they withdraw what the holder gave for them
    await ok(card.holder.openid, 'consent', { memberId: m.memberId, version: '2026-02' });
    expect((await ok(m.openid, 'withdrawConsent', { memberId: m.memberId })).consent).toBeNull();
    expectError(
      await record(card.holder.openid, 'update', { memberId: m.memberId, profile: { heightCm: 160 } }),
      'INVALID_STATE',
    );
  });
});
