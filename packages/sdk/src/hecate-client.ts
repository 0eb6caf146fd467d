/**
 * Client for Hecate's management API: one-shot search (`POST /api/v1/search`) and query jobs
 * (`/api/v1/queryjobs`: start, poll, cancel, or `queryJob` to poll one to the end). Uses the global
 * fetch: it runs anywhere, and search needs no custom TLS agent in the common case.
 */
import { pause } from './query-job.js';
import type { QueryJobOptions, QueryJobPoll, RunQueryJobOptions } from './query-job.js';

export interface HecateClientOptions {
  /** Hecate base URL, e.g. `http://127.0.0.1:8088`. */
  url: string;
  /** A session token (`POST /api/v1/auth/login`) or API token; sent as `Authorization: Bearer`. */
  token: string;
  /** Per API call, in ms. Default 60 000. */
  timeoutMs?: number;
}

export interface SearchQueryOptions {
  /** Relative (`15m`, `24h`, `7d`) or epoch ms. Default `24h`. */
  start?: string | number;
  /** Relative or epoch ms. Default now. */
  end?: string | number;
  /** Most events to return. */
  limit?: number;
}

export type SearchEvent = Record<string, unknown> & { '@timestamp'?: unknown; '@rawstring'?: string };

export interface SearchAnswer {
  events: SearchEvent[];
  meta?: { eventCount?: number; truncated?: boolean; timeMillis?: number };
}

export class HecateApiError extends Error {
  override readonly name = 'HecateApiError';
  /** The API's stable error code (`QUERY_SYNTAX`, `NOT_FOUND`, …), when the answer had one. */
  readonly code: string | undefined;
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
    const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
    this.code = typeof code === 'string' ? code : undefined;
  }
}

export class HecateClient {
  private readonly baseUrl: string;
  private readonly token: string;
  private readonly timeoutMs: number;

  constructor(options: HecateClientOptions) {
    this.baseUrl = options.url.replace(/\/+$/, '');
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  async search(query: string, options: SearchQueryOptions = {}): Promise<SearchAnswer> {
    return this.call<SearchAnswer>('POST', '/api/v1/search', {
      query,
      start: options.start ?? '24h',
      ...(options.end === undefined ? {} : { end: options.end }),
      ...(options.limit === undefined ? {} : { limit: options.limit }),
    });
  }

  /** Starts a query job and resolves its id. A malformed query rejects here (400 `QUERY_SYNTAX`), never in a poll. */
  async startQueryJob(query: string, options: QueryJobOptions = {}): Promise<string> {
    const body: Record<string, unknown> = { queryString: query };
    for (const key of ['start', 'end', 'isLive', 'limit'] as const) if (options[key] !== undefined) body[key] = options[key];
    const { id } = await this.call<{ id: string }>('POST', '/api/v1/queryjobs', body);
    return id;
  }

  /** The job's results so far (final once `done`). A job not polled for 90 s is forgotten: then 404 `NOT_FOUND`. */
  pollQueryJob(id: string, signal?: AbortSignal): Promise<QueryJobPoll> {
    return this.call<QueryJobPoll>('GET', `/api/v1/queryjobs/${encodeURIComponent(id)}`, undefined, signal);
  }

  /** Stops the job on the server and forgets it. */
  async cancelQueryJob(id: string): Promise<void> {
    await this.call('DELETE', `/api/v1/queryjobs/${encodeURIComponent(id)}`, undefined);
  }

  /**
   * Runs a query job: starts it, polls it (waiting `pollMs`, doubling up to `maxPollMs`, between polls)
   * until it is done, and resolves the final answer. `onProgress` sees every poll. However it ends —
   * done, aborted through `signal`, or failed — the job is then deleted on the server. A live job is
   * never done: it is polled until the signal aborts.
   */
  async queryJob(query: string, options: RunQueryJobOptions = {}): Promise<QueryJobPoll> {
    const { signal, onProgress } = options;
    signal?.throwIfAborted();
    // Not aborted halfway: once the server has made the job, its id is needed to delete it.
    const id = await this.startQueryJob(query, options);
    let wait = options.pollMs ?? 50;
    const maxWait = options.maxPollMs ?? 1000;
    try {
      for (;;) {
        signal?.throwIfAborted();
        const poll = await this.pollQueryJob(id, signal);
        onProgress?.(poll, id);
        if (poll.done) return poll;
        await pause(wait, signal);
        wait = Math.min(maxWait, wait * 2);
      }
    } finally {
      // The results are in hand (or no longer wanted): free the server's copy now rather than at expiry.
      await this.cancelQueryJob(id).catch(() => undefined);
    }
  }

  private async call<T>(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      parsed = text;
    }
    if (!response.ok) {
      const message = (parsed as { error?: { message?: string }; message?: string } | undefined)?.error?.message ?? text.slice(0, 200);
      throw new HecateApiError(`${method} ${path} answered ${response.status}: ${message}`, response.status, parsed);
    }
    return parsed as T;
  }
}
