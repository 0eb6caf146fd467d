/**
 * Search client for Hecate's management API (`POST /api/v1/search`). Uses the global fetch: it runs
 * anywhere, and search needs no custom TLS agent in the common case.
 */

export interface HecateClientOptions {
  /** Hecate base URL, e.g. `http://127.0.0.1:8088`. */
  url: string;
  /** A session token (`POST /api/v1/auth/login`) or API token; sent as `Authorization: Bearer`. */
  token: string;
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
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
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

  private async call<T>(method: string, path: string, body: unknown): Promise<T> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
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
