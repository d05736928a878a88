/**
 * BLUECARD_SEED=demo: a working world for a newcomer, built by calling the functions themselves
 * (so demo data obeys every rule), with the clock moved back where a card needs a past.
 * Runs once per data folder; a `seeded` setting marks it done.
 */
import type { Envelope } from '../../typings/contract';
import type { LocalCloud } from './cloud';
import { DEMO_DIRECTORY } from './demo-directory';
import { DEMO, DEMO_PEOPLE } from './demo-people';
import { seedDemoOrders } from './demo-orders';

export { DEMO, DEMO_PEOPLE } from './demo-people';

const DAY = 24 * 3600 * 1000;

function unwrap<T>(what: string, e: Envelope<T>): T {
  if (!e.ok) throw new Error(`seed: ${what} answered ${e.error.code} ${e.error.message}`);
  return e.data;
}

function dayOf(t: number): string {
  // Shanghai calendar day of t
  return new Date(t + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

export async function seedDemo(cloud: LocalCloud): Promise<string | null> {
  const { store } = cloud.rt;
  if (await store.get('settings', 'seeded')) return null;
  const now = cloud.clock.now().getTime();
  const at = (t: number) => cloud.clock.set(new Date(t));
  const call = async <T>(fn: string, openid: string, data: Record<string, unknown>): Promise<T> =>
    unwrap(`${fn}.${String(data.action)}`, (await cloud.call(fn, openid, data)) as Envelope<T>);

  try {
    // the first admin cannot be made by an admin: bootstrap it in the store
    await store.put('staff', {
      _id: DEMO.admin,
      name: '演示管理员',
      roles: ['admin'],
      updatedAt: new Date(now).toISOString(),
    });
    const staffNames: Record<keyof typeof DEMO.staff, string> = {
      butler: '周管家',
      manager: '吴健康',
      doctor: '陈明',
      agent: '郑专员',
      escortManager: '钱主管',
    };
    for (const [role, openid] of Object.entries(DEMO.staff) as [keyof typeof DEMO.staff, string][]) {
      await call('admin', DEMO.admin, { action: 'setStaff', openid, name: staffNames[role], roles: [role] });
    }
    for (const entry of DEMO_DIRECTORY) await store.put('directory', entry);

    const issue = async (orderNo: string, orderDay: number, edition: 'pro' | 'premium') => {
      const { cards } = await call<{ cards: { cardNo: string; code: string }[] }>('admin', DEMO.admin, {
        action: 'issueCards',
        orderNo,
        orderDate: dayOf(orderDay),
        edition,
        phone: '13700137000',
      });
      const first = cards[0];
      if (!first) throw new Error('seed: no card issued');
      return first;
    };

    const premium = await issue('DEMO-PREMIUM-001', now - 45 * DAY, 'premium');
    const pro = await issue('DEMO-PRO-001', now - 30 * DAY, 'pro');
    const fresh = await issue('DEMO-NEW-001', now - 3 * DAY, 'premium');

    let activated = 0;
    let orders = 0;
    if (cloud.functions.has('card')) {
      at(now - 40 * DAY);
      const { card } = await call<{ card: { cardId: string } }>('card', DEMO.holder, {
        action: 'activate',
        cardNo: premium.cardNo,
        code: premium.code,
        ...DEMO_PEOPLE.holder,
      });
      for (const [i, person] of DEMO_PEOPLE.members.entries()) {
        const { token } = await call<{ token: string }>('card', DEMO.holder, {
          action: 'createInvite',
          cardId: card.cardId,
        });
        await call('card', DEMO.members[i] as string, { action: 'acceptInvite', token, ...person });
      }
      at(now - 25 * DAY);
      await call('card', DEMO.proHolder, {
        action: 'activate',
        cardNo: pro.cardNo,
        code: pro.code,
        ...DEMO_PEOPLE.pro,
      });
      activated = 2;
      if (cloud.functions.has('order') && cloud.functions.has('staff')) {
        orders = await seedDemoOrders(cloud, call, card.cardId, now);
      }
    }
    cloud.clock.set(null);
    await store.put('settings', {
      _id: 'seeded',
      value: { at: new Date(now).toISOString() },
      updatedAt: new Date(now).toISOString(),
    });

    return [
      'Demo world seeded (BLUECARD_SEED=demo). Call as any of these openids:',
      `  admin            ${DEMO.admin}`,
      `  premium holder   ${DEMO.holder}   (尊享版, ${activated ? 'active' : 'not activated'}, 3 family members, ${orders} orders in every status)`,
      `  family members   ${DEMO.members.join(', ')}`,
      `  pro holder       ${DEMO.proHolder}`,
      `  staff            ${Object.entries(DEMO.staff)
        .map(([r, o]) => `${r}=${o}`)
        .join(', ')}`,
      `  newcomer         ${DEMO.newcomer}   (no card yet: activate the card below)`,
      `Card to activate:  cardNo ${fresh.cardNo}  code ${fresh.code}`,
      'Try: curl -s -XPOST http://127.0.0.1:$BLUECARD_PORT/call/card -d \'{"openid":"demo-holder","data":{"action":"mine"}}\'',
    ].join('\n');
  } finally {
    cloud.clock.set(null);
  }
}
