/**
 * `notify`: subscription consent (R5.2). The mini-program asks wx.requestSubscribeMessage (at most
 * 3 templates a tap) right before an action that earns a notice, then reports WeChat's answers
 * here; each `accept` allows one message of that template (one-time subscriptions). `settings`
 * gives the template ids to ask for and what the caller has consented to (the 我的 page).
 */
import * as z from 'zod';
import type { SubscribeAnswer, SubscribeTemplateInfo, SubscribeTemplateName } from '../../../typings/contract';
import { isPlaceholderId, SUBSCRIBE_TEMPLATE_NAMES, SUBSCRIBE_TEMPLATES } from '../../domain/notices';
import { defineFunction } from '../../runtime/router';
import { empty } from '../schemas';
import { noticeSettings } from '../settings';
import { consentsOf, recordAnswer } from './consent';

/** WeChat asks for at most 3 templates in one panel. */
const MAX_PER_REQUEST = 3;

const templateName = z.enum(SUBSCRIBE_TEMPLATE_NAMES as [SubscribeTemplateName, ...SubscribeTemplateName[]]);
const answer = z.enum(['accept', 'reject', 'ban', 'filter']);

const subscribeSchema = z.strictObject({
  results: z
    // partial: a request names only the templates it asked for
    .partialRecord(templateName, answer)
    .refine((r) => Object.keys(r).length >= 1 && Object.keys(r).length <= MAX_PER_REQUEST, {
      error: `每次最多记录 ${MAX_PER_REQUEST} 个订阅`,
    }),
}) as unknown as z.ZodType<{ results: Partial<Record<SubscribeTemplateName, SubscribeAnswer>> }>;

export const notifyFunction = defineFunction('notify', {
  subscribe: {
    access: 'caller',
    schema: subscribeSchema,
    run: async (ctx, req) => {
      for (const [name, result] of Object.entries(req.results) as [SubscribeTemplateName, SubscribeAnswer][]) {
        await recordAnswer(ctx.store, ctx.openid, name, result, ctx.now);
      }
      return { consents: await consentsOf(ctx.store, ctx.openid) };
    },
  },
  settings: {
    access: 'caller',
    schema: empty,
    run: async (ctx) => {
      const [settings, staff, consents] = await Promise.all([
        noticeSettings(ctx.store),
        ctx.staff(),
        consentsOf(ctx.store, ctx.openid),
      ]);
      const isStaff = (staff?.roles.length ?? 0) > 0;
      const templates: SubscribeTemplateInfo[] = SUBSCRIBE_TEMPLATE_NAMES.filter(
        (name) => SUBSCRIBE_TEMPLATES[name].audience === 'member' || isStaff,
      ).map((name) => {
        const id = settings.subscribe[name].templateId;
        return {
          name,
          templateId: isPlaceholderId(id) ? '' : id,
          title: SUBSCRIBE_TEMPLATES[name].title,
          audience: SUBSCRIBE_TEMPLATES[name].audience,
        };
      });
      return { templates, consents };
    },
  },
});
