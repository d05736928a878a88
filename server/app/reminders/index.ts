/**
 * `reminders`: timer triggers of due reminders and pushes (R5.2, R4, R5.4):
 * - `reminders` (every minute): orders placed since the last run settled (ledger row, first
 *   reminders: server/app/order/settle.ts), the sweep of due reminders (server/app/notify/sweep.ts),
 *   then the consult sessions that are ending or over (server/app/order/sessions.ts);
 * - `tips` (Mondays 09:00): the butler's weekly tips by solar term;
 * - `knowledge` (the 1st and 15th, 10:00): the knowledge push.
 * Deployed, the trigger's name arrives as the event's TriggerName; locally POST /_dev/run/{trigger}.
 */
import * as z from 'zod';
import { defineFunction } from '../../runtime/router';
import { pushKnowledge, pushTips } from '../notify/pushes';
import { sweepReminders } from '../notify/sweep';
import { closeExpiredSessions, warnEndingSessions } from '../order/sessions';
import { settleOrders } from '../order/settle';

export const remindersFunction = defineFunction('reminders', {
  tick: {
    access: 'timer',
    schema: z.strictObject({ trigger: z.string().max(64).exactOptional() }),
    run: (ctx, req) => {
      if (req.trigger === 'tips') return pushTips(ctx);
      if (req.trigger === 'knowledge') return pushKnowledge(ctx);
      return (async () => {
        // orders placed since the last run first: their reminders are then due like any other
        const settled = await settleOrders(ctx.store, ctx.now);
        const report = await sweepReminders(ctx);
        // consult sessions end by themselves (R4): the 3-minute warning, then the close
        const sessionsWarned = await warnEndingSessions(ctx.store, ctx.config.dataKey, ctx.now);
        const sessionsClosed = await closeExpiredSessions(ctx.store, ctx.now);
        return { ...report, ...settled, sessionsWarned, sessionsClosed };
      })();
    },
  },
});
