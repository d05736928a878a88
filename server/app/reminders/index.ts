/**
 * `reminders`: timer triggers of due reminders and pushes (R5.2, R4, R5.4):
 * - `reminders` (every minute): the sweep of due reminders (server/app/notify/sweep.ts);
 * - `tips` (Mondays 09:00): the butler's weekly tips by solar term;
 * - `knowledge` (the 1st and 15th, 10:00): the knowledge push.
 * Deployed, the trigger's name arrives as the event's TriggerName; locally POST /_dev/run/{trigger}.
 */
import * as z from 'zod';
import { defineFunction } from '../../runtime/router';
import { pushKnowledge, pushTips } from '../notify/pushes';
import { sweepReminders } from '../notify/sweep';

export const remindersFunction = defineFunction('reminders', {
  tick: {
    access: 'timer',
    schema: z.strictObject({ trigger: z.string().max(64).exactOptional() }),
    run: (ctx, req) => {
      if (req.trigger === 'tips') return pushTips(ctx);
      if (req.trigger === 'knowledge') return pushKnowledge(ctx);
      return sweepReminders(ctx);
    },
  },
});
