/**
 * The page menu's 转发. A page that defines onShareAppMessage can be shared from the "···" menu
 * as well as from its `<button open-type="share">`; for pages whose share carries a one-time
 * invite, only the button may share, so the menu's entry is hidden.
 */

export function hideShareMenu(): void {
  void wx.hideShareMenu({ menus: ['shareAppMessage', 'shareTimeline'] });
}
