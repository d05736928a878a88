import { butlerFunction } from '../app/butler';
import { deployedMain } from '../runtime/deployed';

/** Deployed entry: WeChat calls exports.main. */
export const main = deployedMain(butlerFunction);
/** Local entry: the local cloud calls fn.handle with its own runtime. */
export const fn = butlerFunction;
