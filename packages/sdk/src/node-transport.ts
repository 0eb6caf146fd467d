/**
 * Transport on node:http/https: keep-alive agent sized to the concurrency, custom CA and insecure TLS
 * (which global fetch cannot take without undici), and HTTP proxies (`proxy-settings.ts`): an http
 * target is asked for in absolute form (`POST http://host/path`) on a keep-alive connection to the
 * proxy; an https target through a CONNECT tunnel (`proxy-tunnel-agent.ts`). `close()` destroys the
 * agents, and idle keep-alive sockets are unref'd by Node, so a finished sender never holds the
 * process open.
 */
import http from 'node:http';
import https from 'node:https';
import { HecError } from './hec-error.js';
import { proxyFor } from './proxy-settings.js';
import type { ProxyServer, ProxySettings } from './proxy-settings.js';
import { ProxyTunnelAgent } from './proxy-tunnel-agent.js';
import type { Log } from './redacting-logger.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

export interface NodeTransportOptions {
  maxSockets: number;
  ca?: string | Buffer | Array<string | Buffer>;
  insecure: boolean;
  proxy?: ProxySettings | undefined;
  log?: Log;
}

export function nodeTransport(options: NodeTransportOptions): Transport {
  const tlsOptions: https.AgentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets,
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    rejectUnauthorized: !options.insecure,
  };
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets });
  const httpsAgent = new https.Agent(tlsOptions);
  // One agent per proxy and scheme, made when first needed.
  const proxyAgents = new Map<string, http.Agent>();
  const routes = new Map<string, ProxyServer | undefined>();

  /** The proxy for this origin; the choice is logged once per origin (the logger redacts credentials). */
  const route = (url: URL): ProxyServer | undefined => {
    if (routes.has(url.origin)) return routes.get(url.origin);
    const proxy = proxyFor(options.proxy, url);
    routes.set(url.origin, proxy);
    if (options.proxy !== undefined) options.log?.('debug', `${url.origin}: ${proxy === undefined ? 'direct (no_proxy)' : `through the proxy ${proxy.label}`}`);
    return proxy;
  };

  const agentFor = (proxy: ProxyServer, secure: boolean): http.Agent => {
    const key = `${secure ? 'tunnel' : 'forward'} ${proxy.label}`;
    let agent = proxyAgents.get(key);
    if (agent === undefined) {
      agent = secure ? new ProxyTunnelAgent(proxy, tlsOptions) : new http.Agent({ keepAlive: true, maxSockets: options.maxSockets });
      proxyAgents.set(key, agent);
    }
    return agent;
  };

  const request = (req: TransportRequest): Promise<TransportResponse> =>
    new Promise((resolve, reject) => {
      const url = new URL(req.url);
      const secure = url.protocol === 'https:';
      const headers: Record<string, string | number> = { ...req.headers };
      if (req.body !== undefined) headers['content-length'] = req.body.byteLength;
      const proxy = route(url);
      const onResponse = (res: http.IncomingMessage) => {
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
      };
      let clientRequest: http.ClientRequest;
      if (proxy === undefined) {
        clientRequest = (secure ? https : http).request(url, { method: req.method, headers, agent: secure ? httpsAgent : httpAgent }, onResponse);
      } else if (secure) {
        // `timeout` reaches the tunnel agent, which bounds the CONNECT with it.
        clientRequest = https.request(url, { method: req.method, headers, agent: agentFor(proxy, true), timeout: req.timeoutMs }, onResponse);
      } else {
        headers.host = url.host;
        if (proxy.authorization !== undefined) headers['proxy-authorization'] = proxy.authorization;
        const target = { host: proxy.host, port: proxy.port, path: url.href, method: req.method, headers, agent: agentFor(proxy, false) };
        clientRequest = http.request(target, onResponse);
      }
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
      for (const agent of proxyAgents.values()) agent.destroy();
    },
  };
}
