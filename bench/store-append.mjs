// In-process limit of the event store: concurrent callers commit 100-event records (~350-byte
// events with 6 extra fields) durably, then everything is indexed into DuckDB.
// Run: npx tsc -b packages/server && node bench/store-append.mjs [seconds] [callers]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from '../packages/server/dist/store/event-store.js';

const seconds = Number(process.argv[2] ?? 20);
const callers = Number(process.argv[3] ?? 32);
const EVENTS_PER_RECORD = 100;
const dir = await mkdtemp(join(tmpdir(), 'hecate-bench-store-'));
// STORE_CHECKPOINT_THRESHOLD / STORE_MEMORY_LIMIT override the store defaults for comparison runs.
const storeOptions = { dataDir: dir };
if (process.env.STORE_CHECKPOINT_THRESHOLD) storeOptions.checkpointThreshold = process.env.STORE_CHECKPOINT_THRESHOLD;
const store = createEventStore(storeOptions);
await store.open();

const users = ['alice', 'bob', 'carol', 'dave', 'eve', 'mallory', 'root', 'svc-backup'];
const actions = ['Accepted password', 'Failed password', 'Accepted publickey', 'Invalid user'];
let seq = 0;
function makeRecord(caller) {
  const now = Date.now();
  const requestId = `req-${caller}-${seq}`;
  const events = new Array(EVENTS_PER_RECORD);
  const iso = new Date(now).toISOString();
  for (let i = 0; i < EVENTS_PER_RECORD; i++) {
    const n = seq++;
    const user = users[n % users.length];
    const ip = `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
    const port = 1024 + (n * 7919) % 64000;
    const action = actions[n % actions.length];
    const pid = 1000 + (n % 5000);
    events[i] = {
      id: `${now.toString(36)}-${n.toString(36).padStart(8, '0')}`,
      timestamp: now - (n % 1000),
      timestampNanos: 0,
      ingestTimestamp: now,
      rawstring: `<38>${iso} web-${n % 20} sshd[${pid}]: ${action} for ${user} from ${ip} port ${port} ssh2: RSA SHA256:${(n * 2654435761 >>> 0).toString(16)}`,
      host: `web-${n % 20}`,
      source: '/var/log/auth.log',
      sourcetype: 'linux_secure',
      connector: 'syslog-prod',
      repo: 'main',
      type: 'kv',
      connectionId: 'c0ffee',
      requestId,
      tags: n % 3 === 0 ? { '#env': 'prod' } : {},
      fields: { user, 'source.ip': ip, 'source.port': String(port), action, pid: String(pid), app: 'sshd' },
    };
  }
  return { events };
}

const latencies = [];
let committed = 0;
let busyRejections = 0;
let peakRss = 0;
const t0 = performance.now();
const deadline = t0 + seconds * 1000;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);

async function caller(c) {
  while (performance.now() < deadline) {
    const record = makeRecord(c);
    const s = performance.now();
    try {
      await store.commit(record);
      latencies.push(performance.now() - s);
      committed += record.events.length;
    } catch (err) {
      if (err?.code !== 'STORE_BUSY') throw err;
      busyRejections++;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
await Promise.all(Array.from({ length: callers }, (_, c) => caller(c)));
const tCommit = (performance.now() - t0) / 1000;
const mid = store.stats();
await store.waitIndexed();
const tIndexed = (performance.now() - t0) / 1000;
const st = store.stats();
await store.close();
clearInterval(sampler);
const { stat, readdir } = await import('node:fs/promises');
const dbBytes = (await stat(join(dir, 'events.duckdb'))).size;
let walBytes = 0;
for (const f of await readdir(join(dir, 'wal'))) walBytes += (await stat(join(dir, 'wal', f))).size;

// Indexing alone: drop the index and let the store rebuild it from the log (replay on open).
await rm(join(dir, 'events.duckdb'), { force: true });
const replayStore = createEventStore(storeOptions);
const r0 = performance.now();
await replayStore.open();
await replayStore.waitIndexed();
const tReplay = (performance.now() - r0) / 1000;
const replayed = replayStore.stats().indexedEvents;
await replayStore.close();

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]?.toFixed(2);
const mb = (b) => (b / 1048576).toFixed(1);
console.log(`store-append: ${callers} callers x ${EVENTS_PER_RECORD}-event records for ${seconds}s, node ${process.version}, checkpoint_threshold ${storeOptions.checkpointThreshold ?? 'default'}`);
console.log(`  committed durably : ${committed} events, ${(committed / tCommit).toFixed(0)} events/s, ${mb(walBytes / tCommit)} MB/s of log, ${st.syncs} fdatasyncs (${(committed / st.syncs).toFixed(0)} events/sync)`);
console.log(`  commit latency    : p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, busy rejections ${busyRejections}`);
console.log(`  indexed (DuckDB)  : ${st.indexedEvents} events, ${(st.indexedEvents / tIndexed).toFixed(0)} events/s end to end (backlog at end of commits: ${mid.indexBacklogEvents})`);
console.log(`  index from log    : ${replayed} events re-indexed in ${tReplay.toFixed(1)} s, ${(replayed / tReplay).toFixed(0)} events/s (worker alone, DuckDB Appender)`);
console.log(`  RSS               : peak ${mb(peakRss)} MB, end ${mb(process.memoryUsage().rss)} MB`);
console.log(`  on disk           : DuckDB ${(dbBytes / committed).toFixed(1)} B/event after checkpoint, log ${(walBytes / committed).toFixed(1)} B/event (kept for the dedup window)`);
await rm(dir, { recursive: true, force: true });
