import { performance } from 'node:perf_hooks';
import { perSecond, summarize } from '../lib/stats.js';
import type { Measurement } from '../lib/types.js';
import { runWorkers } from '../lib/workers.js';
import { round } from '../storage/suite.js';
import { type H2Pool, expectJson } from './h2-client.js';
import type { Section } from './section.js';
import { zeroErrors } from './targets.js';
import { processCpuMs } from './tug-process.js';
import { API_SIZES, PODS_PATH, TABLE_ACCEPT, nameOf, pod } from './workload.js';

const MIB = 1024 * 1024;

/**
 * Creates 10,000 minimal Pods through the API (50 concurrent clients), then times
 * the full list of them as JSON and as the Table `kubectl get` asks for: one
 * untimed request of each, then `lists` timed ones, from sending the request to the
 * last byte of the reply.
 */
export async function benchListPods(pool: H2Pool, serverPid: number, log: (message: string) => void): Promise<Section> {
  const { clients, pods, lists } = API_SIZES;
  const cpuBefore = await processCpuMs(serverPid);
  const created = await runWorkers(clients, pods, async (i) => {
    const name = nameOf('pod', i);
    expectJson(await pool.request('POST', PODS_PATH, JSON.stringify(pod(name))), 201, `create pod ${name}`);
  });
  const createCpuMs = (await processCpuMs(serverPid)) - cpuBefore;
  log(`api: created ${pods} pods in ${created.elapsedMs.toFixed(0)} ms, ${created.errors} errors`);
  const notes = created.firstError === undefined ? [] : [`pod creates: first error: ${created.firstError}`];
  const measurements: Measurement[] = [
    {
      backend: 'list pods',
      metric: `create Pod, ${clients} clients`,
      value: perSecond(created.ops - created.errors, created.elapsedMs),
      unit: 'req/s',
      count: created.ops,
      errors: created.errors,
      detail: { elapsedMs: round(created.elapsedMs), serverCpuUsPerRequest: round((createCpuMs * 1000) / pods, 1) },
      target: zeroErrors(created.errors),
    },
  ];

  for (const [label, accept] of [
    ['JSON', 'application/json'],
    ['Table', TABLE_ACCEPT],
  ] as const) {
    const times: number[] = [];
    const serverCpu: number[] = [];
    let bytes = 0;
    for (let i = 0; i <= lists; i++) {
      const before = await processCpuMs(serverPid);
      const started = performance.now();
      const reply = await pool.request('GET', PODS_PATH, undefined, { accept });
      const elapsed = performance.now() - started;
      const list = expectJson(reply, 200, `list pods as ${label}`);
      const rows = label === 'JSON' ? list.items : list.rows;
      const count = Array.isArray(rows) ? rows.length : -1;
      if (count !== pods - created.errors) throw new Error(`list pods as ${label}: ${count} entries, wanted ${pods - created.errors}`);
      if (i === 0) continue; // untimed
      serverCpu.push((await processCpuMs(serverPid)) - before);
      times.push(elapsed);
      bytes = reply.body.length;
    }
    const summary = summarize(times);
    log(`api: list ${pods} pods as ${label}: p50 ${summary.p50.toFixed(1)} ms, ${(bytes / MIB).toFixed(1)} MiB`);
    const detail = {
      min: round(Math.min(...times)),
      max: round(summary.max),
      bytes,
      serverCpuMsP50: round(summarize(serverCpu).p50, 1),
    };
    measurements.push(
      { backend: 'list pods', metric: `GET ${pods} pods as ${label}, p50`, value: round(summary.p50), unit: 'ms', count: summary.count, detail },
      { backend: 'list pods', metric: `response size as ${label}`, value: round(bytes / MIB), unit: 'MiB', detail: { bytes } },
    );
  }
  return { measurements, notes };
}
