import type { ApiObject } from '../../../api/object.js';
import { base64Error, base64Size } from './base64.js';
import { validateConfigKey } from './config-key.js';
import { deepEqual, isUnset } from './json.js';
import { KindStrategy } from './kind-strategy.js';
import type { ObjectReader } from './object-reader.js';

/** Upstream's MaxSecretSize, which limits ConfigMaps too. */
export const MAX_DATA_SIZE = 1024 * 1024;
export const IMMUTABLE_MESSAGE = 'field is immutable when `immutable` is set';

/** ConfigMaps: upstream's ValidateConfigMap and ValidateConfigMapUpdate. */
export class ConfigMapStrategy extends KindStrategy {
  protected override check(root: ObjectReader, old: ApiObject | undefined): void {
    const { problems } = root;
    if (old?.['immutable'] === true) {
      if (root.bool('immutable') !== true) problems.forbidden(root.at('immutable'), IMMUTABLE_MESSAGE);
      for (const field of ['data', 'binaryData']) {
        if (!deepEqual(root.raw(field) ?? {}, isUnset(old[field]) ? {} : old[field])) problems.forbidden(root.at(field), IMMUTABLE_MESSAGE);
      }
    }
    const data = root.stringMap('data') ?? {};
    const binaryData = root.stringMap('binaryData') ?? {};
    let size = 0;
    for (const [key, value] of Object.entries(data)) {
      problems.invalidEach(root.at('data').key(key), key, validateConfigKey(key));
      if (key in binaryData) problems.invalid(root.at('data').key(key), key, 'duplicate of key present in binaryData');
      size += Buffer.byteLength(value, 'utf8');
    }
    for (const [key, value] of Object.entries(binaryData)) {
      problems.invalidEach(root.at('binaryData').key(key), key, validateConfigKey(key));
      const error = base64Error(value);
      if (error !== undefined) problems.invalid(root.at('binaryData').key(key), '<binary data>', error);
      else size += base64Size(value);
    }
    root.bool('immutable');
    if (size > MAX_DATA_SIZE) problems.tooLong(root.path, '', MAX_DATA_SIZE);
  }
}
