import type { ApiObject } from '../../../api/object.js';
import { validateQualifiedName } from '../../../api/names.js';
import { deepEqual, setDefault } from './json.js';
import { KindStrategy } from './kind-strategy.js';
import type { ObjectReader } from './object-reader.js';

const RECLAIM_POLICIES = ['Delete', 'Retain'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];
const MAX_PARAMETERS_SIZE = 256 * 1024;

/** StorageClasses (storage.k8s.io/v1): upstream's defaults, ValidateStorageClass and its update rules. */
export class StorageClassStrategy extends KindStrategy {
  override applyDefaults(object: ApiObject): void {
    setDefault(object, 'reclaimPolicy', 'Delete');
    setDefault(object, 'volumeBindingMode', 'Immediate');
  }

  protected override check(root: ObjectReader, old: ApiObject | undefined): void {
    const { problems } = root;
    const provisioner = root.string('provisioner');
    if (provisioner === '') problems.required(root.at('provisioner'));
    else problems.invalidEach(root.at('provisioner'), provisioner, validateQualifiedName(provisioner.toLowerCase()));
    let size = 0;
    for (const [key, value] of Object.entries(root.stringMap('parameters') ?? {})) {
      if (key === '') problems.invalid(root.at('parameters'), key, 'field can not be empty.');
      size += key.length + value.length;
    }
    if (size > MAX_PARAMETERS_SIZE) problems.tooLong(root.at('parameters'), '', MAX_PARAMETERS_SIZE);
    const reclaim = root.string('reclaimPolicy');
    if (reclaim !== '' && !RECLAIM_POLICIES.includes(reclaim)) problems.notSupported(root.at('reclaimPolicy'), reclaim, RECLAIM_POLICIES);
    const binding = root.optionalString('volumeBindingMode');
    if (binding === undefined) problems.required(root.at('volumeBindingMode'));
    else if (!BINDING_MODES.includes(binding)) problems.notSupported(root.at('volumeBindingMode'), binding, BINDING_MODES);
    if (old === undefined) return;
    if (!deepEqual(root.raw('parameters') ?? {}, old['parameters'] ?? {})) problems.forbidden(root.at('parameters'), 'updates to parameters are forbidden.');
    if (provisioner !== old['provisioner']) problems.forbidden(root.at('provisioner'), 'updates to provisioner are forbidden.');
    if (reclaim !== old['reclaimPolicy']) problems.forbidden(root.at('reclaimPolicy'), 'updates to reclaimPolicy are forbidden.');
    if (binding !== old['volumeBindingMode']) problems.invalid(root.at('volumeBindingMode'), binding ?? null, 'field is immutable');
  }
}
