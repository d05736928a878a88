import { cardFunction } from '../app/card';
import { deployedMain } from '../runtime/deployed';

/** Deployed entry: WeChat calls exports.main. */
export const main = deployedMain(cardFunction);
/** Local entry: the local cloud calls fn.handle with its own runtime. */
export const fn = cardFunction;
