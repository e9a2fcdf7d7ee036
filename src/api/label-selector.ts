import type { FieldError } from './field-errors.js';
import { forbidden, invalid, required, typeInvalid } from './field-errors.js';
import { FieldPath } from './field-path.js';
import type { LabelOperator, LabelRequirement } from './label-requirement.js';
import { requirementMatches, requirementString, validateLabelRequirement } from './label-requirement.js';
import { parseLabelRequirements } from './label-selector-parser.js';
import { validateLabelName, validateLabels } from './labels-validation.js';
import { validateLabelValue } from './names.js';
import { isPlainObject } from './object.js';

export type { LabelOperator, LabelRequirement } from './label-requirement.js';
export { SelectorError } from './selector-error.js';

/**
 * A parsed label selector: every requirement must hold. No requirements match
 * everything; the `nothing` selector (from a null metav1.LabelSelector) matches nothing.
 */
export class LabelSelector {
  static readonly everything = new LabelSelector([], true);
  static readonly nothing = new LabelSelector([], false);

  readonly requirements: readonly LabelRequirement[];
  readonly #matchesWhenEmpty: boolean;

  private constructor(requirements: readonly LabelRequirement[], matchesWhenEmpty: boolean) {
    this.requirements = requirements;
    this.#matchesWhenEmpty = matchesWhenEmpty;
  }

  /** A selector of requirements that are already valid, kept in key order. */
  static of(requirements: readonly LabelRequirement[]): LabelSelector {
    const sorted = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return sorted.length === 0 ? LabelSelector.everything : new LabelSelector(sorted, true);
  }

  matches(labels: Readonly<Record<string, string>> | undefined): boolean {
    if (this.requirements.length === 0) return this.#matchesWhenEmpty;
    return this.requirements.every((requirement) => requirementMatches(requirement, labels ?? {}));
  }

  isEverything(): boolean {
    return this.requirements.length === 0 && this.#matchesWhenEmpty;
  }

  isNothing(): boolean {
    return !this.#matchesWhenEmpty;
  }

  /** The selector in the syntax `parseLabelSelector` reads; '' for everything (and for nothing, as upstream). */
  toString(): string {
    return this.requirements.map(requirementString).join(',');
  }
}

/** Parses a selector string; throws SelectorError with upstream's message. '' selects everything. */
export function parseLabelSelector(text: string): LabelSelector {
  return LabelSelector.of(parseLabelRequirements(text));
}

const EXPRESSION_OPERATORS: Record<string, LabelOperator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/** Every problem with a metav1.LabelSelector object at `path`, as upstream's ValidateLabelSelector. */
export function validateLabelSelector(selector: unknown, path: FieldPath): FieldError[] {
  if (selector === undefined || selector === null) return [];
  if (!isPlainObject(selector)) return [typeInvalid(path, selector, 'must be an object')];
  const errors = validateLabels(selector['matchLabels'], path.child('matchLabels'));
  const expressions = selector['matchExpressions'];
  if (expressions === undefined || expressions === null) return errors;
  if (!Array.isArray(expressions)) return [...errors, typeInvalid(path.child('matchExpressions'), expressions, 'must be an array')];
  expressions.forEach((expression: unknown, index) => {
    errors.push(...validateExpression(expression, path.child('matchExpressions').index(index)));
  });
  return errors;
}

function validateExpression(expression: unknown, path: FieldPath): FieldError[] {
  if (!isPlainObject(expression)) return [typeInvalid(path, expression, 'must be an object')];
  const errors: FieldError[] = [];
  const { key, operator, values } = expression;
  const list = values ?? [];
  if (!Array.isArray(list) || !list.every((value) => typeof value === 'string')) {
    return [typeInvalid(path.child('values'), values, 'must be an array of strings')];
  }
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (list.length === 0) errors.push(required(path.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (list.length > 0) errors.push(forbidden(path.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    default:
      errors.push(invalid(path.child('operator'), operator ?? '', 'not a valid selector operator'));
  }
  if (typeof key !== 'string' && key !== undefined) errors.push(typeInvalid(path.child('key'), key, 'must be a string'));
  else errors.push(...validateLabelName(key ?? '', path.child('key')));
  list.forEach((value: string, index) => {
    for (const message of validateLabelValue(value)) errors.push(invalid(path.child('values').index(index), value, message));
  });
  return errors;
}

export type LabelSelectorResult =
  | { readonly selector: LabelSelector; readonly errors: readonly [] }
  | { readonly selector: undefined; readonly errors: readonly FieldError[] };

/**
 * Converts a metav1.LabelSelector object (matchLabels and matchExpressions) to a
 * selector, validating it at `path`. An empty object selects everything; null or
 * undefined selects nothing. With errors there is no selector.
 */
export function fromLabelSelector(object: unknown, path: FieldPath = FieldPath.root('selector')): LabelSelectorResult {
  if (object === undefined || object === null) return { selector: LabelSelector.nothing, errors: [] };
  const errors = validateLabelSelector(object, path);
  if (errors.length > 0 || !isPlainObject(object)) return { selector: undefined, errors };
  const requirements: LabelRequirement[] = [];
  const matchLabels = isPlainObject(object['matchLabels']) ? object['matchLabels'] : {};
  for (const [key, value] of Object.entries(matchLabels)) requirements.push({ key, operator: '=', values: [String(value)] });
  const expressions = Array.isArray(object['matchExpressions']) ? (object['matchExpressions'] as Record<string, unknown>[]) : [];
  for (const expression of expressions) {
    const values = (expression['values'] ?? []) as string[];
    const operator = EXPRESSION_OPERATORS[String(expression['operator'])] ?? 'in';
    requirements.push({ key: String(expression['key']), operator, values: [...values] });
  }
  const problems = requirements.flatMap((requirement) => validateLabelRequirement(requirement, path));
  if (problems.length > 0) return { selector: undefined, errors: problems };
  return { selector: LabelSelector.of(requirements), errors: [] };
}
