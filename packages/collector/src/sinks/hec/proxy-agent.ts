/**
 * Agents that reach the HEC endpoint through an HTTP proxy, without a dependency.
 * - https targets: each connection is a CONNECT tunnel, then TLS to the target inside it, so the
 *   proxy sees only host and port and the server certificate is checked as on a direct connection.
 * - http targets: connections go to the proxy and requests use the absolute form
 *   (`POST http://host:port/services/collector`); `send` does that when the agent is a ForwardingAgent.
 * Both keep connections alive like the direct agents. Error messages name the proxy by its
 * `display` form, never with its credentials.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import type { ProxyTarget } from './proxy.js';

const CONNECT_TIMEOUT_MS = 30_000;
/** A CONNECT answer longer than this is not a proxy talking. */
const MAX_CONNECT_ANSWER = 16 * 1024;

type Callback = (err: Error | null, stream: Duplex) => void;

export class TunnelingAgent extends https.Agent {
  constructor(
    options: https.AgentOptions,
    readonly proxy: ProxyTarget,
  ) {
    super(options);
  }

  override createConnection(options: https.RequestOptions, callback?: Callback): Duplex | null | undefined {
    const host = options.host ?? options.hostname ?? 'localhost';
    const port = Number(options.port ?? 443);
    openTunnel(this.proxy, host, port).then(
      (socket) => {
        // The agent's options (ca, rejectUnauthorized, servername) are merged into `options` by Node.
        callback?.(null, tls.connect({ ...(options as tls.ConnectionOptions), socket }));
      },
      (error: Error) => callback?.(error, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

export class ForwardingAgent extends http.Agent {
  constructor(
    options: http.AgentOptions,
    readonly proxy: ProxyTarget,
  ) {
    super(options);
  }

  override createConnection(): Duplex {
    return net.connect({ host: this.proxy.host, port: this.proxy.port });
  }
}

/** A TCP connection to host:port through the proxy (CONNECT answered 2xx), ready for TLS. */
export function openTunnel(proxy: ProxyTarget, host: string, port: number): Promise<net.Socket> {
  const authority = net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: proxy.host, port: proxy.port });
    let answer = Buffer.alloc(0);
    const done = (error?: Error): void => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      socket.setTimeout(0);
      if (error === undefined) return resolve(socket);
      socket.destroy();
      reject(error);
    };
    const onError = (error: Error): void => done(new Error(`proxy ${proxy.display}: ${error.message}`));
    const onClose = (): void => done(new Error(`proxy ${proxy.display} closed the connection before answering CONNECT ${authority}`));
    const onData = (chunk: Buffer): void => {
      answer = Buffer.concat([answer, chunk]);
      const end = answer.indexOf('\r\n\r\n');
      if (end < 0) {
        if (answer.length > MAX_CONNECT_ANSWER) done(new Error(`proxy ${proxy.display}: CONNECT answer too long`));
        return;
      }
      const statusLine = answer.toString('latin1', 0, answer.indexOf('\r\n'));
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
      if (status < 200 || status > 299) {
        const hint = status === 407 ? ' (check the user and password in the proxy URL)' : '';
        return done(new Error(`proxy ${proxy.display} refused CONNECT ${authority}: ${statusLine}${hint}`));
      }
      // Stop reading before TLS takes the socket over; a proxy has nothing to say after its answer.
      socket.pause();
      const rest = answer.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      done();
    };
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => done(new Error(`proxy ${proxy.display}: no answer to CONNECT ${authority} within ${CONNECT_TIMEOUT_MS} ms`)));
    socket.once('connect', () => {
      const auth = proxy.authorization === undefined ? '' : `Proxy-Authorization: ${proxy.authorization}\r\n`;
      socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`);
    });
  });
}
