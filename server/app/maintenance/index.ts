/**
 * `maintenance`: file retention (issue 10). The timer trigger `retention` (daily, 03:00 Shanghai:
 * cloudfunctions/maintenance/config.json; locally POST /_dev/run/retention) deletes uploaded files
 * past the period ops set; admins read and set that period here. See retention.ts.
 */
import * as z from 'zod';
import { formatInstant } from '../../domain/time';
import { defineFunction } from '../../runtime/router';
import { empty } from '../schemas';
import { MAX_DAYS, MIN_DAYS, retentionSetting, runRetention } from './retention';

export const maintenanceFunction = defineFunction('maintenance', {
  tick: {
    access: 'timer',
    schema: z.strictObject({ trigger: z.string().max(64).exactOptional() }),
    run: (ctx) => runRetention(ctx),
  },
  retention: { access: 'admin', schema: empty, run: (ctx) => retentionSetting(ctx) },
  setRetention: {
    access: 'admin',
    schema: z.strictObject({
      days: z
        .number()
        .int()
        .min(MIN_DAYS, `保存期限应在 ${MIN_DAYS}–${MAX_DAYS} 天之间`)
        .max(MAX_DAYS, `保存期限应在 ${MIN_DAYS}–${MAX_DAYS} 天之间`),
    }),
    run: async (ctx, req) => {
      await ctx.store.put('settings', {
        _id: 'retention',
        value: { days: req.days },
        updatedAt: formatInstant(ctx.now),
      });
      return { days: req.days, configured: true };
    },
  },
});
