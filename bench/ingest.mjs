// bench:ingest — end-to-end HEC ingest throughput and ack latency of the real server, beside the
// in-process limit of the same work without HTTP.
//
// What it measures (one run, ~1.5–3 minutes; --quick ~30 s), after a 2 s warm-up that is not reported:
//   batch      N keep-alive clients post 100-event bodies as fast as acks come back (closed loop).
//              A 200 means the events are fsynced, so request latency = ack latency. With no
//              --concurrency, a short sweep over 8/16/32/64 clients picks the best N first.
//   single     1-event requests from 256 keep-alive clients (closed loop): durable requests/s.
//   half-rate  open loop at 50 % of the batch rate; latency counted from when each request was due,
//              so server stalls show up (target p99 ≤ 100 ms).
//   stored     after a graceful stop (SIGTERM → exit 0): (DuckDB file + its WAL + the write-ahead log
//              segments still kept for the deduplication window) / events acknowledged.
//   in-process the same bodies through decode → event build → durable store commit, no HTTP, same
//              number of concurrent commits (bench/lib/in-process-ingest.mjs, a child process).
//              end-to-end / in-process says what HTTP and the receiver cost (target ≥ 60 %).
// Each scenario starts once the server is idle again (its CPU < 10 % of a core for 1 s), so the
// indexing backlog of one scenario does not slow the next.
// Server RSS is sampled from /proc every 100 ms; "peak" is per scenario and for the whole run.
// The load generator (bench/lib/http-load.mjs) shares the 2 cores with the server; its own CPU
// time is printed so you can tell how much it took.
//
// Corpus: bench/lib/corpus.mjs — JSON app events, syslog 3164/5424, CEF, access logs, ~350 B per
// envelope, fixed seed; bodies are pre-built Buffers and replayed round-robin.
//
// Run: npm run bench:ingest [-- --quick] [-- --write-docs] [-- --concurrency 16] [-- --profile]
//   --write-docs  replace the bench:ingest section of docs/PERFORMANCE.md and keep the JSON in bench/results/
//   --profile     run the server under --cpu-prof; the .cpuprofile files are kept in bench/results/
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, open, readdir, rm, stat, statfs, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildCorpus, splitEnvelopes } from './lib/corpus.mjs';
import { closedLoop, openLoop, percentile, postHead } from './lib/http-load.mjs';
import { api, cpuShare, machineCpuSeconds, settle, startServer, stopServer, threadCpuOf } from './lib/server-process.mjs';

const T0 = performance.now(); // run clock: scenario and checkpoint times are seconds since here
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'write-docs': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    concurrency: { type: 'string' },
  },
});

const PLAN = args.quick
  ? { bodies: 1000, sweep: [], sweepSeconds: 0, batchSeconds: 6, singleSeconds: 4, halfSeconds: 4, inProcessSeconds: 5, defaultConcurrency: 16 }
  : { bodies: 3000, sweep: [8, 16, 32, 64], sweepSeconds: 4, batchSeconds: 15, singleSeconds: 10, halfSeconds: 10, inProcessSeconds: 10, defaultConcurrency: 16 };
// Single-event throughput is bound by connections / ack latency (each client waits for its group
// commit), so it takes many clients to load the server: 256 stand for a fleet of agents that each
// send one event at a time (64 reached only ~5 K req/s with the server half idle).
const SINGLE_CONNS = 256;
const HALF_RATE_CONNS = 32;
const TARGETS = {
  batchEventsPerSec: 100_000,
  ratio: 0.6,
  singleRps: 10_000,
  halfP99Ms: 100,
  rssBytes: 1024 ** 3,
  storedBytesPerEvent: 100,
};

// ---- cleanup on every exit path ---------------------------------------------------------------
let tmp;
let server;
let inProcessChild;
let cleaning;
async function cleanup() {
  cleaning ??= (async () => {
    inProcessChild?.kill('SIGTERM');
    if (server) await stopServer(server, 30_000).catch(() => undefined);
    if (tmp) await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    process.stderr.write(`\n${sig}: stopping the server and removing ${tmp ?? 'the temp dir'}\n`);
    cleanup().finally(() => process.exit(130));
  });
}

const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a');
const mib = (b) => b / 1024 / 1024;
const log = (m) => process.stderr.write(`${m}\n`);
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function summarise(rec, extra = {}) {
  return {
    requests: rec.ok,
    events: rec.events,
    seconds: rec.seconds,
    eventsPerSec: rec.events / rec.seconds,
    requestsPerSec: rec.ok / rec.seconds,
    mbPerSec: mib(rec.bytes) / rec.seconds,
    p50Ms: percentile(rec.latencies, 0.5),
    p99Ms: percentile(rec.latencies, 0.99),
    maxMs: rec.latencies.length ? rec.latencies[rec.latencies.length - 1] : NaN,
    worstAtSeconds: rec.worst ? (rec.worst.startedAt - T0) / 1000 : NaN,
    // Requests slower than 100 ms, and in how many distinct seconds of the run they were sent.
    slowRequests: rec.slow.length,
    slowSeconds: [...new Set(rec.slow.map((t) => Math.floor((t - T0) / 1000)))].sort((a, b) => a - b),
    busySeconds: [...new Set(rec.busy.map((t) => Math.floor((t - T0) / 1000)))].sort((a, b) => a - b),
    startedAtSeconds: (rec.startedAt - T0) / 1000,
    status503: rec.byStatus[503] ?? 0,
    otherStatus: Object.fromEntries(Object.entries(rec.byStatus).filter(([s]) => s !== '200' && s !== '503')),
    connectionErrors: rec.errors,
    firstError: rec.firstError,
    ...extra,
  };
}

async function machine(dir) {
  const cpus = os.cpus();
  const fsInfo = await statfs(dir);
  // Which block device holds the temp dir, and is it rotational (from /proc and /sys only).
  let device = 'unknown';
  let fsType = 'unknown';
  let best = '';
  for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
    const [dev, mnt, type] = line.split(' ');
    if (mnt && dir.startsWith(mnt) && mnt.length > best.length) [best, device, fsType] = [mnt, dev, type];
  }
  const blk = device.replace('/dev/', '').replace(/p?\d+$/, '');
  const rotational = existsSync(`/sys/block/${blk}/queue/rotational`) ? readFileSync(`/sys/block/${blk}/queue/rotational`, 'utf8').trim() === '1' : undefined;
  // What one small append + fdatasync costs here: the floor under every durable ack.
  const fh = await open(join(dir, 'fsync-probe'), 'w');
  const buf = Buffer.alloc(4096, 1);
  const syncs = [];
  for (let i = 0; i < 200; i++) {
    await fh.write(buf, 0, buf.length, i * buf.length);
    const s = performance.now();
    await fh.datasync();
    syncs.push(performance.now() - s);
  }
  await fh.close();
  await rm(join(dir, 'fsync-probe'));
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    disk: `${device} (${fsType}${rotational === undefined ? '' : rotational ? ', rotational' : ', non-rotational'}), ` +
      `${(Number(fsInfo.blocks) * Number(fsInfo.bsize) / 1024 ** 3).toFixed(0)} GiB`,
    fdatasync4k: { p50Ms: percentile(syncs, 0.5), p99Ms: percentile(syncs, 0.99) },
    date: new Date().toISOString(),
  };
}

async function storeFiles(dataDir) {
  const size = async (p) => (await stat(p).catch(() => ({ size: 0 }))).size;
  const duckdb = (await size(join(dataDir, 'events.duckdb'))) + (await size(join(dataDir, 'events.duckdb.wal')));
  let wal = 0;
  let segments = 0;
  for (const f of await readdir(join(dataDir, 'wal')).catch(() => [])) {
    wal += await size(join(dataDir, 'wal', f));
    segments++;
  }
  return { duckdb, wal, segments };
}

/** Opens the stopped server's store read-side and counts the rows, to check every ack was kept. */
async function countStoredEvents(dataDir) {
  const { createEventStore } = await import('../packages/server/dist/store/event-store.js');
  const store = createEventStore({ dataDir, log: { warn: (m) => log(`store: ${m}`) } });
  await store.open();
  try {
    // The benchmark's connectors only: the server also stores its audit events (the login and the two
    // connectors created here) in the same table.
    const rows = await store.query(`SELECT count(*)::BIGINT AS n FROM events WHERE connector LIKE 'bench-%'`, []);
    // Which columns take the space: storage blocks per column (a block can hold segments of several
    // small columns, so this is an approximation that over-counts the small ones).
    // Long segments (ZSTD) continue in `additional_block_ids`, which count too.
    const blocks = await store.query(
      `WITH s AS (SELECT column_name AS col, block_id, additional_block_ids, compression FROM pragma_storage_info('events') WHERE block_id >= 0)
       SELECT col, count(DISTINCT b)::BIGINT AS blocks, any_value(c) AS compression FROM (
         SELECT col, block_id AS b, NULL AS c FROM s
         UNION ALL SELECT col, unnest(additional_block_ids) AS b, NULL FROM s
         UNION ALL SELECT col, NULL, string_agg(DISTINCT compression, '+') FROM s GROUP BY col
       ) GROUP BY col ORDER BY blocks DESC`, []);
    return { count: Number(rows[0]?.n), columns: blocks.map((b) => ({ col: b.col, blocks: Number(b.blocks), compression: b.compression })) };
  } finally {
    await store.close();
  }
}

function runInProcess(callers, seconds, bodies) {
  return new Promise((resolve, reject) => {
    const script = fileURLToPath(new URL('./lib/in-process-ingest.mjs', import.meta.url));
    inProcessChild = spawn(process.execPath, [script, '--seconds', String(seconds), '--callers', String(callers), '--bodies', String(bodies)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    inProcessChild.stdout.on('data', (c) => (out += c));
    inProcessChild.once('exit', (code) => {
      inProcessChild = undefined;
      if (code !== 0) return reject(new Error(`in-process run exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop()));
    });
  });
}

function renderTable(r) {
  const t = r.targets;
  const mark = (ok) => (ok ? 'yes' : 'NO');
  const b = r.batch;
  const rows = [
    ['Scenario', 'Result', 'Target', 'Met'],
    [`batch: ${b.concurrency} clients × 100-event bodies, ${fmt(b.seconds, 0)} s`, `${fmt(b.eventsPerSec)} events/s (${fmt(b.mbPerSec, 1)} MB/s)`, `≥ ${fmt(t.batchEventsPerSec)} events/s`, mark(b.eventsPerSec >= t.batchEventsPerSec)],
    ['batch: ack latency p50 / p99', `${fmt(b.p50Ms, 1)} / ${fmt(b.p99Ms, 1)} ms`, '', ''],
    ['batch: 503 answers (store at capacity)', `${fmt(b.status503)}`, '', ''],
    ['in-process limit (decode + build + commit)', `${fmt(r.inProcess.eventsPerSec)} events/s`, '', ''],
    ['end-to-end / in-process (events/s)', `${fmt(r.ratio * 100, 0)} %`, `≥ ${fmt(t.ratio * 100)} %`, mark(r.ratio >= t.ratio)],
    ['same, by CPU per event (in-process µs / server µs)', `${fmt(r.cpuRatio * 100, 0)} % (${fmt(r.inProcess.cpuUsPerEvent, 1)} / ${fmt(b.serverCpuUsPerEvent, 1)} µs)`, '', ''],
    [`single: ${SINGLE_CONNS} clients × 1-event requests, ${fmt(r.single.seconds, 0)} s`, `${fmt(r.single.requestsPerSec)} requests/s`, `≥ ${fmt(t.singleRps)} req/s`, mark(r.single.requestsPerSec >= t.singleRps)],
    ['single: ack latency p50 / p99', `${fmt(r.single.p50Ms, 1)} / ${fmt(r.single.p99Ms, 1)} ms`, '', ''],
    [`half-rate: ${fmt(r.half.targetEventsPerSec)} events/s paced, ${fmt(r.half.seconds, 0)} s`, `p50 ${fmt(r.half.p50Ms, 1)} / p99 ${fmt(r.half.p99Ms, 1)} ms`, `p99 ≤ ${t.halfP99Ms} ms`, mark(r.half.p99Ms <= t.halfP99Ms)],
    ['server RSS peak (whole run)', `${fmt(mib(r.rss.peak))} MiB`, `≤ ${fmt(mib(t.rssBytes))} MiB`, mark(r.rss.peak <= t.rssBytes)],
    ['stored bytes per event at stop (DuckDB + log)', `${fmt(r.stored.bytesPerEvent, 1)} B`, `≤ ${t.storedBytesPerEvent} B`, mark(r.stored.bytesPerEvent <= t.storedBytesPerEvent)],
    ['  of which DuckDB (kept)', `${fmt(r.stored.duckdbPerEvent, 1)} B`, '', ''],
    ['  of which write-ahead log (kept for the dedup window)', `${fmt(r.stored.walPerEvent, 1)} B`, '', ''],
  ];
  const w = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row) => `| ${row.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  return [line(rows[0]), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

function renderDetails(r) {
  const L = [];
  const m = r.machine;
  L.push(`Machine: ${m.cpu}, ${m.memory} RAM, ${m.os}, Node ${m.node}; disk ${m.disk}; ` +
    `4 KiB append + fdatasync p50 ${fmt(m.fdatasync4k.p50Ms, 2)} ms / p99 ${fmt(m.fdatasync4k.p99Ms, 2)} ms. Run ${m.date}${r.quick ? ' (--quick)' : ''}, ` +
    `1-min load average before the run ${fmt(r.loadAverageAtStart, 2)}.`);
  L.push(`Corpus: ${fmt(r.corpus.bodies)} bodies × 100 events, ${fmt(r.corpus.avgEnvelopeBytes, 0)} B per envelope on average ` +
    `(40 % JSON objects → parser json, 60 % syslog 3164/5424, CEF, access-log strings → parser raw), replayed round-robin.`);
  if (r.sweep.length) {
    L.push(`Concurrency sweep (${PLAN.sweepSeconds} s each): ` + r.sweep.map((s) => `${s.concurrency} → ${fmt(s.eventsPerSec)} ev/s, p99 ${fmt(s.p99Ms, 0)} ms, ${s.status503}×503`).join('; ') + '.');
  }
  const b = r.batch;
  L.push(`Batch: ${fmt(b.requests)} requests, ${fmt(b.events)} events acked; peak RSS ${fmt(mib(b.peakRss))} MiB; max latency ${fmt(b.maxMs, 0)} ms.`);
  L.push(`Single: ${fmt(r.single.requests)} requests; ${r.single.status503}×503; peak RSS ${fmt(mib(r.single.peakRss))} MiB.`);
  L.push(`Half-rate: ${fmt(r.half.requests)} requests at ${fmt(r.half.targetRps)} req/s due; achieved ${fmt(r.half.eventsPerSec)} events/s; ${r.half.status503}×503; max ${fmt(r.half.maxMs, 0)} ms; peak RSS ${fmt(mib(r.half.peakRss))} MiB.`);
  const span = (s) => `${fmt(s.startedAtSeconds, 1)}–${fmt(s.startedAtSeconds + s.seconds, 1)} s (worst request sent at ${fmt(s.worstAtSeconds, 1)} s; ` +
    `${fmt(s.slowRequests)} requests > 100 ms, sent in ${s.slowSeconds.length} distinct second(s)${s.slowSeconds.length && s.slowSeconds.length <= 8 ? `: ${s.slowSeconds.join(', ')}` : ''}` +
    `${s.busySeconds.length ? `; 503s in second(s) ${s.busySeconds.length <= 12 ? s.busySeconds.join(', ') : `${s.busySeconds[0]}–${s.busySeconds.at(-1)}`}` : ''})`;
  L.push(`Timeline (seconds since start): batch ${span(b)}, single ${span(r.single)}, half-rate ${span(r.half)}; ` +
    `DuckDB checkpoints seen (its WAL file shrank): ${r.duckdbCheckpoints.length ? r.duckdbCheckpoints.map((c) => `${fmt(c.atSeconds, 1)} s (WAL was ${fmt(mib(c.walBytesBefore))} MiB, RSS ${fmt(mib(c.rss))} MiB)`).join(', ') : 'none during the run'}.`);
  L.push(`In-process: ${r.inProcess.callers} concurrent commits, ${fmt(r.inProcess.events)} events in ${fmt(r.inProcess.seconds, 1)} s, ` +
    `commit p50 ${fmt(r.inProcess.p50Ms, 1)} / p99 ${fmt(r.inProcess.p99Ms, 1)} ms, ${r.inProcess.busy}× busy, peak RSS ${fmt(mib(r.inProcess.peakRss))} MiB, ` +
    `${fmt(r.inProcess.cores, 2)} cores used, other processes ${fmt(r.inProcess.otherCores, 2)} cores.`);
  L.push(`Stored: ${fmt(r.stored.acked)} events acked, ${fmt(r.stored.counted)} rows in the store after restart; ` +
    `DuckDB ${fmt(mib(r.stored.duckdb), 1)} MiB, log ${fmt(mib(r.stored.wal), 1)} MiB in ${r.stored.segments} segment(s); graceful stop took ${fmt(r.stop.seconds, 1)} s (exit ${r.stop.code}).`);
  const cores = (s) => `server ${fmt(s.serverCores.total, 2)} cores (main thread ${fmt(s.serverCores.main, 2)}, ` +
    `busiest other threads ${s.serverCores.busiestOthers.map((c) => fmt(c, 2)).join(' / ')}), load generator ${fmt(s.loadGenCores, 2)}, other processes ${fmt(s.otherCores, 2)}`;
  if (r.stored.columns.length) {
    L.push(`DuckDB space by column (≈, from storage blocks): ${r.stored.columns.filter((c) => c.approxBytesPerEvent >= 1)
      .map((c) => `${c.col} ${fmt(c.approxBytesPerEvent, 0)} B (${c.compression})`).join(', ')}; the rest < 1 B each.`);
  }
  L.push(`Server CPU per event (including indexing after the last ack): batch ${fmt(b.serverCpuUsPerEvent, 1)} µs ` +
    `(main thread ${fmt(b.mainCpuUsPerEvent, 1)} µs), single ${fmt(r.single.serverCpuUsPerEvent, 1)} µs (main ${fmt(r.single.mainCpuUsPerEvent, 1)} µs); ` +
    `in-process ${fmt(r.inProcess.cpuUsPerEvent, 1)} µs. At 2 fully available cores, batch CPU alone would allow ≈ ${fmt(2e6 / b.serverCpuUsPerEvent)} events/s.`);
  L.push(`CPU during batch: ${cores(b)}; single: ${cores(r.single)}; half-rate: ${cores(r.half)}.`);
  L.push(`Load generator CPU: ${fmt(r.loadGenCpuSeconds, 1)} s over the HTTP scenarios; server CPU idle-wait before scenarios: ${r.settleSeconds.map((s) => fmt(s, 1)).join(', ')} s.`);
  const inBatch = r.duckdbCheckpoints.filter((c) => c.atSeconds >= b.startedAtSeconds && c.atSeconds <= b.startedAtSeconds + b.seconds + 2);
  if (inBatch.length) {
    // A checkpoint stops indexing while it runs; whether that reached clients shows in the batch's 503s and max latency.
    const effect = b.status503 > 0
      ? `the backlog reached the store's high-water mark while it ran: ${fmt(b.status503)}×503, max latency ${fmt(b.maxMs, 0)} ms. `
      : `indexing stops while it runs, and the backlog stayed under the store's high-water mark (no 503, max latency ${fmt(b.maxMs, 0)} ms). `;
    L.push(`Note: a DuckDB checkpoint ended during the batch scenario (${inBatch.map((c) => `${fmt(c.atSeconds, 1)} s`).join(', ')}); ` +
      effect +
      (r.inProcess.checkpoints === 0
        ? `The in-process run (${fmt(r.inProcess.events)} events into a fresh store) had no checkpoint, so its figures leave that cost out.`
        : `The in-process run had ${r.inProcess.checkpoints} checkpoint(s) too.`));
  }
  const busiest = Math.max(b.otherCores, r.single.otherCores, r.half.otherCores, r.inProcess.otherCores);
  if (busiest > 0.25) {
    L.push(`Caution: other processes used up to ${fmt(busiest, 2)} of the 2 cores during the scenarios, so events/s and latencies here ` +
      `are lower than on an idle machine; CPU µs per event is the figure to compare between runs.`);
  }
  const odd = [];
  for (const [name, s] of [['batch', b], ['single', r.single], ['half-rate', r.half]]) {
    if (Object.keys(s.otherStatus).length) odd.push(`${name}: unexpected statuses ${JSON.stringify(s.otherStatus)}`);
    if (s.connectionErrors) odd.push(`${name}: ${s.connectionErrors} connection errors (first: ${s.firstError})`);
  }
  if (r.stored.counted !== r.stored.acked) odd.push(`store holds ${r.stored.counted} events but ${r.stored.acked} were acknowledged`);
  if (r.stop.code !== 0) odd.push(`server exit code ${r.stop.code} (${r.stop.signal ?? ''})`);
  if (odd.length) L.push(`Anomalies: ${odd.join('; ')}.`);
  return L.join('\n');
}

async function writeDocs(section) {
  const path = join(ROOT, 'docs', 'PERFORMANCE.md');
  const START = '<!-- bench:ingest:start -->';
  const END = '<!-- bench:ingest:end -->';
  let doc = existsSync(path) ? readFileSync(path, 'utf8') : [
    '# Performance',
    '',
    'Figures in this file are produced by the benchmarks under `bench/` (`npm run bench:<name> -- --write-docs`);',
    'each section is replaced by its benchmark and says on what machine and when it ran. Every end-to-end figure',
    'is shown beside the in-process limit of the same work, so the cost of HTTP and the receiver is visible.',
    '',
    '## Ingest targets',
    '',
    '| Target | Value |',
    '|---|---|',
    '| Events/s with 100-event batches, durable acks | ≥ 100,000 |',
    '| End-to-end / in-process limit | ≥ 60 % |',
    '| Single-event requests/s, durable | ≥ 10,000 |',
    '| Ack latency p99 at half the batch rate | ≤ 100 ms |',
    '| Server RSS | ≤ 1 GiB |',
    '| Stored bytes per event | ≤ 100 |',
    '',
    '## Ingest (`npm run bench:ingest`)',
    '',
    START,
    END,
    '',
  ].join('\n');
  if (!doc.includes(START) || !doc.includes(END)) doc = `${doc.trimEnd()}\n\n## Ingest (\`npm run bench:ingest\`)\n\n${START}\n${END}\n`;
  const before = doc.slice(0, doc.indexOf(START) + START.length);
  const after = doc.slice(doc.indexOf(END));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${before}\n${section}\n${after}`);
  return path;
}

// ---- the run --------------------------------------------------------------------------------
async function main() {
  const t0 = performance.now();
  tmp = await mkdtemp(join(os.tmpdir(), 'hecate-bench-ingest-'));
  const dataDir = join(tmp, 'data');
  const profileDir = join(tmp, 'profile');
  const result = { quick: args.quick, targets: TARGETS, sweep: [], settleSeconds: [], loadAverageAtStart: os.loadavg()[0] };
  if (result.loadAverageAtStart > 0.5) log(`note: load average ${result.loadAverageAtStart.toFixed(2)} before the run; other work on the machine will lower the figures`);
  result.machine = await machine(tmp);

  log(`building the corpus (${PLAN.bodies} bodies × 100 events)…`);
  const corpus = buildCorpus({ seed: 42, bodies: PLAN.bodies });
  result.corpus = { bodies: corpus.bodies.length, events: corpus.events, avgEnvelopeBytes: corpus.envelopeBytes / corpus.events };

  log('starting the server…');
  const password = randomBytes(12).toString('hex');
  server = await startServer({ dataDir, password, nodeArgs: args.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] });
  const { token } = await api(server, 'POST', '/api/v1/auth/login', { username: 'admin', password });
  const keys = {};
  for (const parser of ['json', 'raw']) keys[parser] = (await api(server, 'POST', '/api/v1/connectors', { name: `bench-${parser}`, parser }, token)).apiKey;

  // Requests with their headers, built once: the generator only picks the next Buffers.
  const headers = (parser) => ({ Authorization: `Splunk ${keys[parser]}`, 'Content-Type': 'application/json' });
  const batchReqs = corpus.bodies.map(({ body, parser }) => ({ head: postHead('/services/collector', headers(parser), body.length), body, events: 100 }));
  const singleReqs = [];
  for (const { body, parser } of corpus.bodies.slice(0, 500)) {
    for (const one of splitEnvelopes(body)) singleReqs.push({ head: postHead('/services/collector', headers(parser), one.length), body: one, events: 1 });
  }
  const cycler = (reqs) => {
    let i = 0;
    return () => reqs[i++ % reqs.length];
  };
  const nextBatch = cycler(batchReqs);
  const loadCpu0 = cpuNow();
  const phase = async (name, run) => {
    result.settleSeconds.push(await settle(server));
    log(`${name}…`);
    server.takePeak();
    const cpu0 = threadCpuOf(server.pid);
    const gen0 = cpuNow();
    const machine0 = machineCpuSeconds();
    const rec = await run();
    const serverCores = cpuShare(server.pid, cpu0, threadCpuOf(server.pid), rec.seconds);
    const loadGenCores = (cpuNow() - gen0) / rec.seconds;
    // Whatever else ran on the machine meanwhile: it competed with the server for the same cores.
    const otherCores = Math.max(0, (machineCpuSeconds() - machine0) / rec.seconds - serverCores.total - loadGenCores);
    const peakRss = server.takePeak();
    // CPU per event counts the indexing that finishes after the last ack too: a figure that other
    // load on the machine does not distort the way events/s is distorted.
    const catchUpSeconds = await settle(server);
    const cpuAll = cpuShare(server.pid, cpu0, threadCpuOf(server.pid), 1);
    const serverCpuUsPerEvent = rec.events ? (cpuAll.total / rec.events) * 1e6 : NaN;
    const mainCpuUsPerEvent = rec.events ? (cpuAll.main / rec.events) * 1e6 : NaN;
    return summarise(rec, { peakRss, serverCores, loadGenCores, otherCores, catchUpSeconds, serverCpuUsPerEvent, mainCpuUsPerEvent });
  };

  // Warm-up (not reported): JIT, connection set-up and the first DuckDB row groups, so the first
  // measured second is not a cold start.
  result.warmup = await phase('warm-up (not reported)', () => closedLoop({ port: server.port, conns: 16, durationMs: 2000, next: nextBatch }));
  let concurrency = Number(args.concurrency ?? PLAN.defaultConcurrency);
  if (!args.concurrency && PLAN.sweep.length) {
    for (const c of PLAN.sweep) {
      const s = await phase(`sweep: ${c} clients`, () => closedLoop({ port: server.port, conns: c, durationMs: PLAN.sweepSeconds * 1000, next: nextBatch }));
      result.sweep.push({ concurrency: c, ...s });
    }
    concurrency = result.sweep.reduce((a, b) => (b.eventsPerSec > a.eventsPerSec ? b : a)).concurrency;
  }
  result.batch = { concurrency, ...(await phase(`batch: ${concurrency} clients`, () =>
    closedLoop({ port: server.port, conns: concurrency, durationMs: PLAN.batchSeconds * 1000, next: nextBatch }))) };
  result.single = await phase(`single: ${SINGLE_CONNS} clients`, () =>
    closedLoop({ port: server.port, conns: SINGLE_CONNS, durationMs: PLAN.singleSeconds * 1000, next: cycler(singleReqs) }));
  const halfRps = result.batch.requestsPerSec / 2;
  result.half = {
    targetRps: halfRps,
    targetEventsPerSec: halfRps * 100,
    ...(await phase(`half-rate: ${fmt(halfRps)} req/s`, () =>
      openLoop({ port: server.port, conns: HALF_RATE_CONNS, durationMs: PLAN.halfSeconds * 1000, rps: halfRps, next: nextBatch }))),
  };
  result.loadGenCpuSeconds = cpuNow() - loadCpu0;

  log('stopping the server (SIGTERM)…');
  result.rss = { peak: server.peakRss };
  result.duckdbCheckpoints = server.checkpoints.map((c) => ({ atSeconds: (c.at - T0) / 1000, walBytesBefore: c.walBytesBefore, rss: c.rss }));
  const srv = server;
  server = undefined;
  result.stop = await stopServer(srv);
  if (result.stop.code !== 0) log(`server output:\n${srv.output()}`);
  const files = await storeFiles(dataDir);
  const acked = [result.warmup, ...result.sweep, result.batch, result.single, result.half].reduce((n, s) => n + s.events, 0);
  result.stored = {
    acked,
    ...files,
    bytesPerEvent: (files.duckdb + files.wal) / acked,
    duckdbPerEvent: files.duckdb / acked,
    walPerEvent: files.wal / acked,
  };
  const counted = await countStoredEvents(dataDir).catch((err) => {
    log(`counting stored events failed: ${err.message}`);
    return { count: NaN, columns: [] };
  });
  result.stored.counted = counted.count;
  const allBlocks = counted.columns.reduce((n, c) => n + c.blocks, 0);
  result.stored.columns = counted.columns.map((c) => ({ ...c, approxBytesPerEvent: (result.stored.duckdbPerEvent * c.blocks) / allBlocks }));

  log(`in-process limit: ${concurrency} concurrent commits…`);
  result.inProcess = await runInProcess(concurrency, PLAN.inProcessSeconds, PLAN.bodies);
  result.ratio = result.batch.eventsPerSec / result.inProcess.eventsPerSec;
  // The events/s ratio moves with whatever else the machine runs during each of the two runs; the
  // CPU-per-event ratio does not, and says the same thing: what HTTP and the receiver add.
  result.cpuRatio = result.inProcess.cpuUsPerEvent / result.batch.serverCpuUsPerEvent;
  result.totalSeconds = (performance.now() - t0) / 1000;

  const table = renderTable(result);
  const details = renderDetails(result);
  process.stdout.write(`\nbench:ingest (${fmt(result.totalSeconds, 0)} s)\n\n${table}\n\n${details}\n`);

  const resultsDir = join(ROOT, 'bench', 'results');
  await mkdir(resultsDir, { recursive: true });
  const stamp = result.machine.date.replace(/[:.]/g, '-');
  const jsonPath = join(resultsDir, `ingest-${stamp}${args.quick ? '-quick' : ''}.json`);
  await writeFile(jsonPath, JSON.stringify(result, null, 2));
  log(`raw figures: ${jsonPath}`);
  if (args.profile) {
    for (const f of existsSync(profileDir) ? readdirSync(profileDir) : []) {
      await copyFile(join(profileDir, f), join(resultsDir, `ingest-${stamp}-${f}`));
      log(`profile: bench/results/ingest-${stamp}-${f} (${fmt(statSync(join(profileDir, f)).size / 1024)} KiB)`);
    }
  }
  if (args['write-docs']) log(`updated ${await writeDocs(`${table}\n\n${details.split('\n').join('\n\n')}`)}`);
}

try {
  await main();
} catch (err) {
  process.stderr.write(`bench:ingest failed: ${err.stack ?? err}\n`);
  if (server) process.stderr.write(`server output:\n${server.output()}\n`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
