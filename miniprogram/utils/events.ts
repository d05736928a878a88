/**
 * Reading vant events' `detail` and a tapped element's `data-*`, on any page or component (here in
 * the main package, so that 激活 and the real-name form read van-field as the workbench does).
 * van-field's change detail is the text (some base libraries wrap it as `{ value }`), van-rate's the
 * number, van-switch's the boolean.
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

interface WithDataset {
  currentTarget: { dataset: Record<string, unknown> };
}

/** A `data-*` attribute of the tapped element, as text ('' when absent). */
export function dataText(event: WithDataset, key: string): string {
  const value: unknown = event.currentTarget.dataset[key];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** A `data-*` attribute holding a list of texts (e.g. a message's images). */
export function dataTexts(event: WithDataset, key: string): string[] {
  const value: unknown = event.currentTarget.dataset[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
