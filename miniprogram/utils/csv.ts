/**
 * CSV text (RFC 4180): fields with a comma, quote or line break are quoted, quotes doubled, lines
 * end with CRLF. A field whose first visible character is = + - @ is prefixed with a quote mark so
 * that a spreadsheet shows it as text instead of running it as a formula (CSV injection).
 */

function field(value: string | number): string {
  let s = String(value);
  if (/^\s*[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

export interface IssuedCards {
  orderNo: string;
  orderDate: string;
  /** the edition's name, e.g. 尊享版 */
  edition: string;
  cards: readonly { cardNo: string; code: string }[];
}

/**
 * The cards of one platform order, one line per card: what the insurer's platform needs to hand
 * each buyer a card number and its activation code. Card numbers carry a leading tab so that a
 * spreadsheet keeps them as text (16 digits would become 8.86E+15 and lose the last one).
 */
export function cardsCsv(issued: IssuedCards): string {
  return toCsv(
    ['订单号', '下单日期', '版本', '卡号', '激活码'],
    issued.cards.map((c) => [issued.orderNo, issued.orderDate, issued.edition, `\t${c.cardNo}`, c.code]),
  );
}
