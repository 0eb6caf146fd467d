// The SDK sender as its own process, so the benchmark can sample its RSS from /proc without the
// corpus, the load generator or the server's own memory getting mixed in.
//
//   node sdk-sender.mjs list <url> <jsonKey> <rawKey> <events> <concurrency>
//       sendEventList of <events> envelopes from the ingest corpus: JSON-object events to the json
//       connector and text events to the raw one (two senders in parallel, as in bench/ingest).
//   node sdk-sender.mjs file <url> <rawKey> <path> <concurrency>
//       sendEventFile of <path>.
// Prints one JSON line: { events, bytes, requests, failed, seconds, cpuSeconds, hwmBytes }, where
// cpuSeconds is this process's user + system CPU while sending (corpus building excluded).
import { readFileSync } from 'node:fs';
import { HEC } from '../../packages/sdk/dist/index.js';
import { buildCorpus, splitEnvelopes } from './corpus.mjs';

const [mode, url, ...rest] = process.argv.slice(2);

/** VmHWM: the peak RSS of this process as the kernel counted it (catches spikes between samples). */
const hwm = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'latin1'))?.[1] ?? 0) * 1024;

/** `count` envelopes cycled from a 100 000-envelope corpus, as lazy iterables per parser. */
function eventLists(count) {
  const corpus = buildCorpus({ seed: 7, bodies: 1000 });
  const pools = { json: [], raw: [] };
  for (const { body, parser } of corpus.bodies) for (const one of splitEnvelopes(body)) pools[parser].push(JSON.parse(one.toString('utf8')));
  const total = pools.json.length + pools.raw.length;
  const share = (pool) => Math.round((count * pool.length) / total);
  const cycle = function* (pool, n) {
    for (let i = 0; i < n; i++) yield pool[i % pool.length];
  };
  const nJson = share(pools.json);
  return { json: cycle(pools.json, nJson), raw: cycle(pools.raw, count - nJson) };
}

async function main() {
  const t0 = performance.now();
  let cpu0 = process.cpuUsage();
  let results;
  if (mode === 'list') {
    const [jsonKey, rawKey, events, concurrency] = rest;
    const lists = eventLists(Number(events));
    const half = Math.max(1, Math.floor(Number(concurrency) / 2));
    const senders = [new HEC({ url, apiKey: jsonKey, concurrency: half }), new HEC({ url, apiKey: rawKey, concurrency: half })];
    const t1 = performance.now(); // the corpus is built: time the sending only
    cpu0 = process.cpuUsage();
    results = await Promise.all([senders[0].sendEventList(lists.json), senders[1].sendEventList(lists.raw)]);
    await Promise.all(senders.map((s) => s.close()));
    results.seconds = (performance.now() - t1) / 1000;
  } else if (mode === 'file') {
    const [rawKey, path, concurrency] = rest;
    const sender = new HEC({ url, apiKey: rawKey, concurrency: Number(concurrency) });
    results = [await sender.sendEventFile(path)];
    await sender.close();
    results.seconds = (performance.now() - t0) / 1000;
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  const cpu = process.cpuUsage(cpu0);
  const sum = (k) => results.reduce((n, r) => n + r[k], 0);
  const report = { events: sum('events'), bytes: sum('bytes'), requests: sum('requests'), failed: sum('failed'), seconds: results.seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, hwmBytes: hwm() };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
