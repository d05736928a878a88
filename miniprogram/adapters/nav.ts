/**
 * Navigation between pages, by absolute route (`/member/pages/benefit/index?key=…`). The only
 * place that calls wx's navigation APIs, so tests can stub them.
 */

/**
 * Opens `url` on top of the current page. `onMissing` runs when the page cannot be opened (a
 * route that has not shipped yet, a stack that is full), so the member is told instead of nothing.
 */
export function navigateTo(url: string, onMissing?: () => void): void {
  wx.navigateTo({
    url,
    fail: () => onMissing?.(),
  });
}

/** Goes to a tabBar page (首页, 订单, 我的): those cannot be opened with navigateTo. */
export function switchTab(url: string, onMissing?: () => void): void {
  wx.switchTab({
    url,
    fail: () => onMissing?.(),
  });
}

/** `/member/pages/x/index` with the given query, each value URI-encoded. */
export function route(path: string, query: Record<string, string> = {}): string {
  const pairs = Object.keys(query).map((key) => `${key}=${encodeURIComponent(query[key] ?? '')}`);
  return pairs.length > 0 ? `${path}?${pairs.join('&')}` : path;
}

/** Replaces the current page with `url`: after a form is sent, back does not return to the form. */
export function redirectTo(url: string, onMissing?: () => void): void {
  wx.redirectTo({
    url,
    fail: () => onMissing?.(),
  });
}
