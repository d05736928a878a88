/**
 * The forms' own checks, pure: what the member typed → '' (fine) or the message shown under the
 * field. They spare a round trip and say at once what is wrong; the `card` function checks every
 * field again (R2.3) and its answer is the one that counts. The wording matches the function's,
 * so a member reads the same sentence whichever side caught the mistake.
 *
 * ES2020 without Unicode property escapes: DevTools' ES5 step does not rewrite `\p{…}`, and older
 * phones' engines refuse it.
 */

export interface RealName {
  name: string;
  idNumber: string;
  phone: string;
}

export type RealNameErrors = Record<keyof RealName, string>;

/** GB 11643-1999: weights of the first 17 characters, and the check character by sum mod 11. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

const CARD_NO_LENGTH = 16;

/** Full-width digits and letters (a Chinese keyboard) made ASCII. */
function halfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

// ---------------------------------------------------------------------------------------------
// Card number and activation code

/** Only the digits of what was typed or scanned, at most 16. */
export function cardNoDigits(s: string): string {
  return halfWidth(s).replace(/\D/g, '').slice(0, CARD_NO_LENGTH);
}

/** "8860123412341234" → "8860 1234 1234 1234", as the member types: easier to compare with the card. */
export function groupCardNo(s: string): string {
  return cardNoDigits(s).replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** Luhn: the card number's last digit checks the others, so a slip of one digit shows at once. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function checkCardNo(s: string): string {
  const digits = cardNoDigits(s);
  if (digits === '') return '请输入卡号';
  if (digits.length !== CARD_NO_LENGTH) return '卡号为 16 位数字，请核对';
  if (!luhnValid(digits)) return '卡号有误，请核对后重新输入';
  return '';
}

/**
 * A scanned code (a QR code or barcode on the card or its letter) → the card number in it: the
 * first run of 16 digits, whether the code holds the bare number or a link carrying it. '' when
 * there is none.
 */
export function cardNoFromScan(text: string): string {
  const found = /\d{16}/.exec(halfWidth(text).replace(/[\s-]/g, ''));
  return found ? found[0] : '';
}

/** The activation code as the function reads it: no spaces, capitals. */
export function normalizeCode(s: string): string {
  return halfWidth(s).replace(/\s+/g, '').toUpperCase();
}

export function checkCode(s: string): string {
  const code = normalizeCode(s);
  if (code === '') return '请输入激活码';
  if (!/^[A-Z0-9]{4,16}$/.test(code)) return '激活码由字母和数字组成，请核对';
  return '';
}

// ---------------------------------------------------------------------------------------------
// Real name (R2.3)

/** Spaces trimmed and collapsed, the look-alike dots of minority names made the middle dot ·. */
export function normalizeName(s: string): string {
  return halfWidth(s)
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\s*[•・‧∙·]\s*/g, '·');
}

// Chinese characters (basic, extension A, compatibility) and Latin letters, in words joined by
// the middle dot or one space. Surrogate pairs (rare characters of extension B+) are let
// through as letters: the function, which knows Unicode, has the last word.
const NAME_LETTER =
  '(?:[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaffA-Za-z\\u00c0-\\u024f]|[\\ud800-\\udbff][\\udc00-\\udfff])';
const NAME_RE = new RegExp(`^${NAME_LETTER}+(?:[· ]${NAME_LETTER}+)*$`);

/** Code points, not UTF-16 units: a rare character counts once. */
function length(s: string): number {
  return s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '_').length;
}

export function checkName(s: string): string {
  const name = normalizeName(s);
  if (name === '') return '请输入姓名';
  const n = length(name);
  if (n < 2 || n > 20 || !NAME_RE.test(name)) return '请输入 2–20 个字的真实姓名';
  return '';
}

/** Spaces removed, x made X, full-width made ASCII. */
export function normalizeIdNumber(s: string): string {
  return halfWidth(s).replace(/\s+/g, '').toUpperCase();
}

function isRealDay(y: number, m: number, d: number): boolean {
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= (days[m - 1] ?? 0);
}

/** 18 characters, a real birth date in positions 7–14, and the GB 11643 check character. */
export function isValidIdNumber(s: string): boolean {
  const id = normalizeIdNumber(s);
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return false;
  if (!isRealDay(Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14)))) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK_CHARS[sum % 11] === id[17];
}

export function checkIdNumber(s: string): string {
  const id = normalizeIdNumber(s);
  if (id === '') return '请输入身份证号码';
  if (id.length !== 18) return '身份证号码为 18 位，请核对';
  if (!isValidIdNumber(id)) return '身份证号码不正确，请核对';
  return '';
}

export function normalizePhone(s: string): string {
  return halfWidth(s).replace(/[\s-]/g, '');
}

export function checkPhone(s: string): string {
  const phone = normalizePhone(s);
  if (phone === '') return '请输入手机号码';
  if (!/^1\d{10}$/.test(phone)) return '手机号码应为 1 开头的 11 位数字';
  return '';
}

/** Every field's message ('' when fine). */
export function checkRealName(value: RealName): RealNameErrors {
  return { name: checkName(value.name), idNumber: checkIdNumber(value.idNumber), phone: checkPhone(value.phone) };
}

/** What is sent: trimmed and normalized the way the function stores it. */
export function normalizeRealName(value: RealName): RealName {
  return {
    name: normalizeName(value.name),
    idNumber: normalizeIdNumber(value.idNumber),
    phone: normalizePhone(value.phone),
  };
}
