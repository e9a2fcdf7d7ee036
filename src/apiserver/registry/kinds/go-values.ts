import { goQuote } from '../../../api/go-format.js';
import { isPlainObject } from '../../../api/object.js';

/** A bad value that prints itself as upstream's `%#v` of the Go value would. */
export class GoValue {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

/** A JSON scalar as text; anything else (which validation reports) as ''. */
function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function stringMapText(map: unknown): string {
  if (!isPlainObject(map)) return 'map[string]string(nil)';
  const entries = Object.keys(map)
    .sort()
    .map((key) => `${goQuote(key)}:${goQuote(text(map[key]))}`);
  return `map[string]string{${entries.join(', ')}}`;
}

function stringSliceText(list: unknown): string {
  if (!Array.isArray(list)) return '[]string(nil)';
  return `[]string{${list.map((item) => goQuote(text(item))).join(', ')}}`;
}

/** A map[string]string, e.g. template labels: `map[string]string{"app":"web"}`. */
export function goStringMap(map: unknown): GoValue {
  return new GoValue(stringMapText(map));
}

/** A metav1.LabelSelector as `%#v` prints it. */
export function goLabelSelector(selector: unknown): GoValue {
  if (!isPlainObject(selector)) return new GoValue('null');
  const expressions = selector['matchExpressions'];
  let expressionsText = '[]v1.LabelSelectorRequirement(nil)';
  if (Array.isArray(expressions)) {
    const items = expressions.map((item: unknown) => {
      const expression = isPlainObject(item) ? item : {};
      const key = goQuote(text(expression['key']));
      const operator = goQuote(text(expression['operator']));
      return `v1.LabelSelectorRequirement{Key:${key}, Operator:${operator}, Values:${stringSliceText(expression['values'])}}`;
    });
    expressionsText = `[]v1.LabelSelectorRequirement{${items.join(', ')}}`;
  }
  const matchLabels = selector['matchLabels'];
  return new GoValue(`v1.LabelSelector{MatchLabels:${stringMapText(matchLabels)}, MatchExpressions:${expressionsText}}`);
}

/** An intstr.IntOrString as `%#v` prints it. */
export function goIntOrString(value: unknown): GoValue {
  if (typeof value === 'number') return new GoValue(`intstr.IntOrString{Type:0, IntVal:${value}, StrVal:""}`);
  return new GoValue(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(text(value))}}`);
}
