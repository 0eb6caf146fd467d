/**
 * An https agent whose connections go through an HTTP proxy's CONNECT tunnel: for each new socket it
 * asks the proxy for `CONNECT host:port` (with Proxy-Authorization when the proxy URL had
 * credentials), then runs TLS to the target over the tunnel, so the proxy sees only the target's name
 * and ciphertext, and the target's certificate is checked as on a direct connection (`ca`,
 * `insecure`). Tunnels are pooled and kept alive like direct sockets.
 *
 * A CONNECT answered with anything but 2xx fails the request with a HecError of kind `http` carrying
 * the proxy's status, so 407 (bad proxy credentials) and 403 are final and 502/503/504 are retried,
 * as the same answers from the endpoint would be.
 */
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { HecError } from './hec-error.js';
import type { ProxyServer } from './proxy-settings.js';

type ConnectCallback = (err: Error | null, stream: Duplex) => void;

export class ProxyTunnelAgent extends https.Agent {
  constructor(
    private readonly proxy: ProxyServer,
    options: https.AgentOptions,
  ) {
    super(options);
  }

  override createConnection(options: https.RequestOptions, callback?: ConnectCallback): undefined {
    const host = options.hostname ?? options.host ?? 'localhost';
    const authority = `${host.includes(':') ? `[${host}]` : host}:${options.port ?? 443}`;
    const headers: Record<string, string> = { host: authority };
    if (this.proxy.authorization !== undefined) headers['proxy-authorization'] = this.proxy.authorization;
    const connect = http.request({ host: this.proxy.host, port: this.proxy.port, method: 'CONNECT', path: authority, headers, agent: false });
    const fail = (error: Error) => callback?.(error, undefined as unknown as Duplex);
    const timeoutMs = options.timeout;
    if (timeoutMs !== undefined) {
      connect.setTimeout(timeoutMs, () => {
        connect.destroy(new HecError(`the proxy ${this.proxy.label} did not open a tunnel to ${authority} within ${timeoutMs} ms`, { kind: 'timeout' }));
      });
    }
    connect.once('error', (cause: Error) => {
      fail(cause instanceof HecError ? cause : new HecError(`connection to the proxy ${this.proxy.label} failed: ${cause.message}`, { kind: 'network', cause }));
    });
    connect.once('connect', (res, socket, head) => {
      connect.setTimeout(0);
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        socket.destroy();
        fail(new HecError(`the proxy ${this.proxy.label} answered ${status} ${res.statusMessage ?? ''} to CONNECT ${authority}`.trimEnd(), { kind: 'http', status }));
        return;
      }
      if (head.length > 0) socket.unshift(head);
      // The options are the request's merged with the agent's: host, port, servername, ca, rejectUnauthorized.
      const secure = tls.connect({ ...(options as tls.ConnectionOptions), socket });
      callback?.(null, secure);
    });
    connect.end();
    return undefined;
  }
}
