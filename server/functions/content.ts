import { contentFunction } from '../app/content';
import { deployedMain } from '../runtime/deployed';

/** Deployed entry: WeChat calls exports.main. */
export const main = deployedMain(contentFunction);
/** Local entry: the local cloud calls fn.handle with its own runtime. */
export const fn = contentFunction;
