import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../../src/client/api-client.js';
import { Http2Transport } from '../../src/client/http2-transport.js';
import { loadKubeconfig } from '../../src/client/kubeconfig.js';
import { startControlPlane, type LeaderComponentFactory } from '../../src/cmd/control-plane.js';
import type { ControllerSpec } from '../../src/controllers/runtime/controller-spec.js';
import { systemClock } from '../../src/util/clock.js';
import { errorMessage } from '../../src/util/errors.js';
import { LineLogger, silentLogger, type Logger } from '../../src/util/logger.js';

export interface TestControlPlane {
  readonly url: string;
  readonly dataDir: string;
  /** For kubectl: `--kubeconfig` this file. */
  readonly kubeconfig: string;
  /** An admin client of the API (its own connection, field manager `test`). */
  readonly client: ApiClient;
  stop(): Promise<void>;
}

/**
 * Starts the control plane in this process on 127.0.0.1 with memory storage, running
 * only the given controllers and leader components (the scheduler, simulated nodes'
 * helpers...). Set TUG_TEST_LOGS=1 to see its logs.
 */
export async function startTestControlPlane(
  options: { controllers?: readonly ControllerSpec[]; leaderComponents?: readonly LeaderComponentFactory[]; datastoreUrl?: string } = {},
): Promise<TestControlPlane> {
  const dataDir = await mkdtemp(join(tmpdir(), 'tug-plane-'));
  const logger: Logger = process.env.TUG_TEST_LOGS === '1' ? new LineLogger({ component: 'test-plane' }) : silentLogger;
  const plane = await startControlPlane({
    dataDir,
    datastoreUrl: options.datastoreUrl ?? 'memory://',
    host: '127.0.0.1',
    port: 0,
    advertiseAddress: '127.0.0.1',
    tlsSans: [],
    compactionIntervalMs: 60_000,
    clock: systemClock,
    logger,
    controllers: () => options.controllers ?? [],
    leaderComponents: options.leaderComponents ?? [],
  });
  const transport = new Http2Transport(await loadKubeconfig(plane.kubeconfigPath));
  const client = new ApiClient({ transport, fieldManager: 'test' });
  return {
    url: plane.url,
    dataDir,
    kubeconfig: plane.kubeconfigPath,
    client,
    stop: async () => {
      await transport.close();
      await plane.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const suffix = lastError === undefined ? '' : ` (last error: ${errorMessage(lastError)})`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${suffix}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
