import type { Pod } from '../api/kinds.js';
import { type ApiClient, resourceOf } from '../client/api-client.js';
import { isNotFound } from '../client/api-status-error.js';
import type { EventRecorder } from '../client/event-recorder.js';
import { type Clock, rfc3339 } from '../util/clock.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';

const PODS = resourceOf('v1', 'Pod');

export type FailureReason = 'Unschedulable' | 'SchedulerError';

/**
 * Tells users why a pod is pending, as upstream: a FailedScheduling Warning event
 * every attempt, and the PodScheduled=False condition (patched only when it changes).
 */
export class FailureReporter {
  readonly #client: ApiClient;
  readonly #recorder: EventRecorder;
  readonly #clock: Clock;
  readonly #logger: Logger;

  constructor(options: { client: ApiClient; recorder: EventRecorder; clock: Clock; logger: Logger }) {
    this.#client = options.client;
    this.#recorder = options.recorder;
    this.#clock = options.clock;
    this.#logger = options.logger;
  }

  report(pod: Pod, reason: FailureReason, message: string, nominatedNodeName?: string): void {
    this.#recorder.event(pod, 'Warning', 'FailedScheduling', message);
    const previous = pod.status?.conditions?.find((condition) => condition.type === 'PodScheduled');
    const nominationChanged = nominatedNodeName !== undefined && pod.status?.nominatedNodeName !== nominatedNodeName;
    if (!nominationChanged && previous?.status === 'False' && previous.reason === reason && previous.message === message) return;
    const lastTransitionTime = previous?.status === 'False' && previous.lastTransitionTime !== undefined ? previous.lastTransitionTime : rfc3339(this.#clock.now());
    const condition = { type: 'PodScheduled', status: 'False', reason, message, lastProbeTime: null, lastTransitionTime };
    const patch = { status: { conditions: [condition], ...(nominatedNodeName === undefined ? {} : { nominatedNodeName }) } };
    void this.#client
      .patch(PODS, pod.metadata.namespace, pod.metadata.name ?? '', 'strategic', patch, { subresource: 'status' })
      .catch((error: unknown) => {
        if (!isNotFound(error)) this.#logger.warn('could not update pod condition', { pod: pod.metadata.name, error: errorMessage(error) });
      });
  }
}
