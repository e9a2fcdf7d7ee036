import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import { perSecond, summarize } from '../lib/stats.js';
import type { BenchContext, Measurement } from '../lib/types.js';
import { type InterleavedRun, type Phase, runInterleaved } from '../lib/phases.js';
import { type WorkerRun, runWorkers } from '../lib/workers.js';
import { round } from '../storage/suite.js';
import { type H2Pool, expectJson, resourceVersionOf } from './h2-client.js';
import type { Section } from './section.js';
import { MUTATING_P99_MAX_MS, atMost, rawRatio, zeroErrors } from './targets.js';
import { processCpuMs } from './tug-process.js';
import { API_SIZES, CONFIGMAPS_PATH, configMap, nameOf, storedConfigMap } from './workload.js';

/** `meteredMs` is the CPU the server process used during the phase's slices. */
type PhaseTotals = InterleavedRun;

const PHASES = {
  apiCreate: 'api create',
  rawCreate: 'raw create',
  apiUpdate: 'api update',
  rawUpdate: 'raw update',
} as const;

/**
 * ConfigMap creates and then updates (PUT with the resourceVersion of the create)
 * through the API with 50 concurrent clients, and the same numbers of creates and
 * CAS updates on a SqliteStorage of the bench process's own (another temp file,
 * synchronous=full like the server's default). The four phases run interleaved in
 * slices, so the API and the raw store see the same machine conditions.
 */
export async function benchMutating(
  context: BenchContext,
  pool: H2Pool,
  serverPid: number,
  rawDir: string,
): Promise<Section> {
  const { clients, configMaps, rounds } = API_SIZES;
  const storage = await SqliteStorage.open({ path: join(rawDir, 'raw.db') });
  const closeStorage = context.resources.add('raw SqliteStorage', () => storage.close());
  try {
    const rawValues = [storedConfigMap(nameOf('cm', 0), 0), storedConfigMap(nameOf('cm', 0), 1)] as const;
    const rawKey = (i: number): string => `/registry/configmaps/bench/${nameOf('cm', i)}`;
    const post = async (name: string, body: Record<string, unknown>): Promise<string> =>
      resourceVersionOf(expectJson(await pool.request('POST', CONFIGMAPS_PATH, JSON.stringify(body)), 201, `create ${name}`));

    await runWorkers(clients, API_SIZES.warmup, async (i) => {
      await post(nameOf('warmup', i), configMap(nameOf('warmup', i), 0));
      await storage.create(`/registry/warmup/${i}`, rawValues[0]);
    });

    const versions: string[] = [];
    const revisions: number[] = [];
    const createLatencies: number[] = [];
    const updateLatencies: number[] = [];
    const phases: Phase[] = [
      {
        name: PHASES.apiCreate,
        writers: clients,
        total: configMaps,
        op: async (i) => {
          const name = nameOf('cm', i);
          const body = JSON.stringify(configMap(name, 0));
          const started = performance.now();
          const reply = await pool.request('POST', CONFIGMAPS_PATH, body);
          createLatencies.push(performance.now() - started);
          versions[i] = resourceVersionOf(expectJson(reply, 201, `create ${name}`));
        },
      },
      {
        name: PHASES.rawCreate,
        writers: clients,
        total: API_SIZES.rawWrites,
        op: async (i) => {
          revisions[i] = (await storage.create(rawKey(i), rawValues[0])).modRevision;
        },
      },
      {
        // Updates the ConfigMaps the phase above created earlier in the same round.
        name: PHASES.apiUpdate,
        writers: clients,
        total: configMaps,
        op: async (i) => {
          const name = nameOf('cm', i);
          const version = versions[i];
          if (version === undefined) throw new Error(`${name} was not created, so it cannot be updated`);
          const body = JSON.stringify(configMap(name, 1, version));
          const started = performance.now();
          const reply = await pool.request('PUT', `${CONFIGMAPS_PATH}/${name}`, body);
          updateLatencies.push(performance.now() - started);
          expectJson(reply, 200, `update ${name}`);
        },
      },
      {
        name: PHASES.rawUpdate,
        writers: clients,
        total: API_SIZES.rawWrites,
        op: async (i) => {
          const revision = revisions[i];
          if (revision === undefined) throw new Error(`raw key ${i} was not created, so it cannot be updated`);
          await storage.update(rawKey(i), rawValues[1], revision);
        },
      },
    ];

    const totals = await runInterleaved(phases, rounds, { meter: () => processCpuMs(serverPid) });
    const get = (name: string): PhaseTotals => {
      const found = totals.get(name);
      if (found === undefined) throw new Error(`no totals of ${name}`);
      return found;
    };
    const notes: string[] = [];
    for (const [name, run] of totals) {
      context.log(`api: ${name}: ${run.ops} in ${run.elapsedMs.toFixed(0)} ms, ${run.errors} errors`);
      if (run.firstError !== undefined) notes.push(`${name}: first error: ${run.firstError}`);
    }
    const measurements: Measurement[] = [
      ...apiRows(`create ConfigMap, ${clients} clients`, 'create', get(PHASES.apiCreate), createLatencies),
      ...apiRows(`update (PUT) ConfigMap, ${clients} clients`, 'update', get(PHASES.apiUpdate), updateLatencies),
      rawRow(`create, ${clients} writers`, get(PHASES.rawCreate)),
      rawRow(`update (CAS), ${clients} writers`, get(PHASES.rawUpdate)),
      ratioRow('API create vs raw create', get(PHASES.apiCreate), get(PHASES.rawCreate)),
      ratioRow('API update vs raw update', get(PHASES.apiUpdate), get(PHASES.rawUpdate)),
    ];
    return { measurements, notes };
  } finally {
    await closeStorage();
  }
}

function successRate(run: WorkerRun): number {
  return perSecond(run.ops - run.errors, run.elapsedMs);
}

function apiRows(metric: string, verb: string, run: PhaseTotals, latencies: readonly number[]): Measurement[] {
  const backend = 'api';
  const perRequest = (ms: number): number => round((ms * 1000) / Math.max(1, run.ops), 1);
  const rows: Measurement[] = [
    {
      backend,
      metric,
      value: successRate(run),
      unit: 'req/s',
      count: run.ops,
      errors: run.errors,
      detail: {
        elapsedMs: round(run.elapsedMs),
        serverCpuUsPerRequest: perRequest(run.meteredMs),
        clientCpuUsPerRequest: perRequest(run.cpuMs),
        clients: API_SIZES.clients,
        sessions: API_SIZES.sessions,
      },
      target: zeroErrors(run.errors),
    },
  ];
  if (latencies.length === 0) return rows;
  const summary = summarize(latencies);
  const detail = { p90: round(summary.p90), max: round(summary.max), mean: round(summary.mean) };
  rows.push(
    { backend, metric: `${verb} latency p50`, value: round(summary.p50), unit: 'ms', count: summary.count, detail },
    {
      backend,
      metric: `${verb} latency p99`,
      value: round(summary.p99),
      unit: 'ms',
      count: summary.count,
      detail,
      target: atMost(summary.p99, MUTATING_P99_MAX_MS, 'ms'),
    },
  );
  return rows;
}

function rawRow(metric: string, run: WorkerRun): Measurement {
  return {
    backend: 'sqlite raw',
    metric,
    value: successRate(run),
    unit: 'writes/s',
    count: run.ops,
    errors: run.errors,
    detail: { elapsedMs: round(run.elapsedMs), cpuUsPerWrite: round((run.cpuMs * 1000) / Math.max(1, run.ops), 1) },
    target: zeroErrors(run.errors),
  };
}

function ratioRow(metric: string, api: WorkerRun, raw: WorkerRun): Measurement {
  const ratio = successRate(api) / successRate(raw);
  return { backend: 'api / raw', metric, value: round(ratio), unit: 'x', target: rawRatio(ratio) };
}
