/**
 * Reading vant events' `detail` on the workbench pages. van-field's change detail is the text
 * (some base libraries wrap it as `{ value }`), van-rate's the number, van-switch's the boolean.
 */

export function textOf(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (typeof detail === 'object' && detail !== null) {
    const value: unknown = Reflect.get(detail, 'value');
    if (typeof value === 'string') return value;
  }
  return '';
}

export function numberOf(detail: unknown): number {
  if (typeof detail === 'number') return detail;
  if (typeof detail === 'object' && detail !== null) {
    const value: unknown = Reflect.get(detail, 'value');
    if (typeof value === 'number') return value;
  }
  return 0;
}

export function booleanOf(detail: unknown): boolean {
  if (typeof detail === 'boolean') return detail;
  if (typeof detail === 'object' && detail !== null) return Reflect.get(detail, 'value') === true;
  return false;
}
