/**
 * The cmd source with real programs (sh, printf, sleep): stdout lines become events with the
 * command's metadata, stderr goes to the log, a streaming command that exits is restarted with
 * backoff, scheduled runs never overlap, and stop kills the whole process group.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../packages/collector/src/config/load-config.js';
import { CmdSource } from '../../packages/collector/src/sources/cmd/cmd-source.js';
import type { CmdSourceConfig } from '../../packages/collector/src/sources/cmd/config.js';
import { captureLog, captureOutput, waitFor } from './source-harness.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'collector-cmd-'));
  dirs.push(dir);
  return dir;
}

function cmdSource(yaml: string, env: NodeJS.ProcessEnv = {}) {
  const config = loadConfig(`sources:\n  run: {type: cmd, sink: s, ${yaml}}\nsinks:\n  s: {type: hec, token: t, url: "http://127.0.0.1:1"}\n`, env).sources.run as CmdSourceConfig;
  const output = captureOutput();
  const logs = captureLog();
  return { source: new CmdSource('run', config, output, logs.log), output, logs };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('cmd source', () => {
  it('turns each stdout line of a streaming command into an event with @collect.cmd, pid and stream', async () => {
    const { source, output, logs } = cmdSource(`cmd: sh, args: [-c, 'printf "first\\nsecond\\n"; echo "to stderr" >&2; exec sleep 30']`);
    await source.start();
    try {
      await waitFor('two lines', () => output.events.length === 2);
      expect(output.events.map((event) => event.text)).toEqual(['first', 'second']);
      const fields = output.events[0]?.fields ?? {};
      expect(fields).toMatchObject({ '@collect.cmd': 'sh', '@collect.stream': 'stdout', '@collect.source_type': 'cmd', '@collect.source_name': 'run' });
      expect(Number(fields['@collect.pid'])).toBeGreaterThan(1);
      expect(fields['@collect.timestamp']).toMatch(/^\d{4}-/);
      await waitFor('the stderr line in the log', () => logs.text().includes('to stderr'));
      expect(output.events.some((event) => event.text.includes('to stderr'))).toBe(false);
    } finally {
      await source.stop();
    }
  });

  it('kills the whole process group on stop, children included', async () => {
    const dir = tempDir();
    const { source, output } = cmdSource(`cmd: sh, args: [-c, 'sleep 60 & echo "$!" ; wait'], workingDir: ${dir}`);
    await source.start();
    await waitFor('the child pid', () => output.events.length === 1);
    const pids = [Number(output.events[0]?.fields['@collect.pid']), Number(output.events[0]?.text)];
    expect(pids.every(alive)).toBe(true);
    const started = Date.now();
    await source.stop();
    expect(Date.now() - started).toBeLessThan(3_000);
    await waitFor('both processes gone', () => !pids.some(alive), 3_000);
  });

  it('restarts a streaming command that exits, with backoff, and logs the exit code', async () => {
    const { source, output, logs } = cmdSource(`cmd: sh, args: [-c, 'echo run; exit 3']`);
    await source.start();
    try {
      await waitFor('a second run', () => output.events.length >= 2, 5_000);
      expect(source.runs).toBeGreaterThanOrEqual(2);
      expect(logs.text()).toContain('exited with code 3; restarting it in 1 s');
      // The second delay doubles: within 2.5 s of start there cannot be a fourth run.
      expect(source.runs).toBeLessThanOrEqual(3);
    } finally {
      await source.stop();
    }
  });

  it('runs a scheduled command every interval, never two runs at once', async () => {
    const dir = tempDir();
    // Each run takes 1.5 s with a 1 s interval: an overlapping start would find the lock file.
    const script = 'if [ -e lock ]; then echo OVERLAP; fi; touch lock; echo tick; sleep 1.5; rm lock';
    const { source, output } = cmdSource(`cmd: sh, args: [-c, '${script}'], mode: scheduled, interval: 1, workingDir: ${dir}`);
    await source.start();
    try {
      await waitFor('three runs', () => output.events.filter((event) => event.text === 'tick').length >= 3, 8_000);
      expect(output.events.map((event) => event.text)).not.toContain('OVERLAP');
    } finally {
      await source.stop();
    }
  });

  it('passes workingDir and environment (with ${VAR} expanded, $$ kept for the shell) to the command', async () => {
    const dir = tempDir();
    const { source, output } = cmdSource(`cmd: sh, args: [-c, 'echo "$$GREETING from $$(pwd), PATH kept: $\${PATH:+yes}"'], mode: scheduled, interval: 60, workingDir: ${dir}, environment: {GREETING: \${WHO}}`, { WHO: 'hello' });
    await source.start();
    try {
      await waitFor('the line', () => output.events.length === 1);
      expect(output.events[0]?.text).toBe(`hello from ${dir}, PATH kept: yes`);
    } finally {
      await source.stop();
    }
  });

  it('sends the whole output of a scheduled run as one event with outputMode consolidateOutput', async () => {
    const { source, output } = cmdSource(`cmd: printf, args: ['line 1\\n\\nline 3\\n'], mode: scheduled, interval: 60, outputMode: consolidateOutput`);
    await source.start();
    try {
      await waitFor('one event', () => output.events.length === 1);
      expect(output.events[0]?.text).toBe('line 1\n\nline 3');
    } finally {
      await source.stop();
    }
  });

  it('logs a clear error for a program that does not exist, and keeps retrying', async () => {
    const { source, logs } = cmdSource('cmd: /nonexistent/collector-test-program');
    await source.start();
    try {
      await waitFor('the error', () => logs.text().includes('could not be started: the program was not found'));
    } finally {
      await source.stop();
    }
  });

  it('says which workingDir is missing', async () => {
    const { source, logs } = cmdSource('cmd: sh, args: [-c, "echo x"], workingDir: /nonexistent/dir');
    await source.start();
    try {
      await waitFor('the error', () => logs.text().includes('workingDir /nonexistent/dir does not exist'));
    } finally {
      await source.stop();
    }
  });
});
