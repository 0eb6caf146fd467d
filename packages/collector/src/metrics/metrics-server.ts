/**
 * The `/metrics` endpoint: a plain HTTP listener that answers `GET /metrics` with the Prometheus
 * text rendered at that moment, 404 elsewhere and 405 for other methods. It stays up while the
 * sinks drain at shutdown, so the last figures can still be scraped, and closes last.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsConfig } from './config.js';
import { CONTENT_TYPE } from './prometheus-text.js';

export interface MetricsServer {
  /** e.g. http://127.0.0.1:9464/metrics */
  readonly url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(config: MetricsConfig & { port: number }, render: () => string): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: the collector serves /metrics only\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed: use GET\n');
      return;
    }
    const body = Buffer.from(render());
    res.writeHead(200, { 'content-type': CONTENT_TYPE, 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  server.keepAliveTimeout = 5_000;
  server.listen({ port: config.port, host: config.bind });
  try {
    await once(server, 'listening'); // rejects on 'error' (port taken, address not local)
  } catch (error) {
    throw new Error(`metrics: cannot listen on ${config.bind}:${config.port} (${(error as Error).message}); change metrics.port or metrics.bind`);
  }
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
