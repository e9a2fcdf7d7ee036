import { type FieldSelector, parseFieldSelector, unsupportedFieldError } from '../../api/field-selector.js';
import { type LabelSelector, parseLabelSelector } from '../../api/label-selector.js';
import { isPlainObject, type ApiObject } from '../../api/object.js';
import type { PodResourceUsage, ResourceUsageSummary } from '../../api/resource-usage-summary.js';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import type { Storage } from '../../storage/interface.js';
import { type Clock, rfc3339 } from '../../util/clock.js';
import { TugError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { apiErrors } from '../http/api-error.js';
import type { Request, Response } from '../http/http-types.js';
import type { RequestInfo } from '../http/request-info.js';
import { sendJson } from '../http/respond.js';
import { listObjects } from '../registry/list-objects.js';
import type { ObjectStore } from '../registry/object-store.js';
import { AgentClient, type AgentClientCredentials } from '../streaming/agent-client.js';
import { AgentUsageScraper } from './agent-usage-scraper.js';
import { METRICS_API_VERSION, nodeMetrics } from './node-metrics.js';
import { podMetrics } from './pod-metrics.js';

type ResourceRequest = Extract<RequestInfo, { kind: 'resource' }>;

export interface MetricsApiHandlerOptions {
  readonly store: ObjectStore;
  readonly storage: Storage;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The kubelet-client certificate; without it every node is left out. */
  readonly agentCredentials?: AgentClientCredentials;
}

export const METRICS_GROUP = 'metrics.k8s.io';

/** Fields a metrics list may select on, as metrics-server allows. */
const SELECTABLE = { nodes: ['metadata.name'], pods: ['metadata.name', 'metadata.namespace'] };

/**
 * Serves `metrics.k8s.io/v1beta1` as metrics-server does, from the agents' summaries
 * asked for on each request: NodeMetrics (`nodes`) and PodMetrics (`pods`), get and
 * list with label and field selectors. Objects whose node did not answer are left out
 * of lists and are NotFound on get.
 */
export class MetricsApiHandler {
  readonly #options: MetricsApiHandlerOptions;
  readonly #scraper: AgentUsageScraper | undefined;

  constructor(options: MetricsApiHandlerOptions) {
    this.#options = options;
    this.#scraper = options.agentCredentials === undefined ? undefined : new AgentUsageScraper(new AgentClient(options.agentCredentials), options.logger);
  }

  async handle(request: Request, response: Response, url: URL, req: ResourceRequest): Promise<void> {
    const info = findResource(req.group, req.version, req.resource);
    if (info === undefined || req.subresource !== undefined) throw apiErrors.notFoundPath();
    if (req.verb !== 'get' && req.verb !== 'list') throw apiErrors.methodNotAllowed(request.method, `${info.resource}.${info.group}`);
    if (info.namespaced && req.verb === 'get' && req.namespace === undefined) throw apiErrors.notFoundPath();
    const now = rfc3339(this.#options.clock.now());
    if (info.resource === 'nodes') {
      if (req.verb === 'get') sendJson(response, 200, await this.#getNode(req.name ?? '', now));
      else sendJson(response, 200, await this.#listNodes(url.searchParams, now));
      return;
    }
    const namespace = info.namespaced ? req.namespace : undefined;
    if (req.verb === 'get') sendJson(response, 200, await this.#getPod(namespace ?? '', req.name ?? '', now));
    else sendJson(response, 200, await this.#listPods(namespace, url.searchParams, now));
  }

  async #getNode(name: string, now: string): Promise<ApiObject> {
    const node = await this.#options.store.get(core('nodes'), undefined, name);
    const usage = (await this.#scrape([node])).get(name)?.node;
    if (usage === undefined) throw apiErrors.notFound({ group: METRICS_GROUP, resource: 'nodes', name });
    return nodeMetrics(node, usage, now);
  }

  async #listNodes(params: URLSearchParams, now: string): Promise<ApiObject> {
    const nodes = await this.#list(core('nodes'), undefined, params, SELECTABLE.nodes);
    const summaries = await this.#scrape(nodes);
    const items = nodes.flatMap((node) => {
      const usage = summaries.get(node.metadata.name ?? '')?.node;
      return usage === undefined ? [] : [nodeMetrics(node, usage, now)];
    });
    return { kind: 'NodeMetricsList', apiVersion: METRICS_API_VERSION, metadata: {}, items };
  }

  async #getPod(namespace: string, name: string, now: string): Promise<ApiObject> {
    const pod = await this.#options.store.get(core('pods'), namespace, name);
    const nodeName = nodeNameOf(pod);
    const nodes = nodeName === '' ? [] : await this.#nodesNamed([nodeName]);
    const usage = podUsages(await this.#scrape(nodes)).get(podKey(pod));
    if (usage === undefined) throw apiErrors.notFound({ group: METRICS_GROUP, resource: 'pods', name: `${namespace}/${name}` });
    return podMetrics(pod, usage, now);
  }

  async #listPods(namespace: string | undefined, params: URLSearchParams, now: string): Promise<ApiObject> {
    const pods = await this.#list(core('pods'), namespace, params, SELECTABLE.pods);
    const nodes = await this.#nodesNamed([...new Set(pods.map(nodeNameOf).filter((name) => name !== ''))]);
    const usages = podUsages(await this.#scrape(nodes));
    const items = pods.flatMap((pod) => {
      const usage = usages.get(podKey(pod));
      return usage === undefined || usage.containers.length === 0 ? [] : [podMetrics(pod, usage, now)];
    });
    return { kind: 'PodMetricsList', apiVersion: METRICS_API_VERSION, metadata: {}, items };
  }

  async #nodesNamed(names: readonly string[]): Promise<ApiObject[]> {
    if (names.length === 0) return [];
    const wanted = new Set(names);
    const page = await listObjects(this.#options.storage, core('nodes'), { namespace: undefined, matches: (node) => wanted.has(node.metadata.name ?? '') });
    return page.items;
  }

  async #list(info: ResourceInfo, namespace: string | undefined, params: URLSearchParams, selectable: readonly string[]): Promise<ApiObject[]> {
    const { labels, fields } = selectors(params, selectable);
    const page = await listObjects(this.#options.storage, info, {
      namespace,
      matches: (object) =>
        labels.matches(object.metadata.labels ?? {}) &&
        fields.matches({ 'metadata.name': object.metadata.name ?? '', 'metadata.namespace': object.metadata.namespace ?? '' }),
    });
    return page.items;
  }

  async #scrape(nodes: readonly ApiObject[]): Promise<Map<string, ResourceUsageSummary>> {
    if (this.#scraper === undefined || nodes.length === 0) return new Map();
    return this.#scraper.scrape(nodes);
  }
}

function selectors(params: URLSearchParams, selectable: readonly string[]): { labels: LabelSelector; fields: FieldSelector } {
  try {
    const labels = parseLabelSelector(params.get('labelSelector') ?? '');
    const fields = parseFieldSelector(params.get('fieldSelector') ?? '');
    const unsupported = unsupportedFieldError(fields, selectable);
    if (unsupported !== undefined) throw unsupported;
    return { labels, fields };
  } catch (error) {
    if (error instanceof TugError) throw apiErrors.badRequest(error.message);
    throw error;
  }
}

/** Every pod's usage from the summaries, by `namespace/name/uid`. */
function podUsages(summaries: ReadonlyMap<string, ResourceUsageSummary>): Map<string, PodResourceUsage> {
  const usages = new Map<string, PodResourceUsage>();
  for (const summary of summaries.values()) {
    for (const pod of summary.pods) usages.set(`${pod.podRef.namespace}/${pod.podRef.name}/${pod.podRef.uid}`, pod);
  }
  return usages;
}

function podKey(pod: ApiObject): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}/${pod.metadata.uid ?? ''}`;
}

function nodeNameOf(pod: ApiObject): string {
  const spec = isPlainObject(pod.spec) ? pod.spec : {};
  return typeof spec.nodeName === 'string' ? spec.nodeName : '';
}

function core(resource: string): ResourceInfo {
  const info = findResource('', 'v1', resource);
  if (info === undefined) throw new Error(`core/v1 ${resource} is not a served resource`);
  return info;
}
