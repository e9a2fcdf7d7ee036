import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import type { BenchContext, BenchOutcome, Measurement } from '../lib/types.js';
import { round } from '../storage/suite.js';
import { sleep } from '../storage/workload.js';
import { buildDist } from './build.js';
import { type StartTimes, benchColdStart, startRow, timeStart } from './cold-start.js';
import { H2Pool, expectJson } from './h2-client.js';
import { benchListPods } from './list-pods.js';
import { benchMutating } from './mutating.js';
import type { Section } from './section.js';
import { IDLE_RSS_MAX_MIB, atMost } from './targets.js';
import { processMemory, readCredentials, startTug } from './tug-process.js';
import { benchWatchers } from './watchers.js';
import { API_SIZES, NAMESPACE } from './workload.js';

/** Restarts timed on the data dir the workloads filled (informational). */
const LOADED_RESTARTS = 3;

function messageOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

async function memoryRows(pid: number, when: string, withTarget: boolean): Promise<Section> {
  const memory = await processMemory(pid);
  const rows: Measurement[] = [
    {
      backend: 'memory',
      metric: `server RSS, ${when}`,
      value: round(memory.rssMiB, 1),
      unit: 'MiB',
      detail: { rssMB: round((memory.rssMiB * 1024 * 1024) / 1e6, 1), peakMiB: round(memory.peakMiB, 1) },
      ...(withTarget ? { target: atMost(memory.rssMiB, IDLE_RSS_MAX_MIB, 'MiB') } : {}),
    },
  ];
  if (!withTarget) rows.push({ backend: 'memory', metric: 'server peak RSS (VmHWM) over the run', value: round(memory.peakMiB, 1), unit: 'MiB' });
  return { measurements: rows, notes: [] };
}

/**
 * The API benchmark: a real `tug server` (built dist/, SQLite in a temp dir, default
 * settings) measured over HTTPS/HTTP2 with the admin client certificate: write rates
 * and latencies against the raw store, a 10k-pod list, delivery to 1000 watchers,
 * memory, and cold start. Each part that fails is reported and the others still run.
 */
export async function run(context: BenchContext): Promise<BenchOutcome> {
  const { log, resources } = context;
  const measurements: Measurement[] = [];
  const notes: string[] = [];
  const failures: string[] = [];
  const section = async (name: string, body: () => Promise<Section>): Promise<void> => {
    try {
      // Interrupted: everything is being released; start nothing new.
      if (resources.releasing) throw new Error('interrupted');
      const result = await body();
      measurements.push(...result.measurements);
      notes.push(...result.notes);
    } catch (error) {
      failures.push(`${name}: ${messageOf(error)}`);
      log(`api: ${name} failed: ${messageOf(error)}`);
    }
  };
  if (context.backends !== undefined) notes.push('--backends applies to the storage benchmark only; api always runs tug server on SQLite');
  notes.push(await buildDist(log));

  const dir = await mkdtemp(join(os.tmpdir(), 'tug-bench-api-'));
  const removeDir = resources.add(`temp dir ${dir}`, () => rm(dir, { recursive: true, force: true, maxRetries: 3 }));
  try {
    const dataDir = join(dir, 'server');
    log(`api: starting tug server (data dir ${dataDir})`);
    const server = await startTug(dataDir, resources);
    try {
      const { pid, url } = server;
      notes.push(
        `server: pid ${pid} at ${url}, data dir ${dataDir} (SQLite, synchronous=full, default settings); ` +
          `ready ${server.readyMs.toFixed(0)} ms after spawn`,
        `client: node:http2, ${API_SIZES.sessions} sessions for the ${API_SIZES.clients} clients (requests round-robin), ` +
          `${API_SIZES.watchSessions} more sessions for the ${API_SIZES.watchers} watchers; admin client certificate`,
        `raw store: SqliteStorage (synchronous=full) in the bench process on ${join(dir, 'raw.db')}, ` +
          'timed interleaved with the API writes in slices',
      );
      await sleep(API_SIZES.idleMs);
      await section('idle memory', () => memoryRows(pid, `idle ${API_SIZES.idleMs / 1000} s after start`, true));

      const credentials = await readCredentials(dataDir);
      const pool = await H2Pool.open(url, credentials, API_SIZES.sessions);
      const closePool = resources.add('HTTP/2 sessions', () => pool.close());
      try {
        const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } };
        expectJson(await pool.request('POST', '/api/v1/namespaces', JSON.stringify(namespace)), 201, 'create namespace');
        log('api: ConfigMap creates and updates');
        await section('mutating', () => benchMutating(context, pool, pid, dir));
        log('api: pods and lists');
        await section('list pods', () => benchListPods(pool, pid, log));
        log(`api: ${API_SIZES.watchers} watchers`);
        await section('watchers', () => benchWatchers(pool, url, credentials, log));
        if (pool.failure !== undefined) failures.push(`HTTP/2 session error: ${pool.failure.message}`);
      } finally {
        await closePool();
      }
      await sleep(API_SIZES.idleMs);
      await section('memory after workloads', () => memoryRows(pid, `idle ${API_SIZES.idleMs / 1000} s after the workloads`, false));
      const errorLines = server.errorLines();
      if (errorLines > 0) notes.push(`the server logged ${errorLines} ERROR lines; its last output:\n${server.logTail()}`);
    } finally {
      await server.stop();
    }
    await section('restart with data', async () => {
      const times: StartTimes = { ready: [], listening: [] };
      for (let i = 0; i < LOADED_RESTARTS; i++) await timeStart(context, dataDir, times);
      const objects = API_SIZES.warmup + API_SIZES.configMaps + API_SIZES.pods + API_SIZES.watchEvents;
      return { measurements: [startRow(`restart with ~${Math.round(objects / 1000)}k objects (median of ${LOADED_RESTARTS})`, times, false)], notes: [] };
    });
  } finally {
    await removeDir();
  }
  log('api: cold starts');
  await section('cold start', () => benchColdStart(context));
  return { measurements, notes, failures };
}
