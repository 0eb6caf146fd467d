// The real server as a child process: start on a free loopback port, wait for health, sample its
// memory and CPU from /proc, stop it gracefully (SIGTERM → exit 0).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../packages/server/dist/bin/hecate.js', import.meta.url));
const CLK_TCK = 100; // Linux USER_HZ; /proc/<pid>/stat counts CPU time in these ticks

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** VmRSS of a process in bytes (0 once it is gone). */
export function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** User + system CPU seconds a process (all its threads) has used. */
export function cpuSecondsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK; // utime, stime (fields 14, 15)
  } catch {
    return 0;
  }
}

/** Busy CPU seconds of the whole machine (all processes), from /proc/stat. */
export function machineCpuSeconds() {
  const f = readFileSync('/proc/stat', 'latin1').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f;
  return (user + nice + system + irq + softirq + steal) / CLK_TCK;
}

/** CPU seconds per thread (tid → seconds); all threads of a Node process are called "node". */
export function threadCpuOf(pid) {
  const out = new Map();
  let tids = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) out.set(Number(tid), cpuSecondsOf(`${pid}/task/${tid}`));
  return out;
}

/**
 * Where the server's CPU went between two threadCpuOf snapshots, in cores (CPU seconds / wall
 * seconds): the main thread (HTTP, decode, parse, log writes) apart from the rest (indexer
 * worker, DuckDB threads, libuv pool), the busiest three of which are listed.
 */
export function cpuShare(pid, before, after, seconds) {
  let total = 0;
  const others = [];
  for (const [tid, s] of after) {
    const d = (s - (before.get(tid) ?? 0)) / seconds;
    total += d;
    if (tid !== pid) others.push(d);
  }
  const main = ((after.get(pid) ?? 0) - (before.get(pid) ?? 0)) / seconds;
  others.sort((a, b) => b - a);
  return { total, main, busiestOthers: others.slice(0, 3) };
}

export async function startServer({ dataDir, password, nodeArgs = [], logLevel = 'warn' }) {
  const port = await freePort();
  // Only the variables we mean: the server refuses unknown HECATE_* settings.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HECATE_')));
  Object.assign(env, { HECATE_ADMIN_PASSWORD: password, HECATE_LOG_LEVEL: logLevel });
  // Opt-in extra node flags for profiling, e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...extra, BIN, 'start', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  const keep = (chunk) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const server = {
    port,
    pid: child.pid,
    url: `http://127.0.0.1:${port}`,
    child,
    exited,
    output: () => output.join(''),
    peakRss: 0,
    /** Peak RSS since the last call (then resets), for per-scenario figures. */
    takePeak() {
      const p = this.windowPeak;
      this.windowPeak = 0;
      return p;
    },
    windowPeak: 0,
  };
  let exitInfo;
  exited.then((e) => (exitInfo = e));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitInfo) throw new Error(`the server exited during start (${JSON.stringify(exitInfo)}):\n${server.output()}`);
    try {
      const r = await fetch(`${server.url}/services/collector/health`);
      await r.arrayBuffer();
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not become healthy within 60 s:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  // RSS every 100 ms for the whole life of the server; and the size of DuckDB's own WAL, whose
  // shrinking marks a checkpoint (they stall the machine for a while, so we note when they ran).
  server.checkpoints = [];
  let duckWal = 0;
  server.sampler = setInterval(() => {
    const rss = rssOf(child.pid);
    if (rss > server.peakRss) server.peakRss = rss;
    if (rss > server.windowPeak) server.windowPeak = rss;
    let size = 0;
    try {
      size = statSync(`${dataDir}/events.duckdb.wal`).size;
    } catch {
      // absent right after a checkpoint
    }
    if (size < duckWal) server.checkpoints.push({ at: performance.now(), walBytesBefore: duckWal, rss });
    duckWal = size;
  }, 100);
  return server;
}

/**
 * Waits until the server's CPU use stays below `idleShare` of one core for `quietMs` (the indexer
 * has caught up), at most `maxMs`. Returns the seconds waited, so each scenario starts from rest.
 */
export async function settle(server, { idleShare = 0.1, quietMs = 1000, maxMs = 60_000 } = {}) {
  const t0 = performance.now();
  let lastCpu = cpuSecondsOf(server.pid);
  let lastT = t0;
  let quietSince = t0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 250));
    const now = performance.now();
    const cpu = cpuSecondsOf(server.pid);
    const share = (cpu - lastCpu) / ((now - lastT) / 1000);
    lastCpu = cpu;
    lastT = now;
    if (share > idleShare) quietSince = now;
    if (now - quietSince >= quietMs || now - t0 >= maxMs) return (now - t0) / 1000;
  }
}

/** SIGTERM, then wait for the exit; SIGKILL after `timeoutMs`. Returns { code, signal, seconds }. */
export async function stopServer(server, timeoutMs = 120_000) {
  clearInterval(server.sampler);
  const t0 = performance.now();
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), timeoutMs);
  const e = await server.exited;
  clearTimeout(timer);
  return { ...e, seconds: (performance.now() - t0) / 1000 };
}

/** JSON request to the management API. */
export async function api(server, method, path, body, token) {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path} → ${r.status} ${text}`);
  return JSON.parse(text);
}
