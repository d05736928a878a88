import { senderFunction } from '../app/sender';
import { deployedMain } from '../runtime/deployed';

/** Deployed entry: WeChat calls exports.main. */
export const main = deployedMain(senderFunction);
/** Local entry: the local cloud calls fn.handle with its own runtime. */
export const fn = senderFunction;
