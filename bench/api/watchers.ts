import { type ClientHttp2Stream, constants } from 'node:http2';
import { performance } from 'node:perf_hooks';
import { summarize } from '../lib/stats.js';
import type { Measurement } from '../lib/types.js';
import { round } from '../storage/suite.js';
import { sleep } from '../storage/workload.js';
import { H2Pool, expectJson, resourceVersionOf } from './h2-client.js';
import type { Section } from './section.js';
import { WATCH_P99_MAX_MS, allReceived, atMost } from './targets.js';
import type { Credentials } from './tug-process.js';
import { API_SIZES, CONFIGMAPS_PATH, configMap, nameOf } from './workload.js';

const ESTABLISH_TIMEOUT_MS = 60_000;
const DELIVERY_TIMEOUT_MS = 10_000;

interface Watcher {
  readonly stream: ClientHttp2Stream;
  established: boolean;
  failure: string | undefined;
  /** When the ADDED event of each ConfigMap name arrived (performance.now()). */
  readonly arrivals: Map<string, number>;
}

/** Opens one watch stream; the time of each chunk is taken before it is parsed. */
function openWatcher(pool: H2Pool, path: string, index: number): Watcher {
  const stream = pool.stream('GET', path, { accept: 'application/json' }, index);
  const watcher: Watcher = { stream, established: false, failure: undefined, arrivals: new Map() };
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('response', (headers) => {
    const status = headers[':status'] ?? 0;
    if (status === 200) watcher.established = true;
    else watcher.failure = `HTTP ${status}`;
  });
  stream.on('data', (chunk: string) => {
    const received = performance.now();
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') continue;
      const event = JSON.parse(line) as { type?: string; object?: { metadata?: { name?: string } } };
      const name = event.object?.metadata?.name;
      if (event.type === 'ADDED' && name !== undefined && !watcher.arrivals.has(name)) watcher.arrivals.set(name, received);
    }
  });
  stream.on('error', (error: Error) => (watcher.failure ??= error.message));
  stream.on('close', () => (watcher.failure ??= 'the stream closed'));
  return watcher;
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(1);
  }
  return true;
}

/**
 * 1000 watches of the bench namespace's ConfigMaps from the current resourceVersion,
 * spread over 10 HTTP/2 sessions of their own. Once every watcher has its response
 * headers, ConfigMaps are created one at a time (each waited for by every watcher);
 * each watcher's latency runs from just before the create request to the arrival of
 * the chunk holding its ADDED event. The first event is the headline figure.
 */
export async function benchWatchers(
  writer: H2Pool,
  url: string,
  credentials: Credentials,
  log: (message: string) => void,
): Promise<Section> {
  const { watchers: count, watchSessions, watchEvents } = API_SIZES;
  const list = expectJson(await writer.request('GET', `${CONFIGMAPS_PATH}?limit=1`), 200, 'list configmaps');
  const path = `${CONFIGMAPS_PATH}?watch=true&resourceVersion=${resourceVersionOf(list)}`;
  const pool = await H2Pool.open(url, credentials, watchSessions);
  const watchers: Watcher[] = [];
  try {
    const opening = performance.now();
    for (let i = 0; i < count; i++) watchers.push(openWatcher(pool, path, i));
    const allUp = await waitUntil(() => watchers.every((w) => w.established || w.failure !== undefined), ESTABLISH_TIMEOUT_MS);
    const establishMs = performance.now() - opening;
    const failed = watchers.filter((w) => w.failure !== undefined);
    if (!allUp || failed.length > 0) {
      const example = failed[0]?.failure ?? 'no response headers';
      throw new Error(`only ${count - failed.length} of ${count} watches were established in ${establishMs.toFixed(0)} ms (${example})`);
    }
    log(`api: ${count} watches established in ${establishMs.toFixed(0)} ms`);

    const rounds: { latencies: number[]; received: number; ackMs: number }[] = [];
    for (let round = 0; round < watchEvents; round++) {
      const name = nameOf('watch-probe', round);
      const body = JSON.stringify(configMap(name, 0));
      const started = performance.now();
      const reply = await writer.request('POST', CONFIGMAPS_PATH, body);
      const ackMs = performance.now() - started;
      expectJson(reply, 201, `create ${name}`);
      await waitUntil(() => watchers.every((w) => w.arrivals.has(name)), DELIVERY_TIMEOUT_MS);
      const latencies = watchers.flatMap((w) => {
        const arrived = w.arrivals.get(name);
        return arrived === undefined ? [] : [arrived - started];
      });
      rounds.push({ latencies, received: latencies.length, ackMs });
      log(`api: watch event ${round + 1}: ${latencies.length} of ${count} watchers, p99 ${summarize(latencies.length > 0 ? latencies : [Number.NaN]).p99.toFixed(1)} ms`);
    }
    return { measurements: watchRows(rounds, establishMs), notes: [] };
  } finally {
    for (const watcher of watchers) watcher.stream.close(constants.NGHTTP2_CANCEL);
    await pool.close();
  }
}

function watchRows(rounds: readonly { latencies: number[]; received: number; ackMs: number }[], establishMs: number): Measurement[] {
  const [first, ...later] = rounds;
  if (first === undefined) throw new Error('no watch event was created');
  const { watchers } = API_SIZES;
  const backend = `watch x${watchers}`;
  const headline = summarize(first.latencies.length > 0 ? first.latencies : [Number.NaN]);
  const laterLatencies = later.flatMap((r) => r.latencies);
  const rest = laterLatencies.length > 0 ? summarize(laterLatencies) : undefined;
  const detail = {
    min: round(Math.min(...first.latencies)),
    p90: round(headline.p90),
    mean: round(headline.mean),
    createAckMs: round(first.ackMs),
    establishAllMs: round(establishMs),
    ...(rest === undefined ? {} : { laterEvents: later.length, laterP50: round(rest.p50), laterP99: round(rest.p99), laterMax: round(rest.max) }),
  };
  const common = { backend, unit: 'ms', count: first.received, detail } as const;
  const rows: Measurement[] = [
    { ...common, metric: 'delivery latency p50, 1st event', value: round(headline.p50) },
    { ...common, metric: 'delivery latency p99, 1st event', value: round(headline.p99), target: atMost(headline.p99, WATCH_P99_MAX_MS, 'ms') },
    { ...common, metric: 'delivery latency max, 1st event', value: round(headline.max) },
    { backend, metric: 'watchers that got the 1st event', value: first.received, unit: 'count', target: allReceived(first.received, watchers) },
  ];
  if (rest !== undefined) {
    const missing = later.reduce((sum, r) => sum + watchers - r.received, 0);
    rows.push(
      { backend, metric: `delivery latency p50, events 2-${rounds.length}`, value: round(rest.p50), unit: 'ms', count: rest.count },
      {
        backend,
        metric: `delivery latency p99, events 2-${rounds.length}`,
        value: round(rest.p99),
        unit: 'ms',
        count: rest.count,
        errors: missing,
        detail: { max: round(rest.max) },
      },
    );
  }
  return rows;
}
