/**
 * A small HTTP forward proxy for the SDK's proxy tests, on a loopback port: an absolute-form request
 * (`POST http://host:port/path`) is forwarded to its target, `CONNECT host:port` opens a TCP tunnel.
 * With credentials set it answers 407 to anything without the matching Basic Proxy-Authorization. It
 * records what it was asked, and a test may answer a request itself (`intercept`) instead.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';

export interface ProxiedRequest {
  /** `CONNECT` or the forwarded request's method. */
  method: string;
  /** `host:port` for CONNECT, the absolute URL otherwise. */
  target: string;
  authorization: string | undefined;
}

export interface ForwardProxy {
  /** `http://127.0.0.1:<port>`, without credentials. */
  readonly url: string;
  readonly port: number;
  readonly seen: ProxiedRequest[];
  close(): Promise<void>;
}

export interface ForwardProxyOptions {
  user?: string;
  password?: string;
  /** Answers a forwarded request in the proxy's place (status and body), or undefined to forward it. */
  intercept?: (request: ProxiedRequest, index: number) => { status: number; body: string } | undefined;
}

export async function forwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const seen: ProxiedRequest[] = [];
  const sockets = new Set<net.Socket>();
  const expected = options.user === undefined ? undefined : `Basic ${Buffer.from(`${options.user}:${options.password ?? ''}`).toString('base64')}`;
  const authorized = (header: string | undefined) => expected === undefined || header === expected;

  const server = http.createServer((req, res) => {
    const request = { method: req.method ?? '', target: req.url ?? '', authorization: req.headers['proxy-authorization'] };
    seen.push(request);
    if (!authorized(request.authorization)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"', 'content-type': 'text/plain' }).end('proxy credentials required');
      return;
    }
    const answer = options.intercept?.(request, seen.length - 1);
    if (answer !== undefined) {
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      return;
    }
    const target = new URL(request.target);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = http.request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });

  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const request = { method: 'CONNECT', target: req.url ?? '', authorization: req.headers['proxy-authorization'] };
    seen.push(request);
    sockets.add(client);
    client.on('error', () => client.destroy());
    if (!authorized(request.authorization)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = [request.target.slice(0, request.target.lastIndexOf(':')), Number(request.target.slice(request.target.lastIndexOf(':') + 1))];
    const upstream = net.connect(port, host.replace(/^\[(.*)\]$/, '$1'), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
