// node bench/parser-cost.mjs (after `npm run build`)
//
// What parsing costs at ingest: the same ASA firewall lines (from the search corpus) sent through HEC to
// connectors with three set-ups, alternating twice:
//   raw         the `raw` parser: only @rawstring and the HEC metadata are stored;
//   cisco-asa   the built-in cisco-asa parser: ~49 fields and tags per event (~1.6 KB of JSON);
//   raw+fields  the `raw` parser, with cisco-asa's output computed here beforehand and sent as HEC
//               indexed fields (tags as `#name`) and its timestamp as HEC `time`: the server stores
//               the same data as with cisco-asa but parses nothing, so cisco-asa − raw+fields is what
//               parsing costs the server and raw+fields − raw is what storing the fields costs.
// Prints events/s acknowledged and the server's CPU per event including indexing, split into the main
// thread (HTTP, decode, parse, log writes), the busiest other thread (the indexer worker) and the rest
// (DuckDB's own threads, libuv pool); and the parser's own cost on these same lines, in this process.
// PARSERS=cisco-asa,raw (comma-separated) runs only those, e.g. with
// BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (then bench/lib/cpu-profile-summary.mjs).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { decodeEventBody } from '../packages/hec/dist/index.js';
import { compileParser } from '../packages/lang/dist/index.js';
import { createParserOutputMapper } from '../packages/server/dist/parse/parser-output.js';
import { Connection, postHead } from './lib/http-load.mjs';
import { makeSearchCorpus } from './lib/search-corpus.mjs';
import { api, cpuSecondsOf, settle, startServer, stopServer, threadCpuOf } from './lib/server-process.mjs';

const N = 300_000;
// Only firewall bodies from the search corpus: 100 envelopes each, concatenated.
const bodies = [];
const next = makeSearchCorpus({ events: 2_000_000 });
for (let b = next(); b && bodies.length < N / 100; b = next()) if (b.connector === 'fw') bodies.push(b.payload);

const spec = parseYaml(readFileSync(new URL('../packages/server/parsers/builtin/cisco-asa.yaml', import.meta.url), 'utf8'));
const compiled = compileParser(spec.script);
if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
const envelopesOf = (body) => decodeEventBody(body, { defaults: { index: 'main' }, maxEventSize: 1 << 20 }).events;
const lines = bodies.flatMap((b) => envelopesOf(b).map((e) => e.raw));

// The parser's own cost on these lines, as bench:parse measures it (a fresh Map per event, one core).
const runOnce = (line) => compiled.run({ fields: new Map([['@rawstring', line]]) });
for (let i = 0; i < 30_000; i++) runOnce(lines[i % lines.length]);
const own0 = process.cpuUsage();
for (const line of lines) runOnce(line);
const own = process.cpuUsage(own0);
const ownUs = (own.user + own.system) / lines.length;

// raw+fields: the same stored data with nothing to parse.
const mapOutput = createParserOutputMapper(new Set(spec.tagFields));
const withFields = bodies.map((body) => Buffer.from(envelopesOf(body).map((e) => {
  const out = mapOutput(runOnce(e.raw)[0]);
  const time = (out.timestamp ?? e.timeMs) / 1000;
  return JSON.stringify({ time, sourcetype: e.sourcetype, event: e.raw, fields: { ...out.fields, ...out.tags } });
}).join('')));

const dataDir = mkdtempSync(join(tmpdir(), 'hecate-parser-cost-'));
const server = await startServer({ dataDir, password: 'parser-cost-pass-1' });
const { token } = await api(server, 'POST', '/api/v1/auth/login', { username: 'admin', password: 'parser-cost-pass-1' });
console.log(`cisco-asa on these ${lines.length} lines, in-process: ${ownUs.toFixed(1)} µs/event (${Math.round(1e6 / ownUs)} events/s on one core)`);
const setups = process.env.PARSERS ? process.env.PARSERS.split(',') : ['raw', 'cisco-asa', 'raw+fields', 'raw', 'cisco-asa', 'raw+fields'];
for (const setup of setups) {
  const parser = setup === 'raw+fields' ? 'raw' : setup;
  const payloads = setup === 'raw+fields' ? withFields : bodies;
  const key = (await api(server, 'POST', '/api/v1/connectors', { name: `c-${parser}-${Math.random().toString(36).slice(2, 7)}`, parser }, token)).apiKey;
  await settle(server, { idleShare: 0.1, quietMs: 1500 });
  const cpu0 = cpuSecondsOf(server.pid);
  const threads0 = threadCpuOf(server.pid);
  const t0 = performance.now();
  const checkpoints0 = server.checkpoints.length;
  const conns = Array.from({ length: 8 }, () => new Connection(server.port));
  let i = 0;
  await Promise.all(conns.map(async (c) => {
    for (;;) {
      const b = payloads[i++];
      if (!b) return;
      const r = await c.send(postHead('/services/collector/event', { authorization: `Splunk ${key}` }, b.length), b);
      if (r.status !== 200) throw new Error(r.status + r.body);
    }
  }));
  const sendS = (performance.now() - t0) / 1000;
  await settle(server, { idleShare: 0.1, quietMs: 1500 });
  const cpu = cpuSecondsOf(server.pid) - cpu0;
  const threads1 = threadCpuOf(server.pid);
  const n = payloads.length * 100;
  const used = [...threads1].map(([tid, s]) => [tid, s - (threads0.get(tid) ?? 0)]).sort((a, b) => b[1] - a[1]);
  const main = used.find(([tid]) => tid === server.pid)?.[1] ?? 0;
  const worker = used.find(([tid]) => tid !== server.pid)?.[1] ?? 0;
  const us = (s) => ((s / n) * 1e6).toFixed(1);
  console.log(`${setup.padEnd(10)} ${(n / sendS).toFixed(0).padStart(6)} events/s acked; server CPU ${us(cpu)} µs/event incl. indexing (main thread ${us(main)}, indexer worker ${us(worker)}, the rest ${us(cpu - main - worker)}); DuckDB checkpoints ${server.checkpoints.length - checkpoints0}; load ${loadavg()[0].toFixed(2)}`);
  for (const c of conns) c.close();
}
await stopServer(server);
rmSync(dataDir, { recursive: true, force: true });
