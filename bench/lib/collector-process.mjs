// The built hecate-collector as a child process for the benchmark: a config written to a temporary
// directory, its /metrics endpoint on a free port (progress and completion are read from there, the
// way an operator would), its CPU and RSS from /proc, and a graceful stop.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, rssOf } from './server-process.mjs';

const BIN = fileURLToPath(new URL('../../packages/collector/bin/hecate-collector.js', import.meta.url));
/** The node options of the command's shebang line (`#!/usr/bin/env -S node --flag`): run as `hecate-collector` runs. */
const SHEBANG_OPTIONS = (/^#!\S*env -S node(.*)$/m.exec(readFileSync(BIN, 'utf8').split('\n', 1)[0] ?? '')?.[1] ?? '').trim().split(/\s+/).filter(Boolean);

/** VmHWM (peak RSS as the kernel counted it) of a running process, in bytes. */
export function hwmOf(pid) {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** The value of `name{labels}` in a Prometheus text exposition (label order as the collector writes them). */
export function metric(text, name, labels = {}) {
  const series = Object.keys(labels).length === 0 ? name : `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/**
 * Starts the collector with `configYaml` (its `metrics:` key is added here) and resolves once the
 * metrics endpoint answers. `rss.peak` is sampled every 50 ms for the life of the process.
 */
export async function startCollector({ dir, configYaml, nodeArgs = [] }) {
  const port = await freePort();
  const configFile = join(dir, 'collector.yaml');
  await writeFile(configFile, `${configYaml}metrics: {port: ${port}}\n`);
  const child = spawn(process.execPath, [...SHEBANG_OPTIONS, ...nodeArgs, BIN, '--config', configFile, '--drain-timeout', '30'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const keep = (chunk) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}/metrics`;
  const collector = {
    pid: child.pid,
    startedAt: performance.now(),
    output: () => output.join(''),
    peakRss: 0,
    async scrape() {
      const response = await fetch(url);
      return response.text();
    },
    async stop() {
      clearInterval(sampler);
      const hwm = hwmOf(child.pid);
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const exit = await exited;
      clearTimeout(timer);
      return { ...exit, hwm };
    },
  };
  const sampler = setInterval(() => (collector.peakRss = Math.max(collector.peakRss, rssOf(child.pid))), 50);
  let exitInfo;
  void exited.then((e) => (exitInfo = e));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exitInfo) throw new Error(`the collector exited during start (${JSON.stringify(exitInfo)}):\n${collector.output()}`);
    try {
      await collector.scrape();
      return collector;
    } catch {
      if (Date.now() > deadline) throw new Error(`the collector's metrics did not answer within 30 s:\n${collector.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** Scrapes every `everyMs` until `done(text)` holds; returns the last scrape and when it was taken. */
export async function scrapeUntil(collector, done, { everyMs = 100, timeoutMs = 600_000 } = {}) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const text = await collector.scrape();
    const at = performance.now();
    if (done(text)) return { text, at };
    if (at > deadline) throw new Error(`the collector did not finish within ${timeoutMs / 1000} s:\n${text}\n${collector.output()}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
