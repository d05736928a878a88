/**
 * What `npm run screenshots` photographs: every page of app.json that exists, in each of its
 * important states. Pages known here get their own list (empty, error, waiting card, expired
 * card, elder mode…); a page added later gets the generic one (filled, error, loading, and elder
 * mode for member pages) with the demo world's usual query, so it is covered without an edit.
 *
 * The states come from the demo world (server/local/seed.ts) and a little more that the runner
 * makes through the functions before shooting (a card in its waiting period, a live invite).
 */
import { DEMO } from '../server/local/seed';
import type { SessionMode } from './protocol';

/** A step before the shot: tap an element by its WXML id, or a button by its text. */
export type ShotStep = { tap: string } | { button: string } | { wait: number };

export interface Shot {
  /** file name without .png: `<route slug>--<state>` */
  name: string;
  route: string;
  /** what the state is, for the index page */
  state: string;
  openid: string;
  query: Record<string, string>;
  mode: SessionMode;
  /** the local cloud's clock this many days ahead (e.g. an expired card) */
  clockDays?: number;
  steps?: ShotStep[];
}

/** What the runner learned from, or made in, the local cloud before shooting. */
export interface ShotContext {
  /** demo-holder's premium card */
  cardId: string;
  proCardId: string;
  /** a premium card in its waiting period, and its holder */
  waitingCardId: string;
  waitingOpenid: string;
  /** a live invite to the waiting card */
  inviteToken: string;
  /** demo-holder's orders, one per status where the demo world has it */
  ordersByStatus: Partial<Record<string, string>>;
  /** an in-service consult (quickConsult) order, for conversation pages */
  consultOrderId: string;
  articleId: string;
}

export const STAFF_LABELS: Record<keyof typeof DEMO.staff | 'admin', string> = {
  butler: '健康管家',
  manager: '健康经理',
  doctor: '医生',
  agent: '预约专员',
  escortManager: '陪诊主管',
  admin: '管理员',
};

function slug(route: string): string {
  return route
    .replace(/\/index$/, '')
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function planShots(routes: string[], ctx: ShotContext): Shot[] {
  const shots: Shot[] = [];
  const add = (
    route: string,
    state: string,
    key: string,
    openid: string,
    query: Record<string, string> = {},
    extra: Partial<Pick<Shot, 'mode' | 'clockDays' | 'steps'>> = {},
  ) => {
    if (!routes.includes(route)) return;
    shots.push({ name: `${slug(route)}--${key}`, route, state, openid, query, mode: extra.mode ?? {}, ...pick(extra) });
  };
  const holder = DEMO.holder;
  const member = DEMO.members[0];
  const standard = (route: string, openid: string, query: Record<string, string> = {}, elder = true) => {
    add(route, '出错（函数返回错误，可重试）', 'error', openid, query, { mode: { fail: 'INTERNAL' } });
    add(route, '加载中', 'loading', openid, query, { mode: { hold: true } });
    if (elder) add(route, '大字模式', 'elder', openid, query, { mode: { elder: true } });
  };
  const card = { cardId: ctx.cardId };

  // 首页
  add('pages/home/index', '持卡人（尊享版，生效中）', 'filled', holder);
  add('pages/home/index', '家庭成员', 'member', member);
  add('pages/home/index', '专业版持卡人', 'pro', DEMO.proHolder);
  add('pages/home/index', '等待期中的卡', 'waiting', ctx.waitingOpenid);
  add('pages/home/index', '已过期的卡（本地云时间 +400 天）', 'expired', holder, {}, { clockDays: 400 });
  add('pages/home/index', '还没有卡（新用户）', 'empty', DEMO.newcomer);
  standard('pages/home/index', holder);

  // 订单
  add('pages/orders/index', '订单列表', 'filled', holder);
  add('pages/orders/index', '没有订单（新用户）', 'empty', DEMO.newcomer);
  standard('pages/orders/index', holder);

  // 我的
  add('pages/my/index', '会员', 'filled', holder);
  add('pages/my/index', '新用户', 'empty', DEMO.newcomer);
  add('pages/my/index', '员工（预约专员）', 'staff', DEMO.staff.agent);
  standard('pages/my/index', holder);

  // 激活
  add('pages/activate/index', '空表单', 'filled', DEMO.newcomer);
  add('pages/activate/index', '未填就提交：逐项提示', 'invalid', DEMO.newcomer, {}, { steps: [{ tap: 'submit' }] });
  add('pages/activate/index', '大字模式', 'elder', DEMO.newcomer, {}, { mode: { elder: true } });

  // 家庭邀请（被邀请的人打开）
  add('pages/invite/index', '有效邀请（新用户打开）', 'filled', 'preview-invitee', { token: ctx.inviteToken });
  add('pages/invite/index', '链接缺少邀请码', 'missing', 'preview-invitee');
  add(
    'pages/invite/index',
    '大字模式',
    'elder',
    'preview-invitee',
    { token: ctx.inviteToken },
    { mode: { elder: true } },
  );

  // 权益详情
  add('member/pages/benefit/index', '门诊绿通（可预约）', 'filled', holder, { key: 'outpatientGreen', ...card });
  add('member/pages/benefit/index', '就医陪诊：家庭成员不可用', 'closed', member, { key: 'escort', ...card });
  add('member/pages/benefit/index', '等待期中', 'waiting', ctx.waitingOpenid, {
    key: 'outpatientGreen',
    cardId: ctx.waitingCardId,
  });
  add('member/pages/benefit/index', '不限次数的权益', 'unlimited', holder, { key: 'familyDoctor', ...card });
  standard('member/pages/benefit/index', holder, { key: 'outpatientGreen', ...card });

  // 预约表单
  for (const [benefit, label] of [
    ['outpatientGreen', '门诊绿通'],
    ['inpatientGreen', '重疾绿通'],
    ['escort', '就医陪诊'],
    ['quickConsult', '三甲专科快速问诊'],
    ['expertConsult', '三甲名医在线'],
    ['familyDoctor', '三甲家庭私人医生'],
    ['assessment', '全面健康评估'],
    ['checkupPlan', '体检方案制定'],
    ['reportReading', '体检报告解读'],
  ] as const) {
    add('member/pages/order-form/index', label, benefit === 'outpatientGreen' ? 'filled' : benefit, holder, {
      benefit,
      ...card,
    });
  }
  add(
    'member/pages/order-form/index',
    '未填就提交：逐项提示',
    'invalid',
    holder,
    { benefit: 'outpatientGreen', ...card },
    {
      steps: [{ tap: 'submit' }],
    },
  );
  standard('member/pages/order-form/index', holder, { benefit: 'outpatientGreen', ...card });

  // 订单详情：每种状态
  const statusLabel: Record<string, string> = {
    submitted: '已提交',
    accepted: '处理中',
    booked: '已预约',
    in_service: '服务中',
    completed: '已完成（可评价）',
    no_show: '爽约',
    cancelled: '已取消',
    failed: '无法服务',
  };
  for (const [status, orderId] of Object.entries(ctx.ordersByStatus)) {
    if (!orderId) continue;
    add('member/pages/order/index', statusLabel[status] ?? status, status === 'booked' ? 'filled' : status, holder, {
      orderId,
    });
  }
  const anyOrder = ctx.ordersByStatus['booked'] ?? Object.values(ctx.ordersByStatus)[0] ?? '';
  standard('member/pages/order/index', holder, { orderId: anyOrder });

  // 问诊 / 健康管家会话
  add('member/pages/consult/index', '健康管家', 'filled', holder, { benefit: 'butler', ...card });
  add('member/pages/consult/index', '问诊中的订单', 'order', holder, {
    orderId: ctx.consultOrderId,
    benefit: 'quickConsult',
    ...card,
  });
  standard('member/pages/consult/index', holder, { benefit: 'butler', ...card });

  // 家庭成员
  add('member/pages/family/index', '持卡人：成员与邀请', 'filled', holder, card);
  add('member/pages/family/index', '家庭成员看到的', 'member', member, card);
  add(
    'member/pages/family/index',
    '邀请已生成（弹窗）',
    'invite',
    ctx.waitingOpenid,
    { cardId: ctx.waitingCardId },
    {
      steps: [{ tap: 'invite' }, { wait: 500 }],
    },
  );
  add('member/pages/family/index', '还没有卡', 'empty', DEMO.newcomer);
  standard('member/pages/family/index', holder, card);

  // 共享额度使用记录
  add('member/pages/ledger/index', '使用记录', 'filled', holder, card);
  add('member/pages/ledger/index', '按权益筛选（门诊绿通）', 'filtered', holder, {
    ...card,
    benefit: 'outpatientGreen',
  });
  add('member/pages/ledger/index', '还没有记录', 'empty', ctx.waitingOpenid, { cardId: ctx.waitingCardId });
  standard('member/pages/ledger/index', holder, card);

  // 健康档案、知识、文章、隐私
  add('member/pages/record/index', '持卡人的档案', 'filled', holder, card);
  add('member/pages/record/index', '家庭成员的档案', 'member', member, card);
  standard('member/pages/record/index', holder, card);
  add('member/pages/knowledge/index', '健康知识', 'filled', holder);
  standard('member/pages/knowledge/index', holder);
  add('member/pages/article/index', '一篇文章', 'filled', holder, { articleId: ctx.articleId });
  standard('member/pages/article/index', holder, { articleId: ctx.articleId });
  add('member/pages/privacy/index', '隐私政策', 'filled', holder);
  add('member/pages/privacy/index', '大字模式', 'elder', holder, {}, { mode: { elder: true } });

  // 工作台
  for (const [role, openid] of Object.entries(DEMO.staff) as [keyof typeof DEMO.staff, string][]) {
    add('workbench/pages/queue/index', `${STAFF_LABELS[role]}的待办`, role === 'agent' ? 'filled' : role, openid);
  }
  add('workbench/pages/queue/index', '管理员', 'admin', DEMO.admin);
  add('workbench/pages/queue/index', '不是员工', 'not-staff', holder);
  standard('workbench/pages/queue/index', DEMO.staff.agent, {}, false);
  for (const [status, orderId] of Object.entries(ctx.ordersByStatus)) {
    if (!orderId) continue;
    add(
      'workbench/pages/order/index',
      `订单处理：${statusLabel[status] ?? status}`,
      status === 'booked' ? 'filled' : status,
      DEMO.admin,
      {
        orderId,
      },
    );
  }
  add(
    'workbench/pages/order/index',
    '预约专员办理步骤（动作面板）',
    'steps',
    DEMO.staff.agent,
    { orderId: ctx.ordersByStatus['booked'] ?? anyOrder },
    {
      steps: [{ tap: 'steps' }, { wait: 500 }],
    },
  );
  standard('workbench/pages/order/index', DEMO.admin, { orderId: anyOrder }, false);

  // any page not listed above: the generic states
  const covered = new Set(shots.map((s) => s.route));
  for (const route of routes) {
    if (covered.has(route)) continue;
    const staff = route.startsWith('workbench/');
    const openid = staff ? DEMO.admin : holder;
    const query: Record<string, string> = staff
      ? { orderId: anyOrder }
      : { ...card, orderId: anyOrder, articleId: ctx.articleId, benefit: 'outpatientGreen', key: 'outpatientGreen' };
    add(route, '默认', 'filled', openid, query);
    standard(route, openid, query, !staff);
  }
  return shots;
}

function pick(extra: Partial<Pick<Shot, 'mode' | 'clockDays' | 'steps'>>): Partial<Pick<Shot, 'clockDays' | 'steps'>> {
  const out: Partial<Pick<Shot, 'clockDays' | 'steps'>> = {};
  if (extra.clockDays !== undefined) out.clockDays = extra.clockDays;
  if (extra.steps !== undefined) out.steps = extra.steps;
  return out;
}
