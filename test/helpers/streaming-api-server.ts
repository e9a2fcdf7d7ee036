import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiDocumentJson, openApiIndex } from '../../src/api/openapi/openapi-documents.js';
import { ensureSystemNamespaces } from '../../src/apiserver/bootstrap/system-namespaces.js';
import { ApiServer } from '../../src/apiserver/http/api-server.js';
import { identityFromCertificate } from '../../src/apiserver/pki/client-identity.js';
import { ensureClusterCredentials } from '../../src/apiserver/pki/cluster-credentials.js';
import { renderKubeconfig, writeKubeconfig } from '../../src/apiserver/pki/kubeconfig.js';
import { ObjectStore } from '../../src/apiserver/registry/object-store.js';
import { strategyFor } from '../../src/apiserver/registry/strategies.js';
import { ApiClient } from '../../src/client/api-client.js';
import { Http2Transport } from '../../src/client/http2-transport.js';
import { serverVersion } from '../../src/cmd/server-version.js';
import { openStorage } from '../../src/storage/open-storage.js';
import { systemClock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/logger.js';

export interface StreamingApiServer {
  readonly kubeconfig: string;
  readonly client: ApiClient;
  readonly caPem: string;
  stop(): Promise<void>;
}

/**
 * A real API server on 127.0.0.1 over memory storage, holding the kubelet-client
 * certificate it calls agents with (the composition root passes
 * `agentCredentials` from the cluster credentials).
 */
export async function startStreamingApiServer(): Promise<StreamingApiServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tug-streaming-api-'));
  const credentials = await ensureClusterCredentials({ dataDir, hostnames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  const storage = await openStorage('memory://');
  const store = new ObjectStore({ storage, clock: systemClock, strategyFor });
  await ensureSystemNamespaces(store);
  const server = new ApiServer({
    storage,
    clock: systemClock,
    logger: silentLogger,
    store,
    tls: { cert: credentials.servingCertPem, key: credentials.servingKeyPem, ca: credentials.caCertPem },
    auth: { identityFromCertificate: (certificate) => identityFromCertificate(certificate), token: credentials.token },
    host: '127.0.0.1',
    port: 0,
    version: serverVersion(),
    openApi: { index: openApiIndex, documentJson: openApiDocumentJson },
    agentCredentials: { certPem: credentials.kubeletClientCertPem, keyPem: credentials.kubeletClientKeyPem },
  });
  const port = await server.start();
  const kubeconfig = join(dataDir, 'kubeconfig.yaml');
  const url = `https://127.0.0.1:${port}`;
  await writeKubeconfig(kubeconfig, renderKubeconfig({ serverUrl: url, caCertPem: credentials.caCertPem, clientCertPem: credentials.adminCertPem, clientKeyPem: credentials.adminKeyPem }));
  const transport = new Http2Transport({ server: url, caPem: credentials.caCertPem, clientCertPem: credentials.adminCertPem, clientKeyPem: credentials.adminKeyPem });
  return {
    kubeconfig,
    client: new ApiClient({ transport, fieldManager: 'test' }),
    caPem: credentials.caCertPem,
    stop: async () => {
      await transport.close();
      await server.stop();
      await storage.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
