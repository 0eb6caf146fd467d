/**
 * One `sendEventList` / `sendEventFile` call: takes batches from its producer, runs them within the
 * sender's request slots, tallies the result and reports progress. The producer awaits `submit`, which
 * returns only once a slot is free, so reading ahead is bounded by `concurrency` batches.
 * An error that fails every request (bad key, wrong URL, proxy refusal, endpoint down after all
 * retries) stops the run: nothing more is sent, and the rest is reported as not sent. The stop is
 * noted before the failed batch gives its slot back, so a batch waiting for that slot is not sent.
 */
import { settleAcks } from './batch-sender.js';
import type { BatchReport } from './batch-sender.js';
import { HecError } from './hec-error.js';
import { emptyResult } from './send-result.js';
import type { SendProgress, SendResult } from './send-result.js';
import type { SendContext } from './send-context.js';

export class SendRun {
  readonly result: SendResult = emptyResult();
  private readonly tasks = new Set<Promise<void>>();
  private stopError: HecError | undefined;

  constructor(
    private readonly ctx: SendContext,
    private readonly onProgress: ((progress: SendProgress) => void) | undefined,
  ) {}

  /** Set when the run stopped early; the producer should stop producing. */
  get stopped(): HecError | undefined {
    return this.stopError;
  }

  sourceBytes(bytes: number): void {
    this.result.sourceBytes = bytes;
  }

  /** Sends one batch (events `index` to `index + count - 1` of the run) once a slot is free. */
  async submit(send: () => Promise<BatchReport>, index: number, count: number): Promise<void> {
    await this.ctx.slots.acquire();
    if (this.stopError !== undefined) {
      this.ctx.slots.release();
      this.skipped(index, count);
      return;
    }
    this.result.requests++;
    const task = (async () => {
      let report: BatchReport;
      try {
        report = await send();
        for (const rejection of report.rejected) this.noteStop(rejection.error);
      } finally {
        this.ctx.slots.release();
      }
      this.tally(await settleAcks(this.ctx, report));
    })();
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
  }

  /** Records the events a stopped run did not send. */
  skipped(index: number, count: number): void {
    const cause = this.stopError;
    if (cause === undefined) return;
    const error = new HecError(`not sent: the send stopped after ${cause.message}`, { kind: 'aborted', cause });
    this.result.rejections.push({ index, count, error });
    this.result.failed += count;
  }

  async finish(): Promise<SendResult> {
    while (this.tasks.size > 0) await Promise.all([...this.tasks]);
    this.result.rejections.sort((a, b) => a.index - b.index);
    return this.result;
  }

  private noteStop(error: HecError): void {
    // A bad key fails every batch; a retryable error that outlived its retries means the endpoint is down.
    if (this.stopError === undefined && (error.failsEveryRequest || error.retryable)) this.stopError = error;
  }

  private tally(report: BatchReport): void {
    const { result } = this;
    result.events += report.accepted;
    result.bytes += report.acceptedBytes;
    for (const rejection of report.rejected) {
      result.rejections.push(rejection);
      result.failed += rejection.count;
      this.noteStop(rejection.error);
    }
    if (this.onProgress !== undefined) this.onProgress({ ...progressOf(result) });
  }
}

function progressOf(result: SendResult): SendProgress {
  return {
    events: result.events,
    bytes: result.bytes,
    failed: result.failed,
    ...(result.sourceBytes === undefined ? {} : { sourceBytes: result.sourceBytes }),
  };
}
