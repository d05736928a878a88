/**
 * The one wrapper every page goes through, as vant's components go through VantComponent. A page
 * is a Component() (miniprogram-simulate loads only those: docs/decisions.md), and definePage()
 * adds what every page has, so that a page says only what is its own:
 *  - `_`-fields are pure data: bookkeeping (load numbers, ids from the query, timers), kept in
 *    `data` for typing and never sent to the view layer;
 *  - 大字模式 (behaviors/elder), before any behaviour the page adds;
 *  - with `reload` (utils/reload.ts): the page's `load(quiet)`, run quietly by pull-down and with
 *    the skeleton by 重试. When it first runs is the page's to say: `lifetimes: loadOnAttach`, or
 *    its onLoad once the query is read.
 */
import { elderBehavior } from '../behaviors/elder';
import { reload, reloadMethods, type Loader, type Reload, type ReloadData, type ReloadHost } from './reload';

type DataOption = WechatMiniprogram.Component.DataOption;
type PropertyOption = WechatMiniprogram.Component.PropertyOption;
type MethodOption = WechatMiniprogram.Component.MethodOption;
type BehaviorOption = WechatMiniprogram.Component.BehaviorOption;

/**
 * What a page says, with `this` in its methods typed as the page (its data, properties, methods,
 * behaviours' data, and `Extra`: what definePage() adds). Component options (`options`) are not
 * the page's: every page has the same.
 */
type PageOptions<
  TData extends DataOption,
  TProperty extends PropertyOption,
  TMethod extends MethodOption,
  TBehavior extends BehaviorOption,
  Extra,
> = Partial<WechatMiniprogram.Component.Data<TData>> &
  Partial<WechatMiniprogram.Component.Property<TProperty>> &
  Partial<WechatMiniprogram.Component.Method<TMethod>> &
  Partial<WechatMiniprogram.Component.Behavior<TBehavior>> &
  Partial<WechatMiniprogram.Component.Lifetimes> &
  Partial<Omit<WechatMiniprogram.Component.OtherOption, 'options'>> &
  ThisType<WechatMiniprogram.Component.Instance<TData, TProperty, TMethod & Extra, TBehavior>>;

// Two signatures, so that `this.load` is known exactly where definePage() makes it.

/** A page whose content is one load: `reload` says what it reads and shows, each time it runs. */
export function definePage<
  TData extends ReloadData,
  TProperty extends PropertyOption,
  TMethod extends MethodOption,
  TBehavior extends BehaviorOption,
  TAnswer,
>(options: PageOptions<TData, TProperty, TMethod, TBehavior, Loader> & { reload: Reload<TData, TAnswer> }): string;
/** Any other page. */
export function definePage<
  TData extends DataOption,
  TProperty extends PropertyOption,
  TMethod extends MethodOption,
  TBehavior extends BehaviorOption,
>(options: PageOptions<TData, TProperty, TMethod, TBehavior, unknown>): string;
export function definePage(
  options: WechatMiniprogram.Component.TrivialOption & { reload?: Reload<ReloadData, unknown> },
): string {
  const { reload: spec, ...rest } = options;
  return Component({
    ...rest,
    options: { pureDataPattern: /^_/ },
    behaviors: [elderBehavior, ...(rest.behaviors ?? [])],
    // the page's own methods last: one may stand in for reloadMethods' (reconcile's pull-down)
    methods: spec ? { ...reloadMethods, load: loadOf(spec), ...rest.methods } : { ...rest.methods },
  });
}

/** The page's `load(quiet)`: a function, not an arrow, so that `this` is the page. */
function loadOf(spec: Reload<ReloadData, unknown>) {
  return function load(this: ReloadHost<ReloadData>, quiet: boolean): Promise<void> {
    return reload(this, quiet, spec);
  };
}
