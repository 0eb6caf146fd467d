/**
 * Hecate's query jobs (`/api/v1/queryjobs`, in the shape of LogScale's): what a job is started with,
 * what a poll answers, and how `HecateClient.queryJob` paces its polls.
 */
import type { SearchEvent } from './hecate-client.js';

export interface QueryJobOptions {
  /** Relative (`15m`, `24h`, `7d`) or epoch ms. Server default `24h`. */
  start?: string | number;
  /** Relative, `now` or epoch ms. Server default now; a live job always ends now. */
  end?: string | number;
  /** Re-run over a window that moves with time; such a job is never done. Default false. */
  isLive?: boolean;
  /** Most events (or aggregate rows) the job keeps, 1–10,000. Server default 200. */
  limit?: number;
}

export interface QueryJobMetaData {
  eventCount: number;
  processedEvents: number;
  processedBytes: number;
  timeMillis: number;
  isAggregate: boolean;
  fieldNames: string[];
  /** The job's work in steps (time slices): `workDone` of `totalWork` is its progress. */
  totalWork: number;
  workDone: number;
  queryStart?: number;
  queryEnd?: number;
  isLive?: boolean;
  resultBufferSize?: number;
  /** `hasMoreEvents` when the limit cut the results; `note` says what the results lack and why. */
  extraData?: { hasMoreEvents?: 'true'; note?: string };
}

/** A poll's answer: the results so far, final once `done`. `cancelled` means the job hit its time limit. */
export interface QueryJobPoll {
  done: boolean;
  cancelled: boolean;
  events: SearchEvent[];
  metaData: QueryJobMetaData;
}

export interface RunQueryJobOptions extends QueryJobOptions {
  /** Called with every poll's answer (the last one is done) and the job's id. */
  onProgress?: (poll: QueryJobPoll, jobId: string) => void;
  /** Aborting stops polling, deletes the job on the server and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Wait before the second poll, in ms; it doubles at each poll up to `maxPollMs`. Default 50. */
  pollMs?: number;
  /** Longest wait between polls, in ms. Default 1000. */
  maxPollMs?: number;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
