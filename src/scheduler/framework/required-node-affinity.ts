import type { INodeSelectorRequirement } from 'kubernetes-models/v1/NodeSelectorRequirement';
import type { INodeSelectorTerm } from 'kubernetes-models/v1/NodeSelectorTerm';
import type { Pod } from '../../api/kinds.js';
import { type LabelOperator, type LabelRequirement, requirementMatches } from '../../api/label-requirement.js';
import type { NodeInfo } from './node-info.js';

const OPERATORS: Record<INodeSelectorRequirement['operator'], LabelOperator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
  Gt: 'gt',
  Lt: 'lt',
};

/** One NodeSelectorTerm: label requirements and field requirements (metadata.name only), all must hold. */
export class NodeSelectorTerm {
  readonly #labels: LabelRequirement[];
  readonly #fields: LabelRequirement[];
  readonly #empty: boolean;

  constructor(term: INodeSelectorTerm) {
    this.#labels = (term.matchExpressions ?? []).map(requirementOf);
    this.#fields = (term.matchFields ?? []).map(requirementOf);
    this.#empty = this.#labels.length === 0 && this.#fields.length === 0;
  }

  /** An empty term matches no node, as upstream. */
  matches(node: NodeInfo): boolean {
    if (this.#empty) return false;
    for (const requirement of this.#labels) if (!requirementMatches(requirement, node.labels)) return false;
    for (const requirement of this.#fields) {
      if (requirement.key !== 'metadata.name') return false;
      if (!requirementMatches(requirement, { 'metadata.name': node.name })) return false;
    }
    return true;
  }

  /** The node names this term allows, if it pins metadata.name with In; undefined otherwise. */
  nodeNames(): Set<string> | undefined {
    const pin = this.#fields.find((requirement) => requirement.key === 'metadata.name' && requirement.operator === 'in');
    return pin === undefined ? undefined : new Set(pin.values);
  }
}

function requirementOf(requirement: INodeSelectorRequirement): LabelRequirement {
  return { key: requirement.key, operator: OPERATORS[requirement.operator], values: requirement.values ?? [] };
}

/** A pod's nodeSelector and required node affinity: the node must match both. */
export class RequiredNodeAffinity {
  readonly #selector: readonly [string, string][];
  /** undefined: no required affinity; otherwise any one term must match. */
  readonly #terms: readonly NodeSelectorTerm[] | undefined;

  constructor(pod: Pod) {
    this.#selector = Object.entries(pod.spec?.nodeSelector ?? {});
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.#terms = required === undefined ? undefined : required.nodeSelectorTerms.map((term) => new NodeSelectorTerm(term));
  }

  get isEmpty(): boolean {
    return this.#selector.length === 0 && this.#terms === undefined;
  }

  matches(node: NodeInfo): boolean {
    for (const [key, value] of this.#selector) if (node.labels[key] !== value) return false;
    if (this.#terms === undefined) return true;
    for (const term of this.#terms) if (term.matches(node)) return true;
    return false;
  }

  /** The only nodes that can match, when every term pins metadata.name (DaemonSet pods). */
  nodeNames(): Set<string> | undefined {
    if (this.#terms === undefined || this.#terms.length === 0) return undefined;
    const names = new Set<string>();
    for (const term of this.#terms) {
      const pinned = term.nodeNames();
      if (pinned === undefined) return undefined;
      for (const name of pinned) names.add(name);
    }
    return names;
  }
}
