import { type ApiClient, resourceOf } from '../../../client/api-client.js';
import { errorMessage } from '../../../util/errors.js';
import type { CycleState } from '../../framework/cycle-state.js';
import type { BindPlugin } from '../../framework/plugin.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { Status } from '../../framework/status.js';

const PODS = resourceOf('v1', 'Pod');

/** Binds through `POST pods/NAME/binding`, as upstream's DefaultBinder. */
export class DefaultBinder implements BindPlugin {
  readonly name = 'DefaultBinder';
  readonly #client: ApiClient;

  constructor(client: ApiClient) {
    this.#client = client;
  }

  async bind(_state: CycleState, pod: PodInfo, nodeName: string): Promise<Status> {
    const { name = '', namespace, uid } = pod.pod.metadata;
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name, ...(namespace === undefined ? {} : { namespace }), ...(uid === undefined ? {} : { uid }) },
      target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
    };
    try {
      await this.#client.createSubresource(PODS, namespace, name, 'binding', binding);
      return Status.success;
    } catch (error) {
      return Status.error(errorMessage(error));
    }
  }
}
