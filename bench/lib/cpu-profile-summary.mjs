// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by stage.
// Run: node bench/lib/cpu-profile-summary.mjs <file.cpuprofile> [top=25]
// Stages are guessed from the script path, so the totals say where the time goes: HTTP, the HEC
// decoder, the parse stage, the store's log and indexer, GC, idle.
import { readFileSync } from 'node:fs';

const STAGES = [
  ['idle', (n) => n.callFrame.functionName === '(idle)'],
  ['GC', (n) => n.callFrame.functionName === '(garbage collector)'],
  ['(program: native/VM)', (n) => n.callFrame.functionName === '(program)'],
  ['HEC decoder (@hecate/hec)', (n) => /packages\/hec\/dist\//.test(n.callFrame.url)],
  ['receiver', (n) => /server\/dist\/receive\//.test(n.callFrame.url)],
  ['parse / event build', (n) => /server\/dist\/(parse\/|pipeline)/.test(n.callFrame.url)],
  ['store: log frames + writer', (n) => /server\/dist\/store\/(wal-|crc32|event-store)/.test(n.callFrame.url)],
  ['store: indexer (DuckDB appends)', (n) => /server\/dist\/store\/(event-indexer|append-event-row|indexer-)/.test(n.callFrame.url)],
  ['DuckDB bindings', (n) => /@duckdb/.test(n.callFrame.url)],
  ['node:http / net / streams', (n) => /node:(_http|http|net|stream|internal\/(http|streams|stream_base|net|js_stream)|_stream)/.test(n.callFrame.url) || /node:internal\/(http|streams)/.test(n.callFrame.url)],
  ['other server code', (n) => /server\/dist\//.test(n.callFrame.url)],
  ['other node internals', (n) => /^node:/.test(n.callFrame.url)],
  ['other', () => true],
];

export function summarise(profile, top = 25) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFn = new Map();
  const byStage = new Map();
  for (const [id, us] of self) {
    const n = byId.get(id);
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'}  ${f.url.replace(/^.*\/(packages|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    const stage = STAGES.find(([, test]) => test(n))[0];
    byStage.set(stage, (byStage.get(stage) ?? 0) + us);
  }
  const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1e6).toFixed(2).padStart(6)} s`;
  const lines = [`total sampled ${(total / 1e6).toFixed(2)} s`, '', 'by stage (self time):'];
  for (const [k, us] of [...byStage].sort((a, b) => b[1] - a[1])) lines.push(`  ${pct(us)}  ${k}`);
  lines.push('', `top ${top} functions (self time):`);
  for (const [k, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${k}`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node bench/lib/cpu-profile-summary.mjs <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  process.stdout.write(summarise(JSON.parse(readFileSync(file, 'utf8')), Number(process.argv[3] ?? 25)) + '\n');
}
