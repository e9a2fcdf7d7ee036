/**
 * Expands `$(VAR)` references as Kubernetes does for env values, command and
 * args: a defined variable is replaced, an undefined one is left as written, and
 * `$$` escapes a dollar.
 */
export function expandVariables(input: string, lookup: (name: string) => string | undefined): string {
  let output = '';
  for (let index = 0; index < input.length; index += 1) {
    const character = input.charAt(index);
    if (character !== '$' || index + 1 >= input.length) {
      output += character;
      continue;
    }
    const next = input[index + 1];
    if (next === '$') {
      output += '$';
      index += 1;
    } else if (next === '(') {
      const close = input.indexOf(')', index + 2);
      if (close === -1) {
        output += input.slice(index);
        break;
      }
      const name = input.slice(index + 2, close);
      output += lookup(name) ?? `$(${name})`;
      index = close;
    } else {
      output += '$';
    }
  }
  return output;
}
