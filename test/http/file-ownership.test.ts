/**
 * Issue 10 — whose file a file id is (server/app/upload-dir.ts), through the real local cloud.
 * Every upload goes under its uploader's own folder, `u/<keyed hash of the openid>`, which
 * `card.mine` and `staff.me` answer; every action that takes file ids — order forms
 * (`order.create`, `staff.placeOrder`), health records (`record.addReport`), consult and butler
 * messages (`order.send`, `butler.send`, `butler.reply`) and staff results (`staff.act` complete) —
 * takes only ids under the caller's own folder. Anything else (another member's upload, another
 * family's, a staff member's, the old folder-less layout, a path that climbs out of the folder)
 * is INVALID_ARGUMENT with a Chinese message and changes nothing — rate counters included: the
 * check runs before anything is counted or written. Files attached before stay readable by staff
 * (`staff.fileUrls`).
 */
import type { Order, Res } from '../../typings/contract';
import {
  ACTIVATED,
  FORMS,
  STAFF,
  TODAY,
  dataOf,
  expectError,
  fileIn,
  rid,
  useKit,
  type TestCard,
  type Who,
} from './order-kit';

const { kit, clock } = useKit('demo', TODAY, { reconcile: true });

const NOT_OWN_FILE = '只能提交您本人上传的文件，请重新上传';
const NOT_OWN_IMAGE = '只能发送您本人上传的图片，请重新选择';

/** Family A (holder + member) and family B (holder), activated, the clock at TODAY. */
async function families(): Promise<{ a: TestCard; member: Who; b: TestCard }> {
  const a = await kit.newCard('premium', ACTIVATED, 1);
  const b = await kit.newCard('premium', ACTIVATED);
  await clock.set(TODAY);
  const member = a.members[0];
  if (!member) throw new Error('no member');
  return { a, member, b };
}

/**
 * Runs `refused`, which must answer INVALID_ARGUMENT with `message`, and checks that the whole
 * database — rate counters too — is byte for byte what it was.
 */
async function refusedUnchanged(message: string, refused: () => Promise<unknown>): Promise<void> {
  const before = await kit.cloud.dump();
  const answer = await refused();
  expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message } });
  expect((await kit.cloud.dump()).hash).toBe(before.hash);
}

describe('issue 10 the upload folder: card.mine and staff.me answer the caller’s own', () => {
  it('one folder per person, the same from both actions, a keyed hash that carries no openid', async () => {
    const { a, member } = await families();
    const holderDir = (await kit.cloud.ok<Res<'card', 'mine'>>('card', a.holder.openid, { action: 'mine' })).uploadDir;
    const asStaff = await kit.cloud.ok<Res<'staff', 'me'>>('staff', a.holder.openid, { action: 'me' });
    expect(asStaff).toEqual({ name: '', roles: [], uploadDir: holderDir });
    expect(holderDir).toMatch(/^u\/[A-Za-z0-9_-]{43}$/);
    expect(holderDir).not.toContain(a.holder.openid);
    expect(await kit.uploadDir(member.openid)).not.toBe(holderDir);
    const doctorDir = (await kit.cloud.ok<Res<'staff', 'me'>>('staff', STAFF.doctor, { action: 'me' })).uploadDir;
    expect(doctorDir).toBe(await kit.uploadDir(STAFF.doctor));
    expect(new Set([holderDir, doctorDir, await kit.uploadDir(STAFF.butler)]).size).toBe(3);
  });
});

describe('issue 10 order forms: a member attaches only their own uploads (order.create)', () => {
  it('another family member’s, another family’s or a staff member’s file is refused; nothing changes', async () => {
    const { a, member, b } = await families();
    const own = await kit.uploadDir(member.openid);
    const foreign = [
      await kit.fileOf(a.holder.openid, 'orders/records.jpg'),
      await kit.fileOf(b.holder.openid, 'orders/records.jpg'),
      await kit.fileOf(STAFF.doctor, 'results/guide.pdf'),
    ];
    for (const theirs of foreign) {
      await refusedUnchanged(NOT_OWN_FILE, () =>
        kit.create(member.openid, a, 'inpatientGreen', {
          ...FORMS.inpatientGreen(own, '2026-06-10'),
          records: [theirs],
        }),
      );
      await refusedUnchanged(NOT_OWN_FILE, () =>
        kit.create(member.openid, a, 'inpatientGreen', {
          ...FORMS.inpatientGreen(own, '2026-06-10'),
          admissionSlip: theirs,
        }),
      );
      // one foreign file among the caller's own is enough
      await refusedUnchanged(NOT_OWN_FILE, () =>
        kit.create(member.openid, a, 'reportReading', { files: [fileIn(own, 'orders/a.pdf'), theirs] }),
      );
    }
    expect(await kit.list(member.openid)).toEqual([]);
    expect(await kit.pool(a, 'reportReading')).toMatchObject({ used: 0, held: 0 });
  });

  it('files outside any folder, or paths that climb out of one’s own, are refused', async () => {
    const { a, member } = await families();
    const own = await kit.uploadDir(member.openid);
    const other = await kit.uploadDir(a.holder.openid);
    for (const path of [
      'orders/2026.pdf', // the layout before issue 10: no folder
      `${own}`, // the folder itself
      `${own}/`,
      `${own}//2026.pdf`,
      `${own}/../${other.slice(2)}/2026.pdf`,
      `${own}/./2026.pdf`,
      `${own}/%2e%2e/2026.pdf`,
      `${own}\\..\\2026.pdf`,
      `${own}x/2026.pdf`,
      `x/${own}/2026.pdf`,
    ]) {
      await refusedUnchanged(NOT_OWN_FILE, () =>
        kit.create(member.openid, a, 'reportReading', { files: [`cloud://env-test.bucket/${path}`] }),
      );
    }
  });

  it('the caller’s own uploads are taken, for themself and (the holder) for a family member', async () => {
    const { a, member } = await families();
    const mine = FORMS.inpatientGreen(await kit.uploadDir(member.openid), '2026-06-10');
    expect((await kit.order(member.openid, a, 'inpatientGreen', mine)).form).toEqual(mine);
    const holders = FORMS.reportReading(await kit.uploadDir(a.holder.openid));
    const forMember = await kit.order(a.holder.openid, a, 'reportReading', holders, { personId: member.memberId });
    expect(forMember).toMatchObject({ personId: member.memberId, form: holders });
    // the holder cannot hand over the member's upload as theirs either
    expectError(
      await kit.create(a.holder.openid, a, 'reportReading', FORMS.reportReading(await kit.uploadDir(member.openid))),
      'INVALID_ARGUMENT',
    );
  });

  it('the butler ordering for a member (R1.5) names only the butler’s own uploads (staff.placeOrder)', async () => {
    const { a, member } = await families();
    const req = (dir: string) => ({
      cardId: a.cardId,
      personId: member.memberId,
      benefit: 'inpatientGreen' as const,
      requestId: rid(),
      form: FORMS.inpatientGreen(dir, '2026-06-10'),
    });
    await refusedUnchanged(NOT_OWN_FILE, async () =>
      kit.placeOrder(STAFF.butler, req(await kit.uploadDir(member.openid))),
    );
    const placed = dataOf(await kit.placeOrder(STAFF.butler, req(await kit.uploadDir(STAFF.butler)))).order;
    expect(placed).toMatchObject({ placedBy: 'staff', personId: member.memberId });
  });
});

describe('issue 10 health records: only one’s own uploads (record.addReport)', () => {
  it('a member cannot add the holder’s or another family’s file; their own and the holder’s own are taken', async () => {
    const { a, member, b } = await families();
    await kit.cloud.ok('record', member.openid, { action: 'consent', memberId: member.memberId, version: 'v1' });
    const add = (openid: string, file: string) =>
      kit.cloud.call<Res<'record', 'addReport'>>('record', openid, {
        action: 'addReport',
        memberId: member.memberId,
        title: '化验单',
        files: [file],
      });
    for (const theirs of [
      await kit.fileOf(a.holder.openid, 'records/lab.jpg'),
      await kit.fileOf(b.holder.openid, 'records/lab.jpg'),
      await kit.fileOf(STAFF.doctor, 'results/lab.jpg'),
    ]) {
      await refusedUnchanged(NOT_OWN_FILE, () => add(member.openid, theirs));
    }
    const own = await kit.fileOf(member.openid, 'records/lab.jpg');
    expect(dataOf(await add(member.openid, own)).record.reports[0]?.files).toEqual([own]);
    // the holder adds to the family member's record what the holder uploaded
    await clock.tick();
    const holders = await kit.fileOf(a.holder.openid, 'records/lab-2.jpg');
    expect(dataOf(await add(a.holder.openid, holders)).record.reports[0]?.files).toEqual([holders]);
    await refusedUnchanged(NOT_OWN_FILE, () => add(a.holder.openid, own));
  });
});

describe('issue 10 consult and butler messages: only the sender’s own images', () => {
  let a: TestCard;
  let member: Who;
  let consult: Order;
  beforeAll(async () => {
    ({ a, member } = await families());
    consult = await kit.order(member.openid, a, 'quickConsult', FORMS.quickConsult());
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: consult.orderId, step: 'accept' });
  });

  const send = (openid: string, images: string[]) =>
    kit.cloud.call<Res<'order', 'send'>>('order', openid, { action: 'send', orderId: consult.orderId, images });

  it('order.send: the member and the doctor each send their own; anyone else’s is refused, not counted', async () => {
    const memberImage = await kit.fileOf(member.openid, 'consult/tongue.jpg');
    const doctorImage = await kit.fileOf(STAFF.doctor, 'consult/chart.jpg');
    await refusedUnchanged(NOT_OWN_IMAGE, async () =>
      send(member.openid, [await kit.fileOf(a.holder.openid, 'consult/x.jpg')]),
    );
    await refusedUnchanged(NOT_OWN_IMAGE, () => send(member.openid, [memberImage, doctorImage]));
    await refusedUnchanged(NOT_OWN_IMAGE, () => send(STAFF.doctor, [memberImage]));
    expect(dataOf(await send(member.openid, [memberImage])).message).toMatchObject({
      from: 'member',
      images: [memberImage],
    });
    expect(dataOf(await send(STAFF.doctor, [doctorImage])).message).toMatchObject({
      from: 'doctor',
      images: [doctorImage],
    });
  });

  it('butler.send and butler.reply: the member’s own to the butler, the butler’s own back', async () => {
    const memberImage = await kit.fileOf(member.openid, 'consult/report.jpg');
    const butlerImage = await kit.fileOf(STAFF.butler, 'butler/plan.jpg');
    const threadId = `b_${member.memberId}`;
    const write = (images: string[]) =>
      kit.cloud.call('butler', member.openid, { action: 'send', cardId: a.cardId, images });
    const reply = (images: string[]) => kit.cloud.call('butler', STAFF.butler, { action: 'reply', threadId, images });
    await refusedUnchanged(NOT_OWN_IMAGE, () => write([butlerImage]));
    await refusedUnchanged(NOT_OWN_IMAGE, async () => write([await kit.fileOf(a.holder.openid, 'consult/x.jpg')]));
    dataOf(await write([memberImage]));
    await refusedUnchanged(NOT_OWN_IMAGE, () => reply([memberImage]));
    dataOf(await reply([butlerImage]));
    const { messages } = await kit.cloud.ok<Res<'butler', 'thread'>>('butler', STAFF.butler, {
      action: 'thread',
      threadId,
    });
    expect(messages.map((m) => [m.from, m.images])).toEqual([
      ['member', [memberImage]],
      ['butler', [butlerImage]],
    ]);
  });
});

describe('issue 10 staff results: only the staff member’s own uploads (staff.act complete)', () => {
  it('a member’s or another staff member’s file is refused; the order does not move; own files complete it', async () => {
    const { a } = await families();
    const h = a.holder.openid;
    const report = await kit.order(h, a, 'reportReading', FORMS.reportReading(await kit.uploadDir(h)));
    await clock.tick();
    await kit.step(STAFF.doctor, { orderId: report.orderId, step: 'accept' });
    await clock.tick();
    const complete = (file: string) =>
      kit.act(STAFF.doctor, { orderId: report.orderId, step: 'complete', result: { text: '指导意见', files: [file] } });
    await refusedUnchanged(NOT_OWN_FILE, async () => complete(await kit.fileOf(h, 'orders/2026.pdf')));
    await refusedUnchanged(NOT_OWN_FILE, async () => complete(await kit.fileOf(STAFF.manager, 'results/guide.pdf')));
    expect(dataOf(await kit.get(h, report.orderId)).order.status).toBe('accepted');

    const guide = await kit.fileOf(STAFF.doctor, 'results/guide.pdf');
    expect(dataOf(await complete(guide)).order).toMatchObject({ status: 'completed', result: { files: [guide] } });

    // what the member attached stays readable by staff, through the temporary links (staff.fileUrls)
    const { files } = await kit.cloud.ok<Res<'staff', 'fileUrls'>>('staff', STAFF.doctor, {
      action: 'fileUrls',
      orderId: report.orderId,
    });
    expect(files.map((f) => [f.fileId, f.label])).toEqual([
      [FORMS.reportReading(await kit.uploadDir(h)).files[0], '体检报告'],
      [guide, '服务结果'],
    ]);
  });
});
