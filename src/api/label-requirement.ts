import type { FieldError } from './field-errors.js';
import { invalid, notSupported } from './field-errors.js';
import { FieldPath } from './field-path.js';
import { validateLabelValue, validateQualifiedName } from './names.js';

/** The operators of a label requirement, spelled as upstream's selection.Operator. */
export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export const LABEL_OPERATORS: readonly LabelOperator[] = ['in', 'notin', '=', '==', '!=', 'exists', '!', 'gt', 'lt'];

/** One term of a label selector: `key op values`. Values are sorted and unique for in/notin. */
export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  readonly values: readonly string[];
}

const INT64 = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function parseInt64(text: string): bigint | undefined {
  if (!INT64.test(text)) return undefined;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

/** The key problem of a requirement, as upstream's validateLabelKey (messages joined by '; '). */
export function labelKeyError(key: string, path: FieldPath | string): FieldError | undefined {
  const messages = validateQualifiedName(key);
  return messages.length === 0 ? undefined : invalid(path, key, messages.join('; '));
}

/** Every problem with a requirement, as upstream's labels.NewRequirement; paths start at `base`. */
export function validateLabelRequirement(requirement: LabelRequirement, base?: FieldPath): FieldError[] {
  const { key, operator, values } = requirement;
  const at = (name: string): FieldPath => base?.child(name) ?? FieldPath.root(name);
  const errors: FieldError[] = [];
  const keyError = labelKeyError(key, at('key'));
  if (keyError !== undefined) errors.push(keyError);
  const valuesPath = at('values');
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errors.push(invalid(valuesPath, values, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errors.push(invalid(valuesPath, values, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errors.push(invalid(valuesPath, values, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) errors.push(invalid(valuesPath, values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((value, index) => {
        if (parseInt64(value) === undefined) {
          errors.push(invalid(valuesPath.index(index), value, "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      });
      break;
    default:
      errors.push(notSupported(at('operator'), operator, LABEL_OPERATORS));
  }
  values.forEach((value, index) => {
    const messages = validateLabelValue(value);
    if (messages.length > 0) errors.push(invalid(valuesPath.index(index).key(key), value, messages.join('; ')));
  });
  return errors;
}

/** Whether a label set satisfies a requirement (a missing label matches only !=, notin and !). */
export function requirementMatches(requirement: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const { key, operator, values } = requirement;
  const has = Object.hasOwn(labels, key);
  const value = labels[key] ?? '';
  switch (operator) {
    case 'in':
    case '=':
    case '==':
      return has && values.includes(value);
    case 'notin':
    case '!=':
      return !has || !values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      const actual = has ? parseInt64(value) : undefined;
      const bound = values.length === 1 ? parseInt64(values[0] ?? '') : undefined;
      if (actual === undefined || bound === undefined) return false;
      return operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

const SPELLING: Record<LabelOperator, string> = {
  '=': '=',
  '==': '==',
  '!=': '!=',
  in: ' in ',
  notin: ' notin ',
  gt: '>',
  lt: '<',
  exists: '',
  '!': '',
};

/** The requirement in selector syntax, as upstream's Requirement.String(). */
export function requirementString(requirement: LabelRequirement): string {
  const { key, operator, values } = requirement;
  const head = `${operator === '!' ? '!' : ''}${key}${SPELLING[operator]}`;
  if (operator === 'exists' || operator === '!') return head;
  const list = values.length === 1 ? (values[0] ?? '') : [...values].sort().join(',');
  return operator === 'in' || operator === 'notin' ? `${head}(${list})` : `${head}${list}`;
}
