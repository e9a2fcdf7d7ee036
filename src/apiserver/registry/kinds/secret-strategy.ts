import type { ApiObject } from '../../../api/object.js';
import { FieldPath } from '../../../api/field-path.js';
import { base64Error, base64Size } from './base64.js';
import { IMMUTABLE_MESSAGE, MAX_DATA_SIZE } from './config-map-strategy.js';
import { validateConfigKey } from './config-key.js';
import { deepEqual, isUnset, objectAt } from './json.js';
import { KindStrategy } from './kind-strategy.js';
import type { ObjectReader } from './object-reader.js';

const REDACTED = '<secret contents redacted>';

function decoded(data: Record<string, string>, key: string): string | undefined {
  const value = data[key];
  return value === undefined || base64Error(value) !== undefined ? undefined : Buffer.from(value, 'base64').toString('utf8');
}

function jsonError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Upstream's per-type rules of ValidateSecret. */
function checkType(root: ObjectReader, type: string, data: Record<string, string>): void {
  const { problems } = root;
  const dataPath = root.at('data');
  const templatePath = FieldPath.root('data[%s]');
  switch (type) {
    case 'kubernetes.io/service-account-token': {
      const metadata = objectAt(root.fields, 'metadata');
      const annotations = metadata === undefined ? undefined : objectAt(metadata, 'annotations');
      const name = annotations?.['kubernetes.io/service-account.name'];
      if (typeof name !== 'string' || name === '') problems.required(root.at('metadata', 'annotations').key('kubernetes.io/service-account.name'));
      break;
    }
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!(key in data)) { problems.required(dataPath.key(key)); return; }
      const error = jsonError(decoded(data, key) ?? '');
      if (error !== undefined) problems.invalid(dataPath.key(key), REDACTED, error);
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data)) {
        problems.required(templatePath.key('username'));
        problems.required(templatePath.key('password'));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if ((decoded(data, 'ssh-privatekey') ?? '') === '') problems.required(templatePath.key('ssh-privatekey'));
      break;
    case 'kubernetes.io/tls':
      if (!('tls.crt' in data)) problems.required(dataPath.key('tls.crt'));
      if (!('tls.key' in data)) problems.required(dataPath.key('tls.key'));
      break;
  }
}

/** Secrets: stringData folded into data, type Opaque by default, ValidateSecret and ValidateSecretUpdate. */
export class SecretStrategy extends KindStrategy {
  override applyDefaults(object: ApiObject): void {
    if (isUnset(object['type']) || object['type'] === '') object['type'] = 'Opaque';
    const stringData = objectAt(object, 'stringData');
    if (stringData !== undefined) {
      const data = objectAt(object, 'data') ?? {};
      for (const [key, value] of Object.entries(stringData)) {
        if (typeof value === 'string') data[key] = Buffer.from(value, 'utf8').toString('base64');
      }
      object['data'] = data;
    }
    if (stringData !== undefined || object['stringData'] === null) delete object['stringData'];
  }

  protected override check(root: ObjectReader, old: ApiObject | undefined): void {
    const { problems } = root;
    const type = root.string('type');
    if (old !== undefined) {
      if (type !== old['type']) problems.invalid(root.at('type'), type, 'field is immutable');
      if (old['immutable'] === true) {
        if (root.bool('immutable') !== true) problems.forbidden(root.at('immutable'), IMMUTABLE_MESSAGE);
        if (!deepEqual(root.raw('data') ?? {}, isUnset(old['data']) ? {} : old['data'])) problems.forbidden(root.at('data'), IMMUTABLE_MESSAGE);
      }
    }
    const data = root.stringMap('data') ?? {};
    let size = 0;
    for (const [key, value] of Object.entries(data)) {
      problems.invalidEach(root.at('data').key(key), key, validateConfigKey(key));
      const error = base64Error(value);
      if (error !== undefined) problems.invalid(root.at('data').key(key), REDACTED, error);
      else size += base64Size(value);
    }
    if (size > MAX_DATA_SIZE) problems.tooLong(root.at('data'), '', MAX_DATA_SIZE);
    checkType(root, type, data);
  }
}
