import { SelectorError } from './selector-error.js';

export { SelectorError } from './selector-error.js';

/** One term of a field selector; `==` is read as `=`, as upstream. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

/** A parsed field selector: every requirement must hold. No requirements match everything. */
export class FieldSelector {
  static readonly everything = new FieldSelector([]);

  readonly requirements: readonly FieldRequirement[];

  constructor(requirements: readonly FieldRequirement[]) {
    this.requirements = requirements;
  }

  /** A field the object does not have counts as ''. */
  matches(fields: Readonly<Record<string, string>>): boolean {
    return this.requirements.every(({ field, operator, value }) => ((fields[field] ?? '') === value) === (operator === '='));
  }

  isEverything(): boolean {
    return this.requirements.length === 0;
  }

  /** The value a requirement `field=value` demands, if any (e.g. to narrow a list by `metadata.name`). */
  requiresExactMatch(field: string): string | undefined {
    return this.requirements.find((requirement) => requirement.field === field && requirement.operator === '=')?.value;
  }

  toString(): string {
    return this.requirements.map(({ field, operator, value }) => `${field}${operator}${escapeFieldValue(value)}`).join(',');
  }
}

/** Splits on commas that are not escaped with a backslash. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let at = 0; at < text.length; at++) {
    const char = text.charAt(at);
    if (escaped) escaped = false;
    else if (char === '\\') escaped = true;
    else if (char === ',') {
      terms.push(text.slice(start, at));
      start = at + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

/** The first operator in a term, trying `!=` then `==` then `=` at each position. */
function splitTerm(term: string): [string, '=' | '==' | '!=', string] | undefined {
  for (let at = 0; at < term.length; at++) {
    for (const operator of ['!=', '==', '='] as const) {
      if (term.startsWith(operator, at)) return [term.slice(0, at), operator, term.slice(at + operator.length)];
    }
  }
  return undefined;
}

export function unescapeFieldValue(value: string): string {
  let result = '';
  let escaped = false;
  for (const char of value) {
    if (escaped) {
      if (char !== '\\' && char !== ',' && char !== '=') {
        throw new SelectorError(`invalid field selector: invalid escape sequence: \\${char}`);
      }
      result += char;
      escaped = false;
    } else if (char === '\\') {
      escaped = true;
    } else if (char === ',' || char === '=') {
      throw new SelectorError(`invalid field selector: unescaped character in value: ${char}`);
    } else {
      result += char;
    }
  }
  if (escaped) throw new SelectorError('invalid field selector: invalid escape sequence: \\');
  return result;
}

export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (char) => `\\${char}`);
}

/**
 * Parses `metadata.name=x,status.phase!=Running` (and `==`); values may escape
 * `\,` `\=` `\\`. Terms are sorted as upstream. Throws SelectorError.
 */
export function parseFieldSelector(text: string): FieldSelector {
  const requirements: FieldRequirement[] = [];
  for (const term of splitTerms(text).sort()) {
    if (term === '') continue;
    const parts = splitTerm(term);
    if (parts === undefined) throw new SelectorError(`invalid selector: '${text}'; can't understand '${term}'`);
    const [field, operator, value] = parts;
    requirements.push({ field, operator: operator === '!=' ? '!=' : '=', value: unescapeFieldValue(value) });
  }
  return requirements.length === 0 ? FieldSelector.everything : new FieldSelector(requirements);
}

/** The error for the first field not in `supported`, as upstream: `field label not supported: spec.foo`. */
export function unsupportedFieldError(selector: FieldSelector, supported: Iterable<string>): SelectorError | undefined {
  const allowed = new Set(supported);
  const unsupported = selector.requirements.find((requirement) => !allowed.has(requirement.field));
  return unsupported === undefined ? undefined : new SelectorError(`field label not supported: ${unsupported.field}`);
}
