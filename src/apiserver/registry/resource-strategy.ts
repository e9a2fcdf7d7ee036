import type { ApiObject } from '../../api/object.js';
import type { ResourceInfo } from '../../api/resources.js';

/** A validation problem at a field path, as Status causes report it. */
export interface StrategyFieldError {
  readonly type: string;
  readonly field: string;
  readonly message: string;
}

/**
 * Per-resource behaviour of the generic store, run in a fixed order:
 * prepare (server-owned fields) -> default -> validate -> canonicalize on write.
 */
export interface ResourceStrategy {
  /** Clears or sets what clients may not set on create (e.g. status for some kinds). */
  prepareForCreate(object: ApiObject): void;
  /** Carries over what a main-resource update may not change (e.g. status). */
  prepareForUpdate(object: ApiObject, old: ApiObject): void;
  /** Fills in defaults as Kubernetes does. */
  applyDefaults(object: ApiObject): void;
  validate(object: ApiObject): StrategyFieldError[];
  validateUpdate(object: ApiObject, old: ApiObject): StrategyFieldError[];
  /** Field values for field selectors (`metadata.name`, `spec.nodeName`, ...). */
  selectableFields(object: ApiObject): Record<string, string>;
  /** Whether the object's generation moves on this update (spec changed). */
  bumpsGeneration(object: ApiObject, old: ApiObject): boolean;
  /** Whether a `status` update may also change metadata.annotations (Deployments: the revision annotation, as upstream). */
  readonly statusUpdatesAnnotations?: boolean;
  /** Finalizers the kind keeps beside metadata.finalizers (namespaces: spec.finalizers). */
  ownFinalizers?(object: ApiObject): readonly string[];
  /**
   * Seconds a DELETE leaves the object in place, marked, for its owner to finish with it
   * (a bound pod: the agent stops its containers, then deletes it with 0). 0: at once.
   */
  deletionGracePeriodSeconds?(object: ApiObject, requested: number | undefined): number;
}

export type StrategyFor = (info: ResourceInfo) => ResourceStrategy;
