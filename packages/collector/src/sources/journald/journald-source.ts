/**
 * The systemd journal, read through `journalctl --output=json --follow` (the journal's own reader:
 * no native binding, and journal files written by any systemd version are read correctly).
 *
 * - Position: the cursor of the last queued entry is saved after each batch (CursorStore); a start
 *   passes it as `--after-cursor`, so nothing is skipped or re-read across restarts apart from the
 *   batch a crash interrupted. Without a cursor the whole journal is read (or the current boot's,
 *   with `currentBootOnly`).
 * - Two runs: journalctl --follow only reads the current boot (systemd 252 and later imply `--boot`
 *   with it), which would skip what was logged after the cursor before a reboot. So a catch-up run
 *   without --follow reads up to the journal's end first, then a --follow run continues from its
 *   last cursor. A `directory` adds `--merge`, without which --follow refuses a journal that does
 *   not contain this machine's current boot (journals copied from another host).
 * - includeUnits become `--unit` matches (journalctl ORs them); excludeUnits are dropped here,
 *   counted, and still advance the cursor.
 * - journalctl exiting (a journal directory that went away, a crash) restarts it after a backoff,
 *   from the saved cursor. A missing journalctl is one clear error line per attempt.
 * - Entries without MESSAGE and lines that are not journal JSON are counted as dropped, by reason.
 */
import type { CollectEvent, Source, SourceOutput } from '../../event.js';
import type { Logger } from '../../logger.js';
import { sleep } from '../../sleep.js';
import { restartDelayMs, runProcess } from '../child-process.js';
import type { ExitInfo, RunningProcess } from '../child-process.js';
import { collectFields, eventFields } from '../collect-fields.js';
import type { Line } from '../line-splitter.js';
import type { JournaldSourceConfig } from './config.js';
import { CursorStore } from './cursor-store.js';
import { parseJournalLine, unitMatcher, unitName } from './journal-entry.js';

/** journalctl prints one entry per line; an entry longer than this is cut and then fails to parse (counted). */
const MAX_ENTRY_BYTES = 16 * 1024 * 1024;
const HEALTHY_RUN_MS = 60_000;

export class JournaldSource implements Source {
  private readonly abort = new AbortController();
  private readonly base: Readonly<Record<string, string>>;
  private readonly cursors: CursorStore;
  private readonly excluded: (unit: string | undefined) => boolean;
  private running: RunningProcess | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    readonly name: string,
    private readonly config: JournaldSourceConfig,
    dataDirectory: string,
    private readonly output: SourceOutput,
    private readonly log: Logger,
  ) {
    this.base = collectFields(name, 'journald');
    this.cursors = new CursorStore(dataDirectory, name);
    this.excluded = unitMatcher(config.excludeUnits);
  }

  describe(): string {
    const units = this.config.includeUnits.length > 0 ? ` units ${this.config.includeUnits.map(unitName).join(', ')}` : '';
    return `${this.name} (journald ${this.config.directory ?? 'local journal'}${units}${this.config.currentBootOnly ? ', current boot' : ''})`;
  }

  /** The journalctl arguments for the next run: they depend on the saved cursor. */
  journalctlArgs(follow: boolean): string[] {
    const { config } = this;
    const args = ['--output=json', '--all', '--no-pager', '--quiet'];
    if (follow) args.push('--follow', '--no-tail');
    if (config.directory !== undefined) args.push(`--directory=${config.directory}`, '--merge');
    if (config.currentBootOnly) args.push('--boot');
    for (const unit of config.includeUnits) args.push(`--unit=${unit}`);
    const cursor = this.cursors.get();
    if (cursor !== undefined) args.push(`--after-cursor=${cursor}`);
    return args;
  }

  async start(): Promise<void> {
    this.loop = this.follow();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running?.stop();
    await this.loop;
  }

  private async follow(): Promise<void> {
    let failures = 0;
    while (!this.abort.signal.aborted) {
      let exit = await this.run(false);
      const started = Date.now();
      if (!this.abort.signal.aborted && exit.error === undefined && exit.code === 0) exit = await this.run(true);
      if (this.abort.signal.aborted) return;
      if (Date.now() - started >= HEALTHY_RUN_MS) failures = 0;
      const delay = restartDelayMs(failures++);
      this.reportExit(exit, delay);
      await sleep(delay, this.abort.signal);
    }
  }

  private async run(follow: boolean): Promise<ExitInfo> {
    this.running = runProcess({
      command: 'journalctl',
      args: this.journalctlArgs(follow),
      env: process.env,
      maxLineBytes: MAX_ENTRY_BYTES,
      log: this.log,
      label: `source ${this.name}: journalctl`,
      onLines: (lines) => this.queue(lines),
    });
    const exit = await this.running.exited;
    this.running = undefined;
    return exit;
  }

  private async queue(lines: readonly Line[]): Promise<void> {
    const collected = Date.now();
    const events: CollectEvent[] = [];
    let cursor: string | undefined;
    let unparsable = 0;
    for (const line of lines) {
      const entry = line.truncated ? undefined : parseJournalLine(line.text);
      if (entry === undefined) {
        unparsable++;
        continue;
      }
      cursor = entry.cursor;
      if (this.excluded(entry.unit)) {
        this.output.dropped('excluded_unit', 1);
        continue;
      }
      if (entry.message === undefined || entry.message === '') {
        this.output.dropped('journal_no_message', 1);
        continue;
      }
      const fields = eventFields(this.base, collected, { ...entry.fields, ...(entry.unit === undefined ? {} : { '@collect.unit': entry.unit }) });
      events.push({ text: entry.message, time: entry.time, fields });
    }
    if (unparsable > 0) {
      this.output.dropped('journal_unparsable', unparsable);
      this.log.warn(`source ${this.name}: ${unparsable} journalctl output line(s) were not journal entries`, { source: this.name });
    }
    if (events.length > 0) await this.output.emit(events);
    if (cursor !== undefined) this.cursors.save(cursor);
  }

  private reportExit(exit: ExitInfo, delayMs: number): void {
    const next = `restarting it in ${delayMs / 1000} s`;
    if (exit.error !== undefined) {
      const missing = (exit.error as NodeJS.ErrnoException).code === 'ENOENT';
      const reason = missing ? "journalctl was not found: the journald source needs systemd's journalctl on PATH" : `journalctl could not be started: ${exit.error.message}`;
      this.log.error(`source ${this.name}: ${reason}; ${next}`, { source: this.name });
      return;
    }
    const how = exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code ?? '?'}`;
    this.log.warn(`source ${this.name}: journalctl ${how}; ${next}`, { source: this.name });
  }
}
