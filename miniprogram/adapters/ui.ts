/** Small wx UI calls that are not a component: toasts, the pull-down spinner, the page title. */

/** A short text-only toast: for passing news that must not replace what is on screen. */
export function toast(title: string): void {
  void wx.showToast({ title, icon: 'none' });
}

/** Ends the pull-down-refresh spinner of the current page. */
export function stopPullDownRefresh(): void {
  void wx.stopPullDownRefresh();
}

/** The navigation bar's title of the current page. */
export function setTitle(title: string): void {
  void wx.setNavigationBarTitle({ title });
}
