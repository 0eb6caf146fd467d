/**
 * Runs a program and turns its stdout into events (the LogScale Collector's `cmd` source).
 *
 * - `streaming`: the program runs for as long as the collector does; each stdout line is an event.
 *   When it exits it is restarted after a backoff (1 s doubling to 60 s, back to 1 s after a run
 *   that lasted a minute), so a crashing program is retried without spinning.
 * - `scheduled`: the program is started every `interval` seconds. Runs never overlap: a run that
 *   outlasts the interval delays the next start until it ends.
 * - stderr is logged (rate-limited), not sent. A non-zero exit is logged with its code.
 * - `stop` signals the program's process group and waits until its output is queued.
 * Events carry `@collect.cmd` (the program), `@collect.pid` and `@collect.stream` (stdout).
 */
import fs from 'node:fs';
import type { CollectEvent, Source, SourceOutput } from '../../event.js';
import type { Logger } from '../../logger.js';
import { sleep } from '../../sleep.js';
import { restartDelayMs, runProcess } from '../child-process.js';
import type { ExitInfo, RunningProcess } from '../child-process.js';
import { collectFields, eventFields } from '../collect-fields.js';
import type { Line } from '../line-splitter.js';
import { DEFAULT_INTERVAL_SECONDS } from './config.js';
import type { CmdSourceConfig } from './config.js';

/** Longest stdout line kept (the sink truncates further to its maxEventSize). */
const MAX_LINE_BYTES = 1024 * 1024;
/** Largest consolidated output kept for one event; the rest is cut and the event marked truncated. */
const MAX_CONSOLIDATED_BYTES = 16 * 1024 * 1024;
/** A streaming run that lasted this long was healthy: the next restart waits the shortest delay again. */
const HEALTHY_RUN_MS = 60_000;

export class CmdSource implements Source {
  private readonly abort = new AbortController();
  private readonly base: Readonly<Record<string, string>>;
  private readonly label: string;
  private running: RunningProcess | undefined;
  private loop: Promise<void> | undefined;
  /** Runs started so far (tests and the status of a scheduled source). */
  runs = 0;

  constructor(
    readonly name: string,
    private readonly config: CmdSourceConfig,
    private readonly output: SourceOutput,
    private readonly log: Logger,
  ) {
    this.base = collectFields(name, 'cmd');
    this.label = `source ${name}: command ${JSON.stringify(config.cmd)}`;
  }

  describe(): string {
    const every = this.config.mode === 'scheduled' ? ` every ${this.config.interval ?? DEFAULT_INTERVAL_SECONDS} s` : '';
    return `${this.name} (cmd ${this.config.mode}${every}: ${[this.config.cmd, ...this.config.args].join(' ')})`;
  }

  async start(): Promise<void> {
    this.loop = this.config.mode === 'streaming' ? this.stream() : this.schedule();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running?.stop();
    await this.loop;
  }

  private async stream(): Promise<void> {
    let failures = 0;
    while (!this.abort.signal.aborted) {
      const started = Date.now();
      const exit = await this.runOnce();
      if (this.abort.signal.aborted) return;
      if (Date.now() - started >= HEALTHY_RUN_MS) failures = 0;
      const delay = restartDelayMs(failures++);
      this.reportExit(exit, `restarting it in ${delay / 1000} s`);
      await sleep(delay, this.abort.signal);
    }
  }

  private async schedule(): Promise<void> {
    const intervalMs = (this.config.interval ?? DEFAULT_INTERVAL_SECONDS) * 1000;
    while (!this.abort.signal.aborted) {
      const started = Date.now();
      const exit = await this.runOnce();
      if (this.abort.signal.aborted) return;
      if (exit.error !== undefined || exit.code !== 0) this.reportExit(exit, 'it runs again at the next interval');
      await sleep(Math.max(0, started + intervalMs - Date.now()), this.abort.signal);
    }
  }

  private async runOnce(): Promise<ExitInfo> {
    const { config } = this;
    this.runs++;
    const consolidate = config.outputMode === 'consolidateOutput';
    const collected: { lines: string[]; bytes: number; truncated: boolean; pid: number } = { lines: [], bytes: 0, truncated: false, pid: 0 };
    this.running = runProcess({
      command: config.cmd,
      args: config.args,
      ...(config.workingDir === undefined ? {} : { cwd: config.workingDir }),
      env: { ...process.env, ...config.environment },
      maxLineBytes: MAX_LINE_BYTES,
      keepEmptyLines: consolidate,
      log: this.log,
      label: this.label,
      onLines: async (lines, pid) => {
        if (!consolidate) return this.output.emit(this.events(lines, pid));
        collected.pid = pid;
        for (const line of lines) {
          if (collected.bytes >= MAX_CONSOLIDATED_BYTES) {
            collected.truncated = true;
            break;
          }
          collected.lines.push(line.text);
          collected.bytes += Buffer.byteLength(line.text) + 1;
          collected.truncated ||= line.truncated;
        }
      },
    });
    const exit = await this.running.exited;
    this.running = undefined;
    const text = collected.lines.join('\n').replace(/\n+$/, '');
    if (consolidate && text.length > 0) await this.output.emit(this.events([{ text, truncated: collected.truncated }], collected.pid));
    return exit;
  }

  private events(lines: readonly Line[], pid: number): CollectEvent[] {
    const time = Date.now();
    const extra = { '@collect.cmd': this.config.cmd, '@collect.pid': String(pid), '@collect.stream': 'stdout' };
    return lines.map((line) => {
      const fields = eventFields(this.base, time, extra);
      if (line.truncated) fields['@collect.truncated'] = 'true';
      return { text: line.text, time, fields };
    });
  }

  private reportExit(exit: ExitInfo, next: string): void {
    if (exit.error !== undefined) {
      const { workingDir } = this.config;
      const reason =
        (exit.error as NodeJS.ErrnoException).code === 'ENOENT'
          ? workingDir !== undefined && !fs.existsSync(workingDir)
            ? `workingDir ${workingDir} does not exist`
            : 'the program was not found (give a path, or check PATH)'
          : exit.error.message;
      this.log.error(`${this.label} could not be started: ${reason}; ${next}`, { source: this.name });
      return;
    }
    const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code ?? '?'}`;
    this.log.warn(`${this.label} ${how}; ${next}`, { source: this.name });
  }
}
