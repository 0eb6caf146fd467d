/**
 * Transport on the global `fetch`, for runtimes other than Node (Deno, Bun, browsers, workers). TLS
 * trust is the runtime's own: `ca` and `insecure` are not available here.
 */
import { HecError } from './hec-error.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

export function fetchTransport(): Transport {
  return {
    async request(req: TransportRequest): Promise<TransportResponse> {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), req.timeoutMs);
      try {
        const response = await fetch(req.url, {
          method: req.method,
          headers: req.headers,
          ...(req.body === undefined ? {} : { body: req.body }),
          signal: controller.signal,
        });
        const text = await response.text();
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          headers[name] = value;
        });
        return { status: response.status, headers, text };
      } catch (cause) {
        if (controller.signal.aborted) throw new HecError(`no answer within ${req.timeoutMs} ms`, { kind: 'timeout', cause });
        throw new HecError(`connection failed: ${(cause as Error).message}`, { kind: 'network', cause });
      } finally {
        clearTimeout(timer);
      }
    },
    close() {
      // fetch owns its connection pool; nothing to release.
    },
  };
}
