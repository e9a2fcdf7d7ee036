import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { connect, type DetailedPeerCertificate } from 'node:tls';
import { startAgent } from '../agent/agent.js';
import { ApiClient } from '../client/api-client.js';
import { Http2Transport, type Http2TransportOptions } from '../client/http2-transport.js';
import { loadKubeconfig } from '../client/kubeconfig.js';
import { systemClock } from '../util/clock.js';
import { LineLogger } from '../util/logger.js';

export interface AgentFlags {
  readonly server?: string;
  readonly token?: string;
  readonly caFile?: string;
  readonly kubeconfig?: string;
  readonly nodeName?: string;
  readonly nodeIp?: string;
  readonly dataDir: string;
  readonly containerRuntimeEndpoint?: string;
  readonly kubeletPort: string;
  readonly bridge: string;
}

/** Runs the agent until SIGINT or SIGTERM; pods keep running after it stops. */
export async function runAgent(flags: AgentFlags): Promise<void> {
  const logger = new LineLogger({ component: 'tug-agent' });
  const connection = await connectionOf(flags, logger);
  const kubeletPort = Number(flags.kubeletPort);
  if (!Number.isInteger(kubeletPort) || kubeletPort < 0 || kubeletPort > 65_535) throw new Error(`--kubelet-port: not a port: ${flags.kubeletPort}`);
  const transport = new Http2Transport(connection);
  const nodeName = (flags.nodeName ?? hostname()).toLowerCase();
  const keepAlive = setInterval(() => undefined, 60_000);
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  try {
    const agent = await startAgent({
      client: new ApiClient({ transport, fieldManager: 'kubelet' }),
      nodeName,
      ...(flags.nodeIp === undefined ? {} : { nodeIp: flags.nodeIp }),
      dataDir: flags.dataDir,
      ...(flags.containerRuntimeEndpoint === undefined ? {} : { containerRuntimeEndpoint: flags.containerRuntimeEndpoint }),
      bridgeName: flags.bridge,
      caPem: connection.caPem,
      serverPort: kubeletPort,
      clock: systemClock,
      logger,
    });
    process.stderr.write(`node ${nodeName} (${agent.nodeIp}) joined ${connection.server}; press Ctrl-C to stop (pods keep running)\n`);
    const signal = await stopped;
    process.stderr.write(`received ${signal}; stopping the agent\n`);
    await agent.stop();
  } finally {
    clearInterval(keepAlive);
    await transport.close();
  }
}

async function connectionOf(flags: AgentFlags, logger: LineLogger): Promise<Http2TransportOptions> {
  if (flags.kubeconfig !== undefined) {
    if (flags.server !== undefined || flags.token !== undefined) throw new Error('use either --kubeconfig or --server with --token, not both');
    return loadKubeconfig(flags.kubeconfig);
  }
  if (flags.server === undefined || flags.token === undefined) throw new Error('joining a cluster needs --server and --token (or --kubeconfig)');
  const caPem = flags.caFile === undefined ? await presentedCa(flags.server, logger) : await readFile(flags.caFile, 'utf8');
  return { server: flags.server.replace(/\/+$/, ''), caPem, bearerToken: flags.token };
}

/** The root of the chain the server presents; trusted on first use, like a k3s token without a CA hash. */
async function presentedCa(server: string, logger: LineLogger): Promise<string> {
  const url = new URL(server);
  const certificate = await new Promise<DetailedPeerCertificate>((resolve, reject) => {
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port === '' ? 443 : url.port), rejectUnauthorized: false, ALPNProtocols: ['h2'] }, () => {
      const peer = socket.getPeerCertificate(true);
      socket.end();
      resolve(peer);
    });
    socket.once('error', reject);
  });
  let root = certificate;
  for (;;) {
    // A leaf-only chain has no issuerCertificate at run time, whatever the type says.
    const issuer = root.issuerCertificate as DetailedPeerCertificate | undefined;
    if (issuer === undefined || issuer === root || issuer.raw.length === 0) break;
    root = issuer;
  }
  const ca = new X509Certificate(root.raw);
  if (!ca.ca) throw new Error(`${server} did not present its CA certificate; pass --ca-file (the server's DATA_DIR/tls/ca.crt)`);
  logger.warn('trusting the CA the server presented (pass --ca-file to pin it)', { server, fingerprint: ca.fingerprint256 });
  return ca.toString();
}
