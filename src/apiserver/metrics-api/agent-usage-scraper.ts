import type { IncomingMessage } from 'node:http';
import { isPlainObject, type ApiObject } from '../../api/object.js';
import { RESOURCE_USAGE_PATH, type ResourceUsageSummary } from '../../api/resource-usage-summary.js';
import { errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import type { AgentClient } from '../streaming/agent-client.js';
import { agentAddress } from '../streaming/pod-stream-target.js';

/** How long one agent may take to answer (its first answer measures over one second). */
const SCRAPE_TIMEOUT_MS = 5000;
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Asks nodes' agents for their resource usage summaries, all at once. As metrics-server
 * does, a node whose agent cannot be reached, answers an error or times out is left
 * out (and logged), not an error of the request.
 */
export class AgentUsageScraper {
  readonly #agents: AgentClient;
  readonly #logger: Logger;

  constructor(agents: AgentClient, logger: Logger) {
    this.#agents = agents;
    this.#logger = logger.with({ component: 'metrics-api' });
  }

  /** Each answering node's summary, by node name. */
  async scrape(nodes: readonly ApiObject[]): Promise<Map<string, ResourceUsageSummary>> {
    const answers = await Promise.all(
      nodes.map(async (node): Promise<[string, ResourceUsageSummary] | undefined> => {
        const name = node.metadata.name ?? '';
        try {
          return [name, await this.#scrapeNode(node)];
        } catch (error) {
          this.#logger.warn('failed to scrape node', { node: name, error: errorMessage(error) });
          return undefined;
        }
      }),
    );
    return new Map(answers.filter((answer) => answer !== undefined));
  }

  async #scrapeNode(node: ApiObject): Promise<ResourceUsageSummary> {
    const response = await this.#agents.get(agentAddress(node), RESOURCE_USAGE_PATH, AbortSignal.timeout(SCRAPE_TIMEOUT_MS));
    const body = await readBody(response);
    if (response.statusCode !== 200) throw new Error(`the agent answered ${response.statusCode ?? 0}: ${body.slice(0, 200)}`);
    const parsed: unknown = JSON.parse(body);
    if (!isPlainObject(parsed) || !isPlainObject(parsed.node) || !Array.isArray(parsed.pods)) throw new Error('the agent answered an unexpected summary');
    return parsed as unknown as ResourceUsageSummary;
  }
}

async function readBody(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > MAX_BODY_BYTES) {
      response.destroy();
      throw new Error('the agent answered an oversized summary');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
