import type { IPodAffinityTerm } from 'kubernetes-models/v1/PodAffinityTerm';
import type { IWeightedPodAffinityTerm } from 'kubernetes-models/v1/WeightedPodAffinityTerm';
import { fromLabelSelector, LabelSelector } from '../../api/label-selector.js';

/** Looks up a namespace's labels (for namespaceSelector); undefined when unknown. */
export type NamespaceLabels = (namespace: string) => Readonly<Record<string, string>> | undefined;

/** A pod (anti-)affinity term, parsed once: which pods it selects, in which namespaces, by which topology. */
export class AffinityTerm {
  readonly topologyKey: string;
  readonly weight: number;
  readonly #selector: LabelSelector;
  readonly #namespaces: ReadonlySet<string>;
  readonly #namespaceSelector: LabelSelector | undefined;

  constructor(term: IPodAffinityTerm, ownNamespace: string, weight = 1) {
    this.topologyKey = term.topologyKey;
    this.weight = weight;
    this.#selector = selectorOf(term.labelSelector);
    const namespaceSelector = term.namespaceSelector === undefined ? undefined : selectorOf(term.namespaceSelector);
    const listed = term.namespaces ?? [];
    this.#namespaces = new Set(listed.length === 0 && namespaceSelector === undefined ? [ownNamespace] : listed);
    this.#namespaceSelector = namespaceSelector;
  }

  /** Whether this term selects a pod with these labels in this namespace. */
  matches(namespace: string, labels: Readonly<Record<string, string>> | undefined, namespaceLabels: NamespaceLabels): boolean {
    if (!this.#namespaces.has(namespace)) {
      const selector = this.#namespaceSelector;
      if (selector === undefined) return false;
      if (!selector.isEverything() && !selector.matches(namespaceLabels(namespace))) return false;
    }
    return this.#selector.matches(labels);
  }
}

function selectorOf(object: unknown): LabelSelector {
  const { selector } = fromLabelSelector(object);
  return selector ?? LabelSelector.nothing;
}

export function affinityTerms(terms: readonly IPodAffinityTerm[] | undefined, namespace: string): AffinityTerm[] {
  return (terms ?? []).map((term) => new AffinityTerm(term, namespace));
}

export function weightedAffinityTerms(terms: readonly IWeightedPodAffinityTerm[] | undefined, namespace: string): AffinityTerm[] {
  return (terms ?? []).map((term) => new AffinityTerm(term.podAffinityTerm, namespace, term.weight));
}
