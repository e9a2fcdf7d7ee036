const ESCAPES: Record<string, string> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/** A string quoted as Go's `%q` / strconv.Quote does (for ASCII control characters). */
export function goQuote(text: string): string {
  let quoted = '"';
  for (const char of text) {
    const escape = ESCAPES[char];
    const code = char.codePointAt(0) ?? 0;
    if (escape !== undefined) quoted += escape;
    else if (code < 0x20 || code === 0x7f) quoted += `\\x${code.toString(16).padStart(2, '0')}`;
    else quoted += char;
  }
  return `${quoted}"`;
}

/**
 * A bad value as upstream's field.Error prints it: scalars plainly, strings quoted,
 * nil as `null`, a string slice as Go's `%#v` (`[]string{"a", "b"}`), anything else as JSON.
 */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return `[]string{${value.map(goQuote).join(', ')}}`;
  }
  if (typeof value === 'symbol' || typeof value === 'function') return typeof value;
  if (isStringer(value)) return (value as Stringer).toString();
  return JSON.stringify(value);
}

interface Stringer {
  toString(): string;
}

/** An object whose class prints itself, like a Go fmt.Stringer (a Quantity, a FieldPath). */
function isStringer(value: object): boolean {
  return !Array.isArray(value) && value.toString !== Object.prototype.toString;
}
