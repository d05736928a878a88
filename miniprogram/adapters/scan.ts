/**
 * The camera's code scanner (wx.scanCode), behind one function so that pages stay testable and
 * a phone without a camera, or a member who closes the scanner, is an answer rather than an
 * exception.
 */

export type ScanResult = { ok: true; text: string } | { ok: false; cancelled: boolean };

/** Opens the scanner for a QR code or a barcode and resolves with what it read. */
export function scanCode(): Promise<ScanResult> {
  return new Promise((resolve) => {
    wx.scanCode({
      scanType: ['qrCode', 'barCode'],
      success: (res) => resolve({ ok: true, text: res.result }),
      fail: (err) => resolve({ ok: false, cancelled: /cancel/i.test(err.errMsg) }),
    });
  });
}
