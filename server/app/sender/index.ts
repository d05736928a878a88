/**
 * `sender`: the notice sender (R5.3), run by its timer trigger every minute (cloudfunctions/sender/
 * config.json) and locally by POST /_dev/run/sender. See server/app/notify/sender.ts.
 */
import * as z from 'zod';
import { defineFunction } from '../../runtime/router';
import { runSender } from '../notify/sender';

export const senderFunction = defineFunction('sender', {
  tick: {
    access: 'timer',
    schema: z.strictObject({ trigger: z.string().max(64).exactOptional() }),
    run: (ctx) => runSender(ctx),
  },
});
