// SDK benchmark: how close the @hecate/sdk sender gets to the server's own ingest rate, and how
// little memory it needs to stream a big file. Against the real server (a child process):
//
//   server     the server's own figure, measured in this run: 16 keep-alive clients post pre-built
//              100-event bodies (bench/lib/http-load.mjs, as the batch scenario of bench/ingest.mjs).
//   list       sendEventList of 1 M ingest-corpus envelopes (JSON objects → json connector, text →
//              raw connector; 2 senders × 8 requests in flight = the same 16).
//   file       sendEventFile of a generated 1 GB text file (one corpus event per line) to /raw.
//
// Each sender runs in its own process (bench/lib/sdk-sender.mjs) whose RSS is sampled from /proc
// every 50 ms (VmHWM is reported too) and which reports its own CPU time, so the sender's cost per
// event can be compared between runs on a busy machine. Each phase starts once the server is idle again.
//
// Run: npm run bench:sdk [-- --quick] [-- --write-docs]
//   --quick       ~30 s: 100 k events, a 100 MB file, a 5 s server scenario
//   --write-docs  replace the bench:sdk section of docs/PERFORMANCE.md
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildCorpus, splitEnvelopes } from './lib/corpus.mjs';
import { closedLoop, postHead } from './lib/http-load.mjs';
import { api, rssOf, settle, startServer, stopServer } from './lib/server-process.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SENDER = fileURLToPath(new URL('./lib/sdk-sender.mjs', import.meta.url));
const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, 'write-docs': { type: 'boolean', default: false } },
});
const PLAN = args.quick
  ? { events: 100_000, fileBytes: 100 * 1024 ** 2, serverSeconds: 5 }
  : { events: 1_000_000, fileBytes: 1024 ** 3, serverSeconds: 15 };
const CONCURRENCY = 16;
const TARGETS = { listShare: 0.8, fileRssBytes: 200 * 1024 ** 2 };
const MB = 1e6;

const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a');
const log = (msg) => process.stderr.write(`[bench:sdk] ${msg}\n`);

/** Writes `bytes` of text lines (the corpus's events as they would sit in a log file), with backpressure. */
async function generateFile(path, bytes) {
  const lines = [];
  for (const { body } of buildCorpus({ seed: 11, bodies: 200 }).bodies) {
    for (const one of splitEnvelopes(body)) {
      const { event } = JSON.parse(one.toString('utf8'));
      lines.push(typeof event === 'string' ? event : JSON.stringify(event));
    }
  }
  const block = Buffer.from(`${lines.join('\n')}\n`);
  const out = createWriteStream(path);
  let written = 0;
  let lineCount = 0;
  const linesPerBlock = lines.length;
  while (written < bytes) {
    const piece = written + block.length <= bytes ? block : block.subarray(0, block.lastIndexOf(10, bytes - written - 1) + 1);
    if (piece.length === 0) break;
    written += piece.length;
    lineCount += piece === block ? linesPerBlock : piece.toString('latin1').split('\n').length - 1;
    if (!out.write(piece)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((resolve, reject) => out.end((err) => (err ? reject(err) : resolve())));
  return { bytes: written, lines: lineCount };
}

/** Runs the sender process, sampling its RSS; resolves its JSON result plus the sampled peak. */
function runSender(argv) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SENDER, ...argv], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, rssOf(child.pid))), 50);
    child.stdout.on('data', (c) => (out += c));
    child.once('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`the sender exited with code ${code}`));
      resolve({ ...JSON.parse(out), sampledPeakRss: peak });
    });
  });
}

async function machine() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} (${os.arch()}), Node ${process.version}`;
}

function render(r) {
  const row = (cells) => `| ${cells.join(' | ')} |`;
  const table = [
    ['Scenario', 'Result', 'Target', 'Met'],
    [`server: ${CONCURRENCY} clients × 100-event bodies, ${fmt(r.server.seconds, 0)} s (this run)`, `${fmt(r.server.eventsPerSec)} events/s (${fmt(r.server.mbPerSec, 1)} MB/s)`, '', ''],
    [`sendEventList: ${fmt(r.list.events)} events, ${CONCURRENCY} in flight`, `${fmt(r.list.eventsPerSec)} events/s (${fmt(r.list.mbPerSec, 1)} MB/s)`, '', ''],
    ['sendEventList / server', `${fmt(r.listShare * 100)} %`, `≥ ${fmt(TARGETS.listShare * 100)} %`, r.listShare >= TARGETS.listShare ? 'yes' : 'no'],
    ['sendEventList: sender CPU (user + system)', `${fmt(r.list.cpuMicrosPerEvent, 2)} µs/event (${fmt(r.list.cpuShare * 100)} % of one core)`, '', ''],
    ['sendEventList: sender peak RSS', `${fmt(r.list.peakRss / 1024 ** 2)} MiB`, '', ''],
    [`sendEventFile: ${fmt(r.file.bytes / 1024 ** 2)} MiB, ${fmt(r.file.events)} lines`, `${fmt(r.file.eventsPerSec)} events/s (${fmt(r.file.mbPerSec, 1)} MB/s)`, '', ''],
    ['sendEventFile: sender peak RSS', `${fmt(r.file.peakRss / 1024 ** 2)} MiB`, `≤ ${fmt(TARGETS.fileRssBytes / 1024 ** 2)} MiB`, r.file.peakRss <= TARGETS.fileRssBytes ? 'yes' : 'no'],
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((t) => t[i].length)));
  const lines = table.map((t) => row(t.map((c, i) => c.padEnd(widths[i]))));
  lines.splice(1, 0, row(widths.map((w) => '-'.repeat(w))));
  return [
    ...lines,
    '',
    `Machine: ${r.machine}. Run ${r.at}${r.quick ? ' (--quick)' : ''}, 1-min load average before the run ${fmt(r.load, 2)}.`,
    '',
    `Senders run in their own process; peak RSS is the larger of /proc samples every 50 ms and VmHWM. ` +
      `sendEventList: ${fmt(r.list.requests)} requests, ${fmt(r.list.failed)} failed, ${fmt(r.list.seconds, 1)} s, the 100 k-envelope corpus held in memory (most of its RSS). ` +
      `sendEventFile: ${fmt(r.file.requests)} requests, ${fmt(r.file.failed)} failed, ${fmt(r.file.seconds, 1)} s; the file is generated in a temporary directory and deleted.`,
  ].join('\n');
}

async function writeDocs(section) {
  const path = join(ROOT, 'docs', 'PERFORMANCE.md');
  const doc = await readFile(path, 'utf8');
  const start = '<!-- bench:sdk:start -->';
  const end = '<!-- bench:sdk:end -->';
  const block = `${start}\n${section}\n${end}`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  const next = i >= 0 && j > i
    ? doc.slice(0, i) + block + doc.slice(j + end.length)
    : `${doc.trimEnd()}\n\n## SDK sender (\`npm run bench:sdk\`)\n\n${block}\n`;
  await writeFile(path, next);
  log(`wrote ${path}`);
}

async function main() {
  const tmp = await mkdtemp(join(os.tmpdir(), 'hecate-bench-sdk-'));
  let server;
  try {
    const result = { quick: args.quick, at: new Date().toISOString(), load: os.loadavg()[0], machine: await machine() };
    const password = randomBytes(12).toString('hex');
    log('starting the server…');
    server = await startServer({ dataDir: join(tmp, 'data'), password });
    const { token } = await api(server, 'POST', '/api/v1/auth/login', { username: 'admin', password });
    const keys = {};
    for (const parser of ['json', 'raw']) keys[parser] = (await api(server, 'POST', '/api/v1/connectors', { name: `bench-sdk-${parser}`, parser }, token)).apiKey;

    log('server scenario (warm-up 2 s)…');
    const corpus = buildCorpus({ seed: 42, bodies: 1000 });
    const reqs = corpus.bodies.map(({ body, parser }) => ({
      head: postHead('/services/collector', { Authorization: `Splunk ${keys[parser]}`, 'Content-Type': 'application/json' }, body.length),
      body,
      events: 100,
    }));
    let i = 0;
    const next = () => reqs[i++ % reqs.length];
    await closedLoop({ port: server.port, conns: CONCURRENCY, durationMs: 2000, next });
    await settle(server);
    const rec = await closedLoop({ port: server.port, conns: CONCURRENCY, durationMs: PLAN.serverSeconds * 1000, next });
    result.server = { seconds: rec.seconds, eventsPerSec: rec.events / rec.seconds, mbPerSec: rec.bytes / MB / rec.seconds, errors: rec.errors };
    log(`server: ${fmt(result.server.eventsPerSec)} events/s`);

    await settle(server);
    log(`sendEventList of ${fmt(PLAN.events)} events…`);
    const list = await runSender(['list', server.url, keys.json, keys.raw, String(PLAN.events), String(CONCURRENCY)]);
    result.list = {
      ...list,
      eventsPerSec: list.events / list.seconds,
      mbPerSec: list.bytes / MB / list.seconds,
      peakRss: Math.max(list.sampledPeakRss, list.hwmBytes),
      cpuMicrosPerEvent: (list.cpuSeconds * 1e6) / list.events,
      cpuShare: list.cpuSeconds / list.seconds,
    };
    result.listShare = result.list.eventsPerSec / result.server.eventsPerSec;
    log(`sendEventList: ${fmt(result.list.eventsPerSec)} events/s, ${fmt(result.listShare * 100)} % of the server, sender ${fmt(result.list.cpuMicrosPerEvent, 2)} µs CPU/event`);

    const file = join(tmp, 'big.log');
    log(`generating a ${fmt(PLAN.fileBytes / 1024 ** 2)} MiB file…`);
    const generated = await generateFile(file, PLAN.fileBytes);
    await settle(server);
    log('sendEventFile…');
    const sent = await runSender(['file', server.url, keys.raw, file, String(CONCURRENCY)]);
    result.file = {
      ...sent,
      bytes: (await stat(file)).size,
      expectedLines: generated.lines,
      eventsPerSec: sent.events / sent.seconds,
      mbPerSec: (await stat(file)).size / MB / sent.seconds,
      peakRss: Math.max(sent.sampledPeakRss, sent.hwmBytes),
    };
    await rm(file, { force: true });
    if (result.file.events !== generated.lines) log(`warning: ${fmt(result.file.events)} lines sent, ${fmt(generated.lines)} in the file`);
    log(`sendEventFile: ${fmt(result.file.mbPerSec, 1)} MB/s, peak RSS ${fmt(result.file.peakRss / 1024 ** 2)} MiB`);

    const section = render(result);
    process.stdout.write(`${section}\n`);
    if (args['write-docs']) await writeDocs(section);
    const met = result.listShare >= TARGETS.listShare && result.file.peakRss <= TARGETS.fileRssBytes;
    if (!met) process.exitCode = 1;
  } finally {
    if (server) await stopServer(server);
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
