import type { ApiClient } from '../../client/api-client.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import type { InformerFactory } from '../../client/informer-factory.js';
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';

/** What every controller gets: the API (client + shared caches), time, logs, events. */
export interface ControllerContext {
  readonly client: ApiClient;
  readonly informers: InformerFactory;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly recorder: EventRecorder;
}
