/**
 * Indexer acknowledgement (protocol reference §7): batches wait here until `/services/collector/ack`
 * reports their ackId true. One poll asks for every pending id of the channel at once; the timer runs
 * only while something is pending, so an idle sender holds no timer.
 */
import { HecError } from './hec-error.js';
import { parseAnswer } from './hec-answer.js';
import { headersFor } from './request-sender.js';
import type { SendContext } from './send-context.js';

interface Pending {
  resolve: () => void;
  reject: (error: HecError) => void;
  deadline: number;
}

export class AckPoller {
  private readonly pending = new Map<number, Pending>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ctx: SendContext | undefined;

  /** The poller needs the context that owns it; set once by the sender. */
  attach(ctx: SendContext): void {
    this.ctx = ctx;
  }

  wait(ackId: number): Promise<void> {
    const ctx = this.ctx;
    if (ctx === undefined) throw new Error('AckPoller used before attach()');
    return new Promise((resolve, reject) => {
      this.pending.set(ackId, { resolve, reject, deadline: Date.now() + ctx.options.ackTimeoutMs });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer !== undefined || this.pending.size === 0 || this.ctx === undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.poll().finally(() => this.schedule());
    }, this.ctx.options.ackPollMs);
  }

  private async poll(): Promise<void> {
    const ctx = this.ctx;
    if (ctx === undefined) return;
    const ids = [...this.pending.keys()];
    try {
      const response = await ctx.transport.request({
        method: 'POST',
        url: `${ctx.options.baseUrl}/services/collector/ack`,
        headers: headersFor(ctx, 'application/json'),
        body: Buffer.from(JSON.stringify({ acks: ids })),
        timeoutMs: ctx.options.timeoutMs,
      });
      const acks = parseAnswer(response.text).acks ?? {};
      if (response.status !== 200) ctx.log('warn', `ack poll answered ${response.status}: ${response.text.slice(0, 200)}`);
      for (const id of ids) {
        if (acks[String(id)] === true) {
          this.pending.get(id)?.resolve();
          this.pending.delete(id);
        }
      }
    } catch (error) {
      // A failed poll is retried at the next tick; only the deadline fails a batch.
      ctx.log('debug', `ack poll failed: ${(error as Error).message}`);
    }
    const now = Date.now();
    for (const [id, entry] of this.pending) {
      if (now >= entry.deadline) {
        this.pending.delete(id);
        entry.reject(new HecError(`ackId ${id} was not acknowledged within ${ctx.options.ackTimeoutMs} ms`, { kind: 'ack-timeout' }));
      }
    }
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const [id, entry] of this.pending) {
      entry.reject(new HecError(`sender closed before ackId ${id} was acknowledged`, { kind: 'aborted' }));
    }
    this.pending.clear();
  }
}
