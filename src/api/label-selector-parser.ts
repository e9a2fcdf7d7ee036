import { fieldErrorMessage } from './field-errors.js';
import type { LabelOperator, LabelRequirement } from './label-requirement.js';
import { labelKeyError, validateLabelRequirement } from './label-requirement.js';
import { SelectorError } from './selector-error.js';

type Token =
  | 'identifier'
  | 'end'
  | '('
  | ')'
  | ','
  | '!'
  | '='
  | '=='
  | '!='
  | '>'
  | '<'
  | 'in'
  | 'notin';

interface Item {
  readonly token: Token;
  readonly literal: string;
}

const SYMBOLS = new Set(['=', '!', '(', ')', ',', '>', '<']);
const KEYWORDS = new Set<string>(['(', ')', ',', '!', '=', '==', '!=', '>', '<', 'in', 'notin']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';
const OPERATORS: Partial<Record<Token, LabelOperator>> = {
  in: 'in',
  notin: 'notin',
  '=': '=',
  '==': '==',
  '!=': '!=',
  '>': 'gt',
  '<': 'lt',
};

/** Splits a selector as upstream's lexer: runs of symbols take the longest known token. */
function lex(text: string): Item[] {
  const items: Item[] = [];
  let at = 0;
  for (;;) {
    while (at < text.length && WHITESPACE.has(text.charAt(at))) at++;
    if (at >= text.length) break;
    if (SYMBOLS.has(text.charAt(at))) {
      let literal = text.charAt(at++);
      if (SYMBOLS.has(text.charAt(at)) && KEYWORDS.has(literal + text.charAt(at))) literal += text.charAt(at++);
      items.push({ token: literal as Token, literal });
      continue;
    }
    const start = at;
    while (at < text.length && !SYMBOLS.has(text.charAt(at)) && !WHITESPACE.has(text.charAt(at))) at++;
    const literal = text.slice(start, at);
    items.push({ token: KEYWORDS.has(literal) ? (literal as Token) : 'identifier', literal });
  }
  items.push({ token: 'end', literal: '' });
  return items;
}

/** A recursive-descent parser with upstream's grammar and error messages. */
class Parser {
  readonly #items: Item[];
  #position = 0;

  constructor(text: string) {
    this.#items = lex(text);
  }

  /** In value position `in` and `notin` are plain identifiers. */
  #lookahead(values = true): Item {
    const item = this.#items[Math.min(this.#position, this.#items.length - 1)] ?? { token: 'end', literal: '' };
    return values && (item.token === 'in' || item.token === 'notin') ? { token: 'identifier', literal: item.literal } : item;
  }

  #consume(values = true): Item {
    const item = this.#lookahead(values);
    this.#position++;
    return item;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const { token, literal } = this.#lookahead();
      if (token === 'end') return requirements;
      if (token !== 'identifier' && token !== '!') {
        throw new SelectorError(`found '${literal}', expected: !, identifier, or 'end of string'`);
      }
      try {
        requirements.push(this.#requirement());
      } catch (error) {
        if (error instanceof SelectorError) throw new SelectorError(`unable to parse requirement: ${error.message}`, { cause: error });
        throw error;
      }
      const next = this.#consume();
      if (next.token === 'end') return requirements;
      if (next.token !== ',') throw new SelectorError(`found '${next.literal}', expected: ',' or 'end of string'`);
      const after = this.#lookahead();
      if (after.token !== 'identifier' && after.token !== '!') {
        throw new SelectorError(`found '${after.literal}', expected: identifier after ','`);
      }
    }
  }

  #requirement(): LabelRequirement {
    let item = this.#consume();
    const negated = item.token === '!';
    if (negated) item = this.#consume();
    if (item.token !== 'identifier') throw new SelectorError(`found '${item.literal}', expected: identifier`);
    const key = item.literal;
    const keyError = labelKeyError(key, '<nil>');
    if (keyError !== undefined) throw new SelectorError(fieldErrorMessage(keyError));
    const following = this.#lookahead().token;
    if (negated || following === 'end' || following === ',') {
      return checked({ key, operator: negated ? '!' : 'exists', values: [] });
    }
    const operatorItem = this.#consume(false);
    const operator = OPERATORS[operatorItem.token];
    if (operator === undefined) throw new SelectorError(`found '${operatorItem.literal}', expected: ${BINARY_OPERATORS}`);
    const values = operator === 'in' || operator === 'notin' ? this.#valueSet() : this.#exactValue();
    return checked({ key, operator, values: [...new Set(values)].sort() });
  }

  #valueSet(): string[] {
    const open = this.#consume();
    if (open.token !== '(') throw new SelectorError(`found '${open.literal}' expected: '('`);
    const { token, literal } = this.#lookahead();
    if (token === ')') {
      this.#consume();
      return [''];
    }
    if (token !== 'identifier' && token !== ',') {
      throw new SelectorError(`found '${literal}', expected: ',', ')' or identifier`);
    }
    const values = this.#identifiers();
    if (this.#consume().token !== ')') throw new SelectorError(`found '${literal}', expected: ')'`);
    return values;
  }

  /** A comma-separated list where empty places (`(,a)`, `(a,)`, `(a,,b)`) are empty values. */
  #identifiers(): string[] {
    const values: string[] = [];
    for (;;) {
      const item = this.#consume();
      if (item.token === 'identifier') {
        values.push(item.literal);
        const next = this.#lookahead();
        if (next.token === ')') return values;
        if (next.token !== ',') throw new SelectorError(`found '${next.literal}', expected: ',' or ')'`);
      } else if (item.token === ',') {
        if (values.length === 0) values.push('');
        const next = this.#lookahead().token;
        if (next === ')') {
          values.push('');
          return values;
        }
        if (next === ',') {
          this.#consume();
          values.push('');
        }
      } else {
        throw new SelectorError(`found '${item.literal}', expected: ',', or identifier`);
      }
    }
  }

  #exactValue(): string[] {
    const next = this.#lookahead().token;
    if (next === 'end' || next === ',') return [''];
    const item = this.#consume();
    if (item.token !== 'identifier') throw new SelectorError(`found '${item.literal}', expected: identifier`);
    return [item.literal];
  }
}

function checked(requirement: LabelRequirement): LabelRequirement {
  const messages = [...new Set(validateLabelRequirement(requirement).map(fieldErrorMessage))];
  if (messages.length === 1) throw new SelectorError(messages[0] ?? '');
  if (messages.length > 1) throw new SelectorError(`[${messages.join(', ')}]`);
  return requirement;
}

/**
 * The requirements of a label selector string as kubectl sends it
 * (`app=web,tier!=db`, `env in (prod,qa)`, `!gpu`), sorted by key as upstream.
 * Throws SelectorError with upstream's message when it does not parse.
 */
export function parseLabelRequirements(text: string): LabelRequirement[] {
  const requirements = new Parser(text).parse();
  return requirements.map((requirement, index) => ({ requirement, index }))
    .sort((a, b) => (a.requirement.key < b.requirement.key ? -1 : a.requirement.key > b.requirement.key ? 1 : a.index - b.index))
    .map(({ requirement }) => requirement);
}
