/**
 * The `notify` function: subscription-message consent (R5.2). One wrapper per action.
 *
 * How a page uses it, right before an action that earns a notice (placing an order, activating):
 * read `settings()` once for the template ids, call wx.requestSubscribeMessage with at most 3 of
 * them inside the tap handler, then report WeChat's answers with `subscribe()`. Each `accept` lets
 * the sender deliver one message of that template; without one the notice is skipped.
 */
import type { SubscribeAnswer, SubscribeTemplateName } from '../../typings/contract';
import { call } from './call';

/** The templates to ask for (`templateId` '' while ops have not configured it) and the caller's consents. */
export const settings = () => call('notify', 'settings', {});

/** WeChat's answers of one wx.requestSubscribeMessage (≤ 3 templates). */
export const subscribe = (results: Partial<Record<SubscribeTemplateName, SubscribeAnswer>>) =>
  call('notify', 'subscribe', { results });
