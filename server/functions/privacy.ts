import { privacyFunction } from '../app/privacy';
import { deployedMain } from '../runtime/deployed';

/** Deployed entry: WeChat calls exports.main. */
export const main = deployedMain(privacyFunction);
/** Local entry: the local cloud calls fn.handle with its own runtime. */
export const fn = privacyFunction;
