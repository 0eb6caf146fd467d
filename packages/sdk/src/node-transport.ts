/**
 * Transport on node:http/https: keep-alive agent sized to the concurrency, custom CA and insecure TLS
 * (which global fetch cannot take without undici). `close()` destroys the agent, and idle keep-alive
 * sockets are unref'd by Node, so a finished sender never holds the process open.
 */
import http from 'node:http';
import https from 'node:https';
import { HecError } from './hec-error.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

export interface NodeTransportOptions {
  maxSockets: number;
  ca?: string | Buffer | Array<string | Buffer>;
  insecure: boolean;
}

export function nodeTransport(options: NodeTransportOptions): Transport {
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets });
  const httpsAgent = new https.Agent({
    keepAlive: true,
    maxSockets: options.maxSockets,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    rejectUnauthorized: !options.insecure,
  });

  const request = (req: TransportRequest): Promise<TransportResponse> =>
    new Promise((resolve, reject) => {
      const url = new URL(req.url);
      const secure = url.protocol === 'https:';
      const headers: Record<string, string | number> = { ...req.headers };
      if (req.body !== undefined) headers['content-length'] = req.body.byteLength;
      const clientRequest = (secure ? https : http).request(
        url,
        { method: req.method, headers, agent: secure ? httpsAgent : httpAgent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (cause: Error) => reject(new HecError(`connection failed: ${cause.message}`, { kind: 'network', cause })));
          res.on('end', () => {
            const out: Record<string, string> = {};
            for (const [name, value] of Object.entries(res.headers)) {
              if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
            }
            resolve({ status: res.statusCode ?? 0, headers: out, text: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      clientRequest.setTimeout(req.timeoutMs, () => {
        clientRequest.destroy(new HecError(`no answer within ${req.timeoutMs} ms`, { kind: 'timeout' }));
      });
      clientRequest.on('error', (cause: Error) => {
        reject(cause instanceof HecError ? cause : new HecError(`connection failed: ${cause.message}`, { kind: 'network', cause }));
      });
      clientRequest.end(req.body);
    });

  return {
    request,
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
