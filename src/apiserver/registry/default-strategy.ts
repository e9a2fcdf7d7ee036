import type { ApiObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { ResourceStrategy, StrategyFieldError } from './resource-strategy.js';
import { validateMetadata, validateMetadataUpdate } from './validate-metadata.js';

/** What every resource does unless its own strategy says otherwise. */
export class DefaultStrategy implements ResourceStrategy {
  constructor(readonly info: ResourceInfo) {}

  prepareForCreate(object: ApiObject): void {
    if (this.info.subresources.includes('status') && this.info.resource !== 'namespaces') delete object.status;
  }

  prepareForUpdate(object: ApiObject, old: ApiObject): void {
    if (!this.info.subresources.includes('status')) return;
    if (old.status === undefined) delete object.status;
    else object.status = structuredClone(old.status);
  }

  applyDefaults(_object: ApiObject): void {
    // Kinds with defaults override this.
  }

  validate(object: ApiObject): StrategyFieldError[] {
    return validateMetadata(object, this.info);
  }

  validateUpdate(object: ApiObject, old: ApiObject): StrategyFieldError[] {
    return [...validateMetadata(object, this.info), ...validateMetadataUpdate(object, old)];
  }

  selectableFields(object: ApiObject): Record<string, string> {
    const fields: Record<string, string> = { 'metadata.name': object.metadata.name ?? '' };
    if (this.info.namespaced) fields['metadata.namespace'] = object.metadata.namespace ?? '';
    for (const path of EXTRA_FIELDS[this.info.resource] ?? []) fields[path] = stringAt(object, path);
    return fields;
  }

  bumpsGeneration(object: ApiObject, old: ApiObject): boolean {
    const { metadata: _a, status: _b, ...next } = object;
    const { metadata: _c, status: _d, ...previous } = old;
    return JSON.stringify(next) !== JSON.stringify(previous);
  }
}

/** Field selectors each kind supports beyond metadata.name and metadata.namespace (as upstream). */
const EXTRA_FIELDS: Record<string, readonly string[]> = {
  pods: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  events: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  secrets: ['type'],
  namespaces: ['status.phase'],
  nodes: ['spec.unschedulable'],
  replicasets: ['status.replicas'],
  replicationcontrollers: ['status.replicas'],
  jobs: ['status.successful'],
};

function stringAt(object: ApiObject, path: string): string {
  let value: unknown = object;
  for (const part of path.split('.')) value = isPlainObject(value) ? value[part] : undefined;
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

