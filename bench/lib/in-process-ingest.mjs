// In-process limit of ingest: the same request bodies through the same stages the server runs per
// HEC request — envelope decode (@hecate/hec), event build with the connector's parser, durable
// store commit (write-ahead log + group commit, then DuckDB indexing in a worker) — with no HTTP.
// `callers` concurrent loops each commit one body at a time, like `callers` keep-alive clients.
//
// Runs as a child of bench/ingest.mjs (so its heap and the load generator's never mix), or alone:
//   npx tsc -b && node bench/lib/in-process-ingest.mjs [--seconds 10] [--callers 16] [--bodies 3000]
// Prints one JSON line: { events, seconds, eventsPerSec, p50Ms, p99Ms, busy, peakRss, indexSeconds,
// cpuUsPerEvent (process CPU incl. indexing / events), cores, otherCores, checkpoints }.
import { randomUUID } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeEventBody } from '../../packages/hec/dist/index.js';
import { loadConfig } from '../../packages/server/dist/config/load-config.js';
import { BUILTIN_PARSERS } from '../../packages/server/dist/parse/builtin-parsers.js';
import { buildEvents } from '../../packages/server/dist/parse/event-builder.js';
import { createEventStore } from '../../packages/server/dist/store/event-store.js';
import { buildCorpus } from './corpus.mjs';
import { percentile } from './http-load.mjs';
import { machineCpuSeconds } from './server-process.mjs';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    callers: { type: 'string', default: '16' },
    bodies: { type: 'string', default: '3000' },
    seed: { type: 'string', default: '42' },
  },
});
const seconds = Number(args.seconds);
const callers = Number(args.callers);

const { bodies } = buildCorpus({ seed: Number(args.seed), bodies: Number(args.bodies) });
// The receiver's defaults: index "main", 5 MiB event limit, the answer recorded for deduplication.
const decodeOptions = { defaults: { index: 'main' }, maxEventSize: 5 * 1024 * 1024 };
const response = { status: 200, body: '{"text":"Success","code":0}' };
const connector = (parser) => ({
  id: randomUUID(),
  name: `bench-${parser}`,
  enabled: true,
  parser,
  hec: { useAck: false, allowQueryStringAuth: false, indexes: [], defaultIndex: 'main' },
});
const connectors = { json: connector('json'), raw: connector('raw') };

const dir = await mkdtemp(join(tmpdir(), 'hecate-bench-inproc-'));
// Interrupted (Ctrl-C, or the parent stopping us): leave no data directory behind.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  });
}
let store;
try {
  // The options the server passes (server.ts), from the server's default configuration.
  const config = loadConfig({ env: {} });
  store = createEventStore({
    dataDir: dir,
    dedupWindowMs: config.dedupWindowSeconds * 1000,
    maxPendingBytes: config.maxPendingMB * 1024 * 1024,
    ...(config.engineMemoryMB !== undefined ? { memoryLimitMB: config.engineMemoryMB } : {}),
    log: { warn: (m) => process.stderr.write(`${m}\n`) },
  });
  await store.open();

  let peakRss = 0;
  // DuckDB's WAL file shrinking marks a checkpoint, as in bench/lib/server-process.mjs.
  let checkpoints = 0;
  let duckWal = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    let size = 0;
    try {
      size = statSync(join(dir, 'events.duckdb.wal')).size;
    } catch {
      // absent right after a checkpoint
    }
    if (size < duckWal) checkpoints++;
    duckWal = size;
  }, 100);
  const latencies = [];
  let nextBody = 0;
  let events = 0;
  let busy = 0;
  const cpu0 = process.cpuUsage();
  const machine0 = machineCpuSeconds();
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;

  async function caller() {
    while (performance.now() < deadline) {
      const { body, parser } = bodies[nextBody++ % bodies.length];
      const s = performance.now();
      const decoded = decodeEventBody(body, decodeOptions);
      if (decoded.error) throw new Error(`decode failed: ${JSON.stringify(decoded.error)}`);
      const c = connectors[parser];
      const ingestMs = Date.now();
      const built = buildEvents(decoded.events, { connector: c, parser: BUILTIN_PARSERS.get(c.parser), requestId: randomUUID(), ingestMs });
      try {
        await store.commit({ response, events: built.events });
        latencies.push(performance.now() - s);
        events += built.events.length;
      } catch (err) {
        if (err?.code !== 'STORE_BUSY') throw err;
        busy++;
        await new Promise((r) => setTimeout(r, 100)); // as the HTTP clients pause after a 503
      }
    }
  }
  await Promise.all(Array.from({ length: callers }, caller));
  const elapsed = (performance.now() - t0) / 1000;
  const tIdx = performance.now();
  await store.waitIndexed();
  const indexSeconds = (performance.now() - tIdx) / 1000;
  clearInterval(sampler);
  const cpu = process.cpuUsage(cpu0); // all threads: main, indexer worker, DuckDB, libuv pool
  const wall = elapsed + indexSeconds;
  const otherCores = Math.max(0, (machineCpuSeconds() - machine0) / wall - (cpu.user + cpu.system) / 1e6 / wall);
  const st = store.stats();
  process.stdout.write(JSON.stringify({
    callers,
    events,
    seconds: elapsed,
    eventsPerSec: events / elapsed,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    busy,
    syncs: st.syncs,
    peakRss,
    indexSeconds,
    cpuUsPerEvent: (cpu.user + cpu.system) / events,
    cores: (cpu.user + cpu.system) / 1e6 / wall,
    otherCores,
    checkpoints,
  }) + '\n');
} finally {
  await store?.close().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
}
