import type { ApiObject } from '../api/object.js';
import { rfc3339, type Clock } from '../util/clock.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { resourceOf, type ApiClient } from './api-client.js';

export type EventType = 'Normal' | 'Warning';

const EVENTS = resourceOf('v1', 'Event');

/**
 * Writes core/v1 Events about objects (what `kubectl describe` and `kubectl events`
 * show). Repeats of the same event within the series window bump `count` instead of
 * creating new objects. Failures are logged, never thrown: events are best effort.
 */
export class EventRecorder {
  readonly #client: ApiClient;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #component: string;
  readonly #host: string | undefined;
  readonly #recent = new Map<string, { name: string; namespace: string; count: number; first: string }>();

  constructor(options: { client: ApiClient; clock: Clock; logger: Logger; component: string; host?: string }) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#component = options.component;
    this.#host = options.host;
  }

  event(object: ApiObject, type: EventType, reason: string, message: string): void {
    void this.#record(object, type, reason, message);
  }

  async #record(object: ApiObject, type: EventType, reason: string, message: string): Promise<void> {
    const namespace = object.metadata.namespace ?? 'default';
    const now = rfc3339(this.#clock.now());
    const seriesKey = [object.metadata.uid, type, reason, message].join('\u0000');
    const previous = this.#recent.get(seriesKey);
    const involvedObject = {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata.name,
      namespace: object.metadata.namespace,
      uid: object.metadata.uid,
      resourceVersion: object.metadata.resourceVersion,
    };
    try {
      if (previous !== undefined) {
        previous.count += 1;
        await this.#client.patch(EVENTS, previous.namespace, previous.name, 'merge', { count: previous.count, lastTimestamp: now });
        return;
      }
      const name = `${object.metadata.name ?? 'object'}.${this.#clock.now().toString(16)}${Math.floor(Math.random() * 0xffff).toString(16)}`;
      await this.#client.create(EVENTS, {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject,
        reason,
        message,
        type,
        count: 1,
        firstTimestamp: now,
        lastTimestamp: now,
        source: { component: this.#component, ...(this.#host === undefined ? {} : { host: this.#host }) },
        reportingComponent: this.#component,
        reportingInstance: this.#host ?? '',
      });
      this.#recent.set(seriesKey, { name, namespace, count: 1, first: now });
      if (this.#recent.size > 4096) {
        const oldest = this.#recent.keys().next().value;
        if (oldest !== undefined) this.#recent.delete(oldest);
      }
    } catch (error) {
      this.#recent.delete(seriesKey);
      this.#logger.warn('could not record event', { reason, object: object.metadata.name, error: errorMessage(error) });
    }
  }
}
