import { orderFunction } from '../app/order';
import { deployedMain } from '../runtime/deployed';

/** Deployed entry: WeChat calls exports.main. */
export const main = deployedMain(orderFunction);
/** Local entry: the local cloud calls fn.handle with its own runtime. */
export const fn = orderFunction;
