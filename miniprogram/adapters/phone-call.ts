/**
 * Phoning someone from the workbench (wx.makePhoneCall): the phone's dialer opens with the
 * number. The only place that calls it. Resolves false when the staff member closed the dialer's
 * prompt or the phone cannot call (a tablet, DevTools without a dialer).
 */
export function makePhoneCall(phoneNumber: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.makePhoneCall({
      phoneNumber,
      success: () => resolve(true),
      fail: () => resolve(false),
    });
  });
}
