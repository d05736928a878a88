import { maintenanceFunction } from '../app/maintenance';
import { deployedMain } from '../runtime/deployed';

/** Deployed entry: WeChat calls exports.main. */
export const main = deployedMain(maintenanceFunction);
/** Local entry: the local cloud calls fn.handle with its own runtime. */
export const fn = maintenanceFunction;
