import { adminFunction } from '../app/admin';
import { deployedMain } from '../runtime/deployed';

/** Deployed entry: WeChat calls exports.main. */
export const main = deployedMain(adminFunction);
/** Local entry: the local cloud calls fn.handle with its own runtime. */
export const fn = adminFunction;
