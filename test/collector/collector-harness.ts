/**
 * Runs the built `hecate-collector` binary as a child process with a config written to a temporary
 * directory, the way a user runs it. Shared by the collector's end-to-end suites.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/server.js';
import { killChild, stopChild } from '../helpers/child-exit.js';

export const COLLECTOR_BIN = path.join(REPO_ROOT, 'packages/collector/bin/hecate-collector.js');

export interface RunningCollector {
  readonly dir: string;
  readonly configFile: string;
  logs(): string;
  /** Resolves when the output contains text (or rejects after timeoutMs with the output). */
  waitForLog(text: string | RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<number | null>;
  kill9(): Promise<void>;
  /** Starts the binary again with the same config. */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

/** The `sinks:` block of a config: one HEC sink `hecate` to `url`, its token from `${KEY}`, flushing every 100 ms. */
export function hecateSinkYaml(url: string): string {
  return `sinks:
  hecate:
    type: hec
    token: \${KEY}
    url: ${url}
    proxy: none
    queue: {type: memory, flushTimeOutInMillisecond: 100}
`;
}

/** A temporary directory for a suite: configs, data directories, log files. */
export async function tempDir(prefix = 'collector-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Runs `hecate-collector <args>` to completion. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [COLLECTOR_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Starts the built command as a user does: executed, so its shebang line's node options apply and
 * the collector runs on node's main thread. `viaNode` starts it as `node hecate-collector.js`
 * instead, where it runs on a worker thread.
 */
export async function startCollector(configYaml: string, env: Record<string, string> = {}, dir?: string, { viaNode = false } = {}): Promise<RunningCollector> {
  if (!existsSync(path.join(REPO_ROOT, 'packages/collector/dist/bin/hecate-collector.js'))) {
    throw new Error('the collector is not built: run npx tsc -b first');
  }
  const workDir = dir ?? (await tempDir());
  const configFile = path.join(workDir, 'collector.yaml');
  await writeFile(configFile, configYaml);
  let output = '';
  let child: ChildProcess | undefined;
  let exited: Promise<number | null> = Promise.resolve(null);

  const launch = async (): Promise<void> => {
    const args = ['--config', configFile, '--drain-timeout', '5'];
    const proc = spawn(viaNode ? process.execPath : COLLECTOR_BIN, viaNode ? [COLLECTOR_BIN, ...args] : args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    proc.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    proc.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    exited = new Promise((resolve) => {
      proc.once('exit', (code, signal) => {
        output += `\n[collector exited: code ${String(code)}, signal ${String(signal)}]\n`;
        if (child === proc) child = undefined;
        resolve(code);
      });
    });
    await waitForLog('hecate-collector running', 15_000);
  };

  const waitForLog = async (text: string | RegExp, timeoutMs = 10_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    const found = (): boolean => (typeof text === 'string' ? output.includes(text) : text.test(output));
    while (!found()) {
      if (Date.now() > deadline) throw new Error(`collector output did not show ${String(text)} within ${timeoutMs} ms:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const stop = (): Promise<number | null> => stopChild(child, exited, 15_000);
  const kill9 = (): Promise<void> => killChild(child, exited);

  await launch();
  return {
    dir: workDir,
    configFile,
    logs: () => output,
    waitForLog,
    stop,
    kill9,
    async restart() {
      if (child !== undefined) await stop();
      await launch();
    },
    async dispose() {
      await kill9();
      if (dir === undefined) await rm(workDir, { recursive: true, force: true });
    },
  };
}
