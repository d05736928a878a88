/**
 * `privacy` (PIPL, issue 10): a person's rights over their own data — a copy of everything held
 * about them (`export`, export.ts) and its deletion (`erase`, erase.ts). Any caller, about
 * themself only: both work on the caller's openid and take no one else's id.
 */
import * as z from 'zod';
import { defineFunction } from '../../runtime/router';
import { empty } from '../schemas';
import { ERASE_CONFIRM, erase } from './erase';
import { exportData } from './export';

export const privacyFunction = defineFunction('privacy', {
  export: { access: 'caller', schema: empty, run: async (ctx) => ({ data: await exportData(ctx) }) },
  erase: {
    access: 'caller',
    schema: z.strictObject({
      confirm: z.literal(ERASE_CONFIRM, { error: `请输入“${ERASE_CONFIRM}”以确认注销` }),
    }),
    run: (ctx) => erase(ctx),
  },
});
