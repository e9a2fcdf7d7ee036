import { ApiClient } from '../../src/client/api-client.js';
import { Http2Transport } from '../../src/client/http2-transport.js';
import { loadKubeconfig } from '../../src/client/kubeconfig.js';

/** An API client for the cluster of a kubeconfig file; `close` ends its connection. */
export async function clientFor(kubeconfig: string): Promise<{ client: ApiClient; close(): Promise<void> }> {
  const transport = new Http2Transport(await loadKubeconfig(kubeconfig));
  return { client: new ApiClient({ transport, fieldManager: 'test' }), close: async () => transport.close() };
}
