import protobuf from 'protobufjs';
import type { Type } from 'protobufjs';
import { apimachinerySchemas } from './schema/apimachinery.js';
import { appsV1 } from './schema/apps-v1.js';
import { appsV1Sets } from './schema/apps-v1-sets.js';
import { authenticationV1 } from './schema/authentication-v1.js';
import { autoscalingV1 } from './schema/autoscaling-v1.js';
import { batchV1 } from './schema/batch-v1.js';
import { coreV1 } from './schema/core-v1.js';
import { coreV1Claims } from './schema/core-v1-claims.js';
import { coreV1ClusterState } from './schema/core-v1-cluster-state.js';
import { coreV1Container } from './schema/core-v1-container.js';
import { coreV1Node } from './schema/core-v1-node.js';
import { coreV1PersistentVolume } from './schema/core-v1-persistent-volume.js';
import { coreV1Pod } from './schema/core-v1-pod.js';
import { coreV1PodStatus } from './schema/core-v1-pod-status.js';
import { coreV1Scheduling } from './schema/core-v1-scheduling.js';
import { coreV1Volumes } from './schema/core-v1-volumes.js';
import { networkingV1 } from './schema/networking-v1.js';
import { policyV1 } from './schema/policy-v1.js';
import type { ProtoSchema } from './schema/proto-schema.js';
import { rbacV1 } from './schema/rbac-v1.js';
import { schedulingV1 } from './schema/scheduling-v1.js';

const SCHEMAS: readonly ProtoSchema[] = [
  ...apimachinerySchemas,
  coreV1,
  coreV1Pod,
  coreV1PodStatus,
  coreV1Container,
  coreV1Volumes,
  coreV1Scheduling,
  coreV1Claims,
  coreV1PersistentVolume,
  coreV1Node,
  coreV1ClusterState,
  appsV1,
  appsV1Sets,
  batchV1,
  rbacV1,
  policyV1,
  autoscalingV1,
  schedulingV1,
  networkingV1,
  authenticationV1,
];

/** Kinds that every group version serves (upstream's metav1.AddToGroupVersion), by message. */
const KINDS_OF_EVERY_GROUP_VERSION = new Map([['DeleteOptions', 'meta.v1.DeleteOptions']]);

/** The protobuf messages we can decode: the envelope and every kind, looked up by apiVersion and kind. */
export class KubernetesSchema {
  readonly envelope: Type;
  readonly #root = new protobuf.Root();
  readonly #kinds = new Map<string, Type>();

  constructor(schemas: readonly ProtoSchema[]) {
    for (const schema of schemas) {
      protobuf.parse(`package ${schema.package};\n${schema.messages}`, this.#root, { keepCase: true });
    }
    this.#root.resolveAll();
    for (const schema of schemas) {
      if (schema.apiVersion === undefined) continue;
      for (const kind of schema.kinds) {
        this.#kinds.set(`${schema.apiVersion} ${kind}`, this.#root.lookupType(`${schema.package}.${kind}`));
      }
    }
    this.envelope = this.#root.lookupType('runtime.Unknown');
  }

  /** The message of a kind, or undefined when we have no definition for it. */
  messageOf(apiVersion: string, kind: string): Type | undefined {
    const shared = KINDS_OF_EVERY_GROUP_VERSION.get(kind);
    if (shared !== undefined) return this.#root.lookupType(shared);
    return this.#kinds.get(`${apiVersion} ${kind}`);
  }

  /** Every apiVersion and kind that has a message, for tests and error hints. */
  kinds(): string[] {
    return [...this.#kinds.keys()];
  }
}

let shared: KubernetesSchema | undefined;

/** The schema of every kind we decode, parsed on first use. */
export function kubernetesSchema(): KubernetesSchema {
  shared ??= new KubernetesSchema(SCHEMAS);
  return shared;
}
