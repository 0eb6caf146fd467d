/**
 * Delivers one batch (JSON envelopes or a raw chunk) and reports what was stored.
 *
 * - 413: the batch is split in halves, each sent on its own (a single envelope that is still too big
 *   is rejected).
 * - 400 with `invalid-event-number` n (JSON only, §4.6): envelopes 0..n-1 were stored; envelope n is
 *   rejected and reported; the rest is sent again as a new batch. Code 7 counts from 1 (a splunkd quirk
 *   Hecate reproduces), so there the bad envelope is n-1.
 * - any other final error rejects the whole batch.
 * Derived batches get derived request ids (`<id>-a`, `<id>-r5`), so they stay idempotent too.
 * With `useAck`, accepted requests carry an ackId; `settleAcks` waits for them after the request slot
 * is released, so acknowledgement latency does not throttle sending.
 */
import { HecCode } from '@hecate/hec';
import type { EncodedBatch } from './encoded-batch.js';
import { HecError } from './hec-error.js';
import { postWithRetry } from './request-sender.js';
import type { Rejection } from './send-result.js';
import type { SendContext } from './send-context.js';

export interface BatchReport {
  accepted: number;
  acceptedBytes: number;
  rejected: Rejection[];
  /** ackIds to confirm, with the events and bytes each covers. */
  pendingAcks: Array<{ ackId: number; events: number; bytes: number; index: number }>;
}

const NEWLINE = 0x0a;

function emptyReport(): BatchReport {
  return { accepted: 0, acceptedBytes: 0, rejected: [], pendingAcks: [] };
}

function merge(into: BatchReport, from: BatchReport): BatchReport {
  into.accepted += from.accepted;
  into.acceptedBytes += from.acceptedBytes;
  into.rejected.push(...from.rejected);
  into.pendingAcks.push(...from.pendingAcks);
  return into;
}

function accepted(ctx: SendContext, ackId: number | undefined, events: number, bytes: number, index: number): BatchReport {
  const report = emptyReport();
  if (ctx.acks !== undefined && typeof ackId === 'number') report.pendingAcks.push({ ackId, events, bytes, index });
  else {
    report.accepted = events;
    report.acceptedBytes = bytes;
  }
  return report;
}

function asHecError(error: unknown): HecError {
  if (error instanceof HecError) return error;
  return new HecError((error as Error).message, { kind: 'network', cause: error });
}

/** Sends a batch of envelopes (compact JSON texts); `offset` is the position of its first in the whole send. */
export async function sendJsonBatch(ctx: SendContext, batch: EncodedBatch, offset: number, requestId: string): Promise<BatchReport> {
  const body = batch.envelopes();
  try {
    const answer = await postWithRetry(ctx, { path: '/services/collector/event', query: {}, body, contentType: 'application/json', requestId });
    return accepted(ctx, answer.ackId, batch.count, body.length, offset);
  } catch (caught) {
    const error = asHecError(caught);
    const count = batch.count;
    if (error.status === 413 && count > 1) {
      const half = Math.ceil(count / 2);
      ctx.log('debug', `${requestId}: 413, splitting ${count} envelopes`);
      const first = await sendJsonBatch(ctx, batch.slice(0, half), offset, `${requestId}-a`);
      return merge(first, await sendJsonBatch(ctx, batch.slice(half), offset + half, `${requestId}-b`));
    }
    const position = error.invalidEventNumber;
    if (error.status === 400 && position !== undefined) {
      const bad = Math.min(count - 1, Math.max(0, error.code === HecCode.IncorrectIndex ? position - 1 : position));
      const report = accepted(ctx, undefined, bad, batch.slice(0, bad).envelopes().length, offset);
      report.rejected.push({ index: offset + bad, count: 1, error });
      ctx.log('warn', `${requestId}: event ${offset + bad} rejected: ${error.message}; resending the ${count - bad - 1} after it`);
      if (bad + 1 === count) return report;
      return merge(report, await sendJsonBatch(ctx, batch.slice(bad + 1), offset + bad + 1, `${requestId}-r${bad + 1}`));
    }
    return { ...emptyReport(), rejected: [{ index: offset, count, error }] };
  }
}

/** Counts the events of a raw chunk: its lines (a last line without a newline counts too). */
export function countLines(chunk: Uint8Array): number {
  let lines = 0;
  for (let i = 0; i < chunk.length; i++) if (chunk[i] === NEWLINE) lines++;
  if (chunk.length > 0 && chunk[chunk.length - 1] !== NEWLINE) lines++;
  return lines;
}

/** Sends newline-aligned raw text; `offset` is the line number of its first line in the whole send. */
export async function sendRawChunk(ctx: SendContext, chunk: Buffer, offset: number, requestId: string, lines = countLines(chunk)): Promise<BatchReport> {
  const { metadata } = ctx.options;
  const query: Record<string, string> = {};
  for (const key of ['host', 'source', 'sourcetype', 'index'] as const) {
    const value = metadata[key];
    if (value !== undefined) query[key] = value;
  }
  try {
    const answer = await postWithRetry(ctx, { path: '/services/collector/raw', query, body: chunk, contentType: 'text/plain', requestId });
    return accepted(ctx, answer.ackId, lines, chunk.length, offset);
  } catch (caught) {
    const error = asHecError(caught);
    const middle = chunk.lastIndexOf(NEWLINE, Math.floor(chunk.length / 2));
    if (error.status === 413 && middle > 0 && middle < chunk.length - 1) {
      const head = chunk.subarray(0, middle + 1);
      const headLines = countLines(head);
      const first = await sendRawChunk(ctx, head, offset, `${requestId}-a`, headLines);
      return merge(first, await sendRawChunk(ctx, chunk.subarray(middle + 1), offset + headLines, `${requestId}-b`, lines - headLines));
    }
    return { ...emptyReport(), rejected: [{ index: offset, count: lines, error }] };
  }
}

/** Waits for a report's ackIds; events whose ack never reads true become rejections. */
export async function settleAcks(ctx: SendContext, report: BatchReport): Promise<BatchReport> {
  if (report.pendingAcks.length === 0 || ctx.acks === undefined) return report;
  const acks = ctx.acks;
  const settled: BatchReport = { ...report, rejected: [...report.rejected], pendingAcks: [] };
  await Promise.all(
    report.pendingAcks.map(async (pending) => {
      try {
        await acks.wait(pending.ackId);
        settled.accepted += pending.events;
        settled.acceptedBytes += pending.bytes;
      } catch (error) {
        settled.rejected.push({ index: pending.index, count: pending.events, error: asHecError(error) });
      }
    }),
  );
  return settled;
}
