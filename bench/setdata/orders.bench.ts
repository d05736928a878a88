/**
 * @jest-environment jsdom
 *
 * Issue 11's setData figure, run by bench/setdata.ts through jest (jsdom, as the mini-program
 * tests run) but outside `npm test` (bench/setdata/jest.config.js): the orders tab (我的订单) with
 * a member who has 500 orders, opened, scrolled to the end page by page, then pulled down to
 * start again. Every setData the page makes is recorded (the page instance's own setData,
 * wrapped when it is created) with its JSON size in UTF-8 bytes; the result goes to $BENCH_OUT.
 */
import { writeFileSync } from 'node:fs';
import type { Order, OrderBenefit } from '../../typings/contract';
import { loadPage, settle } from '../../test/miniprogram/harness';
import { BOOKING, ok, order, world } from '../../test/miniprogram/order-fixtures';

const ORDERS = 500;
const ROUTE = 'pages/orders/index';

interface Recorded {
  owner: object;
  bytes: number;
  keys: number;
}

const recorded: Recorded[] = [];

type Options = { lifetimes?: { created?: (this: RecordingThis) => void } } & Record<string, unknown>;
interface RecordingThis {
  setData(data: Record<string, unknown>, cb?: () => void): void;
}

/** Wraps the simulated Component() so that every component records its setData calls. */
function recordSetData(): () => void {
  const original = Reflect.get(globalThis, 'Component') as (options: Options) => unknown;
  Reflect.set(globalThis, 'Component', (options: Options) => {
    const created = options.lifetimes?.created;
    return original({
      ...options,
      lifetimes: {
        ...options.lifetimes,
        created(this: RecordingThis) {
          const owner = this as object;
          const setData = this.setData.bind(this);
          this.setData = (data, cb) => {
            const bytes = Buffer.byteLength(JSON.stringify(data), 'utf8');
            recorded.push({ owner, bytes, keys: Object.keys(data).length });
            setData(data, cb);
          };
          created?.call(this);
        },
      },
    });
  });
  return () => Reflect.set(globalThis, 'Component', original);
}

/** 500 orders, newest first, of every kind and with the longest texts a row shows. */
function orders(): Order[] {
  const kinds: OrderBenefit[] = [
    'outpatientGreen',
    'inpatientGreen',
    'escort',
    'quickConsult',
    'expertConsult',
    'assessment',
    'checkupPlan',
    'reportReading',
    'familyDoctor',
  ];
  return Array.from({ length: ORDERS }, (_, i) => {
    const benefit = kinds[i % kinds.length] ?? 'quickConsult';
    return order(benefit, {
      orderId: `ord_mb${String(i).padStart(6, '0')}Xk3pQz9WfT2`,
      status: i % 3 === 0 ? 'booked' : 'submitted',
      extra: {
        personName: '欧阳**娜',
        createdAt: `2026-06-01T10:${String(i % 60).padStart(2, '0')}:00+08:00`,
        ...(i % 3 === 0
          ? {
              booking: { ...BOOKING, hospital: '上海交通大学医学院附属瑞金医院', address: '上海市黄浦区瑞金二路197号' },
            }
          : {}),
      },
    });
  });
}

test(`the orders tab with ${ORDERS} orders: setData sizes`, async () => {
  const all = orders();
  const transport = world({
    'order.list': (data) => {
      const skip = typeof data['cursor'] === 'string' ? Number(data['cursor']) : 0;
      const limit = typeof data['limit'] === 'number' ? data['limit'] : 20;
      return ok({
        orders: all.slice(skip, skip + limit),
        nextCursor: all.length > skip + limit ? String(skip + limit) : null,
      });
    },
  });
  let restore: () => void = () => undefined;
  const page = loadPage(ROUTE, { transport, setup: () => (restore = recordSetData()) });
  try {
    await settle();
    const invoke = async (method: string) => {
      const fn = Reflect.get(page.instance as object, method) as () => unknown;
      await fn.call(page.instance);
      await settle();
    };
    let pages = 1;
    while ((page.data['orders'] as unknown[]).length < ORDERS && pages < 100) {
      await invoke('onReachBottom');
      pages++;
    }
    const rows = page.data['orders'] as unknown[];
    const shown = rows.length;
    // what one setData of the whole list would carry, had the page not paged
    const unpaged = Buffer.byteLength(JSON.stringify({ orders: rows }), 'utf8');
    await invoke('onPullDownRefresh');
    const mine = recorded.filter((r) => r.owner === page.instance);
    const largest = Math.max(...mine.map((r) => r.bytes));
    const result = {
      orders: ORDERS,
      shown,
      pages,
      calls: mine.length,
      largest,
      total: mine.reduce((n, r) => n + r.bytes, 0),
      unpaged,
      afterRefresh: (page.data['orders'] as unknown[]).length,
    };
    const out = process.env.BENCH_OUT;
    if (out) writeFileSync(out, JSON.stringify(result));
    expect(shown).toBe(ORDERS);
    expect(mine.length).toBeGreaterThan(0);
  } finally {
    restore();
  }
});
