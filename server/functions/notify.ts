import { notifyFunction } from '../app/notify';
import { deployedMain } from '../runtime/deployed';

/** Deployed entry: WeChat calls exports.main. */
export const main = deployedMain(notifyFunction);
/** Local entry: the local cloud calls fn.handle with its own runtime. */
export const fn = notifyFunction;
