import { validateDns1123Subdomain, validateQualifiedName } from '../../../api/names.js';
import { validateConfigKey } from './config-key.js';
import type { ObjectReader } from './object-reader.js';

const ENV_FIELD_PATHS = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP',
  'status.hostIPs', 'status.podIP', 'status.podIPs',
];
/** What upstream's ConvertDownwardAPIFieldLabel accepts for pods. */
const CONVERTIBLE_FIELD_PATHS = new Set([
  ...ENV_FIELD_PATHS, 'metadata.annotations', 'metadata.labels', 'spec.restartPolicy', 'spec.schedulerName', 'status.phase',
]);
const RESOURCE_FIELD_PATHS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];
const SUBSCRIPTED = /^(metadata\.(?:annotations|labels))\['(.*)'\]$/;

/** Upstream's IsRelaxedEnvVarName (RelaxedEnvironmentVariableValidation is on in 1.32). */
function validateEnvVarName(name: string): string[] {
  const errors: string[] = [];
  if (name === '') errors.push('environment variable name must be non-empty');
  for (const char of name) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code > 0x7e || char === '=') {
      errors.push("a valid environment variable name must consist only of printable ASCII characters other than '='");
      break;
    }
  }
  return errors;
}

/** Upstream's validateObjectFieldSelector for env (or, with `allowed`, downward API volumes). */
export function checkFieldSelector(selector: ObjectReader, allowed: readonly string[] = ENV_FIELD_PATHS): void {
  const { problems } = selector;
  const apiVersion = selector.string('apiVersion');
  const fieldPath = selector.string('fieldPath');
  if (apiVersion === '') { problems.required(selector.at('apiVersion')); return; }
  if (fieldPath === '') { problems.required(selector.at('fieldPath')); return; }
  const subscripted = SUBSCRIPTED.exec(fieldPath);
  if (apiVersion !== 'v1') {
    problems.invalid(selector.at('fieldPath'), fieldPath, `error converting fieldPath: unsupported pod version: ${apiVersion}`);
  } else if (subscripted !== null) {
    const subscript = subscripted[2] ?? '';
    const key = subscripted[1] === 'metadata.annotations' ? subscript.toLowerCase() : subscript;
    problems.invalidEach(selector.path, key, validateQualifiedName(key));
  } else if (!CONVERTIBLE_FIELD_PATHS.has(fieldPath)) {
    problems.invalid(selector.at('fieldPath'), fieldPath, `error converting fieldPath: field label not supported: ${fieldPath}`);
  } else if (!allowed.includes(fieldPath)) {
    problems.notSupported(selector.at('fieldPath'), fieldPath, [...allowed].sort());
  }
}

/** Upstream's validateContainerResourceFieldSelector (without the divisor rules). */
export function checkResourceFieldSelector(selector: ObjectReader, requireContainerName: boolean): void {
  const { problems } = selector;
  const resource = selector.string('resource');
  if (requireContainerName && selector.string('containerName') === '') problems.required(selector.at('containerName'));
  if (resource === '') problems.required(selector.at('resource'));
  else if (!RESOURCE_FIELD_PATHS.includes(resource) && !/^(limits|requests)\.hugepages-/.test(resource)) {
    problems.notSupported(selector.at('resource'), resource, RESOURCE_FIELD_PATHS);
  }
}

function checkKeySelector(selector: ObjectReader): void {
  const { problems } = selector;
  const name = selector.string('name');
  problems.invalidEach(selector.at('name'), name, validateDns1123Subdomain(name));
  const key = selector.string('key');
  if (key === '') problems.required(selector.at('key'));
  else problems.invalidEach(selector.at('key'), key, validateConfigKey(key));
}

/** Upstream's ValidateEnv. */
export function checkEnv(container: ObjectReader): void {
  for (const variable of container.objects('env')) {
    const { problems } = variable;
    const name = variable.string('name');
    if (name === '') problems.required(variable.at('name'));
    problems.invalidEach(variable.at('name'), name, validateEnvVarName(name));
    const from = variable.object('valueFrom');
    if (from === undefined) continue;
    let sources = 0;
    const fieldRef = from.object('fieldRef');
    if (fieldRef !== undefined) {
      sources++;
      checkFieldSelector(fieldRef);
    }
    const resourceFieldRef = from.object('resourceFieldRef');
    if (resourceFieldRef !== undefined) {
      sources++;
      checkResourceFieldSelector(resourceFieldRef, false);
    }
    for (const kind of ['configMapKeyRef', 'secretKeyRef']) {
      const selector = from.object(kind);
      if (selector === undefined) continue;
      sources++;
      checkKeySelector(selector);
    }
    if (sources === 0) {
      problems.invalid(from.path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`');
    } else if (variable.string('value') !== '') {
      problems.invalid(from.path, '', 'may not be specified when `value` is not empty');
    } else if (sources > 1) {
      problems.invalid(from.path, '', 'may not have more than one field specified at a time');
    }
  }
}

/** Upstream's ValidateEnvFrom. */
export function checkEnvFrom(container: ObjectReader): void {
  const path = container.at('envFrom');
  for (const source of container.objects('envFrom')) {
    const { problems } = source;
    const prefix = source.string('prefix');
    if (prefix !== '') problems.invalidEach(source.at('prefix'), prefix, validateEnvVarName(prefix));
    let sources = 0;
    for (const kind of ['configMapRef', 'secretRef']) {
      const ref = source.object(kind);
      if (ref === undefined) continue;
      sources++;
      const name = ref.string('name');
      if (name === '') problems.required(ref.at('name'));
      else problems.invalidEach(ref.at('name'), name, validateDns1123Subdomain(name));
    }
    if (sources === 0) problems.invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`');
    else if (sources > 1) problems.invalid(path, '', 'may not have more than one field specified at a time');
  }
}
