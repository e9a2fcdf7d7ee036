import type { FieldPath } from '../../../api/field-path.js';
import type { Problems } from './problems.js';

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Upstream's validateTaintEffect. */
export function checkTaintEffect(problems: Problems, path: FieldPath, effect: string, allowEmpty: boolean): void {
  if (effect === '') {
    if (!allowEmpty) problems.required(path);
    return;
  }
  if (!TAINT_EFFECTS.includes(effect)) problems.notSupported(path, effect, TAINT_EFFECTS);
}
