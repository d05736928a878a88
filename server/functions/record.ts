import { recordFunction } from '../app/record';
import { deployedMain } from '../runtime/deployed';

/** Deployed entry: WeChat calls exports.main. */
export const main = deployedMain(recordFunction);
/** Local entry: the local cloud calls fn.handle with its own runtime. */
export const fn = recordFunction;
