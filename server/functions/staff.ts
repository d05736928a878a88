import { staffFunction } from '../app/staff';
import { deployedMain } from '../runtime/deployed';

/** Deployed entry: WeChat calls exports.main. */
export const main = deployedMain(staffFunction);
/** Local entry: the local cloud calls fn.handle with its own runtime. */
export const fn = staffFunction;
