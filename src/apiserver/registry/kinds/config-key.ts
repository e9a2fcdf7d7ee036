import { maxLenError, regexError } from '../../../api/names.js';

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/** Upstream's IsConfigMapKey: keys of ConfigMap and Secret data (they become file names). */
export function validateConfigKey(key: string): string[] {
  const errors: string[] = [];
  if (Buffer.byteLength(key, 'utf8') > 253) errors.push(maxLenError(253));
  if (!CONFIG_KEY.test(key)) {
    errors.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", '[-._a-zA-Z0-9]+', 'key.name', 'KEY_NAME', 'key-name'));
  }
  if (key === '.') errors.push("must not be '.'");
  else if (key === '..') errors.push("must not be '..'");
  else if (key.startsWith('..')) errors.push("must not start with '..'");
  return errors;
}
