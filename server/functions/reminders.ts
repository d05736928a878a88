import { remindersFunction } from '../app/reminders';
import { deployedMain } from '../runtime/deployed';

/** Deployed entry: WeChat calls exports.main. */
export const main = deployedMain(remindersFunction);
/** Local entry: the local cloud calls fn.handle with its own runtime. */
export const fn = remindersFunction;
