/**
 * `admin`: issuing cards for platform orders, managing staff, the working-day calendar and the
 * directory. Admins only (router access).
 */
import * as z from 'zod';
import { defineFunction } from '../../runtime/router';
import { formatInstant } from '../../domain/time';
import { issueCards } from './issue-cards';
import { reconcilePools } from '../pool';
import { day, id, openid, text } from '../schemas';
import { opsActions } from './directory';
import { outboxActions } from '../notify/ops';

const staffRole = z.enum(['butler', 'manager', 'doctor', 'agent', 'escortManager', 'admin']);

export const adminFunction = defineFunction('admin', {
  issueCards: {
    access: 'admin',
    schema: z.strictObject({
      orderNo: z
        .string()
        .min(1)
        .max(64)
        .regex(/^[A-Za-z0-9_-]+$/),
      orderDate: day,
      edition: z.enum(['pro', 'premium']),
      count: z.number().int().min(1).max(1000).exactOptional(),
      phone: z
        .string()
        .regex(/^1\d{10}$/)
        .exactOptional(),
    }),
    run: (ctx, req) => issueCards(ctx, req),
  },
  setStaff: {
    access: 'admin',
    schema: z.strictObject({
      openid,
      name: text(20).pipe(z.string().min(1)),
      roles: z.array(staffRole).max(6),
    }),
    run: async (ctx, req) => {
      await ctx.store.put('staff', {
        _id: req.openid,
        name: req.name,
        roles: [...new Set(req.roles)],
        updatedAt: formatInstant(ctx.now),
      });
      return {};
    },
  },
  reconcile: {
    access: 'admin',
    schema: z.strictObject({ cardId: id.exactOptional() }),
    run: async (ctx, req) => {
      const reports = await reconcilePools(ctx.store, req.cardId);
      return {
        pools: reports.length,
        mismatches: reports
          .filter((r) => r.differences.length > 0)
          .map(({ cardId, benefit, differences }) => ({ cardId, benefit, differences })),
      };
    },
  },
  // working-day overrides and the directory
  ...opsActions,
  // R5.3 the outbox for ops
  ...outboxActions,
});
