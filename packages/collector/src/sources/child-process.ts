/**
 * One run of an external program whose stdout is read line by line: the `cmd` source's commands
 * and the journald source's journalctl.
 *
 * - Backpressure: stdout is paused while `onLines` runs (it queues the events), so a full queue
 *   makes the program block on its own writes instead of growing our memory.
 * - stderr goes to the log at warn, at most STDERR_LINES_PER_MINUTE lines a minute; the rest are
 *   counted and the count is logged, so a chatty program cannot flood the collector's log.
 * - The program runs in its own process group and `stop` signals the whole group (SIGTERM, then
 *   SIGKILL after a grace period), so `sh -c 'a | b'` leaves nothing behind.
 * - `exited` resolves once the program exited, its output was read to the end and every
 *   `onLines` call finished; it never rejects (a failure to start is reported as `error`).
 */
import { spawn } from 'node:child_process';
import type { Logger } from '../logger.js';
import { LineSplitter } from './line-splitter.js';
import type { Line } from './line-splitter.js';

const STDERR_LINES_PER_MINUTE = 10;
const STDERR_MAX_LINE = 4096;

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the program could not be started (not found, not executable, no such directory). */
  error?: Error;
}

export interface RunOptions {
  command: string;
  args: readonly string[];
  cwd?: string;
  env: NodeJS.ProcessEnv;
  maxLineBytes: number;
  keepEmptyLines?: boolean;
  /** Complete stdout lines, in order; the next call waits until this one resolved. */
  onLines: (lines: Line[], pid: number) => Promise<void>;
  log: Logger;
  /** Names the program in log lines, e.g. `source uptime: command "uptime"`. */
  label: string;
}

export interface RunningProcess {
  readonly pid: number | undefined;
  readonly exited: Promise<ExitInfo>;
  /** Signals the process group; resolves when the run is over (see `exited`). */
  stop(graceMs?: number): Promise<ExitInfo>;
}

export function runProcess(options: RunOptions): RunningProcess {
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid;
  const stderr = new StderrLog(options.log, options.label);
  const splitter = new LineSplitter(options.maxLineBytes, options.keepEmptyLines ?? false);
  let queued: Promise<void> = Promise.resolve();
  const forward = (lines: Line[]): void => {
    if (lines.length === 0 || pid === undefined) return;
    child.stdout.pause();
    queued = queued
      .then(() => options.onLines(lines, pid))
      .catch((error: Error) => options.log.error(`${options.label}: could not queue its output`, { error: error.message }))
      .finally(() => child.stdout.resume());
  };
  child.stdout.on('data', (chunk: Buffer) => forward(splitter.push(chunk)));
  child.stdout.on('end', () => forward(splitter.end()));
  const errSplitter = new LineSplitter(STDERR_MAX_LINE);
  child.stderr.on('data', (chunk: Buffer) => stderr.write(errSplitter.push(chunk)));
  child.stderr.on('end', () => stderr.write(errSplitter.end()));

  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  }).then(async (info) => {
    await queued;
    stderr.flush();
    return info;
  });

  let closed = false;
  void exited.then(() => (closed = true));
  const signal = (name: NodeJS.Signals): void => {
    // The group, not just the leader: a shell may have exited while its children still hold stdout.
    if (pid === undefined || closed) return;
    try {
      process.kill(-pid, name);
    } catch {
      // the group is already gone
    }
  };
  return {
    pid,
    exited,
    async stop(graceMs = 2_000) {
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** stderr lines → warn log lines, at most STDERR_LINES_PER_MINUTE a minute; the rest counted. */
class StderrLog {
  private windowStart = 0;
  private inWindow = 0;
  private suppressed = 0;

  constructor(
    private readonly log: Logger,
    private readonly label: string,
  ) {}

  write(lines: Line[]): void {
    for (const line of lines) {
      const now = Date.now();
      if (now - this.windowStart >= 60_000) {
        this.flush();
        this.windowStart = now;
        this.inWindow = 0;
      }
      if (this.inWindow < STDERR_LINES_PER_MINUTE) {
        this.inWindow++;
        this.log.warn(`${this.label} wrote on stderr`, { stderr: line.text });
      } else this.suppressed++;
    }
  }

  flush(): void {
    if (this.suppressed === 0) return;
    this.log.warn(`${this.label}: ${this.suppressed} more stderr line(s) not logged`, { suppressed: this.suppressed });
    this.suppressed = 0;
  }
}

/** Wait before restarting a program that exited: 1 s doubling to 60 s; back to 1 s after a run of a minute. */
export function restartDelayMs(failuresInARow: number): number {
  return Math.min(60_000, 1_000 * 2 ** Math.min(failuresInARow, 6));
}
