import { validateLabelSelector } from '../../../api/label-selector.js';
import { validateDns1123Subdomain } from '../../../api/names.js';
import type { ObjectReader } from './object-reader.js';
import { readQuantity } from './quantities.js';
import { checkResourceQuantity } from './resource-names.js';

export const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];

/** Upstream's ValidatePersistentVolumeClaimSpec (for claims, claim templates and ephemeral volumes). */
export function checkClaimSpec(spec: ObjectReader): void {
  const { problems } = spec;
  const modes = spec.strings('accessModes');
  if (modes.length === 0) problems.required(spec.at('accessModes'), 'at least 1 access mode is required');
  problems.add(...validateLabelSelector(spec.raw('selector'), spec.at('selector')));
  for (const mode of modes) {
    if (!ACCESS_MODES.includes(mode)) problems.notSupported(spec.at('accessModes'), mode, ACCESS_MODES);
  }
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) {
    problems.forbidden(spec.at('accessModes'), 'may not use ReadWriteOncePod with other access modes');
  }
  const storagePath = spec.at('resources').key('storage');
  const storage = spec.object('resources')?.object('requests')?.raw('storage');
  if (storage === undefined) {
    problems.required(storagePath);
  } else {
    const quantity = readQuantity(problems, storagePath, storage);
    if (quantity !== undefined && quantity.sign() <= 0) problems.invalid(storagePath, quantity.toString(), 'must be greater than zero');
    else if (quantity !== undefined) checkResourceQuantity(problems, storagePath, 'storage', quantity);
  }
  const className = spec.string('storageClassName');
  if (className !== '') problems.invalidEach(spec.at('storageClassName'), className, validateDns1123Subdomain(className));
  const volumeMode = spec.optionalString('volumeMode');
  if (volumeMode !== undefined && !VOLUME_MODES.includes(volumeMode)) problems.notSupported(spec.at('volumeMode'), volumeMode, VOLUME_MODES);
}
