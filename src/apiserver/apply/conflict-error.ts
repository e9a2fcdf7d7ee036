import { goQuote } from '../../api/go-format.js';
import { ApiError } from '../http/api-error.js';
import { parseIdentifier } from './managed-fields.js';
import { pathString } from './path-element.js';
import type { Conflict } from './updater.js';

/** A manager as conflict messages name it: `"kubectl"`, `"kube-controller-manager" using apps/v1`. */
function printManager(identifier: string): string {
  const info = parseIdentifier(identifier);
  let text = goQuote(info.manager);
  if (info.subresource !== undefined && info.subresource !== '') text += ` with subresource ${goQuote(info.subresource)}`;
  return info.operation === 'Update' ? `${text} using ${info.apiVersion}` : text;
}

function conflictMessage(conflicts: readonly Conflict[]): string {
  const [only] = conflicts;
  if (conflicts.length === 1 && only !== undefined) {
    return `Apply failed with 1 conflict: conflict with ${printManager(only.manager)}: ${pathString(only.path)}`;
  }
  const byManager = new Map<string, string[]>();
  for (const { manager, path } of conflicts) byManager.set(manager, [...(byManager.get(manager) ?? []), pathString(path)]);
  const lines = [...byManager.keys()]
    .sort()
    .flatMap((manager) => [`conflicts with ${printManager(manager)}:`, ...(byManager.get(manager) ?? []).map((path) => `- ${path}`)]);
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/**
 * The 409 an apply with conflicts answers (upstream NewConflictError): one
 * FieldManagerConflict cause per conflicting field, and no object details.
 */
export function conflictError(conflicts: readonly Conflict[]): ApiError {
  const causes = conflicts.map(({ manager, path }) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(manager)}`,
    field: pathString(path),
  }));
  return new ApiError(409, 'Conflict', conflictMessage(conflicts), { causes });
}
